// Package promql checks the operator's alerts and dashboard queries with
// Prometheus' own parsers, as promtool would. It is a module of its own so
// that the operator does not depend on Prometheus.
package promql

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/rulefmt"
	"github.com/prometheus/prometheus/promql/parser"
	"sigs.k8s.io/yaml"

	"github.com/sftpgo-operator/sftpgo-operator/internal/fixtures"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
)

// TestRulesAreValid runs the PrometheusRule's groups through rulefmt, which
// parses each expression, the for durations, the label names and the
// annotation templates.
func TestRulesAreValid(t *testing.T) {
	// With spec.backup: every alert, the backup one included.
	in := fixtures.Instance(fixtures.Backup, fixtures.OpenShiftFacts)
	rule := manifests.PrometheusRule(in)
	if rule == nil {
		t.Fatal("no PrometheusRule where the monitoring API is served")
	}
	groups, err := yaml.Marshal(map[string]any{"groups": rule.Spec.Groups})
	if err != nil {
		t.Fatal(err)
	}
	parsed, errs := rulefmt.Parse(groups, false, model.LegacyValidation, parser.NewParser(parser.Options{}), slog.New(slog.DiscardHandler))
	for _, err := range errs {
		t.Errorf("rule groups: %v\n%s", err, groups)
	}
	if errs == nil && len(parsed.Groups[0].Rules) != len(manifests.AlertNames(in)) {
		t.Errorf("parsed %d rules, want %d", len(parsed.Groups[0].Rules), len(manifests.AlertNames(in)))
	}
}

// TestDashboardQueriesParse parses every dashboard query, with Grafana's
// $__rate_interval as Grafana would substitute it.
func TestDashboardQueriesParse(t *testing.T) {
	in := fixtures.Instance(nil, fixtures.OpenShiftFacts)
	p := parser.NewParser(parser.Options{})
	for _, q := range manifests.DashboardQueries(in) {
		if _, err := p.ParseExpr(strings.ReplaceAll(q, "$__rate_interval", "2m")); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
}
