// Package security holds the security coherence rules: settings that cannot
// work together behind the network in front of SFTPGo (Errors, which block
// rollout) or that work but weaken it (Warnings). docs/security.md explains
// each rule. The rules are pure: they read a resolved instance and never the
// cluster, so the reconciler, the offline render command and the tests all
// get the same answer. The static Error rules are also CEL rules on the CRD
// (api/v1alpha1), so that kubectl apply refuses them with the same rule ID.
package security

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

// Rule IDs. Errors are SEC0xx, Warnings SEC1xx.
const (
	RuleCatchAllProxy          = "SEC001"
	RuleNoTrustedProxies       = "SEC002"
	RulePassthroughIPBinding   = "SEC003"
	RuleSQLiteReplicas         = "SEC004"
	RuleProxyProtocolNoSources = "SEC005"
	RuleManagedConfigKey       = "SEC006"
	RuleRWOReplicas            = "SEC007"
	RuleImageWithoutSQLite     = "SEC008"
	RulePodTemplateCollision   = "SEC009"
	RuleProxySourceRange       = "SEC010"
	RuleHTTPRouteNoGateway     = "SEC011"
	RuleWebDAVPassthrough      = "SEC012"
	RuleFTPTLSNoCertificate    = "SEC013"
	RuleFTPClientIPsLost       = "SEC014"
	RuleUnsupportedImageChange = "SEC015"

	RuleTrafficPolicyCluster  = "SEC101"
	RuleWebWithoutTLS         = "SEC102"
	RuleIPBindingDisabled     = "SEC103"
	RulePublicTrustedProxy    = "SEC104"
	RuleNoProxyAnnotation     = "SEC105"
	RuleNetworkPolicyDisabled = "SEC106"
	RuleDirectToPodUntrusted  = "SEC107"
	RuleUntrustedProxySource  = "SEC108"
	RuleFTPPassiveNoAddress   = "SEC109"
	RulePlainFTP              = "SEC110"
	RuleUncheckedImageChange  = "SEC111"
)

// Spec paths the findings point at.
const (
	fieldTrustedProxies = "spec.security.trustedProxies"
	fieldAllowedSources = "spec.security.proxyProtocol.allowedSources"
)

