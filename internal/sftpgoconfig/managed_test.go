package sftpgoconfig

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/fixtures"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
)

func TestSettingsSorted(t *testing.T) {
	if !slices.IsSortedFunc(settings, func(a, b setting) int { return strings.Compare(a.path, b.path) }) {
		t.Fatal("settings must stay sorted by path (ManagedKeys searches managedPaths)")
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
		{"unmanaged section that holds no managed key", `{"kms":null,"mfa":5}`, nil},
		{"token validation", `{"httpd":{"token_validation":1}}`, []string{"httpd.token_validation"}},
		{"every managed key", `{
			"httpd":{"token_validation":0,"signing_passphrase":"x","signing_passphrase_file":"/f","bindings":[{
				"port":1,"address":"a","enable_web_admin":true,"enable_web_client":true,"enable_rest_api":true,"enable_https":true,
				"certificate_file":"c","certificate_key_file":"k","proxy_mode":1,"proxy_allowed":[],"client_ip_proxy_header":"h",
				"client_ip_header_depth":1,"security":{"enabled":true,"https_proxy_headers":[]}}]},
			"sftpd":{"bindings":[],"host_keys":[]},
			"ftpd":{"passive_port_range":{"start":1,"end":2},"bindings":[{"port":1,"address":"a","apply_proxy_config":true,"tls_mode":1,
				"certificate_file":"c","certificate_key_file":"k","force_passive_ip":"1.2.3.4","passive_host":"h","passive_ip_overrides":[],
				"passive_connections_security":1}]},
			"webdavd":{"bindings":[{"port":1,"address":"a","prefix":"/p","enable_https":true,"certificate_file":"c","certificate_key_file":"k",
				"proxy_mode":1,"proxy_allowed":[],"client_ip_proxy_header":"h","client_ip_header_depth":1}]},
			"common":{"proxy_protocol":2,"proxy_allowed":[],"proxy_skipped":[]},
			"telemetry":{"bind_port":1,"bind_address":"0.0.0.0"},
			"data_provider":{"driver":"sqlite","name":"n","host":"h","port":1,"username":"u","password":"p","sslmode":1,"is_shared":1,"create_default_admin":false,"update_mode":1,"node":{}}}`,
			ManagedPaths()},
		{"mixed, sorted output", `{"sftpd":{"host_keys":[],"max_auth_tries":3},"common":{"proxy_allowed":["10.0.0.0/8"],"idle_timeout":5}}`,
			[]string{"common.proxy_allowed", "sftpd.host_keys"}},
		{"case-insensitive like viper, user's spelling kept", `{"HTTPD":{"Token_Validation":1}}`, []string{"HTTPD.Token_Validation"}},
		{"literal dotted key", `{"httpd.token_validation":1}`, []string{"httpd.token_validation"}},
		{"literal dotted key inside a managed key", `{"sftpd.bindings.0.port":80}`, []string{"sftpd.bindings.0.port"}},
		{"literal dotted key into a list section, even an unmanaged one", `{"httpd.bindings.0.port":80,"httpd.bindings.0.oidc":{}}`,
			[]string{"httpd.bindings.0.oidc", "httpd.bindings.0.port"}},
		{"web binding: the rest of it is the user's", `{"httpd":{"bindings":[{"oidc":{"client_id":"x"},"branding":{},"languages":["de"],"enabled_login_methods":3,"client_auth_type":1,"security":{"sts_seconds":1}}]}}`, nil},
		{"web binding: managed keys in it, any case", `{"httpd":{"bindings":[{"PORT":80,"security":{"Enabled":false,"sts_seconds":1}}]}}`,
			[]string{"httpd.bindings.0.PORT", "httpd.bindings.0.security.Enabled"}},
		{"web binding: a security section that is not an object", `{"httpd":{"bindings":[{"security":null}]}}`, []string{"httpd.bindings.0.security"}},
		{"web bindings: entries past the operator's one and entries that are not objects", `{"httpd":{"bindings":["x",{"oidc":{}}]}}`,
			[]string{"httpd.bindings.0", "httpd.bindings.1"}},
		{"WebDAV binding: the rest of it is the user's", `{"webdavd":{"cors":{"enabled":true},"bindings":[{"min_tls_version":13,"disable_www_auth_header":true,"client_auth_type":1}]}}`, nil},
		{"WebDAV binding: managed keys in it, and entries past the operator's one", `{"webdavd":{"bindings":[{"Prefix":"/","proxy_allowed":["0.0.0.0/0"]},{"port":8091}]}}`,
			[]string{"webdavd.bindings.0.Prefix", "webdavd.bindings.0.proxy_allowed", "webdavd.bindings.1"}},
		{"WebDAV bindings: not a list", `{"webdavd":{"bindings":null}}`, []string{"webdavd.bindings"}},
		{"web bindings: not a list", `{"httpd":{"bindings":{"0":{"port":80}}}}`, []string{"httpd.bindings"}},
		{"web bindings: an empty list changes nothing", `{"httpd":{"bindings":[]}}`, nil},
		{"section that is not an object replaces managed keys", `{"httpd":null,"telemetry":"off"}`, []string{"httpd", "telemetry"}},
		{"nested under a managed list is the list", `{"sftpd":{"bindings":[{"port":80}]}}`, []string{"sftpd.bindings"}},
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

// renderVariants between them make the renderer write every setting.
var renderVariants = map[string]func(*v1alpha1.SFTPGo){
	"defaults":                       nil,
	"ingress, trusted proxies, edge": fixtures.All(fixtures.IngressHost, trusted("10.0.0.0/16")),
	"route, reencrypt, postgresql":   fixtures.All(fixtures.Postgres, fixtures.Termination(v1alpha1.TLSReencrypt)),
	"proxy protocol, sftp off":       fixtures.All(proxyProtocol(v1alpha1.ProxyProtocolRequired, "10.0.0.0/8"), func(s *v1alpha1.SFTPGo) { s.Spec.SFTP.Enabled = ptr.To(false) }),
	"spec.config on every section":   userConfig(`{"httpd":{"bindings":[{"oidc":{"client_id":"x"}}]}}`),
	"passthrough, ip binding off":    fixtures.All(fixtures.IngressHost, fixtures.Termination(v1alpha1.TLSPassthrough), ipBindingDisabled),
	"webdav, route, reencrypt":       fixtures.All(fixtures.WebDAV, fixtures.Termination(v1alpha1.TLSReencrypt)),
	"ftp, passive IP":                fixtures.All(fixtures.FTP, func(s *v1alpha1.SFTPGo) { s.Spec.FTP.PassiveAddress = "203.0.113.10" }),
	"ftp, passive host":              fixtures.All(fixtures.FTP, func(s *v1alpha1.SFTPGo) { s.Spec.FTP.PassiveAddress = "ftp.example.com" }),
}

// Every key the renderer writes is a setting, managed or overridable: a key
// outside the table would be silently replaced by spec.config without
// SEC006. And every setting with a value is written for some instance, so
// the table holds no dead entry.
func TestRenderedKeysAreSettings(t *testing.T) {
	written := map[string]bool{}
	for name, mut := range renderVariants {
		for _, facts := range []platform.Facts{fixtures.KubeFacts, fixtures.OpenShiftFacts} {
			cfg := render(t, fixtures.Instance(mut, facts))
			for _, path := range renderedLeaves(cfg, "") {
				if strings.HasPrefix(path, "httpd.bindings.0.oidc") {
					continue // the user's own key, merged in by the variant
				}
				key := path
				for !isSetting(key) && strings.Contains(key, ".") {
					key = key[:strings.LastIndex(key, ".")] // a key inside a setting's value
				}
				if !isSetting(key) {
					t.Errorf("%s (%s): Render writes %s, which is not in the settings table", name, facts.Platform, path)
				}
				written[key] = true
			}
		}
	}
	for _, s := range settings {
		if s.value != nil && !written[s.path] {
			t.Errorf("setting %s is never written by the variants: add one that writes it, or drop it", s.path)
		}
		if s.value == nil && s.overridable {
			t.Errorf("setting %s is kept out of the file, so there is nothing to override", s.path)
		}
	}
}

func isSetting(path string) bool {
	return slices.ContainsFunc(settings, func(s setting) bool { return s.path == path })
}

// renderedLeaves lists the dotted paths of the leaves of a rendered config;
// entries of list sections are walked by index, other lists are leaves.
func renderedLeaves(node map[string]any, prefix string) []string {
	var out []string
	for k, v := range node {
		path := prefix + k
		switch t := v.(type) {
		case map[string]any:
			out = append(out, renderedLeaves(t, path+".")...)
		case []any:
			if !isListSection(path) {
				out = append(out, path)
				continue
			}
			for i, entry := range t {
				if m, ok := entry.(map[string]any); ok {
					out = append(out, renderedLeaves(m, fmt.Sprintf("%s.%d.", path, i))...)
				}
			}
		default:
			out = append(out, path)
		}
	}
	return out
}
