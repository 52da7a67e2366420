package controllers_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller/controllerutil"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
)

func sftpServicePorts(ns, name string) func(Gomega) []string {
	return func(g Gomega) []string {
		var svc corev1.Service
		g.Expect(k8sClient.Get(ctx, key(ns, name), &svc)).To(Succeed())
		var out []string
		for _, p := range svc.Spec.Ports {
			out = append(out, p.Name)
		}
		return out
	}
}

func findingRules(s *v1alpha1.SFTPGo) func(Gomega) []string {
	return func(g Gomega) []string {
		var got v1alpha1.SFTPGo
		g.Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), &got)).To(Succeed())
		var out []string
		for _, f := range got.Status.Findings {
			out = append(out, f.Rule)
		}
		return out
	}
}

// ftpCertificate creates or updates the kubernetes.io/tls Secret
// cert-manager would write; the bytes stand for a certificate, which the
// operator never parses.
func ftpCertificate(ns, name, serial string) {
	GinkgoHelper()
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}, Type: corev1.SecretTypeTLS}
	_, err := controllerutil.CreateOrUpdate(ctx, k8sClient, secret, func() error {
		secret.Data = map[string][]byte{corev1.TLSCertKey: []byte("certificate " + serial), corev1.TLSPrivateKeyKey: []byte("key " + serial)}
		return nil
	})
	Expect(err).NotTo(HaveOccurred())
}

