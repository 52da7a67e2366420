package accounts_test

import (
	"reflect"
	"testing"

	"github.com/sftpgo-operator/sftpgo-operator/internal/accounts"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// checkKeep: after Keep, desired holds every member SFTPGo returned that
// the spec does not set (with its value), and still every member Build
// set.
func checkKeep[R accounts.Resource, O any](t *testing.T, f fixture[R, O]) {
	t.Run(f.name, func(t *testing.T) {
		live := f.live(t)
		liveBefore := jsonOf(t, live)
		desired := f.build(t)
		built := jsonOf(t, desired)
		f.kind.Object.Keep(live, desired)
		got := jsonOf(t, desired)
		if !reflect.DeepEqual(jsonOf(t, live), liveBefore) {
			t.Error("Keep changed live")
		}
		extras := parseJSON(t, f.extras)
		extras.(map[string]any)["id"] = 7.0
		values, _ := leaves(nil, extras, nil)
		for _, p := range values {
			if v, ok := lookup(got, p); !ok || !reflect.DeepEqual(v, mustLookup(t, liveBefore, p)) {
				t.Errorf("%s: %v after Keep, want the server's %v", p, v, mustLookup(t, liveBefore, p))
			}
		}
		values, _ = leaves(t, built, nil)
		for _, p := range values {
			if v, ok := lookup(got, p); !ok || !reflect.DeepEqual(v, mustLookup(t, built, p)) {
				t.Errorf("%s: %v after Keep, want the spec's %v", p, v, mustLookup(t, built, p))
			}
		}
		// Keep copies: changing desired leaves live alone.
		desired2 := f.build(t)
		f.kind.Object.Keep(live, desired2)
		scramble(desired2)
		if !reflect.DeepEqual(jsonOf(t, live), liveBefore) {
			t.Error("desired shares memory with live after Keep")
		}
	})
}

// scramble changes every Extra member of o in place.
func scramble(o any) {
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Slice:
			if v.Type().Elem().Kind() == reflect.Uint8 { // json.RawMessage
				for i := range v.Len() {
					v.Index(i).SetUint(' ')
				}
				return
			}
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			for _, k := range v.MapKeys() {
				walk(v.MapIndex(k))
			}
		}
	}
	walk(reflect.ValueOf(o))
}

func lookup(doc any, p path) (any, bool) {
	for _, e := range p {
		switch c := doc.(type) {
		case map[string]any:
			v, ok := c[e.(string)]
			if !ok {
				return nil, false
			}
			doc = v
		case []any:
			i := e.(int)
			if i >= len(c) {
				return nil, false
			}
			doc = c[i]
		default:
			return nil, false
		}
	}
	return doc, true
}

func mustLookup(t *testing.T, doc any, p path) any {
	t.Helper()
	v, ok := lookup(doc, p)
	if !ok {
		t.Fatalf("%s missing", p)
	}
	return v
}

func TestKeep(t *testing.T) {
	checkKeep(t, userFixture())
	checkKeep(t, groupFixture())
	checkKeep(t, azureFolderFixture())
	checkKeep(t, cryptFolderFixture())
	checkKeep(t, adminFixture())
}

func TestKeepHomeDir(t *testing.T) {
	f := userFixture()
	res, values := fullUser()
	res.Spec.HomeDir = ""
	desired, _ := accounts.Users.Build(res, values, marker(res.Name))
	live := f.live(t)
	live.HomeDir = "/data/set/by/hand"
	accounts.Users.Object.Keep(live, desired)
	if desired.HomeDir != "/data/set/by/hand" {
		t.Errorf("home dir %q, want the server's", desired.HomeDir)
	}
	desired = f.build(t)
	accounts.Users.Object.Keep(live, desired)
	if desired.HomeDir != "/srv/sftpgo/data/alice" {
		t.Errorf("home dir %q, want the spec's", desired.HomeDir)
	}
}

