package controllers_test

import (
	"encoding/json"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/controllers"
	"github.com/sftpgo-operator/sftpgo-operator/internal/accounts"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi/fake"
)

var _ = Describe("Accounts on a server named by a connection Secret", func() {
	var ns string
	var server *fake.Server
	BeforeEach(func() {
		ns = newNamespace()
		server = externalServer(ns)
	})

	It("creates a user with its password and key, marked as the resource's, and finalizes it", func() {
		Expect(k8sClient.Create(ctx, loginSecret(ns, "alice-login", "first-pass"))).To(Succeed())
		u := sftpgoUser(ns, "alice", onExternal)
		Expect(k8sClient.Create(ctx, u)).To(Succeed())
		accountReady(u)

		live, ok := server.User("alice")
		Expect(ok).To(BeTrue())
		Expect(live.PublicKeys).To(ConsistOf(testPublicKey))
		Expect(live.Description).To(Equal(accounts.Marker(ns, "alice")))
		Expect(server.CheckUserPassword("alice", "first-pass")).To(BeTrue())
		Expect(u.Status.ID).To(Equal(live.ID))
		Expect(u.Finalizers).To(ContainElement(controllers.AccountFinalizer))

		By("no password in the status or the events")
		status, err := json.Marshal(u.Status)
		Expect(err).NotTo(HaveOccurred())
		Expect(string(status)).NotTo(ContainSubstring("first-pass"))
		var events eventsv1.EventList
		Expect(k8sClient.List(ctx, &events, client.InNamespace(ns))).To(Succeed())
		Expect(events.Items).NotTo(BeEmpty())
		for _, e := range events.Items {
			Expect(e.Note).NotTo(ContainSubstring("first-pass"))
		}
	})

	It("applies spec changes, rotates the password from its Secret and disconnects when it must", func() {
		Expect(k8sClient.Create(ctx, loginSecret(ns, "alice-login", "first-pass"))).To(Succeed())
		u := sftpgoUser(ns, "alice", onExternal)
		Expect(k8sClient.Create(ctx, u)).To(Succeed())
		accountReady(u)

		By("a quota change: written, no disconnect")
		updateAccount(u, func() { u.Spec.Quota = &v1alpha1.Quota{Size: ptr.To(resource.MustParse("10Gi")), Files: 100} })
		accountReady(u)
		Eventually(func() int64 { live, _ := server.User("alice"); return live.QuotaSize }).Should(Equal(int64(10 << 30)))
		Expect(lastDisconnect(server, "alice")).To(Equal(0))

		By("a new password in the Secret: sent, sessions closed, the old one refused")
		secret := &corev1.Secret{}
		Expect(k8sClient.Get(ctx, key(ns, "alice-login"), secret)).To(Succeed())
		secret.Data = map[string][]byte{"password": []byte("second-pass")}
		Expect(k8sClient.Update(ctx, secret)).To(Succeed())
		Eventually(func() bool { return server.CheckUserPassword("alice", "second-pass") }).Should(BeTrue())
		Expect(server.CheckUserPassword("alice", "first-pass")).To(BeFalse())
		Expect(lastDisconnect(server, "alice")).To(Equal(1))

		By("a quota change again: no disconnect")
		updateAccount(u, func() { u.Spec.Quota.Files = 200 })
		Eventually(func() int { live, _ := server.User("alice"); return live.QuotaFiles }).Should(Equal(200))
		Expect(lastDisconnect(server, "alice")).To(Equal(0))

		By("disabled: written with disconnect")
		updateAccount(u, func() { u.Spec.Enabled = ptr.To(false) })
		accountReady(u)
		Eventually(func() int { live, _ := server.User("alice"); return live.Status }).Should(Equal(0))
		Expect(lastDisconnect(server, "alice")).To(Equal(1))
	})

	It("writes nothing when nothing changed, at a reconcile or at a resync, and puts back edits made in the web UI", func() {
		Expect(k8sClient.Create(ctx, loginSecret(ns, "alice-login", "first-pass"))).To(Succeed())
		u := sftpgoUser(ns, "alice", onExternal)
		Expect(k8sClient.Create(ctx, u)).To(Succeed())
		accountReady(u)
		ready := accountCondition(u, v1alpha1.ConditionReady)
		server.ResetCounters()

		By("a reconcile (an annotation changed) reads the user and writes nothing")
		updateAccount(u, func() { u.Annotations = map[string]string{"team": "a"} })
		Eventually(func() int { return server.Requests()["GET /api/v2/users/{username}"] }).Should(Equal(1))
		Expect(server.Writes()).To(Equal(0))

		By("two resyncs read with one list call each and write nothing")
		server.ResetCounters()
		time.Sleep(2*accountResync + time.Second)
		Expect(server.Writes()).To(Equal(0))
		Expect(server.Requests()).NotTo(HaveKey("GET /api/v2/users/{username}"), "a resync reads with lists, not one GET per user")
		Expect(server.Requests()["GET /api/v2/users"]).To(BeNumerically(">=", 2))
		Expect(accountCondition(u, v1alpha1.ConditionReady).LastTransitionTime).To(Equal(ready.LastTransitionTime))

		By("an edit in the web UI is put back by the next resync")
		live, _ := server.User("alice")
		live.QuotaFiles = 42
		live.Description = "edited"
		server.PutUser(*live)
		Eventually(func() string { live, _ := server.User("alice"); return live.Description }).
			Should(Equal(accounts.Marker(ns, "alice")))
		live, _ = server.User("alice")
		Expect(live.QuotaFiles).To(Equal(0))
	})

	It("waits for the groups and folders a user names, and applies it as soon as they are synced", func() {
		Expect(k8sClient.Create(ctx, loginSecret(ns, "alice-login", "first-pass"))).To(Succeed())
		u := sftpgoUser(ns, "alice", onExternal)
		u.Spec.Groups = []v1alpha1.UserGroup{{Name: "developers", Type: v1alpha1.GroupTypePrimary}}
		u.Spec.VirtualFolders = []v1alpha1.VirtualFolderMount{{Name: "shared", VirtualPath: "/shared"}}
		Expect(k8sClient.Create(ctx, u)).To(Succeed())

		By("no resource manages them and the server lacks them: waiting, retried")
		accountWaits(u, v1alpha1.ReasonWaitingForGroup)

		By("a group resource that is not synced (its storage Secret is missing): waiting for it")
		g := &v1alpha1.SFTPGoGroup{ObjectMeta: metav1.ObjectMeta{Name: "developers", Namespace: ns},
			Spec: v1alpha1.SFTPGoGroupSpec{Server: onExternal}}
		g.Spec.Storage = &v1alpha1.AccountStorage{Type: v1alpha1.StorageLocalEncrypted,
			LocalEncrypted: &v1alpha1.LocalEncryptedStorage{PassphraseSecret: v1alpha1.SecretKeyReference{
				SecretReference: v1alpha1.SecretReference{Name: "dev-passphrase"}}}}
		Expect(k8sClient.Create(ctx, g)).To(Succeed())
		accountWaits(g, v1alpha1.ReasonSecretMissing)
		accountWaits(u, v1alpha1.ReasonWaitingForGroup)

		f := &v1alpha1.SFTPGoFolder{ObjectMeta: metav1.ObjectMeta{Name: "shared", Namespace: ns},
			Spec: v1alpha1.SFTPGoFolderSpec{Server: onExternal, MappedPath: "/srv/sftpgo/shared"}}
		Expect(k8sClient.Create(ctx, f)).To(Succeed())
		accountReady(f)

		By("the Secret appears: the group syncs, then the user, by watch")
		Expect(k8sClient.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "dev-passphrase", Namespace: ns},
			StringData: map[string]string{"passphrase": "long random passphrase"}})).To(Succeed())
		accountReady(g)
		accountReady(u)
		live, _ := server.User("alice")
		Expect(live.Groups).To(HaveLen(1))
		Expect(live.VirtualFolders).To(HaveLen(1))
	})

	It("never takes over an account it did not create until told to, and never one another resource manages", func() {
		server.PutUser(*existingUser("bob"))
		Expect(k8sClient.Create(ctx, loginSecret(ns, "bob-login", "bob-pass"))).To(Succeed())
		b := sftpgoUser(ns, "bob", onExternal)
		Expect(k8sClient.Create(ctx, b)).To(Succeed())
		c := accountWaits(b, v1alpha1.ReasonConflict)
		Expect(c.Message).To(ContainSubstring(v1alpha1.AnnotationAdopt))
		Expect(accountCondition(b, v1alpha1.ConditionStalled)).To(HaveField("Status", metav1.ConditionTrue))
		live, _ := server.User("bob")
		Expect(live.Description).To(Equal("made by hand"))

		By("adopted when annotated")
		updateAccount(b, func() { b.Annotations = map[string]string{v1alpha1.AnnotationAdopt: "true"} })
		accountReady(b)
		live, _ = server.User("bob")
		Expect(live.Description).To(Equal(accounts.Marker(ns, "bob")))
		Expect(server.CheckUserPassword("bob", "bob-pass")).To(BeTrue())

		By("a second resource for the same account: Conflict, even when annotated")
		twin := sftpgoUser(ns, "bob-twin", onExternal)
		twin.Spec.Username = "bob"
		twin.Annotations = map[string]string{v1alpha1.AnnotationAdopt: "true"}
		twin.Spec.PasswordSecret.Name = "bob-login"
		Expect(k8sClient.Create(ctx, twin)).To(Succeed())
		Expect(accountWaits(twin, v1alpha1.ReasonConflict).Message).To(ContainSubstring(ns + "/bob"))

		By("deleting the conflicting resource leaves the account alone")
		deleteAndWait(twin)
		_, ok := server.User("bob")
		Expect(ok).To(BeTrue())
	})

	It("creates an admin, and refuses a bcrypt $2y$ hash SFTPGo would take as plain text", func() {
		Expect(k8sClient.Create(ctx, loginSecret(ns, "helpdesk-login", "$2y$10$abcdefghijklmnopqrstuuB1Qk3o0mZ0sY2Tn5kqkqkqkqkqkqkq"))).To(Succeed())
		a := &v1alpha1.SFTPGoAdmin{ObjectMeta: metav1.ObjectMeta{Name: "helpdesk", Namespace: ns},
			Spec: v1alpha1.SFTPGoAdminSpec{Server: onExternal,
				PasswordSecret: v1alpha1.SecretKeyReference{SecretReference: v1alpha1.SecretReference{Name: "helpdesk-login"}},
				Permissions:    []v1alpha1.AdminPermission{v1alpha1.AdminPermissionViewUsers, v1alpha1.AdminPermissionAddUsers}}}
		Expect(k8sClient.Create(ctx, a)).To(Succeed())
		Expect(accountWaits(a, v1alpha1.ReasonSecretInvalid).Message).To(ContainSubstring("$2a$"))
		_, ok := server.Admin("helpdesk")
		Expect(ok).To(BeFalse())

		By("a plain password: created with its permissions")
		secret := &corev1.Secret{}
		Expect(k8sClient.Get(ctx, key(ns, "helpdesk-login"), secret)).To(Succeed())
		secret.Data = map[string][]byte{"password": []byte("helpdesk-pass")}
		Expect(k8sClient.Update(ctx, secret)).To(Succeed())
		accountReady(a)
		live, ok := server.Admin("helpdesk")
		Expect(ok).To(BeTrue())
		Expect(live.Permissions).To(ConsistOf("view_users", "add_users"))
	})

	It("deletes the account with deletionPolicy Delete and keeps it with Retain", func() {
		Expect(k8sClient.Create(ctx, loginSecret(ns, "alice-login", "a"))).To(Succeed())
		Expect(k8sClient.Create(ctx, loginSecret(ns, "carol-login", "c"))).To(Succeed())
		a := sftpgoUser(ns, "alice", onExternal)
		c := sftpgoUser(ns, "carol", onExternal)
		c.Spec.DeletionPolicy = v1alpha1.DeletionPolicyRetain
		Expect(k8sClient.Create(ctx, a)).To(Succeed())
		Expect(k8sClient.Create(ctx, c)).To(Succeed())
		accountReady(a)
		accountReady(c)
		deleteAndWait(a)
		deleteAndWait(c)
		_, aliceLeft := server.User("alice")
		_, carolLeft := server.User("carol")
		Expect(aliceLeft).To(BeFalse())
		Expect(carolLeft).To(BeTrue())
	})

	It("reports an unreachable server without a hot loop, recovers, and lets go of resources whose server is gone", func() {
		Expect(k8sClient.Create(ctx, loginSecret(ns, "alice-login", "a"))).To(Succeed())
		server.SetUnreachable(true)
		u := sftpgoUser(ns, "alice", onExternal)
		Expect(k8sClient.Create(ctx, u)).To(Succeed())
		accountWaits(u, v1alpha1.ReasonUnreachable)
		rv := u.ResourceVersion
		Consistently(func() string {
			Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(u), u)).To(Succeed())
			return u.ResourceVersion
		}).WithTimeout(3*time.Second).Should(Equal(rv), "retries rewrite no status")

		By("back: synced within the backoff cap")
		server.SetUnreachable(false)
		accountReady(u)

		By("deleted while the server is unreachable: let go after the grace period, the account left and said so")
		Expect(k8sClient.Create(ctx, loginSecret(ns, "carol-login", "c"))).To(Succeed())
		c := sftpgoUser(ns, "carol", onExternal)
		Expect(k8sClient.Create(ctx, c)).To(Succeed())
		accountReady(c)
		server.SetUnreachable(true)
		Expect(k8sClient.Delete(ctx, c)).To(Succeed())
		Consistently(func() error { return k8sClient.Get(ctx, client.ObjectKeyFromObject(c), c) }).
			WithTimeout(accountDeleteGrace/2).Should(Succeed(), "kept while the grace period runs")
		Eventually(func() error { return k8sClient.Get(ctx, client.ObjectKeyFromObject(c), c) }).
			Should(MatchError(ContainSubstring("not found")))
		Expect(warningEvents(ns, "AccountLeft")).To(ContainElement(HaveField("Note", ContainSubstring(`"carol"`))))
		server.SetUnreachable(false)
		_, carolLeft := server.User("carol")
		Expect(carolLeft).To(BeTrue())

		By("the connection Secret deleted: the resource goes, the account stays")
		Expect(k8sClient.Delete(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "ext", Namespace: ns}})).To(Succeed())
		deleteAndWait(u)
		_, ok := server.User("alice")
		Expect(ok).To(BeTrue())
	})
})

