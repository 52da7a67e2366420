package controllers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/utils/ptr"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/controllers"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
)

const configHashAnnotation = manifests.AnnotationPodConfigHash

func newNamespace() string {
	name := "t-" + rand.String(6)
	Expect(k8sClient.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}})).To(Succeed())
	return name
}

// issueExample is the SFTPGo of the issue: an Ingress with Edge TLS and
// trusted proxies.
func issueExample(ns string) *v1alpha1.SFTPGo {
	return &v1alpha1.SFTPGo{
		ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: ns},
		Spec: v1alpha1.SFTPGoSpec{
			Expose: v1alpha1.ExposeSpec{
				Type: v1alpha1.ExposeIngress, Host: "files.example.com",
				TLS: v1alpha1.ExposeTLS{Termination: v1alpha1.TLSEdge, CertificateSecret: &v1alpha1.SecretReference{Name: "files-tls"}},
			},
			Security: v1alpha1.SecuritySpec{TrustedProxies: []string{"10.0.0.0/16"}},
		},
	}
}

func key(ns, name string) types.NamespacedName {
	return types.NamespacedName{Namespace: ns, Name: name}
}

// converged waits until the operator has processed the current generation.
func converged(s *v1alpha1.SFTPGo) {
	GinkgoHelper()
	Eventually(func(g Gomega) {
		var got v1alpha1.SFTPGo
		g.Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), &got)).To(Succeed())
		g.Expect(got.Status.ObservedGeneration).To(Equal(got.Generation))
		g.Expect(meta.FindStatusCondition(got.Status.Conditions, v1alpha1.ConditionReady)).NotTo(BeNil())
	}).Should(Succeed())
}

func get[T client.Object](obj T, ns, name string) T {
	GinkgoHelper()
	Eventually(func() error { return k8sClient.Get(ctx, key(ns, name), obj) }).Should(Succeed())
	return obj
}

func renderedConfig(ns, name string) map[string]any {
	GinkgoHelper()
	cm := get(&corev1.ConfigMap{}, ns, name+"-config")
	var cfg map[string]any
	Expect(json.Unmarshal([]byte(cm.Data["sftpgo.json"]), &cfg)).To(Succeed())
	return cfg
}

func path(m map[string]any, keys ...any) any {
	var cur any = m
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			cur = cur.(map[string]any)[k]
		case int:
			cur = cur.([]any)[k]
		}
	}
	return cur
}

func isControlledBy(obj client.Object, owner *v1alpha1.SFTPGo) bool {
	ref := metav1.GetControllerOf(obj)
	return ref != nil && ref.UID == owner.UID && ref.Kind == "SFTPGo"
}

