// Package leastprivilege_test runs the operator as a cluster would: a user
// holding only the roles config/rbac gives the manager's ServiceAccount,
// against a kube-apiserver with OwnerReferencesPermissionEnforcement on (as
// every OpenShift cluster has it). Any request the API server refuses with
// 403 fails the spec that was running.
package leastprivilege_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	configv1 "github.com/openshift/api/config/v1"
	authorizationv1 "k8s.io/api/authorization/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/rest"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"

	"github.com/sftpgo-operator/sftpgo-operator/controllers"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manager"
	"github.com/sftpgo-operator/sftpgo-operator/internal/testenv"
)

// operatorUser is the user the manager runs as; it stands for the
// controller-manager ServiceAccount the role bindings of config/rbac name.
const operatorUser = "sftpgo-operator"

var (
	testEnv *envtest.Environment
	// adminCfg and k8sClient act as the cluster admin: they set up what the
	// specs need and read what the operator did.
	adminCfg  *rest.Config
	k8sClient client.Client
	// operatorCfg is the operator's identity, with every 403 recorded.
	operatorCfg *rest.Config
	forbidden   = &forbiddenLog{}
	ctx         context.Context
	stopSuite   context.CancelFunc
	operator    ctrl.Manager
	// metricsAddr is where the operator serves /metrics (HTTPS, authn/authz).
	metricsAddr string
	stopped     = make(chan struct{})
)

func TestLeastPrivilege(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "Least-privilege suite")
}

var _ = BeforeSuite(func() {
	ctrl.SetLogger(zap.New(zap.WriteTo(GinkgoWriter), zap.UseDevMode(true)))
	SetDefaultEventuallyTimeout(20 * time.Second)
	SetDefaultEventuallyPollingInterval(50 * time.Millisecond)
	ctx, stopSuite = context.WithCancel(context.Background())

	var err error
	// OpenShift's Route and Network CRDs and Gateway API's HTTPRoute, so that
	// the operator watches and writes every kind it knows.
	testEnv, err = testenv.NewWithOptions(testenv.Options{
		CRDDirs:        []string{"test/crds/openshift", "test/crds/gateway-api"},
		APIServerFlags: map[string]string{"enable-admission-plugins": "OwnerReferencesPermissionEnforcement"},
	})
	Expect(err).NotTo(HaveOccurred())
	adminCfg, err = testEnv.Start()
	Expect(err).NotTo(HaveOccurred(), "starting envtest; run `make test` or set KUBEBUILDER_ASSETS=$(bash hack/envtest/build.sh)")
	k8sClient, err = client.New(adminCfg, client.Options{Scheme: manager.NewScheme()})
	Expect(err).NotTo(HaveOccurred())

	network := &configv1.Network{ObjectMeta: metav1.ObjectMeta{Name: "cluster"},
		Status: configv1.NetworkStatus{ClusterNetwork: []configv1.ClusterNetworkEntry{{CIDR: "10.128.0.0/14", HostPrefix: 23}}}}
	Expect(k8sClient.Create(ctx, network)).To(Succeed())

	// What config/rbac binds cluster-wide to the manager's ServiceAccount;
	// the leader-election Role is bound where its spec needs it.
	bindClusterRole(readRBAC(&rbacv1.ClusterRole{}, "role.yaml"), rbacv1.Subject{Kind: rbacv1.UserKind, Name: operatorUser})
	bindClusterRole(readRBAC(&rbacv1.ClusterRole{}, "metrics_auth_role.yaml"), rbacv1.Subject{Kind: rbacv1.UserKind, Name: operatorUser})

	// The authorizer learns of new bindings from a watch: start once it has.
	waitUntilAllowed("", authorizationv1.ResourceAttributes{Group: "sftpgo.operator.dev", Resource: "sftpgos", Verb: "watch"})
	waitUntilAllowed("", authorizationv1.ResourceAttributes{Group: "authentication.k8s.io", Resource: "tokenreviews", Verb: "create"})

	user, err := testEnv.AddUser(envtest.User{Name: operatorUser}, nil)
	Expect(err).NotTo(HaveOccurred())
	operatorCfg = user.Config()
	operatorCfg.Wrap(forbidden.wrap)

	metricsAddr = freeLocalAddress()
	operator, err = manager.New(operatorCfg, manager.Flags{
		MetricsAddr: metricsAddr, MetricsSecure: true, ProbeAddr: "0",
		MaxConcurrentReconciles: 4, QPS: 200, Burst: 400, SkipNameValidation: true,
	}, controllers.Manager())
	Expect(err).NotTo(HaveOccurred())
	go func() {
		defer GinkgoRecover()
		defer close(stopped)
		Expect(operator.Start(ctx)).To(Succeed())
	}()
})

