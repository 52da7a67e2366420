package leastprivilege_test

import (
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"slices"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	routev1 "github.com/openshift/api/route/v1"
	appsv1 "k8s.io/api/apps/v1"
	authenticationv1 "k8s.io/api/authentication/v1"
	authorizationv1 "k8s.io/api/authorization/v1"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/util/retry"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	crleaderelection "sigs.k8s.io/controller-runtime/pkg/leaderelection"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manager"
)

var _ = Describe("The operator with only its own roles", func() {
	var ns string
	BeforeEach(func() { ns = newNamespace() })

	It("runs on a control plane that enforces owner reference permissions", func() {
		// Otherwise the specs below prove nothing: a user allowed to create
		// ConfigMaps, but not to update sftpgos/finalizers, must be refused
		// a blocking owner reference to an SFTPGo.
		s := ingressSFTPGo(ns)
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		probe := "probe-" + rand.String(5)
		role := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: probe, Namespace: ns},
			Rules: []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"configmaps"}, Verbs: []string{"create"}}}}
		Expect(k8sClient.Create(ctx, role)).To(Succeed())
		Expect(k8sClient.Create(ctx, &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: probe, Namespace: ns},
			RoleRef:  rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: probe},
			Subjects: []rbacv1.Subject{{Kind: rbacv1.UserKind, Name: probe}}})).To(Succeed())
		user, err := testEnv.AddUser(envtest.User{Name: probe}, nil)
		Expect(err).NotTo(HaveOccurred())
		probeClient, err := client.New(user.Config(), client.Options{Scheme: manager.NewScheme()})
		Expect(err).NotTo(HaveOccurred())

		cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: probe, Namespace: ns, OwnerReferences: []metav1.OwnerReference{{
			APIVersion: v1alpha1.GroupVersion.String(), Kind: "SFTPGo", Name: s.Name, UID: s.UID,
			Controller: ptr.To(true), BlockOwnerDeletion: ptr.To(true),
		}}}}
		Eventually(func() error { return probeClient.Create(ctx, cm) }).Should(
			MatchError(ContainSubstring("cannot set blockOwnerDeletion")))
	})

	It("creates, repairs and prunes every object of an SFTPGo behind an Ingress with trusted proxies", func() {
		s := ingressSFTPGo(ns)
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		Expect(readyReason(s)).To(Equal(v1alpha1.ReasonProgressing))
		for _, obj := range []client.Object{
			get(&corev1.ConfigMap{}, ns, "files-config"), get(&corev1.Service{}, ns, "files"), get(&corev1.Service{}, ns, "files-web"),
			get(&networkingv1.Ingress{}, ns, "files"), get(&networkingv1.NetworkPolicy{}, ns, "files"), get(&appsv1.Deployment{}, ns, "files"),
		} {
			Expect(isControlledBy(obj, s)).To(BeTrue(), "%T %s", obj, obj.GetName())
		}
		// retained by default: no owner
		Expect(get(&corev1.Secret{}, ns, "files-keys").OwnerReferences).To(BeEmpty())
		Expect(get(&corev1.Secret{}, ns, "files-admin").OwnerReferences).To(BeEmpty())
		Expect(get(&corev1.Secret{}, ns, "files-operator-admin").OwnerReferences).To(BeEmpty())
		Expect(get(&corev1.PersistentVolumeClaim{}, ns, "files-data").OwnerReferences).To(BeEmpty())
		Expect(get(&corev1.PersistentVolumeClaim{}, ns, "files-state").OwnerReferences).To(BeEmpty())

		By("deleting the ConfigMap, it comes back")
		cm := get(&corev1.ConfigMap{}, ns, "files-config")
		Expect(k8sClient.Delete(ctx, cm)).To(Succeed())
		Eventually(func(g Gomega) {
			var got corev1.ConfigMap
			g.Expect(k8sClient.Get(ctx, key(ns, "files-config"), &got)).To(Succeed())
			g.Expect(got.UID).NotTo(Equal(cm.UID))
		}).Should(Succeed())

		By("renumbering the Service's port, the operator replaces its content (the apply would be invalid)")
		svc := get(&corev1.Service{}, ns, "files")
		svc.Spec.Ports[0].Port = 2222
		Expect(k8sClient.Update(ctx, svc)).To(Succeed())
		Eventually(func() int32 { return get(&corev1.Service{}, ns, "files").Spec.Ports[0].Port }).Should(Equal(int32(22)))

		By("switching to a Route, the Ingress goes")
		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Expose.Type = v1alpha1.ExposeRoute })
		Expect(isControlledBy(get(&routev1.Route{}, ns, "files"), s)).To(BeTrue())
		gone(&networkingv1.Ingress{}, ns, "files")

		By("switching to an HTTPRoute, the Route goes")
		update(s, func(s *v1alpha1.SFTPGo) {
			s.Spec.Expose.Type = v1alpha1.ExposeHTTPRoute
			s.Spec.Expose.GatewayRef = v1alpha1.GatewayRef{Name: "public", Namespace: "gateways"}
		})
		Expect(isControlledBy(get(&gatewayv1.HTTPRoute{}, ns, "files"), s)).To(BeTrue())
		gone(&routev1.Route{}, ns, "files")

		By("publishing nothing, without NetworkPolicy and without SFTP, their objects go")
		update(s, func(s *v1alpha1.SFTPGo) {
			s.Spec.Expose = v1alpha1.ExposeSpec{Type: v1alpha1.ExposeNone}
			s.Spec.Security.NetworkPolicy.Enabled = ptr.To(false)
			s.Spec.SFTP.Enabled = ptr.To(false)
		})
		gone(&gatewayv1.HTTPRoute{}, ns, "files")
		gone(&networkingv1.NetworkPolicy{}, ns, "files")
		gone(&corev1.Service{}, ns, "files")
		converged(s)
		Expect(readyReason(s)).To(Equal(v1alpha1.ReasonProgressing))
	})

	It("publishes through a Route, trusting the cluster network OpenShift reports", func() {
		s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: ns}}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		Expect(isControlledBy(get(&routev1.Route{}, ns, "files"), s)).To(BeTrue())
		Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), s)).To(Succeed())
		Expect(s.Status.TrustedProxies.Source).To(Equal(v1alpha1.TrustedProxiesFromOpenShift))
	})

	It("runs two replicas on PostgreSQL with a PodDisruptionBudget, and removes it at one replica", func() {
		Expect(k8sClient.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "db-creds", Namespace: ns},
			StringData: map[string]string{"username": "sftpgo", "password": "s3cret"}})).To(Succeed())
		s := ingressSFTPGo(ns)
		s.Spec.Replicas = ptr.To[int32](2)
		s.Spec.DataProvider = v1alpha1.DataProviderSpec{
			Driver: v1alpha1.DriverPostgreSQL, Host: "db.example.svc", Port: 5432, Database: "sftpgo", SSLMode: v1alpha1.SSLModeVerifyFull,
			CredentialsSecret: &v1alpha1.CredentialsSecretReference{SecretReference: v1alpha1.SecretReference{Name: "db-creds"}},
		}
		s.Spec.Storage.Data.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteMany}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		Expect(isControlledBy(get(&policyv1.PodDisruptionBudget{}, ns, "files"), s)).To(BeTrue())
		Expect(*get(&appsv1.Deployment{}, ns, "files").Spec.Replicas).To(Equal(int32(2)))

		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Replicas = ptr.To[int32](1) })
		gone(&policyv1.PodDisruptionBudget{}, ns, "files")
	})

	It("adds and drops the owner reference of claims, keys and the admin Secret when retention flips", func() {
		s := ingressSFTPGo(ns)
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		retained := map[string]client.Object{
			"files-keys": &corev1.Secret{}, "files-admin": &corev1.Secret{}, "files-operator-admin": &corev1.Secret{},
			"files-data": &corev1.PersistentVolumeClaim{}, "files-state": &corev1.PersistentVolumeClaim{},
		}
		for name, obj := range retained {
			Expect(get(obj, ns, name).GetOwnerReferences()).To(BeEmpty(), name)
		}

		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Storage.RetentionPolicy = v1alpha1.RetentionPolicyDelete })
		for name, obj := range retained {
			Eventually(func() bool { return isControlledBy(get(obj, ns, name), s) }).Should(BeTrue(), name)
		}

		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Storage.RetentionPolicy = v1alpha1.RetentionPolicyRetain })
		for name, obj := range retained {
			Eventually(func() []metav1.OwnerReference { return get(obj, ns, name).GetOwnerReferences() }).
				Should(BeEmpty(), name)
		}
	})

	It("adopts what a delete with --cascade=orphan left behind", func() {
		s := ingressSFTPGo(ns)
		s.Spec.Storage.RetentionPolicy = v1alpha1.RetentionPolicyDelete // every object owned
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		objects := ownedObjects(ns)
		for _, obj := range objects {
			Expect(isControlledBy(obj, s)).To(BeTrue(), "%T %s", obj, obj.GetName())
		}

		// The API server puts the orphan finalizer on the SFTPGo; envtest runs
		// no garbage collector, so do its part: drop the owner references of
		// the dependents, then the finalizer.
		Expect(k8sClient.Delete(ctx, s, client.PropagationPolicy(metav1.DeletePropagationOrphan))).To(Succeed())
		for _, obj := range objects {
			orphan(obj, s.UID)
		}
		Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), s)).To(Succeed())
		Expect(s.Finalizers).To(ConsistOf(metav1.FinalizerOrphanDependents))
		s.Finalizers = nil
		Expect(k8sClient.Update(ctx, s)).To(Succeed())
		gone(&v1alpha1.SFTPGo{}, ns, "files")

		again := ingressSFTPGo(ns)
		again.Spec.Storage.RetentionPolicy = v1alpha1.RetentionPolicyDelete
		Expect(k8sClient.Create(ctx, again)).To(Succeed())
		for _, obj := range objects {
			Eventually(func() bool {
				live := get(obj, ns, obj.GetName())
				// A reconcile of the old SFTPGo still under way when its
				// references were dropped may have put one back; the garbage
				// collector would deal with a reference to an owner that is
				// gone, so the test does again.
				orphan(live, s.UID)
				return isControlledBy(live, again)
			}).Should(BeTrue(), "%T %s", obj, obj.GetName())
		}
	})

	It("holds the leader-election Lease with the leader-election Role", func() {
		role := readRBAC(&rbacv1.Role{}, "leader_election_role.yaml")
		role.Namespace = ns
		Expect(k8sClient.Create(ctx, role)).To(Succeed())
		Expect(k8sClient.Create(ctx, &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: role.Name, Namespace: ns},
			RoleRef:  rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: role.Name},
			Subjects: []rbacv1.Subject{{Kind: rbacv1.UserKind, Name: operatorUser}}})).To(Succeed())
		waitUntilAllowed(ns, authorizationv1.ResourceAttributes{Group: "coordination.k8s.io", Resource: "leases", Verb: "create"})

		// The lock and recorder the manager builds with --leader-elect; only
		// the namespace, which in a pod comes from its ServiceAccount, is given.
		const id = "sftpgo-operator.sftpgo.operator.dev"
		lock, err := crleaderelection.NewResourceLock(operatorCfg, operator, crleaderelection.Options{
			LeaderElection: true, LeaderElectionID: id, LeaderElectionNamespace: ns, RenewDeadline: 2 * time.Second,
		})
		Expect(err).NotTo(HaveOccurred())
		leading := make(chan struct{})
		elector, err := leaderelection.NewLeaderElector(leaderelection.LeaderElectionConfig{
			Lock: lock, LeaseDuration: 3 * time.Second, RenewDeadline: 2 * time.Second, RetryPeriod: 200 * time.Millisecond,
			Name: id, ReleaseOnCancel: true,
			Callbacks: leaderelection.LeaderCallbacks{
				OnStartedLeading: func(context.Context) { close(leading) },
				OnStoppedLeading: func() {},
			},
		})
		Expect(err).NotTo(HaveOccurred())
		electCtx, stopElection := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			elector.Run(electCtx)
		}()
		Eventually(leading).Should(BeClosed())
		first := get(&coordinationv1.Lease{}, ns, id).Spec.RenewTime
		Eventually(func() bool { return get(&coordinationv1.Lease{}, ns, id).Spec.RenewTime.After(first.Time) }).
			Should(BeTrue(), "the lease is renewed")
		stopElection()
		Eventually(done).Should(BeClosed())
		Expect(ptr.Deref(get(&coordinationv1.Lease{}, ns, id).Spec.HolderIdentity, "")).To(BeEmpty(), "released on stop")
	})

	It("serves metrics to a metrics-reader only, checking callers with TokenReview and SubjectAccessReview", func() {
		clientset, err := kubernetes.NewForConfig(adminCfg)
		Expect(err).NotTo(HaveOccurred())
		token := func(sa string) string {
			GinkgoHelper()
			Expect(k8sClient.Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: sa, Namespace: ns}})).To(Succeed())
			tr, err := clientset.CoreV1().ServiceAccounts(ns).CreateToken(ctx, sa,
				&authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: ptr.To[int64](600)}},
				metav1.CreateOptions{})
			Expect(err).NotTo(HaveOccurred())
			return tr.Status.Token
		}
		reader := readRBAC(&rbacv1.ClusterRole{}, "metrics_reader_role.yaml")
		bindClusterRole(reader, rbacv1.Subject{Kind: rbacv1.ServiceAccountKind, Name: "prometheus", Namespace: ns})
		prometheus, stranger := token("prometheus"), token("stranger")

		scrape := func(token string) (int, string) {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://"+metricsAddr+"/metrics", nil)
			Expect(err).NotTo(HaveOccurred())
			req.Header.Set("Authorization", "Bearer "+token)
			// The operator serves a self-signed certificate without --metrics-cert-path.
			c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}} //nolint:gosec // G402: the test checks authorization, not the self-signed certificate
			resp, err := c.Do(req)
			if err != nil {
				return 0, err.Error()
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(body)
		}
		Eventually(func(g Gomega) {
			code, body := scrape(prometheus)
			g.Expect(code).To(Equal(http.StatusOK), body)
			g.Expect(body).To(ContainSubstring("controller_runtime_reconcile_total"))
		}).Should(Succeed())
		code, _ := scrape(stranger)
		Expect(code).To(Equal(http.StatusForbidden))
		code, _ = scrape("not-a-token")
		Expect(code).To(Equal(http.StatusUnauthorized))
		code, _ = scrape("")
		Expect(code).To(Equal(http.StatusUnauthorized))
	})
})

