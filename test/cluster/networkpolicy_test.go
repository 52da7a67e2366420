package cluster_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

var _ = Describe("The NetworkPolicy of an instance", func() {
	It("selects the instance's live pods, and only them", func() {
		ns := newNamespace()
		s := sharedSFTPGo(ns, "files", 2)
		s.Spec.Security.NetworkPolicy.Enabled = ptr.To(true)
		key := createReady(s)
		// A second instance in the namespace, whose pods the policy must not select.
		other := createReady(sharedSFTPGo(ns, "other", 1))
		pods := readyPods(key, 2)
		readyPods(other, 1)

		var policies networkingv1.NetworkPolicyList
		Expect(k8sClient.List(ctx, &policies, client.InNamespace(ns))).To(Succeed())
		var own []networkingv1.NetworkPolicy
		for _, p := range policies.Items {
			if metav1.IsControlledBy(&p, s) {
				own = append(own, p)
			}
		}
		Expect(own).To(HaveLen(1), "the policies of %s", key.Name)
		policy := own[0]
		sel, err := metav1.LabelSelectorAsSelector(&policy.Spec.PodSelector)
		Expect(err).NotTo(HaveOccurred())
		Expect(sel.Empty()).To(BeFalse(), "the policy selects every pod of the namespace")

		var selected corev1.PodList
		Expect(k8sClient.List(ctx, &selected, client.InNamespace(ns), client.MatchingLabelsSelector{Selector: sel})).To(Succeed())
		Expect(podNames(selected.Items)).To(ConsistOf(podNames(pods)))
	})
})

func podNames(pods []corev1.Pod) []string {
	var names []string
	for _, p := range pods {
		names = append(names, p.Name)
	}
	return names
}
