package controllers_test

import (
	"slices"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/controllers"
	"github.com/sftpgo-operator/sftpgo-operator/internal/desired"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// wantExtra is the annotation that makes an instance want the test kind.
const wantExtra = "test.sftpgo.operator.dev/extra"

// extraKind is a kind only this test registers: a ServiceAccount
// `<name>-extra`, wanted while the instance carries wantExtra.
var extraKind = desired.Kind{
	Component: "test-extra", New: func() client.Object { return &corev1.ServiceAccount{} }, Prune: true,
	Build: func(in *resolve.Instance, _ *desired.Inputs) client.Object {
		if in.Annotations[wantExtra] != "true" {
			return nil
		}
		return &corev1.ServiceAccount{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ServiceAccount"},
			ObjectMeta: metav1.ObjectMeta{Name: in.Name + "-extra", Namespace: in.Namespace, Labels: manifests.Labels(in, "test-extra")},
		}
	},
}

var _ = Describe("the registry of owned kinds", func() {
	var ns string
	BeforeEach(func() { ns = newNamespace() })

	It("builds, applies, caches, watches and prunes a kind added to the registry only", func() {
		c := controllers.Manager()
		// Before the Deployment, which stays last.
		c.Kinds = slices.Insert(slices.Clone(c.Kinds), len(c.Kinds)-1, extraKind)
		operator.stop()
		operator = startManagerWith(cfg, c)
		DeferCleanup(func() {
			operator.stop()
			operator = startManager(cfg)
		})

		s := issueExample(ns)
		s.Annotations = map[string]string{wantExtra: "true"}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)

		By("building and applying it, owned by the instance")
		sa := get(&corev1.ServiceAccount{}, ns, "files-extra")
		Expect(isControlledBy(sa, s)).To(BeTrue())

		By("caching only the labelled objects of the kind")
		Expect(k8sClient.Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "someone-elses", Namespace: ns}})).To(Succeed())
		Eventually(func(g Gomega) {
			var cached corev1.ServiceAccountList
			g.Expect(operator.mgr.GetCache().List(ctx, &cached, client.InNamespace(ns))).To(Succeed())
			g.Expect(cached.Items).To(HaveLen(1))
			g.Expect(cached.Items[0].Name).To(Equal("files-extra"))
		}).Should(Succeed())

		By("watching it: a deleted object is made again")
		Expect(k8sClient.Delete(ctx, sa)).To(Succeed())
		Eventually(func(g Gomega) {
			var again corev1.ServiceAccount
			g.Expect(k8sClient.Get(ctx, key(ns, "files-extra"), &again)).To(Succeed())
			g.Expect(again.UID).NotTo(Equal(sa.UID))
		}).Should(Succeed())

		By("pruning it once the instance no longer wants it")
		update(s, func(s *v1alpha1.SFTPGo) { delete(s.Annotations, wantExtra) })
		Eventually(func() error {
			return k8sClient.Get(ctx, key(ns, "files-extra"), &corev1.ServiceAccount{})
		}).Should(Satisfy(apierrors.IsNotFound))
		Expect(k8sClient.Get(ctx, key(ns, "someone-elses"), &corev1.ServiceAccount{})).To(Succeed())
	})
})
