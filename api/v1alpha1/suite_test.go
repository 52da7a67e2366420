package v1alpha1_test

import (
	"context"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	k8sruntime "k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/testenv"
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

	var err error
	testEnv, err = testenv.New()
	Expect(err).NotTo(HaveOccurred())

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