var _ = AfterEach(func() {
	Expect(forbidden.take()).To(BeEmpty(),
		"the API server refused the operator these requests: grant them with a +kubebuilder:rbac marker in controllers/ and run `make manifests`")
})

var _ = AfterSuite(func() {
	stopSuite()
	if operator != nil {
		<-stopped
	}
	Expect(testEnv.Stop()).To(Succeed())
	Expect(forbidden.take()).To(BeEmpty(), "refused after the last spec")
})

// readRBAC decodes the one object of config/rbac/<file> into obj.
func readRBAC[T client.Object](obj T, file string) T {
	GinkgoHelper()
	root, err := testenv.RepoRoot()
	Expect(err).NotTo(HaveOccurred())
	data, err := os.ReadFile(filepath.Join(root, "config", "rbac", file))
	Expect(err).NotTo(HaveOccurred())
	// role.yaml starts with a document separator: skip empty documents.
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	for obj.GetName() == "" {
		Expect(dec.Decode(obj)).To(Succeed(), "config/rbac/%s holds no object", file)
	}
	return obj
}

// bindClusterRole creates role and binds it cluster-wide to subject.
func bindClusterRole(role *rbacv1.ClusterRole, subject rbacv1.Subject) {
	GinkgoHelper()
	Expect(k8sClient.Create(ctx, role)).To(Succeed())
	Expect(k8sClient.Create(ctx, &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: role.Name + "-" + subject.Name},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: role.Name},
		Subjects:   []rbacv1.Subject{subject},
	})).To(Succeed())
}

// waitUntilAllowed waits until the operator's user may do what attrs say.
func waitUntilAllowed(namespace string, attrs authorizationv1.ResourceAttributes) {
	GinkgoHelper()
	attrs.Namespace = namespace
	Eventually(func(g Gomega) {
		review := &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{
			User: operatorUser, ResourceAttributes: &attrs}}
		g.Expect(k8sClient.Create(ctx, review)).To(Succeed())
		g.Expect(review.Status.Allowed).To(BeTrue())
	}).Should(Succeed(), "%s %s.%s", attrs.Verb, attrs.Resource, attrs.Group)
}

func freeLocalAddress() string {
	GinkgoHelper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	Expect(err).NotTo(HaveOccurred())
	defer l.Close()
	return l.Addr().String()
}

// forbiddenLog records every request the API server refuses with 403.
type forbiddenLog struct {
	mu       sync.Mutex
	requests []string
}

func (l *forbiddenLog) wrap(next http.RoundTripper) http.RoundTripper {
	return roundTripperFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := next.RoundTrip(req)
		if err != nil || resp.StatusCode != http.StatusForbidden {
			return resp, err
		}
		// Keep the API server's reason for the failure message, and the body
		// for the client.
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		l.mu.Lock()
		defer l.mu.Unlock()
		l.requests = append(l.requests, fmt.Sprintf("%s %s: %s", req.Method, req.URL.RequestURI(), body))
		return resp, nil
	})
}

// take returns the requests refused since the last call.
func (l *forbiddenLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.requests
	l.requests = nil
	return out
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }
