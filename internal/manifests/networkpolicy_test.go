package manifests_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/fixtures"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
)

func trustedProxies(cidrs ...string) func(*v1alpha1.SFTPGo) {
	return func(s *v1alpha1.SFTPGo) { s.Spec.Security.TrustedProxies = cidrs }
}

func proxySourceRanges(cidrs ...string) func(*v1alpha1.SFTPGo) {
	return func(s *v1alpha1.SFTPGo) { s.Spec.Security.ProxySourceRanges = cidrs }
}

func ingressClass(name string) func(*v1alpha1.SFTPGo) {
	return func(s *v1alpha1.SFTPGo) { s.Spec.Expose.IngressClassName = name }
}

func exposeNone(s *v1alpha1.SFTPGo) { s.Spec.Expose.Type = v1alpha1.ExposeNone }

// Peers of the web rule, as the NetworkPolicy should list them.
var thisNamespace = networkingv1.NetworkPolicyPeer{PodSelector: &metav1.LabelSelector{}}

// namespaces is a proxy namespace selector in both forms the builder writes.
func namespaces(sel metav1.LabelSelector) []networkingv1.NetworkPolicyPeer {
	return []networkingv1.NetworkPolicyPeer{
		{NamespaceSelector: &sel},
		{NamespaceSelector: &sel, PodSelector: &metav1.LabelSelector{}},
	}
}

func ipBlock(cidr string) networkingv1.NetworkPolicyPeer {
	return networkingv1.NetworkPolicyPeer{IPBlock: &networkingv1.IPBlock{CIDR: cidr}}
}

func peers(groups ...[]networkingv1.NetworkPolicyPeer) []networkingv1.NetworkPolicyPeer {
	var out []networkingv1.NetworkPolicyPeer
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

func one(p ...networkingv1.NetworkPolicyPeer) []networkingv1.NetworkPolicyPeer { return p }

var (
	kubernetesIngressNamespaces = namespaces(metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{
		Key: corev1.LabelMetadataName, Operator: metav1.LabelSelectorOpIn, Values: manifests.DefaultProxyNamespaces,
	}}})
	openShiftRouterNamespaces = peers(
		namespaces(metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{
			Key: manifests.OpenShiftIngressPolicyGroup, Operator: metav1.LabelSelectorOpExists,
		}}}),
		namespaces(metav1.LabelSelector{MatchLabels: map[string]string{manifests.OpenShiftLegacyPolicyGroup: "ingress"}}),
	)
)

func TestNetworkPolicyWebPeers(t *testing.T) {
	myIngress := metav1.LabelSelector{MatchLabels: map[string]string{corev1.LabelMetadataName: "my-ingress"}}
	tests := []struct {
		name  string
		mut   func(*v1alpha1.SFTPGo)
		facts platform.Facts
		want  []networkingv1.NetworkPolicyPeer
	}{
		{"Kubernetes: this namespace and the ingress controllers' namespaces, pods and host-network pods",
			fixtures.IngressHost, fixtures.KubeFacts,
			peers(one(thisNamespace), kubernetesIngressNamespaces)},
		{"OpenShift: both router namespace labels, each in both forms",
			nil, fixtures.OpenShiftFacts,
			peers(one(thisNamespace), openShiftRouterNamespaces)},
		{"the admin's selector replaces the default",
			fixtures.All(fixtures.IngressHost, func(s *v1alpha1.SFTPGo) { s.Spec.Security.ProxyNamespaceSelector = myIngress.DeepCopy() }),
			fixtures.KubeFacts,
			peers(one(thisNamespace), namespaces(myIngress))},
		{"not published: this namespace only",
			nil, fixtures.KubeFacts,
			one(thisNamespace)},
		{"proxy source ranges as ipBlocks: canonical, plain IPs as /32, once each",
			fixtures.All(fixtures.IngressHost, proxySourceRanges("192.168.10.0/24", "192.168.20.7", "192.168.10.9/24", "2001:db8::/64")),
			fixtures.KubeFacts,
			peers(one(thisNamespace), kubernetesIngressNamespaces,
				one(ipBlock("192.168.10.0/24"), ipBlock("192.168.20.7/32"), ipBlock("2001:db8::/64")))},
		{"proxy source ranges also without publication, for a proxy the admin runs",
			fixtures.All(exposeNone, proxySourceRanges("192.168.10.0/24")), fixtures.KubeFacts,
			one(thisNamespace, ipBlock("192.168.10.0/24"))},
		{"ALB in IP mode: the trusted load balancer subnets are admitted, the pod network is not",
			fixtures.All(fixtures.IngressHost, ingressClass("alb"), trustedProxies("10.0.0.0/24", "10.0.1.0/24", "10.244.5.0/24")),
			fixtures.KubeFacts,
			peers(one(thisNamespace), kubernetesIngressNamespaces, one(ipBlock("10.0.0.0/24"), ipBlock("10.0.1.0/24")))},
		{"GKE Ingress named by the legacy annotation",
			fixtures.All(fixtures.IngressHost, trustedProxies("130.211.0.0/22", "35.191.0.0/16"), func(s *v1alpha1.SFTPGo) {
				s.Spec.Expose.Annotations = map[string]string{"kubernetes.io/ingress.class": "gce"}
			}),
			fixtures.KubeFacts,
			peers(one(thisNamespace), kubernetesIngressNamespaces, one(ipBlock("130.211.0.0/22"), ipBlock("35.191.0.0/16")))},
		{"Application Gateway with the pod network unknown: the trusted subnet is admitted",
			fixtures.All(fixtures.IngressHost, ingressClass("azure-application-gateway"), trustedProxies("10.225.0.0/24")),
			fixtures.KubeNoPodNetworkFacts,
			peers(one(thisNamespace), kubernetesIngressNamespaces, one(ipBlock("10.225.0.0/24")))},
		{"explicit ranges and admitted trusted proxies are merged",
			fixtures.All(fixtures.IngressHost, ingressClass("alb"), trustedProxies("10.0.0.0/24"), proxySourceRanges("10.0.0.0/24", "192.168.1.0/24")),
			fixtures.KubeFacts,
			peers(one(thisNamespace), kubernetesIngressNamespaces, one(ipBlock("10.0.0.0/24"), ipBlock("192.168.1.0/24")))},
		{"near miss: an in-cluster ingress controller's trusted proxies are not admitted by CIDR",
			fixtures.All(fixtures.IngressHost, ingressClass("nginx"), trustedProxies("10.0.0.0/24")), fixtures.KubeFacts,
			peers(one(thisNamespace), kubernetesIngressNamespaces)},
		{"near miss: derived trusted proxies (the pod network) are never admitted by CIDR",
			fixtures.All(fixtures.IngressHost, ingressClass("alb")), fixtures.KubeFacts,
			peers(one(thisNamespace), kubernetesIngressNamespaces)},
		{"near miss: TLS passed through, nothing proxied",
			fixtures.All(fixtures.IngressHost, ingressClass("alb"), trustedProxies("10.0.0.0/24"), fixtures.Termination(v1alpha1.TLSPassthrough)),
			fixtures.KubeFacts,
			peers(one(thisNamespace), kubernetesIngressNamespaces)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			np := manifests.NetworkPolicy(fixtures.Instance(tt.mut, tt.facts))
			web := webRule(t, np)
			if !equality.Semantic.DeepEqual(web.From, tt.want) {
				t.Errorf("web peers:\n got %+v\nwant %+v", web.From, tt.want)
			}
		})
	}
}

