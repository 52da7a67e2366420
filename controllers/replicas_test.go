package controllers_test

import (
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

func readyCondition(s *v1alpha1.SFTPGo) *metav1.Condition {
	GinkgoHelper()
	return condition(s, v1alpha1.ConditionReady)
}

// postgresCluster is a 3-replica SFTPGo on PostgreSQL and a shared volume.
func postgresCluster(ns string) *v1alpha1.SFTPGo {
	s := issueExample(ns)
	s.Spec.Replicas = ptr.To[int32](3)
	s.Spec.DataProvider = v1alpha1.DataProviderSpec{
		Driver: v1alpha1.DriverPostgreSQL, Host: "db.example.svc", Port: 5432, Database: "sftpgo", SSLMode: v1alpha1.SSLModeVerifyFull,
		CredentialsSecret: &v1alpha1.CredentialsSecretReference{SecretReference: v1alpha1.SecretReference{Name: "db-creds"}},
	}
	s.Spec.Storage.Data.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteMany}
	return s
}

func dbSecret(ns, password string) *corev1.Secret {
	return &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "db-creds", Namespace: ns},
		StringData: map[string]string{"username": "sftpgo", "password": password}}
}

var _ = Describe("Several replicas and data safety", func() {
	var ns string
	BeforeEach(func() { ns = newNamespace() })

	It("runs 3 replicas on PostgreSQL with one identity, a PDB, spread and safe rollouts", func() {
		Expect(k8sClient.Create(ctx, dbSecret(ns, "s3cret-one"))).To(Succeed())
		s := postgresCluster(ns)
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)

		d := get(&appsv1.Deployment{}, ns, "files")
		Expect(*d.Spec.Replicas).To(Equal(int32(3)))
		Expect(d.Spec.Strategy.Type).To(Equal(appsv1.RollingUpdateDeploymentStrategyType))
		Expect(d.Spec.Strategy.RollingUpdate.MaxUnavailable.IntVal).To(BeZero())
		pod := d.Spec.Template.Spec
		Expect(pod.TopologySpreadConstraints).To(ConsistOf(HaveField("TopologyKey", "kubernetes.io/hostname")))
		Expect(pod.Volumes).To(ContainElement(HaveField("Projected.Sources", ContainElement(HaveField("Secret.Name", "files-keys")))))
		env := map[string]*corev1.EnvVarSource{}
		for _, e := range pod.Containers[0].Env {
			env[e.Name] = e.ValueFrom
		}
		Expect(env["SFTPGO_DATA_PROVIDER__PASSWORD"].SecretKeyRef.Name).To(Equal("db-creds"))
		Expect(env["SFTPGO_DATA_PROVIDER__USERNAME"].SecretKeyRef.Key).To(Equal("username"))
		Expect(env["SFTPGO_DATA_PROVIDER__NODE__HOST"].FieldRef.FieldPath).To(Equal("status.podIP"))

		var cms corev1.ConfigMapList
		Expect(k8sClient.List(ctx, &cms, client.InNamespace(ns))).To(Succeed())
		for _, cm := range cms.Items {
			for _, v := range cm.Data {
				Expect(v).NotTo(ContainSubstring("s3cret-one"))
			}
		}
		cfg := renderedConfig(ns, "files")
		Expect(path(cfg, "data_provider", "is_shared")).To(BeEquivalentTo(1))
		Expect(path(cfg, "data_provider", "driver")).To(Equal("postgresql"))
		Expect(path(cfg, "data_provider", "sslmode")).To(BeEquivalentTo(3))

		pdb := get(&policyv1.PodDisruptionBudget{}, ns, "files")
		Expect(pdb.Spec.MinAvailable.IntVal).To(Equal(int32(1)))
		Expect(pdb.Spec.Selector.MatchLabels).To(HaveKeyWithValue("app.kubernetes.io/instance", "files"))
		Expect(k8sClient.Get(ctx, key(ns, "files-state"), &corev1.PersistentVolumeClaim{})).
			To(Satisfy(apierrors.IsNotFound), "no sqlite state volume with a shared provider")

		By("changing the database password, the pods roll")
		rotateDatabasePassword(ns, d.Spec.Template.Annotations[configHashAnnotation])

		By("scaling back to one replica, the PDB goes")
		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Replicas = ptr.To[int32](1) })
		Eventually(func() error {
			return k8sClient.Get(ctx, key(ns, "files"), &policyv1.PodDisruptionBudget{})
		}).Should(Satisfy(apierrors.IsNotFound))
	})

	It("names a missing database credentials Secret instead of crash-looping, and deploys once it exists", func() {
		s := postgresCluster(ns)
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		c := readyCondition(s)
		Expect(c.Status).To(Equal(metav1.ConditionFalse))
		Expect(c.Reason).To(Equal("SecretMissing"))
		Expect(c.Message).To(ContainSubstring(`"db-creds"`))
		Expect(k8sClient.Get(ctx, key(ns, "files"), &appsv1.Deployment{})).To(Satisfy(apierrors.IsNotFound))

		Expect(k8sClient.Create(ctx, dbSecret(ns, "s3cret-one"))).To(Succeed())
		Eventually(func() error { return k8sClient.Get(ctx, key(ns, "files"), &appsv1.Deployment{}) }).
			WithTimeout(5 * time.Second).Should(Succeed())
	})

	It("watches the Secrets it names: no reconcile at rest, a rotated password rolls the pods within seconds", func() {
		var log requestLog
		operator.stop()
		operator = startManager(withRequestLog(cfg, &log))
		Expect(k8sClient.Create(ctx, dbSecret(ns, "s3cret-one"))).To(Succeed())
		Expect(k8sClient.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "admin", Namespace: ns},
			StringData: map[string]string{"username": "root", "password": "first"}})).To(Succeed())
		s := postgresCluster(ns)
		s.Spec.AdminCredentialsSecret = &v1alpha1.CredentialsSecretReference{SecretReference: v1alpha1.SecretReference{Name: "admin"}}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		Expect(condition(s, v1alpha1.ConditionAdminCredentials)).To(HaveField("Reason", v1alpha1.ReasonFirstStartOnly))
		hash := get(&appsv1.Deployment{}, ns, "files").Spec.Template.Annotations[configHashAnnotation]

		// Every reconcile of this instance reads db-creds: reads of it count
		// its reconciles.
		reconciles := func() int {
			return log.count(ns, func(r request) bool { return strings.HasSuffix(r.path, "/secrets/db-creds") })
		}
		// 10 objects (no admin Secret, no state claim, a PDB), status, event
		Eventually(func() int { return log.count(ns, isWrite) }).Should(Equal(12))
		// The watch events of those writes bring reconciles that change
		// nothing; at rest begins once they are done.
		Eventually(func(g Gomega) {
			before := log.count(ns, anyRequest)
			time.Sleep(500 * time.Millisecond)
			g.Expect(log.count(ns, anyRequest)).To(Equal(before))
		}).Should(Succeed())
		settled := reconciles()
		Expect(settled).To(BeNumerically(">", 0))
		Consistently(func() int { return log.count(ns, anyRequest) }).WithTimeout(3*time.Second).
			Should(Equal(log.count(ns, anyRequest)), "no request, so no reconcile, while nothing changes")
		Expect(reconciles()).To(Equal(settled))
		var writes atomic.Int32
		result, err := reconcilerCountingWrites(&writes).Reconcile(ctx, ctrl.Request{NamespacedName: key(ns, "files")})
		Expect(err).NotTo(HaveOccurred())
		Expect(result).To(Equal(ctrl.Result{}), "no periodic requeue")
		Expect(writes.Load()).To(BeZero())
		settled++

		By("changing the admin password, nothing rolls")
		admin := get(&corev1.Secret{}, ns, "admin")
		admin.StringData = map[string]string{"password": "second"}
		Expect(k8sClient.Update(ctx, admin)).To(Succeed())
		Eventually(reconciles).Should(Equal(settled + 1))
		Expect(get(&appsv1.Deployment{}, ns, "files").Spec.Template.Annotations[configHashAnnotation]).To(Equal(hash))

		By("rotating the database password, the pods roll")
		rotateDatabasePassword(ns, hash)
	})

	It("keeps claims and keys without owner, and a re-created SFTPGo adopts them", func() {
		s := issueExample(ns)
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		keys := get(&corev1.Secret{}, ns, "files-keys")
		data := get(&corev1.PersistentVolumeClaim{}, ns, "files-data")
		Expect(keys.OwnerReferences).To(BeEmpty())
		Expect(data.OwnerReferences).To(BeEmpty())

		Expect(k8sClient.Delete(ctx, s)).To(Succeed())
		Eventually(func() error { return k8sClient.Get(ctx, client.ObjectKeyFromObject(s), s) }).
			Should(Satisfy(apierrors.IsNotFound))
		// envtest runs no garbage collector: do its work, so that only what
		// the SFTPGo did not own is left.
		collectGarbage(ns, s.UID)

		again := issueExample(ns)
		Expect(k8sClient.Create(ctx, again)).To(Succeed())
		converged(again)
		Expect(get(&corev1.Secret{}, ns, "files-keys").Data).To(Equal(keys.Data))
		Expect(get(&corev1.PersistentVolumeClaim{}, ns, "files-data").UID).To(Equal(data.UID))
		Expect(readyCondition(again).Reason).To(Equal("Progressing"))

		By("turning retention off, the claims and keys become owned")
		update(again, func(s *v1alpha1.SFTPGo) { s.Spec.Storage.RetentionPolicy = v1alpha1.RetentionPolicyDelete })
		Eventually(func() []metav1.OwnerReference {
			return get(&corev1.Secret{}, ns, "files-keys").OwnerReferences
		}).Should(ContainElement(HaveField("UID", again.UID)))
		Eventually(func() []metav1.OwnerReference {
			return get(&corev1.PersistentVolumeClaim{}, ns, "files-data").OwnerReferences
		}).Should(ContainElement(HaveField("UID", again.UID)))
	})

	It("changes nothing while paused, and reports it", func() {
		s := issueExample(ns)
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		before := get(&appsv1.Deployment{}, ns, "files")
		update(s, func(s *v1alpha1.SFTPGo) {
			s.Annotations = map[string]string{v1alpha1.AnnotationPaused: "true"}
			s.Spec.Replicas = ptr.To[int32](0)
		})
		converged(s)
		Expect(condition(s, v1alpha1.ConditionPaused)).NotTo(BeNil())
		Expect(get(&appsv1.Deployment{}, ns, "files").ResourceVersion).To(Equal(before.ResourceVersion))

		update(s, func(s *v1alpha1.SFTPGo) { delete(s.Annotations, v1alpha1.AnnotationPaused) })
		Eventually(func() int32 { return *get(&appsv1.Deployment{}, ns, "files").Spec.Replicas }).Should(BeZero())
		// The status is written after the objects: the Deployment can be
		// seen scaled before the condition is gone.
		Eventually(func() *metav1.Condition { return condition(s, v1alpha1.ConditionPaused) }).Should(BeNil())
	})

	It("does not take over an object someone else made with the same name", func() {
		theirs := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "files-config", Namespace: ns},
			Data: map[string]string{"mine": "yes"}}
		Expect(k8sClient.Create(ctx, theirs)).To(Succeed())
		s := issueExample(ns)
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		c := readyCondition(s)
		Expect(c.Reason).To(Equal("NameConflict"))
		Expect(c.Message).To(ContainSubstring(`ConfigMap "files-config"`))
		Expect(condition(s, v1alpha1.ConditionStalled)).To(HaveField("Status", metav1.ConditionTrue))
		Expect(get(&corev1.ConfigMap{}, ns, "files-config").Data).To(Equal(theirs.Data))
	})

	It("converges after an operator restart in the middle of many reconciles, one object of each kind", func() {
		const n = 12
		for i := range n {
			s := issueExample(ns)
			s.Name = fmt.Sprintf("files-%02d", i)
			Expect(k8sClient.Create(ctx, s)).To(Succeed())
		}
		Eventually(func() int { return len(resourceVersions(ns)) }).Should(BeNumerically(">", 0))
		operator.stop() // mid-flight: some instances are done, some half, some untouched
		operator = startManager(cfg)

		Eventually(func(g Gomega) {
			var list v1alpha1.SFTPGoList
			g.Expect(k8sClient.List(ctx, &list, client.InNamespace(ns))).To(Succeed())
			for _, s := range list.Items {
				g.Expect(s.Status.ObservedGeneration).To(Equal(s.Generation), s.Name)
			}
		}).WithTimeout(60 * time.Second).Should(Succeed())
		rv := resourceVersions(ns)
		Expect(rv).To(HaveLen(n * 11))
		for i := range n {
			prefix := fmt.Sprintf("files-%02d", i)
			count := 0
			for k := range rv {
				if strings.HasSuffix(k, "/"+prefix) || strings.Contains(k, "/"+prefix+"-") {
					count++
				}
			}
			Expect(count).To(Equal(11), prefix)
		}
	})
})