// ingressSFTPGo publishes the web through an Ingress with Edge TLS and
// trusted proxies, as the example does.
func ingressSFTPGo(ns string) *v1alpha1.SFTPGo {
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

// ownedObjects are the objects of SFTPGo files in ns.
func ownedObjects(ns string) []client.Object {
	GinkgoHelper()
	return []client.Object{
		get(&corev1.ConfigMap{}, ns, "files-config"),
		get(&corev1.Secret{}, ns, "files-keys"),
		get(&corev1.Secret{}, ns, "files-admin"),
		get(&corev1.Secret{}, ns, "files-operator-admin"),
		get(&corev1.Service{}, ns, "files"),
		get(&corev1.Service{}, ns, "files-web"),
		get(&corev1.PersistentVolumeClaim{}, ns, "files-data"),
		get(&corev1.PersistentVolumeClaim{}, ns, "files-state"),
		get(&networkingv1.Ingress{}, ns, "files"),
		get(&networkingv1.NetworkPolicy{}, ns, "files"),
		get(&appsv1.Deployment{}, ns, "files"),
	}
}

func newNamespace() string {
	GinkgoHelper()
	name := "t-" + rand.String(6)
	Expect(k8sClient.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}})).To(Succeed())
	return name
}

func key(ns, name string) client.ObjectKey { return client.ObjectKey{Namespace: ns, Name: name} }

