package accounts_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/accounts"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi/fake"
)

// TestThroughFake runs the reconciler's calls against the fake SFTPGo for
// every fixture: create, read (one by one and listed), and, once someone
// has changed members the spec does not set, update: the account matches
// its spec after each step, and what the spec does not set survives.
func TestThroughFake(t *testing.T) {
	ctx := context.Background()
	srv := fake.New()
	t.Cleanup(srv.Close)
	srv.AddAdmin("root", "root-Passw0rd")
	c, err := sftpgoapi.New(sftpgoapi.Config{URL: srv.URL, Username: "root", Password: "root-Passw0rd"})
	if err != nil {
		t.Fatal(err)
	}

	// The groups and folders the fixtures name.
	create(ctx, t, c, accounts.Folders, func() (*v1alpha1.SFTPGoFolder, accounts.Values) {
		return &v1alpha1.SFTPGoFolder{ObjectMeta: meta("archive"), Spec: v1alpha1.SFTPGoFolderSpec{MappedPath: "/srv/archive"}}, nil
	})
	create(ctx, t, c, accounts.Folders, fullAzureFolder)
	create(ctx, t, c, accounts.Folders, cryptFolder)
	for _, name := range []string{"developers", "auditors", "everyone"} {
		create(ctx, t, c, accounts.Groups, func() (*v1alpha1.SFTPGoGroup, accounts.Values) {
			return &v1alpha1.SFTPGoGroup{ObjectMeta: meta(name)}, nil
		})
	}

	roundTrip(ctx, t, c, groupFixture(), func() {
		g, _ := srv.Group("devs")
		g.UserSettings.Filters.RequirePasswordChange = true
		setMember(t, &g.UserSettings.Filters.Extra, "hooks", map[string]bool{"pre_login_disabled": true})
		srv.PutGroup(*g)
	}, func(g *sftpgoapi.Group) {
		if string(g.UserSettings.Filters.Extra["hooks"]) != `{"pre_login_disabled":true}` {
			t.Errorf("group hooks %s", g.UserSettings.Filters.Extra["hooks"])
		}
		if v, _ := fake.SecretValue(g.UserSettings.Filesystem.GCSConfig.Credentials); v != `{"type": "service_account"}` {
			t.Errorf("GCS credentials %q", v)
		}
	})
	roundTrip(ctx, t, c, azureFolderFixture(), nil, func(f *sftpgoapi.Folder) {
		if v, _ := fake.SecretValue(f.Filesystem.AzBlobConfig.AccountKey); v != "azure-key" {
			t.Errorf("account key %q", v)
		}
	})
	roundTrip(ctx, t, c, cryptFolderFixture(), func() {
		f, _ := srv.Folder("vault")
		var crypt map[string]json.RawMessage
		if err := json.Unmarshal(f.Filesystem.Extra["cryptconfig"], &crypt); err != nil {
			t.Fatal(err)
		}
		crypt["read_buffer_size"] = json.RawMessage("4")
		setMember(t, &f.Filesystem.Extra, "cryptconfig", crypt)
		srv.PutFolder(*f)
	}, func(f *sftpgoapi.Folder) {
		var crypt struct {
			ReadBufferSize int                  `json:"read_buffer_size"`
			Passphrase     *sftpgoapi.KMSSecret `json:"passphrase"`
		}
		_ = json.Unmarshal(f.Filesystem.Extra["cryptconfig"], &crypt)
		if v, _ := fake.SecretValue(crypt.Passphrase); v != "long random passphrase" || crypt.ReadBufferSize != 4 {
			t.Errorf("cryptconfig %s", f.Filesystem.Extra["cryptconfig"])
		}
	})
	roundTrip(ctx, t, c, userFixture(), func() {
		u, _ := srv.User("alice")
		setMember(t, &u.Extra, "uid", 1000)
		u.Filters.RequirePasswordChange = true
		setMember(t, &u.Filesystem.S3Config.Extra, "session_token", "tok")
		srv.PutUser(*u)
	}, func(u *sftpgoapi.User) {
		if string(u.Extra["uid"]) != "1000" || !u.Filters.RequirePasswordChange ||
			string(u.Filesystem.S3Config.Extra["session_token"]) != `"tok"` {
			t.Errorf("members set by hand lost: uid %s, require_password_change %v, session token %s",
				u.Extra["uid"], u.Filters.RequirePasswordChange, u.Filesystem.S3Config.Extra["session_token"])
		}
		if v, _ := fake.SecretValue(u.Filesystem.S3Config.AccessSecret); v != "s3-secret" {
			t.Errorf("access secret %q", v)
		}
		if !srv.CheckUserPassword("alice", "Secret-Passw0rd") {
			t.Error("the password is not the Secret's")
		}
	})
	roundTrip(ctx, t, c, adminFixture(), func() {
		a, _ := srv.Admin("operations")
		a.AdditionalInfo = "by hand"
		srv.PutAdmin(*a)
	}, func(a *sftpgoapi.Admin) {
		if a.AdditionalInfo != "by hand" {
			t.Errorf("additional info %q", a.AdditionalInfo)
		}
		if pw, _ := srv.Password(fake.KindAdmin, "operations"); pw != "Admin-Passw0rd" {
			t.Errorf("admin password %q", pw)
		}
	})

	t.Run("delete", func(t *testing.T) {
		deleted := func(err error, get error) {
			t.Helper()
			if err != nil || !errors.Is(get, sftpgoapi.ErrNotFound) {
				t.Errorf("delete: %v, then get: %v", err, get)
			}
		}
		err := accounts.Users.API.Delete(ctx, c, "alice")
		_, get := accounts.Users.API.Get(ctx, c, "alice")
		deleted(err, get)
		err = accounts.Admins.API.Delete(ctx, c, "operations")
		_, get = accounts.Admins.API.Get(ctx, c, "operations")
		deleted(err, get)
		err = accounts.Groups.API.Delete(ctx, c, "devs")
		_, get = accounts.Groups.API.Get(ctx, c, "devs")
		deleted(err, get)
		err = accounts.Folders.API.Delete(ctx, c, "vault")
		_, get = accounts.Folders.API.Get(ctx, c, "vault")
		deleted(err, get)
	})
}

// create makes the account of the resource fixture returns.
func create[R accounts.Resource, O any](ctx context.Context, t *testing.T, c *sftpgoapi.Client, kind accounts.Kind[R, O],
	fixture func() (R, accounts.Values)) {
	t.Helper()
	res, values := fixture()
	o, err := kind.Build(res, values, marker(res.GetName()))
	if err != nil {
		t.Fatal(err)
	}
	created, err := kind.API.Create(ctx, c, o)
	if err != nil {
		t.Fatalf("create %s %s: %v", kind.Name, res.AccountName(), err)
	}
	if kind.Object.ID(created) == 0 {
		t.Errorf("created %s %s without an id", kind.Name, res.AccountName())
	}
}

func roundTrip[R accounts.Resource, O any](ctx context.Context, t *testing.T, c *sftpgoapi.Client, f fixture[R, O],
	edit func(), check func(*O)) {
	t.Run(f.name, func(t *testing.T) {
		res, _ := f.res()
		name := res.AccountName()
		if _, err := f.kind.API.Get(ctx, c, name); err != nil {
			create(ctx, t, c, f.kind, f.res)
		}
		synced := func(step string) *O {
			t.Helper()
			live, err := f.kind.API.Get(ctx, c, name)
			if err != nil {
				t.Fatal(err)
			}
			if f.differs(t, live) {
				desired := f.build(t)
				f.kind.Object.Keep(live, desired)
				f.kind.Object.KeepSecrets(live, desired)
				l, _ := json.MarshalIndent(live, "", " ")
				d, _ := json.MarshalIndent(desired, "", " ")
				t.Fatalf("%s: Differs reports a difference\nlive %s\ndesired %s", step, l, d)
			}
			list, err := f.kind.API.List(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for i := range list {
				if f.kind.Object.Name(&list[i]) == name {
					found = true
					if f.differs(t, &list[i]) {
						t.Errorf("%s: Differs reports a difference for the listed account", step)
					}
				}
			}
			if !found {
				t.Errorf("%s: not listed", step)
			}
			return live
		}
		synced("created")
		if edit != nil {
			edit()
		}
		live, err := f.kind.API.Get(ctx, c, name)
		if err != nil {
			t.Fatal(err)
		}
		desired := f.build(t)
		f.kind.Object.Keep(live, desired)
		f.kind.Object.KeepSecrets(live, desired)
		if err := f.kind.API.Update(ctx, c, desired, false); err != nil {
			t.Fatal(err)
		}
		live = synced("updated")
		if f.kind.Object.ID(live) == 0 || accounts.Owner(f.kind.Object.Description(live)) != namespace+"/"+res.GetName() {
			t.Errorf("id %d, description %q", f.kind.Object.ID(live), f.kind.Object.Description(live))
		}
		if check != nil {
			check(live)
		}
	})
}
