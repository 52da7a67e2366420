// Package s3fake is an in-memory S3-compatible store for tests
// (gofakes3), which, unlike gofakes3 alone, refuses requests signed with
// another access key than its own, as S3 does (InvalidAccessKeyId).
package s3fake

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// Credentials the fake accepts.
const (
	AccessKeyID     = "AKIAFAKE"
	SecretAccessKey = "fake-secret-key"
)

// Server is a fake S3 on plain HTTP. Close it when done.
type Server struct {
	// URL is the endpoint: http://127.0.0.1:PORT.
	URL     string
	Backend gofakes3.Backend
	srv     *httptest.Server

	mu   sync.Mutex
	down bool
}

// New starts a fake S3 holding the given empty buckets.
func New(buckets ...string) *Server {
	backend := s3mem.New()
	for _, b := range buckets {
		if err := backend.CreateBucket(b); err != nil {
			panic(err)
		}
	}
	s := &Server{Backend: backend}
	faker := gofakes3.New(backend).Server()
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		down := s.down
		s.mu.Unlock()
		if down {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		if !strings.Contains(r.Header.Get("Authorization"), "Credential="+AccessKeyID+"/") {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidAccessKeyId</Code>` +
				`<Message>The AWS Access Key Id you provided does not exist in our records.</Message></Error>`))
			return
		}
		faker.ServeHTTP(w, r)
	}))
	s.URL = s.srv.URL
	return s
}

// SetDown makes every request answer 503 (true) or be served (false).
func (s *Server) SetDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }
