package sftpgoconfig

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/fixtures"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// Cluster facts, the SFTPGo under test and the shared mutators (All,
// IngressHost, Termination, Postgres) come from internal/fixtures; the
// mutators below are used by this file only.

func trusted(cidrs ...string) func(*v1alpha1.SFTPGo) {
	return func(s *v1alpha1.SFTPGo) { s.Spec.Security.TrustedProxies = cidrs }
}

func ipBindingDisabled(s *v1alpha1.SFTPGo) {
	s.Spec.Security.TokenIPBinding = v1alpha1.TokenIPBindingDisabled
}

func userConfig(raw string) func(*v1alpha1.SFTPGo) {
	return func(s *v1alpha1.SFTPGo) { s.Spec.Config = &runtime.RawExtension{Raw: []byte(raw)} }
}

func proxyProtocol(mode v1alpha1.ProxyProtocolMode, sources ...string) func(*v1alpha1.SFTPGo) {
	return func(s *v1alpha1.SFTPGo) {
		s.Spec.Security.ProxyProtocol.Mode = mode
		s.Spec.Security.ProxyProtocol.AllowedSources = sources
	}
}

// absent marks a path that must not be in the rendered config.
const absent = "<absent>"

// lookup walks a dotted path through decoded JSON; numeric parts index lists.
func lookup(v any, path string) (any, bool) {
	for _, p := range strings.Split(path, ".") {
		switch node := v.(type) {
		case map[string]any:
			next, ok := node[p]
			if !ok {
				return nil, false
			}
			v = next
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(node) {
				return nil, false
			}
			v = node[i]
		default:
			return nil, false
		}
	}
	return v, true
}

func decode(t *testing.T, out []byte) map[string]any {
	t.Helper()
	if !json.Valid(out) {
		t.Fatalf("Render output is not valid JSON:\n%s", out)
	}
	var cfg map[string]any
	if err := json.Unmarshal(out, &cfg); err != nil {
		t.Fatalf("decoding Render output: %v", err)
	}
	return cfg
}

func render(t *testing.T, in *resolve.Instance) map[string]any {
	t.Helper()
	out, err := Render(in)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return decode(t, out)
}

