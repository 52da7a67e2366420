package manifests_test

import (
	"fmt"
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/fixtures"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
)

func exposeAs(t v1alpha1.ExposeType) func(*v1alpha1.SFTPGo) {
	return func(s *v1alpha1.SFTPGo) { s.Spec.Expose.Type = t }
}

func withGateway(s *v1alpha1.SFTPGo) { s.Spec.Expose.GatewayRef.Name = "public" }

// WebDAV rides on the web Service and the web publication: a port on the
// Service, a path on the Ingress and the HTTPRoute, a Route of its own on
// OpenShift, the same NetworkPolicy peers as the web port; nothing when off.
func TestWebDAVObjects(t *testing.T) {
	cases := []struct {
		name  string
		mut   func(*v1alpha1.SFTPGo)
		facts platform.Facts
		// wantPaths: the Ingress or HTTPRoute paths, or the Routes' paths.
		wantPaths []string
	}{
		{"off, Ingress", fixtures.IngressHost, fixtures.KubeFacts, []string{"/"}},
		{"on, Ingress", fixtures.All(fixtures.IngressHost, fixtures.WebDAV), fixtures.KubeFacts, []string{"/", "/dav"}},
		{"off, HTTPRoute", fixtures.All(fixtures.IngressHost, exposeAs(v1alpha1.ExposeHTTPRoute), withGateway), fixtures.KubeFacts, []string{""}},
		{"on, HTTPRoute", fixtures.All(fixtures.IngressHost, exposeAs(v1alpha1.ExposeHTTPRoute), withGateway, fixtures.WebDAV), fixtures.KubeFacts, []string{"", "/dav"}},
		{"off, Route", nil, fixtures.OpenShiftFacts, []string{""}},
		{"on, Route", fixtures.WebDAV, fixtures.OpenShiftFacts, []string{"", "/dav"}},
		{"on, Route with host and Reencrypt", fixtures.All(autoHost, fixtures.WebDAV, fixtures.Termination(v1alpha1.TLSReencrypt)), fixtures.OpenShiftFacts, []string{"", "/dav"}},
		{"on, not published", fixtures.All(fixtures.WebDAV, exposeAs(v1alpha1.ExposeNone)), fixtures.KubeFacts, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := fixtures.Instance(tc.mut, tc.facts)
			on := in.WebDAVEnabled()

			// The web Service: a webdav port to the container's webdav port,
			// HTTPS exactly when the web port is.
			svc := manifests.WebService(in)
			i := slices.IndexFunc(svc.Spec.Ports, func(p corev1.ServicePort) bool { return p.Name == manifests.PortNameWebDAV })
			if (i >= 0) != on {
				t.Fatalf("web Service webdav port present = %v, want %v: %+v", i >= 0, on, svc.Spec.Ports)
			}
			if on {
				p := svc.Spec.Ports[i]
				if p.Port != 8090 || p.TargetPort != intstr.FromString(manifests.PortNameWebDAV) || p.Protocol != corev1.ProtocolTCP {
					t.Errorf("webdav Service port = %+v, want 8090 -> webdav/TCP", p)
				}
				if !ptr.Equal(p.AppProtocol, svc.Spec.Ports[0].AppProtocol) {
					t.Errorf("webdav appProtocol = %v, web's = %v", ptr.Deref(p.AppProtocol, ""), ptr.Deref(svc.Spec.Ports[0].AppProtocol, ""))
				}
			}

			// The pod declares the port only when it listens on it.
			ports := manifests.Deployment(in, testHash).Spec.Template.Spec.Containers[0].Ports
			if got := slices.ContainsFunc(ports, func(p corev1.ContainerPort) bool {
				return p.Name == manifests.PortNameWebDAV && p.ContainerPort == 8090
			}); got != on {
				t.Errorf("container port webdav 8090 declared = %v, want %v", got, on)
			}

			// The publication.
			var paths []string
			var backends []string
			if ing := manifests.Ingress(in); ing != nil {
				for _, p := range ing.Spec.Rules[0].HTTP.Paths {
					paths = append(paths, p.Path)
					backends = append(backends, p.Backend.Service.Name+":"+p.Backend.Service.Port.Name)
					if *p.PathType != networkingv1.PathTypePrefix {
						t.Errorf("Ingress path %s type = %s, want Prefix", p.Path, *p.PathType)
					}
				}
				if on && !slices.Equal(backends, []string{"files-web:http", "files-web:webdav"}) {
					t.Errorf("Ingress backends = %v", backends)
				}
			}
			if hr := manifests.HTTPRoute(in); hr != nil {
				for _, r := range hr.Spec.Rules {
					path := ""
					if len(r.Matches) > 0 {
						m := r.Matches[0].Path
						if *m.Type != gatewayv1.PathMatchPathPrefix {
							t.Errorf("HTTPRoute match type = %s, want PathPrefix", *m.Type)
						}
						path = *m.Value
					}
					paths = append(paths, path)
					ref := r.BackendRefs[0].BackendObjectReference
					backends = append(backends, fmt.Sprintf("%s:%d", ref.Name, *ref.Port))
				}
				if on && !slices.Equal(backends, []string{"files-web:8080", "files-web:8090"}) {
					t.Errorf("HTTPRoute backends = %v", backends)
				}
			}
			main, dav := manifests.Route(in), manifests.WebDAVRoute(in)
			if main != nil {
				paths = append(paths, main.Spec.Path)
			}
			if (dav != nil) != (on && in.Expose == v1alpha1.ExposeRoute) {
				t.Fatalf("WebDAV Route built = %v", dav != nil)
			}
			if dav != nil {
				paths = append(paths, dav.Spec.Path)
				if dav.Name != "files-webdav" || dav.Labels[manifests.LabelComponent] != manifests.ComponentWebDAV {
					t.Errorf("WebDAV Route %s, component %s", dav.Name, dav.Labels[manifests.LabelComponent])
				}
				if dav.Spec.To.Name != "files-web" || dav.Spec.Port.TargetPort != intstr.FromString(manifests.PortNameWebDAV) {
					t.Errorf("WebDAV Route targets %s:%s, want files-web:webdav", dav.Spec.To.Name, dav.Spec.Port.TargetPort.String())
				}
				// Same host, TLS and router settings as the web UI's Route.
				if dav.Spec.Host != main.Spec.Host {
					t.Errorf("WebDAV Route host %q, web Route's %q", dav.Spec.Host, main.Spec.Host)
				}
				if *dav.Spec.TLS != *main.Spec.TLS {
					t.Errorf("WebDAV Route TLS %+v, web Route's %+v", *dav.Spec.TLS, *main.Spec.TLS)
				}
				if dav.Annotations[manifests.AnnotationForwardedHeaders] != main.Annotations[manifests.AnnotationForwardedHeaders] {
					t.Errorf("WebDAV Route forwarded headers policy differs from the web Route's")
				}
			}
			if !slices.Equal(paths, tc.wantPaths) {
				t.Errorf("published paths = %q, want %q", paths, tc.wantPaths)
			}

			// The NetworkPolicy: 8090 beside 8080, from the same peers.
			np := manifests.NetworkPolicy(in)
			var webRule *networkingv1.NetworkPolicyIngressRule
			for i, r := range np.Spec.Ingress {
				for _, p := range r.Ports {
					if p.Port.IntVal == 8090 && webRule == nil {
						t.Errorf("8090 admitted by a rule without the web port")
					}
					if p.Port.IntVal == 8080 {
						webRule = &np.Spec.Ingress[i]
					}
				}
			}
			if webRule == nil {
				t.Fatal("no NetworkPolicy rule for the web port")
			}
			var got []int32
			for _, p := range webRule.Ports {
				got = append(got, p.Port.IntVal)
			}
			want := []int32{8080}
			if on {
				want = append(want, 8090)
			}
			if !slices.Equal(got, want) {
				t.Errorf("web rule ports = %v, want %v", got, want)
			}
		})
	}
}
