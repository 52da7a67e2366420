package sftpgoapi_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi/fake"
)

const (
	roleAdmin         = "support"
	roleAdminPassword = "support-Passw0rd"
)

// newRoleFake starts a fake with the admin "support" of role team-a.
func newRoleFake(t *testing.T) *fake.Server {
	t.Helper()
	srv := newFake(t)
	srv.AddRoleAdmin(roleAdmin, roleAdminPassword, "team-a")
	return srv
}

func forcedRole(t *testing.T, c *sftpgoapi.Client) string {
	t.Helper()
	role, err := c.ForcedRole(context.Background())
	if err != nil {
		t.Fatalf("ForcedRole: %v", err)
	}
	return role
}

func TestForcedRoleFromTheTokenClaims(t *testing.T) {
	srv := newRoleFake(t)
	ctx := context.Background()
	c, obs := newClient(t, srv, func(cfg *sftpgoapi.Config) { cfg.Username, cfg.Password = roleAdmin, roleAdminPassword })

	// Known before any user request, with the one token request the
	// first call needs anyway.
	if got := forcedRole(t, c); got != "team-a" {
		t.Fatalf("ForcedRole = %q, want team-a", got)
	}
	created, err := c.CreateUser(ctx, testUser("alice"))
	if err != nil {
		t.Fatal(err)
	}
	if created.Role != "team-a" {
		t.Errorf("created with role %q, want team-a", created.Role)
	}
	if n := obs.count("GET /api/v2/token"); n != 1 {
		t.Errorf("%d token requests, want 1", n)
	}

	// A user of another role does not exist for this admin.
	other := testUser("bob")
	other.Role = "team-b"
	srv.PutUser(*other)
	if _, err := c.GetUser(ctx, "bob"); !errors.Is(err, sftpgoapi.ErrNotFound) {
		t.Errorf("GetUser of another role: %v, want ErrNotFound", err)
	}
	users, err := c.ListUsers(ctx)
	if err != nil || len(users) != 1 || users[0].Username != "alice" {
		t.Errorf("ListUsers = %v, %v, want alice alone", users, err)
	}
	if got := forcedRole(t, c); got != "team-a" {
		t.Errorf("ForcedRole = %q after the calls, want team-a", got)
	}
}

func TestForcedRoleNoneForAnAdminWithoutRole(t *testing.T) {
	srv := newFake(t)
	ctx := context.Background()
	c, _ := newClient(t, srv, nil)
	u := testUser("alice")
	u.Role = "team-b"
	if _, err := c.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if got := forcedRole(t, c); got != "" {
		t.Errorf("ForcedRole = %q, want none", got)
	}
	key := srv.AddAPIKey(adminUser)
	k, _ := newClient(t, srv, func(cfg *sftpgoapi.Config) { cfg.APIKey = key })
	u = testUser("carol")
	u.Role = "team-c"
	if _, err := k.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	u.Role = ""
	if err := k.UpdateUser(ctx, u, false); err != nil {
		t.Fatal(err)
	}
	if _, err := k.ListUsers(ctx); err != nil {
		t.Fatal(err)
	}
	if got := forcedRole(t, k); got != "" {
		t.Errorf("ForcedRole with an API key = %q, want none", got)
	}
}

func TestForcedRoleFromTheAnswersWithAnAPIKey(t *testing.T) {
	srv := newRoleFake(t)
	ctx := context.Background()
	key := srv.AddAPIKey(roleAdmin)
	withKey := func(cfg *sftpgoapi.Config) { cfg.APIKey = key }

	// A create answers the user with the admin's role.
	c, obs := newClient(t, srv, withKey)
	if got := forcedRole(t, c); got != "" {
		t.Fatalf("ForcedRole = %q before any answer, want none", got)
	}
	if _, err := c.CreateUser(ctx, testUser("alice")); err != nil {
		t.Fatal(err)
	}
	if got := forcedRole(t, c); got != "team-a" {
		t.Errorf("ForcedRole = %q after a create, want team-a", got)
	}
	if n := obs.count("GET /api/v2/token"); n != 0 {
		t.Errorf("%d token requests with an API key", n)
	}

	// A new client (an operator restart): an update sent without the role,
	// then the user read back, by a list or a GET, with it.
	for _, read := range []string{"list", "get"} {
		c, _ := newClient(t, srv, withKey)
		u := testUser("alice")
		u.Password = ""
		if err := c.UpdateUser(ctx, u, false); err != nil {
			t.Fatal(err)
		}
		if got := forcedRole(t, c); got != "" {
			t.Errorf("%s: ForcedRole = %q after an update alone, want none yet", read, got)
		}
		var err error
		if read == "list" {
			_, err = c.ListUsers(ctx)
		} else {
			_, err = c.GetUser(ctx, "alice")
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := forcedRole(t, c); got != "team-a" {
			t.Errorf("%s: ForcedRole = %q after reading the user back, want team-a", read, got)
		}
	}

	// A user read without an update before tells nothing: its role may be
	// anyone's choice.
	c, _ = newClient(t, srv, withKey)
	if _, err := c.ListUsers(ctx); err != nil {
		t.Fatal(err)
	}
	if got := forcedRole(t, c); got != "" {
		t.Errorf("ForcedRole = %q after a list alone, want none", got)
	}
}