var _ = Describe("SFTPGo reconciler", func() {
	var ns string
	BeforeEach(func() { ns = newNamespace() })

	It("creates every object of the design with its key fields", func() {
		s := issueExample(ns)
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)

		cm := get(&corev1.ConfigMap{}, ns, "files-config")
		Expect(isControlledBy(cm, s)).To(BeTrue())
		Expect(cm.Data).To(HaveKey("sftpgo.json"))
		Expect(cm.Labels).To(HaveKeyWithValue("app.kubernetes.io/managed-by", "sftpgo-operator"))
		Expect(cm.Labels).To(HaveKeyWithValue("app.kubernetes.io/instance", "files"))
		Expect(cm.Labels).To(HaveKeyWithValue("app.kubernetes.io/name", "sftpgo"))

		keys := get(&corev1.Secret{}, ns, "files-keys")
		Expect(keys.Data).To(HaveKey("signing-passphrase"))
		Expect(keys.Data).To(HaveKey("ssh_host_ed25519_key"))
		Expect(keys.Data).To(HaveKey("ssh_host_ecdsa_key"))
		Expect(keys.Data).To(HaveKey("ssh_host_rsa_key"))
		Expect(string(keys.Data["ssh_host_ed25519_key"])).To(HavePrefix("-----BEGIN OPENSSH PRIVATE KEY-----"))
		Expect(keys.OwnerReferences).To(BeEmpty(), "host keys outlive the SFTPGo while retainOnDelete")

		admin := get(&corev1.Secret{}, ns, "files-admin")
		Expect(admin.Data["username"]).NotTo(BeEmpty())
		Expect(len(admin.Data["password"])).To(BeNumerically(">=", 20))
		Expect(admin.OwnerReferences).To(BeEmpty(), "the admin password outlives the SFTPGo with its database")

		svc := get(&corev1.Service{}, ns, "files")
		Expect(svc.Spec.Type).To(Equal(corev1.ServiceTypeLoadBalancer))
		Expect(svc.Spec.ExternalTrafficPolicy).To(Equal(corev1.ServiceExternalTrafficPolicyLocal))
		Expect(svc.Spec.Ports).To(HaveLen(1))
		Expect(svc.Spec.Ports[0].Port).To(Equal(int32(22)))
		Expect(svc.Spec.Ports[0].TargetPort.StrVal).To(Equal("sftp"))

		web := get(&corev1.Service{}, ns, "files-web")
		Expect(web.Spec.Type).To(Equal(corev1.ServiceTypeClusterIP))
		Expect(web.Spec.Ports[0].Port).To(Equal(int32(8080)))

		ing := get(&networkingv1.Ingress{}, ns, "files")
		Expect(ing.Spec.Rules[0].Host).To(Equal("files.example.com"))
		Expect(ing.Spec.Rules[0].HTTP.Paths[0].Backend.Service.Name).To(Equal("files-web"))
		Expect(ing.Spec.TLS).To(ConsistOf(networkingv1.IngressTLS{Hosts: []string{"files.example.com"}, SecretName: "files-tls"}))

		for _, name := range []string{"files-data", "files-state"} {
			pvc := get(&corev1.PersistentVolumeClaim{}, ns, name)
			Expect(pvc.OwnerReferences).To(BeEmpty(), "%s must not be garbage-collected with the SFTPGo", name)
		}

		d := get(&appsv1.Deployment{}, ns, "files")
		Expect(isControlledBy(d, s)).To(BeTrue())
		Expect(d.Spec.Strategy.Type).To(Equal(appsv1.RecreateDeploymentStrategyType))
		pod := d.Spec.Template.Spec
		Expect(pod.SecurityContext.RunAsNonRoot).To(Equal(ptr.To(true)))
		Expect(pod.SecurityContext.RunAsUser).To(Equal(ptr.To[int64](1000)))
		Expect(pod.SecurityContext.FSGroup).To(Equal(ptr.To[int64](1000)))
		Expect(pod.SecurityContext.SeccompProfile.Type).To(Equal(corev1.SeccompProfileTypeRuntimeDefault))
		c := pod.Containers[0]
		Expect(c.Image).To(Equal("ghcr.io/drakkan/sftpgo:v2.7.5"))
		Expect(c.Args).To(ContainElement("/etc/sftpgo/config/sftpgo.json"))
		Expect(*c.SecurityContext.ReadOnlyRootFilesystem).To(BeTrue())
		Expect(*c.SecurityContext.AllowPrivilegeEscalation).To(BeFalse())
		Expect(c.SecurityContext.Capabilities.Drop).To(ConsistOf(corev1.Capability("ALL")))
		Expect(c.LivenessProbe.HTTPGet.Path).To(Equal("/healthz"))
		Expect(c.ReadinessProbe.HTTPGet.Port.StrVal).To(Equal("telemetry"))
		mounts := map[string]string{}
		for _, m := range c.VolumeMounts {
			mounts[m.MountPath] = m.Name
		}
		Expect(mounts).To(HaveKey("/etc/sftpgo/config"))
		Expect(mounts).To(HaveKey("/etc/sftpgo/keys"))
		Expect(mounts).To(HaveKey("/srv/sftpgo"))
		Expect(mounts).To(HaveKey("/var/lib/sftpgo"))
		Expect(mounts).To(HaveKey("/tmp"))
		Expect(d.Spec.Template.Annotations).To(HaveKey(configHashAnnotation))
		for _, e := range c.Env {
			if strings.Contains(e.Name, "PASSWORD") || strings.Contains(e.Name, "USERNAME") {
				Expect(e.ValueFrom.SecretKeyRef).NotTo(BeNil(), "env %s must come from a Secret", e.Name)
			}
		}
		Expect(c.Env).To(ContainElement(corev1.EnvVar{Name: "SFTPGO_GRACE_TIME", Value: "30"}))
		Expect(pod.TerminationGracePeriodSeconds).To(Equal(ptr.To[int64](40)))

		var got v1alpha1.SFTPGo
		Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), &got)).To(Succeed())
		Expect(got.Status.TrustedProxies).To(Equal(v1alpha1.TrustedProxiesStatus{
			CIDRs: []string{"10.0.0.0/16"}, Source: v1alpha1.TrustedProxiesFromSpec}))
		Expect(got.Status.Endpoints.Web).To(Equal("https://files.example.com"))
		sec := meta.FindStatusCondition(got.Status.Conditions, v1alpha1.ConditionSecurityCoherent)
		Expect(sec.Status).To(Equal(metav1.ConditionTrue))
		Expect(sec.ObservedGeneration).To(Equal(got.Generation))
		ready := meta.FindStatusCondition(got.Status.Conditions, v1alpha1.ConditionReady)
		Expect(ready.Status).To(Equal(metav1.ConditionFalse), "envtest runs no pods")
		Expect(ready.Reason).To(Equal(v1alpha1.ReasonProgressing))
		// kstatus: in progress while the pods roll, not stalled.
		reconciling := meta.FindStatusCondition(got.Status.Conditions, v1alpha1.ConditionReconciling)
		Expect(reconciling.Status).To(Equal(metav1.ConditionTrue))
		Expect(reconciling.Reason).To(Equal(v1alpha1.ReasonProgressing))
		Expect(reconciling.ObservedGeneration).To(Equal(got.Generation))
		Expect(meta.FindStatusCondition(got.Status.Conditions, v1alpha1.ConditionStalled).Status).To(Equal(metav1.ConditionFalse))
	})

	It("renders sftpgo.json for an Ingress with trusted proxies", func() {
		s := issueExample(ns)
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		cfg := renderedConfig(ns, "files")
		b := path(cfg, "httpd", "bindings", 0).(map[string]any)
		Expect(b["port"]).To(BeEquivalentTo(8080))
		Expect(b["proxy_allowed"]).To(Equal([]any{"10.0.0.0/16"}))
		Expect(b["client_ip_proxy_header"]).To(Equal("X-Forwarded-For"))
		Expect(b["client_ip_header_depth"]).To(BeEquivalentTo(0))
		Expect(path(b, "security", "enabled")).To(Equal(true))
		Expect(path(b, "security", "https_proxy_headers", 0)).To(Equal(map[string]any{"key": "X-Forwarded-Proto", "value": "https"}))
		Expect(path(cfg, "httpd", "token_validation")).To(BeEquivalentTo(0))
		Expect(path(cfg, "httpd", "signing_passphrase_file")).To(Equal("/etc/sftpgo/keys/signing-passphrase"))
		Expect(path(cfg, "sftpd", "host_keys")).To(HaveLen(3))
		Expect(path(cfg, "telemetry", "bind_port")).To(BeEquivalentTo(10000))
		Expect(path(cfg, "data_provider", "driver")).To(Equal("sqlite"))
		cm := get(&corev1.ConfigMap{}, ns, "files-config")
		admin := get(&corev1.Secret{}, ns, "files-admin")
		Expect(cm.Data["sftpgo.json"]).NotTo(ContainSubstring(string(admin.Data["password"])))
	})

	It("renders sftpgo.json without proxy trust when nothing is exposed", func() {
		s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "plain", Namespace: ns}}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		cfg := renderedConfig(ns, "plain")
		b := path(cfg, "httpd", "bindings", 0).(map[string]any)
		Expect(b["proxy_allowed"]).To(BeEmpty())
		Expect(b["client_ip_proxy_header"]).To(Equal(""))
		Expect(b).NotTo(HaveKey("security"))
		Expect(k8sClient.Get(ctx, key(ns, "plain"), &networkingv1.Ingress{})).To(Satisfy(apierrors.IsNotFound))
		var got v1alpha1.SFTPGo
		Expect(k8sClient.Get(ctx, key(ns, "plain"), &got)).To(Succeed())
		Expect(got.Status.TrustedProxies.CIDRs).To(BeEmpty())
		Expect(got.Status.Endpoints.Web).To(Equal(fmt.Sprintf("http://plain-web.%s.svc:8080", ns)))
	})

	It("rolls the pod template on a spec change and never rewrites the keys", func() {
		s := issueExample(ns)
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		keysBefore := get(&corev1.Secret{}, ns, "files-keys")
		hashBefore := get(&appsv1.Deployment{}, ns, "files").Spec.Template.Annotations[configHashAnnotation]

		update(s, func(s *v1alpha1.SFTPGo) {
			s.Spec.Security.RevokeTokensOnAccountChange = true
			s.Spec.Security.TrustedProxies = []string{"10.0.0.0/16", "10.1.0.0/16"}
		})
		converged(s)
		Eventually(func() string {
			return get(&appsv1.Deployment{}, ns, "files").Spec.Template.Annotations[configHashAnnotation]
		}).ShouldNot(Equal(hashBefore))
		Expect(path(renderedConfig(ns, "files"), "httpd", "token_validation")).To(BeEquivalentTo(2))

		By("restarting the operator")
		operator.stop()
		operator = startManager(cfg)
		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Security.ClientIPHeaderDepth = 1 })
		converged(s)

		keysAfter := get(&corev1.Secret{}, ns, "files-keys")
		Expect(keysAfter.ResourceVersion).To(Equal(keysBefore.ResourceVersion))
		Expect(keysAfter.Data).To(Equal(keysBefore.Data))
	})

	It("makes no write when a reconcile has nothing to change", func() {
		s := issueExample(ns)
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		before := resourceVersions(ns)
		Expect(before).To(HaveLen(11)) // 3 Secrets, ConfigMap, 2 Services, Ingress, NetworkPolicy, Deployment, 2 claims

		var writes atomic.Int32
		r := reconcilerCountingWrites(&writes)
		_, err := r.Reconcile(ctx, ctrl.Request{NamespacedName: key(ns, "files")})
		Expect(err).NotTo(HaveOccurred())
		Expect(writes.Load()).To(BeZero())
		Expect(resourceVersions(ns)).To(Equal(before))
	})

	// 11 objects (the operator admin Secret, for account resources, is the
	// 11th), the status and one event. No response is gzipped: in the
	// cluster compression only costs CPU and a decompressor per watch.
	It("creates a new instance without reading what does not exist, in 13 writes, uncompressed", func() {
		var log requestLog
		operator.stop()
		operator = startManager(withRequestLog(cfg, &log))
		s := issueExample(ns) // names a TLS Secret that does not exist
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		Eventually(func() int { return log.count(ns, isWrite) }).Should(Equal(13)) // the event may come last
		Consistently(func() int { return log.count(ns, isWrite) }, "2s").Should(Equal(13))
		Expect(log.count(ns, isGetNotFound)).To(BeZero())
		Expect(log.compressed()).To(BeZero())
		Expect(condition(s, v1alpha1.ConditionTLSSecretFound)).To(HaveField("Reason", v1alpha1.ReasonSecretMissing))
	})

	It("repairs an edited Service and a deleted ConfigMap", func() {
		s := issueExample(ns)
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)

		svc := get(&corev1.Service{}, ns, "files")
		svc.Spec.ExternalTrafficPolicy = corev1.ServiceExternalTrafficPolicyCluster
		svc.Spec.Ports[0].Port = 2222
		Expect(k8sClient.Update(ctx, svc)).To(Succeed())
		Eventually(func(g Gomega) {
			got := get(&corev1.Service{}, ns, "files")
			g.Expect(got.Spec.ExternalTrafficPolicy).To(Equal(corev1.ServiceExternalTrafficPolicyLocal))
			g.Expect(got.Spec.Ports[0].Port).To(Equal(int32(22)))
		}).Should(Succeed())

		cm := get(&corev1.ConfigMap{}, ns, "files-config")
		Expect(k8sClient.Delete(ctx, cm)).To(Succeed())
		Eventually(func(g Gomega) {
			var got corev1.ConfigMap
			g.Expect(k8sClient.Get(ctx, key(ns, "files-config"), &got)).To(Succeed())
			g.Expect(got.UID).NotTo(Equal(cm.UID))
			g.Expect(got.Data).To(Equal(cm.Data))
		}).Should(Succeed())
	})

	It("removes the Ingress when exposure is turned off", func() {
		s := issueExample(ns)
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		get(&networkingv1.Ingress{}, ns, "files")
		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Expose.Type = v1alpha1.ExposeNone })
		Eventually(func() error {
			return k8sClient.Get(ctx, key(ns, "files"), &networkingv1.Ingress{})
		}).Should(Satisfy(apierrors.IsNotFound))
	})
})