// collectGarbage deletes the managed objects owner points to, as the
// garbage collector of a real cluster does after the owner is deleted.
func collectGarbage(ns string, owner types.UID) {
	GinkgoHelper()
	lists := []client.ObjectList{
		&corev1.ConfigMapList{}, &corev1.SecretList{}, &corev1.ServiceList{}, &corev1.PersistentVolumeClaimList{},
		&appsv1.DeploymentList{}, &networkingv1.IngressList{}, &networkingv1.NetworkPolicyList{},
	}
	for _, l := range lists {
		Expect(k8sClient.List(ctx, l, client.InNamespace(ns))).To(Succeed())
		Expect(meta.EachListItem(l, func(o runtime.Object) error {
			obj := o.(client.Object)
			if ref := metav1.GetControllerOf(obj); ref != nil && ref.UID == owner {
				return client.IgnoreNotFound(k8sClient.Delete(ctx, obj))
			}
			return nil
		})).To(Succeed())
	}
}

// rotateDatabasePassword changes the password in the db-creds Secret and
// waits, through the Secret watch alone, for the pod template hash to move
// away from hash.
func rotateDatabasePassword(ns, hash string) {
	GinkgoHelper()
	secret := get(&corev1.Secret{}, ns, "db-creds")
	secret.StringData = map[string]string{"password": "s3cret-two"}
	Expect(k8sClient.Update(ctx, secret)).To(Succeed())
	Eventually(func() string {
		return get(&appsv1.Deployment{}, ns, "files").Spec.Template.Annotations[configHashAnnotation]
	}).WithTimeout(5 * time.Second).ShouldNot(Equal(hash))
}
