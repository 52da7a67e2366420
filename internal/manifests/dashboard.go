package manifests

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// DashboardName names the ConfigMap of the Grafana dashboard.
func DashboardName(in *resolve.Instance) string { return in.Name + "-dashboard" }

// panel is one graph of the dashboard; its queries use {SEL} for the
// instance's series selector, as the alerts do.
type panel struct {
	title, kind, unit string
	// queries: legend -> PromQL, in order.
	queries [][2]string
}

var panels = []panel{
	{title: "Pods scraped", kind: "stat", queries: [][2]string{{"up", `sum(up{SEL})`}}},
	{title: "Data provider available", kind: "stat", queries: [][2]string{{"available", `min(sftpgo_dataprovider_availability{SEL})`}}},
	{title: "Active connections", kind: "stat", queries: [][2]string{{"connections", `sum(sftpgo_active_connections{SEL})`}}},
	{title: "Active connections per pod", kind: "timeseries", queries: [][2]string{{"{{pod}}", `sum by (pod) (sftpgo_active_connections{SEL})`}}},
	{title: "Logins", kind: "timeseries", unit: "ops", queries: [][2]string{
		{"succeeded", `sum(rate(sftpgo_login_ok_total{SEL}[$__rate_interval]))`},
		{"failed", `sum(rate(sftpgo_login_ko_total{SEL}[$__rate_interval]))`},
	}},
	{title: "Transfers", kind: "timeseries", unit: "ops", queries: [][2]string{
		{"uploads", `sum(rate(sftpgo_uploads_total{SEL}[$__rate_interval]))`},
		{"downloads", `sum(rate(sftpgo_downloads_total{SEL}[$__rate_interval]))`},
	}},
	{title: "Throughput", kind: "timeseries", unit: "Bps", queries: [][2]string{
		{"uploaded", `sum(rate(sftpgo_upload_size{SEL}[$__rate_interval]))`},
		{"downloaded", `sum(rate(sftpgo_download_size{SEL}[$__rate_interval]))`},
	}},
	{title: "Transfer errors", kind: "timeseries", unit: "ops", queries: [][2]string{
		{"upload errors", `sum(rate(sftpgo_upload_errors_total{SEL}[$__rate_interval]))`},
		{"download errors", `sum(rate(sftpgo_download_errors_total{SEL}[$__rate_interval]))`},
	}},
	{title: "Web and REST requests", kind: "timeseries", unit: "reqps", queries: [][2]string{
		{"all", `sum(rate(sftpgo_http_req_total{SEL}[$__rate_interval]))`},
		{"client errors", `sum(rate(sftpgo_http_client_errors_total{SEL}[$__rate_interval]))`},
		{"server errors", `sum(rate(sftpgo_http_server_errors_total{SEL}[$__rate_interval]))`},
	}},
	{title: "Memory per pod", kind: "timeseries", unit: "bytes", queries: [][2]string{{"{{pod}}", `sum by (pod) (process_resident_memory_bytes{SEL})`}}},
	{title: "CPU per pod", kind: "timeseries", unit: "percentunit", queries: [][2]string{{"{{pod}}", `sum by (pod) (rate(process_cpu_seconds_total{SEL}[$__rate_interval]))`}}},
}

// DashboardQueries returns every PromQL query of the instance's dashboard.
func DashboardQueries(in *resolve.Instance) []string {
	var out []string
	for _, p := range panels {
		for _, q := range p.queries {
			out = append(out, seriesSelector(in, q[1]))
		}
	}
	return out
}

func seriesSelector(in *resolve.Instance, query string) string {
	return strings.ReplaceAll(query, "{SEL}", fmt.Sprintf(`{namespace=%q,job=%q}`, in.Namespace, ScrapeJob(in)))
}

// Dashboard is a Grafana dashboard of the instance in a ConfigMap labelled
// for Grafana's dashboard sidecar; nil unless monitoring and the dashboard
// are on.
func Dashboard(in *resolve.Instance) *corev1.ConfigMap {
	if !in.DashboardEnabled() {
		return nil
	}
	cm := &corev1.ConfigMap{
		TypeMeta:   typeMeta("v1", "ConfigMap"),
		ObjectMeta: objectMeta(in, DashboardName(in), ComponentMonitoring),
		Data:       map[string]string{"sftpgo-" + in.Namespace + "-" + in.Name + ".json": string(dashboardJSON(in))},
	}
	extra := in.Spec.Monitoring.Dashboard.Labels
	if len(extra) == 0 {
		extra = resolve.DashboardLabels
	}
	maps.Copy(cm.Labels, extra)
	maps.Copy(cm.Labels, Labels(in, ComponentMonitoring)) // the operator's own labels win
	return cm
}

// dashboardJSON renders the Grafana dashboard model: a data source
// variable, then the panels on a 24-column grid, stats in one row.
func dashboardJSON(in *resolve.Instance) []byte {
	sum := sha256.Sum256([]byte(in.Namespace + "/" + in.Name))
	var out []map[string]any
	x, y := 0, 0
	for i, p := range panels {
		w, h := 12, 8
		if p.kind == "stat" {
			w, h = 8, 4
		}
		if x+w > 24 {
			x, y = 0, y+h
		}
		var targets []map[string]any
		for j, q := range p.queries {
			targets = append(targets, map[string]any{
				"refId": string(rune('A' + j)), "expr": seriesSelector(in, q[1]), "legendFormat": q[0],
				"datasource": map[string]any{"type": "prometheus", "uid": "${datasource}"},
			})
		}
		out = append(out, map[string]any{
			"id": i + 1, "type": p.kind, "title": p.title,
			"gridPos":     map[string]any{"x": x, "y": y, "w": w, "h": h},
			"datasource":  map[string]any{"type": "prometheus", "uid": "${datasource}"},
			"fieldConfig": map[string]any{"defaults": map[string]any{"unit": p.unit}, "overrides": []any{}},
			"targets":     targets,
		})
		x += w
	}
	model := map[string]any{
		"uid":           "sftpgo-" + hex.EncodeToString(sum[:])[:16],
		"title":         fmt.Sprintf("SFTPGo %s/%s", in.Namespace, in.Name),
		"tags":          []string{"sftpgo"},
		"schemaVersion": 39,
		"editable":      true,
		"refresh":       "30s",
		"time":          map[string]any{"from": "now-6h", "to": "now"},
		"templating": map[string]any{"list": []any{map[string]any{
			"name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus",
		}}},
		"panels": out,
	}
	data, err := json.MarshalIndent(model, "", "  ")
	if err != nil {
		panic(err) // maps of strings and numbers always marshal
	}
	return data
}
