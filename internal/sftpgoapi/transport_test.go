package sftpgoapi_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi/fake"
)

// dialTo returns a DialContext that sends every connection to addr, as a
// test maps a Service's DNS name to a local listener.
func dialTo(addr string) func(ctx context.Context, network, _ string) (net.Conn, error) {
	return func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
}

func TestTLS(t *testing.T) {
	srv := fake.NewTLS()
	t.Cleanup(srv.Close)
	srv.AddAdmin(adminUser, adminPassword)
	addr := strings.TrimPrefix(srv.URL, "https://")

	tests := []struct {
		name string
		cfg  func(*sftpgoapi.Config)
		ok   bool
		msg  string
	}{
		{"CA", func(c *sftpgoapi.Config) { c.CA = srv.CA() }, true, ""},
		{"no CA", func(*sftpgoapi.Config) {}, false, "certificate signed by unknown authority"},
		{"service name and server name", func(c *sftpgoapi.Config) {
			c.URL, c.CA, c.ServerName, c.DialContext = "https://files-web.ns.svc:8080", srv.CA(), "example.com", dialTo(addr)
		}, true, ""},
		{"service name without server name", func(c *sftpgoapi.Config) {
			c.URL, c.CA, c.DialContext = "https://files-web.ns.svc:8080", srv.CA(), dialTo(addr)
		}, false, "files-web.ns.svc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, obs := newClient(t, srv, tt.cfg)
			_, err := c.ListUsers(ctx)
			if tt.ok {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			requireReason(t, err, sftpgoapi.ErrUnreachable, 0)
			if !strings.Contains(err.Error(), tt.msg) || strings.Contains(err.Error(), adminPassword) {
				t.Errorf("error %q, want it to mention %q", err, tt.msg)
			}
			if got := obs.count("GET /api/v2/token"); got != 1 {
				t.Errorf("%d token requests", got)
			}
		})
	}
}

func TestPlainHTTPThroughDialContext(t *testing.T) {
	srv := newFake(t)
	c, _ := newClient(t, srv, func(c *sftpgoapi.Config) {
		c.URL, c.DialContext = "http://files-web.ns.svc:8080", dialTo(strings.TrimPrefix(srv.URL, "http://"))
	})
	if _, err := c.ListUsers(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestUnreachable(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()

	tests := []struct {
		name   string
		setup  func(srv *fake.Server)
		cfg    func(*sftpgoapi.Config)
		status int
		msg    string
	}{
		{"down", func(s *fake.Server) { s.SetDown(true) }, nil, http.StatusServiceUnavailable, "upstream connect error"},
		{"connection closed", func(s *fake.Server) { s.SetUnreachable(true) }, nil, 0, "EOF"},
		{"connection refused", nil, func(c *sftpgoapi.Config) { c.URL = closedURL }, 0, "connection refused"},
		{"REST API not on this port", nil, func(c *sftpgoapi.Config) { c.URL += "/other" }, http.StatusNotFound, "REST API"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFake(t)
			c, _ := newClient(t, srv, tt.cfg)
			if tt.setup != nil {
				tt.setup(srv)
			}
			_, err := c.GetUser(ctx, "x")
			requireReason(t, err, sftpgoapi.ErrUnreachable, tt.status)
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q, want it to mention %q", err, tt.msg)
			}
		})
	}
}

func TestDownThenUpAgain(t *testing.T) {
	srv := newFake(t)
	c, obs := newClient(t, srv, nil)
	if _, err := c.ListUsers(ctx); err != nil {
		t.Fatal(err)
	}
	srv.SetDown(true)
	_, err := c.ListUsers(ctx)
	requireReason(t, err, sftpgoapi.ErrUnreachable, http.StatusServiceUnavailable)
	srv.SetDown(false)
	if _, err := c.ListUsers(ctx); err != nil {
		t.Fatal(err)
	}
	if got := obs.count("GET /api/v2/users"); got != 3 {
		t.Errorf("%d requests, want 3 (no retry on 503)", got)
	}
}

