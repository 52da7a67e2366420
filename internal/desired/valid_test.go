package desired

import (
	"errors"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// Valid catches what the CEL rules cannot check for their cost, before the
// API server refuses an object built from it.
func TestValidRefusesWhatCELCannotCheck(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*v1alpha1.SFTPGo)
		want   string
	}{
		{"pod label value with a space", func(s *v1alpha1.SFTPGo) {
			s.Spec.PodTemplate.Labels = map[string]string{"team": "files a"}
		}, `spec.podTemplate.labels: Invalid value: "files a"`},
		{"node selector value ending in a dash", func(s *v1alpha1.SFTPGo) {
			s.Spec.PodTemplate.NodeSelector = map[string]string{"disk": "ssd-"}
		}, "spec.podTemplate.nodeSelector"},
		{"selector expression key with a space", func(s *v1alpha1.SFTPGo) {
			s.Spec.Security.ProxyNamespaceSelector = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
				{Key: "a b", Operator: metav1.LabelSelectorOpExists}}}
		}, "spec.security.proxyNamespaceSelector.matchExpressions[0].key"},
		{"selector expression value with a slash", func(s *v1alpha1.SFTPGo) {
			s.Spec.Security.MonitoringNamespaceSelector = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
				{Key: "team", Operator: metav1.LabelSelectorOpIn, Values: []string{"a/b"}}}}
		}, "spec.security.monitoringNamespaceSelector.matchExpressions[0].values[0]"},
		{"selector label value with a space", func(s *v1alpha1.SFTPGo) {
			s.Spec.Security.ProxyNamespaceSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"team": "a b"}}
		}, "spec.security.proxyNamespaceSelector.matchLabels"},
		{"annotations over 256 KiB in bytes", func(s *v1alpha1.SFTPGo) {
			s.Spec.Service.Annotations = map[string]string{"example.com/big": strings.Repeat("é", 140*1024)}
		}, "spec.service.annotations: Too long"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Supported(instance(c.mutate))
			var unsupported *UnsupportedError
			if !errors.As(err, &unsupported) || unsupported.Reason != v1alpha1.ReasonInvalidSpec {
				t.Fatalf("want an UnsupportedError with reason %s, got %v", v1alpha1.ReasonInvalidSpec, err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("message %q does not name %q", err, c.want)
			}
		})
	}
	long := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: strings.Repeat("n", 56), Namespace: "team-ab"}}
	openshift := platform.Facts{Platform: platform.OpenShift, RouteAPI: true}
	if err := Supported(resolve.New(long, openshift)); err == nil || !strings.Contains(err.Error(), "(at most 63): set spec.expose.host") {
		t.Errorf("a Route without host whose generated host label is too long: got %v", err)
	}
	long.Spec.Expose.Host = "files.example.com"
	if err := Supported(resolve.New(long, openshift)); err != nil {
		t.Errorf("a Route with a host: %v", err)
	}
	short := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: strings.Repeat("n", 56), Namespace: "abcdef"}}
	if err := Supported(resolve.New(short, openshift)); err != nil {
		t.Errorf("a generated host label of 63 characters: %v", err)
	}
	if err := Supported(instance(func(s *v1alpha1.SFTPGo) {
		s.Spec.PodTemplate.Labels = map[string]string{"example.com/team": "files.a_b-1"}
		s.Spec.Security.ProxyNamespaceSelector = &metav1.LabelSelector{
			MatchLabels:      map[string]string{"kubernetes.io/metadata.name": "ingress-nginx"},
			MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "team", Operator: metav1.LabelSelectorOpIn, Values: []string{"a", "b"}}},
		}
	})); err != nil {
		t.Errorf("a valid spec was refused: %v", err)
	}
}
