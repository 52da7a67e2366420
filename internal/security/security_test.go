package security_test

import (
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/fixtures"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/security"
)

// Cluster facts come from internal/fixtures. The mutators here change the
// spec only (the shared ones in fixtures take the whole SFTPGo), and
// proxyProtocol also marks the load balancer as sending PROXY headers.

// spec builds an SFTPGo named files in team-a (fixtures.SFTPGo) from
// mutators; the rest is defaulted by resolve.New.
func spec(mutate ...func(*v1alpha1.SFTPGoSpec)) *v1alpha1.SFTPGo {
	s := fixtures.SFTPGo()
	for _, m := range mutate {
		m(&s.Spec)
	}
	return s
}

func evaluate(s *v1alpha1.SFTPGo, f platform.Facts) []v1alpha1.Finding {
	return security.Evaluate(resolve.New(s, f))
}

// Mutators.
func ingress(sp *v1alpha1.SFTPGoSpec) {
	sp.Expose.Type = v1alpha1.ExposeIngress
	sp.Expose.Host = "files.example.com"
}
func exposeType(t v1alpha1.ExposeType) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Expose.Type = t }
}
func trusted(cidrs ...string) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Security.TrustedProxies = cidrs }
}
func proxyProtocol(mode v1alpha1.ProxyProtocolMode, sources ...string) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) {
		sp.Security.ProxyProtocol.Mode = mode
		sp.Security.ProxyProtocol.AllowedSources = sources
		// The load balancer sends PROXY headers, so SEC105 stays quiet.
		sp.Service.Annotations = map[string]string{"load-balancer.hetzner.cloud/uses-proxyprotocol": "true"}
	}
}
func termination(t v1alpha1.TLSTermination) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Expose.TLS.Termination = t }
}
func ipBindingOff(sp *v1alpha1.SFTPGoSpec) {
	sp.Security.TokenIPBinding = v1alpha1.TokenIPBindingDisabled
}
func replicas(n int32) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Replicas = ptr.To(n) }
}
func image(ref string) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Image = ref }
}

func driver(d v1alpha1.DataProviderDriver) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.DataProvider.Driver = d }
}
func accessModes(m ...corev1.PersistentVolumeAccessMode) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Storage.Data.AccessModes = m }
}
func config(raw string) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Config = &runtime.RawExtension{Raw: []byte(raw)} }
}
func service(t v1alpha1.ServiceType, p v1alpha1.TrafficPolicy) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Service.Type, sp.Service.ExternalTrafficPolicy = t, p }
}
func serviceAnnotations(kv ...string) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) {
		sp.Service.Annotations = map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			sp.Service.Annotations[kv[i]] = kv[i+1]
		}
	}
}
func networkPolicyOff(sp *v1alpha1.SFTPGoSpec) { sp.Security.NetworkPolicy.Enabled = ptr.To(false) }

func webdav(sp *v1alpha1.SFTPGoSpec) { sp.WebDAV.Enabled = ptr.To(true) }

func ftps(sp *v1alpha1.SFTPGoSpec) {
	sp.FTP.Enabled = ptr.To(true)
	sp.FTP.CertificateSecret = &v1alpha1.SecretReference{Name: "ftp-tls"}
	sp.FTP.PassiveAddress = "203.0.113.10"
}
func ftpTLS(m v1alpha1.FTPTLSMode) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.FTP.TLS = m }
}
func noFTPCert(sp *v1alpha1.SFTPGoSpec)        { sp.FTP.CertificateSecret = nil }
func noPassiveAddress(sp *v1alpha1.SFTPGoSpec) { sp.FTP.PassiveAddress = "" }
func etpCluster(sp *v1alpha1.SFTPGoSpec) {
	sp.Service.ExternalTrafficPolicy = v1alpha1.TrafficPolicyCluster
}
func svcType(t v1alpha1.ServiceType) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Service.Type = t }
}

type ruleCase struct {
	name  string
	s     *v1alpha1.SFTPGo
	facts platform.Facts
	// field is the finding's field when the rule fires; empty for a near miss.
	field string
}

