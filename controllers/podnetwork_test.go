package controllers_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manager"
	"github.com/sftpgo-operator/sftpgo-operator/internal/testenv"
)

// trustedProxies reads what the SFTPGo trusts, as its status reports it.
func trustedProxies(s *v1alpha1.SFTPGo) v1alpha1.TrustedProxiesStatus {
	GinkgoHelper()
	var got v1alpha1.SFTPGo
	Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), &got)).To(Succeed())
	return got.Status.TrustedProxies
}

// webPeers are the peers of the NetworkPolicy's web port rule.
func webPeers(ns string) []networkingv1.NetworkPolicyPeer {
	GinkgoHelper()
	for _, r := range get(&networkingv1.NetworkPolicy{}, ns, "files").Spec.Ingress {
		if len(r.Ports) == 1 && r.Ports[0].Port.IntVal == 8080 {
			return r.From
		}
	}
	Fail("no web rule in the NetworkPolicy")
	return nil
}

func ipBlocks(peers []networkingv1.NetworkPolicyPeer) []string {
	var out []string
	for _, p := range peers {
		if p.IPBlock != nil {
			out = append(out, p.IPBlock.CIDR)
		}
	}
	return out
}

var _ = Describe("Proxies that are not pods in a proxy namespace", func() {
	var ns string
	BeforeEach(func() { ns = newNamespace() })

	It("admits a direct-to-pod load balancer's trusted subnets and the proxy source ranges by CIDR", func() {
		s := issueExample(ns)
		s.Spec.Expose.IngressClassName = "alb"
		s.Spec.Security.TrustedProxies = []string{"10.0.0.0/24", "10.0.1.0/24", "192.168.50.7"}
		s.Spec.Security.ProxySourceRanges = []string{"192.168.50.7"}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		Expect(securityCondition(s).Status).To(Equal(metav1.ConditionTrue))

		peers := webPeers(ns)
		Expect(ipBlocks(peers)).To(Equal([]string{"192.168.50.7/32", "10.0.0.0/24", "10.0.1.0/24"}))
		By("admitting each proxy namespace also with podSelector {}, for host-network proxy pods")
		Expect(peers[1].NamespaceSelector).NotTo(BeNil())
		Expect(peers[1].PodSelector).To(BeNil())
		Expect(peers[2].NamespaceSelector).To(Equal(peers[1].NamespaceSelector))
		Expect(peers[2].PodSelector).To(Equal(&metav1.LabelSelector{}))
	})
})

