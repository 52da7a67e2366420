// Command demo shows the operator at work without a real cluster.
//
// It starts the local cluster of internal/testenv/cluster (envtest's etcd
// and kube-apiserver, kube-controller-manager, kube-scheduler and kwok with
// two fake nodes: pods are scheduled and played Running and Ready, but no
// container runs), builds and starts the operator against it, applies the
// examples in config/samples to namespace "demo", plays the volume
// provisioner and the certificate issuer they expect, waits until every
// SFTPGo is Ready=True (and fails, saying why, when one is not within
// readyTimeout), and prints what the operator made of each: the objects it
// created, the rendered sftpgo.json, the status, the pods, the accounts, and
// what to try with kubectl. The cluster then stays up until Ctrl-C.
//
//	make demo
//	KUBEBUILDER_ASSETS=$(bash hack/envtest/build.sh --cluster) go run ./hack/demo [--exit-after-print]
//
// Run it from the repository (any directory inside it).
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/go-logr/logr"
	"go.yaml.in/yaml/v3"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	logf "sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/testenv"
	"github.com/sftpgo-operator/sftpgo-operator/internal/testenv/cluster"
)

const (
	demoNamespace = "demo"
	samplesDir    = "config/samples"
	// reconcileTimeout bounds the wait for the operator to process a sample.
	reconcileTimeout = 60 * time.Second
	managedByLabel   = "app.kubernetes.io/managed-by"
	instanceLabel    = "app.kubernetes.io/instance"
	componentLabel   = "app.kubernetes.io/component"
)

// ownedKinds are the kinds the operator may create for an SFTPGo, in the
// order the tables list them.
var ownedKinds = []schema.GroupVersionKind{
	{Version: "v1", Kind: "ConfigMap"},
	{Version: "v1", Kind: "Secret"},
	{Group: "apps", Version: "v1", Kind: "Deployment"},
	{Version: "v1", Kind: "Service"},
	{Group: "networking.k8s.io", Version: "v1", Kind: "Ingress"},
	{Group: "networking.k8s.io", Version: "v1", Kind: "NetworkPolicy"},
	{Version: "v1", Kind: "PersistentVolumeClaim"},
	{Group: "policy", Version: "v1", Kind: "PodDisruptionBudget"},
}

func main() {
	exitAfterPrint := flag.Bool("exit-after-print", false,
		"stop everything after printing the results instead of waiting for Ctrl-C (for smoke tests)")
	flag.Parse()

	if err := run(*exitAfterPrint); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(exitAfterPrint bool) (err error) {
	started := time.Now()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Ctrl-C (or SIGTERM) at any point is a clean stop, not a failure: by
	// the time this runs, the deferred calls below have stopped everything.
	defer func() {
		if err != nil && ctx.Err() != nil {
			fmt.Fprintln(os.Stderr, "\nInterrupted.")
			err = nil
		}
	}()
	// envtest logs through controller-runtime's logger; the demo prints its own story.
	logf.SetLogger(logr.Discard())

	if err := chdirToRepoRoot(); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "sftpgo-operator-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	lc, err := startCluster(ctx)
	if err != nil {
		return err
	}
	defer stopCluster(lc)
	fmt.Fprintf(os.Stderr, "Local cluster up in %s (nodes %s)\n",
		time.Since(started).Round(100*time.Millisecond), strings.Join(lc.Nodes, ", "))

	kubeconfig := lc.KubeconfigPath
	c, err := newClient(lc.Config)
	if err != nil {
		return err
	}

	op, err := startOperator(tmp, kubeconfig)
	if err != nil {
		return err
	}
	defer op.stop()
	defer func() {
		if err != nil && ctx.Err() == nil {
			op.printLogTail(os.Stderr, 40)
		}
	}()

	names, err := applySamples(ctx, c)
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := waitObserved(ctx, c, op, name); err != nil {
			return err
		}
	}
	if err := createMissingFTPCertificates(ctx, c, names); err != nil {
		return err
	}
	if err := waitReady(ctx, c, op, names); err != nil {
		return err
	}
	readyAfter := time.Since(started).Round(100 * time.Millisecond)
	fmt.Fprintf(os.Stderr, "All %d SFTPGos Ready=True %s after the demo started.\n", len(names), readyAfter)

	for _, name := range names {
		if err := printSFTPGo(ctx, c, name); err != nil {
			return err
		}
	}
	if err := printPods(ctx, c); err != nil {
		return err
	}
	if err := printAccounts(ctx, c); err != nil {
		return err
	}
	printTryIt(lc, readyAfter)
	if exitAfterPrint {
		return nil
	}
	fmt.Printf("\nThe cluster and the operator run until Ctrl-C.\n")
	return waitForStop(ctx, op)
}