// expect checks each dotted path against a JSON literal (or absent).
func expect(t *testing.T, cfg map[string]any, want map[string]string) {
	t.Helper()
	for path, lit := range want {
		got, ok := lookup(cfg, path)
		if lit == absent {
			if ok {
				t.Errorf("%s = %s, want it absent", path, js(got))
			}
			continue
		}
		var w any
		if err := json.Unmarshal([]byte(lit), &w); err != nil {
			t.Fatalf("bad expectation %s: %v", lit, err)
		}
		if !ok {
			t.Errorf("%s is missing, want %s", path, lit)
			continue
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%s = %s, want %s", path, js(got), lit)
		}
	}
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

const httpsProxyHeaders = `{"enabled":true,"https_proxy_headers":[{"key":"X-Forwarded-Proto","value":"https"}]}`

func TestRender(t *testing.T) {
	cases := []struct {
		name  string
		mut   func(*v1alpha1.SFTPGo)
		facts platform.Facts
		want  map[string]string
		extra func(*testing.T, map[string]any)
	}{
		// httpd.token_validation is a bit field: 1 = no IP match, 2 = account state.
		{name: "token validation: IP binding enforced, no revoke -> 0", facts: fixtures.KubeFacts,
			want: map[string]string{"httpd.token_validation": `0`}},
		{name: "token validation: IP binding disabled -> 1", mut: ipBindingDisabled, facts: fixtures.KubeFacts,
			want: map[string]string{"httpd.token_validation": `1`}},
		{name: "token validation: revoke on account change -> 2", facts: fixtures.KubeFacts,
			mut:  func(s *v1alpha1.SFTPGo) { s.Spec.Security.RevokeTokensOnAccountChange = true },
			want: map[string]string{"httpd.token_validation": `2`}},
		{name: "token validation: both -> 3", facts: fixtures.KubeFacts,
			mut:  fixtures.All(ipBindingDisabled, func(s *v1alpha1.SFTPGo) { s.Spec.Security.RevokeTokensOnAccountChange = true }),
			want: map[string]string{"httpd.token_validation": `3`}},

		// The web binding and the proxies in front of it.
		{name: "web binding defaults", facts: fixtures.KubeFacts, want: map[string]string{
			"httpd.bindings.0.port":              `8080`,
			"httpd.bindings.0.address":           `""`,
			"httpd.bindings.0.enable_web_admin":  `true`,
			"httpd.bindings.0.enable_web_client": `true`,
			"httpd.bindings.0.enable_rest_api":   `true`,
			"httpd.bindings.1":                   absent,
		}},
		{name: "web admin only keeps the REST API", facts: fixtures.KubeFacts,
			mut: func(s *v1alpha1.SFTPGo) { s.Spec.Web.Client.Enabled = ptr.To(false) },
			want: map[string]string{
				"httpd.bindings.0.enable_web_admin":  `true`,
				"httpd.bindings.0.enable_web_client": `false`,
				"httpd.bindings.0.enable_rest_api":   `true`,
			}},
		{name: "neither web admin nor client: no REST API", facts: fixtures.KubeFacts,
			mut: func(s *v1alpha1.SFTPGo) {
				s.Spec.Web.Admin.Enabled, s.Spec.Web.Client.Enabled = ptr.To(false), ptr.To(false)
			},
			want: map[string]string{"httpd.bindings.0.enable_rest_api": `false`}},
		// The WebDAV binding (spec.webdav).
		{name: "WebDAV off: SFTPGo's default binding (port 0) stays", facts: fixtures.KubeFacts, want: map[string]string{
			"webdavd": absent,
		}},
		{name: "WebDAV on, Ingress + Edge + trusted proxies: the web binding's trust, plain HTTP", facts: fixtures.KubeFacts,
			mut: fixtures.All(fixtures.WebDAV, fixtures.IngressHost, trusted("10.0.0.0/8"), func(s *v1alpha1.SFTPGo) {
				s.Spec.Security.ClientIPHeader = "X-Real-IP"
				s.Spec.Security.ClientIPHeaderDepth = 1
			}),
			want: map[string]string{
				"webdavd.bindings.0.port":                   `8090`,
				"webdavd.bindings.0.address":                `""`,
				"webdavd.bindings.0.prefix":                 `"/dav"`,
				"webdavd.bindings.0.proxy_allowed":          `["10.0.0.0/8"]`,
				"webdavd.bindings.0.client_ip_proxy_header": `"X-Real-IP"`,
				"webdavd.bindings.0.client_ip_header_depth": `1`,
				"webdavd.bindings.0.enable_https":           absent,
				"webdavd.bindings.0.certificate_file":       absent,
				"webdavd.bindings.0.proxy_mode":             absent,
				"webdavd.bindings.1":                        absent,
			}},
		{name: "WebDAV on, Route + Reencrypt: HTTPS with the web certificate", facts: fixtures.OpenShiftFacts,
			mut: fixtures.All(fixtures.WebDAV, fixtures.Termination(v1alpha1.TLSReencrypt)),
			want: map[string]string{
				"webdavd.bindings.0.enable_https":         `true`,
				"webdavd.bindings.0.certificate_file":     `"/etc/sftpgo/web-tls/tls.crt"`,
				"webdavd.bindings.0.certificate_key_file": `"/etc/sftpgo/web-tls/tls.key"`,
				"httpd.bindings.0.certificate_file":       `"/etc/sftpgo/web-tls/tls.crt"`,
			}},
		{name: "WebDAV on, not published, no proxies: no client IP header trusted", facts: fixtures.KubeFacts,
			mut: fixtures.All(fixtures.WebDAV, func(s *v1alpha1.SFTPGo) { s.Spec.Expose.Type = v1alpha1.ExposeNone }),
			want: map[string]string{
				"webdavd.bindings.0.port":                   `8090`,
				"webdavd.bindings.0.proxy_allowed":          `[]`,
				"webdavd.bindings.0.client_ip_proxy_header": `""`,
				"webdavd.bindings.0.client_ip_header_depth": `0`,
				"webdavd.bindings.0.enable_https":           absent,
			}},
		{name: "WebDAV on: spec.config adds to the binding, never over the operator's keys", facts: fixtures.KubeFacts,
			mut: fixtures.All(fixtures.WebDAV, userConfig(`{"webdavd":{"bindings":[{"prefix":"/","disable_www_auth_header":true}],"cors":{"enabled":true}}}`)),
			want: map[string]string{
				"webdavd.bindings.0.prefix":                  `"/dav"`,
				"webdavd.bindings.0.disable_www_auth_header": `true`,
				"webdavd.cors.enabled":                       `true`,
			}},
		{name: "Ingress + Edge + trusted proxies", facts: fixtures.KubeFacts,
			mut: fixtures.All(fixtures.IngressHost, trusted("10.0.0.0/8", "192.168.1.5")),
			want: map[string]string{
				"httpd.bindings.0.proxy_allowed":          `["10.0.0.0/8","192.168.1.5"]`,
				"httpd.bindings.0.client_ip_proxy_header": `"X-Forwarded-For"`,
				"httpd.bindings.0.client_ip_header_depth": `0`,
				"httpd.bindings.0.security":               httpsProxyHeaders,
			}},
		{name: "Ingress + Edge + trusted proxies, custom header and depth", facts: fixtures.KubeFacts,
			mut: fixtures.All(fixtures.IngressHost, trusted("10.0.0.0/8"), func(s *v1alpha1.SFTPGo) {
				s.Spec.Security.ClientIPHeader = "X-Real-IP"
				s.Spec.Security.ClientIPHeaderDepth = 2
			}),
			want: map[string]string{
				"httpd.bindings.0.proxy_allowed":          `["10.0.0.0/8"]`,
				"httpd.bindings.0.client_ip_proxy_header": `"X-Real-IP"`,
				"httpd.bindings.0.client_ip_header_depth": `2`,
				"httpd.bindings.0.security":               httpsProxyHeaders,
			}},
		{name: "Reencrypt at the proxy also trusts X-Forwarded-Proto", facts: fixtures.KubeFacts,
			mut: fixtures.All(fixtures.IngressHost, trusted("10.0.0.0/8"), fixtures.Termination(v1alpha1.TLSReencrypt)),
			want: map[string]string{
				"httpd.bindings.0.proxy_allowed": `["10.0.0.0/8"]`,
				"httpd.bindings.0.security":      httpsProxyHeaders,
			}},
		{name: "no exposure: nothing trusted even with a known pod network", facts: fixtures.KubeFacts,
			want: map[string]string{
				"httpd.bindings.0.proxy_allowed":          `[]`,
				"httpd.bindings.0.client_ip_proxy_header": `""`,
				"httpd.bindings.0.client_ip_header_depth": `0`,
				"httpd.bindings.0.security":               absent,
			}},
		{name: "expose None explicitly with a host", facts: fixtures.KubeFacts,
			mut: func(s *v1alpha1.SFTPGo) {
				s.Spec.Expose.Type = v1alpha1.ExposeNone
				s.Spec.Expose.Host = "files.example.com"
			},
			want: map[string]string{
				"httpd.bindings.0.proxy_allowed":          `[]`,
				"httpd.bindings.0.client_ip_proxy_header": `""`,
				"httpd.bindings.0.security":               absent,
			}},
		{name: "Passthrough: no proxy trust headers, no derived proxies", facts: fixtures.KubeFacts,
			mut: fixtures.All(fixtures.IngressHost, fixtures.Termination(v1alpha1.TLSPassthrough)),
			want: map[string]string{
				"httpd.bindings.0.proxy_allowed":          `[]`,
				"httpd.bindings.0.client_ip_proxy_header": `""`,
				"httpd.bindings.0.client_ip_header_depth": `0`,
				"httpd.bindings.0.security":               absent,
			}},
		{name: "Passthrough with spec trusted proxies: the proxy cannot set headers, so none are trusted",
			facts: fixtures.KubeFacts,
			// IP binding off, so SEC003 does not block this spec.
			mut: fixtures.All(fixtures.IngressHost, fixtures.Termination(v1alpha1.TLSPassthrough), ipBindingDisabled, trusted("10.0.0.0/8")),
			want: map[string]string{
				"httpd.bindings.0.client_ip_proxy_header": `""`,
				"httpd.bindings.0.security":               absent,
			},
		},
		{name: "derived proxies from the Kubernetes pod network", facts: fixtures.KubeFacts,
			mut: fixtures.IngressHost,
			want: map[string]string{
				"httpd.bindings.0.proxy_allowed":          `["10.244.0.0/16"]`,
				"httpd.bindings.0.client_ip_proxy_header": `"X-Forwarded-For"`,
				"httpd.bindings.0.security":               httpsProxyHeaders,
			}},
		{name: "derived proxies from the OpenShift cluster network (Auto = Route)", facts: fixtures.OpenShiftFacts,
			want: map[string]string{
				"httpd.bindings.0.proxy_allowed":          `["10.128.0.0/14"]`,
				"httpd.bindings.0.client_ip_proxy_header": `"X-Forwarded-For"`,
				"httpd.bindings.0.security":               httpsProxyHeaders,
			}},
		{name: "spec proxies win over the pod network", facts: fixtures.OpenShiftFacts,
			mut:  trusted("10.131.0.0/16"),
			want: map[string]string{"httpd.bindings.0.proxy_allowed": `["10.131.0.0/16"]`}},
		{name: "proxied but no pod network known: nothing trusted", facts: fixtures.KubeNoPodNetworkFacts,
			mut: fixtures.IngressHost,
			want: map[string]string{
				"httpd.bindings.0.proxy_allowed":          `[]`,
				"httpd.bindings.0.client_ip_proxy_header": `""`,
				"httpd.bindings.0.security":               absent,
			}},
		{name: "TLS None with proxies: client IP header but no https_proxy_headers", facts: fixtures.KubeFacts,
			mut: fixtures.All(fixtures.IngressHost, trusted("10.0.0.0/8"), fixtures.Termination(v1alpha1.TLSNone)),
			want: map[string]string{
				"httpd.bindings.0.proxy_allowed":          `["10.0.0.0/8"]`,
				"httpd.bindings.0.client_ip_proxy_header": `"X-Forwarded-For"`,
				"httpd.bindings.0.security":               absent,
			}},

		// PROXY protocol for SFTP.
		{name: "proxy protocol Disabled -> 0", facts: fixtures.KubeFacts, want: map[string]string{
			"common.proxy_protocol": `0`, "common.proxy_allowed": `[]`,
		}},
		{name: "proxy protocol Optional -> 1", facts: fixtures.KubeFacts,
			mut:  proxyProtocol(v1alpha1.ProxyProtocolOptional, "10.0.1.0/24"),
			want: map[string]string{"common.proxy_protocol": `1`, "common.proxy_allowed": `["10.0.1.0/24"]`}},
		{name: "proxy protocol Optional without sources -> 1, empty allowed", facts: fixtures.KubeFacts,
			mut:  proxyProtocol(v1alpha1.ProxyProtocolOptional),
			want: map[string]string{"common.proxy_protocol": `1`, "common.proxy_allowed": `[]`}},
		{name: "proxy protocol Required -> 2", facts: fixtures.KubeFacts,
			mut:  proxyProtocol(v1alpha1.ProxyProtocolRequired, "10.0.1.0/24", "10.0.2.7"),
			want: map[string]string{"common.proxy_protocol": `2`, "common.proxy_allowed": `["10.0.1.0/24","10.0.2.7"]`}},
		{name: "PROXY sources do not leak into the web binding", facts: fixtures.KubeFacts,
			mut:  proxyProtocol(v1alpha1.ProxyProtocolRequired, "10.0.1.0/24"),
			want: map[string]string{"httpd.bindings.0.proxy_allowed": `[]`}},

		// SFTP, keys, telemetry.
		{name: "SFTP enabled -> port 2022", facts: fixtures.KubeFacts, want: map[string]string{
			"sftpd.bindings.0.port": `2022`, "sftpd.bindings.0.address": `""`,
		}},
		{name: "SFTP disabled -> binding port 0", facts: fixtures.KubeFacts,
			mut:  func(s *v1alpha1.SFTPGo) { s.Spec.SFTP.Enabled = ptr.To(false) },
			want: map[string]string{"sftpd.bindings.0.port": `0`}},
		{name: "Service port does not change the container port", facts: fixtures.KubeFacts,
			mut:  func(s *v1alpha1.SFTPGo) { s.Spec.SFTP.Port = 2222 },
			want: map[string]string{"sftpd.bindings.0.port": `2022`}},
		{name: "host keys are the mounted keys", facts: fixtures.KubeFacts, want: map[string]string{
			"sftpd.host_keys": `["/etc/sftpgo/keys/ssh_host_ed25519_key","/etc/sftpgo/keys/ssh_host_ecdsa_key","/etc/sftpgo/keys/ssh_host_rsa_key"]`,
		}},
		{name: "signing passphrase from the mounted file", facts: fixtures.KubeFacts, want: map[string]string{
			"httpd.signing_passphrase_file": `"/etc/sftpgo/keys/signing-passphrase"`,
			"httpd.signing_passphrase":      absent,
		}},
		{name: "telemetry on all addresses, port 10000", facts: fixtures.KubeFacts, want: map[string]string{
			"telemetry": `{"bind_port":10000,"bind_address":""}`,
		}},

		// Data provider.
		{name: "sqlite on the state volume", facts: fixtures.KubeFacts, want: map[string]string{
			"data_provider.driver":               `"sqlite"`,
			"data_provider.name":                 `"/var/lib/sftpgo/sftpgo.db"`,
			"data_provider.create_default_admin": `true`,
			"data_provider.is_shared":            absent,
			"data_provider.host":                 absent,
			"data_provider.users_base_dir":       `"/srv/sftpgo/data"`,
			"data_provider.backups_path":         `"/srv/sftpgo/backups"`,
		}},
		{name: "postgresql is shared, verify-full -> sslmode 3", facts: fixtures.KubeFacts, mut: fixtures.Postgres,
			want: map[string]string{
				"data_provider.driver":               `"postgresql"`,
				"data_provider.name":                 `"sftpgo"`,
				"data_provider.host":                 `"db.team-a.svc"`,
				"data_provider.port":                 `5432`,
				"data_provider.sslmode":              `3`,
				"data_provider.is_shared":            `1`,
				"data_provider.create_default_admin": `true`,
				"data_provider.username":             absent,
				"data_provider.password":             absent,
			}},
		{name: "mysql is shared", facts: fixtures.KubeFacts,
			mut: func(s *v1alpha1.SFTPGo) {
				s.Spec.DataProvider.Driver = v1alpha1.DriverMySQL
				s.Spec.DataProvider.SSLMode = v1alpha1.SSLModeRequire
			},
			want: map[string]string{"data_provider.is_shared": `1`, "data_provider.sslmode": `1`}},
		{name: "cockroachdb is shared, default sslMode disable -> 0", facts: fixtures.KubeFacts,
			mut:  func(s *v1alpha1.SFTPGo) { s.Spec.DataProvider.Driver = v1alpha1.DriverCockroachDB },
			want: map[string]string{"data_provider.is_shared": `1`, "data_provider.sslmode": `0`}},

		// spec.config: deep-merged last, managed keys dropped.
		{name: "spec.config: a new key under httpd merges", facts: fixtures.KubeFacts,
			mut: userConfig(`{"httpd":{"max_upload_file_size":1048576}}`),
			want: map[string]string{
				"httpd.max_upload_file_size":    `1048576`,
				"httpd.token_validation":        `0`,
				"httpd.signing_passphrase_file": `"/etc/sftpgo/keys/signing-passphrase"`,
				"httpd.bindings.0.port":         `8080`,
			}},
		{name: "spec.config: a nested object merges into a rendered section", facts: fixtures.KubeFacts,
			mut: userConfig(`{"sftpd":{"max_auth_tries":3,"keyboard_interactive_authentication":false},"httpd":{"cors":{"enabled":true,"allowed_origins":["https://a.example"]}}}`),
			want: map[string]string{
				"sftpd.max_auth_tries":                      `3`,
				"sftpd.keyboard_interactive_authentication": `false`,
				"sftpd.bindings.0.port":                     `2022`,
				"sftpd.host_keys.2":                         `"/etc/sftpgo/keys/ssh_host_rsa_key"`,
				"httpd.cors":                                `{"enabled":true,"allowed_origins":["https://a.example"]}`,
				"httpd.token_validation":                    `0`,
			}},
		{name: "spec.config: a list is taken as given", facts: fixtures.KubeFacts,
			mut: userConfig(`{"sftpd":{"kex_algorithms":["curve25519-sha256"]},"smtp":{"host":"mail"}}`),
			want: map[string]string{
				"sftpd.kex_algorithms": `["curve25519-sha256"]`,
				"smtp":                 `{"host":"mail"}`,
			}},
		{name: "spec.config: managed token_validation dropped", facts: fixtures.KubeFacts,
			mut:  userConfig(`{"httpd":{"token_validation":1,"max_upload_file_size":5}}`),
			want: map[string]string{"httpd.token_validation": `0`, "httpd.max_upload_file_size": `5`}},
		{name: "spec.config: managed keys in every section dropped", facts: fixtures.KubeFacts,
			mut: userConfig(`{
				"httpd":{"bindings":[{"port":80,"proxy_allowed":["0.0.0.0/0"]}],"signing_passphrase":"x","signing_passphrase_file":"/x"},
				"sftpd":{"bindings":[{"port":22}],"host_keys":[]},
				"common":{"proxy_protocol":2,"proxy_allowed":["0.0.0.0/0"],"proxy_skipped":["1.2.3.4"],"idle_timeout":5},
				"telemetry":{"bind_port":9090,"bind_address":"127.0.0.1"},
				"data_provider":{"driver":"mysql","name":"x","password":"hunter2","username":"root","is_shared":0,"create_default_admin":false}}`),
			want: map[string]string{
				"httpd.bindings":                     `[{"port":8080,"address":"","enable_web_admin":true,"enable_web_client":true,"enable_rest_api":true,"proxy_allowed":[],"client_ip_proxy_header":"","client_ip_header_depth":0}]`,
				"httpd.signing_passphrase":           absent,
				"httpd.signing_passphrase_file":      `"/etc/sftpgo/keys/signing-passphrase"`,
				"sftpd.bindings":                     `[{"port":2022,"address":""}]`,
				"sftpd.host_keys.0":                  `"/etc/sftpgo/keys/ssh_host_ed25519_key"`,
				"common":                             `{"proxy_protocol":0,"proxy_allowed":[],"idle_timeout":5}`,
				"telemetry":                          `{"bind_port":10000,"bind_address":""}`,
				"data_provider.driver":               `"sqlite"`,
				"data_provider.name":                 `"/var/lib/sftpgo/sftpgo.db"`,
				"data_provider.password":             absent,
				"data_provider.username":             absent,
				"data_provider.is_shared":            absent,
				"data_provider.create_default_admin": `true`,
			}},
		{name: "spec.config: a managed section that is not an object is dropped", facts: fixtures.KubeFacts,
			mut: userConfig(`{"httpd":null,"telemetry":"off"}`),
			want: map[string]string{
				"httpd.token_validation": `0`,
				"httpd.bindings.0.port":  `8080`,
				"telemetry.bind_port":    `10000`,
			}},
		{name: "spec.config: literal dotted managed key dropped", facts: fixtures.KubeFacts,
			mut:   userConfig(`{"httpd.token_validation":1,"httpd.bindings":[]}`),
			want:  map[string]string{"httpd.token_validation": `0`, "httpd.bindings.0.port": `8080`},
			extra: noDottedTopLevelKeys,
		},
		{name: "spec.config: the web binding takes OIDC, branding and login methods, keeps what the operator manages", facts: fixtures.KubeFacts,
			mut: fixtures.All(fixtures.IngressHost, trusted("10.0.0.0/16"), userConfig(`{"httpd":{"bindings":[{
				"oidc":{"config_url":"https://idp.example/realms/files","client_id":"sftpgo","redirect_base_url":"https://files.example.com"},
				"branding":{"web_client":{"name":"Files"}},
				"enabled_login_methods":3,
				"Port":80,"proxy_allowed":["0.0.0.0/0"],"security":{"enabled":false,"https_proxy_headers":[],"sts_seconds":31536000}}]}}`)),
			want: map[string]string{
				"httpd.bindings.0.oidc.client_id":               `"sftpgo"`,
				"httpd.bindings.0.oidc.client_secret":           absent,
				"httpd.bindings.0.branding.web_client.name":     `"Files"`,
				"httpd.bindings.0.enabled_login_methods":        `3`,
				"httpd.bindings.0.port":                         `8080`,
				"httpd.bindings.0.Port":                         absent,
				"httpd.bindings.0.proxy_allowed":                `["10.0.0.0/16"]`,
				"httpd.bindings.0.client_ip_proxy_header":       `"X-Forwarded-For"`,
				"httpd.bindings.0.security.enabled":             `true`,
				"httpd.bindings.0.security.https_proxy_headers": `[{"key":"X-Forwarded-Proto","value":"https"}]`,
				"httpd.bindings.0.security.sts_seconds":         `31536000`,
				"httpd.bindings.1":                              absent,
			}},
		{name: "spec.config: security headers without TLS at the proxy turn the middleware on, no proxy header trusted", facts: fixtures.KubeFacts,
			mut: userConfig(`{"httpd":{"bindings":[{"security":{"content_security_policy":"default-src 'self'"}}]}}`),
			want: map[string]string{
				"httpd.bindings.0.security": `{"enabled":true,"content_security_policy":"default-src 'self'"}`,
			}},
		{name: "spec.config: a second binding, a binding that is not an object and bindings that are not a list are dropped", facts: fixtures.KubeFacts,
			mut: userConfig(`{"httpd":{"bindings":[{"languages":["de"]},{"port":9000}]},"webdavd":{"bindings":"x"}}`),
			want: map[string]string{
				"httpd.bindings.0.languages": `["de"]`,
				"httpd.bindings.1":           absent,
			}},
		{name: "spec.config: bindings given as an object cannot merge and are dropped", facts: fixtures.KubeFacts,
			mut:  userConfig(`{"httpd.bindings.0.port":80,"httpd":{"bindings":{"0":{"languages":["de"]}}}}`),
			want: map[string]string{"httpd.bindings.0.port": `8080`, "httpd.bindings.0.languages": absent},
		},
		{name: "spec.config: managed key under a differently cased section dropped", facts: fixtures.KubeFacts,
			mut: userConfig(`{"HTTPD":{"Token_Validation":1}}`),
			want: map[string]string{
				"httpd.token_validation": `0`,
				"HTTPD":                  absent,
			},
		},
		{name: "spec.config: unmanaged key under a differently cased section merges into the section", facts: fixtures.KubeFacts,
			mut: userConfig(`{"HTTPD":{"max_upload_file_size":5}}`),
			want: map[string]string{
				"httpd.max_upload_file_size": `5`,
				"httpd.token_validation":     `0`,
				"HTTPD":                      absent,
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := render(t, fixtures.Instance(tc.mut, tc.facts))
			expect(t, cfg, tc.want)
			if tc.extra != nil {
				tc.extra(t, cfg)
			}
		})
	}
}

// noDottedTopLevelKeys: viper reads a literal "httpd.token_validation" key
// as httpd → token_validation, preferring it over the nested one (longest
// prefix first), so none may reach sftpgo.json.
func noDottedTopLevelKeys(t *testing.T, cfg map[string]any) {
	t.Helper()
	for k, v := range cfg {
		if strings.Contains(k, ".") {
			t.Errorf("literal dotted key %q = %s in sftpgo.json", k, js(v))
		}
	}
}

// The WebDAV binding sits behind the web binding's proxies: whatever the
// instance, it trusts the same peers with the same header and depth, and
// serves HTTPS with the same files exactly when the web binding does.
func TestRenderWebDAVLikeTheWebBinding(t *testing.T) {
	same := []string{"proxy_allowed", "client_ip_proxy_header", "client_ip_header_depth", "enable_https", "certificate_file", "certificate_key_file"}
	for name, mut := range renderVariants {
		for _, facts := range []platform.Facts{fixtures.KubeFacts, fixtures.OpenShiftFacts} {
			withWebDAV := fixtures.WebDAV
			if mut != nil {
				withWebDAV = fixtures.All(mut, fixtures.WebDAV)
			}
			cfg := render(t, fixtures.Instance(withWebDAV, facts))
			for _, key := range same {
				web, webOK := lookup(cfg, "httpd.bindings.0."+key)
				dav, davOK := lookup(cfg, "webdavd.bindings.0."+key)
				if webOK != davOK || !reflect.DeepEqual(web, dav) {
					t.Errorf("%s (%s): webdavd.bindings.0.%s = %s (%v), the web binding's = %s (%v)",
						name, facts.Platform, key, js(dav), davOK, js(web), webOK)
				}
			}
		}
	}
}

// secretKeys are keys that must never be rendered: credentials reach SFTPGo
// only through environment variables from Secrets.
var secretKeys = []string{"username", "password"}

func findKeys(v any, path string, names []string, found *[]string) {
	switch node := v.(type) {
	case map[string]any:
		for k, sub := range node {
			for _, n := range names {
				if strings.EqualFold(k, n) {
					*found = append(*found, path+k)
				}
			}
			findKeys(sub, path+k+".", names, found)
		}
	case []any:
		for i, sub := range node {
			findKeys(sub, path+strconv.Itoa(i)+".", names, found)
		}
	}
}

func TestRenderNoCredentials(t *testing.T) {
	cases := []struct {
		name string
		mut  func(*v1alpha1.SFTPGo)
	}{
		{"sqlite", nil},
		{"postgresql with a credentials Secret", fixtures.Postgres},
		{"postgresql, credentials in spec.config are dropped", fixtures.All(fixtures.Postgres,
			userConfig(`{"data_provider":{"username":"root","password":"hunter2"}}`))},
		{"mysql", func(s *v1alpha1.SFTPGo) {
			s.Spec.DataProvider.Driver = v1alpha1.DriverMySQL
			s.Spec.DataProvider.CredentialsSecret = &v1alpha1.CredentialsSecretReference{SecretReference: v1alpha1.SecretReference{Name: "db"}}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Render(fixtures.Instance(tc.mut, fixtures.KubeFacts))
			if err != nil {
				t.Fatal(err)
			}
			var found []string
			findKeys(decode(t, out), "", secretKeys, &found)
			if len(found) > 0 {
				t.Errorf("credential keys in sftpgo.json: %v\n%s", found, out)
			}
			if bytes.Contains(out, []byte("hunter2")) {
				t.Errorf("a password from spec.config reached sftpgo.json:\n%s", out)
			}
		})
	}
}

func TestRenderConfigErrors(t *testing.T) {
	cases := []struct {
		name    string
		raw     string
		wantErr bool
	}{
		{"absent config", "", false},
		{"empty object", `{}`, false},
		{"list", `[{"httpd":{}}]`, true},
		{"string", `"httpd"`, true},
		{"number", `42`, true},
		{"null", `null`, true},
		{"invalid JSON", `{"httpd":`, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mut := userConfig(tc.raw)
			if tc.raw == "" {
				mut = nil
			}
			out, err := Render(fixtures.Instance(mut, fixtures.KubeFacts))
			if tc.wantErr {
				if err == nil {
					t.Fatalf("Render succeeded, want an error; output:\n%s", out)
				}
				if out != nil {
					t.Errorf("Render returned output with an error")
				}
				return
			}
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			decode(t, out)
		})
	}
}

