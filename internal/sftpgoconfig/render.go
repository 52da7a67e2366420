package sftpgoconfig

import (
	"encoding/json"
	"fmt"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// Token validation bits of httpd.token_validation (SFTPGO.md).
const (
	tokenNoIPMatch         = 1
	tokenCheckAccountState = 2
)

// sslModes maps spec.dataProvider.sslMode to SFTPGo's integer sslmode
// (internal/dataprovider: getSSLMode).
var sslModes = map[v1alpha1.SSLMode]int{
	v1alpha1.SSLModeDisable: 0, v1alpha1.SSLModeRequire: 1, v1alpha1.SSLModeVerifyCA: 2,
	v1alpha1.SSLModeVerifyFull: 3, v1alpha1.SSLModePrefer: 4, v1alpha1.SSLModeAllow: 5,
}

// Render returns the sftpgo.json for an instance: operator-managed settings,
// with spec.config deep-merged over them except for managed keys (those are
// reported by rule SEC006, never applied). It holds no secret: passwords
// reach SFTPGo through environment variables.
func Render(in *resolve.Instance) ([]byte, error) {
	cfg := map[string]any{
		"common":        common(in),
		"sftpd":         sftpd(in),
		"httpd":         httpd(in),
		"telemetry":     map[string]any{"bind_port": TelemetryPort, "bind_address": ""},
		"data_provider": dataProvider(in),
	}
	user, err := UserConfig(in.Spec.Config)
	if err != nil {
		return nil, err
	}
	user = normalize(user)
	for _, key := range ManagedKeys(user) {
		deletePath(user, key)
	}
	merge(cfg, user)
	enableBindingSecurity(cfg)
	out, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding sftpgo.json: %w", err)
	}
	return append(out, '\n'), nil
}

func common(in *resolve.Instance) map[string]any {
	pp := in.Spec.Security.ProxyProtocol
	mode := map[v1alpha1.ProxyProtocolMode]int{
		v1alpha1.ProxyProtocolDisabled: 0, v1alpha1.ProxyProtocolOptional: 1, v1alpha1.ProxyProtocolRequired: 2,
	}[pp.Mode]
	return map[string]any{
		"proxy_protocol": mode,
		"proxy_allowed":  nonNil(pp.AllowedSources),
	}
}

func sftpd(in *resolve.Instance) map[string]any {
	port := SFTPPort
	if !*in.Spec.SFTP.Enabled {
		port = 0 // SFTPGo disables a binding on port 0
	}
	keys := make([]string, 0, len(HostKeyNames))
	for _, k := range HostKeyNames {
		keys = append(keys, KeysDir+"/"+k)
	}
	return map[string]any{
		"bindings":  []any{map[string]any{"port": port, "address": ""}},
		"host_keys": keys,
	}
}

func httpd(in *resolve.Instance) map[string]any {
	web := in.Spec.Web
	sec := in.Spec.Security
	binding := map[string]any{
		"port":                   HTTPPort,
		"address":                "",
		"enable_web_admin":       *web.Admin.Enabled,
		"enable_web_client":      *web.Client.Enabled,
		"enable_rest_api":        *web.Admin.Enabled || *web.Client.Enabled,
		"proxy_allowed":          nonNil(in.TrustedProxies.CIDRs),
		"client_ip_proxy_header": "",
		"client_ip_header_depth": 0,
	}
	if len(in.TrustedProxies.CIDRs) > 0 {
		binding["client_ip_proxy_header"] = sec.ClientIPHeader
		binding["client_ip_header_depth"] = sec.ClientIPHeaderDepth
	}
	if in.WebServesTLS {
		// The certificate Secret (kubernetes.io/tls) is mounted here.
		binding["enable_https"] = true
		binding["certificate_file"] = WebTLSDir + "/tls.crt"
		binding["certificate_key_file"] = WebTLSDir + "/tls.key"
	}
	if in.TLSAtProxy && len(in.TrustedProxies.CIDRs) > 0 {
		// Only proxies in proxy_allowed may claim HTTPS; SFTPGo then marks
		// cookies Secure and builds https redirects.
		binding["security"] = map[string]any{
			"enabled":             true,
			"https_proxy_headers": []any{map[string]any{"key": "X-Forwarded-Proto", "value": "https"}},
		}
	}
	validation := 0
	if sec.TokenIPBinding == v1alpha1.TokenIPBindingDisabled {
		validation |= tokenNoIPMatch
	}
	if sec.RevokeTokensOnAccountChange {
		validation |= tokenCheckAccountState
	}
	return map[string]any{
		"bindings":                []any{binding},
		"token_validation":        validation,
		"signing_passphrase_file": KeysDir + "/" + SigningPassphraseKey,
	}
}

// enableBindingSecurity turns on the web binding's security middleware when
// spec.config sets security headers for it (security.enabled is the
// operator's: it also decides whether X-Forwarded-Proto is honoured), so
// that headers asked for are really sent.
func enableBindingSecurity(cfg map[string]any) {
	binding := cfg["httpd"].(map[string]any)["bindings"].([]any)[0].(map[string]any)
	if sec, ok := binding["security"].(map[string]any); ok && len(sec) > 0 {
		sec["enabled"] = true
	}
}

func dataProvider(in *resolve.Instance) map[string]any {
	dp := in.Spec.DataProvider
	out := map[string]any{
		"driver":               string(dp.Driver),
		"create_default_admin": true,
		"users_base_dir":       DataDir + "/data",
		"backups_path":         DataDir + "/backups",
	}
	if dp.Driver == v1alpha1.DriverSQLite {
		out["name"] = StateDir + "/sftpgo.db"
		return out
	}
	out["name"] = dp.Database
	out["host"] = dp.Host
	out["port"] = dp.Port
	out["sslmode"] = sslModes[dp.SSLMode]
	out["is_shared"] = 1
	// The node's host is the pod IP, set through the environment.
	proto := "http"
	if in.WebServesTLS {
		proto = "https"
	}
	out["node"] = map[string]any{"port": HTTPPort, "proto": proto}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
