package accounts_test

import (
	"encoding/base64"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/accounts"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// Keys the fake server (and SFTPGo) parse.
const (
	key1 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHQGT3Hn0hymRiM5n9RIOpaLGNMDeAQIP91fx16tcJzD k1@test"
	key2 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICLb4So5GB1ZVP40f3kewh2o7M496k1imH5Nc8JF3gLe k2@test"
	key3 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ5e8aCOkSJWuJOh/VhRaCgrRb76bRXQHwosF2N7faHs k3@test"
)

const namespace = "team-a"

func q(s string) *resource.Quantity {
	v := resource.MustParse(s)
	return &v
}

func secretKey(name, key string) *v1alpha1.SecretKeyReference {
	return &v1alpha1.SecretKeyReference{SecretReference: v1alpha1.SecretReference{Name: name}, Key: key}
}

func meta(name string) metav1.ObjectMeta {
	return metav1.ObjectMeta{Name: name, Namespace: namespace}
}

func marker(name string) string { return accounts.Marker(namespace, name) }

// fullFilters sets every filter.
func fullFilters() *v1alpha1.AccountFilters {
	return &v1alpha1.AccountFilters{
		AllowedIPs:         []string{"192.0.2.0/24", "2001:db8::/32"},
		DeniedIPs:          []string{"192.0.2.7/32"},
		DeniedProtocols:    []v1alpha1.Protocol{"FTP", "DAV"},
		DeniedLoginMethods: []v1alpha1.LoginMethod{"password", "keyboard-interactive"},
		TwoFactorProtocols: []v1alpha1.TwoFactorProtocol{"SSH", "HTTP"},
		MaxUploadFileSize:  q("2Gi"),
		FilePatterns: []v1alpha1.FilePattern{
			{Path: "/", AllowedPatterns: []string{"*.JPG", "*.png"}, DeniedPatterns: []string{"*.exe"}, DenyPolicy: "Hide"},
			{Path: "/photos", DeniedPatterns: []string{"*.tmp"}, DenyPolicy: "Default"},
		},
		BandwidthLimits: []v1alpha1.SourceBandwidthLimit{
			{Sources: []string{"10.0.0.0/8", "172.16.0.0/12"}, Upload: q("1Mi"), Download: q("512Ki")},
		},
		AccessTime: []v1alpha1.AccessPeriod{
			{DayOfWeek: "Sunday", From: "10:00", To: "12:00"},
			{DayOfWeek: "Monday", From: "08:00", To: "18:00"},
		},
		StartDirectory:              "/uploads",
		WebClientRestrictions:       []v1alpha1.WebClientRestriction{"write-disabled", "shares-disabled"},
		AllowAPIKeyAuth:             true,
		TLSUsername:                 "CommonName",
		PasswordExpirationDays:      90,
		PasswordStrength:            60,
		DefaultSharesExpirationDays: 7,
		MaxSharesExpirationDays:     30,
		DisableFsChecks:             true,
	}
}

// fullFiltersJSON is fullFilters as SFTPGo's filters member.
const fullFiltersJSON = `
		"allowed_ip": ["192.0.2.0/24", "2001:db8::/32"],
		"denied_ip": ["192.0.2.7/32"],
		"denied_protocols": ["FTP", "DAV"],
		"denied_login_methods": ["password", "keyboard-interactive"],
		"two_factor_protocols": ["SSH", "HTTP"],
		"max_upload_file_size": 2147483648,
		"file_patterns": [
			{"path": "/", "allowed_patterns": ["*.jpg", "*.png"], "denied_patterns": ["*.exe"], "deny_policy": 1},
			{"path": "/photos", "denied_patterns": ["*.tmp"]}
		],
		"bandwidth_limits": [{"sources": ["10.0.0.0/8", "172.16.0.0/12"], "upload_bandwidth": 1024, "download_bandwidth": 512}],
		"access_time": [{"day_of_week": 0, "from": "10:00", "to": "12:00"}, {"day_of_week": 1, "from": "08:00", "to": "18:00"}],
		"start_directory": "/uploads",
		"web_client": ["write-disabled", "shares-disabled"],
		"allow_api_key_auth": true,
		"tls_username": "CommonName",
		"password_expiration": 90,
		"password_strength": 60,
		"default_shares_expiration": 7,
		"max_shares_expiration": 30,
		"disable_fs_checks": true`

// fullUser sets every field of a user, with S3 storage.
func fullUser() (*v1alpha1.SFTPGoUser, accounts.Values) {
	u := &v1alpha1.SFTPGoUser{
		ObjectMeta: meta("alice-res"),
		Spec: v1alpha1.SFTPGoUserSpec{
			Server:           v1alpha1.ServerReference{Name: "files"},
			Username:         "alice",
			Enabled:          ptr.To(true),
			Description:      "Alice Liddell",
			Email:            "alice@example.com",
			AdditionalEmails: []string{"alice@example.net", "a@example.org"},
			ExpirationDate:   &metav1.Time{Time: time.Date(2030, 12, 31, 23, 59, 59, 0, time.UTC)},
			PasswordSecret:   secretKey("alice-login", ""),
			PublicKeys:       []string{key1},
			PublicKeysSecret: secretKey("alice-keys", "keys"),
			Groups: []v1alpha1.UserGroup{
				{Name: "developers", Type: v1alpha1.GroupTypePrimary},
				{Name: "auditors"},
				{Name: "everyone", Type: v1alpha1.GroupTypeMembership},
			},
			Role:           "team-a",
			AdditionalInfo: "employee 42",
			AccountSettings: v1alpha1.AccountSettings{
				HomeDir: "/srv/sftpgo/data/alice",
				Permissions: map[string]v1alpha1.PermissionList{
					"/":        {"list", "download", "upload"},
					"/private": {},
					"/shared":  {"*"},
				},
				Quota:        &v1alpha1.Quota{Size: q("10Gi"), Files: 1000},
				MaxSessions:  3,
				Bandwidth:    &v1alpha1.Bandwidth{Upload: q("10Mi"), Download: q("1500")},
				DataTransfer: &v1alpha1.DataTransfer{Upload: q("100Gi"), Download: q("1G")},
				Filters:      fullFilters(),
				Storage: &v1alpha1.AccountStorage{Type: v1alpha1.StorageS3, S3: &v1alpha1.S3Storage{
					Bucket:                     "files",
					Region:                     "eu-west-1",
					Endpoint:                   "https://minio.example.com:9000",
					KeyPrefix:                  "users/alice/",
					AccessKey:                  "AKIAEXAMPLE",
					AccessSecret:               secretKey("alice-s3", ""),
					RoleARN:                    "arn:aws:iam::123456789012:role/sftpgo",
					StorageClass:               "STANDARD_IA",
					ACL:                        "bucket-owner-full-control",
					SSECustomerKeySecret:       secretKey("alice-s3", "sse"),
					UploadPartSize:             q("5.5Mi"),
					UploadConcurrency:          4,
					UploadPartMaxTimeSeconds:   60,
					DownloadPartSize:           q("8Mi"),
					DownloadConcurrency:        3,
					DownloadPartMaxTimeSeconds: 120,
					ForcePathStyle:             true,
					SkipTLSVerify:              true,
				}},
				VirtualFolders: []v1alpha1.VirtualFolderMount{
					{Name: "shared", VirtualPath: "/shared", Quota: &v1alpha1.VirtualFolderQuota{Size: q("50Gi"), Files: 10}},
					{Name: "archive", VirtualPath: "/archive"},
				},
			},
		},
	}
	return u, accounts.Values{
		"spec.passwordSecret":                  "Secret-Passw0rd",
		"spec.publicKeysSecret":                "# laptop\n\n" + key2 + "\r\n  " + key3 + "  \n" + key1 + "\n",
		"spec.storage.s3.accessSecret":         "s3-secret",
		"spec.storage.s3.sseCustomerKeySecret": "sse-key-material-0123456789abcdef",
	}
}

const fullUserJSON = `{
	"status": 1,
	"username": "alice",
	"email": "alice@example.com",
	"description": "Alice Liddell\n[sftpgo-operator team-a/alice-res]",
	"additional_info": "employee 42",
	"expiration_date": 1924991999000,
	"password": "Secret-Passw0rd",
	"public_keys": ["` + key1 + `", "` + key2 + `", "` + key3 + `"],
	"home_dir": "/srv/sftpgo/data/alice",
	"max_sessions": 3,
	"quota_size": 10737418240,
	"quota_files": 1000,
	"permissions": {"/": ["list", "download", "upload"], "/private": [], "/shared": ["*"]},
	"upload_bandwidth": 10240,
	"download_bandwidth": 2,
	"upload_data_transfer": 102400,
	"download_data_transfer": 954,
	"total_data_transfer": 0,
	"groups": [{"name": "developers", "type": 1}, {"name": "auditors", "type": 2}, {"name": "everyone", "type": 3}],
	"virtual_folders": [
		{"name": "shared", "virtual_path": "/shared", "quota_size": 53687091200, "quota_files": 10},
		{"name": "archive", "virtual_path": "/archive", "quota_size": -1, "quota_files": -1}
	],
	"filters": {` + fullFiltersJSON + `,
		"additional_emails": ["alice@example.net", "a@example.org"]
	},
	"filesystem": {
		"provider": 1,
		"s3config": {
			"bucket": "files",
			"region": "eu-west-1",
			"access_key": "AKIAEXAMPLE",
			"access_secret": {"status": "Plain", "payload": "s3-secret"},
			"sse_customer_key": {"status": "Plain", "payload": "sse-key-material-0123456789abcdef"},
			"role_arn": "arn:aws:iam::123456789012:role/sftpgo",
			"endpoint": "https://minio.example.com:9000",
			"storage_class": "STANDARD_IA",
			"acl": "bucket-owner-full-control",
			"key_prefix": "users/alice/",
			"force_path_style": true,
			"upload_part_size": 6,
			"upload_concurrency": 4,
			"upload_part_max_time": 60,
			"download_part_size": 8,
			"download_concurrency": 3,
			"download_part_max_time": 120,
			"skip_tls_verify": true
		}
	},
	"role": "team-a"
}`

// fullGroup sets every field of a group, with GCS storage.
func fullGroup() (*v1alpha1.SFTPGoGroup, accounts.Values) {
	g := &v1alpha1.SFTPGoGroup{
		ObjectMeta: meta("developers"),
		Spec: v1alpha1.SFTPGoGroupSpec{
			Server:        v1alpha1.ServerReference{Name: "files"},
			Name:          "devs",
			Description:   "Developers",
			ExpiresInDays: 365,
			AccountSettings: v1alpha1.AccountSettings{
				HomeDir: "/srv/sftpgo/data/teams/%username%",
				Permissions: map[string]v1alpha1.PermissionList{
					"/":         {"*"},
					"/readonly": {"list", "download"},
				},
				Quota:        &v1alpha1.Quota{Size: q("1Ti"), Files: 100000},
				MaxSessions:  10,
				Bandwidth:    &v1alpha1.Bandwidth{Upload: q("100Mi"), Download: q("1k")},
				DataTransfer: &v1alpha1.DataTransfer{Upload: q("1Ti"), Download: q("2Ti")},
				Filters:      fullFilters(),
				Storage: &v1alpha1.AccountStorage{Type: v1alpha1.StorageGCS, GCS: &v1alpha1.GCSStorage{
					Bucket:                   "team-files",
					KeyPrefix:                "teams/%username%/",
					CredentialsSecret:        secretKey("gcs", ""),
					StorageClass:             "NEARLINE",
					ACL:                      "projectPrivate",
					UploadPartSize:           q("16Mi"),
					UploadPartMaxTimeSeconds: 32,
				}},
				VirtualFolders: []v1alpha1.VirtualFolderMount{
					{Name: "shared", VirtualPath: "/shared", Quota: &v1alpha1.VirtualFolderQuota{Size: q("0"), Files: 0}},
				},
			},
		},
	}
	return g, accounts.Values{"spec.storage.gcs.credentialsSecret": `{"type": "service_account"}`}
}

const fullGroupJSON = `{
	"name": "devs",
	"description": "Developers\n[sftpgo-operator team-a/developers]",
	"user_settings": {
		"home_dir": "/srv/sftpgo/data/teams/%username%",
		"max_sessions": 10,
		"quota_size": 1099511627776,
		"quota_files": 100000,
		"permissions": {"/": ["*"], "/readonly": ["list", "download"]},
		"upload_bandwidth": 102400,
		"download_bandwidth": 1,
		"upload_data_transfer": 1048576,
		"download_data_transfer": 2097152,
		"total_data_transfer": 0,
		"expires_in": 365,
		"filters": {` + fullFiltersJSON + `},
		"filesystem": {
			"provider": 2,
			"gcsconfig": {
				"bucket": "team-files",
				"credentials": {"status": "Plain", "payload": "{\"type\": \"service_account\"}"},
				"storage_class": "NEARLINE",
				"acl": "projectPrivate",
				"key_prefix": "teams/%username%/",
				"upload_part_size": 16,
				"upload_part_max_time": 32
			}
		}
	},
	"virtual_folders": [{"name": "shared", "virtual_path": "/shared", "quota_size": 0, "quota_files": 0}]
}`

// fullAzureFolder sets every field of a folder, with Azure Blob storage
// (both an account key and a SAS URL, which validation would not allow
// together, so that every member is covered).
func fullAzureFolder() (*v1alpha1.SFTPGoFolder, accounts.Values) {
	f := &v1alpha1.SFTPGoFolder{
		ObjectMeta: meta("shared"),
		Spec: v1alpha1.SFTPGoFolderSpec{
			Server:      v1alpha1.ServerReference{Name: "files"},
			MappedPath:  "/srv/sftpgo/cache/shared",
			Description: "Shared files",
			Storage: &v1alpha1.AccountStorage{Type: v1alpha1.StorageAzureBlob, AzureBlob: &v1alpha1.AzureBlobStorage{
				Container:           "shared",
				AccountName:         "acme",
				AccountKeySecret:    secretKey("azure", ""),
				SASURLSecret:        secretKey("azure", "url"),
				Endpoint:            "blob.core.windows.net",
				KeyPrefix:           "shared/",
				UploadPartSize:      q("4Mi"),
				UploadConcurrency:   2,
				DownloadPartSize:    q("3Mi"),
				DownloadConcurrency: 6,
				AccessTier:          "Cool",
				UseEmulator:         true,
			}},
		},
	}
	return f, accounts.Values{
		"spec.storage.azureBlob.accountKeySecret": "azure-key",
		"spec.storage.azureBlob.sasURLSecret":     "https://acme.blob.core.windows.net/shared?sig=x",
	}
}

const fullAzureFolderJSON = `{
	"name": "shared",
	"mapped_path": "/srv/sftpgo/cache/shared",
	"description": "Shared files\n[sftpgo-operator team-a/shared]",
	"filesystem": {
		"provider": 3,
		"azblobconfig": {
			"container": "shared",
			"account_name": "acme",
			"account_key": {"status": "Plain", "payload": "azure-key"},
			"sas_url": {"status": "Plain", "payload": "https://acme.blob.core.windows.net/shared?sig=x"},
			"endpoint": "blob.core.windows.net",
			"key_prefix": "shared/",
			"access_tier": "Cool",
			"use_emulator": true,
			"upload_part_size": 4,
			"upload_concurrency": 2,
			"download_part_size": 3,
			"download_concurrency": 6
		}
	}
}`

// cryptFolder is a folder with local encrypted storage.
func cryptFolder() (*v1alpha1.SFTPGoFolder, accounts.Values) {
	f := &v1alpha1.SFTPGoFolder{
		ObjectMeta: meta("vault"),
		Spec: v1alpha1.SFTPGoFolderSpec{
			Server:     v1alpha1.ServerReference{Name: "files"},
			Name:       "vault",
			MappedPath: "/srv/sftpgo/data/vault",
			Storage: &v1alpha1.AccountStorage{Type: v1alpha1.StorageLocalEncrypted,
				LocalEncrypted: &v1alpha1.LocalEncryptedStorage{PassphraseSecret: *secretKey("vault", "")}},
		},
	}
	return f, accounts.Values{"spec.storage.localEncrypted.passphraseSecret": "long random passphrase"}
}

const cryptFolderJSON = `{
	"name": "vault",
	"mapped_path": "/srv/sftpgo/data/vault",
	"description": "[sftpgo-operator team-a/vault]",
	"filesystem": {"provider": 4, "cryptconfig": {"passphrase": {"status": "Plain", "payload": "long random passphrase"}}}
}`

// fullAdmin sets every field of an admin.
func fullAdmin() (*v1alpha1.SFTPGoAdmin, accounts.Values) {
	a := &v1alpha1.SFTPGoAdmin{
		ObjectMeta: meta("ops"),
		Spec: v1alpha1.SFTPGoAdminSpec{
			Server:           v1alpha1.ServerReference{Name: "files"},
			Username:         "operations",
			Enabled:          ptr.To(true),
			Description:      "Operations team",
			Email:            "ops@example.com",
			PasswordSecret:   *secretKey("ops-login", "pw"),
			Permissions:      []v1alpha1.AdminPermission{"add_users", "edit_users", "view_users"},
			Role:             "team-a",
			AllowedIPs:       []string{"10.0.0.0/8"},
			AllowAPIKeyAuth:  true,
			RequireTwoFactor: true,
			Groups: []v1alpha1.AdminGroup{
				{Name: "developers", AddToUsersAs: "Primary"},
				{Name: "auditors", AddToUsersAs: "Secondary"},
			},
		},
	}
	return a, accounts.Values{"spec.passwordSecret": "Admin-Passw0rd"}
}

const fullAdminJSON = `{
	"status": 1,
	"username": "operations",
	"password": "Admin-Passw0rd",
	"email": "ops@example.com",
	"description": "Operations team\n[sftpgo-operator team-a/ops]",
	"permissions": ["add_users", "edit_users", "view_users"],
	"filters": {"allow_list": ["10.0.0.0/8"], "allow_api_key_auth": true, "require_two_factor": true},
	"role": "team-a",
	"groups": [{"name": "developers", "options": {"add_to_users_as": 1}}, {"name": "auditors", "options": {"add_to_users_as": 2}}]
}`

// jsonOf encodes v as a generic JSON value.
func jsonOf(t *testing.T, v any) any {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func parseJSON(t *testing.T, s string) any {
	t.Helper()
	var out any
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		t.Fatalf("%v in %s", err, s)
	}
	return out
}

func decode[O any](t *testing.T, v any) *O {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	o := new(O)
	if err := json.Unmarshal(data, o); err != nil {
		t.Fatal(err)
	}
	return o
}

func sameJSON(t *testing.T, got any, want string) {
	t.Helper()
	g, w := jsonOf(t, got), parseJSON(t, want)
	if !reflect.DeepEqual(g, w) {
		gs, _ := json.MarshalIndent(g, "", "  ")
		ws, _ := json.MarshalIndent(w, "", "  ")
		t.Errorf("got\n%s\nwant\n%s", gs, ws)
	}
}

// stored returns what a GET of o returns after SFTPGo stored it: o with
// an id, without its password (has_password says it has one, for users),
// with its plain secrets encrypted, and with the members of extra (deep
// merged; arrays element by element), such as the ones SFTPGo adds.
func stored[O any](t *testing.T, o *O, extra string) *O {
	t.Helper()
	obj := jsonOf(t, o).(map[string]any)
	obj["id"] = 7.0
	if _, ok := obj["password"]; ok {
		delete(obj, "password")
		if _, isUser := any(o).(*sftpgoapi.User); isUser {
			obj["has_password"] = true
		}
	}
	encryptSecrets(obj)
	var merged any = obj
	if extra != "" {
		merged = merge(obj, parseJSON(t, extra))
	}
	return decode[O](t, merged)
}

// encryptSecrets replaces plain secrets as SFTPGo's GET shows them once
// stored (kms Secret.Hide: no key, no additional data).
func encryptSecrets(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, m := range v {
			if s, ok := m.(map[string]any); ok && s["status"] == "Plain" {
				payload, _ := s["payload"].(string)
				v[k] = map[string]any{"status": "AES-256-GCM",
					"payload": "enc:" + base64.StdEncoding.EncodeToString([]byte(payload))}
				continue
			}
			encryptSecrets(m)
		}
	case []any:
		for _, e := range v {
			encryptSecrets(e)
		}
	}
}