func TestRenderDeterministic(t *testing.T) {
	cases := []struct {
		name  string
		mut   func(*v1alpha1.SFTPGo)
		facts platform.Facts
	}{
		{"defaults", nil, fixtures.KubeFacts},
		{"ingress with many proxies and spec.config", fixtures.All(fixtures.IngressHost,
			trusted("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"),
			proxyProtocol(v1alpha1.ProxyProtocolOptional, "10.1.0.0/16", "10.2.0.0/16"),
			userConfig(`{"httpd":{"cors":{"enabled":true,"b":1,"a":2,"c":{"z":1,"y":2}}},"smtp":{"host":"m","port":25},"mfa":{"totp":[{"name":"Default"}]}}`),
		), fixtures.KubeFacts},
		{"openshift postgresql", fixtures.Postgres, fixtures.OpenShiftFacts},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			first, err := Render(fixtures.Instance(tc.mut, tc.facts))
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 20; i++ {
				again, err := Render(fixtures.Instance(tc.mut, tc.facts))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(first, again) {
					t.Fatalf("Render is not deterministic:\n%s\n---\n%s", first, again)
				}
			}
			if !bytes.HasSuffix(first, []byte("}\n")) {
				t.Errorf("output should end with a newline after the object")
			}
			decode(t, first)
		})
	}
}

