package sftpgoapi_test

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi/fake"
)

func TestTokenIsReused(t *testing.T) {
	srv := newFake(t)
	c, obs := newClient(t, srv, nil)
	for range 25 {
		if _, err := c.ListUsers(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := obs.count("GET /api/v2/token"); got != 1 {
		t.Errorf("%d token requests, want 1", got)
	}
	if got := srv.Requests()["GET /api/v2/users"]; got != 25 {
		t.Errorf("%d list requests, want 25", got)
	}
}

func TestConcurrentCallsFetchOneToken(t *testing.T) {
	srv := newFake(t)
	c, obs := newClient(t, srv, nil)
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for range 32 {
		wg.Go(func() {
			if _, err := c.ListGroups(ctx); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := obs.count("GET /api/v2/token"); got != 1 {
		t.Errorf("%d token requests, want 1", got)
	}
	if got := srv.Requests()["GET /api/v2/groups"]; got != 32 {
		t.Errorf("%d requests, want 32", got)
	}
}

func TestExpiredTokenIsRefreshedOnceAndRetried(t *testing.T) {
	srv := newFake(t)
	c, obs := newClient(t, srv, nil)
	srv.PutUser(*testUser("dave"))
	if _, err := c.GetUser(ctx, "dave"); err != nil {
		t.Fatal(err)
	}
	srv.ExpireTokens()
	u, err := c.GetUser(ctx, "dave")
	if err != nil || u.Username != "dave" {
		t.Fatalf("GetUser after expiry: %v", err)
	}
	for key, want := range map[string]int{
		"GET /api/v2/token":                         2,
		"GET /api/v2/users/{username}":              3,
		"GET /api/v2/users/{username} Unauthorized": 1,
	} {
		if got := obs.count(key); got != want {
			t.Errorf("%s: %d, want %d", key, got, want)
		}
	}
	// A body is sent again on the retry.
	srv.ExpireTokens()
	u.QuotaFiles = 3
	if err := c.UpdateUser(ctx, u, false); err != nil {
		t.Fatalf("UpdateUser after expiry: %v", err)
	}
	if stored, _ := srv.User("dave"); stored.QuotaFiles != 3 {
		t.Errorf("quota_files %d", stored.QuotaFiles)
	}
}

func TestFreshTokenRefusedIsNotRetried(t *testing.T) {
	// Tokens already expired when issued: every request gets a 401.
	srv := newFake(t, fake.WithTokenLifetime(-time.Hour))
	c, obs := newClient(t, srv, nil)
	_, err := c.GetUser(ctx, "x")
	requireReason(t, err, sftpgoapi.ErrUnauthorized, http.StatusUnauthorized)
	if tok, get := obs.count("GET /api/v2/token"), obs.count("GET /api/v2/users/{username}"); tok != 1 || get != 1 {
		t.Errorf("%d token and %d user requests, want 1 and 1", tok, get)
	}
}

func TestTokenRenewedBeforeExpiry(t *testing.T) {
	clk := &clock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	srv := newFake(t, fake.WithClock(clk.Now))
	c, obs := newClient(t, srv, nil)
	// The client's clock is 3 hours off SFTPGo's: lifetimes are measured
	// against the answer's Date, so it does not matter.
	sftpgoapi.SetClock(c, func() time.Time { return clk.Now().Add(3 * time.Hour) })
	call := func() {
		t.Helper()
		if _, err := c.ListUsers(ctx); err != nil {
			t.Fatal(err)
		}
	}
	call()
	clk.Advance(17 * time.Minute)
	call()
	if got := obs.count("GET /api/v2/token"); got != 1 {
		t.Fatalf("%d token requests at 17 minutes, want 1", got)
	}
	// 20 minutes lifetime, renewed 2 minutes before.
	clk.Advance(90 * time.Second)
	call()
	if got := obs.count("GET /api/v2/token"); got != 2 {
		t.Fatalf("%d token requests at 18.5 minutes, want 2", got)
	}
	if got := obs.count("GET /api/v2/users Unauthorized"); got != 0 {
		t.Errorf("%d requests refused", got)
	}
}

func TestWrongPassword(t *testing.T) {
	srv := newFake(t)
	const wrong = "not-the-Passw0rd"
	c, obs := newClient(t, srv, func(cfg *sftpgoapi.Config) { cfg.Password = wrong })
	_, err := c.GetUser(ctx, "x")
	e := requireReason(t, err, sftpgoapi.ErrUnauthorized, http.StatusUnauthorized)
	if strings.Contains(err.Error(), wrong) || !strings.Contains(e.Message, `admin "operator"`) {
		t.Errorf("error %q", err)
	}
	if got := obs.count("GET /api/v2/token"); got != 1 {
		t.Errorf("%d token requests", got)
	}
	if got := obs.count("GET /api/v2/users/{username}"); got != 0 {
		t.Errorf("%d user requests without a token", got)
	}
}

func TestMissingPermissionIsUnauthorized(t *testing.T) {
	srv := newFake(t)
	srv.PutAdmin(sftpgoapi.Admin{Status: 1, Username: "viewer", Password: "viewer-Passw0rd", Permissions: []string{"view_users"}})
	c, _ := newClient(t, srv, func(cfg *sftpgoapi.Config) { cfg.Username, cfg.Password = "viewer", "viewer-Passw0rd" })
	if _, err := c.ListUsers(ctx); err != nil {
		t.Fatal(err)
	}
	_, err := c.CreateUser(ctx, testUser("eve"))
	requireReason(t, err, sftpgoapi.ErrUnauthorized, http.StatusForbidden)

	// An admin that must change its password cannot use the API.
	srv.PutAdmin(sftpgoapi.Admin{Status: 1, Username: "newbie", Password: "newbie-Passw0rd", Permissions: []string{"*"},
		Filters: sftpgoapi.AdminFilters{RequirePasswordChange: true}})
	c2, _ := newClient(t, srv, func(cfg *sftpgoapi.Config) { cfg.Username, cfg.Password = "newbie", "newbie-Passw0rd" })
	_, err = c2.ListUsers(ctx)
	e := requireReason(t, err, sftpgoapi.ErrUnauthorized, http.StatusForbidden)
	if !strings.Contains(e.Message, "Password change required") {
		t.Errorf("message %q", e.Message)
	}
}

func TestAPIKey(t *testing.T) {
	srv := newFake(t)
	key := srv.AddAPIKey(adminUser)
	c, obs := newClient(t, srv, func(cfg *sftpgoapi.Config) { cfg.Username, cfg.Password, cfg.APIKey = "", "", key })
	if _, err := c.CreateUser(ctx, testUser("frank")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetUser(ctx, "frank"); err != nil {
		t.Fatal(err)
	}
	if got := obs.count("GET /api/v2/token") + srv.Requests()["GET /api/v2/token"]; got != 0 {
		t.Errorf("%d token requests with an API key", got)
	}
	// SFTPGo refuses changes to the admin an API key impersonates.
	self, err := c.GetAdmin(ctx, adminUser)
	if err != nil {
		t.Fatal(err)
	}
	e := requireReason(t, c.UpdateAdmin(ctx, self), sftpgoapi.ErrInvalid, http.StatusBadRequest)
	if e.Message != "updating the admin impersonated with an API key is not allowed" {
		t.Errorf("message %q", e.Message)
	}

	id, secret, _ := strings.Cut(key, ".")
	tests := []struct {
		name   string
		key    string
		status int
	}{
		{"malformed", "nodot", http.StatusBadRequest},
		{"unknown id", "unknownid." + secret, http.StatusBadRequest},
		{"wrong secret", id + ".wrongsecretvalue", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad, obs := newClient(t, srv, func(cfg *sftpgoapi.Config) { cfg.Username, cfg.Password, cfg.APIKey = "", "", tt.key })
			_, err := bad.ListUsers(ctx)
			requireReason(t, err, sftpgoapi.ErrUnauthorized, tt.status)
			if strings.Contains(err.Error(), tt.key) {
				t.Errorf("the key is in %q", err)
			}
			if got := obs.count("GET /api/v2/users"); got != 1 {
				t.Errorf("%d requests, want 1 (no retry)", got)
			}
		})
	}
	// The key stops working when the admin disallows API keys.
	admin, _ := srv.Admin(adminUser)
	admin.Filters.AllowAPIKeyAuth = false
	srv.PutAdmin(*admin)
	_, err = c.ListUsers(ctx)
	if !errors.Is(err, sftpgoapi.ErrUnauthorized) {
		t.Errorf("after disallowing API keys: %v", err)
	}
}