// Evaluate runs every rule on a resolved instance and returns the findings,
// Errors first, then by rule ID, then by field. It is pure and deterministic.
func Evaluate(in *resolve.Instance) []v1alpha1.Finding {
	var f findings
	sp := &in.Spec

	// Address lists: SEC001 (malformed or catch-all) and SEC104 (public).
	trusted := checkAddressList(&f, fieldTrustedProxies, "the proxies in front of the web port", sp.Security.TrustedProxies)
	sources := checkAddressList(&f, fieldAllowedSources, "the load balancers that send PROXY headers", sp.Security.ProxyProtocol.AllowedSources)
	publicTrustedProxies(&f, in, trusted)
	for i, p := range sources {
		if p.IsValid() && p.Bits() > 0 && !isPrivate(p) {
			field := fmt.Sprintf("%s[%d]", fieldAllowedSources, i)
			f.warn(RulePublicTrustedProxy, field,
				"%s is public address space: any host there that reaches the SFTP port can send a PROXY header and pick the client IP SFTPGo sees. List only your load balancers' addresses.",
				quoteEntry(field, sp.Security.ProxyProtocol.AllowedSources[i]))
		}
	}

	ipBinding := in.IPBindingEnforced()
	exposed := in.Expose != v1alpha1.ExposeNone
	termination := sp.Expose.TLS.Termination

	// SEC002: behind a proxy, IP binding needs SFTPGo to see client IPs.
	if in.Proxied && ipBinding && len(in.TrustedProxies.CIDRs) == 0 {
		f.err(RuleNoTrustedProxies, fieldTrustedProxies,
			"the web UI is published through %s with token IP binding on, but no trusted proxies are set and the cluster tells no pod network to derive them from (no OpenShift cluster network, CiliumNode pod CIDRs, Calico IP pools or node spec.podCIDRs): SFTPGo would see the proxy's IP instead of the client's, and reject session tokens whenever that IP changes (users thrown back to the login page). %s",
			exposeName(in.Expose), trustedProxiesHint(in))
	}

	// SEC003: a TLS passthrough proxy cannot add a client IP header.
	if exposed && termination == v1alpha1.TLSPassthrough && ipBinding {
		f.err(RulePassthroughIPBinding, "spec.expose.tls.termination",
			"TLS passthrough with token IP binding on cannot work: the proxy cannot add a client IP header to encrypted traffic, so SFTPGo sees the proxy's IP and rejects session tokens whenever it changes (the login loop). Set spec.expose.tls.termination to Edge or Reencrypt.")
	}

	// SEC008: an image built without the data provider asked for.
	imageDataProvider(&f, in)

	// SEC015, SEC111: an image change SFTPGo cannot make on its database.
	imageChange(&f, in)

	// SEC004, SEC007: several replicas need shared state.
	if in.Replicas() > 1 && !in.SharedDataProvider() {
		f.err(RuleSQLiteReplicas, "spec.dataProvider.driver",
			"replicas > 1 needs a shared data provider: SQLite is a single-process store on one pod's volume, so replicas would each see different users and settings. Set spec.dataProvider.driver to postgresql, mysql or cockroachdb, or spec.replicas to 1.")
	}
	if in.Replicas() > 1 && in.DataClaimReadWriteOnce {
		f.err(RuleRWOReplicas, "spec.storage.data.accessModes",
			"replicas > 1 needs shared storage for user files: a volume without ReadWriteMany cannot be mounted by pods on several nodes, so replicas would not start or would each see different files. Set spec.storage.data.accessModes to [ReadWriteMany] (with a storage class that supports it), name a shared spec.storage.data.existingClaim, or set spec.replicas to 1.")
	}

	// SEC011: an HTTPRoute attaches to a Gateway, which the spec must name.
	if in.Expose == v1alpha1.ExposeHTTPRoute && sp.Expose.GatewayRef.Name == "" {
		f.err(RuleHTTPRouteNoGateway, "spec.expose.gatewayRef.name",
			"spec.expose.type HTTPRoute needs the Gateway the HTTPRoute attaches to: without one, no Gateway serves the web UI. Set spec.expose.gatewayRef.name (and spec.expose.gatewayRef.namespace when the Gateway is in another namespace), or choose another spec.expose.type.")
	}

	// SEC012: a passthrough proxy routes by host name, never by path.
	if exposed && termination == v1alpha1.TLSPassthrough && in.WebDAVEnabled() {
		f.err(RuleWebDAVPassthrough, "spec.webdav.enabled",
			"WebDAV cannot be published with TLS Passthrough: %s routes encrypted traffic by host name only, so it cannot send path /dav to the WebDAV port (an OpenShift Route with passthrough takes no path). Set spec.expose.tls.termination to Edge or Reencrypt, or spec.webdav.enabled to false.",
			exposeName(in.Expose))
	}

	ftpRules(&f, in)

	// SEC005: Required PROXY protocol with nobody allowed to send it.
	pp := sp.Security.ProxyProtocol
	if pp.Mode == v1alpha1.ProxyProtocolRequired && len(pp.AllowedSources) == 0 {
		f.err(RuleProxyProtocolNoSources, fieldAllowedSources,
			"PROXY protocol is Required but no allowed sources are set: SFTPGo refuses every SFTP connection. Set spec.security.proxyProtocol.allowedSources to your load balancers' CIDRs, or the mode to Optional or Disabled.")
	}

	// SEC006: spec.config must not override what the operator manages.
	managedConfigKeys(&f, in)

	// SEC009: spec.podTemplate additions must not undo what the operator owns.
	podTemplateAdditions(&f, in)

	// SEC101: kube-proxy SNAT hides client IPs.
	svc := sp.Service
	if (svc.Type == v1alpha1.ServiceTypeLoadBalancer || svc.Type == v1alpha1.ServiceTypeNodePort) &&
		svc.ExternalTrafficPolicy == v1alpha1.TrafficPolicyCluster {
		f.warn(RuleTrafficPolicyCluster, "spec.service.externalTrafficPolicy",
			"externalTrafficPolicy Cluster on a %s Service lets kube-proxy rewrite client source IPs, so SFTPGo sees node IPs instead of the clients' IPs on SFTP connections. Set spec.service.externalTrafficPolicy to Local.", svc.Type)
	}

	// SEC102: plain HTTP to users.
	if exposed && termination == v1alpha1.TLSNone {
		f.warn(RuleWebWithoutTLS, "spec.expose.tls.termination",
			"the web UI is published through %s without TLS: passwords and session cookies cross the network in clear text. Set spec.expose.tls.termination to Edge (with spec.expose.tls.certificateSecret for an Ingress).",
			exposeName(in.Expose))
	}

	// SEC103: IP binding off.
	if !ipBinding {
		f.warn(RuleIPBindingDisabled, "spec.security.tokenIPBinding",
			"token IP binding is Disabled: a stolen session cookie or API token works from any IP address. Set spec.security.tokenIPBinding to Enforced and list the proxies in front in spec.security.trustedProxies so that SFTPGo sees real client IPs.")
	}

	// SEC105: PROXY protocol on, but nothing makes the load balancer send it.
	if pp.Mode != v1alpha1.ProxyProtocolDisabled && !hasProxyAnnotation(svc.Annotations) {
		f.warn(RuleNoProxyAnnotation, "spec.service.annotations",
			"PROXY protocol is %s, but spec.service.annotations has no known annotation that makes the load balancer send PROXY headers: %s. Add your cloud's annotation (for example service.beta.kubernetes.io/aws-load-balancer-proxy-protocol: \"*\"), or set the mode to Disabled.",
			pp.Mode, proxyProtocolImpact(pp.Mode))
	}

	// SEC010, SEC107, SEC108: proxies that are not pods in a proxy namespace.
	proxySources(&f, in)

	// SEC106: trust covering the whole pod network without a NetworkPolicy.
	if !*sp.Security.NetworkPolicy.Enabled && derivedTrust(in) {
		f.warn(RuleNetworkPolicyDisabled, "spec.security.networkPolicy.enabled",
			"the trusted proxies were derived from the whole pod network (%s: %s) and the NetworkPolicy is disabled: any pod in the cluster can reach the web port and forge X-Forwarded-For to pick its client IP. Set spec.security.networkPolicy.enabled to true, or list only your proxies in spec.security.trustedProxies.",
			in.TrustedProxies.Source, strings.Join(in.TrustedProxies.CIDRs, ", "))
	}

	f.sort()
	return f.list
}

