package main

import "testing"

func TestParseMetrics(t *testing.T) {
	m, err := parseMetrics(`# HELP rest_client_requests_total Number of HTTP requests.
# TYPE rest_client_requests_total counter
rest_client_requests_total{code="200",host="127.0.0.1:40000",method="GET"} 12
rest_client_requests_total{code="201",host="127.0.0.1:40000",method="POST"} 30
rest_client_requests_total{code="200",host="127.0.0.1:40000",method="PATCH"} 5
rest_client_requests_total{code="409",host="127.0.0.1:40000",method="POST"} 1
workqueue_depth{controller="sftpgo",name="sftpgo"} 0
weird{a="x\"y,z}",b="2"} 1.5e+06 1700000000000
go_memstats_heap_inuse_bytes 2.5e+07
`)
	if err != nil {
		t.Fatal(err)
	}
	r := requestsOf(m)
	if got := r.writes(); got != 36 {
		t.Errorf("writes = %v, want 36", got)
	}
	if got := r.total(); got != 48 {
		t.Errorf("total = %v, want 48", got)
	}
	before := requests{"GET 200": 2, "POST 201": 30}
	if d := r.minus(before); d.writes() != 6 || d["GET 200"] != 10 {
		t.Errorf("minus = %v", d)
	}
	if !m.has("workqueue_depth") || m.sum("workqueue_depth", map[string]string{"name": "sftpgo"}) != 0 {
		t.Error("workqueue_depth")
	}
	if got := m.sum("weird", map[string]string{"a": `x"y,z}`}); got != 1.5e6 {
		t.Errorf("escaped label: %v", got)
	}
	if got := m.sum("go_memstats_heap_inuse_bytes", nil); got != 2.5e7 {
		t.Errorf("heap: %v", got)
	}
}

func TestQuantile(t *testing.T) {
	s := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	if q := quantile(s, 0.5); q != 5 {
		t.Errorf("p50 = %v", q)
	}
	if q := quantile(s, 0.99); q != 10 {
		t.Errorf("p99 = %v", q)
	}
}