var _ = Describe("FTP", func() {
	It("adds the ports and the binding, and renders the load balancer's address once a cloud controller writes it, rolling the pods once", func() {
		ns := newNamespace()
		ftpCertificate(ns, "files-ftp-tls", "1")
		s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: ns}}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		Eventually(sftpServicePorts(ns, "files")).Should(Equal([]string{"sftp"}))

		update(s, func(s *v1alpha1.SFTPGo) {
			s.Spec.FTP.Enabled = ptr.To(true)
			s.Spec.FTP.CertificateSecret = &v1alpha1.SecretReference{Name: "files-ftp-tls"}
			s.Spec.FTP.PassivePorts = v1alpha1.FTPPassivePorts{Start: 50000, Count: 2}
		})
		Eventually(sftpServicePorts(ns, "files")).Should(Equal([]string{"sftp", "ftp", "ftp-pasv-0", "ftp-pasv-1"}))
		Eventually(func(g Gomega) {
			cfg := renderedConfig(ns, "files")
			b := path(cfg, "ftpd", "bindings", 0).(map[string]any)
			g.Expect(b["port"]).To(BeEquivalentTo(2121))
			g.Expect(b["tls_mode"]).To(BeEquivalentTo(1))
			g.Expect(b).NotTo(HaveKey("force_passive_ip"))
		}).Should(Succeed())
		Eventually(func(g Gomega) {
			d := get(&appsv1.Deployment{}, ns, "files")
			var ports []string
			for _, p := range d.Spec.Template.Spec.Containers[0].Ports {
				ports = append(ports, p.Name)
			}
			g.Expect(ports).To(ContainElements("ftp", "ftp-pasv-0", "ftp-pasv-1"))
		}).Should(Succeed())
		// No load balancer address yet: PASV clients cannot connect.
		Eventually(findingRules(s)).Should(ContainElement("SEC109"))

		converged(s)
		before := get(&appsv1.Deployment{}, ns, "files")
		hash := before.Spec.Template.Annotations[manifests.AnnotationPodConfigHash]

		// The cloud controller writes the load balancer's address.
		svc := get(&corev1.Service{}, ns, "files")
		svc.Status.LoadBalancer.Ingress = []corev1.LoadBalancerIngress{{IP: "203.0.113.10"}}
		Expect(k8sClient.Status().Update(ctx, svc)).To(Succeed())

		Eventually(func(g Gomega) {
			g.Expect(path(renderedConfig(ns, "files"), "ftpd", "bindings", 0, "force_passive_ip")).To(Equal("203.0.113.10"))
		}).Should(Succeed())
		Eventually(findingRules(s)).ShouldNot(ContainElement("SEC109"))
		Eventually(func(g Gomega) {
			var got v1alpha1.SFTPGo
			g.Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), &got)).To(Succeed())
			g.Expect(got.Status.Endpoints.FTP).To(Equal("203.0.113.10:21"))
		}).Should(Succeed())
		Eventually(func(g Gomega) {
			d := get(&appsv1.Deployment{}, ns, "files")
			g.Expect(d.Spec.Template.Annotations[manifests.AnnotationPodConfigHash]).NotTo(Equal(hash))
		}).Should(Succeed())
		rolled := get(&appsv1.Deployment{}, ns, "files").Generation
		Expect(rolled).To(Equal(before.Generation + 1))
		Consistently(func() int64 { return get(&appsv1.Deployment{}, ns, "files").Generation }, "2s").Should(Equal(rolled))
	})

	It("waits for a missing certificate Secret, naming it, and takes it when cert-manager writes it; a renewal rolls nothing", func() {
		ns := newNamespace()
		s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: ns},
			Spec: v1alpha1.SFTPGoSpec{FTP: v1alpha1.FTPSpec{Enabled: ptr.To(true), PassiveAddress: "203.0.113.10",
				CertificateSecret: &v1alpha1.SecretReference{Name: "files-ftp-tls"}}}}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		ready := condition(s, v1alpha1.ConditionReady)
		Expect(ready.Reason).To(Equal(v1alpha1.ReasonSecretMissing))
		Expect(ready.Message).To(ContainSubstring(`Secret "files-ftp-tls" named by spec.ftp.certificateSecret does not exist`))
		// Nothing that would start a pod waiting for the volume.
		Expect(k8sClient.Get(ctx, key(ns, "files"), &appsv1.Deployment{})).NotTo(Succeed())

		// cert-manager writes the Secret: the watch, not a poll, wakes the instance.
		ftpCertificate(ns, "files-ftp-tls", "1")
		var d *appsv1.Deployment
		Eventually(func(g Gomega) {
			d = &appsv1.Deployment{}
			g.Expect(k8sClient.Get(ctx, key(ns, "files"), d)).To(Succeed())
		}).Should(Succeed())
		var volume *corev1.Volume
		for i, v := range d.Spec.Template.Spec.Volumes {
			if v.Name == "ftp-tls" {
				volume = &d.Spec.Template.Spec.Volumes[i]
			}
		}
		Expect(volume).NotTo(BeNil())
		Expect(volume.Secret.SecretName).To(Equal("files-ftp-tls"))
		// Mounted whole (no subPath), so the kubelet updates the files on
		// renewal and SFTPGo's certificate manager reloads them.
		for _, m := range d.Spec.Template.Spec.Containers[0].VolumeMounts {
			if m.Name == "ftp-tls" {
				Expect(m.SubPath).To(BeEmpty())
			}
		}
		converged(s)

		// A renewal changes neither the pods nor the Deployment.
		generation := d.Generation
		ftpCertificate(ns, "files-ftp-tls", "2")
		Consistently(func() int64 { return get(&appsv1.Deployment{}, ns, "files").Generation }, "2s").Should(Equal(generation))

		// A Secret without its key (an Opaque one: the API server refuses a
		// kubernetes.io/tls Secret without it) is named too.
		Expect(k8sClient.Delete(ctx, get(&corev1.Secret{}, ns, "files-ftp-tls"))).To(Succeed())
		Expect(k8sClient.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "files-ftp-tls", Namespace: ns},
			Data: map[string][]byte{corev1.TLSCertKey: []byte("certificate 3")}})).To(Succeed())
		Eventually(func() string { return condition(s, v1alpha1.ConditionReady).Message }).
			Should(ContainSubstring(`has no key "tls.key"`))
	})

	It("refuses TLS without a certificate (SEC013) at admission", func() {
		ns := newNamespace()
		s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: ns},
			Spec: v1alpha1.SFTPGoSpec{FTP: v1alpha1.FTPSpec{Enabled: ptr.To(true)}}}
		err := k8sClient.Create(ctx, s)
		Expect(err).To(HaveOccurred())
		Expect(err.Error()).To(ContainSubstring("SEC013: "))
	})

	It("reports plain FTP (SEC110)", func() {
		ns := newNamespace()
		s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: ns},
			Spec: v1alpha1.SFTPGoSpec{FTP: v1alpha1.FTPSpec{Enabled: ptr.To(true), TLS: v1alpha1.FTPTLSDisabled, PassiveAddress: "203.0.113.10"}}}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		Eventually(findingRules(s)).Should(ContainElement("SEC110"))
		Expect(findingRules(s)(Default)).NotTo(ContainElement("SEC109"))
	})
})