// HasError reports whether any finding is an Error.
func HasError(f []v1alpha1.Finding) bool { return FirstError(f) != nil }

// FirstError returns the first Error finding, or nil. With the order
// Evaluate returns, it is the lowest-numbered Error rule.
func FirstError(f []v1alpha1.Finding) *v1alpha1.Finding {
	for i := range f {
		if f[i].Severity == v1alpha1.SeverityError {
			return &f[i]
		}
	}
	return nil
}

type findings struct{ list []v1alpha1.Finding }

func (f *findings) add(sev v1alpha1.Severity, rule, field, format string, args ...any) {
	f.list = append(f.list, v1alpha1.Finding{
		Rule:     rule,
		Severity: sev,
		Field:    field,
		Message:  rule + ": " + fmt.Sprintf(format, args...),
	})
}

func (f *findings) err(rule, field, format string, args ...any) {
	f.add(v1alpha1.SeverityError, rule, field, format, args...)
}

func (f *findings) warn(rule, field, format string, args ...any) {
	f.add(v1alpha1.SeverityWarning, rule, field, format, args...)
}

func (f *findings) sort() {
	slices.SortStableFunc(f.list, func(a, b v1alpha1.Finding) int {
		return cmp.Or(
			cmp.Compare(severityRank(a.Severity), severityRank(b.Severity)),
			cmp.Compare(a.Rule, b.Rule),
			naturalCompare(a.Field, b.Field),
		)
	})
}

