package controllers_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// withAdditions is the issue's SFTPGo with the pod template additions an
// admin running OIDC, branding, plugins and a database proxy would make.
func withAdditions(ns string) *v1alpha1.SFTPGo {
	s := issueExample(ns)
	s.Spec.PodTemplate = v1alpha1.PodTemplate{
		Env: []corev1.EnvVar{{Name: "SFTPGO_HTTPD__BINDINGS__0__OIDC__CLIENT_SECRET", ValueFrom: &corev1.EnvVarSource{
			SecretKeyRef: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "oidc"}, Key: "client-secret"}}}},
		EnvFrom: []corev1.EnvFromSource{{ConfigMapRef: &corev1.ConfigMapEnvSource{
			LocalObjectReference: corev1.LocalObjectReference{Name: "branding"}}}},
		Volumes: []corev1.Volume{
			{Name: "ca", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{
				LocalObjectReference: corev1.LocalObjectReference{Name: "ca-bundle"}}}},
			{Name: "plugins", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
		},
		VolumeMounts: []corev1.VolumeMount{
			{Name: "ca", MountPath: "/etc/ssl/custom", ReadOnly: true},
			{Name: "plugins", MountPath: "/opt/plugins", ReadOnly: true},
		},
		InitContainers: []corev1.Container{
			{Name: "fetch-plugins", Image: "busybox:1", Args: []string{"wget", "-O", "/plugins/geoip", "https://example.com/geoip"},
				VolumeMounts: []corev1.VolumeMount{{Name: "plugins", MountPath: "/plugins"}}},
			{Name: "cloud-sql-proxy", Image: "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2",
				RestartPolicy: ptr.To(corev1.ContainerRestartPolicyAlways),
				Resources:     corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("32Mi")}}},
		},
		Containers: []corev1.Container{{Name: "vault-agent", Image: "hashicorp/vault:1",
			SecurityContext: &corev1.SecurityContext{ReadOnlyRootFilesystem: ptr.To(false)}}},
	}
	return s
}

func containerByName(cs []corev1.Container, name string) corev1.Container {
	GinkgoHelper()
	for _, c := range cs {
		if c.Name == name {
			return c
		}
	}
	Fail("no container " + name)
	return corev1.Container{}
}

