// Package testenv starts the envtest control plane the suites and the demo
// share: a real kube-apiserver and etcd with the SFTPGo CRD installed.
package testenv

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"sigs.k8s.io/controller-runtime/pkg/envtest"
)

// K8sVersion is the kube-apiserver version hack/envtest/build.sh builds.
const K8sVersion = "1.37.2"

// New returns an environment with the CRDs of config/crd/bases and of
// extraCRDDirs (relative to the repository root). KUBEBUILDER_ASSETS wins;
// otherwise the binaries are looked for where hack/envtest/build.sh (and
// setup-envtest) put them.
func New(extraCRDDirs ...string) (*envtest.Environment, error) {
	return NewWithOptions(Options{CRDDirs: extraCRDDirs})
}

// Options shape the control plane NewWithOptions returns.
type Options struct {
	// CRDDirs are CRD directories, relative to the repository root, installed
	// besides config/crd/bases.
	CRDDirs []string
	// APIServerFlags are kube-apiserver flags (name without dashes: value),
	// for example {"enable-admission-plugins": "OwnerReferencesPermissionEnforcement"}
	// to run with an admission plugin a real cluster has on.
	APIServerFlags map[string]string
}

// NewWithOptions is New with extra kube-apiserver flags.
func NewWithOptions(o Options) (*envtest.Environment, error) {
	root, err := RepoRoot()
	if err != nil {
		return nil, err
	}
	dirs := []string{filepath.Join(root, "config", "crd", "bases")}
	for _, d := range o.CRDDirs {
		dirs = append(dirs, filepath.Join(root, d))
	}
	env := &envtest.Environment{
		CRDDirectoryPaths:     dirs,
		ErrorIfCRDPathMissing: true,
	}
	if os.Getenv("KUBEBUILDER_ASSETS") == "" {
		env.BinaryAssetsDirectory = DefaultAssetsDir()
	}
	apiServer := env.ControlPlane.GetAPIServer().Configure()
	// Room for many Services (the default /24 allows 256).
	apiServer.Set("service-cluster-ip-range", "10.96.0.0/16")
	for name, value := range o.APIServerFlags {
		apiServer.Set(name, value)
	}
	return env, nil
}

// DefaultAssetsDir is where setup-envtest and hack/envtest/build.sh keep
// the binaries.
func DefaultAssetsDir() string {
	data := os.Getenv("XDG_DATA_HOME")
	if data == "" {
		home, _ := os.UserHomeDir()
		data = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(data, "kubebuilder-envtest", "k8s",
		fmt.Sprintf("%s-%s-%s", K8sVersion, runtime.GOOS, runtime.GOARCH))
}

// RepoRoot finds the repository root: the nearest directory up from the
// working directory that holds the operator's go.mod.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "PROJECT")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no repository root (a directory with PROJECT) above the working directory")
		}
		dir = parent
	}
}
