package controllers

import (
	"strings"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/metrics"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// findingSeries has one series per rule an SFTPGo's status.findings
// reports, so that one alert covers every insecure SFTPGo of the cluster.
// There is no instance label: Prometheus sets it to the scraped operator pod.
var findingSeries = newGaugeSeries(prometheus.GaugeOpts{
	Name: "sftpgo_operator_finding",
	Help: "1 for each rule in an SFTPGo's status.findings (docs/security.md), by namespace, name, rule and severity (Error, Warning).",
}, "namespace", "name", "rule", "severity")

// readySeries is the Ready condition of every resource the operator
// reconciles, SFTPGo and account kinds alike, so that one alert covers
// them all. It has no reason label: a reason that changes would end one
// series and start another, and an alert that waits `for: 15m` would start
// over each time; the reason is in the condition and its events.
var readySeries = newGaugeSeries(prometheus.GaugeOpts{
	Name: "sftpgo_operator_ready",
	Help: "1 when the resource's Ready condition is True, else 0, by kind, namespace and name.",
}, "kind", "namespace", "name")

func init() { metrics.Registry.MustRegister(findingSeries.vec, readySeries.vec) }

// resourceRef names the resource a set of series belongs to.
type resourceRef struct{ kind, namespace, name string }

// observeInstance sets an SFTPGo's series from the status just computed.
func observeInstance(ref resourceRef, findings []v1alpha1.Finding, conditions []metav1.Condition) {
	series := make([]gaugeValue, 0, len(findings))
	for _, f := range findings {
		series = append(series, gaugeValue{labels: []string{ref.namespace, ref.name, f.Rule, string(f.Severity)}, value: 1})
	}
	findingSeries.set(ref, series)
	observeReady(ref, conditions)
}

// observeReady sets a resource's Ready series from its conditions.
func observeReady(ref resourceRef, conditions []metav1.Condition) {
	ready := 0.0
	if meta.IsStatusConditionTrue(conditions, v1alpha1.ConditionReady) {
		ready = 1
	}
	readySeries.set(ref, []gaugeValue{{labels: []string{ref.kind, ref.namespace, ref.name}, value: ready}})
}

// forgetResource deletes the series of a resource that is gone.
func forgetResource(ref resourceRef) {
	findingSeries.set(ref, nil)
	readySeries.set(ref, nil)
}

// gaugeValue is one series: its label values and its value.
type gaugeValue struct {
	labels []string
	value  float64
}

// gaugeSeries is a gauge vector whose series belong to resources. It
// remembers each resource's series, so that a reconcile that changes
// nothing writes nothing, and a series that disappeared is deleted (a
// gauge vector keeps every series it was ever given).
type gaugeSeries struct {
	vec  *prometheus.GaugeVec
	mu   sync.Mutex
	last map[resourceRef]map[string]gaugeValue // by seriesKey
}

func newGaugeSeries(opts prometheus.GaugeOpts, labels ...string) *gaugeSeries {
	return &gaugeSeries{vec: prometheus.NewGaugeVec(opts, labels), last: map[resourceRef]map[string]gaugeValue{}}
}

// set makes want the resource's series: it deletes those not in want and
// writes those new or changed. Series with the same labels count once.
func (g *gaugeSeries) set(ref resourceRef, want []gaugeValue) {
	g.mu.Lock()
	defer g.mu.Unlock()
	before := g.last[ref]
	now := make(map[string]gaugeValue, len(want))
	for _, s := range want {
		now[seriesKey(s.labels)] = s
	}
	for key, s := range before {
		if _, kept := now[key]; !kept {
			g.vec.DeleteLabelValues(s.labels...)
		}
	}
	for key, s := range now {
		if old, ok := before[key]; !ok || old.value != s.value {
			g.vec.WithLabelValues(s.labels...).Set(s.value)
		}
	}
	if len(now) == 0 {
		delete(g.last, ref)
		return
	}
	g.last[ref] = now
}

// seriesKey joins label values with a byte no Kubernetes name, rule ID or
// severity contains.
func seriesKey(labels []string) string { return strings.Join(labels, "\x00") }

// instanceRef names an SFTPGo's series.
func instanceRef(key types.NamespacedName) resourceRef {
	return resourceRef{kind: "SFTPGo", namespace: key.Namespace, name: key.Name}
}