// chdirToRepoRoot changes to the repository root (the directory with
// PROJECT), so that config/ paths and `go build .` refer to the repository.
func chdirToRepoRoot() error {
	root, err := testenv.RepoRoot()
	if err != nil {
		return fmt.Errorf("run the demo inside the sftpgo-operator repository: %w", err)
	}
	return os.Chdir(root)
}

// startCluster starts the local cluster of internal/testenv/cluster: etcd,
// kube-apiserver with the CRDs, kube-controller-manager, kube-scheduler and
// kwok with two fake nodes. The binaries come from KUBEBUILDER_ASSETS, from
// testenv.DefaultAssetsDir, or failing both from
// `hack/envtest/build.sh --cluster`, which builds them once from Go sources.
func startCluster(ctx context.Context) (*cluster.Cluster, error) {
	if missing := cluster.MissingBinaries(""); len(missing) > 0 {
		fmt.Fprintf(os.Stderr, "Missing %s\n", strings.Join(missing, ", "))
		dir, err := buildClusterAssets(ctx)
		if err != nil {
			return nil, err
		}
		if err := os.Setenv("KUBEBUILDER_ASSETS", dir); err != nil {
			return nil, err
		}
	}
	assets := os.Getenv("KUBEBUILDER_ASSETS")
	if assets == "" {
		assets = testenv.DefaultAssetsDir()
	}
	fmt.Fprintf(os.Stderr, "Starting the local cluster from %s (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok) ...\n", assets)
	lc, err := cluster.Start(ctx, cluster.Options{StartTimeout: 3 * time.Minute})
	if err != nil {
		return nil, fmt.Errorf("starting the local cluster: %w", err)
	}
	return lc, nil
}

func buildClusterAssets(ctx context.Context) (string, error) {
	fmt.Fprintln(os.Stderr, "Running hack/envtest/build.sh --cluster (the first time: 15 minutes or more) ...")
	cmd := exec.CommandContext(ctx, "bash", "hack/envtest/build.sh", "--cluster")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("hack/envtest/build.sh --cluster: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

func stopCluster(lc *cluster.Cluster) {
	fmt.Fprintln(os.Stderr, "Stopping the local cluster ...")
	if err := lc.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "demo: stopping the local cluster:", err)
	}
}

func newClient(cfg *rest.Config) (client.Client, error) {
	scheme := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(scheme); err != nil {
		return nil, err
	}
	if err := v1alpha1.AddToScheme(scheme); err != nil {
		return nil, err
	}
	return client.New(cfg, client.Options{Scheme: scheme})
}

// operator is the operator binary running as a child process.
type operator struct {
	cmd     *exec.Cmd
	logPath string
	cancel  context.CancelFunc
	exited  chan struct{} // closed when the process has exited
	err     error         // its exit status, once exited is closed
}