func TestRules(t *testing.T) {
	shared := []func(*v1alpha1.SFTPGoSpec){replicas(3), driver(v1alpha1.DriverPostgreSQL), accessModes(corev1.ReadWriteMany)}
	with := func(base []func(*v1alpha1.SFTPGoSpec), more ...func(*v1alpha1.SFTPGoSpec)) *v1alpha1.SFTPGo {
		return spec(append(slices.Clone(base), more...)...)
	}
	rules := map[string][]ruleCase{
		"SEC001": {
			{"catch-all IPv4 trusted proxy", spec(trusted("10.0.0.0/8", "0.0.0.0/0")), fixtures.KubeFacts, "spec.security.trustedProxies[1]"},
			{"catch-all IPv6 trusted proxy", spec(trusted("::/0")), fixtures.KubeFacts, "spec.security.trustedProxies[0]"},
			{"catch-all PROXY source", spec(proxyProtocol(v1alpha1.ProxyProtocolOptional, "0.0.0.0/0")), fixtures.KubeFacts, "spec.security.proxyProtocol.allowedSources[0]"},
			{"malformed trusted proxy", spec(trusted("10.0.0.0/33")), fixtures.KubeFacts, "spec.security.trustedProxies[0]"},
			{"hostname is not an IP", spec(trusted("router.example.com")), fixtures.KubeFacts, "spec.security.trustedProxies[0]"},
			{"IPv4 leading zeros", spec(trusted("010.0.0.1")), fixtures.KubeFacts, "spec.security.trustedProxies[0]"},
			{"IPv4-mapped IPv6", spec(trusted("::ffff:10.0.0.1")), fixtures.KubeFacts, "spec.security.trustedProxies[0]"},
			{"IP with zone", spec(trusted("fe80::1%eth0")), fixtures.KubeFacts, "spec.security.trustedProxies[0]"},
			{"malformed PROXY source", spec(proxyProtocol(v1alpha1.ProxyProtocolRequired, "10.0.0.0/8", "nope")), fixtures.KubeFacts, "spec.security.proxyProtocol.allowedSources[1]"},
			{"near miss: narrow CIDRs and plain IPs", spec(trusted("10.0.0.0/8", "192.168.1.10", "fd00::/8", "10.1.2.3/16"), proxyProtocol(v1alpha1.ProxyProtocolRequired, "10.0.0.5")), fixtures.KubeFacts, ""},
		},
		"SEC002": {
			{"Ingress with IP binding and no proxies known", spec(ingress), fixtures.KubeNoPodNetworkFacts, "spec.security.trustedProxies"},
			{"near miss: proxies derived from the cluster", spec(ingress), fixtures.KubeFacts, ""},
			{"near miss: proxies given", spec(ingress, trusted("10.42.0.0/16")), fixtures.KubeNoPodNetworkFacts, ""},
			{"near miss: IP binding off", spec(ingress, ipBindingOff), fixtures.KubeNoPodNetworkFacts, ""},
			{"near miss: not published", spec(), fixtures.KubeNoPodNetworkFacts, ""},
		},
		"SEC003": {
			{"Ingress passthrough with IP binding", spec(ingress, termination(v1alpha1.TLSPassthrough)), fixtures.KubeFacts, "spec.expose.tls.termination"},
			{"OpenShift Auto passthrough", spec(termination(v1alpha1.TLSPassthrough)), fixtures.OpenShiftFacts, "spec.expose.tls.termination"},
			{"near miss: passthrough with IP binding off", spec(ingress, termination(v1alpha1.TLSPassthrough), ipBindingOff), fixtures.KubeFacts, ""},
			{"near miss: Auto without host on Kubernetes is not published", spec(termination(v1alpha1.TLSPassthrough)), fixtures.KubeFacts, ""},
			{"near miss: edge", spec(ingress, termination(v1alpha1.TLSEdge)), fixtures.KubeFacts, ""},
		},
		"SEC004": {
			{"three replicas on sqlite", spec(replicas(3), accessModes(corev1.ReadWriteMany)), fixtures.KubeFacts, "spec.dataProvider.driver"},
			{"near miss: postgresql", with(shared), fixtures.KubeFacts, ""},
			{"near miss: one replica on sqlite", spec(replicas(1)), fixtures.KubeFacts, ""},
		},
		"SEC005": {
			{"Required without sources", spec(proxyProtocol(v1alpha1.ProxyProtocolRequired)), fixtures.KubeFacts, "spec.security.proxyProtocol.allowedSources"},
			{"near miss: Required with sources", spec(proxyProtocol(v1alpha1.ProxyProtocolRequired, "10.0.0.0/24")), fixtures.KubeFacts, ""},
			{"near miss: Optional without sources", spec(proxyProtocol(v1alpha1.ProxyProtocolOptional)), fixtures.KubeFacts, ""},
		},
		"SEC006": {
			{"token validation in config", spec(config(`{"httpd":{"token_validation":1,"max_upload_file_size":5}}`)), fixtures.KubeFacts, "spec.config.httpd.token_validation"},
			{"data provider password in config", spec(config(`{"data_provider":{"password":"x"}}`)), fixtures.KubeFacts, "spec.config.data_provider.password"},
			{"config is a list", spec(config(`[1,2]`)), fixtures.KubeFacts, "spec.config"},
			{"config is not JSON", spec(config(`{httpd:`)), fixtures.KubeFacts, "spec.config"},
			{"near miss: unmanaged keys only", spec(config(`{"httpd":{"max_upload_file_size":5},"common":{"idle_timeout":15}}`)), fixtures.KubeFacts, ""},
			{"web binding port in config", spec(config(`{"httpd":{"bindings":[{"port":80,"oidc":{"client_id":"x"}}]}}`)), fixtures.KubeFacts, "spec.config.httpd.bindings.0.port"},
			{"second web binding in config", spec(config(`{"httpd":{"bindings":[{},{"port":9000}]}}`)), fixtures.KubeFacts, "spec.config.httpd.bindings.1"},
			{"data provider node in config", spec(config(`{"data_provider":{"node":{"host":"10.0.0.1"}}}`)), fixtures.KubeFacts, "spec.config.data_provider.node"},
			{"near miss: OIDC, branding and security headers of the web binding", spec(config(`{"httpd":{"bindings":[{"oidc":{"client_id":"x"},"branding":{"web_client":{"name":"Files"}},"security":{"sts_seconds":1}}]}}`)), fixtures.KubeFacts, ""},
			{"near miss: no config", spec(), fixtures.KubeFacts, ""},
		},
		"SEC008": {
			{"distroless-slim image on sqlite", spec(image("ghcr.io/drakkan/sftpgo:v2.7.5-distroless-slim")), fixtures.KubeFacts, "spec.image"},
			{"mirrored distroless image", spec(image("registry.example.com:5000/mirror/sftpgo:v2-distroless")), fixtures.KubeFacts, "spec.image"},
			{"near miss: distroless on postgresql", spec(image("ghcr.io/drakkan/sftpgo:distroless"), driver(v1alpha1.DriverPostgreSQL)), fixtures.KubeFacts, ""},
			{"near miss: alpine-slim keeps SQLite", spec(image("ghcr.io/drakkan/sftpgo:v2.7-alpine-slim")), fixtures.KubeFacts, ""},
			{"near miss: pinned by digest only", spec(image("ghcr.io/drakkan/sftpgo@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")), fixtures.KubeFacts, ""},
			{"near miss: another product's distroless image", spec(image("example.com/files/other:distroless")), fixtures.KubeFacts, ""},
		},
		"SEC007": {
			{"three replicas on a ReadWriteOnce volume", spec(replicas(3), driver(v1alpha1.DriverPostgreSQL)), fixtures.KubeFacts, "spec.storage.data.accessModes"},
			{"ReadWriteOncePod is not shared", spec(replicas(2), driver(v1alpha1.DriverMySQL), accessModes(corev1.ReadWriteOncePod)), fixtures.KubeFacts, "spec.storage.data.accessModes"},
			{"near miss: ReadWriteMany", with(shared), fixtures.KubeFacts, ""},
			{"near miss: existing claim", spec(replicas(3), driver(v1alpha1.DriverPostgreSQL), func(sp *v1alpha1.SFTPGoSpec) { sp.Storage.Data.ExistingClaim = "shared-files" }), fixtures.KubeFacts, ""},
			{"near miss: data volume disabled", spec(replicas(3), driver(v1alpha1.DriverPostgreSQL), func(sp *v1alpha1.SFTPGoSpec) { sp.Storage.Data.Enabled = ptr.To(false) }), fixtures.KubeFacts, ""},
			{"near miss: one replica", spec(replicas(1)), fixtures.KubeFacts, ""},
		},
		"SEC101": {
			{"LoadBalancer Cluster", spec(service(v1alpha1.ServiceTypeLoadBalancer, v1alpha1.TrafficPolicyCluster)), fixtures.KubeFacts, "spec.service.externalTrafficPolicy"},
			{"NodePort Cluster", spec(service(v1alpha1.ServiceTypeNodePort, v1alpha1.TrafficPolicyCluster)), fixtures.KubeFacts, "spec.service.externalTrafficPolicy"},
			{"near miss: LoadBalancer Local", spec(service(v1alpha1.ServiceTypeLoadBalancer, v1alpha1.TrafficPolicyLocal)), fixtures.KubeFacts, ""},
			{"near miss: ClusterIP ignores the policy", spec(service(v1alpha1.ServiceTypeClusterIP, v1alpha1.TrafficPolicyCluster)), fixtures.KubeFacts, ""},
		},
		"SEC102": {
			{"Ingress without TLS", spec(ingress, termination(v1alpha1.TLSNone)), fixtures.KubeFacts, "spec.expose.tls.termination"},
			{"OpenShift Route without TLS", spec(termination(v1alpha1.TLSNone)), fixtures.OpenShiftFacts, "spec.expose.tls.termination"},
			{"near miss: not published", spec(termination(v1alpha1.TLSNone)), fixtures.KubeFacts, ""},
			{"near miss: Ingress with Edge", spec(ingress), fixtures.KubeFacts, ""},
		},
		"SEC103": {
			{"IP binding disabled", spec(ipBindingOff), fixtures.KubeFacts, "spec.security.tokenIPBinding"},
			{"near miss: enforced", spec(), fixtures.KubeFacts, ""},
		},
		"SEC104": {
			{"public trusted proxy", spec(ingress, trusted("10.0.0.0/8", "203.0.113.0/24")), fixtures.KubeFacts, "spec.security.trustedProxies[1]"},
			{"private range too wide", spec(ingress, trusted("10.0.0.0/7")), fixtures.KubeFacts, "spec.security.trustedProxies[0]"},
			{"public IPv6 trusted proxy", spec(trusted("2001:db8::/32")), fixtures.KubeFacts, "spec.security.trustedProxies[0]"},
			{"public PROXY source", spec(proxyProtocol(v1alpha1.ProxyProtocolOptional, "198.51.100.7")), fixtures.KubeFacts, "spec.security.proxyProtocol.allowedSources[0]"},
			{"public derived network", spec(ingress), platform.Facts{PodNetwork: []string{"10.0.0.0/16", "52.0.0.0/16"}, PodNetworkSource: v1alpha1.TrustedProxiesFromNodePodCIDRs}, "spec.security.trustedProxies"},
			{"near miss: private, CGNAT, loopback, link-local, ULA", spec(ingress, trusted("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.1", "169.254.0.0/16", "fd00::/8", "fe80::/64", "::1")), fixtures.KubeFacts, ""},
			{"near miss: private PROXY sources", spec(proxyProtocol(v1alpha1.ProxyProtocolRequired, "172.20.0.0/16")), fixtures.KubeFacts, ""},
		},
		"SEC105": {
			{"PROXY protocol without annotation", spec(func(sp *v1alpha1.SFTPGoSpec) {
				sp.Security.ProxyProtocol.Mode = v1alpha1.ProxyProtocolOptional
			}), fixtures.KubeFacts, "spec.service.annotations"},
			{"DigitalOcean annotation set to false", spec(proxyProtocol(v1alpha1.ProxyProtocolRequired, "10.0.0.0/24"),
				serviceAnnotations("service.beta.kubernetes.io/do-loadbalancer-enable-proxy-protocol", "false")), fixtures.KubeFacts, "spec.service.annotations"},
			{"AWS NLB attributes without proxy_protocol_v2", spec(proxyProtocol(v1alpha1.ProxyProtocolRequired, "10.0.0.0/24"),
				serviceAnnotations("service.beta.kubernetes.io/aws-load-balancer-target-group-attributes", "preserve_client_ip.enabled=true")), fixtures.KubeFacts, "spec.service.annotations"},
			{"near miss: AWS", spec(proxyProtocol(v1alpha1.ProxyProtocolRequired, "10.0.0.0/24"),
				serviceAnnotations("service.beta.kubernetes.io/aws-load-balancer-proxy-protocol", "*")), fixtures.KubeFacts, ""},
			{"near miss: AWS NLB", spec(proxyProtocol(v1alpha1.ProxyProtocolRequired, "10.0.0.0/24"),
				serviceAnnotations("service.beta.kubernetes.io/aws-load-balancer-target-group-attributes", "preserve_client_ip.enabled=false, proxy_protocol_v2.enabled=true")), fixtures.KubeFacts, ""},
			{"near miss: DigitalOcean", spec(proxyProtocol(v1alpha1.ProxyProtocolRequired, "10.0.0.0/24"),
				serviceAnnotations("service.beta.kubernetes.io/do-loadbalancer-enable-proxy-protocol", "true")), fixtures.KubeFacts, ""},
			{"near miss: Hetzner", spec(proxyProtocol(v1alpha1.ProxyProtocolRequired, "10.0.0.0/24")), fixtures.KubeFacts, ""},
			{"near miss: PROXY protocol disabled", spec(), fixtures.KubeFacts, ""},
		},
		"SEC106": {
			{"derived node pod CIDRs without NetworkPolicy", spec(ingress, networkPolicyOff), fixtures.KubeFacts, "spec.security.networkPolicy.enabled"},
			{"derived OpenShift network without NetworkPolicy", spec(networkPolicyOff), fixtures.OpenShiftFacts, "spec.security.networkPolicy.enabled"},
			{"near miss: proxies from spec", spec(ingress, networkPolicyOff, trusted("10.244.3.0/24")), fixtures.KubeFacts, ""},
			{"near miss: NetworkPolicy enabled", spec(ingress), fixtures.KubeFacts, ""},
			{"near miss: not proxied, nothing derived", spec(networkPolicyOff), fixtures.KubeFacts, ""},
		},
		"SEC010": {
			{"malformed proxy source range", spec(ranges("10.0.0.0/33")), fixtures.KubeFacts, "spec.security.proxySourceRanges[0]"},
			{"catch-all proxy source range", spec(ranges("192.168.1.0/24", "::/0")), fixtures.KubeFacts, "spec.security.proxySourceRanges[1]"},
			{"covers the derived pod network", spec(ingress, ranges("10.0.0.0/8")), fixtures.KubeFacts, "spec.security.proxySourceRanges[0]"},
			{"inside the derived pod network", spec(ingress, ranges("192.168.1.0/24", "10.244.7.0/24")), fixtures.KubeFacts, "spec.security.proxySourceRanges[1]"},
			{"overlaps the trusted part of the pod network", spec(ingress, trusted("10.244.3.0/24", "192.168.1.0/24"), ranges("10.244.0.0/16")), fixtures.KubeFacts, "spec.security.proxySourceRanges[0]"},
			{"near miss: trusted load balancer subnet outside the pod network", spec(ingress, trusted("192.168.1.0/24"), ranges("192.168.1.0/24")), fixtures.KubeFacts, ""},
			{"near miss: pod addresses SFTPGo does not trust", spec(ingress, trusted("192.168.1.0/24"), ranges("192.168.1.0/24", "10.244.0.0/16")), fixtures.KubeFacts, ""},
			{"near miss: NetworkPolicy disabled", spec(ingress, networkPolicyOff, ranges("10.244.0.0/16")), fixtures.KubeFacts, ""},
		},
		"SEC011": {
			{"HTTPRoute without a Gateway", spec(ingress, exposeType(v1alpha1.ExposeHTTPRoute)), fixtures.KubeFacts, "spec.expose.gatewayRef.name"},
			{"HTTPRoute with a Gateway namespace only", spec(ingress, exposeType(v1alpha1.ExposeHTTPRoute), func(sp *v1alpha1.SFTPGoSpec) {
				sp.Expose.GatewayRef.Namespace = "gateways"
			}), fixtures.KubeFacts, "spec.expose.gatewayRef.name"},
			{"near miss: HTTPRoute with a Gateway", spec(ingress, exposeType(v1alpha1.ExposeHTTPRoute), func(sp *v1alpha1.SFTPGoSpec) {
				sp.Expose.GatewayRef.Name = "public"
			}), fixtures.KubeFacts, ""},
			{"near miss: Ingress without a Gateway", spec(ingress), fixtures.KubeFacts, ""},
			{"near miss: Auto on OpenShift without a Gateway", spec(), fixtures.OpenShiftFacts, ""},
		},
		"SEC012": {
			{"WebDAV on an Ingress with passthrough", spec(ingress, webdav, termination(v1alpha1.TLSPassthrough), ipBindingOff), fixtures.KubeFacts, "spec.webdav.enabled"},
			{"WebDAV on OpenShift Auto (a Route) with passthrough", spec(webdav, termination(v1alpha1.TLSPassthrough), ipBindingOff), fixtures.OpenShiftFacts, "spec.webdav.enabled"},
			{"WebDAV on an HTTPRoute with passthrough", spec(ingress, exposeType(v1alpha1.ExposeHTTPRoute), webdav, termination(v1alpha1.TLSPassthrough), ipBindingOff), fixtures.KubeFacts, "spec.webdav.enabled"},
			{"near miss: WebDAV with Reencrypt", spec(ingress, webdav, termination(v1alpha1.TLSReencrypt)), fixtures.KubeFacts, ""},
			{"near miss: passthrough without WebDAV", spec(ingress, termination(v1alpha1.TLSPassthrough), ipBindingOff), fixtures.KubeFacts, ""},
			{"near miss: WebDAV, passthrough, not published", spec(exposeType(v1alpha1.ExposeNone), webdav, termination(v1alpha1.TLSPassthrough)), fixtures.KubeFacts, ""},
		},
		"SEC013": {
			{"FTP, TLS Required by default, no certificate", spec(ftps, noFTPCert), fixtures.KubeFacts, "spec.ftp.certificateSecret"},
			{"FTP, TLS Implicit, no certificate", spec(ftps, ftpTLS(v1alpha1.FTPTLSImplicit), noFTPCert), fixtures.KubeFacts, "spec.ftp.certificateSecret"},
			{"FTP, TLS Optional, no certificate", spec(ftps, ftpTLS(v1alpha1.FTPTLSOptional), noFTPCert), fixtures.KubeFacts, "spec.ftp.certificateSecret"},
			{"near miss: plain FTP without certificate", spec(ftps, ftpTLS(v1alpha1.FTPTLSDisabled), noFTPCert), fixtures.KubeFacts, ""},
			{"near miss: FTPS with a certificate", spec(ftps), fixtures.KubeFacts, ""},
		},
		"SEC014": {
			{"FTP, LoadBalancer, ETP Cluster, no PROXY protocol", spec(ftps, etpCluster), fixtures.KubeFacts, "spec.service.externalTrafficPolicy"},
			{"FTP, NodePort, ETP Cluster, no PROXY protocol", spec(ftps, etpCluster, svcType(v1alpha1.ServiceTypeNodePort)), fixtures.KubeFacts, "spec.service.externalTrafficPolicy"},
			{"near miss: ETP Cluster with PROXY protocol", spec(ftps, etpCluster, proxyProtocol(v1alpha1.ProxyProtocolRequired, "10.0.0.0/8")), fixtures.KubeFacts, ""},
			{"near miss: ClusterIP", spec(ftps, etpCluster, svcType(v1alpha1.ServiceTypeClusterIP)), fixtures.KubeFacts, ""},
			{"near miss: ETP Cluster without FTP", spec(etpCluster), fixtures.KubeFacts, ""},
		},
		"SEC109": {
			{"FTP on a LoadBalancer without status or passiveAddress", spec(ftps, noPassiveAddress), fixtures.KubeFacts, "spec.ftp.passiveAddress"},
			{"FTP on a NodePort without passiveAddress", spec(ftps, noPassiveAddress, svcType(v1alpha1.ServiceTypeNodePort)), fixtures.KubeFacts, "spec.ftp.passiveAddress"},
			{"near miss: passiveAddress set", spec(ftps), fixtures.KubeFacts, ""},
			{"near miss: ClusterIP announces the pod IP", spec(ftps, noPassiveAddress, svcType(v1alpha1.ServiceTypeClusterIP)), fixtures.KubeFacts, ""},
		},
		"SEC110": {
			{"plain FTP", spec(ftps, ftpTLS(v1alpha1.FTPTLSDisabled)), fixtures.KubeFacts, "spec.ftp.tls"},
			{"near miss: FTPS Optional", spec(ftps, ftpTLS(v1alpha1.FTPTLSOptional)), fixtures.KubeFacts, ""},
		},
		"SEC107": {
			{"ALB with trust derived from the pod network", spec(ingress, ingressClass("alb")), fixtures.KubeFacts, "spec.security.trustedProxies"},
			{"GKE Ingress named by annotation", spec(ingress, exposeAnnotation("kubernetes.io/ingress.class", "gce")), fixtures.KubeFacts, "spec.security.trustedProxies"},
			{"Application Gateway with Calico pools", spec(ingress, ingressClass("azure-application-gateway")), platform.Facts{
				PodNetwork: []string{"192.168.0.0/16"}, PodNetworkSource: v1alpha1.TrustedProxiesFromCalicoPools}, "spec.security.trustedProxies"},
			{"near miss: ALB subnets listed", spec(ingress, ingressClass("alb"), trusted("10.0.0.0/24", "10.0.1.0/24")), fixtures.KubeFacts, ""},
			{"near miss: in-cluster ingress controller", spec(ingress, ingressClass("nginx")), fixtures.KubeFacts, ""},
			{"near miss: nothing derived (SEC002 says what to set)", spec(ingress, ingressClass("alb")), fixtures.KubeNoPodNetworkFacts, ""},
		},
		"SEC108": {
			{"range outside the trusted proxies", spec(ingress, trusted("10.0.0.0/24"), ranges("10.0.0.0/25", "192.168.1.0/24")), fixtures.KubeFacts, "spec.security.proxySourceRanges[1]"},
			{"range outside the derived pod network", spec(ingress, ranges("192.168.1.0/24")), fixtures.KubeFacts, "spec.security.proxySourceRanges[0]"},
			{"range only partly trusted", spec(ingress, trusted("192.168.1.0/25"), ranges("192.168.1.0/24")), fixtures.KubeFacts, "spec.security.proxySourceRanges[0]"},
			{"near miss: range inside the trusted proxies", spec(ingress, trusted("192.168.0.0/16"), ranges("192.168.1.0/24", "192.168.2.9")), fixtures.KubeFacts, ""},
			{"near miss: NetworkPolicy disabled", spec(ingress, networkPolicyOff, trusted("10.0.0.0/24"), ranges("192.168.1.0/24")), fixtures.KubeFacts, ""},
		},
	}
	for rule, cases := range rules {
		for _, tc := range cases {
			t.Run(rule+"/"+tc.name, func(t *testing.T) {
				got := evaluate(tc.s, tc.facts)
				var hits []v1alpha1.Finding
				for _, f := range got {
					if f.Rule == rule {
						hits = append(hits, f)
					}
				}
				if tc.field == "" {
					if len(hits) > 0 {
						t.Fatalf("%s fired on a near miss: %+v", rule, hits)
					}
					return
				}
				i := slices.IndexFunc(hits, func(f v1alpha1.Finding) bool { return f.Field == tc.field })
				if i < 0 {
					t.Fatalf("%s did not fire on %s; findings: %+v", rule, tc.field, got)
				}
				f := hits[i]
				wantSev := v1alpha1.SeverityWarning
				if strings.HasPrefix(rule, "SEC0") {
					wantSev = v1alpha1.SeverityError
				}
				if f.Severity != wantSev {
					t.Errorf("severity = %s, want %s", f.Severity, wantSev)
				}
				if !strings.HasPrefix(f.Message, rule+": ") {
					t.Errorf("message must start with %q: %s", rule+": ", f.Message)
				}
			})
		}
	}
	// Every rule of the contract has cases.
	for _, r := range []string{"SEC001", "SEC002", "SEC003", "SEC004", "SEC005", "SEC006", "SEC007", "SEC008",
		"SEC010", "SEC011", "SEC012", "SEC013", "SEC014", "SEC101", "SEC102", "SEC103", "SEC104", "SEC105", "SEC106", "SEC107", "SEC108", "SEC109", "SEC110"} {
		fired, missed := false, false
		for _, tc := range rules[r] {
			fired = fired || tc.field != ""
			missed = missed || tc.field == ""
		}
		if !fired || !missed {
			t.Errorf("%s needs a case that fires and a near miss", r)
		}
	}
}

