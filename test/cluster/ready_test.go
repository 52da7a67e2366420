package cluster_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/testenv/cluster"
)

var _ = Describe("The Ready condition", func() {
	It("follows the readiness of the pods", func() {
		key := createReady(sqliteSFTPGo(newNamespace(), "files"))
		Expect(readyCondition(key)(Default)).To(HaveField("Reason", v1alpha1.ReasonAvailable))
		pod := readyPods(key, 1)[0]
		// The operator wrote the Deployment once: its apply does not fight
		// the defaults the API server and the deployment controller add.
		var deploy appsv1.Deployment
		Expect(k8sClient.Get(ctx, key, &deploy)).To(Succeed())
		Expect(deploy.Generation).To(BeEquivalentTo(1))

		By("making the pod unready, as a failing readiness probe would")
		// kwok leaves the status of pods annotated so to the test.
		patch := client.MergeFrom(pod.DeepCopy())
		if pod.Annotations == nil {
			pod.Annotations = map[string]string{}
		}
		pod.Annotations[cluster.StatusAnnotation] = "custom"
		Expect(k8sClient.Patch(ctx, &pod, patch)).To(Succeed())
		setPodReady(client.ObjectKeyFromObject(&pod), corev1.ConditionFalse)
		Eventually(readyCondition(key)).Should(And(
			haveStatus(metav1.ConditionFalse), HaveField("Reason", v1alpha1.ReasonProgressing)))
		Eventually(func(g Gomega) int32 {
			var s v1alpha1.SFTPGo
			g.Expect(k8sClient.Get(ctx, key, &s)).To(Succeed())
			return s.Status.ReadyReplicas
		}).Should(BeZero())

		By("making it ready again")
		setPodReady(client.ObjectKeyFromObject(&pod), corev1.ConditionTrue)
		Eventually(readyCondition(key)).Should(haveStatus(metav1.ConditionTrue))
	})
})

// setPodReady writes the pod's Ready and ContainersReady conditions (and
// its containers' ready flags) as a kubelet would.
func setPodReady(key client.ObjectKey, status corev1.ConditionStatus) {
	GinkgoHelper()
	Eventually(func(g Gomega) {
		var pod corev1.Pod
		g.Expect(k8sClient.Get(ctx, key, &pod)).To(Succeed())
		now := metav1.Now()
		for i, c := range pod.Status.Conditions {
			if c.Type == corev1.PodReady || c.Type == corev1.ContainersReady {
				pod.Status.Conditions[i].Status = status
				pod.Status.Conditions[i].LastTransitionTime = now
			}
		}
		for i := range pod.Status.ContainerStatuses {
			pod.Status.ContainerStatuses[i].Ready = status == corev1.ConditionTrue
		}
		g.Expect(k8sClient.Status().Update(ctx, &pod)).To(Succeed())
	}).Should(Succeed())
}