// resourceVersions of every object the operator manages in ns.
func resourceVersions(ns string) map[string]string {
	GinkgoHelper()
	out := map[string]string{}
	lists := []client.ObjectList{
		&corev1.ConfigMapList{}, &corev1.SecretList{}, &corev1.ServiceList{},
		&corev1.PersistentVolumeClaimList{}, &appsv1.DeploymentList{}, &networkingv1.IngressList{}, &networkingv1.NetworkPolicyList{},
	}
	for _, l := range lists {
		Expect(k8sClient.List(ctx, l, client.InNamespace(ns),
			client.MatchingLabels{manifests.LabelManagedBy: manifests.ManagedBy})).To(Succeed())
		Expect(meta.EachListItem(l, func(o runtime.Object) error {
			obj := o.(client.Object)
			out[fmt.Sprintf("%T/%s", obj, obj.GetName())] = obj.GetResourceVersion()
			return nil
		})).To(Succeed())
	}
	return out
}

// reconcilerCountingWrites is a reconciler on the running manager's cache
// whose client counts every write it sends, on a Kubernetes cluster.
func reconcilerCountingWrites(writes *atomic.Int32) *controllers.SFTPGoReconciler {
	return reconcilerCountingWritesOn(writes, platform.Facts{Platform: platform.Kubernetes})
}

