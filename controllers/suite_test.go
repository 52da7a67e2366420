package controllers_test

import (
	"context"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"k8s.io/client-go/rest"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"

	"github.com/sftpgo-operator/sftpgo-operator/controllers"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manager"
	"github.com/sftpgo-operator/sftpgo-operator/internal/testenv"
)

// The controller runs in a real manager against envtest's kube-apiserver.
// `make test` provides the binaries (KUBEBUILDER_ASSETS).

var (
	testEnv   *envtest.Environment
	cfg       *rest.Config
	k8sClient client.Client
	ctx       context.Context
	stopSuite context.CancelFunc
	operator  *runningManager
)

func TestControllers(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "SFTPGo controller suite")
}

var _ = BeforeSuite(func() {
	ctrl.SetLogger(zap.New(zap.WriteTo(GinkgoWriter), zap.UseDevMode(true)))
	// Generous for a loaded 2-core CI machine; passing specs take far less.
	SetDefaultEventuallyTimeout(20 * time.Second)
	SetDefaultEventuallyPollingInterval(50 * time.Millisecond)
	ctx, stopSuite = context.WithCancel(context.Background())
	var err error
	testEnv, err = testenv.New()
	Expect(err).NotTo(HaveOccurred())
	cfg, err = testEnv.Start()
	Expect(err).NotTo(HaveOccurred(), "starting envtest; run `make test` or set KUBEBUILDER_ASSETS=$(bash hack/envtest/build.sh)")
	k8sClient, err = client.New(cfg, client.Options{Scheme: manager.NewScheme()})
	Expect(err).NotTo(HaveOccurred())
	operator = startManager(cfg)
})

var _ = AfterSuite(func() {
	if operator != nil {
		operator.stop()
	}
	stopSuite()
	Expect(testEnv.Stop()).To(Succeed())
})

// runningManager is an operator started by a test; stop waits for it.
type runningManager struct {
	mgr    ctrl.Manager
	cancel context.CancelFunc
	done   chan struct{}
}

func startManager(cfg *rest.Config) *runningManager {
	return startManagerWith(cfg, controllers.ManagerDialing(dialFakes))
}

// startManagerWith starts a manager with the given controllers (a test
// registry of owned kinds).
func startManagerWith(cfg *rest.Config, c manager.Controllers) *runningManager {
	mgr, err := manager.New(cfg, manager.Flags{
		MetricsAddr: "0", ProbeAddr: "0", MetricsSecure: true, MaxConcurrentReconciles: 4, QPS: 200, Burst: 400, SkipNameValidation: true,
		AccountResync: accountResync, AccountMaxBackoff: 2 * time.Second, AccountDeleteGrace: accountDeleteGrace,
	}, c)
	Expect(err).NotTo(HaveOccurred())
	mctx, cancel := context.WithCancel(ctx)
	m := &runningManager{mgr: mgr, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer GinkgoRecover()
		defer close(m.done)
		Expect(mgr.Start(mctx)).To(Succeed())
	}()
	return m
}

func (m *runningManager) stop() {
	m.cancel()
	<-m.done
}