func TestNetworkPolicyDisabled(t *testing.T) {
	in := fixtures.Instance(fixtures.All(fixtures.IngressHost, proxySourceRanges("192.168.10.0/24"), func(s *v1alpha1.SFTPGo) {
		s.Spec.Security.NetworkPolicy.Enabled = ptr.To(false)
	}), fixtures.KubeFacts)
	if np := manifests.NetworkPolicy(in); np != nil {
		t.Errorf("NetworkPolicy with networkPolicy Disabled: %+v", np)
	}
}

func webRule(t *testing.T, np *networkingv1.NetworkPolicy) networkingv1.NetworkPolicyIngressRule {
	t.Helper()
	for _, r := range np.Spec.Ingress {
		if len(r.Ports) == 1 && r.Ports[0].Port.IntVal == 8080 {
			return r
		}
	}
	t.Fatalf("no web rule in %+v", np.Spec.Ingress)
	return networkingv1.NetworkPolicyIngressRule{}
}

// The operator reaches the REST API of the SFTPGo it runs from its own
// pods: their namespace and label, on the web port only.
func TestNetworkPolicyAdmitsTheOperatorToTheWebPortOnly(t *testing.T) {
	facts := fixtures.KubeFacts
	facts.OperatorNamespace = "sftpgo-operator-system"
	np := manifests.NetworkPolicy(fixtures.Instance(exposeNone, facts))
	operator := networkingv1.NetworkPolicyPeer{
		NamespaceSelector: &metav1.LabelSelector{MatchLabels: map[string]string{corev1.LabelMetadataName: "sftpgo-operator-system"}},
		PodSelector:       &metav1.LabelSelector{MatchLabels: map[string]string{"app.kubernetes.io/name": "sftpgo-operator"}},
	}
	var admitted []int32
	for _, rule := range np.Spec.Ingress {
		for _, peer := range rule.From {
			if equality.Semantic.DeepEqual(peer, operator) {
				admitted = append(admitted, rule.Ports[0].Port.IntVal)
			}
		}
	}
	if len(admitted) != 1 || admitted[0] != 8080 {
		t.Errorf("the operator's pods are admitted to ports %v, want [8080]", admitted)
	}
	if np := manifests.NetworkPolicy(fixtures.Instance(exposeNone, fixtures.KubeFacts)); len(np.Spec.Ingress[1].From) != 1 {
		t.Errorf("outside the cluster (no POD_NAMESPACE) the web port admits %v, want this namespace only", np.Spec.Ingress[1].From)
	}
}
