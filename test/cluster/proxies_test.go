package cluster_test

import (
	"encoding/json"
	"net/netip"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

// Serial: it adds a node, where the pods of other specs could land.
var _ = Describe("Derived trusted proxies", Serial, func() {
	It("follow the pod CIDRs of the nodes", func() {
		s := sharedSFTPGo(newNamespace(), "files", 1)
		s.Spec.Expose = v1alpha1.ExposeSpec{Type: v1alpha1.ExposeIngress, Host: "files.example.test"}
		key := createReady(s)
		hash := readyPods(key, 1)[0].Annotations[manifests.AnnotationPodConfigHash]
		Expect(hash).NotTo(BeEmpty())

		Eventually(trustedProxies(key)).Should(coverNodePodCIDRs())
		before := trustedProxies(key)(Default)

		By("adding a node with a pod CIDR outside the trusted range")
		const cidr = "10.245.0.0/24"
		Expect(before).NotTo(coverCIDR(cidr))
		node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "node-other-range"}}
		Expect(local.CreateNode(ctx, node.Name, cidr)).To(Succeed())
		DeferCleanup(func() { Expect(client.IgnoreNotFound(k8sClient.Delete(ctx, node))).To(Succeed()) })
		Expect(local.WaitNodeReady(ctx, node.Name)).To(Succeed())
		Eventually(trustedProxies(key)).Should(And(coverCIDR(cidr), coverNodePodCIDRs()))
		// The pods roll to the new configuration.
		Eventually(func(g Gomega) {
			pods := instancePods(g, key)
			g.Expect(pods).To(HaveLen(1))
			g.Expect(podReady(&pods[0])).To(BeTrue())
			g.Expect(pods[0].Annotations).NotTo(HaveKeyWithValue(manifests.AnnotationPodConfigHash, hash))
		}).Should(Succeed())

		By("deleting it again")
		Expect(k8sClient.Delete(ctx, node)).To(Succeed())
		Eventually(trustedProxies(key)).Should(Equal(before))
	})
})

// trustedProxies returns the SFTPGo's status.trustedProxies.cidrs once
// they come from the nodes and the rendered sftpgo.json trusts exactly them.
func trustedProxies(key client.ObjectKey) func(g Gomega) []string {
	return func(g Gomega) []string {
		var s v1alpha1.SFTPGo
		g.Expect(k8sClient.Get(ctx, key, &s)).To(Succeed())
		g.Expect(s.Status.TrustedProxies.Source).To(Equal(v1alpha1.TrustedProxiesFromNodePodCIDRs))
		var cm corev1.ConfigMap
		g.Expect(k8sClient.Get(ctx, client.ObjectKey{Namespace: key.Namespace, Name: key.Name + "-config"}, &cm)).To(Succeed())
		var config struct {
			HTTPD struct {
				Bindings []struct {
					ProxyAllowed []string `json:"proxy_allowed"`
				} `json:"bindings"`
			} `json:"httpd"`
		}
		g.Expect(json.Unmarshal([]byte(cm.Data[sftpgoconfig.ConfigFileName]), &config)).To(Succeed())
		g.Expect(config.HTTPD.Bindings).NotTo(BeEmpty())
		g.Expect(config.HTTPD.Bindings[0].ProxyAllowed).To(ConsistOf(s.Status.TrustedProxies.CIDRs),
			"sftpgo.json trusts what the status says")
		return s.Status.TrustedProxies.CIDRs
	}
}

// coverCIDR matches trusted proxies that contain the whole of cidr.
func coverCIDR(cidr string) OmegaMatcher {
	want := netip.MustParsePrefix(cidr)
	return WithTransform(func(trusted []string) bool {
		for _, t := range trusted {
			p, err := netip.ParsePrefix(t)
			if err == nil && p.Bits() <= want.Bits() && p.Contains(want.Addr()) {
				return true
			}
		}
		return false
	}, BeTrue())
}

// coverNodePodCIDRs matches trusted proxies that cover every node's pod CIDRs.
func coverNodePodCIDRs() OmegaMatcher {
	var nodes corev1.NodeList
	Expect(k8sClient.List(ctx, &nodes)).To(Succeed())
	var all []OmegaMatcher
	for _, n := range nodes.Items {
		Expect(n.Spec.PodCIDRs).NotTo(BeEmpty(), "node %s", n.Name)
		for _, c := range n.Spec.PodCIDRs {
			all = append(all, coverCIDR(c))
		}
	}
	return And(all...)
}
