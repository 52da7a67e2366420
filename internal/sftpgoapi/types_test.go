package sftpgoapi_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// liveUser is a user as SFTPGo v2.7.5 renders it on GET /api/v2/users/alice
// (dataprovider.User with sdk.BaseUser, UserFilters, vfs.Filesystem and
// vfs.VirtualFolder; secrets as kms.Secret.Hide leaves them), with members
// this package does not model at every level.
const liveUser = `{
  "id": 3,
  "status": 1,
  "username": "alice",
  "email": "alice@example.com",
  "expiration_date": 1767225600000,
  "has_password": true,
  "public_keys": ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGSPLz2yn2DG9dbzxxUb+qa0rqz/WWEfrbd+xnPbm0Ng alice@laptop"],
  "home_dir": "/srv/sftpgo/data/alice",
  "virtual_folders": [{
    "id": 1, "name": "shared", "mapped_path": "/srv/sftpgo/shared", "description": "team share",
    "used_quota_size": 1024, "used_quota_files": 2, "last_quota_update": 1735689600000,
    "filesystem": {"provider": 0, "osconfig": {}, "s3config": {}, "gcsconfig": {}, "azblobconfig": {},
      "cryptconfig": {}, "sftpconfig": {}, "httpconfig": {}},
    "virtual_path": "/shared", "quota_size": -1, "quota_files": -1
  }],
  "uid": 0,
  "gid": 0,
  "max_sessions": 2,
  "quota_size": 1073741824,
  "quota_files": 1000,
  "permissions": {"/": ["*"], "/shared": ["list", "download"]},
  "used_quota_size": 4096,
  "used_quota_files": 3,
  "last_quota_update": 1735689600000,
  "upload_bandwidth": 512,
  "download_bandwidth": 1024,
  "upload_data_transfer": 0,
  "download_data_transfer": 0,
  "total_data_transfer": 10240,
  "used_upload_data_transfer": 100,
  "used_download_data_transfer": 200,
  "created_at": 1735600000000,
  "updated_at": 1735689600000,
  "last_login": 1735689000000,
  "first_download": 1735680000000,
  "first_upload": 1735670000000,
  "last_password_change": 1735600000000,
  "description": "Alice",
  "additional_info": "managed by sftpgo-operator",
  "groups": [{"name": "staff", "type": 1}, {"name": "auditors", "type": 3}],
  "role": "team-a",
  "filters": {
    "allowed_ip": ["192.0.2.0/24"],
    "denied_ip": ["192.0.2.10/32"],
    "denied_login_methods": ["password-over-SSH"],
    "denied_protocols": ["FTP"],
    "file_patterns": [{"path": "/", "allowed_patterns": ["*.txt"], "deny_policy": 1}],
    "max_upload_file_size": 104857600,
    "tls_username": "CommonName",
    "hooks": {"external_auth_disabled": false, "pre_login_disabled": true, "check_password_disabled": false},
    "disable_fs_checks": true,
    "web_client": ["write-disabled"],
    "allow_api_key_auth": true,
    "user_type": "LDAPUser",
    "bandwidth_limits": [{"sources": ["10.0.0.0/8"], "upload_bandwidth": 100, "download_bandwidth": 200}],
    "external_auth_cache_time": 60,
    "start_directory": "/docs",
    "two_factor_protocols": ["SSH"],
    "ftp_security": 1,
    "default_shares_expiration": 7,
    "max_shares_expiration": 30,
    "password_expiration": 90,
    "password_strength": 50,
    "access_time": [{"day_of_week": 1, "from": "08:00", "to": "18:00"}],
    "require_password_change": true,
    "additional_emails": ["alice@example.org"],
    "totp_config": {"enabled": true, "config_name": "Default",
      "secret": {"status": "AES-256-GCM", "payload": "ZmFrZQ=="}, "protocols": ["SSH", "HTTP"]},
    "recovery_codes": [{"secret": {"status": "AES-256-GCM", "payload": "cmVj"}}],
    "tls_certs": ["-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n"]
  },
  "filesystem": {
    "provider": 1,
    "osconfig": {},
    "s3config": {
      "bucket": "files", "region": "eu-west-1", "access_key": "AKIAEXAMPLE",
      "access_secret": {"status": "AES-256-GCM", "payload": "c2VjcmV0", "mode": 1},
      "role_arn": "arn:aws:iam::123456789012:role/sftpgo", "endpoint": "https://s3.example.com",
      "storage_class": "STANDARD", "acl": "private", "key_prefix": "alice/",
      "upload_part_size": 10, "upload_concurrency": 4, "upload_part_max_time": 30,
      "download_part_size": 10, "download_concurrency": 4, "download_part_max_time": 30,
      "force_path_style": true, "skip_tls_verify": true
    },
    "gcsconfig": {},
    "azblobconfig": {},
    "cryptconfig": {},
    "sftpconfig": {},
    "httpconfig": {}
  }
}`

