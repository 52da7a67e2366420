package controllers_test

import (
	"sync/atomic"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// A pass-through spec.podTemplate field the CRD cannot check, refused by
// the API server when the Deployment is written: reported once as
// Ready=False InvalidSpec with the API server's message, not retried until
// something changes.
var _ = Describe("A spec the API server refuses in a built object", func() {
	It("is reported as InvalidSpec with the API server's message and not retried", func() {
		ns := newNamespace()
		s := issueExample(ns)
		s.Spec.PodTemplate.Containers = []corev1.Container{{Name: "agent"}} // no image
		Expect(k8sClient.Create(ctx, s)).To(Succeed(), "the CRD cannot check every pod field")

		Eventually(func(g Gomega) {
			c := readyCondition(s)
			g.Expect(c).NotTo(BeNil())
			g.Expect(c.Reason).To(Equal(v1alpha1.ReasonInvalidSpec))
			g.Expect(c.Message).To(And(ContainSubstring("spec.template.spec.containers[1].image"), ContainSubstring("Required value")))
		}).Should(Succeed())
		Expect(apierrors.IsNotFound(k8sClient.Get(ctx, key(ns, "files"), &appsv1.Deployment{}))).To(BeTrue())

		var writes atomic.Int32
		res, err := reconcilerCountingWrites(&writes).Reconcile(ctx, ctrl.Request{NamespacedName: client.ObjectKeyFromObject(s)})
		Expect(err).NotTo(HaveOccurred(), "an error would be retried with backoff for ever")
		Expect(res.IsZero()).To(BeTrue(), "no requeue: the same spec would be refused again")

		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.PodTemplate.Containers[0].Image = "example.com/agent:1" })
		Eventually(func(g Gomega) {
			c := readyCondition(s)
			g.Expect(c).NotTo(BeNil())
			g.Expect(c.Reason).NotTo(Equal(v1alpha1.ReasonInvalidSpec))
			g.Expect(k8sClient.Get(ctx, key(ns, "files"), &appsv1.Deployment{})).To(Succeed())
		}).Should(Succeed())
	})

	It("refuses label values the CRD cannot check before writing anything", func() {
		ns := newNamespace()
		s := issueExample(ns)
		s.Spec.PodTemplate.Labels = map[string]string{"team": "files a"}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		Eventually(func(g Gomega) {
			c := readyCondition(s)
			g.Expect(c).NotTo(BeNil())
			g.Expect(c.Reason).To(Equal(v1alpha1.ReasonInvalidSpec))
			g.Expect(c.Message).To(ContainSubstring(`spec.podTemplate.labels: Invalid value: "files a"`))
		}).Should(Succeed())
		Expect(resourceVersions(ns)).To(BeEmpty(), "nothing is written for a spec Kubernetes would refuse")
	})
})
