package accounts_test

import (
	"strings"
	"testing"

	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/accounts"
)

func TestBuildFull(t *testing.T) {
	t.Run("user", func(t *testing.T) {
		u, values := fullUser()
		got, err := accounts.Users.Build(u, values, marker(u.Name))
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, got, fullUserJSON)
	})
	t.Run("group", func(t *testing.T) {
		g, values := fullGroup()
		got, err := accounts.Groups.Build(g, values, marker(g.Name))
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, got, fullGroupJSON)
	})
	t.Run("azure folder", func(t *testing.T) {
		f, values := fullAzureFolder()
		got, err := accounts.Folders.Build(f, values, marker(f.Name))
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, got, fullAzureFolderJSON)
	})
	t.Run("encrypted folder", func(t *testing.T) {
		f, values := cryptFolder()
		got, err := accounts.Folders.Build(f, values, marker(f.Name))
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, got, cryptFolderJSON)
	})
	t.Run("admin", func(t *testing.T) {
		a, values := fullAdmin()
		got, err := accounts.Admins.Build(a, values, marker(a.Name))
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, got, fullAdminJSON)
	})
}

// zeroFilters are the unmodelled filters Build always sets, so that an
// update resets what the spec leaves unset.
const zeroFilters = `"two_factor_protocols": null, "file_patterns": null, "bandwidth_limits": null, "access_time": null,
	"web_client": null, "tls_username": "", "password_strength": 0, "default_shares_expiration": 0,
	"max_shares_expiration": 0, "disable_fs_checks": false`

func TestBuildMinimal(t *testing.T) {
	t.Run("user: enabled, all permissions, local storage, everything else reset", func(t *testing.T) {
		u := &v1alpha1.SFTPGoUser{ObjectMeta: meta("bob")}
		got, err := accounts.Users.Build(u, accounts.Values{}, marker("bob"))
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, got, `{
			"status": 1, "username": "bob", "description": "[sftpgo-operator team-a/bob]",
			"max_sessions": 0, "quota_size": 0, "quota_files": 0, "permissions": {"/": ["*"]},
			"upload_data_transfer": 0, "download_data_transfer": 0, "total_data_transfer": 0,
			"filters": {`+zeroFilters+`, "additional_emails": []},
			"filesystem": {"provider": 0}
		}`)
	})
	t.Run("user: disabled, only keys from the Secret", func(t *testing.T) {
		u := &v1alpha1.SFTPGoUser{ObjectMeta: meta("bob")}
		u.Spec.Enabled = ptr.To(false)
		u.Spec.PublicKeysSecret = secretKey("keys", "")
		got, err := accounts.Users.Build(u, accounts.Values{"spec.publicKeysSecret": key2 + "\n"}, marker("bob"))
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != 0 || len(got.PublicKeys) != 1 || got.PublicKeys[0] != key2 {
			t.Errorf("status %d, keys %q", got.Status, got.PublicKeys)
		}
	})
	t.Run("group: no permissions", func(t *testing.T) {
		g := &v1alpha1.SFTPGoGroup{ObjectMeta: meta("devs")}
		got, err := accounts.Groups.Build(g, accounts.Values{}, marker("devs"))
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, got, `{
			"name": "devs", "description": "[sftpgo-operator team-a/devs]",
			"user_settings": {
				"home_dir": "", "max_sessions": 0, "quota_size": 0, "quota_files": 0, "permissions": {},
				"upload_data_transfer": 0, "download_data_transfer": 0, "total_data_transfer": 0,
				"filters": {`+zeroFilters+`},
				"filesystem": {"provider": 0}
			}
		}`)
	})
	t.Run("folder", func(t *testing.T) {
		f := &v1alpha1.SFTPGoFolder{ObjectMeta: meta("shared"), Spec: v1alpha1.SFTPGoFolderSpec{MappedPath: "/srv/shared"}}
		got, err := accounts.Folders.Build(f, accounts.Values{}, marker("shared"))
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, got, `{"name": "shared", "mapped_path": "/srv/shared", "description": "[sftpgo-operator team-a/shared]",
			"filesystem": {"provider": 0}}`)
	})
	t.Run("admin: disabled, no groups", func(t *testing.T) {
		a := &v1alpha1.SFTPGoAdmin{ObjectMeta: meta("ops"), Spec: v1alpha1.SFTPGoAdminSpec{
			Enabled: ptr.To(false), Permissions: []v1alpha1.AdminPermission{"*"}, Groups: []v1alpha1.AdminGroup{{Name: "g"}}}}
		got, err := accounts.Admins.Build(a, accounts.Values{"spec.passwordSecret": "pw"}, marker("ops"))
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, got, `{"status": 0, "username": "ops", "password": "pw", "description": "[sftpgo-operator team-a/ops]",
			"permissions": ["*"], "filters": {"require_two_factor": false}, "groups": [{"name": "g", "options": {}}]}`)
	})
}