// liveGroup is a group as SFTPGo v2.7.5 renders it.
const liveGroup = `{
  "id": 2, "name": "staff", "description": "all staff", "created_at": 1735600000000, "updated_at": 1735600000001,
  "user_settings": {
    "home_dir": "/srv/sftpgo/data/%username%", "max_sessions": 0, "quota_size": 0, "quota_files": 0,
    "permissions": {"/": ["list", "download"]}, "upload_data_transfer": 5, "download_data_transfer": 6,
    "total_data_transfer": 0, "expires_in": 30,
    "filters": {"denied_protocols": ["FTP"], "hooks": {"external_auth_disabled": false,
      "pre_login_disabled": false, "check_password_disabled": false}, "password_strength": 60},
    "filesystem": {"provider": 3, "osconfig": {}, "s3config": {}, "gcsconfig": {},
      "azblobconfig": {"container": "c", "account_name": "acct", "account_key": {"status": "AES-256-GCM", "payload": "a2V5"},
        "upload_part_size": 5, "access_tier": "Cool"},
      "cryptconfig": {}, "sftpconfig": {}, "httpconfig": {}}
  },
  "virtual_folders": [{"id": 1, "name": "shared", "used_quota_size": 0, "used_quota_files": 0, "last_quota_update": 0,
    "filesystem": {"provider": 0}, "virtual_path": "/team", "quota_size": 0, "quota_files": 0}],
  "users": ["alice", "bob"],
  "admins": ["operator"]
}`

// liveAdmin is an admin as SFTPGo v2.7.5 renders it.
const liveAdmin = `{
  "id": 1, "status": 1, "username": "ops", "email": "ops@example.com",
  "permissions": ["add_users", "edit_users", "view_users"],
  "filters": {"allow_list": ["10.0.0.0/8"], "allow_api_key_auth": true, "require_two_factor": false,
    "totp_config": {"enabled": true, "config_name": "Default", "secret": {"status": "AES-256-GCM", "payload": "eA=="}},
    "recovery_codes": [{"secret": {"status": "AES-256-GCM", "payload": "eQ=="}, "used": true}],
    "preferences": {"hide_user_page_sections": 3, "default_users_expiration": 10}},
  "description": "ops team", "additional_info": "x",
  "groups": [{"name": "staff", "options": {"add_to_users_as": 1}}],
  "created_at": 1, "updated_at": 2, "last_login": 3, "role": "team-a"
}`

// liveFolder is a virtual folder as SFTPGo v2.7.5 renders it.
const liveFolder = `{
  "id": 4, "name": "archive", "description": "cold data", "used_quota_size": 10, "used_quota_files": 1,
  "last_quota_update": 5, "users": ["alice"], "groups": ["staff"],
  "filesystem": {"provider": 5, "osconfig": {}, "s3config": {}, "gcsconfig": {}, "azblobconfig": {}, "cryptconfig": {},
    "sftpconfig": {"endpoint": "sftp.example.com:22", "username": "u", "password": {"status": "Secretbox", "payload": "cA==", "mode": 1},
      "fingerprints": ["SHA256:abc"], "prefix": "/data", "buffer_size": 2},
    "httpconfig": {}}
}`

