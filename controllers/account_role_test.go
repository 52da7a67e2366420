package controllers_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi/fake"
)

// roleAdminServer starts a fake SFTPGo whose admin "support" has role
// team-a, and the connection Secret "ext" that names it with the admin's
// password or, with apiKey, an API key of that admin.
func roleAdminServer(ns string, apiKey bool) *fake.Server {
	GinkgoHelper()
	f := fake.New()
	DeferCleanup(f.Close)
	f.AddRoleAdmin("support", "support-pass", "team-a")
	data := map[string]string{"url": f.URL, "username": "support", "password": "support-pass"}
	if apiKey {
		data = map[string]string{"url": f.URL, "apiKey": f.AddAPIKey("support")}
	}
	Expect(k8sClient.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "ext", Namespace: ns},
		StringData: data})).To(Succeed())
	return f
}

var _ = Describe("Users on a server whose connection admin has a role", func() {
	var ns string
	BeforeEach(func() { ns = newNamespace() })

	DescribeTable("a user without spec.role gets the admin's role, and resyncs write nothing",
		func(apiKey bool) {
			server := roleAdminServer(ns, apiKey)
			Expect(k8sClient.Create(ctx, loginSecret(ns, "alice-login", "first-pass"))).To(Succeed())
			u := sftpgoUser(ns, "alice", onExternal)
			Expect(k8sClient.Create(ctx, u)).To(Succeed())
			accountReady(u)
			live, ok := server.User("alice")
			Expect(ok).To(BeTrue())
			Expect(live.Role).To(Equal("team-a"))
			Expect(u.Status.ID).To(Equal(live.ID))

			By("two resyncs read the user and write nothing")
			server.ResetCounters()
			time.Sleep(2*accountResync + time.Second)
			Expect(server.Requests()["GET /api/v2/users"]).To(BeNumerically(">=", 2))
			Expect(server.Writes()).To(Equal(0), "%v", server.Requests())
			accountReady(u)
		},
		Entry("token from the admin's password", false),
		Entry("API key", true),
	)

	It("reports RoleForced for a user whose spec.role is another, and writes nothing for it", func() {
		server := roleAdminServer(ns, false)
		Expect(k8sClient.Create(ctx, loginSecret(ns, "bob-login", "first-pass"))).To(Succeed())
		u := sftpgoUser(ns, "bob", onExternal)
		u.Spec.Role = "team-b"
		Expect(k8sClient.Create(ctx, u)).To(Succeed())
		c := accountWaits(u, v1alpha1.ReasonRoleForced)
		Expect(c.Status).To(Equal(metav1.ConditionFalse))
		Expect(c.Message).To(ContainSubstring(`has role "team-a"`))
		Expect(c.Message).To(ContainSubstring("spec.role: team-a"))
		Expect(c.Message).To(ContainSubstring("remove spec.role"))
		Expect(c.Message).To(ContainSubstring("an admin without a role"))
		Expect(accountCondition(u, v1alpha1.ConditionStalled).Status).To(Equal(metav1.ConditionTrue))
		Expect(server.Writes()).To(Equal(0))
		Expect(server.Names(fake.KindUser)).To(BeEmpty())

		By("resyncs write nothing either")
		time.Sleep(2*accountResync + time.Second)
		Expect(server.Writes()).To(Equal(0), "%v", server.Requests())
		Expect(accountWaits(u, v1alpha1.ReasonRoleForced).LastTransitionTime).To(Equal(c.LastTransitionTime))

		By("spec.role set to the admin's role: created, Ready")
		updateAccount(u, func() { u.Spec.Role = "team-a" })
		accountReady(u)
		live, ok := server.User("bob")
		Expect(ok).To(BeTrue())
		Expect(live.Role).To(Equal("team-a"))
	})

	It("reports Conflict for a name a user of another role holds, which the admin cannot see", func() {
		server := roleAdminServer(ns, false)
		server.PutUser(sftpgoapi.User{Username: "carol", Status: sftpgoapi.StatusEnabled, Role: "team-b",
			Permissions: sftpgoapi.Permissions{"/": {"*"}}})
		Expect(k8sClient.Create(ctx, loginSecret(ns, "carol-login", "first-pass"))).To(Succeed())
		u := sftpgoUser(ns, "carol", onExternal)
		Expect(k8sClient.Create(ctx, u)).To(Succeed())
		c := accountWaits(u, v1alpha1.ReasonConflict)
		Expect(c.Message).To(ContainSubstring(`outside role "team-a"`))
		By("the user is left as it was: the create was refused, nothing was updated")
		live, _ := server.User("carol")
		Expect(live.Role).To(Equal("team-b"))
		Expect(live.Description).To(BeEmpty())
		Expect(server.Requests()).NotTo(HaveKey("PUT /api/v2/users/{username}"))
	})
})
