package e2e

import (
	"context"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"

	"github.com/sftpgo-operator/sftpgo-operator/controllers"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manager"
	"github.com/sftpgo-operator/sftpgo-operator/internal/testenv"
)

// operatorEnv is envtest's control plane with the operator running in it,
// until ctx ends. The operator reaches the SFTPGo "files" of namespace e2e
// (its web Service, files-web.e2e.svc:8080) at the real SFTPGo serve names.
type operatorEnv struct {
	k8s client.Client

	mu     sync.Mutex
	sftpgo *sftpgoServer
}

func startOperatorEnv(ctx context.Context, t *testing.T) *operatorEnv {
	t.Helper()
	ctrl.SetLogger(zap.New(zap.WriteTo(io.Discard)))
	env, err := testenv.New()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := env.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Stop() })
	e := &operatorEnv{}
	if e.k8s, err = client.New(cfg, client.Options{Scheme: manager.NewScheme()}); err != nil {
		t.Fatal(err)
	}
	mgr, err := manager.New(cfg, manager.Flags{MetricsAddr: "0", ProbeAddr: "0", MaxConcurrentReconciles: 4,
		QPS: 200, Burst: 400, SkipNameValidation: true, AccountResync: time.Minute, AccountMaxBackoff: 2 * time.Second},
		controllers.ManagerDialing(e.dial))
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = mgr.Start(ctx) }()
	return e
}

// serve makes s the SFTPGo the operator reaches from now on.
func (e *operatorEnv) serve(s *sftpgoServer) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.sftpgo = s
}

func (e *operatorEnv) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	e.mu.Lock()
	if addr == "files-web.e2e.svc:8080" && e.sftpgo != nil {
		addr = e.sftpgo.webAddr
	}
	e.mu.Unlock()
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}

// must fails the test on err.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
