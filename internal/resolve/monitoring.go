package resolve

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Namespaces where the monitoring stacks run whose Prometheus scrapes the
// telemetry port when spec.security.monitoringNamespaceSelector is unset.
var (
	// OpenShiftMonitoringNamespaces: the platform's and the user workload
	// monitoring, which scrapes PodMonitors in user namespaces.
	OpenShiftMonitoringNamespaces = []string{"openshift-monitoring", "openshift-user-workload-monitoring"}
	// DefaultMonitoringNamespaces: where kube-prometheus, the
	// kube-prometheus-stack chart and the Prometheus community chart are
	// usually installed. Elsewhere, set the selector (docs/monitoring.md).
	DefaultMonitoringNamespaces = []string{"monitoring", "kube-prometheus-stack", "prometheus", "observability"}
)

// DashboardLabels select the dashboard ConfigMap for Grafana's sidecar
// when spec.monitoring.dashboard.labels is unset.
var DashboardLabels = map[string]string{"grafana_dashboard": "1"}

// resolveMonitoring decides whether the monitoring objects are made.
func (in *Instance) resolveMonitoring() {
	enabled := in.Spec.Monitoring.Enabled
	asked := enabled == nil || *enabled
	in.Monitored = asked && in.Facts.MonitoringAPI
	in.MonitoringAPIMissing = enabled != nil && *enabled && !in.Facts.MonitoringAPI
}

// AlertsEnabled reports whether the PrometheusRule is made.
func (in *Instance) AlertsEnabled() bool { return in.Monitored && *in.Spec.Monitoring.Alerts.Enabled }

// DashboardEnabled reports whether the dashboard ConfigMap is made.
func (in *Instance) DashboardEnabled() bool {
	return in.Monitored && *in.Spec.Monitoring.Dashboard.Enabled
}

// MonitoringNamespaceSelector selects the namespaces admitted to the
// telemetry port: the spec's, else the platform's monitoring namespaces.
func (in *Instance) MonitoringNamespaceSelector() *metav1.LabelSelector {
	if sel := in.Spec.Security.MonitoringNamespaceSelector; sel != nil {
		return sel.DeepCopy()
	}
	names := DefaultMonitoringNamespaces
	if in.Facts.IsOpenShift() {
		names = OpenShiftMonitoringNamespaces
	}
	return &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{
		Key: corev1.LabelMetadataName, Operator: metav1.LabelSelectorOpIn, Values: append([]string(nil), names...),
	}}}
}