var _ = Describe("Accounts on an SFTPGo the operator runs", func() {
	It("reaches it through its web Service as the operator's own admin, and lets go of accounts when it is deleted", func() {
		ns := newNamespace()
		s := issueExample(ns)
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		server := fake.New()
		DeferCleanup(server.Close)
		serveFakeAs(server, ns, "files")

		By("the operator's admin, as the pods would load it from its Secret")
		admin := get(&corev1.Secret{}, ns, "files-operator-admin")
		server.AddAdmin(string(admin.Data["username"]), string(admin.Data["password"]))

		Expect(k8sClient.Create(ctx, loginSecret(ns, "alice-login", "a"))).To(Succeed())
		u := sftpgoUser(ns, "alice", v1alpha1.ServerReference{Name: "files"})
		Expect(k8sClient.Create(ctx, u)).To(Succeed())
		accountWaits(u, v1alpha1.ReasonServerNotReady)

		By("the Deployment available: SFTPGo Ready, the user created")
		markAvailable(ns, "files")
		accountReady(u)
		_, ok := server.User("alice")
		Expect(ok).To(BeTrue())

		By("the SFTPGo deleted: the account resources are let go")
		Expect(k8sClient.Delete(ctx, s)).To(Succeed())
		deleteAndWait(u)
	})
})

// markAvailable sets the Deployment's status as the deployment controller
// would once every replica is up (envtest runs no controllers).
func markAvailable(ns, name string) {
	GinkgoHelper()
	d := get(&appsv1.Deployment{}, ns, name)
	d.Status.ObservedGeneration = d.Generation
	d.Status.Replicas, d.Status.UpdatedReplicas, d.Status.ReadyReplicas, d.Status.AvailableReplicas = 1, 1, 1, 1
	Expect(k8sClient.Status().Update(ctx, d)).To(Succeed())
}

// updateAccount changes a resource with retries on conflicts.
func updateAccount(res accounts.Resource, mutate func()) {
	GinkgoHelper()
	Eventually(func() error {
		if err := k8sClient.Get(ctx, client.ObjectKeyFromObject(res), res); err != nil {
			return err
		}
		mutate()
		return k8sClient.Update(ctx, res)
	}).Should(Succeed())
}

// lastDisconnect is the disconnect parameter of the last update of the
// user, 0 when none.
func lastDisconnect(f *fake.Server, username string) int {
	d, _ := f.LastDisconnect(username)
	return d
}