// A control plane with Cilium's CiliumNode CRD (from Cilium's module) and a
// minimal Calico IPPool CRD (test/crds/calico), as on clusters whose nodes
// carry no spec.podCIDR: discovery finds both, and the operator derives the
// trusted proxies from them. The specs swap the suite's client and operator
// for this control plane's, as the OpenShift specs do.
var _ = Describe("Pod network published by the network plugin", Ordered, func() {
	var (
		env           *envtest.Environment
		suiteClient   client.Client
		suiteOperator *runningManager
		ns            string
	)
	BeforeAll(func() {
		suiteClient, suiteOperator = k8sClient, operator
		var err error
		env, err = testenv.New("test/crds/cilium", "test/crds/calico")
		Expect(err).NotTo(HaveOccurred())
		cniCfg, err := env.Start()
		Expect(err).NotTo(HaveOccurred())
		cniClient, err := client.New(cniCfg, client.Options{Scheme: manager.NewScheme()})
		Expect(err).NotTo(HaveOccurred())
		k8sClient, operator = cniClient, startManager(cniCfg)

		// kube-controller-manager's allocation, which Calico's IPAM does not use.
		staleNodeCIDRs := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "node-a"},
			Spec: corev1.NodeSpec{PodCIDR: "10.244.3.0/24", PodCIDRs: []string{"10.244.3.0/24"}}}
		Expect(k8sClient.Create(ctx, staleNodeCIDRs)).To(Succeed())
		Expect(k8sClient.Create(ctx, calicoIPPool("old-pool", "10.10.0.0/16", true))).To(Succeed())
		Expect(k8sClient.Create(ctx, calicoIPPool("default-ipv4-ippool", "192.168.0.0/16", false))).To(Succeed())
	})
	AfterAll(func() {
		if operator != suiteOperator {
			operator.stop()
		}
		k8sClient, operator = suiteClient, suiteOperator
		if env != nil {
			Expect(env.Stop()).To(Succeed())
		}
	})
	BeforeEach(func() { ns = newNamespace() })

	It("derives the trusted proxies from Calico's enabled pools, then from CiliumNodes as they come and go", func() {
		s := issueExample(ns)
		s.Spec.Security.TrustedProxies = nil
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		Expect(trustedProxies(s)).To(Equal(v1alpha1.TrustedProxiesStatus{
			CIDRs: []string{"192.168.0.0/16"}, Source: v1alpha1.TrustedProxiesFromCalicoPools}))
		Expect(path(renderedConfig(ns, "files"), "httpd", "bindings", 0, "proxy_allowed")).To(Equal([]any{"192.168.0.0/16"}))
		Expect(securityCondition(s).Status).To(Equal(metav1.ConditionTrue))

		By("a CiliumNode with cluster-pool pod CIDRs appearing: Cilium's own record wins")
		ciliumNode := &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": "cilium.io/v2", "kind": "CiliumNode",
			"metadata": map[string]any{"name": "node-a"},
			"spec":     map[string]any{"ipam": map[string]any{"podCIDRs": []any{"10.0.1.0/24"}}},
		}}
		Expect(k8sClient.Create(ctx, ciliumNode)).To(Succeed())
		Eventually(func() v1alpha1.TrustedProxiesStatus { return trustedProxies(s) }).Should(Equal(v1alpha1.TrustedProxiesStatus{
			CIDRs: []string{"10.0.0.0/16"}, Source: v1alpha1.TrustedProxiesFromCiliumNodes}))
		Eventually(func() any {
			return path(renderedConfig(ns, "files"), "httpd", "bindings", 0, "proxy_allowed")
		}).Should(Equal([]any{"10.0.0.0/16"}))

		By("the CiliumNode going away: back to Calico's pools")
		Expect(k8sClient.Delete(ctx, ciliumNode)).To(Succeed())
		Eventually(func() v1alpha1.TrustedProxiesStatus { return trustedProxies(s) }).Should(Equal(v1alpha1.TrustedProxiesStatus{
			CIDRs: []string{"192.168.0.0/16"}, Source: v1alpha1.TrustedProxiesFromCalicoPools}))
	})

	It("refuses a proxy source range inside the trusted pod network (SEC010) and leaves what runs untouched", func() {
		s := issueExample(ns)
		s.Spec.Security.TrustedProxies = nil
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		before := get(&networkingv1.NetworkPolicy{}, ns, "files")
		deployBefore := get(&appsv1.Deployment{}, ns, "files")

		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Security.ProxySourceRanges = []string{"192.168.7.0/24"} })
		converged(s)
		c := securityCondition(s)
		Expect(c.Status).To(Equal(metav1.ConditionFalse))
		Expect(c.Reason).To(Equal("SEC010"))
		Expect(c.Message).To(ContainSubstring("192.168.0.0/16"))
		Expect(get(&networkingv1.NetworkPolicy{}, ns, "files").ResourceVersion).To(Equal(before.ResourceVersion))
		Expect(get(&appsv1.Deployment{}, ns, "files").ResourceVersion).To(Equal(deployBefore.ResourceVersion))

		By("a load balancer subnet outside the pod network, trusted as well")
		update(s, func(s *v1alpha1.SFTPGo) {
			s.Spec.Security.TrustedProxies = []string{"192.168.0.0/16", "172.31.5.0/24"}
			s.Spec.Security.ProxySourceRanges = []string{"172.31.5.0/24"}
		})
		converged(s)
		Expect(securityCondition(s).Status).To(Equal(metav1.ConditionTrue))
		Eventually(func() []string { return ipBlocks(webPeers(ns)) }).Should(Equal([]string{"172.31.5.0/24"}))
	})
})

func calicoIPPool(name, cidr string, disabled bool) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "crd.projectcalico.org/v1", "kind": "IPPool",
		"metadata": map[string]any{"name": name},
		"spec":     map[string]any{"cidr": cidr, "disabled": disabled, "blockSize": int64(26), "natOutgoing": true},
	}}
}