// get waits for the object to exist and returns it.
func get[T client.Object](obj T, ns, name string) T {
	GinkgoHelper()
	Eventually(func() error { return k8sClient.Get(ctx, key(ns, name), obj) }).Should(Succeed())
	return obj
}

// gone waits for the object to be deleted.
func gone(obj client.Object, ns, name string) {
	GinkgoHelper()
	Eventually(func() error { return k8sClient.Get(ctx, key(ns, name), obj) }).Should(Satisfy(apierrors.IsNotFound))
}

// converged waits until the operator has reported on the current generation.
func converged(s *v1alpha1.SFTPGo) {
	GinkgoHelper()
	Eventually(func(g Gomega) {
		var got v1alpha1.SFTPGo
		g.Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), &got)).To(Succeed())
		g.Expect(got.Status.ObservedGeneration).To(Equal(got.Generation))
		g.Expect(meta.FindStatusCondition(got.Status.Conditions, v1alpha1.ConditionReady)).NotTo(BeNil())
	}).Should(Succeed())
}

func readyReason(s *v1alpha1.SFTPGo) string {
	GinkgoHelper()
	var got v1alpha1.SFTPGo
	Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), &got)).To(Succeed())
	return meta.FindStatusCondition(got.Status.Conditions, v1alpha1.ConditionReady).Reason
}

