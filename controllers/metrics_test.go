package controllers_test

import (
	"fmt"
	"slices"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"k8s.io/apimachinery/pkg/api/meta"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/metrics"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// operatorSeries reads the operator's finding and ready series of one
// namespace from the registry the metrics endpoint serves, one
// `name{label="value",...} value` line each, sorted.
func operatorSeries(namespace string) []string {
	GinkgoHelper()
	families, err := metrics.Registry.Gather()
	Expect(err).NotTo(HaveOccurred())
	var lines []string
	for _, f := range families {
		if f.GetName() != "sftpgo_operator_finding" && f.GetName() != "sftpgo_operator_ready" {
			continue
		}
		for _, m := range f.GetMetric() {
			var labels []string
			inNamespace := false
			for _, l := range m.GetLabel() {
				labels = append(labels, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
				inNamespace = inNamespace || (l.GetName() == "namespace" && l.GetValue() == namespace)
			}
			if inNamespace {
				lines = append(lines, fmt.Sprintf("%s{%s} %g", f.GetName(), strings.Join(labels, ","), m.GetGauge().GetValue()))
			}
		}
	}
	slices.Sort(lines)
	return lines
}

// seriesOfStatus is what the series of an SFTPGo must be: one per rule in
// status.findings, and Ready.
func seriesOfStatus(s *v1alpha1.SFTPGo) []string {
	GinkgoHelper()
	var got v1alpha1.SFTPGo
	Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), &got)).To(Succeed())
	ready := 0
	if meta.IsStatusConditionTrue(got.Status.Conditions, v1alpha1.ConditionReady) {
		ready = 1
	}
	lines := []string{fmt.Sprintf(`sftpgo_operator_ready{kind="SFTPGo",name=%q,namespace=%q} %d`, s.Name, s.Namespace, ready)}
	for _, f := range got.Status.Findings {
		lines = append(lines, fmt.Sprintf(`sftpgo_operator_finding{name=%q,namespace=%q,rule=%q,severity=%q} 1`,
			s.Name, s.Namespace, f.Rule, f.Severity))
	}
	slices.Sort(lines)
	return slices.Compact(lines)
}

var _ = Describe("Operator metrics", func() {
	var ns string
	BeforeEach(func() { ns = newNamespace() })

	It("has a series per finding and the Ready of each SFTPGo, and deletes them with the finding and the SFTPGo", func() {
		s := issueExample(ns)
		s.Spec.Expose.TLS = v1alpha1.ExposeTLS{Termination: v1alpha1.TLSNone}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		Eventually(func(g Gomega) {
			g.Expect(operatorSeries(ns)).To(SatisfyAll(Equal(seriesOfStatus(s)),
				ContainElement(fmt.Sprintf(`sftpgo_operator_finding{name="files",namespace=%q,rule="SEC102",severity="Warning"} 1`, ns)),
				ContainElement(fmt.Sprintf(`sftpgo_operator_ready{kind="SFTPGo",name="files",namespace=%q} 0`, ns)),
			))
		}).Should(Succeed())

		By("an error finding as well")
		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Security.TrustedProxies = nil })
		converged(s)
		Eventually(func(g Gomega) {
			g.Expect(operatorSeries(ns)).To(SatisfyAll(Equal(seriesOfStatus(s)),
				ContainElement(fmt.Sprintf(`sftpgo_operator_finding{name="files",namespace=%q,rule="SEC002",severity="Error"} 1`, ns)),
			))
		}).Should(Succeed())

		By("the findings fixed and the Deployment available")
		update(s, func(s *v1alpha1.SFTPGo) {
			s.Spec.Security.TrustedProxies = []string{"10.0.0.0/16"}
			s.Spec.Expose.TLS = issueExample(ns).Spec.Expose.TLS
		})
		converged(s)
		markAvailable(ns, "files")
		Eventually(func(g Gomega) {
			g.Expect(operatorSeries(ns)).To(SatisfyAll(Equal(seriesOfStatus(s)),
				Not(ContainElement(ContainSubstring("SEC102"))),
				Not(ContainElement(ContainSubstring("SEC002"))),
				ContainElement(fmt.Sprintf(`sftpgo_operator_ready{kind="SFTPGo",name="files",namespace=%q} 1`, ns)),
			))
		}).Should(Succeed())

		By("the SFTPGo deleted")
		Expect(k8sClient.Delete(ctx, s)).To(Succeed())
		Eventually(func() []string { return operatorSeries(ns) }).Should(BeEmpty())
	})

	It("has the Ready of each account resource until it is deleted", func() {
		externalServer(ns)
		Expect(k8sClient.Create(ctx, loginSecret(ns, "alice-login", "a"))).To(Succeed())
		u := sftpgoUser(ns, "alice", onExternal)
		Expect(k8sClient.Create(ctx, u)).To(Succeed())
		accountReady(u)
		Eventually(func() []string { return operatorSeries(ns) }).Should(Equal([]string{
			fmt.Sprintf(`sftpgo_operator_ready{kind="SFTPGoUser",name="alice",namespace=%q} 1`, ns),
		}))

		deleteAndWait(u)
		Eventually(func() []string { return operatorSeries(ns) }).Should(BeEmpty())
	})
})
