// Package cluster starts a local Kubernetes control plane that runs pods,
// for the demo and the e2e suite: envtest's kube-apiserver and etcd (with the
// CRDs of internal/testenv), kube-controller-manager with the controllers
// that matter to the operator (deployment, replicaset, garbage collector,
// namespace, endpointslice, disruption, service accounts and their tokens,
// PVC protection), kube-scheduler, and kwok, which plays the kubelet of a few
// fake nodes: pods bound to them turn Running and Ready with an IP from the
// node's podCIDR. No container ever runs.
//
// The binaries come from `hack/envtest/build.sh --cluster`, which puts them
// beside the envtest ones (KUBEBUILDER_ASSETS or testenv.DefaultAssetsDir).
//
//	c, err := cluster.Start(ctx, cluster.Options{})
//	if err != nil { ... }
//	defer c.Stop()
//	// c.Config (rest.Config), c.KubeconfigPath (for kubectl), c.Nodes
package cluster

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/sftpgo-operator/sftpgo-operator/internal/testenv"
)

// Binaries the cluster runs besides envtest's kube-apiserver and etcd.
const (
	ControllerManagerBinary = "kube-controller-manager"
	SchedulerBinary         = "kube-scheduler"
	KwokBinary              = "kwok"
	// StagesDir is the directory, in the assets directory, with kwok's stages.
	StagesDir = "kwok-stages"
)

// Annotations kwok selects on: nodes annotated NodeAnnotation=fake are played
// by kwok; objects annotated StatusAnnotation=custom keep the status a test
// writes (for example a pod made unready on purpose).
const (
	NodeAnnotation   = "kwok.x-k8s.io/node"
	StatusAnnotation = "kwok.x-k8s.io/status"
)

// DefaultControllers are the kube-controller-manager controllers the cluster
// runs (names as in v1.37; --controllers).
var DefaultControllers = []string{
	"deployment-controller",
	"replicaset-controller",
	"garbage-collector-controller",
	"namespace-controller",
	"endpointslice-controller",
	"disruption-controller",
	"serviceaccount-controller",
	"serviceaccount-token-controller",
	"root-ca-certificate-publisher-controller",
	"persistentvolumeclaim-protection-controller",
	"persistentvolume-protection-controller",
	// Binds each claim to the volume the cluster's provisioner makes for it
	// (volumes.go), as on a cluster with dynamic provisioning.
	"persistentvolume-binder-controller",
	"pod-garbage-collector-controller",
}

// Options shape the cluster Start returns. The zero value is a cluster with
// two fake nodes and the operator's CRDs.
type Options struct {
	// Env shapes the envtest control plane (extra CRDs, kube-apiserver flags).
	Env testenv.Options
	// Nodes is the number of fake nodes (node-1 … node-N, podCIDR
	// 10.244.N.0/24); 0 means 2, negative means none.
	Nodes int
	// Controllers overrides DefaultControllers.
	Controllers []string
	// AssetsDir holds all the binaries; empty means KUBEBUILDER_ASSETS or
	// testenv.DefaultAssetsDir.
	AssetsDir string
	// LogDir receives one log file per process; empty means a new temporary
	// directory, removed by Stop unless KeepLogs is set.
	LogDir string
	// KeepLogs keeps a temporary LogDir after Stop.
	KeepLogs bool
	// StartTimeout bounds the start-up; 0 means two minutes.
	StartTimeout time.Duration
}

// Cluster is a running local cluster. Stop it.
type Cluster struct {
	// Env is the envtest environment (kube-apiserver and etcd).
	Env *envtest.Environment
	// Config is an admin (system:masters) configuration for the apiserver.
	Config *rest.Config
	// KubeconfigPath is a kubeconfig file with the same admin user, for
	// kubectl and the processes of the cluster.
	KubeconfigPath string
	// LogDir holds controller-manager.log, scheduler.log, kwok.log and
	// provisioner.log.
	LogDir string
	// Nodes are the names of the fake nodes Start created.
	Nodes []string

	assets  string
	workDir string
	keepLog bool
	cancel  context.CancelFunc
	procs   []*proc
	// provisioned is closed when the volume provisioner has stopped.
	provisioned chan struct{}

	stopOnce sync.Once
	stopErr  error
}

type proc struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
	err  error // set before done is closed
	log  *os.File
}

// MissingBinaries lists the binaries of the cluster missing from assetsDir
// (empty means KUBEBUILDER_ASSETS or testenv.DefaultAssetsDir), kwok's
// stages included, so that callers can skip or build them first.
func MissingBinaries(assetsDir string) []string {
	dir := resolveAssets(assetsDir)
	var missing []string
	for _, name := range []string{"kube-apiserver", "etcd", ControllerManagerBinary, SchedulerBinary, KwokBinary} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.IsDir() {
			missing = append(missing, filepath.Join(dir, name))
		}
	}
	if stages, _ := filepath.Glob(filepath.Join(dir, StagesDir, "*.yaml")); len(stages) == 0 {
		missing = append(missing, filepath.Join(dir, StagesDir)+"/*.yaml")
	}
	return missing
}

