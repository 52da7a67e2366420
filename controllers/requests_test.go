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
			if err == nil && req.URL.Query().Get("watch") != "true" {
				log.mu.Lock()
				log.requests = append(log.requests, request{req.Method, req.URL.Path, resp.StatusCode})
				log.mu.Unlock()
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

func isWrite(r request) bool { return r.method != http.MethodGet }

func isGetNotFound(r request) bool {
	return r.method == http.MethodGet && r.status == http.StatusNotFound
}

func anyRequest(request) bool { return true }
