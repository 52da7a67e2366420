package controllers

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// setMonitoringCondition tells what spec.monitoring made, or what the
// cluster lacks for it. Absent while monitoring is off, or unset on a
// cluster without the API (nothing was asked for).
func setMonitoringCondition(conds *[]metav1.Condition, in *resolve.Instance) {
	gen := in.Generation
	switch {
	case in.MonitoringAPIMissing:
		meta.SetStatusCondition(conds, metav1.Condition{
			Type: v1alpha1.ConditionMonitoring, Status: metav1.ConditionFalse, ObservedGeneration: gen,
			Reason: v1alpha1.ReasonMonitoringAPIUnavailable, Message: "spec.monitoring.enabled is true, but this cluster does " +
				"not serve monitoring.coreos.com/v1 PodMonitors and PrometheusRules: install the prometheus-operator " +
				"(kube-prometheus-stack, say) and restart the operator, or unset spec.monitoring.enabled. SFTPGo runs unmonitored.",
		})
	case in.Monitored:
		made := []string{fmt.Sprintf("PodMonitor %q scrapes SFTPGo's /metrics on every pod (job %q)", in.Name, manifests.ScrapeJob(in))}
		if in.AlertsEnabled() {
			made = append(made, fmt.Sprintf("PrometheusRule %q holds %d alerts", in.Name, len(manifests.AlertNames(in))))
		}
		if in.DashboardEnabled() {
			made = append(made, fmt.Sprintf("ConfigMap %q holds a Grafana dashboard", manifests.DashboardName(in)))
		}
		meta.SetStatusCondition(conds, metav1.Condition{
			Type: v1alpha1.ConditionMonitoring, Status: metav1.ConditionTrue, ObservedGeneration: gen,
			Reason: v1alpha1.ReasonMonitored, Message: strings.Join(made, "; ") + ".",
		})
	default:
		meta.RemoveStatusCondition(conds, v1alpha1.ConditionMonitoring)
	}
}
