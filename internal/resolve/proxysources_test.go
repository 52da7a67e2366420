package resolve_test

import (
	"testing"

	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/fixtures"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
)

// The controller reads the pod network only for the instances that depend
// on it; the NetworkPolicy's ipBlocks do.
func TestNeedsPodNetwork(t *testing.T) {
	trusted := func(s *v1alpha1.SFTPGo) { s.Spec.Security.TrustedProxies = []string{"10.0.0.0/24"} }
	ranges := func(s *v1alpha1.SFTPGo) { s.Spec.Security.ProxySourceRanges = []string{"192.168.1.0/24"} }
	class := func(c string) func(*v1alpha1.SFTPGo) {
		return func(s *v1alpha1.SFTPGo) { s.Spec.Expose.IngressClassName = c }
	}
	policyOff := func(s *v1alpha1.SFTPGo) { s.Spec.Security.NetworkPolicy.Enabled = ptr.To(false) }
	tests := []struct {
		name string
		mut  func(*v1alpha1.SFTPGo)
		want bool
	}{
		{"proxied without trusted proxies: derives them", fixtures.IngressHost, true},
		{"proxy source ranges: kept out of the trusted pod network", fixtures.All(trusted, ranges), true},
		{"direct-to-pod class with trusted proxies: admits those outside the pod network", fixtures.All(fixtures.IngressHost, trusted, class("alb")), true},
		{"not published, nothing admitted by CIDR", nil, false},
		{"trusted proxies behind an in-cluster ingress controller", fixtures.All(fixtures.IngressHost, trusted, class("nginx")), false},
		{"proxy source ranges without a NetworkPolicy", fixtures.All(trusted, ranges, policyOff), false},
		{"direct-to-pod class without a NetworkPolicy", fixtures.All(fixtures.IngressHost, trusted, class("alb"), policyOff), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := fixtures.Instance(tt.mut, platform.Facts{Platform: platform.Kubernetes})
			if got := in.NeedsPodNetwork(); got != tt.want {
				t.Errorf("NeedsPodNetwork = %v, want %v", got, tt.want)
			}
		})
	}
}
