// Package cluster_test runs the operator's real controllers against a local
// cluster that runs pods (internal/testenv/cluster): kube-controller-manager
// (deployments, replica sets, garbage collector, disruption budgets), the
// scheduler and kwok's fake nodes. It checks what envtest alone cannot: the
// behaviour of the objects the operator creates once Kubernetes acts on them.
// No container runs: kwok turns pods Running and Ready, SFTPGo never starts.
//
// The binaries come from `bash hack/envtest/build.sh --cluster`; without
// them the suite is skipped.
package cluster_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"

	"github.com/sftpgo-operator/sftpgo-operator/controllers"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manager"
	"github.com/sftpgo-operator/sftpgo-operator/internal/testenv/cluster"
)

var (
	local     *cluster.Cluster
	k8sClient client.Client
	ctx       context.Context
	stopSuite context.CancelFunc
)

func TestCluster(t *testing.T) {
	if missing := cluster.MissingBinaries(""); len(missing) > 0 {
		t.Skipf("local cluster binaries missing (%s): run `bash hack/envtest/build.sh --cluster`",
			strings.Join(missing, ", "))
	}
	RegisterFailHandler(Fail)
	RunSpecs(t, "SFTPGo on a local cluster suite")
}

var _ = BeforeSuite(func() {
	ctrl.SetLogger(zap.New(zap.WriteTo(GinkgoWriter), zap.UseDevMode(true)))
	// Pods go through the scheduler, kwok and several controllers: generous
	// for a loaded 2-core CI machine; passing specs take far less.
	SetDefaultEventuallyTimeout(60 * time.Second)
	SetDefaultEventuallyPollingInterval(100 * time.Millisecond)
	ctx, stopSuite = context.WithCancel(context.Background())

	var err error
	local, err = cluster.Start(ctx, cluster.Options{
		// CLUSTER_LOG_DIR keeps the processes' logs there for a look afterwards.
		// The cluster provisions a volume for each claim the operator creates.
		LogDir: os.Getenv("CLUSTER_LOG_DIR"),
	})
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(func() { Expect(local.Stop()).To(Succeed()) })
	GinkgoWriter.Printf("local cluster logs in %s\n", local.LogDir)

	k8sClient, err = client.New(local.Config, client.Options{Scheme: manager.NewScheme()})
	Expect(err).NotTo(HaveOccurred())

	mgr, err := manager.New(local.Config, manager.Flags{
		MetricsAddr: "0", ProbeAddr: "0", MetricsSecure: true, MaxConcurrentReconciles: 4, QPS: 200, Burst: 400,
		AccountResync: time.Minute, AccountMaxBackoff: 2 * time.Second, AccountDeleteGrace: 10 * time.Second,
	}, controllers.Manager())
	Expect(err).NotTo(HaveOccurred())
	mctx, stopManager := context.WithCancel(ctx)
	mgrDone := make(chan struct{})
	go func() {
		defer GinkgoRecover()
		defer close(mgrDone)
		Expect(mgr.Start(mctx)).To(Succeed())
	}()
	DeferCleanup(func() {
		stopManager()
		<-mgrDone
	})
})

var _ = AfterSuite(func() {
	if stopSuite != nil {
		stopSuite()
	}
})

// newNamespace creates a namespace for a spec and deletes it afterwards.
func newNamespace() string {
	GinkgoHelper()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "cluster-"}}
	Expect(k8sClient.Create(ctx, ns)).To(Succeed())
	DeferCleanup(func() { Expect(client.IgnoreNotFound(k8sClient.Delete(ctx, ns))).To(Succeed()) })
	// Pods are admitted once the namespace has its default service account.
	Eventually(func() error {
		return k8sClient.Get(ctx, client.ObjectKey{Namespace: ns.Name, Name: "default"}, &corev1.ServiceAccount{})
	}).Should(Succeed())
	return ns.Name
}
