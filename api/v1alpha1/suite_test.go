package v1alpha1_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	k8sruntime "k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// These specs run the CRD's schema, defaults and CEL rules in a real
// kube-apiserver (envtest). KUBEBUILDER_ASSETS names the directory with
// kube-apiserver and etcd: `make test` sets it, or run
//
//	KUBEBUILDER_ASSETS=$(bash hack/envtest/build.sh) go test ./api/...
//
// Without it, the directory hack/envtest/build.sh builds into is tried.

var (
	testEnv   *envtest.Environment
	k8sClient client.Client
	ctx       context.Context
	cancel    context.CancelFunc
)

func TestAPI(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "SFTPGo API validation suite")
}

var _ = BeforeSuite(func() {
	ctx, cancel = context.WithCancel(context.Background())

	testEnv = &envtest.Environment{
		CRDDirectoryPaths:     []string{filepath.Join("..", "..", "config", "crd", "bases")},
		ErrorIfCRDPathMissing: true,
	}
	if os.Getenv("KUBEBUILDER_ASSETS") == "" {
		testEnv.BinaryAssetsDirectory = defaultAssetsDir()
	}

	cfg, err := testEnv.Start()
	Expect(err).NotTo(HaveOccurred(),
		"starting envtest; set KUBEBUILDER_ASSETS=$(bash hack/envtest/build.sh)")
	Expect(cfg).NotTo(BeNil())

	scheme := k8sruntime.NewScheme()
	Expect(v1alpha1.AddToScheme(scheme)).To(Succeed())
	k8sClient, err = client.New(cfg, client.Options{Scheme: scheme})
	Expect(err).NotTo(HaveOccurred())
})

var _ = AfterSuite(func() {
	if cancel != nil {
		cancel()
	}
	if testEnv != nil {
		Expect(testEnv.Stop()).To(Succeed())
	}
})

// defaultAssetsDir is where hack/envtest/build.sh puts the binaries.
func defaultAssetsDir() string {
	base := os.Getenv("XDG_DATA_HOME")
	if base == "" {
		home, _ := os.UserHomeDir()
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "kubebuilder-envtest", "k8s", "1.37.2-"+runtime.GOOS+"-"+runtime.GOARCH)
}
