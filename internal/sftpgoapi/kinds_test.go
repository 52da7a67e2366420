package sftpgoapi_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi/fake"
)

// kind drives the same calls on each type of object.
type kind struct {
	name   string
	create func(c *sftpgoapi.Client, name string) error
	get    func(c *sftpgoapi.Client, name string) (id int64, err error)
	update func(c *sftpgoapi.Client, name string) error
	delete func(c *sftpgoapi.Client, name string) error
	list   func(c *sftpgoapi.Client) (names []string, err error)
	route  string
}

var ctx = context.Background()

var kinds = []kind{
	{
		name: "user",
		create: func(c *sftpgoapi.Client, name string) error {
			_, err := c.CreateUser(ctx, testUser(name))
			return err
		},
		get: func(c *sftpgoapi.Client, name string) (int64, error) {
			u, err := c.GetUser(ctx, name)
			if err != nil {
				return 0, err
			}
			return u.ID, nil
		},
		update: func(c *sftpgoapi.Client, name string) error { return c.UpdateUser(ctx, testUser(name), false) },
		delete: func(c *sftpgoapi.Client, name string) error { return c.DeleteUser(ctx, name) },
		list: func(c *sftpgoapi.Client) ([]string, error) {
			l, err := c.ListUsers(ctx)
			var names []string
			for _, u := range l {
				names = append(names, u.Username)
			}
			return names, err
		},
		route: "/api/v2/users",
	},
	{
		name: "group",
		create: func(c *sftpgoapi.Client, name string) error {
			_, err := c.CreateGroup(ctx, &sftpgoapi.Group{Name: name})
			return err
		},
		get: func(c *sftpgoapi.Client, name string) (int64, error) {
			g, err := c.GetGroup(ctx, name)
			if err != nil {
				return 0, err
			}
			return g.ID, nil
		},
		update: func(c *sftpgoapi.Client, name string) error {
			return c.UpdateGroup(ctx, &sftpgoapi.Group{Name: name, Description: "updated"})
		},
		delete: func(c *sftpgoapi.Client, name string) error { return c.DeleteGroup(ctx, name) },
		list: func(c *sftpgoapi.Client) ([]string, error) {
			l, err := c.ListGroups(ctx)
			var names []string
			for _, g := range l {
				names = append(names, g.Name)
			}
			return names, err
		},
		route: "/api/v2/groups",
	},
	{
		name: "folder",
		create: func(c *sftpgoapi.Client, name string) error {
			_, err := c.CreateFolder(ctx, &sftpgoapi.Folder{Name: name, MappedPath: "/data/" + name})
			return err
		},
		get: func(c *sftpgoapi.Client, name string) (int64, error) {
			f, err := c.GetFolder(ctx, name)
			if err != nil {
				return 0, err
			}
			return f.ID, nil
		},
		update: func(c *sftpgoapi.Client, name string) error {
			return c.UpdateFolder(ctx, &sftpgoapi.Folder{Name: name, MappedPath: "/data/moved"})
		},
		delete: func(c *sftpgoapi.Client, name string) error { return c.DeleteFolder(ctx, name) },
		list: func(c *sftpgoapi.Client) ([]string, error) {
			l, err := c.ListFolders(ctx)
			var names []string
			for _, f := range l {
				names = append(names, f.Name)
			}
			return names, err
		},
		route: "/api/v2/folders",
	},
	{
		name: "admin",
		create: func(c *sftpgoapi.Client, name string) error {
			_, err := c.CreateAdmin(ctx, &sftpgoapi.Admin{Status: 1, Username: name, Password: "admin-Passw0rd",
				Permissions: []string{"view_users"}})
			return err
		},
		get: func(c *sftpgoapi.Client, name string) (int64, error) {
			a, err := c.GetAdmin(ctx, name)
			if err != nil {
				return 0, err
			}
			return a.ID, nil
		},
		update: func(c *sftpgoapi.Client, name string) error {
			return c.UpdateAdmin(ctx, &sftpgoapi.Admin{Status: 1, Username: name, Permissions: []string{"view_users", "add_users"}})
		},
		delete: func(c *sftpgoapi.Client, name string) error { return c.DeleteAdmin(ctx, name) },
		list: func(c *sftpgoapi.Client) ([]string, error) {
			l, err := c.ListAdmins(ctx)
			var names []string
			for _, a := range l {
				names = append(names, a.Username)
			}
			return names, err
		},
		route: "/api/v2/admins",
	},
}

// requireReason fails unless err is an *Error with reason and status, and
// returns a copy of it.
func requireReason(t *testing.T, err error, sentinel error, status int) sftpgoapi.Error {
	t.Helper()
	if !errors.Is(err, sentinel) {
		t.Fatalf("error %v (reason %s), want %v", err, sftpgoapi.ReasonOf(err), sentinel)
	}
	var e *sftpgoapi.Error
	if !errors.As(err, &e) {
		t.Fatalf("%T is not an *Error", err)
	}
	if e.Status != status {
		t.Fatalf("status %d, want %d (%v)", e.Status, status, err)
	}
	return *e
}

