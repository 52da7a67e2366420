package v1alpha1

// MonitoringSpec configures how Prometheus watches this SFTPGo through the
// prometheus-operator API (monitoring.coreos.com/v1, which OpenShift always
// serves): a PodMonitor scraping SFTPGo's telemetry /metrics on every pod,
// a PrometheusRule with alerts, and a Grafana dashboard. docs/monitoring.md
// has the alerts' runbooks.
type MonitoringSpec struct {
	// Enabled: unset creates the monitoring objects when the cluster serves
	// monitoring.coreos.com/v1 and none otherwise; true asks for them, and
	// condition Monitoring says what is missing when the cluster does not
	// serve the API; false creates none.
	// +optional
	Enabled *bool `json:"enabled,omitempty"`

	// Interval is the time between two scrapes of each pod, such as 30s or 1m.
	// +kubebuilder:default="30s"
	// +kubebuilder:validation:Pattern=`^[1-9][0-9]{0,3}(s|m)$`
	// +optional
	Interval string `json:"interval,omitempty"`

	// Alerts is the PrometheusRule `<name>`: SFTPGo down, no ready
	// replica, data provider unavailable, failed logins spiking, server
	// errors, transfer errors, restarting pods, and with spec.backup
	// failing backups.
	// +kubebuilder:default={}
	// +optional
	Alerts MonitoringAlertsSpec `json:"alerts,omitempty"`

	// Dashboard is the ConfigMap `<name>-dashboard` holding a Grafana
	// dashboard of this SFTPGo (connections, logins, transfers, errors),
	// labelled for Grafana's dashboard sidecar.
	// +kubebuilder:default={}
	// +optional
	Dashboard MonitoringDashboardSpec `json:"dashboard,omitempty"`
}

// MonitoringAlertsSpec configures the PrometheusRule.
type MonitoringAlertsSpec struct {
	// Enabled creates the PrometheusRule while monitoring is on.
	// +kubebuilder:default=true
	// +optional
	Enabled *bool `json:"enabled,omitempty"`
}

// MonitoringDashboardSpec configures the Grafana dashboard ConfigMap.
type MonitoringDashboardSpec struct {
	// Enabled creates the dashboard ConfigMap while monitoring is on.
	// +kubebuilder:default=true
	// +optional
	Enabled *bool `json:"enabled,omitempty"`

	// Labels are the ConfigMap's labels that Grafana's dashboard sidecar
	// selects ConfigMaps by. Unset: grafana_dashboard: "1", the default of
	// the kube-prometheus-stack and grafana Helm charts.
	// +kubebuilder:validation:MaxProperties=8
	// +kubebuilder:validation:XValidation:rule="self.all(k, !format.qualifiedName().validate(k).hasValue() && size(self[k]) <= 63)",message="spec.monitoring.dashboard.labels: every key must be a valid label key and every value at most 63 characters",reason=FieldValueInvalid
	// +optional
	Labels map[string]string `json:"labels,omitempty"`
}