// reconcilerCountingWritesOn is reconcilerCountingWrites on the cluster
// facts describe.
func reconcilerCountingWritesOn(writes *atomic.Int32, facts platform.Facts) *controllers.SFTPGoReconciler {
	return &controllers.SFTPGoReconciler{
		Client:    &countingClient{Client: operator.mgr.GetClient(), writes: writes},
		APIReader: operator.mgr.GetAPIReader(), References: operator.mgr.GetAPIReader(), Scheme: operator.mgr.GetScheme(),
		Platform: facts,
	}
}

type countingClient struct {
	client.Client
	writes *atomic.Int32
}

func (c *countingClient) Create(ctx context.Context, o client.Object, opts ...client.CreateOption) error {
	c.writes.Add(1)
	return c.Client.Create(ctx, o, opts...)
}

func (c *countingClient) Update(ctx context.Context, o client.Object, opts ...client.UpdateOption) error {
	c.writes.Add(1)
	return c.Client.Update(ctx, o, opts...)
}

func (c *countingClient) Patch(ctx context.Context, o client.Object, p client.Patch, opts ...client.PatchOption) error {
	c.writes.Add(1)
	return c.Client.Patch(ctx, o, p, opts...)
}

func (c *countingClient) Apply(ctx context.Context, o runtime.ApplyConfiguration, opts ...client.ApplyOption) error {
	c.writes.Add(1)
	return c.Client.Apply(ctx, o, opts...)
}

func (c *countingClient) Delete(ctx context.Context, o client.Object, opts ...client.DeleteOption) error {
	c.writes.Add(1)
	return c.Client.Delete(ctx, o, opts...)
}

func (c *countingClient) Status() client.SubResourceWriter {
	c.writes.Add(1) // the reconciler only asks for the status writer to write
	return c.Client.Status()
}
