package sftpgoapi_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi/fake"
)

const (
	adminUser     = "operator"
	adminPassword = "op-Secret-Passw0rd"
)

// observed counts the client's requests per "METHOD route status".
type observed struct {
	mu    sync.Mutex
	calls map[string]int
}

func (o *observed) observe(method, path string, status int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.calls == nil {
		o.calls = map[string]int{}
	}
	o.calls[method+" "+path]++
	o.calls[method+" "+path+" "+http.StatusText(status)]++
}

// count returns the requests to "METHOD route", or with " Status Text"
// appended, those that got that status.
func (o *observed) count(key string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.calls[key]
}

// newFake starts a fake SFTPGo with the operator's admin.
func newFake(t *testing.T, opts ...fake.Option) *fake.Server {
	t.Helper()
	srv := fake.New(opts...)
	t.Cleanup(srv.Close)
	srv.AddAdmin(adminUser, adminPassword)
	return srv
}

// newClient returns a client of srv with the admin's credentials; edit
// adjusts its Config.
func newClient(t *testing.T, srv *fake.Server, edit func(*sftpgoapi.Config)) (*sftpgoapi.Client, *observed) {
	t.Helper()
	obs := &observed{}
	cfg := sftpgoapi.Config{
		URL:      srv.URL,
		Username: adminUser,
		Password: adminPassword,
		Timeout:  5 * time.Second,
		Observe:  obs.observe,
	}
	if edit != nil {
		edit(&cfg)
	}
	c, err := sftpgoapi.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, obs
}

// testUser returns a valid user to create.
func testUser(name string) *sftpgoapi.User {
	return &sftpgoapi.User{
		Status:      sftpgoapi.StatusEnabled,
		Username:    name,
		Password:    "user-Passw0rd-" + name,
		Permissions: sftpgoapi.Permissions{"/": {"*"}},
	}
}

// clock is a settable clock shared by a client and a fake.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func fmtV(v any) string {
	return fmt.Sprintf("%v %+v", v, v)
}
