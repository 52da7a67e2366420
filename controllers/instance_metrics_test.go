package controllers

import (
	"fmt"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

func TestGaugeSeries(t *testing.T) {
	files := resourceRef{kind: "SFTPGo", namespace: "team-a", name: "files"}
	other := resourceRef{kind: "SFTPGo", namespace: "team-b", name: "files"}
	finding := func(ref resourceRef, rule string) gaugeValue {
		return gaugeValue{labels: []string{ref.namespace, ref.name, rule}, value: 1}
	}
	g := newGaugeSeries(prometheus.GaugeOpts{Name: "test_finding", Help: "h"}, "namespace", "name", "rule")
	steps := []struct {
		name string
		ref  resourceRef
		want []gaugeValue
		text string
	}{
		{"two findings", files, []gaugeValue{finding(files, "SEC101"), finding(files, "SEC110")}, `
test_finding{name="files",namespace="team-a",rule="SEC101"} 1
test_finding{name="files",namespace="team-a",rule="SEC110"} 1
`},
		{"another resource keeps the first's", other, []gaugeValue{finding(other, "SEC101")}, `
test_finding{name="files",namespace="team-a",rule="SEC101"} 1
test_finding{name="files",namespace="team-a",rule="SEC110"} 1
test_finding{name="files",namespace="team-b",rule="SEC101"} 1
`},
		{"a fixed finding goes, a repeated one counts once", files, []gaugeValue{finding(files, "SEC110"), finding(files, "SEC110")}, `
test_finding{name="files",namespace="team-a",rule="SEC110"} 1
test_finding{name="files",namespace="team-b",rule="SEC101"} 1
`},
		{"no findings left", files, nil, `
test_finding{name="files",namespace="team-b",rule="SEC101"} 1
`},
		{"the last resource gone", other, nil, ``},
	}
	for _, s := range steps {
		g.set(s.ref, s.want)
		if got := gathered(t, g.vec); got != strings.TrimSpace(s.text) {
			t.Errorf("%s:\n got %s\nwant %s", s.name, got, s.text)
		}
	}
	if len(g.last) != 0 {
		t.Errorf("resources without series are still remembered: %v", g.last)
	}
}

// A reconcile that changes nothing must write no series: the value set
// behind the memo's back stays.
func TestGaugeSeriesWritesOnlyChanges(t *testing.T) {
	ref := resourceRef{kind: "SFTPGoUser", namespace: "team-a", name: "alice"}
	g := newGaugeSeries(prometheus.GaugeOpts{Name: "test_ready", Help: "h"}, "name")
	g.set(ref, []gaugeValue{{labels: []string{"alice"}, value: 0}})
	g.vec.WithLabelValues("alice").Set(42)
	g.set(ref, []gaugeValue{{labels: []string{"alice"}, value: 0}})
	if got := gathered(t, g.vec); got != `test_ready{name="alice"} 42` {
		t.Errorf("unchanged series rewritten: %s", got)
	}
	g.set(ref, []gaugeValue{{labels: []string{"alice"}, value: 1}})
	if got := gathered(t, g.vec); got != `test_ready{name="alice"} 1` {
		t.Errorf("changed value not written: %s", got)
	}
}

func TestObserveInstance(t *testing.T) {
	// Fresh vectors: the registered ones are shared by the whole test binary.
	shared := [2]*gaugeSeries{findingSeries, readySeries}
	t.Cleanup(func() { findingSeries, readySeries = shared[0], shared[1] })
	findingSeries = newGaugeSeries(prometheus.GaugeOpts{Name: "finding", Help: "h"}, "namespace", "name", "rule", "severity")
	readySeries = newGaugeSeries(prometheus.GaugeOpts{Name: "ready", Help: "h"}, "kind", "namespace", "name")
	check := func(step, findings, ready string) {
		t.Helper()
		if got := gathered(t, findingSeries.vec); got != strings.TrimSpace(findings) {
			t.Errorf("%s: finding:\n got %s\nwant %s", step, got, findings)
		}
		if got := gathered(t, readySeries.vec); got != strings.TrimSpace(ready) {
			t.Errorf("%s: ready:\n got %s\nwant %s", step, got, ready)
		}
	}
	conditions := func(status metav1.ConditionStatus) []metav1.Condition {
		return []metav1.Condition{{Type: v1alpha1.ConditionReady, Status: status}}
	}
	ref := instanceRef(types.NamespacedName{Namespace: "team-a", Name: "files"})

	observeInstance(ref, []v1alpha1.Finding{
		{Rule: "SEC002", Severity: v1alpha1.SeverityError, Message: "m1"},
		{Rule: "SEC102", Severity: v1alpha1.SeverityWarning, Message: "m2"},
	}, conditions(metav1.ConditionFalse))
	check("an error and a warning, not ready", `
finding{name="files",namespace="team-a",rule="SEC002",severity="Error"} 1
finding{name="files",namespace="team-a",rule="SEC102",severity="Warning"} 1
`, `
ready{kind="SFTPGo",name="files",namespace="team-a"} 0
`)

	observeInstance(ref, nil, conditions(metav1.ConditionTrue))
	check("fixed and ready", ``, `
ready{kind="SFTPGo",name="files",namespace="team-a"} 1
`)

	observeInstance(ref, nil, nil)
	check("no Ready condition yet", ``, `
ready{kind="SFTPGo",name="files",namespace="team-a"} 0
`)

	forgetResource(ref)
	check("deleted", ``, ``)
}

// gathered is what a scrape of c shows, one name{labels} value line per
// series, sorted. (testutil would need a module go.mod does not list.)
func gathered(t *testing.T, c prometheus.Collector) string {
	t.Helper()
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(c)
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, f := range families {
		for _, m := range f.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
			}
			lines = append(lines, fmt.Sprintf("%s{%s} %g", f.GetName(), strings.Join(labels, ","), m.GetGauge().GetValue()))
		}
	}
	return strings.Join(lines, "\n")
}
