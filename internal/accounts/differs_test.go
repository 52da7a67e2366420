package accounts_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/accounts"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// fixture is a fully populated resource of a kind, with its Secret values
// and the unmodelled members SFTPGo adds.
type fixture[R accounts.Resource, O any] struct {
	name   string
	kind   accounts.Kind[R, O]
	res    func() (R, accounts.Values)
	extras string
}

func userFixture() fixture[*v1alpha1.SFTPGoUser, sftpgoapi.User] {
	return fixture[*v1alpha1.SFTPGoUser, sftpgoapi.User]{"user", accounts.Users, fullUser, userExtras}
}

func groupFixture() fixture[*v1alpha1.SFTPGoGroup, sftpgoapi.Group] {
	return fixture[*v1alpha1.SFTPGoGroup, sftpgoapi.Group]{"group", accounts.Groups, fullGroup, groupExtras}
}

func azureFolderFixture() fixture[*v1alpha1.SFTPGoFolder, sftpgoapi.Folder] {
	return fixture[*v1alpha1.SFTPGoFolder, sftpgoapi.Folder]{"azure folder", accounts.Folders, fullAzureFolder, folderExtras}
}

func cryptFolderFixture() fixture[*v1alpha1.SFTPGoFolder, sftpgoapi.Folder] {
	return fixture[*v1alpha1.SFTPGoFolder, sftpgoapi.Folder]{"encrypted folder", accounts.Folders, cryptFolder,
		cryptFolderExtras}
}

func adminFixture() fixture[*v1alpha1.SFTPGoAdmin, sftpgoapi.Admin] {
	return fixture[*v1alpha1.SFTPGoAdmin, sftpgoapi.Admin]{"admin", accounts.Admins, fullAdmin, adminExtras}
}

// build returns the object the fixture wants.
func (f fixture[R, O]) build(t *testing.T) *O {
	t.Helper()
	res, values := f.res()
	o, err := f.kind.Build(res, values, marker(res.GetName()))
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// live returns the object as SFTPGo returns it once stored.
func (f fixture[R, O]) live(t *testing.T) *O {
	t.Helper()
	return stored(t, f.build(t), f.extras)
}

// differs runs what the reconciler runs on live: Build, Keep, KeepSecrets,
// Differs.
func (f fixture[R, O]) differs(t *testing.T, live *O) bool {
	t.Helper()
	desired := f.build(t)
	f.kind.Object.Keep(live, desired)
	f.kind.Object.KeepSecrets(live, desired)
	return f.kind.Object.Differs(live, desired)
}

// path locates a member in a JSON document: keys and indexes.
type path []any

func (p path) String() string {
	var b strings.Builder
	for _, e := range p {
		if i, ok := e.(int); ok {
			fmt.Fprintf(&b, "[%d]", i)
		} else {
			fmt.Fprintf(&b, ".%s", e)
		}
	}
	return b.String()
}

// leaves returns the paths of the values of doc that the spec sets: every
// scalar, every empty list, and (to drop their last element) every list;
// not the password and secrets, which Differs does not compare. With a
// non-nil t, a null or an empty object (a member left unset by the
// fixture) fails the test.
func leaves(t *testing.T, doc any, at path) (values, lists []path) {
	switch v := doc.(type) {
	case map[string]any:
		if v["status"] == sftpgoapi.SecretStatusPlain {
			return nil, nil
		}
		if len(v) == 0 && t != nil {
			t.Errorf("%s is an empty object: populate the fixture so that every member is covered", at)
		}
		for k, m := range v {
			if len(at) == 0 && k == "password" {
				continue
			}
			vs, ls := leaves(t, m, append(slices.Clone(at), k))
			values, lists = append(values, vs...), append(lists, ls...)
		}
	case []any:
		if len(v) == 0 {
			return []path{at}, nil
		}
		lists = append(lists, at)
		for i, e := range v {
			vs, ls := leaves(t, e, append(slices.Clone(at), i))
			values, lists = append(values, vs...), append(lists, ls...)
		}
	case nil:
		if t == nil {
			return nil, nil
		}
		t.Errorf("%s is null: populate the fixture so that every member is covered", at)
	default:
		values = append(values, at)
	}
	return values, lists
}

// edit applies change to the value at p in doc (a deep copy is made).
func edit(t *testing.T, doc any, p path, change func(any) any) any {
	t.Helper()
	data, _ := json.Marshal(doc)
	var out any
	_ = json.Unmarshal(data, &out)
	var walk func(v any, p path) any
	walk = func(v any, p path) any {
		if len(p) == 0 {
			return change(v)
		}
		switch c := v.(type) {
		case map[string]any:
			k := p[0].(string)
			m, ok := c[k]
			if !ok {
				t.Fatalf("%s: the stored object lacks %q", p, k)
			}
			c[k] = walk(m, p[1:])
		case []any:
			i := p[0].(int)
			if i >= len(c) {
				t.Fatalf("%s: the stored list is shorter", p)
			}
			c[i] = walk(c[i], p[1:])
		default:
			t.Fatalf("%s: not a container in the stored object", p)
		}
		return v
	}
	return walk(out, p)
}

// mutate returns another value of the same JSON type.
func mutate(v any) any {
	switch v := v.(type) {
	case string:
		return v + "x"
	case float64:
		return v + 1
	case bool:
		return !v
	case []any: // an empty list
		return []any{"x"}
	}
	panic(fmt.Sprintf("cannot mutate %T", v))
}

func dropLast(v any) any {
	l := v.([]any)
	return l[:len(l)-1]
}

// checkDiffers: Differs is false for the stored form of what Build makes,
// and true when any member Build sets is changed on the server. A member
// Build sets that Differs does not compare fails here.
func checkDiffers[R accounts.Resource, O any](t *testing.T, f fixture[R, O]) {
	t.Run(f.name, func(t *testing.T) {
		if f.differs(t, f.live(t)) {
			t.Fatal("Differs reports the stored form of the built object as different")
		}
		if f.differs(t, decode[O](t, jsonOf(t, f.live(t)))) {
			t.Fatal("Differs reports a JSON round trip as different")
		}
		liveDoc := jsonOf(t, f.live(t))
		values, lists := leaves(t, jsonOf(t, f.build(t)), nil)
		if len(values) < 3 {
			t.Fatalf("only %d values", len(values))
		}
		for _, p := range values {
			if !f.differs(t, decode[O](t, edit(t, liveDoc, p, mutate))) {
				t.Errorf("%s changed on the server: Differs reports no difference", p)
			}
		}
		for _, p := range lists {
			if !f.differs(t, decode[O](t, edit(t, liveDoc, p, dropLast))) {
				t.Errorf("%s lost its last element on the server: Differs reports no difference", p)
			}
		}
	})
}

func TestDiffersEveryManagedMember(t *testing.T) {
	checkDiffers(t, userFixture())
	checkDiffers(t, groupFixture())
	checkDiffers(t, azureFolderFixture())
	checkDiffers(t, cryptFolderFixture())
	checkDiffers(t, adminFixture())
}

// TestDiffersNormalised: the forms SFTPGo gives what it stores match the
// spec.
func TestDiffersNormalised(t *testing.T) {
	f := userFixture()
	cases := []struct {
		name   string
		change func(u *sftpgoapi.User)
	}{
		{"lists in another order", func(u *sftpgoapi.User) {
			slices.Reverse(u.PublicKeys)
			slices.Reverse(u.Permissions["/"])
			slices.Reverse(u.Groups)
			slices.Reverse(u.VirtualFolders)
			slices.Reverse(u.Filters.AllowedIP)
			slices.Reverse(u.Filters.DeniedProtocols)
			slices.Reverse(u.Filters.DeniedLoginMethods)
			setMember(t, &u.Filters.Extra, "web_client", []string{"shares-disabled", "write-disabled"})
			setMember(t, &u.Filters.Extra, "two_factor_protocols", []string{"HTTP", "SSH"})
			setMember(t, &u.Filters.Extra, "additional_emails", []string{"a@example.org", "alice@example.net"})
			setMember(t, &u.Filters.Extra, "access_time", []map[string]any{
				{"day_of_week": 1, "from": "08:00", "to": "18:00"}, {"from": "10:00", "to": "12:00"}})
			setMember(t, &u.Filters.Extra, "file_patterns", []map[string]any{
				{"path": "/photos", "denied_patterns": []string{"*.tmp"}, "deny_policy": 0},
				{"path": "/", "allowed_patterns": []string{"*.png", "*.jpg"}, "denied_patterns": []string{"*.exe"}, "deny_policy": 1}})
			setMember(t, &u.Filters.Extra, "bandwidth_limits", []map[string]any{
				{"sources": []string{"172.16.0.0/12", "10.0.0.0/8"}, "upload_bandwidth": 1024, "download_bandwidth": 512}})
		}},
		{"members the API renders (uid, used quota, hooks, timestamps, folder details)", func(u *sftpgoapi.User) {
			setMember(t, &u.Extra, "last_login", 1234)
			setMember(t, &u.Filters.Extra, "hooks", map[string]bool{"check_password_disabled": true})
			setMember(t, &u.VirtualFolders[0].Extra, "used_quota_files", 3)
		}},
		{"other providers' configurations rendered empty", func(u *sftpgoapi.User) {
			u.Filesystem.GCSConfig = &sftpgoapi.GCSConfig{}
			u.Filesystem.AzBlobConfig = &sftpgoapi.AzBlobConfig{}
			setMember(t, &u.Filesystem.Extra, "cryptconfig", map[string]any{})
		}},
		{"secrets encrypted with a master key", func(u *sftpgoapi.User) {
			u.Filesystem.S3Config.AccessSecret = &sftpgoapi.KMSSecret{Status: "Secretbox", Payload: "x", Mode: 1}
		}},
		{"paths written another way", func(u *sftpgoapi.User) {
			u.HomeDir += "/"
			u.Permissions["/shared/"] = u.Permissions["/shared"]
			delete(u.Permissions, "/shared")
			u.VirtualFolders[0].VirtualPath = "/shared/"
			u.Filters.StartDirectory = "/uploads/"
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			live := f.live(t)
			tc.change(live)
			if f.differs(t, live) {
				t.Error("Differs reports a difference")
			}
		})
	}

	t.Run("defaults SFTPGo fills in, empty lists rendered as null or missing", func(t *testing.T) {
		u := &v1alpha1.SFTPGoUser{ObjectMeta: meta("bob")}
		u.Spec.Filters = &v1alpha1.AccountFilters{StartDirectory: "/"}
		desired, err := accounts.Users.Build(u, nil, marker("bob"))
		if err != nil {
			t.Fatal(err)
		}
		live := stored(t, desired, `{"home_dir": "/srv/sftpgo/data/bob", "filters": {"start_directory": "",
			"two_factor_protocols": null, "web_client": [], "tls_username": "None", "allowed_ip": [], "denied_ip": [],
			"additional_emails": null, "file_patterns": []}, "public_keys": [], "virtual_folders": [], "groups": null}`)
		delete(live.Filters.Extra, "access_time")
		delete(live.Filters.Extra, "bandwidth_limits")
		desired, _ = accounts.Users.Build(u, nil, marker("bob"))
		accounts.Users.Object.Keep(live, desired)
		accounts.Users.Object.KeepSecrets(live, desired)
		if accounts.Users.Object.Differs(live, desired) {
			t.Error("Differs reports a difference")
		}
		if desired.HomeDir != "/srv/sftpgo/data/bob" {
			t.Errorf("home dir %q: the update would move the user's files", desired.HomeDir)
		}
	})

	t.Run("a total data transfer resets upload and download", func(t *testing.T) {
		g := &v1alpha1.SFTPGoGroup{ObjectMeta: meta("g")}
		g.Spec.DataTransfer = &v1alpha1.DataTransfer{Upload: q("1Gi"), Total: q("2Gi")}
		desired, err := accounts.Groups.Build(g, nil, marker("g"))
		if err != nil {
			t.Fatal(err)
		}
		live := stored(t, desired, `{"user_settings": {"upload_data_transfer": 1024}}`)
		if accounts.Groups.Object.Differs(live, desired) {
			t.Error("Differs reports a difference")
		}
	})

	t.Run("GCS: automatic credentials clear explicit ones", func(t *testing.T) {
		fo := &v1alpha1.SFTPGoFolder{ObjectMeta: meta("f"), Spec: v1alpha1.SFTPGoFolderSpec{Storage: &v1alpha1.AccountStorage{
			Type: "GCS", GCS: &v1alpha1.GCSStorage{Bucket: "b"}}}}
		desired, err := accounts.Folders.Build(fo, nil, marker("f"))
		if err != nil {
			t.Fatal(err)
		}
		live := stored(t, desired, `{"filesystem": {"gcsconfig": {"credentials": {"status": "AES-256-GCM", "payload": "old"}}}}`)
		if accounts.Folders.Object.Differs(live, desired) {
			t.Error("Differs reports a difference")
		}
	})

	t.Run("admin permissions and groups in another order", func(t *testing.T) {
		f := adminFixture()
		live := f.live(t)
		slices.Reverse(live.Permissions)
		setMember(t, &live.Extra, "groups", []map[string]any{
			{"name": "auditors", "options": map[string]int{"add_to_users_as": 2}},
			{"name": "developers", "options": map[string]int{"add_to_users_as": 1}}})
		if f.differs(t, live) {
			t.Error("Differs reports a difference")
		}
	})
}

// TestDiffersSecretsAndPassword: Differs ignores secret values, and
// reports a secret or password the spec sets that the server lacks.
func TestDiffersSecretsAndPassword(t *testing.T) {
	f := userFixture()
	t.Run("another encrypted value", func(t *testing.T) {
		live := f.live(t)
		live.Filesystem.S3Config.AccessSecret.Payload = "rotated elsewhere"
		if f.differs(t, live) {
			t.Error("Differs compares secret values")
		}
	})
	t.Run("a secret cleared on the server", func(t *testing.T) {
		live := f.live(t)
		live.Filesystem.S3Config.SSECustomerKey = nil
		if !f.differs(t, live) {
			t.Error("Differs does not see the missing secret")
		}
	})
	t.Run("a secret the spec does not set", func(t *testing.T) {
		res, values := fullUser()
		res.Spec.Storage.S3.SSECustomerKeySecret = nil
		desired, _ := accounts.Users.Build(res, values, marker(res.Name))
		live := f.live(t)
		accounts.Users.Object.Keep(live, desired)
		accounts.Users.Object.KeepSecrets(live, desired)
		if !accounts.Users.Object.Differs(live, desired) {
			t.Error("Differs does not see the secret to clear")
		}
	})
	t.Run("no password on the server", func(t *testing.T) {
		live := f.live(t)
		live.HasPassword = false
		if !f.differs(t, live) {
			t.Error("Differs does not see the missing password")
		}
	})
	t.Run("a password set by hand, none in the spec", func(t *testing.T) {
		res, values := fullUser()
		res.Spec.PasswordSecret = nil
		desired, _ := accounts.Users.Build(res, values, marker(res.Name))
		live := f.live(t)
		accounts.Users.Object.Keep(live, desired)
		accounts.Users.Object.KeepSecrets(live, desired)
		if accounts.Users.Object.Differs(live, desired) {
			t.Error("Differs reports the password the spec leaves alone")
		}
	})
}

// TestDiffersIgnoresUnmanaged: members the spec does not set may change.
func TestDiffersIgnoresUnmanaged(t *testing.T) {
	f := userFixture()
	live := f.live(t)
	live.ID = 99
	live.Filters.RequirePasswordChange = !live.Filters.RequirePasswordChange
	setMember(t, &live.Extra, "uid", 0)
	setMember(t, &live.Filesystem.Extra, "osconfig", map[string]int{"read_buffer_size": 9})
	setMember(t, &live.Filesystem.S3Config.Extra, "session_token", "other")
	if f.differs(t, live) {
		t.Error("user: Differs reports an unmanaged member")
	}

	g := groupFixture()
	gl := g.live(t)
	gl.Users = []string{"carol"}
	if g.differs(t, gl) {
		t.Error("group: Differs reports its members")
	}

	fo := azureFolderFixture()
	fl := fo.live(t)
	fl.Users, fl.Groups = []string{"carol"}, nil
	if fo.differs(t, fl) {
		t.Error("folder: Differs reports who mounts it")
	}

	a := adminFixture()
	al := a.live(t)
	al.AdditionalInfo = "edited"
	al.Filters.RequirePasswordChange = false
	if a.differs(t, al) {
		t.Error("admin: Differs reports an unmanaged member")
	}
}

// TestDiffersUnreadable: a managed member the server returns in a form the
// operator cannot read is a difference (the update writes it again).
func TestDiffersUnreadable(t *testing.T) {
	f := userFixture()
	live := f.live(t)
	live.Filters.Extra["file_patterns"] = json.RawMessage(`"not a list"`)
	if !f.differs(t, live) {
		t.Error("Differs ignores an unreadable member")
	}
}

func TestDiffersPermissionKeys(t *testing.T) {
	f := userFixture()
	live := f.live(t)
	delete(live.Permissions, "/private")
	if !f.differs(t, live) {
		t.Error("a directory's permissions removed: no difference")
	}
	live = f.live(t)
	live.Permissions["/extra"] = []string{"list"}
	if !f.differs(t, live) {
		t.Error("a directory's permissions added: no difference")
	}
}

func setMember(t *testing.T, extra *sftpgoapi.Extra, name string, value any) {
	t.Helper()
	data, err := json.Marshal(value)
	if err != nil {
		t.Fatal(err)
	}
	if *extra == nil {
		*extra = sftpgoapi.Extra{}
	}
	(*extra)[name] = data
}
