package main

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi/fake"
)

// restServer is the SFTPGo REST API a run of the accounts bench talks to,
// with counters of what it received: the fake server, or a real SFTPGo
// behind a counting proxy.
type restServer interface {
	Endpoint() string
	// Requests counts the requests by "METHOD /api/v2/route/{name}".
	Requests() map[string]int
	// Writes counts POST, PUT and DELETE on users, groups, folders, admins.
	Writes() int
	ResetCounters()
	// PID is the server's own process, for its CPU time; 0 for the fake
	// server, which runs in the bench's process.
	PID() int
	Close()
}

// newRESTServer starts a fresh server with the bench's admin: the fake
// one, or the real SFTPGo when sftpgo.bin is set.
func newRESTServer(ctx context.Context, sftpgo realSFTPGo, dir string) (restServer, error) {
	if sftpgo.bin == "" {
		s := fake.New()
		s.AddAdmin(benchAdmin, benchAdminPassword)
		return fakeREST{s}, nil
	}
	return sftpgo.start(ctx, dir)
}

type fakeREST struct{ *fake.Server }

func (f fakeREST) Endpoint() string { return f.URL }

func (fakeREST) PID() int { return 0 }

// realSFTPGo is a local SFTPGo build (DEVELOPERS.md says how to make it):
// the binary and its source tree, for the templates, static files and the
// OpenAPI schema.
type realSFTPGo struct{ bin, share string }

// start runs SFTPGo with SQLite in dir, its first admin the bench's, and
// puts a counting proxy in front of its REST API.
func (r realSFTPGo) start(ctx context.Context, dir string) (restServer, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	webPort, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, r.bin, "serve", "--config-dir", dir, "--log-file-path", filepath.Join(dir, "sftpgo.log"))
	cmd.Env = append(os.Environ(),
		"SFTPGO_DATA_PROVIDER__DRIVER=sqlite",
		"SFTPGO_DATA_PROVIDER__NAME="+filepath.Join(dir, "sftpgo.db"),
		"SFTPGO_DATA_PROVIDER__USERS_BASE_DIR="+filepath.Join(dir, "data"),
		"SFTPGO_DATA_PROVIDER__CREATE_DEFAULT_ADMIN=true",
		"SFTPGO_DEFAULT_ADMIN_USERNAME="+benchAdmin, "SFTPGO_DEFAULT_ADMIN_PASSWORD="+benchAdminPassword,
		"SFTPGO_HTTPD__BINDINGS__0__ADDRESS=127.0.0.1", fmt.Sprintf("SFTPGO_HTTPD__BINDINGS__0__PORT=%d", webPort),
		// Only the REST API is measured: no SFTP listener, no host keys to make.
		"SFTPGO_SFTPD__BINDINGS__0__PORT=0",
		"SFTPGO_HTTPD__TEMPLATES_PATH="+filepath.Join(r.share, "templates"),
		"SFTPGO_SMTP__TEMPLATES_PATH="+filepath.Join(r.share, "templates"),
		"SFTPGO_HTTPD__STATIC_FILES_PATH="+filepath.Join(r.share, "static"),
		"SFTPGO_HTTPD__OPENAPI_PATH="+filepath.Join(r.share, "openapi"),
	)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	target := fmt.Sprintf("http://127.0.0.1:%d", webPort)
	deadline := time.Now().Add(time.Minute)
	for {
		resp, err := http.Get(target + "/healthz") //nolint:noctx // the SFTPGo this bench started, polled until it answers
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			return nil, fmt.Errorf("SFTPGo did not start within a minute (log: %s): %w", filepath.Join(dir, "sftpgo.log"), err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	u, err := url.Parse(target)
	if err != nil {
		return nil, err
	}
	p := &countingProxy{requests: map[string]int{}, cmd: cmd}
	proxy := httputil.NewSingleHostReverseProxy(u)
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		p.count(req)
		proxy.ServeHTTP(w, req)
	}))
	return p, nil
}

// countingProxy counts what reaches a real SFTPGo the way the fake server
// counts what it receives.
type countingProxy struct {
	srv      *httptest.Server
	cmd      *exec.Cmd
	mu       sync.Mutex
	requests map[string]int
	writes   int
}

// accountCollections are the REST collections of the account kinds.
var accountCollections = map[string]bool{"users": true, "groups": true, "folders": true, "admins": true}

func (p *countingProxy) count(req *http.Request) {
	route := req.URL.Path
	// /api/v2/users/user-00001 counts as /api/v2/users/{name}.
	parts := strings.Split(strings.TrimPrefix(route, "/"), "/")
	account := len(parts) >= 3 && accountCollections[parts[2]]
	if account && len(parts) >= 4 {
		parts[3] = "{name}"
		route = "/" + strings.Join(parts, "/")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requests[req.Method+" "+route]++
	if account && req.Method != http.MethodGet {
		p.writes++
	}
}

func (p *countingProxy) Endpoint() string { return p.srv.URL }

func (p *countingProxy) PID() int { return p.cmd.Process.Pid }

func (p *countingProxy) Requests() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return maps.Clone(p.requests)
}

func (p *countingProxy) Writes() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.writes
}

func (p *countingProxy) ResetCounters() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requests, p.writes = map[string]int{}, 0
}

func (p *countingProxy) Close() {
	p.srv.Close()
	_ = p.cmd.Process.Kill()
	_ = p.cmd.Wait()
}
