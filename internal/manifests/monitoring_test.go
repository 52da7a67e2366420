package manifests_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/fixtures"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

var kubeWithMonitoring = func() platform.Facts {
	f := fixtures.KubeFacts
	f.MonitoringAPI = true
	return f
}()

func monitoring(mut func(*v1alpha1.MonitoringSpec)) func(*v1alpha1.SFTPGo) {
	return func(s *v1alpha1.SFTPGo) { mut(&s.Spec.Monitoring) }
}

// Which monitoring objects an instance gets, from the spec and whether the
// cluster serves monitoring.coreos.com/v1.
func TestMonitoringObjects(t *testing.T) {
	off := monitoring(func(m *v1alpha1.MonitoringSpec) { m.Enabled = ptr.To(false) })
	on := monitoring(func(m *v1alpha1.MonitoringSpec) { m.Enabled = ptr.To(true) })
	cases := []struct {
		name                        string
		mut                         func(*v1alpha1.SFTPGo)
		facts                       platform.Facts
		podMonitor, rule, dashboard bool
		apiMissing                  bool
	}{
		{name: "default, API served", facts: kubeWithMonitoring, podMonitor: true, rule: true, dashboard: true},
		{name: "default, OpenShift", facts: fixtures.OpenShiftFacts, podMonitor: true, rule: true, dashboard: true},
		{name: "default, no API: nothing, nothing to report", facts: fixtures.KubeFacts},
		{name: "asked for, no API: reported", mut: on, facts: fixtures.KubeFacts, apiMissing: true},
		{name: "off", mut: off, facts: kubeWithMonitoring},
		{name: "alerts off", mut: monitoring(func(m *v1alpha1.MonitoringSpec) { m.Alerts.Enabled = ptr.To(false) }),
			facts: kubeWithMonitoring, podMonitor: true, dashboard: true},
		{name: "dashboard off", mut: monitoring(func(m *v1alpha1.MonitoringSpec) { m.Dashboard.Enabled = ptr.To(false) }),
			facts: kubeWithMonitoring, podMonitor: true, rule: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := fixtures.Instance(tc.mut, tc.facts)
			if got := manifests.PodMonitor(in) != nil; got != tc.podMonitor {
				t.Errorf("PodMonitor made = %v, want %v", got, tc.podMonitor)
			}
			if got := manifests.PrometheusRule(in) != nil; got != tc.rule {
				t.Errorf("PrometheusRule made = %v, want %v", got, tc.rule)
			}
			if got := manifests.Dashboard(in) != nil; got != tc.dashboard {
				t.Errorf("dashboard made = %v, want %v", got, tc.dashboard)
			}
			if in.MonitoringAPIMissing != tc.apiMissing {
				t.Errorf("MonitoringAPIMissing = %v, want %v", in.MonitoringAPIMissing, tc.apiMissing)
			}
		})
	}
}

func TestPodMonitorScrapesTheTelemetryPortOfTheInstancesPods(t *testing.T) {
	in := fixtures.Instance(monitoring(func(m *v1alpha1.MonitoringSpec) { m.Interval = "1m" }), kubeWithMonitoring)
	pm := manifests.PodMonitor(in)
	if got := pm.Spec.Selector.MatchLabels; got[manifests.LabelInstance] != "files" || got[manifests.LabelName] != "sftpgo" {
		t.Errorf("selector = %v", got)
	}
	ep := pm.Spec.PodMetricsEndpoints
	if len(ep) != 1 || *ep[0].Port != manifests.PortNameTelemetry || ep[0].Path != "/metrics" || ep[0].Interval != "1m" {
		t.Errorf("endpoints = %+v", ep)
	}
	if !hasContainerPort(in, manifests.PortNameTelemetry) {
		t.Errorf("the SFTPGo container declares no %q port for the PodMonitor", manifests.PortNameTelemetry)
	}
}

func hasContainerPort(in *resolve.Instance, name string) bool {
	for _, p := range manifests.ContainerPorts(in) {
		if p.Name == name {
			return true
		}
	}
	return false
}

// Every alert selects this instance's series only, has a severity and a
// runbook section that exists in docs/monitoring.md.
func TestAlertsAreScopedAndHaveRunbooks(t *testing.T) {
	docs, err := os.ReadFile("../../docs/monitoring.md")
	if err != nil {
		t.Fatal(err)
	}
	if got := manifests.AlertNames(fixtures.Instance(nil, kubeWithMonitoring)); slices.Contains(got, "SFTPGoBackupFailing") {
		t.Errorf("an instance without spec.backup gets the backup alert: %v", got)
	}
	in := fixtures.Instance(fixtures.Backup, kubeWithMonitoring)
	rules := manifests.PrometheusRule(in).Spec.Groups[0].Rules
	if names := manifests.AlertNames(in); len(rules) != len(names) || !slices.Contains(names, "SFTPGoBackupFailing") {
		t.Fatalf("%d rules for the alerts %v", len(rules), names)
	}
	for _, r := range rules {
		expr := r.Expr.String()
		scoped := strings.Contains(expr, `job="team-a/files"`) || strings.Contains(expr, `deployment="files"`) ||
			strings.Contains(expr, `pod=~"files-`) || strings.Contains(expr, `name="files"`)
		if !strings.Contains(expr, `namespace="team-a"`) || !scoped {
			t.Errorf("%s does not select the instance's series: %s", r.Alert, expr)
		}
		if strings.Contains(expr, "{SEL}") || strings.Contains(expr, "{KSM") || strings.Contains(expr, "{OPERATOR}") {
			t.Errorf("%s keeps a placeholder: %s", r.Alert, expr)
		}
		if s := r.Labels["severity"]; s != "critical" && s != "warning" {
			t.Errorf("%s has severity %q", r.Alert, s)
		}
		anchor := strings.TrimPrefix(r.Annotations["runbook_url"], manifests.RunbookBase)
		if anchor != strings.ToLower(r.Alert) || !strings.Contains(string(docs), "\n#### "+r.Alert+"\n") {
			t.Errorf("%s: runbook %q has no section \"#### %s\" in docs/monitoring.md", r.Alert, r.Annotations["runbook_url"], r.Alert)
		}
	}
}

// The dashboard is a valid Grafana model: unique uid per instance (at most
// the 40 characters Grafana allows), queries scoped to the instance.
func TestDashboardIsValidAndScoped(t *testing.T) {
	uid := func(namespace, name string) string {
		in := fixtures.Instance(func(s *v1alpha1.SFTPGo) { s.Namespace, s.Name = namespace, name }, kubeWithMonitoring)
		cm := manifests.Dashboard(in)
		if cm.Name != name+"-dashboard" || cm.Labels["grafana_dashboard"] != "1" {
			t.Errorf("dashboard ConfigMap %s with labels %v", cm.Name, cm.Labels)
		}
		if len(cm.Data) != 1 {
			t.Fatalf("dashboard ConfigMap holds %d files", len(cm.Data))
		}
		for _, data := range cm.Data {
			var model struct {
				UID    string `json:"uid"`
				Title  string `json:"title"`
				Panels []struct {
					Title   string `json:"title"`
					Targets []struct {
						Expr string `json:"expr"`
					} `json:"targets"`
				} `json:"panels"`
			}
			if err := json.Unmarshal([]byte(data), &model); err != nil {
				t.Fatalf("dashboard JSON: %v", err)
			}
			if len(model.UID) > 40 || model.Title != "SFTPGo "+namespace+"/"+name || len(model.Panels) == 0 {
				t.Errorf("uid %q, title %q, %d panels", model.UID, model.Title, len(model.Panels))
			}
			for _, p := range model.Panels {
				for _, tg := range p.Targets {
					if !strings.Contains(tg.Expr, `job="`+namespace+"/"+name+`"`) {
						t.Errorf("panel %q query is not scoped to the instance: %s", p.Title, tg.Expr)
					}
				}
			}
			return model.UID
		}
		return ""
	}
	if uid("team-a", "files") == uid("team-b", "files") {
		t.Error("two instances share a dashboard uid: Grafana would keep one")
	}
	in := fixtures.Instance(monitoring(func(m *v1alpha1.MonitoringSpec) {
		m.Dashboard.Labels = map[string]string{"dashboards": "sftpgo", manifests.LabelInstance: "other"}
	}), kubeWithMonitoring)
	labels := manifests.Dashboard(in).Labels
	if labels["dashboards"] != "sftpgo" || labels["grafana_dashboard"] != "" || labels[manifests.LabelInstance] != "files" {
		t.Errorf("custom dashboard labels: %v (the operator's own must win, the default must go)", labels)
	}
}
