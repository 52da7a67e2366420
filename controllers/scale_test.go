package controllers_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/util/retry"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// podSelector is status.selector of an SFTPGo named files: the labels its
// Deployment selects its pods by.
const podSelector = "app.kubernetes.io/instance=files,app.kubernetes.io/name=sftpgo"

// scaleTo sets spec.replicas through the scale subresource, as `kubectl
// scale` does: read the Scale, change it, update it (again on a conflict
// with the operator's status writes).
func scaleTo(s *v1alpha1.SFTPGo, replicas int32) error {
	return retry.RetryOnConflict(retry.DefaultRetry, func() error {
		scale := &autoscalingv1.Scale{}
		if err := k8sClient.SubResource("scale").Get(ctx, s, scale); err != nil {
			return err
		}
		scale.Spec.Replicas = replicas
		return k8sClient.SubResource("scale").Update(ctx, s, client.WithSubResourceBody(scale))
	})
}

func readScale(s *v1alpha1.SFTPGo) *autoscalingv1.Scale {
	GinkgoHelper()
	scale := &autoscalingv1.Scale{}
	Expect(k8sClient.SubResource("scale").Get(ctx, s, scale)).To(Succeed())
	return scale
}

var _ = Describe("The scale subresource", func() {
	var ns string
	BeforeEach(func() { ns = newNamespace() })

	It("scales an SFTPGo on PostgreSQL as kubectl scale and a HorizontalPodAutoscaler do", func() {
		Expect(k8sClient.Create(ctx, dbSecret(ns, "s3cret"))).To(Succeed())
		s := postgresCluster(ns)
		s.Spec.Replicas = ptr.To[int32](1)
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)

		By("reporting spec.replicas and the pod selector through the scale")
		Eventually(func(g Gomega) {
			scale := readScale(s)
			g.Expect(scale.Spec.Replicas).To(Equal(int32(1)))
			g.Expect(scale.Status.Selector).To(Equal(podSelector))
		}).Should(Succeed())
		d := get(&appsv1.Deployment{}, ns, "files")
		Expect(d.Spec.Selector.MatchLabels).To(Equal(map[string]string{
			"app.kubernetes.io/instance": "files", "app.kubernetes.io/name": "sftpgo"}), "status.selector names the Deployment's selector")

		By("an update of the scale (kubectl scale --replicas=3)")
		Expect(scaleTo(s, 3)).To(Succeed())
		got := get(&v1alpha1.SFTPGo{}, ns, "files")
		Expect(*got.Spec.Replicas).To(Equal(int32(3)))
		converged(got)
		Eventually(func() int32 { return *get(&appsv1.Deployment{}, ns, "files").Spec.Replicas }).Should(Equal(int32(3)))
		// envtest runs no Deployment controller: no pod is ever ready.
		Eventually(func() string { return get(&v1alpha1.SFTPGo{}, ns, "files").Status.ReplicasSummary }).Should(Equal("0/3"))

		By("a merge patch of the scale (what a HorizontalPodAutoscaler sends)")
		scale := &autoscalingv1.Scale{}
		Expect(k8sClient.SubResource("scale").Patch(ctx, s, client.RawPatch(types.MergePatchType, []byte(`{"spec":{"replicas":2}}`)),
			client.WithSubResourceBody(scale))).To(Succeed())
		Expect(scale.Spec.Replicas).To(Equal(int32(2)))
		Eventually(func() int32 { return *get(&appsv1.Deployment{}, ns, "files").Spec.Replicas }).Should(Equal(int32(2)))
		Eventually(func() string { return get(&v1alpha1.SFTPGo{}, ns, "files").Status.ReplicasSummary }).Should(Equal("0/2"))
	})

	It("refuses a scale to 2 on sqlite with SEC004, at admission", func() {
		s := issueExample(ns) // sqlite, one replica
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		Eventually(func() string { return readScale(s).Status.Selector }).Should(Equal(podSelector))

		err := scaleTo(s, 2)
		Expect(err).To(HaveOccurred(), "the API server scaled an SFTPGo on sqlite to 2")
		Expect(apierrors.IsInvalid(err)).To(BeTrue(), "want an Invalid error, got %v", err)
		Expect(err.Error()).To(ContainSubstring("SEC004: "))

		Expect(*get(&v1alpha1.SFTPGo{}, ns, "files").Spec.Replicas).To(Equal(int32(1)))
		Expect(readScale(s).Spec.Replicas).To(Equal(int32(1)))
		Expect(*get(&appsv1.Deployment{}, ns, "files").Spec.Replicas).To(Equal(int32(1)))
	})

	It("refuses a scale beyond the replica limit, naming it", func() {
		Expect(k8sClient.Create(ctx, dbSecret(ns, "s3cret"))).To(Succeed())
		s := postgresCluster(ns)
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		err := scaleTo(s, 51)
		Expect(err).To(HaveOccurred())
		Expect(apierrors.IsInvalid(err)).To(BeTrue(), "want an Invalid error, got %v", err)
		Expect(err.Error()).To(And(ContainSubstring("spec.replicas"), ContainSubstring("50")))
	})
})
