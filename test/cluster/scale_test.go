package cluster_test

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

var _ = Describe("The scale subresource", func() {
	It("changes the number of pods, as kubectl scale does", func() {
		s := sharedSFTPGo(newNamespace(), "files", 1)
		key := createReady(s)
		readyPods(key, 1)

		scaleTo(s, 3)
		Eventually(readyCondition(key)).Should(haveStatus(metav1.ConditionTrue))
		readyPods(key, 3)
		Eventually(func(g Gomega) *autoscalingv1.Scale {
			var scale autoscalingv1.Scale
			g.Expect(k8sClient.SubResource("scale").Get(ctx, s, &scale)).To(Succeed())
			return &scale
		}).Should(And(HaveField("Spec.Replicas", BeEquivalentTo(3)), HaveField("Status.Replicas", BeEquivalentTo(3))))

		By("reporting a selector of exactly the pods, for a HorizontalPodAutoscaler")
		var scale autoscalingv1.Scale
		Expect(k8sClient.SubResource("scale").Get(ctx, s, &scale)).To(Succeed())
		sel, err := labels.Parse(scale.Status.Selector)
		Expect(err).NotTo(HaveOccurred())
		Expect(sel.Empty()).To(BeFalse())
		var selected corev1.PodList
		Expect(k8sClient.List(ctx, &selected, client.InNamespace(key.Namespace), client.MatchingLabelsSelector{Selector: sel})).To(Succeed())
		Expect(podNames(selected.Items)).To(ConsistOf(podNames(readyPods(key, 3))))
		Expect(k8sClient.Get(ctx, key, &policyv1.PodDisruptionBudget{})).To(Succeed())

		scaleTo(s, 1)
		Eventually(readyCondition(key)).Should(haveStatus(metav1.ConditionTrue))
		readyPods(key, 1)
		// A budget of one replica would block every node drain.
		Eventually(func() error { return k8sClient.Get(ctx, key, &policyv1.PodDisruptionBudget{}) }).Should(
			Satisfy(apierrors.IsNotFound), "the PodDisruptionBudget goes with the second replica")
		Expect(k8sClient.Get(ctx, key, s)).To(Succeed())
		Expect(s.Spec.Replicas).To(HaveValue(BeEquivalentTo(1)))
	})
})

// scaleTo sets the SFTPGo's replicas through its scale subresource.
func scaleTo(s *v1alpha1.SFTPGo, replicas int32) {
	GinkgoHelper()
	By(fmt.Sprintf("scaling to %d through the scale subresource", replicas))
	Eventually(func(g Gomega) {
		var scale autoscalingv1.Scale
		g.Expect(k8sClient.SubResource("scale").Get(ctx, s, &scale)).To(Succeed())
		scale.Spec.Replicas = replicas
		g.Expect(k8sClient.SubResource("scale").Update(ctx, s, client.WithSubResourceBody(&scale))).To(Succeed())
	}).Should(Succeed())
}