// Render must not change the instance it is given (the resolved spec is
// shared with the builders and the rules).
func TestRenderLeavesInstanceAlone(t *testing.T) {
	in := fixtures.Instance(fixtures.All(fixtures.IngressHost, trusted("10.0.0.0/8"),
		userConfig(`{"httpd":{"token_validation":1,"cors":{"enabled":true}}}`)), fixtures.KubeFacts)
	before := in.DeepCopy()
	if _, err := Render(in); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, in.SFTPGo) {
		t.Errorf("Render changed the instance's spec")
	}
}

func TestMerge(t *testing.T) {
	cases := []struct {
		name          string
		dst, src, out string
	}{
		{"new key", `{"a":{"x":1}}`, `{"a":{"y":2}}`, `{"a":{"x":1,"y":2}}`},
		{"nested objects merge at every level", `{"a":{"b":{"c":1,"d":2}}}`, `{"a":{"b":{"d":3,"e":4}}}`,
			`{"a":{"b":{"c":1,"d":3,"e":4}}}`},
		{"a list replaces", `{"a":{"l":[1,2,3]}}`, `{"a":{"l":[9]}}`, `{"a":{"l":[9]}}`},
		{"lists are not merged by index", `{"l":[{"p":1,"q":2}]}`, `{"l":[{"p":5}]}`, `{"l":[{"p":5}]}`},
		{"a scalar replaces an object", `{"a":{"x":1}}`, `{"a":5}`, `{"a":5}`},
		{"an object replaces a scalar", `{"a":5}`, `{"a":{"x":1}}`, `{"a":{"x":1}}`},
		{"null replaces", `{"a":{"x":1}}`, `{"a":null}`, `{"a":null}`},
		{"empty source", `{"a":1}`, `{}`, `{"a":1}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var dst, src, want map[string]any
			for _, p := range []struct {
				raw string
				v   *map[string]any
			}{{tc.dst, &dst}, {tc.src, &src}, {tc.out, &want}} {
				if err := json.Unmarshal([]byte(p.raw), p.v); err != nil {
					t.Fatal(err)
				}
			}
			merge(dst, src)
			if !reflect.DeepEqual(dst, want) {
				t.Errorf("merge = %s, want %s", js(dst), tc.out)
			}
		})
	}
}

// Each sslMode is SFTPGo's integer data_provider.sslmode of the same name
// (internal/dataprovider: getSSLMode); the default keeps SFTPGo's own 0.
func TestRenderSSLModes(t *testing.T) {
	for mode, want := range map[v1alpha1.SSLMode]float64{
		"": 0, v1alpha1.SSLModeDisable: 0, v1alpha1.SSLModeRequire: 1, v1alpha1.SSLModeVerifyCA: 2,
		v1alpha1.SSLModeVerifyFull: 3, v1alpha1.SSLModePrefer: 4, v1alpha1.SSLModeAllow: 5,
	} {
		out, err := Render(fixtures.Instance(fixtures.All(fixtures.Postgres, func(s *v1alpha1.SFTPGo) {
			s.Spec.DataProvider.SSLMode = mode
		}), fixtures.KubeFacts))
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := lookup(decode(t, out), "data_provider.sslmode"); got != want {
			t.Errorf("sslMode %q: data_provider.sslmode = %v, want %v", mode, got, want)
		}
	}
}

// The FTP binding (spec.ftp): TLS mode and files, the passive range, the
// passive address from spec.ftp.passiveAddress or the load balancer.
func TestRenderFTP(t *testing.T) {
	withLB := func(lb ...resolve.LoadBalancerAddress) func(*resolve.Instance) {
		return func(in *resolve.Instance) { in.LoadBalancer = lb }
	}
	tests := []struct {
		name string
		mut  func(*v1alpha1.SFTPGo)
		in   func(*resolve.Instance)
		want map[string]string
	}{
		{name: "off: SFTPGo's defaults (binding on port 0)", want: map[string]string{"ftpd": absent}},
		{name: "defaults: FTPS required, 16 passive ports, strict passive security", mut: fixtures.FTP, want: map[string]string{
			"ftpd.bindings.0.port":                         `2121`,
			"ftpd.bindings.0.address":                      `""`,
			"ftpd.bindings.0.tls_mode":                     `1`,
			"ftpd.bindings.0.certificate_file":             `"/etc/sftpgo/ftp-tls/tls.crt"`,
			"ftpd.bindings.0.certificate_key_file":         `"/etc/sftpgo/ftp-tls/tls.key"`,
			"ftpd.bindings.0.apply_proxy_config":           `true`,
			"ftpd.bindings.0.passive_connections_security": `0`,
			"ftpd.bindings.0.force_passive_ip":             absent,
			"ftpd.bindings.0.passive_host":                 absent,
			"ftpd.bindings.1":                              absent,
			"ftpd.passive_port_range":                      `{"end":50015,"start":50000}`,
		}},
		{name: "Implicit", mut: fixtures.All(fixtures.FTP, func(s *v1alpha1.SFTPGo) { s.Spec.FTP.TLS = v1alpha1.FTPTLSImplicit }),
			want: map[string]string{"ftpd.bindings.0.tls_mode": `2`}},
		{name: "Optional: mode 0 with a certificate offers AUTH TLS", mut: fixtures.All(fixtures.FTP, func(s *v1alpha1.SFTPGo) { s.Spec.FTP.TLS = v1alpha1.FTPTLSOptional }),
			want: map[string]string{"ftpd.bindings.0.tls_mode": `0`, "ftpd.bindings.0.certificate_file": `"/etc/sftpgo/ftp-tls/tls.crt"`}},
		{name: "Disabled: plain, no certificate", mut: fixtures.All(fixtures.FTP, func(s *v1alpha1.SFTPGo) { s.Spec.FTP.TLS = v1alpha1.FTPTLSDisabled }),
			want: map[string]string{"ftpd.bindings.0.tls_mode": `0`, "ftpd.bindings.0.certificate_file": absent}},
		{name: "passive range", mut: fixtures.All(fixtures.FTP, func(s *v1alpha1.SFTPGo) { s.Spec.FTP.PassivePorts = v1alpha1.FTPPassivePorts{Start: 30000, Count: 64} }),
			want: map[string]string{"ftpd.passive_port_range": `{"end":30063,"start":30000}`}},
		{name: "passiveAddress IP", mut: fixtures.All(fixtures.FTP, func(s *v1alpha1.SFTPGo) { s.Spec.FTP.PassiveAddress = "203.0.113.10" }),
			in:   withLB(resolve.LoadBalancerAddress{IP: "198.51.100.1"}),
			want: map[string]string{"ftpd.bindings.0.force_passive_ip": `"203.0.113.10"`, "ftpd.bindings.0.passive_host": absent}},
		{name: "passiveAddress host name: resolved by SFTPGo", mut: fixtures.All(fixtures.FTP, func(s *v1alpha1.SFTPGo) { s.Spec.FTP.PassiveAddress = "ftp.example.com" }),
			want: map[string]string{"ftpd.bindings.0.passive_host": `"ftp.example.com"`, "ftpd.bindings.0.force_passive_ip": absent}},
		{name: "load balancer IP, IPv6 skipped", mut: fixtures.FTP,
			in:   withLB(resolve.LoadBalancerAddress{IP: "2001:db8::1"}, resolve.LoadBalancerAddress{IP: "198.51.100.1"}),
			want: map[string]string{"ftpd.bindings.0.force_passive_ip": `"198.51.100.1"`}},
		{name: "load balancer host name only (AWS)", mut: fixtures.FTP,
			in:   withLB(resolve.LoadBalancerAddress{Hostname: "abc.elb.amazonaws.com"}),
			want: map[string]string{"ftpd.bindings.0.passive_host": `"abc.elb.amazonaws.com"`, "ftpd.bindings.0.force_passive_ip": absent}},
		{name: "ClusterIP: the pod's IP (no address)", mut: fixtures.All(fixtures.FTP, func(s *v1alpha1.SFTPGo) { s.Spec.Service.Type = v1alpha1.ServiceTypeClusterIP }),
			in:   withLB(resolve.LoadBalancerAddress{IP: "198.51.100.1"}),
			want: map[string]string{"ftpd.bindings.0.force_passive_ip": absent, "ftpd.bindings.0.passive_host": absent}},
		{name: "spec.config adds to the binding, never over the operator's keys",
			mut:  fixtures.All(fixtures.FTP, userConfig(`{"ftpd":{"bindings":[{"debug":true}],"banner":"hi"}}`)),
			want: map[string]string{"ftpd.bindings.0.debug": `true`, "ftpd.banner": `"hi"`, "ftpd.bindings.0.port": `2121`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := fixtures.Instance(tt.mut, fixtures.KubeFacts)
			if tt.in != nil {
				tt.in(in)
			}
			cfg := render(t, in)
			for key, want := range tt.want {
				got, ok := lookup(cfg, key)
				if want == absent {
					if ok {
						t.Errorf("%s = %v, want absent", key, got)
					}
					continue
				}
				b, _ := json.Marshal(got)
				if !ok || string(b) != want {
					t.Errorf("%s = %s (present %v), want %s", key, b, ok, want)
				}
			}
		})
	}
}
