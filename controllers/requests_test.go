package controllers_test

import (
	"net/http"
	"strings"
	"sync"

	"k8s.io/client-go/rest"
)

// requestLog records the API requests of an operator started with
// withRequestLog, to count its reads and writes per namespace.
type requestLog struct {
	mu       sync.Mutex
	requests []request
	// gzipped counts responses, watches included, that came compressed.
	gzipped int
}

type request struct {
	method, path string
	status       int
}

// withRequestLog returns cfg with a transport that logs every request.
func withRequestLog(cfg *rest.Config, log *requestLog) *rest.Config {
	c := rest.CopyConfig(cfg)
	c.WrapTransport = func(rt http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(req *http.Request) (*http.Response, error) {
			resp, err := rt.RoundTrip(req)
			if err != nil {
				return resp, err
			}
			log.mu.Lock()
			defer log.mu.Unlock()
			if resp.Uncompressed { // the transport removed a gzip encoding
				log.gzipped++
			}
			if req.URL.Query().Get("watch") != "true" {
				log.requests = append(log.requests, request{req.Method, req.URL.Path, resp.StatusCode})
			}
			return resp, err
		})
	}
	return c
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// count returns how many logged requests in namespace ns match.
func (l *requestLog) count(ns string, match func(request) bool) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, r := range l.requests {
		if strings.Contains(r.path, "/namespaces/"+ns+"/") && match(r) {
			n++
		}
	}
	return n
}

// compressed returns how many responses came gzipped.
func (l *requestLog) compressed() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.gzipped
}

func isWrite(r request) bool { return r.method != http.MethodGet }

func isGetNotFound(r request) bool {
	return r.method == http.MethodGet && r.status == http.StatusNotFound
}

func anyRequest(request) bool { return true }