func resolveAssets(dir string) string {
	if dir != "" {
		return dir
	}
	if env := os.Getenv("KUBEBUILDER_ASSETS"); env != "" {
		return env
	}
	return testenv.DefaultAssetsDir()
}

// Start starts the cluster and returns when the fake nodes are Ready, the
// controller-manager and the scheduler are healthy and the default service
// account exists in the default namespace. On error everything started is
// stopped again (and its logs kept); the error names the log directory.
// Cancelling ctx aborts the start-up (a Ctrl-C during it, say); once Start
// has returned, ctx no longer matters: the processes run until Stop.
func Start(ctx context.Context, o Options) (c *Cluster, err error) {
	assets := resolveAssets(o.AssetsDir)
	if missing := MissingBinaries(assets); len(missing) > 0 {
		return nil, fmt.Errorf("missing %s: run `bash hack/envtest/build.sh --cluster`", strings.Join(missing, ", "))
	}
	timeout := o.StartTimeout
	if timeout == 0 {
		timeout = 2 * time.Minute
	}
	ctx, cancelStart := context.WithTimeout(ctx, timeout)
	defer cancelStart()

	work, err := os.MkdirTemp("", "sftpgo-cluster-")
	if err != nil {
		return nil, err
	}
	c = &Cluster{assets: assets, workDir: work, keepLog: o.KeepLogs, LogDir: o.LogDir}
	if c.LogDir == "" {
		c.LogDir = filepath.Join(work, "logs")
	}
	if err := os.MkdirAll(c.LogDir, 0o750); err != nil {
		_ = os.RemoveAll(work)
		return nil, err
	}
	defer func() {
		if err != nil {
			c.keepLog = true
			_ = c.Stop()
			err = fmt.Errorf("%w (logs in %s)", err, c.LogDir)
			c = nil
		}
	}()
	// The processes live until Stop, not until ctx ends.
	procCtx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel

	saKey, err := writeServiceAccountKey(work)
	if err != nil {
		return c, err
	}
	envOpts := o.Env
	flags := map[string]string{
		"service-account-issuer":           "https://kubernetes.default.svc.cluster.local",
		"service-account-key-file":         saKey + ".pub",
		"service-account-signing-key-file": saKey,
		// envtest disables the ServiceAccount admission plugin (it runs no
		// serviceaccount controller); this cluster does, like a real one.
		// TaintNodesByCondition would taint every new node not-ready, and
		// only the node lifecycle controller (not run: kwok plays the
		// kubelets) removes that taint.
		"disable-admission-plugins": "TaintNodesByCondition",
	}
	for k, v := range envOpts.APIServerFlags {
		if k == "disable-admission-plugins" && v != "" {
			v = flags[k] + "," + v
		}
		flags[k] = v
	}
	envOpts.APIServerFlags = flags
	env, err := testenv.NewWithOptions(envOpts)
	if err != nil {
		return c, err
	}
	env.BinaryAssetsDirectory = assets
	if _, err := env.Start(); err != nil {
		return c, fmt.Errorf("starting kube-apiserver and etcd: %w", err)
	}
	c.Env = env

	admin, err := env.AddUser(envtest.User{Name: "local-cluster-admin", Groups: []string{"system:masters"}}, nil)
	if err != nil {
		return c, fmt.Errorf("adding the admin user: %w", err)
	}
	c.Config = admin.Config()
	kubeconfig, err := admin.KubeConfig()
	if err != nil {
		return c, err
	}
	c.KubeconfigPath = filepath.Join(work, "kubeconfig")
	if err := os.WriteFile(c.KubeconfigPath, kubeconfig, 0o600); err != nil {
		return c, err
	}
	caFile := filepath.Join(work, "ca.crt")
	if err := os.WriteFile(caFile, c.Config.CAData, 0o600); err != nil {
		return c, err
	}
	cs, err := kubernetes.NewForConfig(c.Config)
	if err != nil {
		return c, err
	}

	provisionerLog, err := os.Create(filepath.Join(c.LogDir, "provisioner.log"))
	if err != nil {
		return c, err
	}
	c.provisioned = make(chan struct{})
	go func() {
		defer close(c.provisioned)
		defer provisionerLog.Close()
		provisionVolumes(procCtx, cs, provisionerLog)
	}()

	controllers := o.Controllers
	if len(controllers) == 0 {
		controllers = DefaultControllers
	}
	kcmPort, err := freePort()
	if err != nil {
		return c, err
	}
	if err := c.start(procCtx, "controller-manager", ControllerManagerBinary,
		"--kubeconfig="+c.KubeconfigPath,
		"--controllers="+strings.Join(controllers, ","),
		"--service-account-private-key-file="+saKey,
		"--root-ca-file="+caFile,
		"--use-service-account-credentials=false",
		"--leader-elect=false",
		"--allocate-node-cidrs=false",
		"--bind-address=127.0.0.1",
		"--secure-port="+strconv.Itoa(kcmPort),
		"--cert-dir="+filepath.Join(work, "kcm-certs"),
		// Deployments roll as fast as the tests want.
		"--concurrent-deployment-syncs=5",
		"--concurrent-replicaset-syncs=5",
		"--concurrent-gc-syncs=5",
	); err != nil {
		return c, err
	}
	schedPort, err := freePort()
	if err != nil {
		return c, err
	}
	if err := c.start(procCtx, "scheduler", SchedulerBinary,
		"--kubeconfig="+c.KubeconfigPath,
		"--leader-elect=false",
		"--bind-address=127.0.0.1",
		"--secure-port="+strconv.Itoa(schedPort),
		"--cert-dir="+filepath.Join(work, "scheduler-certs"),
	); err != nil {
		return c, err
	}
	stages, err := filepath.Glob(filepath.Join(assets, StagesDir, "*.yaml"))
	if err != nil {
		return c, err
	}
	sort.Strings(stages)
	kwokPort, err := freePort()
	if err != nil {
		return c, err
	}
	kwokArgs := []string{
		"--kubeconfig=" + c.KubeconfigPath,
		"--manage-all-nodes=false",
		"--manage-nodes-with-annotation-selector=" + NodeAnnotation + "=fake",
		"--disregard-status-with-annotation-selector=" + StatusAnnotation + "=custom",
		"--node-ip=127.0.0.1",
		"--server-address=127.0.0.1:" + strconv.Itoa(kwokPort),
	}
	for _, s := range stages {
		kwokArgs = append(kwokArgs, "--config="+s)
	}
	if err := c.start(procCtx, "kwok", KwokBinary, kwokArgs...); err != nil {
		return c, err
	}

	if err := c.waitHealthy(ctx, "controller-manager", kcmPort); err != nil {
		return c, err
	}
	if err := c.waitHealthy(ctx, "scheduler", schedPort); err != nil {
		return c, err
	}

	n := o.Nodes
	if n == 0 {
		n = 2
	}
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("node-%d", i)
		if err := c.CreateNode(ctx, name, fmt.Sprintf("10.244.%d.0/24", i)); err != nil {
			return c, err
		}
		c.Nodes = append(c.Nodes, name)
	}
	for _, name := range c.Nodes {
		if err := c.WaitNodeReady(ctx, name); err != nil {
			return c, err
		}
	}
	// Pods are admitted only once the namespace has its default service
	// account (ServiceAccount admission): wait for the one of "default".
	err = c.poll(ctx, "the default service account", func(ctx context.Context) (bool, error) {
		_, err := cs.CoreV1().ServiceAccounts(metav1.NamespaceDefault).Get(ctx, "default", metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return false, nil
		}
		return err == nil, err
	})
	return c, err
}

