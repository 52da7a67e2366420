package cluster_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// Serial: it cordons every node.
var _ = Describe("The PodDisruptionBudget of two replicas", Serial, func() {
	It("allows the eviction of one pod and refuses the second while the first is not replaced", func() {
		key := createReady(sharedSFTPGo(newNamespace(), "files", 2))
		pods := readyPods(key, 2)
		Eventually(func(g Gomega) {
			var pdb policyv1.PodDisruptionBudget
			g.Expect(k8sClient.Get(ctx, key, &pdb)).To(Succeed())
			g.Expect(pdb.Status.ObservedGeneration).To(Equal(pdb.Generation))
			g.Expect(pdb.Status.DisruptionsAllowed).To(BeEquivalentTo(1))
		}).Should(Succeed())

		By("cordoning the nodes, as a drain does, so that the replacement stays Pending")
		setUnschedulable(true)
		DeferCleanup(setUnschedulable, false)

		Expect(evict(&pods[0])).To(Succeed())
		Eventually(func(g Gomega) []corev1.Pod { return instancePods(g, key) }).Should(ContainElement(
			HaveField("Spec.NodeName", BeEmpty())), "the replacement waits for a node")
		err := evict(&pods[1])
		Expect(apierrors.IsTooManyRequests(err)).To(BeTrue(), "second eviction: %v", err)
		Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(&pods[1]), &corev1.Pod{})).To(Succeed())

		By("uncordoning: once the replacement is ready the second pod may go")
		setUnschedulable(false)
		Eventually(func() error { return evict(&pods[1]) }).Should(Succeed())
	})
})

// evict asks for the pod's eviction (policy/v1), as kubectl drain does.
func evict(pod *corev1.Pod) error {
	return k8sClient.SubResource("eviction").Create(ctx, pod, &policyv1.Eviction{
		ObjectMeta: metav1.ObjectMeta{Name: pod.Name, Namespace: pod.Namespace},
	})
}

// setUnschedulable cordons or uncordons every node.
func setUnschedulable(on bool) {
	GinkgoHelper()
	var nodes corev1.NodeList
	Expect(k8sClient.List(ctx, &nodes)).To(Succeed())
	for i := range nodes.Items {
		n := &nodes.Items[i]
		patch := client.MergeFrom(n.DeepCopy())
		n.Spec.Unschedulable = on
		Expect(k8sClient.Patch(ctx, n, patch)).To(Succeed())
	}
}