func TestDefaultsAreClean(t *testing.T) {
	for name, f := range map[string]platform.Facts{"kubernetes": fixtures.KubeFacts, "openshift": fixtures.OpenShiftFacts, "unknown network": fixtures.KubeNoPodNetworkFacts} {
		if got := evaluate(spec(), f); len(got) != 0 {
			t.Errorf("%s: a defaulted SFTPGo has findings: %+v", name, got)
		}
	}
	// The recommended multi-replica setup behind an Ingress is clean too.
	good := spec(ingress, replicas(3), driver(v1alpha1.DriverPostgreSQL), accessModes(corev1.ReadWriteMany))
	if got := evaluate(good, fixtures.KubeFacts); len(got) != 0 {
		t.Errorf("recommended setup has findings: %+v", got)
	}
}

func TestMessagesNameRuleAndFix(t *testing.T) {
	s := spec(ingress, trusted("0.0.0.0/0", "bad", "203.0.113.9"), termination(v1alpha1.TLSNone), ipBindingOff,
		replicas(2), config(`{"sftpd":{"host_keys":[]}}`), service(v1alpha1.ServiceTypeNodePort, v1alpha1.TrafficPolicyCluster),
		func(sp *v1alpha1.SFTPGoSpec) { sp.Security.ProxyProtocol.Mode = v1alpha1.ProxyProtocolRequired })
	for _, f := range evaluate(s, fixtures.KubeFacts) {
		if !strings.HasPrefix(f.Message, f.Rule+": ") {
			t.Errorf("%s: message does not start with the rule ID: %s", f.Rule, f.Message)
		}
		if !strings.Contains(f.Message, "Set ") && !strings.Contains(f.Message, "Use ") &&
			!strings.Contains(f.Message, "List ") && !strings.Contains(f.Message, "Remove ") && !strings.Contains(f.Message, "Add ") {
			t.Errorf("%s: message says no fix: %s", f.Rule, f.Message)
		}
		if !strings.HasPrefix(f.Field, "spec.") {
			t.Errorf("%s: field %q is not a spec path", f.Rule, f.Field)
		}
	}
}