func merge(dst, src any) any {
	switch s := src.(type) {
	case map[string]any:
		d, ok := dst.(map[string]any)
		if !ok {
			return src
		}
		for k, v := range s {
			d[k] = merge(d[k], v)
		}
		return d
	case []any:
		d, ok := dst.([]any)
		if !ok {
			return src
		}
		for i, v := range s {
			if i < len(d) {
				d[i] = merge(d[i], v)
			} else {
				d = append(d, v)
			}
		}
		return d
	}
	return src
}

// Members SFTPGo returns that the operator does not manage, per kind.
const (
	userExtras = `{
		"uid": 1000, "gid": 1000, "used_quota_size": 5, "created_at": 1700000000000, "last_login": 1,
		"filters": {
			"require_password_change": true,
			"hooks": {"external_auth_disabled": true, "pre_login_disabled": false},
			"totp_config": {"enabled": true, "config_name": "Default", "secret": {"status": "AES-256-GCM", "payload": "totp"}},
			"recovery_codes": [{"secret": {"status": "AES-256-GCM", "payload": "code"}}],
			"tls_certs": ["cert"],
			"ftp_security": 1
		},
		"filesystem": {
			"osconfig": {"read_buffer_size": 2},
			"s3config": {"session_token": "tok"},
			"gcsconfig": {}, "azblobconfig": {}, "cryptconfig": {}, "sftpconfig": {}, "httpconfig": {}
		},
		"virtual_folders": [
			{"id": 3, "mapped_path": "/srv/shared", "used_quota_size": 9, "filesystem": {"provider": 0}},
			{"id": 4, "mapped_path": "/srv/archive"}
		]
	}`
	groupExtras = `{
		"users": ["alice", "bob"], "created_at": 1,
		"user_settings": {
			"filters": {"hooks": {"pre_login_disabled": true}, "user_type": ""},
			"filesystem": {"osconfig": {"write_buffer_size": 3}, "gcsconfig": {"future": 1}, "s3config": {}}
		},
		"virtual_folders": [{"id": 3, "mapped_path": "/srv/shared"}]
	}`
	folderExtras = `{
		"users": ["alice"], "groups": ["devs"], "used_quota_size": 1, "last_quota_update": 2,
		"filesystem": {"azblobconfig": {"future": 1}, "osconfig": {}, "s3config": {}}
	}`
	cryptFolderExtras = `{"filesystem": {"cryptconfig": {"read_buffer_size": 4}}}`
	adminExtras       = `{
		"additional_info": "by hand", "last_login": 3, "created_at": 4,
		"filters": {"require_password_change": true, "totp_config": {"enabled": false}, "preferences": {"hide_user_page_sections": 3}}
	}`
)
