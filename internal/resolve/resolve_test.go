package resolve_test

import (
	"slices"
	"testing"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/fixtures"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
)

// Every derived decision of New, per publication, TLS mode and platform.
func TestNew(t *testing.T) {
	trusted := func(s *v1alpha1.SFTPGo) { s.Spec.Security.TrustedProxies = []string{"192.168.10.0/24"} }
	expose := func(e v1alpha1.ExposeType) func(*v1alpha1.SFTPGo) {
		return func(s *v1alpha1.SFTPGo) { s.Spec.Expose.Type = e }
	}
	passthrough := fixtures.Termination(v1alpha1.TLSPassthrough)
	type want struct {
		expose                            v1alpha1.ExposeType
		proxied, tlsAtProxy, webServesTLS bool
		proxies                           []string
		source                            v1alpha1.TrustedProxySource
	}
	tests := []struct {
		name  string
		mut   func(*v1alpha1.SFTPGo)
		facts platform.Facts
		want  want
	}{
		{"Auto without host on Kubernetes: not published", nil, fixtures.KubeFacts,
			want{expose: v1alpha1.ExposeNone}},
		{"Auto with host on Kubernetes: Ingress, Edge, proxies from the pod network", fixtures.IngressHost, fixtures.KubeFacts,
			want{v1alpha1.ExposeIngress, true, true, false, []string{"10.244.0.0/16"}, v1alpha1.TrustedProxiesFromNodePodCIDRs}},
		{"Auto on OpenShift: Route, proxies from the cluster network", nil, fixtures.OpenShiftFacts,
			want{v1alpha1.ExposeRoute, true, true, false, []string{"10.128.0.0/14"}, v1alpha1.TrustedProxiesFromOpenShift}},
		{"Ingress with proxies from the spec", fixtures.All(fixtures.IngressHost, trusted), fixtures.KubeFacts,
			want{v1alpha1.ExposeIngress, true, true, false, []string{"192.168.10.0/24"}, v1alpha1.TrustedProxiesFromSpec}},
		{"Reencrypt: TLS at the proxy and in SFTPGo", fixtures.All(fixtures.IngressHost, fixtures.Termination(v1alpha1.TLSReencrypt)), fixtures.KubeFacts,
			want{v1alpha1.ExposeIngress, true, true, true, []string{"10.244.0.0/16"}, v1alpha1.TrustedProxiesFromNodePodCIDRs}},
		{"TLS None at the proxy: proxied, plain HTTP", fixtures.All(fixtures.IngressHost, fixtures.Termination(v1alpha1.TLSNone)), fixtures.KubeFacts,
			want{v1alpha1.ExposeIngress, true, false, false, []string{"10.244.0.0/16"}, v1alpha1.TrustedProxiesFromNodePodCIDRs}},
		{"Passthrough Ingress: no client IP header can be trusted", fixtures.All(fixtures.IngressHost, passthrough, trusted), fixtures.KubeFacts,
			want{expose: v1alpha1.ExposeIngress, webServesTLS: true}},
		{"Auto resolving to None with Passthrough keeps the spec's proxies (a proxy the admin runs)", fixtures.All(passthrough, trusted), fixtures.KubeFacts,
			want{expose: v1alpha1.ExposeNone, proxies: []string{"192.168.10.0/24"}, source: v1alpha1.TrustedProxiesFromSpec}},
		{"None with the spec's proxies", fixtures.All(expose(v1alpha1.ExposeNone), trusted), fixtures.KubeFacts,
			want{expose: v1alpha1.ExposeNone, proxies: []string{"192.168.10.0/24"}, source: v1alpha1.TrustedProxiesFromSpec}},
		{"proxied, pod network unknown: nothing derived", fixtures.IngressHost, fixtures.KubeNoPodNetworkFacts,
			want{expose: v1alpha1.ExposeIngress, proxied: true, tlsAtProxy: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := fixtures.Instance(tt.mut, tt.facts)
			got := want{in.Expose, in.Proxied, in.TLSAtProxy, in.WebServesTLS, in.TrustedProxies.CIDRs, in.TrustedProxies.Source}
			if got.expose != tt.want.expose || got.proxied != tt.want.proxied || got.tlsAtProxy != tt.want.tlsAtProxy ||
				got.webServesTLS != tt.want.webServesTLS || !slices.Equal(got.proxies, tt.want.proxies) || got.source != tt.want.source {
				t.Errorf("New() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// WebDAV is at /dav of the published host, or on the web Service's WebDAV
// port inside the cluster; unknown until the router picks a Route's host.
func TestWebDAVURL(t *testing.T) {
	none := func(s *v1alpha1.SFTPGo) { s.Spec.Expose.Type = v1alpha1.ExposeNone }
	tests := []struct {
		name  string
		mut   func(*v1alpha1.SFTPGo)
		facts platform.Facts
		want  string
	}{
		{"off", fixtures.IngressHost, fixtures.KubeFacts, ""},
		{"Ingress", fixtures.All(fixtures.IngressHost, fixtures.WebDAV), fixtures.KubeFacts, "https://files.example.com/dav/"},
		{"Ingress without TLS", fixtures.All(fixtures.IngressHost, fixtures.WebDAV, fixtures.Termination(v1alpha1.TLSNone)), fixtures.KubeFacts, "http://files.example.com/dav/"},
		{"Route without host: the router's", fixtures.WebDAV, fixtures.OpenShiftFacts, ""},
		{"not published: the web Service", fixtures.All(fixtures.IngressHost, fixtures.WebDAV, none), fixtures.KubeFacts, "http://files-web.team-a.svc:8090/dav/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := fixtures.Instance(tt.mut, tt.facts)
			if in.WebDAVURL != tt.want {
				t.Errorf("WebDAVURL = %q, want %q", in.WebDAVURL, tt.want)
			}
		})
	}
}
