package controllers_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/util/retry"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// condition reads the SFTPGo's condition of the given type (nil if absent).
func condition(s *v1alpha1.SFTPGo, conditionType string) *metav1.Condition {
	GinkgoHelper()
	var got v1alpha1.SFTPGo
	Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), &got)).To(Succeed())
	return meta.FindStatusCondition(got.Status.Conditions, conditionType)
}

func securityCondition(s *v1alpha1.SFTPGo) *metav1.Condition {
	GinkgoHelper()
	return condition(s, v1alpha1.ConditionSecurityCoherent)
}

// update changes the spec, retrying when the operator's status write got
// there first.
func update(s *v1alpha1.SFTPGo, mutate func(*v1alpha1.SFTPGo)) {
	GinkgoHelper()
	Expect(retry.RetryOnConflict(retry.DefaultRetry, func() error {
		if err := k8sClient.Get(ctx, client.ObjectKeyFromObject(s), s); err != nil {
			return err
		}
		mutate(s)
		return k8sClient.Update(ctx, s)
	})).To(Succeed())
}

func warningEvents(ns, reason string) []eventsv1.Event {
	GinkgoHelper()
	var list eventsv1.EventList
	Expect(k8sClient.List(ctx, &list, client.InNamespace(ns))).To(Succeed())
	var out []eventsv1.Event
	for _, e := range list.Items {
		if e.Reason == reason && e.Type == corev1.EventTypeWarning {
			out = append(out, e)
		}
	}
	return out
}

var _ = Describe("Security coherence at reconcile time", func() {
	var ns string
	BeforeEach(func() { ns = newNamespace() })

	It("blocks rollout on SEC002 and leaves what runs untouched, until the spec is fixed", func() {
		s := issueExample(ns)
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		deployBefore := get(&appsv1.Deployment{}, ns, "files")
		cmBefore := get(&corev1.ConfigMap{}, ns, "files-config")

		By("dropping the trusted proxies while no node reports a pod CIDR")
		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Security.TrustedProxies = nil })
		converged(s)
		c := securityCondition(s)
		Expect(c.Status).To(Equal(metav1.ConditionFalse))
		Expect(c.Reason).To(Equal("SEC002"))
		Expect(c.Message).To(ContainSubstring("trustedProxies"))
		Expect(c.ObservedGeneration).To(Equal(s.Generation))
		Expect(get(&appsv1.Deployment{}, ns, "files").ResourceVersion).To(Equal(deployBefore.ResourceVersion))
		Expect(get(&corev1.ConfigMap{}, ns, "files-config").ResourceVersion).To(Equal(cmBefore.ResourceVersion))
		Eventually(func() []eventsv1.Event { return warningEvents(ns, "SEC002") }).Should(HaveLen(1))
		By("reading as Stalled for GitOps tools (kstatus), not as Current")
		stalled := condition(s, v1alpha1.ConditionStalled)
		Expect(stalled.Status).To(Equal(metav1.ConditionTrue))
		Expect(stalled.Reason).To(Equal(v1alpha1.ReasonBlockedBySecurityError))
		Expect(stalled.Message).To(ContainSubstring("SEC002"))
		Expect(stalled.ObservedGeneration).To(Equal(s.Generation))
		Expect(condition(s, v1alpha1.ConditionReconciling).Status).To(Equal(metav1.ConditionFalse))
		Eventually(func() []eventsv1.Event { return warningEvents(ns, v1alpha1.ReasonBlockedBySecurityError) }).Should(HaveLen(1))

		By("fixing the spec")
		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Security.TrustedProxies = []string{"10.2.0.0/16"} })
		converged(s)
		Expect(securityCondition(s).Status).To(Equal(metav1.ConditionTrue))
		Expect(condition(s, v1alpha1.ConditionStalled).Status).To(Equal(metav1.ConditionFalse))
		Eventually(func() []any {
			return path(renderedConfig(ns, "files"), "httpd", "bindings", 0, "proxy_allowed").([]any)
		}).Should(Equal([]any{"10.2.0.0/16"}))
	})

	It("lists warnings in status and announces each once", func() {
		s := issueExample(ns)
		s.Spec.Expose.TLS = v1alpha1.ExposeTLS{Termination: v1alpha1.TLSNone}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		var got v1alpha1.SFTPGo
		Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), &got)).To(Succeed())
		Expect(got.Status.Findings).To(ContainElement(HaveField("Rule", "SEC102")))
		Expect(securityCondition(s).Status).To(Equal(metav1.ConditionTrue), "warnings do not block")
		get(&appsv1.Deployment{}, ns, "files")

		By("reconciling again with the same findings")
		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Security.ClientIPHeaderDepth = 1 })
		converged(s)
		Consistently(func() []eventsv1.Event { return warningEvents(ns, "SEC102") }, "2s").Should(HaveLen(1))
	})

	It("derives trusted proxies from the nodes' pod CIDRs", func() {
		node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "node-a"},
			Spec: corev1.NodeSpec{PodCIDR: "10.244.3.0/24", PodCIDRs: []string{"10.244.3.0/24"}}}
		Expect(k8sClient.Create(ctx, node)).To(Succeed())
		DeferCleanup(func() { Expect(k8sClient.Delete(ctx, node)).To(Succeed()) })

		s := issueExample(ns)
		s.Spec.Security.TrustedProxies = nil
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		var got v1alpha1.SFTPGo
		Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), &got)).To(Succeed())
		Expect(got.Status.TrustedProxies).To(Equal(v1alpha1.TrustedProxiesStatus{
			CIDRs: []string{"10.244.0.0/16"}, Source: v1alpha1.TrustedProxiesFromNodePodCIDRs}))
		Expect(path(renderedConfig(ns, "files"), "httpd", "bindings", 0, "proxy_allowed")).To(Equal([]any{"10.244.0.0/16"}))
		Expect(securityCondition(s).Status).To(Equal(metav1.ConditionTrue))
	})

	It("creates the NetworkPolicy and removes it when disabled", func() {
		s := issueExample(ns)
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		np := get(&networkingv1.NetworkPolicy{}, ns, "files")
		Expect(np.Spec.PodSelector.MatchLabels).To(HaveKeyWithValue("app.kubernetes.io/instance", "files"))
		Expect(np.Spec.Ingress).To(HaveLen(3))
		Expect(np.Spec.Ingress[0].Ports[0].Port.IntVal).To(Equal(int32(2022)))
		Expect(np.Spec.Ingress[0].From).To(BeEmpty(), "SFTP is open to the clients the Service admits")
		Expect(np.Spec.Ingress[1].Ports[0].Port.IntVal).To(Equal(int32(8080)))
		Expect(np.Spec.Ingress[1].From).To(HaveLen(3), "this namespace, and the proxy namespaces with and without podSelector {}")
		Expect(np.Spec.Ingress[1].From[1].NamespaceSelector.MatchExpressions[0].Values).To(ContainElement("ingress-nginx"))
		Expect(np.Spec.Ingress[2].Ports[0].Port.IntVal).To(Equal(int32(10000)))
		Expect(np.Spec.Ingress[2].From[0].NamespaceSelector.MatchExpressions[0].Values).To(ContainElement("monitoring"),
			"telemetry from the usual monitoring namespaces")

		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Security.NetworkPolicy.Enabled = ptr.To(false) })
		Eventually(func() error {
			return k8sClient.Get(ctx, key(ns, "files"), &networkingv1.NetworkPolicy{})
		}).Should(Satisfy(apierrors.IsNotFound))
	})
})