func TestLifecycleAndErrorsOfEachKind(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			srv := newFake(t)
			c, obs := newClient(t, srv, nil)
			item := k.route + "/{" + map[bool]string{true: "username", false: "name"}[k.name == "user" || k.name == "admin"] + "}"

			// Missing: GET, PUT and DELETE are 404.
			_, err := k.get(c, "ghost")
			requireReason(t, err, sftpgoapi.ErrNotFound, http.StatusNotFound)
			requireReason(t, k.update(c, "ghost"), sftpgoapi.ErrNotFound, http.StatusNotFound)
			requireReason(t, k.delete(c, "ghost"), sftpgoapi.ErrNotFound, http.StatusNotFound)

			if err := k.create(c, "one"); err != nil {
				t.Fatalf("create: %v", err)
			}
			id, err := k.get(c, "one")
			if err != nil || id < 1 {
				t.Fatalf("get: %d %v", id, err)
			}
			// POST of an existing name: 409.
			e := requireReason(t, k.create(c, "one"), sftpgoapi.ErrAlreadyExists, http.StatusConflict)
			if e.Message == "" || e.Op != "POST "+k.route {
				t.Errorf("error %+v", e)
			}
			if err := k.update(c, "one"); err != nil {
				t.Fatalf("update: %v", err)
			}
			if id2, _ := k.get(c, "one"); id2 != id {
				t.Errorf("the update changed the id from %d to %d", id, id2)
			}
			if err := k.create(c, "two"); err != nil {
				t.Fatal(err)
			}
			names, err := k.list(c)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"one", "two"}
			if k.name == "admin" {
				want = []string{"one", adminUser, "two"} // byte order
			}
			if len(names) != len(want) {
				t.Fatalf("list %v, want %v", names, want)
			}
			for i := range want {
				if names[i] != want[i] {
					t.Fatalf("list %v, want %v", names, want)
				}
			}
			if err := k.delete(c, "one"); err != nil {
				t.Fatal(err)
			}
			_, err = k.get(c, "one")
			requireReason(t, err, sftpgoapi.ErrNotFound, http.StatusNotFound)

			for key, n := range map[string]int{
				"GET /api/v2/token":             1,
				"POST " + k.route:               3,
				"GET " + k.route:                1,
				"GET " + item:                   4,
				"PUT " + item:                   2,
				"DELETE " + item:                2,
				"POST " + k.route + " Conflict": 1,
			} {
				if got := obs.count(key); got != n {
					t.Errorf("%s: %d requests, want %d", key, got, n)
				}
			}
			if got := srv.Writes(); got != 7 {
				t.Errorf("fake saw %d writes, want 7", got)
			}
		})
	}
}

func TestValidationErrorKeepsSFTPGoMessage(t *testing.T) {
	srv := newFake(t)
	c, _ := newClient(t, srv, nil)
	tests := []struct {
		name string
		user func(u *sftpgoapi.User)
		msg  string
	}{
		{"no root permission", func(u *sftpgoapi.User) { u.Permissions = sftpgoapi.Permissions{"/docs": {"*"}} },
			`Validation error: permissions for the root dir "/" must be set`},
		{"relative home", func(u *sftpgoapi.User) { u.HomeDir = "home/bob" },
			"Validation error: home_dir must be an absolute path, actual value: home/bob"},
		{"bad permission", func(u *sftpgoapi.User) { u.Permissions["/"] = []string{"fly"} },
			`Validation error: invalid permission: "fly"`},
		{"two primary groups", func(u *sftpgoapi.User) {
			u.Groups = []sftpgoapi.GroupMapping{{Name: "a", Type: 1}, {Name: "b", Type: 1}}
		}, "Validation error: only one primary group is allowed"},
		{"bad CIDR", func(u *sftpgoapi.User) { u.Filters.AllowedIP = []string{"10.0.0.300/8"} },
			`Validation error: could not parse allowed IP/Mask "10.0.0.300/8": invalid CIDR address: 10.0.0.300/8`},
		{"S3 without bucket", func(u *sftpgoapi.User) {
			u.Filesystem = sftpgoapi.Filesystem{Provider: sftpgoapi.ProviderS3, S3Config: &sftpgoapi.S3Config{Region: "r"}}
		}, "Validation error: could not validate s3config: bucket cannot be empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := testUser("bob")
			tt.user(u)
			_, err := c.CreateUser(ctx, u)
			e := requireReason(t, err, sftpgoapi.ErrInvalid, http.StatusBadRequest)
			if e.Message != tt.msg {
				t.Errorf("message %q, want %q", e.Message, tt.msg)
			}
		})
	}
	if names := srv.Names(fake.KindUser); len(names) != 0 {
		t.Errorf("invalid users were stored: %v", names)
	}
}

func TestReferences(t *testing.T) {
	srv := newFake(t)
	c, _ := newClient(t, srv, nil)

	u := testUser("carol")
	u.Groups = []sftpgoapi.GroupMapping{{Name: "missing", Type: sftpgoapi.GroupTypeSecondary}}
	_, err := c.CreateUser(ctx, u)
	requireReason(t, err, sftpgoapi.ErrMissingReference, http.StatusInternalServerError)

	u.Groups = nil
	u.VirtualFolders = []sftpgoapi.VirtualFolder{{Name: "missing", VirtualPath: "/m"}}
	_, err = c.CreateUser(ctx, u)
	requireReason(t, err, sftpgoapi.ErrMissingReference, http.StatusInternalServerError)

	_, err = c.CreateGroup(ctx, &sftpgoapi.Group{Name: "g", VirtualFolders: []sftpgoapi.VirtualFolder{{Name: "missing", VirtualPath: "/m"}}})
	requireReason(t, err, sftpgoapi.ErrMissingReference, http.StatusInternalServerError)

	// A plain password with a missing primary group fails earlier, loading
	// the group's password policy.
	u.VirtualFolders = nil
	u.Groups = []sftpgoapi.GroupMapping{{Name: "missing", Type: sftpgoapi.GroupTypePrimary}}
	_, err = c.CreateUser(ctx, u)
	e := requireReason(t, err, sftpgoapi.ErrMissingReference, http.StatusInternalServerError)
	if e.Message != "unable to load group password policies" {
		t.Errorf("message %q", e.Message)
	}

	// A group with members cannot be deleted; a folder in use can.
	if _, err := c.CreateGroup(ctx, &sftpgoapi.Group{Name: "staff"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateFolder(ctx, &sftpgoapi.Folder{Name: "shared", MappedPath: "/srv/shared"}); err != nil {
		t.Fatal(err)
	}
	u.Groups = []sftpgoapi.GroupMapping{{Name: "staff", Type: sftpgoapi.GroupTypePrimary}}
	u.VirtualFolders = []sftpgoapi.VirtualFolder{{Name: "shared", VirtualPath: "/shared"}}
	if _, err := c.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	e = requireReason(t, c.DeleteGroup(ctx, "staff"), sftpgoapi.ErrInvalid, http.StatusBadRequest)
	if e.Message != `Validation error: the group "staff" is referenced, it cannot be removed` {
		t.Errorf("message %q", e.Message)
	}
	g, err := c.GetGroup(ctx, "staff")
	if err != nil || len(g.Users) != 1 || g.Users[0] != "carol" {
		t.Fatalf("group members %v %v", g, err)
	}
	if err := c.DeleteFolder(ctx, "shared"); err != nil {
		t.Fatalf("DeleteFolder: %v", err)
	}
	got, err := c.GetUser(ctx, "carol")
	if err != nil || len(got.VirtualFolders) != 0 {
		t.Fatalf("the deleted folder is still mounted: %v %v", got, err)
	}
}

func TestAdminSelfProtection(t *testing.T) {
	srv := newFake(t)
	c, _ := newClient(t, srv, nil)
	e := requireReason(t, c.DeleteAdmin(ctx, adminUser), sftpgoapi.ErrInvalid, http.StatusBadRequest)
	if e.Message != "you cannot delete yourself" {
		t.Errorf("message %q", e.Message)
	}
	self, err := c.GetAdmin(ctx, adminUser)
	if err != nil {
		t.Fatal(err)
	}
	self.Permissions = []string{"view_users"}
	e = requireReason(t, c.UpdateAdmin(ctx, self), sftpgoapi.ErrInvalid, http.StatusBadRequest)
	if e.Message != "you cannot change your permissions" {
		t.Errorf("message %q", e.Message)
	}
	// Another admin's password is kept when the update has none.
	if _, err := c.CreateAdmin(ctx, &sftpgoapi.Admin{Status: 1, Username: "ops", Password: "ops-Passw0rd", Permissions: []string{"*"}}); err != nil {
		t.Fatal(err)
	}
	ops, _ := c.GetAdmin(ctx, "ops")
	if ops.Password != "" {
		t.Error("GET returned a password")
	}
	ops.Description = "ops team"
	if err := c.UpdateAdmin(ctx, ops); err != nil {
		t.Fatal(err)
	}
	if pw, _ := srv.Password(fake.KindAdmin, "ops"); pw != "ops-Passw0rd" {
		t.Errorf("admin password %q", pw)
	}
	if _, err := c.CreateAdmin(ctx, &sftpgoapi.Admin{Status: 1, Username: "nopw", Permissions: []string{"*"}}); !errors.Is(err, sftpgoapi.ErrInvalid) {
		t.Errorf("admin without password: %v", err)
	}
}
