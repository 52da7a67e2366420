package manifests

import (
	"fmt"
	"strings"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// ComponentMonitoring labels the PodMonitor, the PrometheusRule and the
// dashboard ConfigMap.
const ComponentMonitoring = "monitoring"

// RunbookBase is where each alert's runbook section is.
const RunbookBase = "https://github.com/sftpgo-operator/sftpgo-operator/blob/main/docs/monitoring.md#"

// PodMonitor scrapes SFTPGo's telemetry /metrics on every pod of the
// instance; nil unless monitoring is on. A PodMonitor rather than a
// ServiceMonitor: each replica is its own target, and no Service is needed.
func PodMonitor(in *resolve.Instance) *monitoringv1.PodMonitor {
	if !in.Monitored {
		return nil
	}
	return &monitoringv1.PodMonitor{
		TypeMeta:   typeMeta(monitoringv1.SchemeGroupVersion.String(), monitoringv1.PodMonitorsKind),
		ObjectMeta: objectMeta(in, in.Name, ComponentMonitoring),
		Spec: monitoringv1.PodMonitorSpec{
			Selector: metav1.LabelSelector{MatchLabels: SelectorLabels(in)},
			PodMetricsEndpoints: []monitoringv1.PodMetricsEndpoint{{
				Port:     ptr.To(PortNameTelemetry),
				Path:     "/metrics",
				Interval: monitoringv1.Duration(in.Spec.Monitoring.Interval),
			}},
		},
	}
}

// ScrapeJob is the job label Prometheus gives the PodMonitor's targets
// (the prometheus-operator's default: namespace/name).
func ScrapeJob(in *resolve.Instance) string { return in.Namespace + "/" + in.Name }

// alert is one alerting rule with its runbook section in docs/monitoring.md.
type alert struct {
	// forDuration is how long the expression must hold; empty: at once.
	name, severity, forDuration string
	// expr is PromQL where {SEL} stands for the instance's series selector.
	expr, summary, description string
	// wanted tells whether the instance needs the alert; nil: every one.
	wanted func(in *resolve.Instance) bool
}

// alerts worth waking someone for, or at least a ticket. Thresholds are
// documented with each runbook.
var alerts = []alert{
	{name: "SFTPGoDown", severity: "critical", forDuration: "5m",
		expr:        `up{SEL} == 0`,
		summary:     "An SFTPGo pod does not answer scrapes.",
		description: "Pod {{ $labels.pod }} of SFTPGo {{ $labels.namespace }}/NAME has not answered on its telemetry port for 5 minutes."},
	{name: "SFTPGoNoReadyReplica", severity: "critical", forDuration: "5m",
		expr:        `(kube_deployment_status_replicas_available{KSM} == 0) and on (namespace, deployment) (kube_deployment_spec_replicas{KSM} > 0)`,
		summary:     "SFTPGo serves nobody: no replica is available.",
		description: "SFTPGo {{ $labels.namespace }}/NAME has had no available replica for 5 minutes."},
	{name: "SFTPGoReplicasMissing", severity: "warning", forDuration: "15m",
		expr:        `kube_deployment_status_replicas_available{KSM} < on (namespace, deployment) kube_deployment_spec_replicas{KSM}`,
		summary:     "SFTPGo runs with fewer replicas than asked.",
		description: "SFTPGo {{ $labels.namespace }}/NAME has had {{ $value }} available replicas, fewer than spec.replicas, for 15 minutes."},
	{name: "SFTPGoDataProviderUnavailable", severity: "critical", forDuration: "2m",
		expr:        `sftpgo_dataprovider_availability{SEL} == 0`,
		summary:     "SFTPGo cannot reach its data provider: logins fail.",
		description: "Pod {{ $labels.pod }} of SFTPGo {{ $labels.namespace }}/NAME has reported its data provider unavailable for 2 minutes."},
	{name: "SFTPGoLoginFailuresSpiking", severity: "warning", forDuration: "10m",
		expr:        `sum by (namespace) (rate(sftpgo_login_ko_total{SEL}[10m])) > 0.2 and sum by (namespace) (rate(sftpgo_login_ko_total{SEL}[10m])) > 0.5 * sum by (namespace) (rate(sftpgo_login_attempts_total{SEL}[10m]))`,
		summary:     "Most logins to SFTPGo fail: a password guessing attack, or a broken client or identity provider.",
		description: "SFTPGo {{ $labels.namespace }}/NAME has refused {{ $value | humanize }} logins a second, more than half of all attempts, for 10 minutes."},
	{name: "SFTPGoHTTPServerErrors", severity: "warning", forDuration: "10m",
		expr:        `sum by (namespace) (rate(sftpgo_http_server_errors_total{SEL}[5m])) > 0.05 * sum by (namespace) (rate(sftpgo_http_req_total{SEL}[5m]))`,
		summary:     "More than 5% of SFTPGo's web and REST requests fail with a server error.",
		description: "SFTPGo {{ $labels.namespace }}/NAME has answered more than 5% of its HTTP requests with 5xx for 10 minutes."},
	{name: "SFTPGoTransferErrors", severity: "warning", forDuration: "15m",
		expr:        `(sum by (namespace) (rate(sftpgo_upload_errors_total{SEL}[15m])) + sum by (namespace) (rate(sftpgo_download_errors_total{SEL}[15m]))) > 0.1 * (sum by (namespace) (rate(sftpgo_uploads_total{SEL}[15m])) + sum by (namespace) (rate(sftpgo_downloads_total{SEL}[15m])))`,
		summary:     "More than 10% of SFTPGo's transfers fail: a full volume, a quota, or a storage backend in trouble.",
		description: "SFTPGo {{ $labels.namespace }}/NAME has failed more than 10% of its uploads and downloads for 15 minutes."},
	{name: "SFTPGoBackupFailing", severity: "warning", forDuration: "1h",
		// The operator's own series (its ServiceMonitor, honorLabels), so
		// only where the operator is scraped; a run that has never
		// succeeded counts as failing too.
		expr:        `(sftpgo_operator_backup_last_failure_timestamp_seconds{OPERATOR} > on (namespace, name) sftpgo_operator_backup_last_success_timestamp_seconds{OPERATOR}) or (sftpgo_operator_backup_last_failure_timestamp_seconds{OPERATOR} unless on (namespace, name) sftpgo_operator_backup_last_success_timestamp_seconds{OPERATOR})`,
		summary:     "SFTPGo's backups fail: the last run failed and none succeeded since.",
		description: "The last backup of SFTPGo {{ $labels.namespace }}/NAME failed, and none has succeeded for an hour since: see status.backup.lastFailureMessage.",
		wanted:      func(in *resolve.Instance) bool { return in.Spec.Backup != nil }},
	{name: "SFTPGoPodRestarting", severity: "warning",
		expr:        `increase(kube_pod_container_status_restarts_total{KSMPOD}[15m]) > 2`,
		summary:     "An SFTPGo container keeps restarting.",
		description: "Container sftpgo of pod {{ $labels.pod }} (SFTPGo {{ $labels.namespace }}/NAME) restarted more than twice in 15 minutes."},
}

// alertsFor lists the alerts the instance needs, in order.
func alertsFor(in *resolve.Instance) []alert {
	out := make([]alert, 0, len(alerts))
	for _, a := range alerts {
		if a.wanted == nil || a.wanted(in) {
			out = append(out, a)
		}
	}
	return out
}

// AlertNames lists the alerts of the instance's PrometheusRule, in order.
func AlertNames(in *resolve.Instance) []string {
	var out []string
	for _, a := range alertsFor(in) {
		out = append(out, a.name)
	}
	return out
}

// PrometheusRule holds the instance's alerts; nil unless monitoring and
// alerts are on. SFTPGo's own series are selected by the PodMonitor's job,
// the Deployment and pod series by kube-state-metrics' labels, the backup
// series (the operator's) by the resource's namespace and name.
func PrometheusRule(in *resolve.Instance) *monitoringv1.PrometheusRule {
	if !in.AlertsEnabled() {
		return nil
	}
	selectors := strings.NewReplacer(
		"{SEL}", fmt.Sprintf(`{namespace=%q,job=%q}`, in.Namespace, ScrapeJob(in)),
		"{KSM}", fmt.Sprintf(`{namespace=%q,deployment=%q}`, in.Namespace, in.Name),
		// Pods of the Deployment: <name>-<ReplicaSet hash>-<suffix>.
		"{KSMPOD}", fmt.Sprintf(`{namespace=%q,container=%q,pod=~%q}`, in.Namespace, ContainerName, in.Name+"-[a-z0-9]+-[a-z0-9]+"),
		"{OPERATOR}", fmt.Sprintf(`{namespace=%q,name=%q}`, in.Namespace, in.Name),
	)
	wanted := alertsFor(in)
	rules := make([]monitoringv1.Rule, 0, len(wanted))
	for _, a := range wanted {
		r := monitoringv1.Rule{
			Alert: a.name,
			Expr:  intstr.FromString(selectors.Replace(a.expr)),
			// Prometheus label names allow no "/" or ".": "sftpgo" names
			// the instance, beside the namespace the series carry.
			Labels: map[string]string{"severity": a.severity, "sftpgo": in.Name},
			Annotations: map[string]string{
				"summary":     a.summary,
				"description": strings.ReplaceAll(a.description, "NAME", in.Name),
				"runbook_url": RunbookBase + strings.ToLower(a.name),
			},
		}
		if a.forDuration != "" {
			r.For = ptr.To(monitoringv1.Duration(a.forDuration))
		}
		rules = append(rules, r)
	}
	return &monitoringv1.PrometheusRule{
		TypeMeta:   typeMeta(monitoringv1.SchemeGroupVersion.String(), monitoringv1.PrometheusRuleKind),
		ObjectMeta: objectMeta(in, in.Name, ComponentMonitoring),
		Spec: monitoringv1.PrometheusRuleSpec{Groups: []monitoringv1.RuleGroup{{
			Name: "sftpgo." + in.Namespace + "." + in.Name, Rules: rules,
		}}},
	}
}
