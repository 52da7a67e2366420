package sftpgoconfig_test

import (
	"strings"
	"testing"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

func TestManagedEnvKey(t *testing.T) {
	cases := []struct {
		name        string
		wantKey     string
		wantManaged bool
	}{
		// Managed keys, in every section the operator renders.
		{"SFTPGO_HTTPD__TOKEN_VALIDATION", "httpd.token_validation", true},
		{"SFTPGO_HTTPD__SIGNING_PASSPHRASE", "httpd.signing_passphrase", true},
		{"SFTPGO_HTTPD__BINDINGS__0__PROXY_ALLOWED", "httpd.bindings.0.proxy_allowed", true},
		{"SFTPGO_HTTPD__BINDINGS__0__PORT", "httpd.bindings.0.port", true},
		{"SFTPGO_HTTPD__BINDINGS__0__SECURITY__HTTPS_PROXY_HEADERS__0__KEY", "httpd.bindings.0.security.https_proxy_headers", true},
		{"SFTPGO_HTTPD__BINDINGS__1__PORT", "httpd.bindings.1", true}, // a listener the Services do not know
		{"SFTPGO_SFTPD__BINDINGS__0__PORT", "sftpd.bindings", true},
		{"SFTPGO_SFTPD__HOST_KEYS", "sftpd.host_keys", true},
		{"SFTPGO_COMMON__PROXY_PROTOCOL", "common.proxy_protocol", true},
		{"SFTPGO_COMMON__PROXY_ALLOWED", "common.proxy_allowed", true},
		{"SFTPGO_TELEMETRY__BIND_PORT", "telemetry.bind_port", true},
		{"SFTPGO_DATA_PROVIDER__DRIVER", "data_provider.driver", true},
		{"SFTPGO_DATA_PROVIDER__PASSWORD", "data_provider.password", true},
		// A section name alone would replace the managed keys under it.
		{"SFTPGO_HTTPD__BINDINGS", "httpd.bindings", true},
		// What the operator leaves to the admin.
		{"SFTPGO_HTTPD__BINDINGS__0__OIDC__CLIENT_SECRET", "", false},
		{"SFTPGO_HTTPD__BINDINGS__0__BRANDING__WEB_CLIENT__NAME", "", false},
		{"SFTPGO_SMTP__PASSWORD", "", false},
		{"SFTPGO_KMS__SECRETS__MASTER_KEY", "", false},
		{"SFTPGO_DATA_PROVIDER__POOL_SIZE", "", false},
		{"SFTPGO_COMMON__IDLE_TIMEOUT", "", false},
		{"SFTPGO_MFA__TOTP__0__NAME", "", false},
		{"SFTPGO_LOG_LEVEL", "", false},
		// Names SFTPGo never reads as config.
		{"sftpgo_httpd__token_validation", "", false}, // SFTPGo looks up upper case only
		{"SFTPGO_httpd__TOKEN_VALIDATION", "", false},
		{"HTTPD__TOKEN_VALIDATION", "", false},
		{"SFTPGO_", "", false},
		{"SFTPGO_HTTPD____TOKEN_VALIDATION", "", false},
		{"SFTPGO_HTTPD__BINDINGS__30__PORT", "", false}, // past any index SFTPGo reads
		{"SFTPGO_HTTPD__BINDINGS__-1__PORT", "", false},
		{"SFTPGO_0__PORT", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			key, managed := sftpgoconfig.ManagedEnvKey(tc.name)
			if key != tc.wantKey || managed != tc.wantManaged {
				t.Errorf("ManagedEnvKey(%q) = %q, %v; want %q, %v", tc.name, key, managed, tc.wantKey, tc.wantManaged)
			}
		})
	}
}

// TestManagedEnvKeyCoversEveryManagedPath: each managed key, written as the
// variable SFTPGo reads for it, is reported.
func TestManagedEnvKeyCoversEveryManagedPath(t *testing.T) {
	for _, path := range sftpgoconfig.ManagedPaths() {
		name := "SFTPGO_" + strings.ToUpper(strings.ReplaceAll(path, ".", "__"))
		if _, managed := sftpgoconfig.ManagedEnvKey(name); !managed {
			t.Errorf("%s (for %s) is not reported as managed", name, path)
		}
	}
}
