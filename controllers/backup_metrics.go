package controllers

import (
	"github.com/prometheus/client_golang/prometheus"
	"sigs.k8s.io/controller-runtime/pkg/metrics"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// Backup series, per SFTPGo with spec.backup: when its last backup
// succeeded and failed (from status.backup, so a restarted operator
// reports them again), and how many runs succeeded and failed. An alert on
// `time() - sftpgo_operator_backup_last_success_timestamp_seconds` covers
// a backup that stopped for any reason, the operator's absence included.
var (
	backupLastSuccess = newGaugeSeries(prometheus.GaugeOpts{
		Name: "sftpgo_operator_backup_last_success_timestamp_seconds",
		Help: "Unix time of the last successful backup of an SFTPGo (status.backup.lastSuccessTime), by namespace and name.",
	}, "namespace", "name")
	backupLastFailure = newGaugeSeries(prometheus.GaugeOpts{
		Name: "sftpgo_operator_backup_last_failure_timestamp_seconds",
		Help: "Unix time of the last failed backup of an SFTPGo (status.backup.lastFailureTime), by namespace and name.",
	}, "namespace", "name")
	backupsTotal = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sftpgo_operator_backups_total",
		Help: "Backups the operator ran, by namespace, name and result (success, failure).",
	}, []string{"namespace", "name", "result"})
)

func init() {
	metrics.Registry.MustRegister(backupLastSuccess.vec, backupLastFailure.vec, backupsTotal)
}

// Values of the result label.
const (
	backupResultSuccess = "success"
	backupResultFailure = "failure"
)

// backupRef names an SFTPGo's backup series.
func backupRef(namespace, name string) resourceRef {
	return resourceRef{kind: "SFTPGoBackup", namespace: namespace, name: name}
}

// observeBackup sets the timestamp series from a backup status.
func observeBackup(ref resourceRef, st *v1alpha1.BackupStatus) {
	var success, failure []gaugeValue
	if st != nil && st.LastSuccessTime != nil {
		success = []gaugeValue{{labels: []string{ref.namespace, ref.name}, value: float64(st.LastSuccessTime.Unix())}}
	}
	if st != nil && st.LastFailureTime != nil {
		failure = []gaugeValue{{labels: []string{ref.namespace, ref.name}, value: float64(st.LastFailureTime.Unix())}}
	}
	backupLastSuccess.set(ref, success)
	backupLastFailure.set(ref, failure)
}

// countBackup counts one run.
func countBackup(ref resourceRef, result string) {
	backupsTotal.WithLabelValues(ref.namespace, ref.name, result).Inc()
}

// forgetBackup deletes the series of an SFTPGo that is gone or takes no
// backups any more.
func forgetBackup(ref resourceRef) {
	backupLastSuccess.set(ref, nil)
	backupLastFailure.set(ref, nil)
	backupsTotal.DeletePartialMatch(prometheus.Labels{"namespace": ref.namespace, "name": ref.name})
}