// CreateNode creates a fake node kwok plays: annotated NodeAnnotation=fake,
// labelled like a Linux node, with podCIDR (pods on it get IPs from it) and
// room for 110 pods. It does not wait for it to be Ready (WaitNodeReady).
func (c *Cluster) CreateNode(ctx context.Context, name, podCIDR string) error {
	cs, err := kubernetes.NewForConfig(c.Config)
	if err != nil {
		return err
	}
	capacity := corev1.ResourceList{
		corev1.ResourceCPU:    resource.MustParse("8"),
		corev1.ResourceMemory: resource.MustParse("32Gi"),
		corev1.ResourcePods:   resource.MustParse("110"),
	}
	node := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{
			Name:        name,
			Annotations: map[string]string{NodeAnnotation: "fake"},
			Labels: map[string]string{
				"kubernetes.io/hostname": name,
				"kubernetes.io/os":       "linux",
				"kubernetes.io/arch":     "amd64",
				"type":                   "kwok",
			},
		},
		Spec: corev1.NodeSpec{PodCIDR: podCIDR, PodCIDRs: []string{podCIDR}},
		Status: corev1.NodeStatus{
			Capacity:    capacity,
			Allocatable: capacity,
		},
	}
	if _, err := cs.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating node %s: %w", name, err)
	}
	return nil
}