func update(s *v1alpha1.SFTPGo, mutate func(*v1alpha1.SFTPGo)) {
	GinkgoHelper()
	Expect(retry.RetryOnConflict(retry.DefaultRetry, func() error {
		if err := k8sClient.Get(ctx, client.ObjectKeyFromObject(s), s); err != nil {
			return err
		}
		mutate(s)
		return k8sClient.Update(ctx, s)
	})).To(Succeed())
}

func isControlledBy(obj client.Object, owner *v1alpha1.SFTPGo) bool {
	ref := metav1.GetControllerOf(obj)
	return ref != nil && ref.UID == owner.UID && ref.Kind == "SFTPGo" && ref.BlockOwnerDeletion != nil && *ref.BlockOwnerDeletion
}

// orphan drops obj's owner references to the owner with uid, as the garbage
// collector does for the dependents of an owner deleted with orphaning.
func orphan(obj client.Object, uid types.UID) {
	GinkgoHelper()
	refs := obj.GetOwnerReferences()
	kept := slices.DeleteFunc(slices.Clone(refs), func(r metav1.OwnerReference) bool { return r.UID == uid })
	if len(kept) == len(refs) {
		return
	}
	patch := client.MergeFrom(obj.DeepCopyObject().(client.Object))
	obj.SetOwnerReferences(kept)
	Expect(client.IgnoreNotFound(k8sClient.Patch(ctx, obj, patch))).To(Succeed())
}
