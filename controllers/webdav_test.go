package controllers_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

func ingressPaths(ns, name string) func(Gomega) []string {
	return func(g Gomega) []string {
		var ing networkingv1.Ingress
		g.Expect(k8sClient.Get(ctx, key(ns, name), &ing)).To(Succeed())
		var out []string
		for _, p := range ing.Spec.Rules[0].HTTP.Paths {
			out = append(out, p.Path+" -> "+p.Backend.Service.Name+":"+p.Backend.Service.Port.Name)
		}
		return out
	}
}

func webServicePorts(ns, name string) func(Gomega) []string {
	return func(g Gomega) []string {
		var svc corev1.Service
		g.Expect(k8sClient.Get(ctx, key(ns, name+"-web"), &svc)).To(Succeed())
		var out []string
		for _, p := range svc.Spec.Ports {
			out = append(out, p.Name)
		}
		return out
	}
}

var _ = Describe("WebDAV", func() {
	It("adds the /dav path to the Ingress and the port to the web Service, and takes them away when disabled", func() {
		ns := newNamespace()
		s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: ns},
			Spec: v1alpha1.SFTPGoSpec{
				Expose:   v1alpha1.ExposeSpec{Type: v1alpha1.ExposeIngress, Host: "files.example.com"},
				Security: v1alpha1.SecuritySpec{TrustedProxies: []string{"10.0.0.0/16"}},
			}}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		Eventually(ingressPaths(ns, "files")).Should(Equal([]string{"/ -> files-web:http"}))
		Expect(path(renderedConfig(ns, "files"), "webdavd")).To(BeNil())

		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.WebDAV.Enabled = ptr.To(true) })
		Eventually(ingressPaths(ns, "files")).Should(Equal([]string{"/ -> files-web:http", "/dav -> files-web:webdav"}))
		Eventually(webServicePorts(ns, "files")).Should(Equal([]string{"http", "webdav"}))
		Eventually(func(g Gomega) {
			var np networkingv1.NetworkPolicy
			g.Expect(k8sClient.Get(ctx, key(ns, "files"), &np)).To(Succeed())
			var ports []int32
			for _, p := range np.Spec.Ingress[1].Ports {
				ports = append(ports, p.Port.IntVal)
			}
			g.Expect(ports).To(Equal([]int32{8080, 8090}))
		}).Should(Succeed())
		Eventually(func(g Gomega) {
			var cm corev1.ConfigMap
			g.Expect(k8sClient.Get(ctx, key(ns, "files-config"), &cm)).To(Succeed())
			g.Expect(cm.Data["sftpgo.json"]).To(ContainSubstring(`"prefix": "/dav"`))
		}).Should(Succeed())
		b := path(renderedConfig(ns, "files"), "webdavd", "bindings", 0).(map[string]any)
		Expect(b["port"]).To(BeEquivalentTo(8090))
		Expect(b["proxy_allowed"]).To(Equal([]any{"10.0.0.0/16"}))
		Eventually(func(g Gomega) {
			var got v1alpha1.SFTPGo
			g.Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), &got)).To(Succeed())
			g.Expect(got.Status.Endpoints.WebDAV).To(Equal("https://files.example.com/dav/"))
		}).Should(Succeed())

		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.WebDAV.Enabled = ptr.To(false) })
		Eventually(ingressPaths(ns, "files")).Should(Equal([]string{"/ -> files-web:http"}))
		Eventually(webServicePorts(ns, "files")).Should(Equal([]string{"http"}))
		Eventually(func(g Gomega) {
			var got v1alpha1.SFTPGo
			g.Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), &got)).To(Succeed())
			g.Expect(got.Status.Endpoints.WebDAV).To(BeEmpty())
		}).Should(Succeed())
	})

	It("refuses WebDAV with TLS Passthrough at admission (SEC012)", func() {
		ns := newNamespace()
		s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: ns},
			Spec: v1alpha1.SFTPGoSpec{
				WebDAV: v1alpha1.WebDAVSpec{Enabled: ptr.To(true)},
				Expose: v1alpha1.ExposeSpec{Type: v1alpha1.ExposeIngress, Host: "files.example.com",
					TLS: v1alpha1.ExposeTLS{Termination: v1alpha1.TLSPassthrough}},
				Security: v1alpha1.SecuritySpec{TokenIPBinding: v1alpha1.TokenIPBindingDisabled},
			}}
		err := k8sClient.Create(ctx, s)
		Expect(err).To(HaveOccurred())
		Expect(err.Error()).To(ContainSubstring("SEC012: WebDAV cannot be published with TLS Passthrough"))
	})
})