func TestOrderAndHelpers(t *testing.T) {
	trustedList := make([]string, 12)
	for i := range trustedList {
		trustedList[i] = "10.0.0.0/8"
	}
	trustedList[2], trustedList[10] = "0.0.0.0/0", "::/0"
	s := spec(ingress, trusted(trustedList...), ipBindingOff, replicas(2),
		service(v1alpha1.ServiceTypeLoadBalancer, v1alpha1.TrafficPolicyCluster),
		proxyProtocol(v1alpha1.ProxyProtocolRequired))
	got := evaluate(s, fixtures.KubeFacts)
	var ids []string
	for _, f := range got {
		ids = append(ids, f.Rule+" "+f.Field)
	}
	want := []string{
		"SEC001 spec.security.trustedProxies[2]",
		"SEC001 spec.security.trustedProxies[10]",
		"SEC004 spec.dataProvider.driver",
		"SEC005 spec.security.proxyProtocol.allowedSources",
		"SEC007 spec.storage.data.accessModes",
		"SEC101 spec.service.externalTrafficPolicy",
		"SEC103 spec.security.tokenIPBinding",
	}
	if !slices.Equal(ids, want) {
		t.Fatalf("order:\n got %q\nwant %q", ids, want)
	}
	// Deterministic across runs.
	for range 5 {
		again := evaluate(s, fixtures.KubeFacts)
		if !slices.Equal(again, got) {
			t.Fatalf("Evaluate is not deterministic")
		}
	}
	if !security.HasError(got) {
		t.Fatal("HasError = false")
	}
	if first := security.FirstError(got); first == nil || first.Rule != "SEC001" || first.Field != "spec.security.trustedProxies[2]" {
		t.Fatalf("FirstError = %+v", first)
	}
	warnings := []v1alpha1.Finding{got[len(got)-1]}
	if security.HasError(warnings) || security.FirstError(warnings) != nil || security.HasError(nil) {
		t.Fatal("a Warning-only list has no Error")
	}
}

func TestParseAddress(t *testing.T) {
	for in, ok := range map[string]bool{
		"10.0.0.1": true, "10.0.0.0/8": true, "10.1.2.3/8": true, "::1": true, "2001:db8::/32": true,
		"": false, "10.0.0.0/": false, "10.0.0.256": false, "01.2.3.4": false, "::ffff:1.2.3.4": false,
		"::ffff:1.2.3.4/120": false, "fe80::1%eth0": false, "10.0.0.0/8 ": false, "10.0.0.0-10.0.0.5": false, //nolint:gocritic // mapKey: the trailing space is the case under test
	} {
		if _, got := security.ParseAddress(in); got != ok {
			t.Errorf("ParseAddress(%q) ok = %v, want %v", in, got, ok)
		}
	}
	p, _ := security.ParseAddress("192.168.1.10")
	if p.Bits() != 32 {
		t.Errorf("a plain IPv4 is a /32, got %s", p)
	}
}
