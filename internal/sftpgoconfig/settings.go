package sftpgoconfig

import (
	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// setting is one sftpgo.json key the operator owns. The table below is the
// one source of what the renderer writes and of what spec.config may not
// set (rule SEC006): Render writes the values, ManagedPaths lists the keys.
type setting struct {
	// path is the dotted key; an entry of a list by its index
	// ("httpd.bindings.0.port").
	path string
	// value is what Render writes for the instance; false writes nothing.
	// Nil for a key the operator keeps out of the file (it comes from the
	// environment, or must keep SFTPGo's default).
	value func(in *resolve.Instance) (any, bool)
	// overridable: a default spec.config may change.
	overridable bool
}

// always wraps a value written for every instance.
func always(f func(in *resolve.Instance) any) func(in *resolve.Instance) (any, bool) {
	return func(in *resolve.Instance) (any, bool) { return f(in), true }
}

// fixed is a constant written for every instance.
func fixed(v any) func(in *resolve.Instance) (any, bool) {
	return func(*resolve.Instance) (any, bool) { return v, true }
}

// when writes f's value only for instances that pass cond.
func when(cond func(in *resolve.Instance) bool, f func(in *resolve.Instance) any) func(in *resolve.Instance) (any, bool) {
	return func(in *resolve.Instance) (any, bool) {
		if !cond(in) {
			return nil, false
		}
		return f(in), true
	}
}

// Conditions of settings written for some instances only.
var (
	webServesTLS     = func(in *resolve.Instance) bool { return in.WebServesTLS }
	trustsProxies    = func(in *resolve.Instance) bool { return len(in.TrustedProxies.CIDRs) > 0 }
	httpsFromProxies = func(in *resolve.Instance) bool { return in.TLSAtProxy && trustsProxies(in) }
	sharedProvider   = func(in *resolve.Instance) bool { return in.SharedDataProvider() }
	webDAV           = func(in *resolve.Instance) bool { return in.WebDAVEnabled() }
	webDAVServesTLS  = func(in *resolve.Instance) bool { return webDAV(in) && in.WebServesTLS }
	ftp              = func(in *resolve.Instance) bool { return in.FTPEnabled() }
	ftpServesTLS     = func(in *resolve.Instance) bool { return ftp(in) && in.Spec.FTP.TLS != v1alpha1.FTPTLSDisabled }
	ftpPassiveIP     = func(in *resolve.Instance) bool { ip, _ := in.FTPPassiveAddress(); return ip != "" }
	ftpPassiveHost   = func(in *resolve.Instance) bool { _, h := in.FTPPassiveAddress(); return h != "" }
)

// Client IP settings, the same on the web and WebDAV bindings: both sit
// behind the same proxies.
var (
	clientIPHeaderDepth = func(in *resolve.Instance) any {
		if !trustsProxies(in) {
			return int32(0)
		}
		return in.Spec.Security.ClientIPHeaderDepth
	}
	clientIPProxyHeader = func(in *resolve.Instance) any {
		if !trustsProxies(in) {
			return ""
		}
		return in.Spec.Security.ClientIPHeader
	}
	proxyAllowed = func(in *resolve.Instance) any { return nonNil(in.TrustedProxies.CIDRs) }
)

// settings are sorted by path (TestSettingsSorted): ManagedKeys searches them.
var settings = []setting{
	{path: "common.proxy_allowed", value: always(func(in *resolve.Instance) any {
		return nonNil(in.Spec.Security.ProxyProtocol.AllowedSources)
	})},
	{path: "common.proxy_protocol", value: always(func(in *resolve.Instance) any {
		return map[v1alpha1.ProxyProtocolMode]int{
			v1alpha1.ProxyProtocolDisabled: 0, v1alpha1.ProxyProtocolOptional: 1, v1alpha1.ProxyProtocolRequired: 2,
		}[in.Spec.Security.ProxyProtocol.Mode]
	})},
	// SFTPGo's default (none): a skipped source would bypass proxy_allowed.
	{path: "common.proxy_skipped"},
	{path: "data_provider.backups_path", value: fixed(DataDir + "/backups"), overridable: true},
	{path: "data_provider.create_default_admin", value: fixed(true)},
	{path: "data_provider.driver", value: always(func(in *resolve.Instance) any { return string(in.Spec.DataProvider.Driver) })},
	{path: "data_provider.host", value: when(sharedProvider, func(in *resolve.Instance) any { return in.Spec.DataProvider.Host })},
	{path: "data_provider.is_shared", value: when(sharedProvider, func(*resolve.Instance) any { return 1 })},
	{path: "data_provider.name", value: always(func(in *resolve.Instance) any {
		if !in.SharedDataProvider() {
			return StateDir + "/sftpgo.db"
		}
		return in.Spec.DataProvider.Database
	})},
	// The node's host is the pod IP, set through the environment.
	{path: "data_provider.node", value: when(sharedProvider, func(in *resolve.Instance) any {
		proto := "http"
		if in.WebServesTLS {
			proto = "https"
		}
		return map[string]any{"port": HTTPPort, "proto": proto}
	})},
	// From the credentials Secret, through the environment.
	{path: "data_provider.password"},
	{path: "data_provider.port", value: when(sharedProvider, func(in *resolve.Instance) any { return in.Spec.DataProvider.Port })},
	{path: "data_provider.sslmode", value: when(sharedProvider, func(in *resolve.Instance) any {
		return sslModes[in.Spec.DataProvider.SSLMode]
	})},
	// SFTPGo's default, 0: SFTPGo initializes or migrates the schema at
	// start, and creates the first admin (only then: dataprovider.go
	// checkDatabase). With a shared provider the operator's migration Job
	// has brought the schema to the pods' version before they start
	// (docs/upgrades.md), so no pod migrates; 1 would also skip the first
	// admin.
	{path: "data_provider.update_mode"},
	{path: "data_provider.username"},
	{path: "data_provider.users_base_dir", value: fixed(DataDir + "/data"), overridable: true},
	// The FTP binding (spec.ftp), written only when enabled: SFTPGo's
	// default binding has port 0, which serves nothing.
	{path: "ftpd.bindings.0.address", value: when(ftp, func(*resolve.Instance) any { return "" })},
	// PROXY protocol (common.proxy_protocol) applies to the control and the
	// passive data connections alike, as it does to SFTP on this Service.
	{path: "ftpd.bindings.0.apply_proxy_config", value: when(ftp, func(*resolve.Instance) any { return true })},
	// The certificate Secret (kubernetes.io/tls) is mounted in FTPTLSDir.
	{path: "ftpd.bindings.0.certificate_file", value: when(ftpServesTLS, func(*resolve.Instance) any { return FTPTLSDir + "/tls.crt" })},
	{path: "ftpd.bindings.0.certificate_key_file", value: when(ftpServesTLS, func(*resolve.Instance) any { return FTPTLSDir + "/tls.key" })},
	{path: "ftpd.bindings.0.force_passive_ip", value: when(ftpPassiveIP, func(in *resolve.Instance) any { ip, _ := in.FTPPassiveAddress(); return ip })},
	{path: "ftpd.bindings.0.passive_connections_security", value: when(ftp, func(*resolve.Instance) any {
		// Strict: the data connection must come from the control
		// connection's IP. SEC014 refuses a Service that loses client IPs.
		return 0
	})},
	{path: "ftpd.bindings.0.passive_host", value: when(ftpPassiveHost, func(in *resolve.Instance) any { _, h := in.FTPPassiveAddress(); return h })},
	// SFTPGo's default (none): per-client addresses the Service does not carry.
	{path: "ftpd.bindings.0.passive_ip_overrides"},
	{path: "ftpd.bindings.0.port", value: when(ftp, func(*resolve.Instance) any { return FTPPort })},
	{path: "ftpd.bindings.0.tls_mode", value: when(ftp, func(in *resolve.Instance) any {
		// 0 with a certificate offers explicit TLS without requiring it.
		return map[v1alpha1.FTPTLSMode]int{
			v1alpha1.FTPTLSDisabled: 0, v1alpha1.FTPTLSOptional: 0, v1alpha1.FTPTLSRequired: 1, v1alpha1.FTPTLSImplicit: 2,
		}[in.Spec.FTP.TLS]
	})},
	{path: "ftpd.passive_port_range", value: when(ftp, func(in *resolve.Instance) any {
		pp := in.Spec.FTP.PassivePorts
		return map[string]any{"start": pp.Start, "end": pp.Start + pp.Count - 1} // both included
	})},
	{path: "httpd.bindings.0.address", value: fixed("")},
	// The certificate Secret (kubernetes.io/tls) is mounted in WebTLSDir.
	{path: "httpd.bindings.0.certificate_file", value: when(webServesTLS, func(*resolve.Instance) any { return WebTLSDir + "/tls.crt" })},
	{path: "httpd.bindings.0.certificate_key_file", value: when(webServesTLS, func(*resolve.Instance) any { return WebTLSDir + "/tls.key" })},
	{path: "httpd.bindings.0.client_ip_header_depth", value: always(clientIPHeaderDepth)},
	{path: "httpd.bindings.0.client_ip_proxy_header", value: always(clientIPProxyHeader)},
	{path: "httpd.bindings.0.enable_https", value: when(webServesTLS, func(*resolve.Instance) any { return true })},
	{path: "httpd.bindings.0.enable_rest_api", value: always(func(in *resolve.Instance) any {
		return *in.Spec.Web.Admin.Enabled || *in.Spec.Web.Client.Enabled
	})},
	{path: "httpd.bindings.0.enable_web_admin", value: always(func(in *resolve.Instance) any { return *in.Spec.Web.Admin.Enabled })},
	{path: "httpd.bindings.0.enable_web_client", value: always(func(in *resolve.Instance) any { return *in.Spec.Web.Client.Enabled })},
	{path: "httpd.bindings.0.port", value: fixed(HTTPPort)},
	{path: "httpd.bindings.0.proxy_allowed", value: always(proxyAllowed)},
	// SFTPGo's default (0): proxy_allowed decides who may set client IP headers.
	{path: "httpd.bindings.0.proxy_mode"},
	// Only proxies in proxy_allowed may claim HTTPS; SFTPGo then marks
	// cookies Secure and builds https redirects.
	{path: "httpd.bindings.0.security.enabled", value: when(httpsFromProxies, func(*resolve.Instance) any { return true })},
	{path: "httpd.bindings.0.security.https_proxy_headers", value: when(httpsFromProxies, func(*resolve.Instance) any {
		return []any{map[string]any{"key": "X-Forwarded-Proto", "value": "https"}}
	})},
	// The passphrase is read from the keys Secret (signing_passphrase_file).
	{path: "httpd.signing_passphrase"},
	{path: "httpd.signing_passphrase_file", value: fixed(KeysDir + "/" + SigningPassphraseKey)},
	{path: "httpd.token_validation", value: always(func(in *resolve.Instance) any {
		validation := 0
		if !in.IPBindingEnforced() {
			validation |= tokenNoIPMatch
		}
		if in.Spec.Security.RevokeTokensOnAccountChange {
			validation |= tokenCheckAccountState
		}
		return validation
	})},
	// SFTPGo disables a binding on port 0.
	{path: "sftpd.bindings", value: always(func(in *resolve.Instance) any {
		port := SFTPPort
		if !*in.Spec.SFTP.Enabled {
			port = 0
		}
		return []any{map[string]any{"port": port, "address": ""}}
	})},
	{path: "sftpd.host_keys", value: fixed(hostKeyFiles())},
	{path: "telemetry.bind_address", value: fixed("")},
	{path: "telemetry.bind_port", value: fixed(TelemetryPort)},
	// The WebDAV binding (spec.webdav), written only when enabled: SFTPGo's
	// default binding has port 0, which serves nothing. It sits behind the
	// web binding's proxies, so it trusts the same ones, and serves HTTPS
	// with the web certificate exactly when the web binding does.
	{path: "webdavd.bindings.0.address", value: when(webDAV, func(*resolve.Instance) any { return "" })},
	{path: "webdavd.bindings.0.certificate_file", value: when(webDAVServesTLS, func(*resolve.Instance) any { return WebTLSDir + "/tls.crt" })},
	{path: "webdavd.bindings.0.certificate_key_file", value: when(webDAVServesTLS, func(*resolve.Instance) any { return WebTLSDir + "/tls.key" })},
	{path: "webdavd.bindings.0.client_ip_header_depth", value: when(webDAV, clientIPHeaderDepth)},
	{path: "webdavd.bindings.0.client_ip_proxy_header", value: when(webDAV, clientIPProxyHeader)},
	{path: "webdavd.bindings.0.enable_https", value: when(webDAVServesTLS, func(*resolve.Instance) any { return true })},
	{path: "webdavd.bindings.0.port", value: when(webDAV, func(*resolve.Instance) any { return WebDAVPort })},
	{path: "webdavd.bindings.0.prefix", value: when(webDAV, func(*resolve.Instance) any { return resolve.WebDAVPrefix })},
	{path: "webdavd.bindings.0.proxy_allowed", value: when(webDAV, proxyAllowed)},
	// SFTPGo's default (0): proxy_allowed decides who may set client IP headers.
	{path: "webdavd.bindings.0.proxy_mode"},
}

func hostKeyFiles() []string {
	out := make([]string, 0, len(HostKeyNames))
	for _, k := range HostKeyNames {
		out = append(out, KeysDir+"/"+k)
	}
	return out
}

// managedPaths are the keys of settings spec.config may not set, sorted.
var managedPaths = func() []string {
	var out []string
	for _, s := range settings {
		if !s.overridable {
			out = append(out, s.path)
		}
	}
	return out
}()