// generic decodes JSON for a structural comparison, keeping numbers exact.
func generic(t *testing.T, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decoding %s: %v", data, err)
	}
	return v
}

// roundTrip decodes doc into a T, encodes it back and requires the same JSON.
func roundTrip[T any](t *testing.T, doc string) *T {
	t.Helper()
	v := new(T)
	if err := json.Unmarshal([]byte(doc), v); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	if want, got := generic(t, []byte(doc)), generic(t, out); !reflect.DeepEqual(want, got) {
		t.Fatalf("round trip changed the document:\nwant %v\ngot  %v", want, got)
	}
	return v
}

func TestRoundTripKeepsEveryMember(t *testing.T) {
	t.Run("user", func(t *testing.T) {
		u := roundTrip[sftpgoapi.User](t, liveUser)
		// The modelled members are decoded into their fields...
		if u.ID != 3 || u.Username != "alice" || u.Status != 1 || !u.HasPassword || u.QuotaSize != 1073741824 {
			t.Errorf("top-level fields: %+v", u)
		}
		if got := u.Groups; len(got) != 2 || got[0] != (sftpgoapi.GroupMapping{Name: "staff", Type: sftpgoapi.GroupTypePrimary}) {
			t.Errorf("groups: %+v", got)
		}
		if vf := u.VirtualFolders; len(vf) != 1 || vf[0].VirtualPath != "/shared" || vf[0].QuotaSize != -1 {
			t.Errorf("virtual folders: %+v", vf)
		}
		if f := u.Filters; !f.RequirePasswordChange || f.AllowedIP[0] != "192.0.2.0/24" || f.MaxUploadFileSize != 104857600 ||
			f.StartDirectory != "/docs" || !f.AllowAPIKeyAuth || f.PasswordExpiration != 90 {
			t.Errorf("filters: %+v", f)
		}
		s3 := u.Filesystem.S3Config
		if u.Filesystem.Provider != sftpgoapi.ProviderS3 || s3 == nil || s3.Bucket != "files" || s3.AccessSecret == nil ||
			s3.AccessSecret.Status != sftpgoapi.SecretStatusAES256GCM || s3.AccessSecret.Mode != 1 || !s3.ForcePathStyle {
			t.Errorf("filesystem: %+v", u.Filesystem)
		}
		// ...and the others are kept at their level.
		for name, extra := range map[string]sftpgoapi.Extra{
			"uid": u.Extra, "last_password_change": u.Extra, "total_data_transfer": u.Extra,
			"totp_config": u.Filters.Extra, "recovery_codes": u.Filters.Extra, "hooks": u.Filters.Extra,
			"upload_part_size": s3.Extra, "skip_tls_verify": s3.Extra,
			"cryptconfig": u.Filesystem.Extra, "mapped_path": u.VirtualFolders[0].Extra,
		} {
			if _, ok := extra[name]; !ok {
				t.Errorf("%s is not in Extra", name)
			}
		}
		if _, ok := u.Extra["username"]; ok {
			t.Error("a modelled member is also in Extra")
		}
	})
	t.Run("group", func(t *testing.T) {
		g := roundTrip[sftpgoapi.Group](t, liveGroup)
		if g.UserSettings.HomeDir != "/srv/sftpgo/data/%username%" || g.UserSettings.ExpiresIn != 30 ||
			g.UserSettings.Filesystem.AzBlobConfig.AccountName != "acct" || len(g.Users) != 2 {
			t.Errorf("group: %+v", g)
		}
		if _, ok := g.UserSettings.Extra["upload_data_transfer"]; !ok {
			t.Error("user_settings.upload_data_transfer is not in Extra")
		}
		if _, ok := g.UserSettings.Filters.Extra["password_strength"]; !ok {
			t.Error("user_settings.filters.password_strength is not in Extra")
		}
	})
	t.Run("admin", func(t *testing.T) {
		a := roundTrip[sftpgoapi.Admin](t, liveAdmin)
		if a.Username != "ops" || a.Role != "team-a" || !a.Filters.AllowAPIKeyAuth || len(a.Permissions) != 3 {
			t.Errorf("admin: %+v", a)
		}
		if _, ok := a.Filters.Extra["preferences"]; !ok {
			t.Error("filters.preferences is not in Extra")
		}
	})
	t.Run("folder", func(t *testing.T) {
		f := roundTrip[sftpgoapi.Folder](t, liveFolder)
		if f.Name != "archive" || f.Filesystem.Provider != sftpgoapi.ProviderSFTP || len(f.Groups) != 1 {
			t.Errorf("folder: %+v", f)
		}
		if _, ok := f.Filesystem.Extra["sftpconfig"]; !ok {
			t.Error("filesystem.sftpconfig is not in Extra")
		}
	})
}