func TestKeepSecrets(t *testing.T) {
	t.Run("user: stored password and encrypted secrets left alone", func(t *testing.T) {
		f := userFixture()
		live, desired := f.live(t), f.build(t)
		accounts.Users.Object.KeepSecrets(live, desired)
		if desired.Password != "" {
			t.Error("the password is sent again")
		}
		s3, l := desired.Filesystem.S3Config, live.Filesystem.S3Config
		if *s3.AccessSecret != *l.AccessSecret || *s3.SSECustomerKey != *l.SSECustomerKey {
			t.Errorf("secrets %v %v, want the server's %v %v", s3.AccessSecret, s3.SSECustomerKey, l.AccessSecret,
				l.SSECustomerKey)
		}
		if s3.AccessSecret == l.AccessSecret {
			t.Error("desired shares the secret with live")
		}
	})
	t.Run("user: a password and a secret the server lacks are sent", func(t *testing.T) {
		f := userFixture()
		live, desired := f.live(t), f.build(t)
		live.HasPassword = false
		live.Filesystem.S3Config.SSECustomerKey = nil
		accounts.Users.Object.KeepSecrets(live, desired)
		if desired.Password != "Secret-Passw0rd" {
			t.Error("the password is not sent to a user without one")
		}
		if !desired.Filesystem.S3Config.SSECustomerKey.IsPlain() || desired.Filesystem.S3Config.AccessSecret.IsPlain() {
			t.Errorf("secrets %v %v, want the missing one plain and the other kept",
				desired.Filesystem.S3Config.SSECustomerKey, desired.Filesystem.S3Config.AccessSecret)
		}
	})
	t.Run("group", func(t *testing.T) {
		f := groupFixture()
		live, desired := f.live(t), f.build(t)
		accounts.Groups.Object.KeepSecrets(live, desired)
		if got, want := desired.UserSettings.Filesystem.GCSConfig.Credentials,
			live.UserSettings.Filesystem.GCSConfig.Credentials; *got != *want {
			t.Errorf("credentials %v, want %v", got, want)
		}
	})
	t.Run("folder: Azure", func(t *testing.T) {
		f := azureFolderFixture()
		live, desired := f.live(t), f.build(t)
		accounts.Folders.Object.KeepSecrets(live, desired)
		d, l := desired.Filesystem.AzBlobConfig, live.Filesystem.AzBlobConfig
		if *d.AccountKey != *l.AccountKey || *d.SASURL != *l.SASURL {
			t.Errorf("secrets %v %v, want %v %v", d.AccountKey, d.SASURL, l.AccountKey, l.SASURL)
		}
	})
	t.Run("folder: encrypted, the buffer sizes kept too", func(t *testing.T) {
		f := cryptFolderFixture()
		live, desired := f.live(t), f.build(t)
		accounts.Folders.Object.Keep(live, desired)
		accounts.Folders.Object.KeepSecrets(live, desired)
		sameJSON(t, desired.Filesystem.Extra["cryptconfig"], `{"read_buffer_size": 4,
			"passphrase": {"status": "AES-256-GCM", "payload": "enc:bG9uZyByYW5kb20gcGFzc3BocmFzZQ=="}}`)
	})
	t.Run("another provider on the server: nothing of it kept", func(t *testing.T) {
		f := userFixture()
		live, desired := f.live(t), f.build(t)
		live.Filesystem.Provider = sftpgoapi.ProviderGCS
		accounts.Users.Object.KeepSecrets(live, desired)
		if !desired.Filesystem.S3Config.AccessSecret.IsPlain() {
			t.Error("a secret of another provider was kept")
		}
	})
	t.Run("admin", func(t *testing.T) {
		f := adminFixture()
		live, desired := f.live(t), f.build(t)
		accounts.Admins.Object.KeepSecrets(live, desired)
		if desired.Password != "" {
			t.Error("the password is sent again")
		}
	})
}
