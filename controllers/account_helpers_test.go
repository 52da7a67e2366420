package controllers_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"golang.org/x/crypto/ssh"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/accounts"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi/fake"
)

// accountResync is the account resync interval of the suite's operator:
// short, so that specs see a resync.
const accountResync = 2 * time.Second

// accountDeleteGrace is how long the suite's operator waits for an
// unreachable server before it lets a deleted resource go.
const accountDeleteGrace = 4 * time.Second

// fakeAddresses maps the address the operator dials for an SFTPGo it runs
// (its web Service, files-web.NS.svc:8080) to the fake server standing in
// for it. The operator's dialer is the only test hook: the URL, the
// credentials and the TLS settings are the operator's own.
var fakeAddresses sync.Map // string -> string

func dialFakes(ctx context.Context, network, addr string) (net.Conn, error) {
	if to, ok := fakeAddresses.Load(addr); ok {
		addr = to.(string)
	}
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}

// serveFakeAs makes the operator reach f when it dials the web Service of
// SFTPGo name in ns.
func serveFakeAs(f *fake.Server, ns, name string) {
	u, err := url.Parse(f.URL)
	Expect(err).NotTo(HaveOccurred())
	fakeAddresses.Store(name+"-web."+ns+".svc:8080", u.Host)
	DeferCleanup(func() { fakeAddresses.Delete(name + "-web." + ns + ".svc:8080") })
}

// externalServer starts a fake SFTPGo and the connection Secret "ext"
// that names it.
func externalServer(ns string) *fake.Server {
	GinkgoHelper()
	f := fake.New()
	DeferCleanup(f.Close)
	f.AddAdmin("automation", "admin-pass")
	Expect(k8sClient.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "ext", Namespace: ns},
		StringData: map[string]string{"url": f.URL, "username": "automation", "password": "admin-pass"}})).To(Succeed())
	return f
}

var onExternal = v1alpha1.ServerReference{ConnectionSecret: &v1alpha1.SecretReference{Name: "ext"}}

func loginSecret(ns, name, password string) *corev1.Secret {
	return &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		StringData: map[string]string{"password": password}}
}

func sftpgoUser(ns, name string, server v1alpha1.ServerReference) *v1alpha1.SFTPGoUser {
	return &v1alpha1.SFTPGoUser{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: v1alpha1.SFTPGoUserSpec{
			Server:         server,
			PasswordSecret: &v1alpha1.SecretKeyReference{SecretReference: v1alpha1.SecretReference{Name: name + "-login"}},
			PublicKeys:     []string{testPublicKey},
		},
	}
}

var testPublicKey = newPublicKey()

// newPublicKey returns an authorized_keys line of a new ed25519 key.
func newPublicKey() string {
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	key, err := ssh.NewPublicKey(pub)
	if err != nil {
		panic(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key)))
}

// accountCondition reads a condition of an account resource.
func accountCondition(res accounts.Resource, conditionType string) *metav1.Condition {
	GinkgoHelper()
	Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(res), res)).To(Succeed())
	return meta.FindStatusCondition(res.AccountStatus().Conditions, conditionType)
}

// accountReady waits until the resource's current generation is synced.
func accountReady(res accounts.Resource) {
	GinkgoHelper()
	Eventually(func(g Gomega) {
		g.Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(res), res)).To(Succeed())
		c := meta.FindStatusCondition(res.AccountStatus().Conditions, v1alpha1.ConditionReady)
		g.Expect(c).NotTo(BeNil())
		g.Expect(c.ObservedGeneration).To(Equal(res.GetGeneration()))
		g.Expect(c.Reason).To(Equal(v1alpha1.ReasonSynced), c.Message)
	}).Should(Succeed())
}

// accountWaits waits until the resource reports reason for its current
// generation.
func accountWaits(res accounts.Resource, reason string) *metav1.Condition {
	GinkgoHelper()
	var c *metav1.Condition
	Eventually(func(g Gomega) {
		g.Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(res), res)).To(Succeed())
		c = meta.FindStatusCondition(res.AccountStatus().Conditions, v1alpha1.ConditionReady)
		g.Expect(c).NotTo(BeNil())
		g.Expect(c.ObservedGeneration).To(Equal(res.GetGeneration()))
		g.Expect(c.Reason).To(Equal(reason), c.Message)
	}).Should(Succeed())
	return c
}

// deleteAndWait deletes the resource and waits until its finalizer let it go.
func deleteAndWait(res client.Object) {
	GinkgoHelper()
	Expect(k8sClient.Delete(ctx, res)).To(Succeed())
	Eventually(func() error { return k8sClient.Get(ctx, client.ObjectKeyFromObject(res), res) }).
		Should(MatchError(ContainSubstring("not found")))
}

// existingUser is a user made by hand in the web UI.
func existingUser(name string) *sftpgoapi.User {
	return &sftpgoapi.User{Username: name, Status: sftpgoapi.StatusEnabled, Description: "made by hand",
		HomeDir: "/srv/sftpgo/data/" + name, Permissions: sftpgoapi.Permissions{"/": {"*"}}, Password: "hand-pass"}
}