func TestModifiedUserKeepsUnmodelledMembers(t *testing.T) {
	var u sftpgoapi.User
	if err := json.Unmarshal([]byte(liveUser), &u); err != nil {
		t.Fatal(err)
	}
	// What a reconcile does: set the managed fields, write back.
	u.Filters.AllowedIP = nil
	u.QuotaFiles = 5
	u.Groups = nil
	u.Password = "new-Passw0rd"
	out, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	filters := got["filters"].(map[string]any)
	if _, ok := filters["allowed_ip"]; ok {
		t.Errorf("cleared allowed_ip is still sent: %v", filters["allowed_ip"])
	}
	if _, ok := got["groups"]; ok {
		t.Error("cleared groups are still sent")
	}
	if got["quota_files"] != float64(5) || got["password"] != "new-Passw0rd" {
		t.Errorf("quota_files %v, password %v", got["quota_files"], got["password"])
	}
	for _, name := range []string{"uid", "total_data_transfer", "last_login"} {
		if _, ok := got[name]; !ok {
			t.Errorf("%s was dropped", name)
		}
	}
	if _, ok := filters["totp_config"]; !ok {
		t.Error("filters.totp_config was dropped")
	}
}

func TestExtraNeverOverridesModelledMembers(t *testing.T) {
	u := sftpgoapi.User{
		Username:    "bob",
		Permissions: sftpgoapi.Permissions{"/": {"*"}},
		Extra: sftpgoapi.Extra{
			"username":   json.RawMessage(`"mallory"`),
			"Quota_Size": json.RawMessage(`99`),
			"uid":        json.RawMessage(`1000`),
		},
	}
	out, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if strings.Contains(s, "mallory") || strings.Contains(s, "Quota_Size") || !strings.Contains(s, `"uid":1000`) {
		t.Errorf("encoded %s", s)
	}
	// encoding/json matches member names case-insensitively: a member that
	// filled a field is not kept twice.
	var back sftpgoapi.User
	if err := json.Unmarshal([]byte(`{"USERNAME":"carol","uid":7}`), &back); err != nil {
		t.Fatal(err)
	}
	if back.Username != "carol" || len(back.Extra) != 1 {
		t.Errorf("decoded %+v", back)
	}
}

func TestSecretStringHidesPayload(t *testing.T) {
	s := sftpgoapi.PlainSecret("hunter2-very-secret")
	u := sftpgoapi.User{Filesystem: sftpgoapi.Filesystem{S3Config: &sftpgoapi.S3Config{AccessSecret: s}}}
	for _, text := range []string{s.String(), fmtV(u.Filesystem.S3Config), fmtV(*s)} {
		if strings.Contains(text, "hunter2") {
			t.Errorf("printed %q", text)
		}
	}
	if !s.IsPlain() || s.IsEmpty() || !(*sftpgoapi.KMSSecret)(nil).IsEmpty() {
		t.Error("IsPlain/IsEmpty")
	}
}