func severityRank(s v1alpha1.Severity) int {
	if s == v1alpha1.SeverityError {
		return 0
	}
	return 1
}

// naturalCompare orders strings with their digit runs compared as numbers,
// so that field [2] comes before field [10].
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitPrefix(a), digitPrefix(b)
		if da != "" && db != "" {
			na, _ := strconv.Atoi(da)
			nb, _ := strconv.Atoi(db)
			if c := cmp.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func digitPrefix(s string) string {
	i := 0
	for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// ParseAddress parses an address list entry as the CRD's CEL rules do; see
// resolve.ParseAddress, which the builders share.
func ParseAddress(s string) (netip.Prefix, bool) { return resolve.ParseAddress(s) }

// checkAddressList reports SEC001 for malformed and catch-all entries and
// returns the parsed prefixes, the zero Prefix where an entry is malformed.
func checkAddressList(f *findings, field, whose string, entries []string) []netip.Prefix {
	out := make([]netip.Prefix, len(entries))
	for i, e := range entries {
		at := fmt.Sprintf("%s[%d]", field, i)
		p, ok := ParseAddress(e)
		switch {
		case !ok:
			f.err(RuleCatchAllProxy, at,
				"%s %q is not a valid IP or CIDR: SFTPGo matches peers by IP address or CIDR only. List the addresses (10.0.0.5) or ranges (10.128.0.0/14) of %s, without zone or IPv4-mapped IPv6 form.",
				at, e, whose)
		case p.Bits() == 0:
			f.err(RuleCatchAllProxy, at,
				"%s %q is a catch-all: every client could then set its own IP through %s, which defeats token IP binding and IP-based limits. List only the CIDRs of %s.",
				at, e, forgedVia(field), whose)
		}
		out[i] = p
	}
	return out
}

func forgedVia(field string) string {
	if field == fieldAllowedSources {
		return "a PROXY protocol header"
	}
	return "X-Forwarded-For"
}

// publicTrustedProxies reports SEC104 on the effective trusted proxies: the
// spec's entries, or the derived pod network.
func publicTrustedProxies(f *findings, in *resolve.Instance, fromSpec []netip.Prefix) {
	if in.TrustedProxies.Source == v1alpha1.TrustedProxiesFromSpec || in.TrustedProxies.Source == "" {
		for i, p := range fromSpec {
			if p.IsValid() && p.Bits() > 0 && !isPrivate(p) {
				field := fmt.Sprintf("%s[%d]", fieldTrustedProxies, i)
				f.warn(RulePublicTrustedProxy, field,
					"%s is public address space: any host there that reaches the web port can forge X-Forwarded-For and pick the client IP SFTPGo binds tokens to. List only your proxies' addresses, usually in-cluster pod CIDRs.",
					quoteEntry(field, in.Spec.Security.TrustedProxies[i]))
			}
		}
		return
	}
	var public []string
	for _, c := range in.TrustedProxies.CIDRs {
		if p, ok := ParseAddress(c); ok && !isPrivate(p) {
			public = append(public, c)
		}
	}
	if len(public) > 0 {
		f.warn(RulePublicTrustedProxy, fieldTrustedProxies,
			"the trusted proxies derived from the cluster (%s) include public address space (%s): any host there that reaches the web port can forge X-Forwarded-For. Set spec.security.trustedProxies to the CIDRs of your ingress controller or router pods.",
			in.TrustedProxies.Source, strings.Join(public, ", "))
	}
}

func quoteEntry(field, entry string) string { return fmt.Sprintf("%s %q", field, entry) }

// privateRanges are the non-public address ranges: RFC 1918, CGNAT,
// loopback, link-local and IPv6 unique-local.
var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("fc00::/7"),
	netip.MustParsePrefix("fe80::/10"),
	netip.MustParsePrefix("::1/128"),
}

// isPrivate reports whether p lies fully inside one private range.
func isPrivate(p netip.Prefix) bool {
	p = p.Masked()
	for _, r := range privateRanges {
		if r.Bits() <= p.Bits() && r.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

func managedConfigKeys(f *findings, in *resolve.Instance) {
	user, err := sftpgoconfig.UserConfig(in.Spec.Config)
	if err != nil {
		f.err(RuleManagedConfigKey, "spec.config",
			"spec.config must be a JSON object of sftpgo.json settings, e.g. {\"httpd\": {\"max_upload_file_size\": 0}}; SFTPGo's config cannot be rendered from anything else.")
		return
	}
	for _, key := range sftpgoconfig.ManagedKeys(user) {
		f.err(RuleManagedConfigKey, "spec.config."+key,
			"spec.config sets %s, which the operator manages: overriding it could break the listeners, the shared signing key and host keys, or the client IP checks the other rules rely on. Remove it from spec.config and use %s.",
			key, managedKeyHint(key))
	}
}

// managedKeyHint names the spec field that replaces a managed sftpgo.json key.
func managedKeyHint(key string) string {
	k := strings.ToLower(key)
	switch {
	case strings.HasPrefix(k, "httpd.token_validation"):
		return "spec.security.tokenIPBinding and spec.security.revokeTokensOnAccountChange"
	case strings.HasPrefix(k, "httpd.signing_passphrase"):
		return "nothing: the operator keeps a stable passphrase in the <name>-keys Secret"
	case strings.HasPrefix(k, "httpd.bindings.0."):
		return "spec.web, spec.expose and spec.security (trustedProxies, clientIPHeader, clientIPHeaderDepth); the rest of the web binding (oidc, branding, login methods, security headers) stays settable in spec.config.httpd.bindings[0]"
	case strings.HasPrefix(k, "httpd.bindings"):
		return "one object in spec.config.httpd.bindings: it is merged into the operator's web binding, the only one the Services and the NetworkPolicy serve"
	case strings.HasPrefix(k, "data_provider.node"):
		return "nothing: each replica announces its own pod IP to the others"
	case strings.HasPrefix(k, "sftpd.bindings"):
		return "spec.sftp"
	case strings.HasPrefix(k, "sftpd.host_keys"):
		return "nothing: the operator keeps stable host keys in the <name>-keys Secret"
	case strings.HasPrefix(k, "common.proxy"):
		return "spec.security.proxyProtocol"
	case strings.HasPrefix(k, "telemetry"):
		return "nothing: the operator's probes need the telemetry listener where it puts it"
	case strings.HasPrefix(k, "data_provider"):
		return "spec.dataProvider (credentials through spec.dataProvider.credentialsSecret)"
	default:
		return "the matching spec field"
	}
}

func exposeName(t v1alpha1.ExposeType) string {
	switch t {
	case v1alpha1.ExposeIngress:
		return "an Ingress"
	case v1alpha1.ExposeRoute:
		return "an OpenShift Route"
	case v1alpha1.ExposeHTTPRoute:
		return "a Gateway API HTTPRoute"
	default:
		return string(t)
	}
}

func proxyName(t v1alpha1.ExposeType) string {
	switch t {
	case v1alpha1.ExposeRoute:
		return "OpenShift router"
	case v1alpha1.ExposeHTTPRoute:
		return "Gateway"
	default:
		return "ingress controller"
	}
}

func proxyProtocolImpact(m v1alpha1.ProxyProtocolMode) string {
	if m == v1alpha1.ProxyProtocolRequired {
		return "unless it does, SFTPGo refuses the connections"
	}
	return "unless it does, SFTPGo sees the load balancer's IPs instead of the clients'"
}

// Service annotations that make a cloud load balancer send PROXY headers.
const (
	annotationAWSProxyProtocol      = "service.beta.kubernetes.io/aws-load-balancer-proxy-protocol"
	annotationAWSTargetGroupAttrs   = "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes"
	annotationDOProxyProtocol       = "service.beta.kubernetes.io/do-loadbalancer-enable-proxy-protocol"
	annotationHetznerProxyProtocol  = "load-balancer.hetzner.cloud/uses-proxyprotocol"
	awsTargetGroupProxyProtocolV2On = "proxy_protocol_v2.enabled=true"
)

// hasProxyAnnotation reports whether the annotations switch PROXY protocol
// on for a load balancer this operator knows.
func hasProxyAnnotation(a map[string]string) bool {
	if strings.TrimSpace(a[annotationAWSProxyProtocol]) != "" {
		return true
	}
	for attr := range strings.SplitSeq(a[annotationAWSTargetGroupAttrs], ",") {
		if strings.ReplaceAll(strings.TrimSpace(attr), " ", "") == awsTargetGroupProxyProtocolV2On {
			return true
		}
	}
	for _, k := range []string{annotationDOProxyProtocol, annotationHetznerProxyProtocol} {
		if on, err := strconv.ParseBool(strings.TrimSpace(a[k])); err == nil && on {
			return true
		}
	}
	return false
}

// ftpRules: SEC013, SEC014, SEC109, SEC110.
func ftpRules(f *findings, in *resolve.Instance) {
	if !in.FTPEnabled() {
		return
	}
	ftp := &in.Spec.FTP
	// SEC013: SFTPGo refuses to start a TLS binding without a certificate.
	if ftp.TLS != v1alpha1.FTPTLSDisabled && ftp.CertificateSecret == nil {
		f.err(RuleFTPTLSNoCertificate, "spec.ftp.certificateSecret",
			"FTP with TLS %s needs a certificate: set spec.ftp.certificateSecret to a kubernetes.io/tls Secret (cert-manager's, say), or spec.ftp.tls to Disabled for plain FTP (passwords in clear text).", ftp.TLS)
	}
	// SEC014: strict passive security needs the clients' own IPs.
	if !in.ClientIPsPreserved() {
		f.err(RuleFTPClientIPsLost, "spec.service.externalTrafficPolicy",
			"FTP behind a %s Service with externalTrafficPolicy Cluster and no PROXY protocol loses client IPs: control and data connections reach SFTPGo from different node IPs, and SFTPGo's strict passive security (data connection from the control connection's IP) refuses the data connections. Set spec.service.externalTrafficPolicy to Local, or enable spec.security.proxyProtocol with a load balancer that sends it.",
			in.Spec.Service.Type)
	}
	// SEC109: PASV answers with an address clients cannot reach.
	if in.FTPPassiveAddressUnknown() {
		where := "the load balancer has no address in the Service's status yet"
		if in.Spec.Service.Type == v1alpha1.ServiceTypeNodePort {
			where = "a NodePort Service has no load balancer address"
		}
		f.warn(RuleFTPPassiveNoAddress, "spec.ftp.passiveAddress",
			"passive ports without an address: %s and spec.ftp.passiveAddress is empty, so SFTPGo answers PASV with the pod's IP, which clients outside the cluster cannot reach. EPSV clients work; PASV clients cannot transfer data. Set spec.ftp.passiveAddress to the IPv4 address or DNS name clients dial (a node's address for NodePort), or wait for the load balancer.", where)
	}
	// SEC110: plain FTP.
	if ftp.TLS == v1alpha1.FTPTLSDisabled {
		f.warn(RulePlainFTP, "spec.ftp.tls",
			"plain FTP (spec.ftp.tls Disabled): user names, passwords and files cross the network in clear text. Set spec.ftp.tls to Required with spec.ftp.certificateSecret.")
	}
}
