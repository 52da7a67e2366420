package security_test

import (
	"strings"
	"testing"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/fixtures"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
)

// Mutators for the proxies that are not pods in a proxy namespace.
func ranges(cidrs ...string) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Security.ProxySourceRanges = cidrs }
}
func ingressClass(name string) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Expose.IngressClassName = name }
}
func exposeAnnotation(key, value string) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Expose.Annotations = map[string]string{key: value} }
}

// SEC002 names what to set where the cluster cannot tell: the load
// balancer's addresses behind a direct-to-pod class, else the pod addresses
// of the network plugins that publish none.
func TestNoTrustedProxiesMessageNamesTheChoice(t *testing.T) {
	tests := []struct {
		name  string
		s     *v1alpha1.SFTPGo
		facts platform.Facts
		want  []string
	}{
		{"OpenShift router", spec(), platform.Facts{Platform: platform.OpenShift, RouteAPI: true},
			[]string{"spec.security.trustedProxies", "status.clusterNetwork"}},
		{"in-cluster ingress controller", spec(ingress), fixtures.KubeNoPodNetworkFacts,
			[]string{"spec.security.trustedProxies", "ingress controller pods", "AWS VPC CNI", "ENIConfig", "Azure CNI", "pod subnet"}},
		{"ALB in IP mode", spec(ingress, ingressClass("alb")), fixtures.KubeNoPodNetworkFacts,
			[]string{"Ingress class \"alb\"", "subnets of the Application Load Balancer"}},
		{"GKE Ingress", spec(ingress, exposeAnnotation("kubernetes.io/ingress.class", "gce")), fixtures.KubeNoPodNetworkFacts,
			[]string{"130.211.0.0/22", "35.191.0.0/16"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var msg string
			for _, f := range evaluate(tt.s, tt.facts) {
				if f.Rule == "SEC002" {
					msg = f.Message
				}
			}
			if msg == "" {
				t.Fatal("SEC002 did not fire")
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message lacks %q: %s", w, msg)
				}
			}
		})
	}
}

// SEC010 names the trusted pod addresses a range would open the web port to.
func TestProxySourceRangeMessageNamesTrustedPods(t *testing.T) {
	for _, f := range evaluate(spec(ingress, trusted("10.244.3.0/24"), ranges("10.0.0.0/8")), fixtures.KubeFacts) {
		if f.Rule == "SEC010" {
			if !strings.Contains(f.Message, "(10.244.3.0/24)") {
				t.Errorf("SEC010 names no trusted pod range: %s", f.Message)
			}
			return
		}
	}
	t.Fatal("SEC010 did not fire")
}