// startOperator builds the operator from the repository and runs it against
// the control plane, its logs going to a file in dir.
func startOperator(dir, kubeconfig string) (*operator, error) {
	bin := filepath.Join(dir, "sftpgo-operator")
	fmt.Fprintln(os.Stderr, "Building the operator (go build .) ...")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return nil, fmt.Errorf("building the operator: %w", err)
	}

	logPath := filepath.Join(dir, "operator.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "--health-probe-bind-address=:0", "--metrics-bind-address=0")
	cmd.Env = append(os.Environ(), "KUBECONFIG="+kubeconfig)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// Stop it the way Kubernetes would, and kill it if it does not stop.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		cancel()
		logFile.Close()
		return nil, fmt.Errorf("starting the operator: %w", err)
	}
	fmt.Fprintf(os.Stderr, "Operator running (pid %d), logs in %s\n", cmd.Process.Pid, logPath)

	op := &operator{cmd: cmd, logPath: logPath, cancel: cancel, exited: make(chan struct{})}
	go func() {
		op.err = cmd.Wait()
		logFile.Close()
		close(op.exited)
	}()
	return op, nil
}

// stop sends SIGTERM and waits for the operator to exit.
func (op *operator) stop() {
	fmt.Fprintln(os.Stderr, "Stopping the operator ...")
	op.cancel()
	<-op.exited
}

// exitError describes why the operator exited. Ctrl-C reaches it as well as
// the demo, so after an interrupt its exit is no surprise.
func (op *operator) exitError(ctx context.Context) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("the operator exited unexpectedly (%w): see the end of its log above", op.err)
}

// printLogTail prints the last n lines of the operator's log, which is
// removed with the temporary directory.
func (op *operator) printLogTail(w io.Writer, n int) {
	data, err := os.ReadFile(op.logPath)
	if err != nil {
		return
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	fmt.Fprintf(w, "--- last %d lines of the operator log ---\n%s\n---\n", len(lines), strings.Join(lines, "\n"))
}

// applySamples creates namespace demo and every object of config/samples in
// it (kustomization.yaml aside), and returns the names of the SFTPGos.
func applySamples(ctx context.Context, c client.Client) ([]string, error) {
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: demoNamespace}}
	if err := c.Create(ctx, ns); err != nil && !apierrors.IsAlreadyExists(err) {
		return nil, fmt.Errorf("creating namespace %s: %w", demoNamespace, err)
	}
	objs, err := readSamples(samplesDir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, obj := range objs {
		obj.SetNamespace(demoNamespace)
		if err := c.Create(ctx, obj); err != nil {
			return nil, fmt.Errorf("creating %s %s: %w", obj.GetKind(), obj.GetName(), err)
		}
		fmt.Printf("created %s %s/%s\n", obj.GetKind(), demoNamespace, obj.GetName())
		if obj.GroupVersionKind().GroupKind() == v1alpha1.GroupVersion.WithKind("SFTPGo").GroupKind() {
			names = append(names, obj.GetName())
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no SFTPGo in %s", samplesDir)
	}
	return names, nil
}

// readSamples decodes every YAML document of the .yaml files in dir.
func readSamples(dir string) ([]*unstructured.Unstructured, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	var objs []*unstructured.Unstructured
	for _, file := range files {
		if filepath.Base(file) == "kustomization.yaml" {
			continue
		}
		fileObjs, err := readYAMLDocuments(file)
		if err != nil {
			return nil, err
		}
		objs = append(objs, fileObjs...)
	}
	return objs, nil
}

func readYAMLDocuments(file string) ([]*unstructured.Unstructured, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dec := utilyaml.NewYAMLOrJSONDecoder(bufio.NewReader(f), 4096)
	var objs []*unstructured.Unstructured
	for {
		obj := &unstructured.Unstructured{}
		err := dec.Decode(&obj.Object)
		if errors.Is(err, io.EOF) {
			return objs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if len(obj.Object) > 0 { // an empty document, e.g. a lone "---"
			objs = append(objs, obj)
		}
	}
}

// waitObserved waits until the operator has processed the SFTPGo's current
// generation, i.e. status.observedGeneration == metadata.generation.
func waitObserved(ctx context.Context, c client.Client, op *operator, name string) error {
	fmt.Fprintf(os.Stderr, "Waiting for the operator to reconcile SFTPGo %s ...\n", name)
	var obj v1alpha1.SFTPGo
	err := pollWithin(ctx, reconcileTimeout,
		func(ctx context.Context) (bool, error) {
			select {
			case <-op.exited:
				return false, op.exitError(ctx)
			default:
			}
			if err := c.Get(ctx, client.ObjectKey{Namespace: demoNamespace, Name: name}, &obj); err != nil {
				return false, err
			}
			return obj.Generation > 0 && obj.Status.ObservedGeneration == obj.Generation, nil
		})
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errTimeout):
		return fmt.Errorf("SFTPGo %s not reconciled within %s: status.observedGeneration is %d, metadata.generation %d",
			name, reconcileTimeout, obj.Status.ObservedGeneration, obj.Generation)
	default:
		return fmt.Errorf("waiting for SFTPGo %s: %w", name, err)
	}
}