var _ = Describe("spec.podTemplate additions", func() {
	var ns string
	BeforeEach(func() { ns = newNamespace() })

	It("merges them into the Deployment, rolls on their changes and refuses collisions", func() {
		Expect(k8sClient.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "oidc", Namespace: ns},
			StringData: map[string]string{"client-secret": "one"}})).To(Succeed())
		branding := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "branding", Namespace: ns},
			Data: map[string]string{"SFTPGO_HTTPD__BINDINGS__0__BRANDING__WEB_CLIENT__NAME": "Files"}}
		Expect(k8sClient.Create(ctx, branding)).To(Succeed())
		s := withAdditions(ns)
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		Expect(securityCondition(s).Status).To(Equal(metav1.ConditionTrue))

		d := get(&appsv1.Deployment{}, ns, "files")
		pod := d.Spec.Template.Spec
		Expect(pod.Containers).To(HaveLen(2))
		sftpgo := pod.Containers[0]
		Expect(sftpgo.Name).To(Equal("sftpgo"))
		Expect(sftpgo.Env).To(ContainElements(
			HaveField("Name", "SFTPGO_DEFAULT_ADMIN_PASSWORD"),
			HaveField("ValueFrom.SecretKeyRef.Name", "oidc")))
		Expect(sftpgo.EnvFrom).To(ConsistOf(HaveField("ConfigMapRef.Name", "branding")))
		Expect(sftpgo.VolumeMounts).To(ContainElements(
			HaveField("MountPath", "/etc/sftpgo/keys"),
			HaveField("MountPath", "/etc/ssl/custom"),
			HaveField("MountPath", "/opt/plugins")))
		Expect(pod.Volumes).To(ContainElements(HaveField("Name", "keys"), HaveField("Name", "ca"), HaveField("Name", "plugins")))
		Expect(pod.InitContainers).To(HaveLen(2))
		proxy := containerByName(pod.InitContainers, "cloud-sql-proxy")
		Expect(proxy.RestartPolicy).To(HaveValue(Equal(corev1.ContainerRestartPolicyAlways)))
		Expect(proxy.Resources.Requests.Memory().String()).To(Equal("32Mi"))
		Expect(proxy.SecurityContext.AllowPrivilegeEscalation).To(HaveValue(BeFalse()), "restricted defaults filled in")
		Expect(proxy.SecurityContext.Capabilities.Drop).To(ConsistOf(corev1.Capability("ALL")))
		agent := containerByName(pod.Containers, "vault-agent")
		Expect(agent.SecurityContext.ReadOnlyRootFilesystem).To(HaveValue(BeFalse()), "what the admin set is kept")
		Expect(agent.SecurityContext.RunAsNonRoot).To(HaveValue(BeTrue()))
		Expect(pod.SecurityContext.FSGroupChangePolicy).To(HaveValue(Equal(corev1.FSGroupChangeOnRootMismatch)))

		By("adding a variable, the pod template changes")
		update(s, func(s *v1alpha1.SFTPGo) {
			s.Spec.PodTemplate.Env = append(s.Spec.PodTemplate.Env, corev1.EnvVar{Name: "TZ", Value: "Europe/Rome"})
		})
		converged(s)
		Eventually(func() []corev1.EnvVar {
			return get(&appsv1.Deployment{}, ns, "files").Spec.Template.Spec.Containers[0].Env
		}).Should(ContainElement(corev1.EnvVar{Name: "TZ", Value: "Europe/Rome"}))

		By("changing the data of the Secret a variable comes from, the pods roll")
		hash := get(&appsv1.Deployment{}, ns, "files").Spec.Template.Annotations[configHashAnnotation]
		oidc := get(&corev1.Secret{}, ns, "oidc")
		oidc.StringData = map[string]string{"client-secret": "two"}
		Expect(k8sClient.Update(ctx, oidc)).To(Succeed())
		Eventually(func() string {
			return get(&appsv1.Deployment{}, ns, "files").Spec.Template.Annotations[configHashAnnotation]
		}).WithTimeout(5 * time.Second).ShouldNot(Equal(hash))

		By("an envFrom ConfigMap gaining a key that overrides a managed setting, the rollout stops (SEC009)")
		before := get(&appsv1.Deployment{}, ns, "files").ResourceVersion
		branding = get(&corev1.ConfigMap{}, ns, "branding")
		branding.Data["SFTPGO_HTTPD__TOKEN_VALIDATION"] = "1"
		Expect(k8sClient.Update(ctx, branding)).To(Succeed())
		update(s, func(s *v1alpha1.SFTPGo) { s.Annotations = map[string]string{"touch": "2"} })
		Eventually(func(g Gomega) {
			c := securityCondition(s)
			g.Expect(c.Reason).To(Equal("SEC009"))
			g.Expect(c.Message).To(And(ContainSubstring("spec.podTemplate.envFrom[0]"), ContainSubstring("httpd.token_validation")))
		}).Should(Succeed())
		Expect(get(&appsv1.Deployment{}, ns, "files").ResourceVersion).To(Equal(before), "what runs is left untouched")

		By("an env variable overriding a managed setting is refused the same way")
		delete(branding.Data, "SFTPGO_HTTPD__TOKEN_VALIDATION")
		Expect(k8sClient.Update(ctx, branding)).To(Succeed())
		update(s, func(s *v1alpha1.SFTPGo) {
			s.Spec.PodTemplate.Env = append(s.Spec.PodTemplate.Env, corev1.EnvVar{Name: "SFTPGO_HTTPD__BINDINGS__0__PROXY_ALLOWED", Value: "0.0.0.0/0"})
		})
		converged(s)
		Expect(securityCondition(s).Message).To(ContainSubstring("spec.podTemplate.env[2]"))
		Expect(get(&appsv1.Deployment{}, ns, "files").ResourceVersion).To(Equal(before))
	})

	It("names a missing Secret a variable comes from instead of leaving the pod stuck", func() {
		s := withAdditions(ns)
		s.Spec.PodTemplate.EnvFrom = nil
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		c := readyCondition(s)
		Expect(c.Status).To(Equal(metav1.ConditionFalse))
		Expect(c.Reason).To(Equal("SecretMissing"))
		Expect(c.Message).To(ContainSubstring(`"oidc"`))
		Expect(k8sClient.Get(ctx, key(ns, "files"), &appsv1.Deployment{})).To(Satisfy(apierrors.IsNotFound))
	})

	It("refuses at admission a mount over the user files", func() {
		s := withAdditions(ns)
		s.Spec.PodTemplate.VolumeMounts = append(s.Spec.PodTemplate.VolumeMounts,
			corev1.VolumeMount{Name: "plugins", MountPath: "/srv/sftpgo/data"})
		err := k8sClient.Create(ctx, s)
		Expect(apierrors.IsInvalid(err)).To(BeTrue(), "want Invalid, got %v", err)
		Expect(err.Error()).To(ContainSubstring("SEC009: "))
	})
})
