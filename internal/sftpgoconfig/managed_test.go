package sftpgoconfig

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestManagedPathsSorted(t *testing.T) {
	if !slices.IsSorted(managedPaths) {
		t.Fatalf("managedPaths must stay sorted (binary search): %v", managedPaths)
	}
	if len(ManagedPaths()) != 20 {
		t.Fatalf("ManagedPaths() = %d keys, want 20", len(ManagedPaths()))
	}
}

func TestManagedKeys(t *testing.T) {
	cases := []struct {
		name   string
		config string
		want   []string
	}{
		{"empty", `{}`, nil},
		{"unmanaged only", `{"httpd":{"cors":{"enabled":true}},"common":{"idle_timeout":5},"sftpd":{"max_auth_tries":3},"smtp":{"host":"mail"}}`, nil},
		{"unmanaged section that holds no managed key", `{"webdavd":null,"mfa":5}`, nil},
		{"token validation", `{"httpd":{"token_validation":1}}`, []string{"httpd.token_validation"}},
		{"every managed key", `{
			"httpd":{"token_validation":0,"signing_passphrase":"x","signing_passphrase_file":"/f","bindings":[]},
			"sftpd":{"bindings":[],"host_keys":[]},
			"common":{"proxy_protocol":2,"proxy_allowed":[],"proxy_skipped":[]},
			"telemetry":{"bind_port":1,"bind_address":"0.0.0.0"},
			"data_provider":{"driver":"sqlite","name":"n","host":"h","port":1,"username":"u","password":"p","sslmode":1,"is_shared":1,"create_default_admin":false}}`,
			ManagedPaths()},
		{"mixed, sorted output", `{"sftpd":{"host_keys":[],"max_auth_tries":3},"common":{"proxy_allowed":["10.0.0.0/8"],"idle_timeout":5}}`,
			[]string{"common.proxy_allowed", "sftpd.host_keys"}},
		{"case-insensitive like viper, user's spelling kept", `{"HTTPD":{"Token_Validation":1}}`, []string{"HTTPD.Token_Validation"}},
		{"literal dotted key", `{"httpd.bindings":[]}`, []string{"httpd.bindings"}},
		{"literal dotted key inside a managed key", `{"httpd.bindings.0.port":80}`, []string{"httpd.bindings.0.port"}},
		{"section that is not an object replaces managed keys", `{"httpd":null,"telemetry":"off"}`, []string{"httpd", "telemetry"}},
		{"nested under managed list is the list", `{"httpd":{"bindings":[{"port":80}]}}`, []string{"httpd.bindings"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var cfg map[string]any
			if err := json.Unmarshal([]byte(tc.config), &cfg); err != nil {
				t.Fatal(err)
			}
			got := ManagedKeys(cfg)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("ManagedKeys() = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestManagedKeysNil(t *testing.T) {
	if got := ManagedKeys(nil); len(got) != 0 {
		t.Fatalf("ManagedKeys(nil) = %v", got)
	}
}