// printSFTPGo prints what the operator made of one SFTPGo.
func printSFTPGo(ctx context.Context, c client.Client, name string) error {
	var obj v1alpha1.SFTPGo
	if err := c.Get(ctx, client.ObjectKey{Namespace: demoNamespace, Name: name}, &obj); err != nil {
		return err
	}
	fmt.Printf("\n==================== SFTPGo %s/%s (generation %d) ====================\n",
		demoNamespace, name, obj.Generation)

	fmt.Printf("\n## Objects the operator created\n\n")
	if err := printOwnedObjects(ctx, c, name); err != nil {
		return err
	}
	fmt.Printf("\n## sftpgo.json (ConfigMap %s-config)\n\n", name)
	if err := printRenderedConfig(ctx, c, name); err != nil {
		return err
	}
	fmt.Printf("\n## Status\n\n")
	if err := printStatus(obj.Status); err != nil {
		return err
	}
	printReadiness(obj.Status)
	return nil
}

// printOwnedObjects lists, as a table, the objects of every owned kind that
// carry the operator's labels for this instance.
func printOwnedObjects(ctx context.Context, c client.Client, name string) error {
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tNAME\tOWNER\tCOMPONENT")
	unowned := false
	for _, gvk := range ownedKinds {
		list := &metav1.PartialObjectMetadataList{}
		list.SetGroupVersionKind(gvk.GroupVersion().WithKind(gvk.Kind + "List"))
		err := c.List(ctx, list, client.InNamespace(demoNamespace),
			client.MatchingLabels{managedByLabel: "sftpgo-operator", instanceLabel: name})
		if err != nil {
			return fmt.Errorf("listing %ss: %w", gvk.Kind, err)
		}
		for _, item := range list.Items {
			owner := ownerOf(item.OwnerReferences)
			unowned = unowned || owner == "-"
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", gvk.Kind, item.Name, owner, orDash(item.Labels[componentLabel]))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if unowned {
		fmt.Println("\n(owner \"-\": not garbage-collected with the SFTPGo, see spec.storage.retentionPolicy)")
	}
	return nil
}

func ownerOf(refs []metav1.OwnerReference) string {
	var owners []string
	for _, ref := range refs {
		owners = append(owners, ref.Kind+"/"+ref.Name)
	}
	if len(owners) == 0 {
		return "-"
	}
	return strings.Join(owners, ",")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// printRenderedConfig prints the sftpgo.json key of ConfigMap <name>-config,
// indented.
func printRenderedConfig(ctx context.Context, c client.Client, name string) error {
	var cm corev1.ConfigMap
	if err := c.Get(ctx, client.ObjectKey{Namespace: demoNamespace, Name: name + "-config"}, &cm); err != nil {
		if apierrors.IsNotFound(err) {
			fmt.Println("(no ConfigMap: the operator created nothing, see the findings below)")
			return nil
		}
		return err
	}
	raw, ok := cm.Data["sftpgo.json"]
	if !ok {
		fmt.Println("(the ConfigMap has no sftpgo.json key)")
		return nil
	}
	var out bytes.Buffer
	if err := json.Indent(&out, []byte(raw), "", "  "); err != nil {
		fmt.Println(raw) // not JSON: show it as it is
		return nil
	}
	fmt.Println(strings.TrimRight(out.String(), "\n"))
	return nil
}

// statusView is the part of the status the demo shows. Its own YAML tags
// keep the fields in reading order (JSON-based YAML sorts them).
type statusView struct {
	ObservedGeneration int64           `yaml:"observedGeneration"`
	Conditions         []conditionView `yaml:"conditions"`
	Findings           []findingView   `yaml:"findings"`
	TrustedProxies     struct {
		CIDRs  []string `yaml:"cidrs"`
		Source string   `yaml:"source"`
	} `yaml:"trustedProxies"`
	Endpoints struct {
		SFTP string `yaml:"sftp"`
		Web  string `yaml:"web"`
	} `yaml:"endpoints"`
}

type conditionView struct {
	Type    string `yaml:"type"`
	Status  string `yaml:"status"`
	Reason  string `yaml:"reason"`
	Message string `yaml:"message"`
}

type findingView struct {
	Rule     string `yaml:"rule"`
	Severity string `yaml:"severity"`
	Field    string `yaml:"field"`
	Message  string `yaml:"message"`
}

func printStatus(status v1alpha1.SFTPGoStatus) error {
	view := statusView{
		ObservedGeneration: status.ObservedGeneration,
		Conditions:         []conditionView{},
		Findings:           []findingView{},
	}
	for _, c := range status.Conditions {
		view.Conditions = append(view.Conditions, conditionView{
			Type: c.Type, Status: string(c.Status), Reason: c.Reason, Message: c.Message,
		})
	}
	for _, f := range status.Findings {
		view.Findings = append(view.Findings, findingView{
			Rule: f.Rule, Severity: string(f.Severity), Field: f.Field, Message: f.Message,
		})
	}
	view.TrustedProxies.CIDRs = status.TrustedProxies.CIDRs
	view.TrustedProxies.Source = string(status.TrustedProxies.Source)
	view.Endpoints.SFTP = status.Endpoints.SFTP
	view.Endpoints.Web = status.Endpoints.Web

	enc := yaml.NewEncoder(os.Stdout)
	enc.SetIndent(2)
	if err := enc.Encode(view); err != nil {
		return err
	}
	return enc.Close()
}

// printReadiness says plainly why Ready is what it is here.
func printReadiness(status v1alpha1.SFTPGoStatus) {
	ready := findCondition(status.Conditions, v1alpha1.ConditionReady)
	if ready == nil {
		fmt.Println("\nReady: no condition reported.")
		return
	}
	fmt.Printf("\nReady=%s (reason %s).", ready.Status, ready.Reason)
	if ready.Status == metav1.ConditionTrue {
		fmt.Print(" Its pods are Running and Ready on fake nodes: kwok plays them, no container runs.")
	}
	fmt.Println()
}

func findCondition(conds []metav1.Condition, condType string) *metav1.Condition {
	for i := range conds {
		if conds[i].Type == condType {
			return &conds[i]
		}
	}
	return nil
}

// waitForStop keeps the control plane and the operator up until Ctrl-C (or
// SIGTERM), or until the operator dies.
func waitForStop(ctx context.Context, op *operator) error {
	select {
	case <-ctx.Done():
		fmt.Fprintln(os.Stderr, "\nInterrupted.")
		return nil
	case <-op.exited:
		if err := op.exitError(ctx); !errors.Is(err, context.Canceled) {
			return err
		}
		fmt.Fprintln(os.Stderr, "\nInterrupted.")
		return nil
	}
}