func TestBuildStorage(t *testing.T) {
	cases := []struct {
		name    string
		storage *v1alpha1.AccountStorage
		values  accounts.Values
		want    string
	}{
		{"S3 with the pod's credentials", &v1alpha1.AccountStorage{Type: "S3", S3: &v1alpha1.S3Storage{Bucket: "b", Region: "r"}},
			nil, `{"provider": 1, "s3config": {"bucket": "b", "region": "r", "upload_part_size": 0, "upload_concurrency": 0,
			"upload_part_max_time": 0, "download_part_size": 0, "download_concurrency": 0, "download_part_max_time": 0,
			"skip_tls_verify": false}}`},
		{"GCS with automatic credentials", &v1alpha1.AccountStorage{Type: "GCS", GCS: &v1alpha1.GCSStorage{Bucket: "b"}},
			nil, `{"provider": 2, "gcsconfig": {"bucket": "b", "automatic_credentials": 1, "upload_part_size": 0,
			"upload_part_max_time": 0}}`},
		{"Azure with a SAS URL", &v1alpha1.AccountStorage{Type: "AzureBlob", AzureBlob: &v1alpha1.AzureBlobStorage{
			SASURLSecret: secretKey("az", "")}}, accounts.Values{"spec.storage.azureBlob.sasURLSecret": "https://x"},
			`{"provider": 3, "azblobconfig": {"sas_url": {"status": "Plain", "payload": "https://x"}, "upload_part_size": 0,
			"upload_concurrency": 0, "download_part_size": 0, "download_concurrency": 0}}`},
		{"Local by default", &v1alpha1.AccountStorage{}, nil, `{"provider": 0}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := &v1alpha1.SFTPGoFolder{ObjectMeta: meta("f"), Spec: v1alpha1.SFTPGoFolderSpec{Storage: tc.storage}}
			got, err := accounts.Folders.Build(f, tc.values, marker("f"))
			if err != nil {
				t.Fatal(err)
			}
			sameJSON(t, got.Filesystem, tc.want)
		})
	}
}

// TestBuildRounding: quantities become SFTPGo's units, rounded up so
// that a small limit never becomes 0 (unlimited).
func TestBuildRounding(t *testing.T) {
	cases := []struct {
		name             string
		settings         v1alpha1.AccountSettings
		quota            int64
		upload, download int64 // KiB/s
		transfer         [3]int64
		maxUpload        int64
		partSize         int64
	}{
		{name: "a fraction of a byte is a byte", settings: v1alpha1.AccountSettings{
			Quota: &v1alpha1.Quota{Size: q("100m")}, Filters: &v1alpha1.AccountFilters{MaxUploadFileSize: q("1500m")}},
			quota: 1, maxUpload: 2},
		{name: "bandwidth to whole KiB/s", settings: v1alpha1.AccountSettings{
			Bandwidth: &v1alpha1.Bandwidth{Upload: q("1"), Download: q("1025")}}, upload: 1, download: 2},
		{name: "exact KiB and MiB stay", settings: v1alpha1.AccountSettings{
			Bandwidth:    &v1alpha1.Bandwidth{Upload: q("1Ki"), Download: q("1Mi")},
			DataTransfer: &v1alpha1.DataTransfer{Upload: q("1Mi"), Download: q("1Gi")}},
			upload: 1, download: 1024, transfer: [3]int64{1, 1024, 0}},
		{name: "data transfer to whole MiB", settings: v1alpha1.AccountSettings{
			DataTransfer: &v1alpha1.DataTransfer{Upload: q("1"), Download: q("1M")}}, transfer: [3]int64{1, 1, 0}},
		{name: "a total resets upload and download, as SFTPGo does", settings: v1alpha1.AccountSettings{
			DataTransfer: &v1alpha1.DataTransfer{Upload: q("1Gi"), Download: q("1Gi"), Total: q("1.5Gi")}},
			transfer: [3]int64{0, 0, 1536}},
		{name: "part size to whole MiB", settings: v1alpha1.AccountSettings{Storage: &v1alpha1.AccountStorage{Type: "S3",
			S3: &v1alpha1.S3Storage{Bucket: "b", Region: "r", UploadPartSize: q("5000001")}}}, partSize: 5},
		{name: "zero is zero", settings: v1alpha1.AccountSettings{
			Quota: &v1alpha1.Quota{Size: q("0")}, Bandwidth: &v1alpha1.Bandwidth{Upload: q("0")}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := &v1alpha1.SFTPGoUser{ObjectMeta: meta("u"), Spec: v1alpha1.SFTPGoUserSpec{AccountSettings: tc.settings}}
			got, err := accounts.Users.Build(u, nil, marker("u"))
			if err != nil {
				t.Fatal(err)
			}
			obj := jsonOf(t, got).(map[string]any)
			transfer := [3]int64{int64(obj["upload_data_transfer"].(float64)), int64(obj["download_data_transfer"].(float64)),
				int64(obj["total_data_transfer"].(float64))}
			var partSize int64
			if got.Filesystem.S3Config != nil {
				s3 := jsonOf(t, got.Filesystem.S3Config).(map[string]any)
				partSize = int64(s3["upload_part_size"].(float64))
			}
			if got.QuotaSize != tc.quota || got.UploadBandwidth != tc.upload || got.DownloadBandwidth != tc.download ||
				transfer != tc.transfer || got.Filters.MaxUploadFileSize != tc.maxUpload || partSize != tc.partSize {
				t.Errorf("quota %d, bandwidth %d/%d, transfer %v, max upload %d, part size %d; want %d, %d/%d, %v, %d, %d",
					got.QuotaSize, got.UploadBandwidth, got.DownloadBandwidth, transfer, got.Filters.MaxUploadFileSize, partSize,
					tc.quota, tc.upload, tc.download, tc.transfer, tc.maxUpload, tc.partSize)
			}
		})
	}
	t.Run("too large for SFTPGo: an error naming the field", func(t *testing.T) {
		u := &v1alpha1.SFTPGoUser{ObjectMeta: meta("u")}
		u.Spec.Quota = &v1alpha1.Quota{Size: q("9223372036854775808")}
		_, err := accounts.Users.Build(u, nil, marker("u"))
		if err == nil || !strings.Contains(err.Error(), "spec.quota.size") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestBuildAdminPassword(t *testing.T) {
	const bcrypt = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"
	cases := []struct {
		value, want, wantErr string
	}{
		{value: "plain pass", want: "plain pass"},
		{value: "  plain pass\n", want: "  plain pass\n"},
		{value: bcrypt + "\n", want: bcrypt},
		{value: "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$aGFzaA", want: "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$aGFzaA"},
		{value: "$2y$" + bcrypt[4:], wantErr: "with the prefix $2a$"},
		{value: "$2b$" + bcrypt[4:], wantErr: "with the prefix $2a$"},
		{value: "$6$salt$hash", wantErr: "for users only"},
		{value: "{SHA256}abc", wantErr: "for users only"},
		{value: " \n", wantErr: "empty"},
	}
	for _, tc := range cases {
		t.Run(tc.value, func(t *testing.T) {
			a, _ := fullAdmin()
			got, err := accounts.Admins.Build(a, accounts.Values{"spec.passwordSecret": tc.value}, marker(a.Name))
			switch {
			case tc.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "spec.passwordSecret") {
					t.Errorf("err = %v, want one saying %q", err, tc.wantErr)
				}
				if err != nil && strings.Contains(err.Error(), tc.value[min(len(tc.value), 8):]) && len(tc.value) > 12 {
					t.Errorf("the error shows the value: %v", err)
				}
			case err != nil:
				t.Errorf("err = %v", err)
			case got.Password != tc.want:
				t.Errorf("password %q, want %q", got.Password, tc.want)
			}
		})
	}
}

func TestBuildUserPassword(t *testing.T) {
	cases := []struct{ value, want string }{
		{"plain pass\n", "plain pass\n"},
		{"$2y$10$abc\n", "$2y$10$abc\n"}, // not a hash SFTPGo reads: plain text
		{"$6$salt$hash\n", "$6$salt$hash"},
		{"{SHA512}abc ", "{SHA512}abc"},
	}
	for _, tc := range cases {
		u := &v1alpha1.SFTPGoUser{ObjectMeta: meta("u")}
		u.Spec.PasswordSecret = secretKey("s", "")
		got, err := accounts.Users.Build(u, accounts.Values{"spec.passwordSecret": tc.value}, marker("u"))
		if err != nil {
			t.Fatal(err)
		}
		if got.Password != tc.want {
			t.Errorf("%q: password %q, want %q", tc.value, got.Password, tc.want)
		}
	}
}