func TestTimeouts(t *testing.T) {
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(slow.Close)
	t.Cleanup(func() { close(release) })

	c, err := sftpgoapi.New(sftpgoapi.Config{URL: slow.URL, APIKey: "id.key", Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetUser(ctx, "x")
	requireReason(t, err, sftpgoapi.ErrUnreachable, 0)

	c, err = sftpgoapi.New(sftpgoapi.Config{URL: slow.URL, APIKey: "id.key", Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	_, err = c.GetUser(short, "x")
	requireReason(t, err, sftpgoapi.ErrUnreachable, 0)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("%v is not context.DeadlineExceeded", err)
	}
}

// TestSecretsNeverInErrors runs against a server that echoes everything it
// receives into its error messages.
func TestSecretsNeverInErrors(t *testing.T) {
	const token = "tok-abcdef-0123456789"
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.URL.Path == "/api/v2/token" {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"access_token":"`+token+`","expires_at":"2100-01-01T00:00:00Z"}`)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		msg := strings.NewReplacer(`"`, `'`, "\n", " ").Replace(r.Header.Get("Authorization") + " " +
			r.Header.Get("X-SFTPGO-API-KEY") + " " + string(body))
		//nolint:gosec // G705: this server echoes its input on purpose, to prove that the client redacts it.
		_, _ = io.WriteString(w, `{"error":"echo: `+msg+`"}`)
	}))
	t.Cleanup(echo.Close)

	const userPassword = "user-Secret-Passw0rd"
	tests := []struct {
		name    string
		cfg     sftpgoapi.Config
		secrets []string
	}{
		{"token", sftpgoapi.Config{URL: echo.URL, Username: adminUser, Password: adminPassword}, []string{token, userPassword}},
		{"api key", sftpgoapi.Config{URL: echo.URL, APIKey: "keyid.keysecret-123"}, []string{"keysecret-123", userPassword}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := sftpgoapi.New(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			u := testUser("gina")
			u.Password = userPassword
			_, err = c.CreateUser(ctx, u)
			e := requireReason(t, err, sftpgoapi.ErrInvalid, http.StatusBadRequest)
			if !strings.Contains(e.Message, "echo:") || !strings.Contains(e.Message, "[redacted]") {
				t.Fatalf("message %q", e.Message)
			}
			for _, s := range tt.secrets {
				if strings.Contains(err.Error(), s) {
					t.Errorf("%q is in %q", s, err)
				}
			}
			err = c.UpdateUser(ctx, u, false)
			if err == nil || strings.Contains(err.Error(), userPassword) {
				t.Errorf("update error %v", err)
			}
		})
	}
}

func TestNewChecksConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  sftpgoapi.Config
	}{
		{"no URL", sftpgoapi.Config{APIKey: "k.k"}},
		{"bad scheme", sftpgoapi.Config{URL: "ftp://h", APIKey: "k.k"}},
		{"no host", sftpgoapi.Config{URL: "http://", APIKey: "k.k"}},
		{"credentials in URL", sftpgoapi.Config{URL: "http://u:p@h", APIKey: "k.k"}},
		{"query", sftpgoapi.Config{URL: "http://h?x=1", APIKey: "k.k"}},
		{"no credentials", sftpgoapi.Config{URL: "http://h"}},
		{"no password", sftpgoapi.Config{URL: "http://h", Username: "u"}},
		{"bad CA", sftpgoapi.Config{URL: "https://h", APIKey: "k.k", CA: []byte("not a PEM")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := sftpgoapi.New(tt.cfg); err == nil {
				t.Error("New accepted it")
			} else if strings.Contains(err.Error(), ":p@") {
				t.Errorf("error %q shows the URL's password", err)
			}
		})
	}
	if _, err := sftpgoapi.New(sftpgoapi.Config{URL: "https://files-web.ns.svc:8080/", Username: "u", Password: "p"}); err != nil {
		t.Errorf("valid config: %v", err)
	}
}

func TestEmptyNameIsRefusedLocally(t *testing.T) {
	srv := newFake(t)
	c, obs := newClient(t, srv, nil)
	_, err := c.GetUser(ctx, "")
	requireReason(t, err, sftpgoapi.ErrInvalid, 0)
	if err := c.UpdateGroup(ctx, &sftpgoapi.Group{}); !errors.Is(err, sftpgoapi.ErrInvalid) {
		t.Errorf("UpdateGroup: %v", err)
	}
	if n := obs.count("GET /api/v2/token"); n != 0 {
		t.Errorf("%d requests", n)
	}
}

func TestNamesAreEscaped(t *testing.T) {
	srv := newFake(t)
	c, _ := newClient(t, srv, nil)
	if _, err := c.CreateUser(ctx, testUser("ana maría?#")); err != nil {
		t.Fatal(err)
	}
	u, err := c.GetUser(ctx, "ana maría?#")
	if err != nil || u.Username != "ana maría?#" {
		t.Fatalf("GetUser: %v %v", u, err)
	}
	if err := c.DeleteUser(ctx, "ana maría?#"); err != nil {
		t.Fatal(err)
	}
}