// WaitNodeReady waits until kwok has turned the node Ready.
func (c *Cluster) WaitNodeReady(ctx context.Context, name string) error {
	cs, err := kubernetes.NewForConfig(c.Config)
	if err != nil {
		return err
	}
	return c.poll(ctx, "node "+name+" Ready", func(ctx context.Context) (bool, error) {
		node, err := cs.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		for _, cond := range node.Status.Conditions {
			if cond.Type == corev1.NodeReady {
				return cond.Status == corev1.ConditionTrue, nil
			}
		}
		return false, nil
	})
}

// poll checks cond every 100ms until it holds, fails or ctx ends; it also
// fails as soon as one of the cluster's processes has exited.
func (c *Cluster) poll(ctx context.Context, what string, cond wait.ConditionWithContextFunc) error {
	err := wait.PollUntilContextCancel(ctx, 100*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		if err := c.exited(); err != nil {
			return false, err
		}
		return cond(ctx)
	})
	if err != nil {
		return fmt.Errorf("waiting for %s: %w", what, err)
	}
	return nil
}

// exited reports a process of the cluster that is no longer running.
func (c *Cluster) exited() error {
	for _, p := range c.procs {
		select {
		case <-p.done:
			return fmt.Errorf("%s exited: %w (see %s)", p.name, p.err, p.log.Name())
		default:
		}
	}
	return nil
}

// waitHealthy polls https://127.0.0.1:port/healthz (always allowed without
// credentials) until it answers 200.
func (c *Cluster) waitHealthy(ctx context.Context, name string, port int) error {
	client := &http.Client{
		Timeout: 2 * time.Second,
		Transport: &http.Transport{
			TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, //nolint:gosec // G402: self-signed certificate of a local process, /healthz only
		},
	}
	defer client.CloseIdleConnections()
	url := fmt.Sprintf("https://127.0.0.1:%d/healthz", port)
	return c.poll(ctx, name+" healthz", func(ctx context.Context) (bool, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return false, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return false, nil
		}
		_ = resp.Body.Close()
		return resp.StatusCode == http.StatusOK, nil
	})
}

func (c *Cluster) start(ctx context.Context, name, binary string, args ...string) error {
	logFile, err := os.Create(filepath.Join(c.LogDir, name+".log")) //nolint:gosec // G304: the log directory is ours or the caller's
	if err != nil {
		return err
	}
	//nolint:gosec // G204: binaries of the assets directory hack/envtest/build.sh fills, with our flags
	cmd := exec.CommandContext(ctx, filepath.Join(c.assets, binary), args...)
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.SysProcAttr = sysProcAttr()
	// Stop (context cancel) asks politely first, then kills.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		_ = logFile.Close()
		return fmt.Errorf("starting %s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, done: make(chan struct{}), log: logFile}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	c.procs = append(c.procs, p)
	return nil
}

// Stop stops kwok, the scheduler, the controller-manager, kube-apiserver and
// etcd, and waits for them to exit. It is idempotent and safe to call from
// several goroutines (a signal handler and a deferred call); later calls
// return the first call's error.
func (c *Cluster) Stop() error {
	if c == nil {
		return nil
	}
	c.stopOnce.Do(func() {
		var errs []error
		if c.cancel != nil {
			c.cancel()
		}
		if c.provisioned != nil {
			<-c.provisioned
		}
		for i := len(c.procs) - 1; i >= 0; i-- {
			p := c.procs[i]
			<-p.done
			_ = p.log.Close()
		}
		if c.Env != nil {
			if err := c.Env.Stop(); err != nil {
				errs = append(errs, fmt.Errorf("stopping kube-apiserver and etcd: %w", err))
			}
		}
		logsInWork := c.LogDir == filepath.Join(c.workDir, "logs")
		if c.keepLog && logsInWork {
			// Keep the logs only.
			entries, _ := os.ReadDir(c.workDir)
			for _, e := range entries {
				if e.Name() != "logs" {
					_ = os.RemoveAll(filepath.Join(c.workDir, e.Name()))
				}
			}
		} else if c.workDir != "" {
			// A LogDir of the caller's is never removed.
			if err := os.RemoveAll(c.workDir); err != nil {
				errs = append(errs, err)
			}
		}
		c.stopErr = errors.Join(errs...)
	})
	return c.stopErr
}

// writeServiceAccountKey writes an RSA key (sa.key) and its public half
// (sa.key.pub) for signing and verifying service account tokens.
func writeServiceAccountKey(dir string) (string, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return "", err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return "", err
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "sa.key")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		return "", err
	}
	if err := os.WriteFile(path+".pub", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}), 0o600); err != nil {
		return "", err
	}
	return path, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer func() { _ = l.Close() }()
	return l.Addr().(*net.TCPAddr).Port, nil
}
