package main

// The -outside mode measures the operator as a user would see it: N SFTPGo
// resources in one multi-document file, created with one `kubectl create
// -f`, their status polled with `kubectl get sftpgos -A -o json` every
// -outside-poll until every status.observedGeneration equals
// metadata.generation; the operator run with the arguments and memory limit
// of config/manager/manager.yaml (leader election included). In the same
// run, the floor: a plain client that reads the same file and creates the
// same objects, generating the same host key set per instance, at a few
// concurrencies. Every phase gets a fresh control plane; the CPU time of
// the operator, kube-apiserver and etcd is read from /proc.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	"sigs.k8s.io/yaml"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// outsideOptions are the flags of the -outside mode.
type outsideOptions struct {
	enabled bool
	// kubectl is the kubectl binary used for the create and the polls.
	kubectl string
	poll    time.Duration
	// settle: the operator's writes have stopped for this long.
	settle time.Duration
	idle   time.Duration
	// floorConc and floorApplyConc: floor concurrencies with plain creates
	// and with server-side apply (as the operator writes).
	floorConc, floorApplyConc []int
	manifest                  string
	// leaseNamespace is the operator's namespace (config/default's prefix
	// applied), where leader election keeps its Lease.
	leaseNamespace string
	runs           []outsideRunSpec
	// perfDir: record CPU profiles (perf record -g) of the operator,
	// kube-apiserver and etcd during each timed phase into this directory.
	perfDir string
}

// outsideRunSpec is one operator run: environment and flags added to the
// shipped ones.
type outsideRunSpec struct {
	Name string   `json:"name"`
	Env  []string `json:"env,omitempty"`
	Args []string `json:"args,omitempty"`
}

func registerOutsideFlags(fs *flag.FlagSet, o *outsideOptions) (floorConc, floorApplyConc, runs *string) {
	fs.BoolVar(&o.enabled, "outside", false, "measure from outside instead: one `kubectl create -f` of N SFTPGo, status polled with kubectl, the operator as config/manager/manager.yaml runs it, against a floor (docs/performance.md)")
	fs.StringVar(&o.kubectl, "kubectl", "kubectl", "-outside: kubectl binary")
	fs.DurationVar(&o.poll, "outside-poll", 2*time.Second, "-outside: period of `kubectl get sftpgos -A -o json`")
	fs.DurationVar(&o.settle, "outside-settle", 5*time.Second, "-outside: after convergence, the operator's writes (Leases aside) must stop for this long before the idle window")
	fs.DurationVar(&o.idle, "outside-idle", 30*time.Second, "-outside: idle window in which the operator's writes are counted (0 skips)")
	floorConc = fs.String("outside-floor-concurrency", "4,8,16", "-outside: floor concurrencies, plain creates, keys generated per instance (empty skips)")
	floorApplyConc = fs.String("outside-floor-apply-concurrency", "", "-outside: floor concurrencies writing the owned objects by server-side apply as the operator does (empty skips)")
	fs.StringVar(&o.manifest, "outside-manifest", "config/manager/manager.yaml", "-outside: the Deployment whose manager container's args and memory limit the operator runs with")
	fs.StringVar(&o.leaseNamespace, "outside-namespace", "sftpgo-operator-system", "-outside: the operator's namespace (leader election Lease, POD_NAMESPACE)")
	runs = fs.String("outside-runs", "shipped;GOMEMLIMIT=40MiB", "-outside: operator runs separated by ';', each 'shipped' or space-separated VAR=value environment and --flag arguments added to the shipped ones, e.g. 'shipped;GOMEMLIMIT=40MiB;--max-concurrent-reconciles=8'")
	fs.StringVar(&o.perfDir, "outside-perf", "", "-outside: record `perf record -g` profiles of the operator, kube-apiserver and etcd during each timed phase into this directory (analysis only: perf costs CPU; build the operator unstripped and pass -operator-bin for its symbols)")
	return floorConc, floorApplyConc, runs
}

// profileAPIServer saves the API server's CPU profile (its
// /debug/pprof/profile, 10 s at a time, name-N.pprof) into dir until the
// returned function is called (the last, partial, piece is lost). Merge
// them with go tool pprof -proto. Nothing when dir is empty.
func profileAPIServer(ctx context.Context, cp *controlPlane, dir, name string) (stop func()) {
	if dir == "" {
		return func() {}
	}
	hc, err := rest.HTTPClientFor(cp.cfg)
	if err != nil {
		logf("pprof: %v", err)
		return func() {}
	}
	pctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; pctx.Err() == nil; i++ {
			req, err := http.NewRequestWithContext(pctx, http.MethodGet, strings.TrimRight(cp.cfg.Host, "/")+"/debug/pprof/profile?seconds=10", nil)
			if err != nil {
				return
			}
			resp, err := hc.Do(req)
			if err != nil {
				return
			}
			data, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK {
				if pctx.Err() == nil {
					logf("pprof: %s %v", resp.Status, err)
				}
				return
			}
			_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-apiserver-%02d.pprof", name, i)), data, 0o644)
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { cancel(); <-done }) }
}

// perfRecorder is a perf record of some processes.
type perfRecorder struct {
	cmd  *exec.Cmd
	done chan struct{}
	once sync.Once
}

// startPerf records pids into dir/name.data at 499 Hz with call graphs.
func startPerf(dir, name string, pids ...int) (*perfRecorder, error) {
	if dir == "" {
		return nil, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var ps []string
	for _, p := range pids {
		if p > 0 {
			ps = append(ps, fmt.Sprint(p))
		}
	}
	cmd := exec.Command("perf", "record", "-q", "-F", "499", "-g", "-o", filepath.Join(dir, name+".data"), "-p", strings.Join(ps, ","))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGINT}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("perf record: %w", err)
	}
	r := &perfRecorder{cmd: cmd, done: make(chan struct{})}
	go func() {
		if err := cmd.Wait(); err != nil {
			logf("perf record: %v", err)
		}
		close(r.done)
	}()
	time.Sleep(200 * time.Millisecond) // perf attaches
	return r, nil
}

// stop ends the recording (SIGINT, as perf expects) and waits for the file.
func (r *perfRecorder) stop() {
	if r == nil {
		return
	}
	r.once.Do(func() {
		_ = r.cmd.Process.Signal(os.Interrupt)
		select {
		case <-r.done:
		case <-time.After(time.Minute):
			_ = r.cmd.Process.Kill()
		}
	})
}

func parseOutsideRuns(s string) ([]outsideRunSpec, error) {
	var out []outsideRunSpec
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		spec := outsideRunSpec{Name: part}
		if part != "shipped" {
			for _, f := range strings.Fields(part) {
				switch {
				case strings.HasPrefix(f, "-"):
					spec.Args = append(spec.Args, f)
				case strings.Contains(f, "="):
					spec.Env = append(spec.Env, f)
				default:
					return nil, fmt.Errorf("-outside-runs: %q is neither VAR=value nor --flag", f)
				}
			}
		}
		out = append(out, spec)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("-outside-runs: no run")
	}
	return out, nil
}

// shippedOperator is how config/manager/manager.yaml runs the operator.
type shippedOperator struct {
	Manifest string `json:"manifest"`
	// ManifestArgs as written; Args as run here: the bind addresses moved
	// to free loopback ports (the machine is shared), nothing else changed.
	ManifestArgs     []string `json:"manifestArgs"`
	Args             []string `json:"args"`
	MemoryLimit      string   `json:"memoryLimit"`
	MemoryLimitBytes int64    `json:"memoryLimitBytes"`
	CPULimit         string   `json:"cpuLimit"`
	Env              []string `json:"env"`
	LeaderElect      bool     `json:"leaderElect"`
}

// readShipped reads the manager container of the Deployment in path; the
// pod's namespace (POD_NAMESPACE) is operatorNamespace.
func readShipped(path, operatorNamespace string) (shippedOperator, error) {
	sh := shippedOperator{Manifest: path}
	f, err := os.Open(path)
	if err != nil {
		return sh, err
	}
	defer f.Close()
	dec := utilyaml.NewYAMLOrJSONDecoder(f, 4096)
	for {
		var d appsv1.Deployment
		if err := dec.Decode(&d); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return sh, fmt.Errorf("%s: %w", path, err)
		}
		if d.Kind != "Deployment" {
			continue
		}
		for _, c := range d.Spec.Template.Spec.Containers {
			if c.Name != "manager" {
				continue
			}
			sh.ManifestArgs = c.Args
			mem := c.Resources.Limits[corev1.ResourceMemory]
			sh.MemoryLimit, sh.MemoryLimitBytes = mem.String(), mem.Value()
			cpu := c.Resources.Limits[corev1.ResourceCPU]
			sh.CPULimit = cpu.String()
			for _, e := range c.Env {
				switch {
				case e.ValueFrom != nil && e.ValueFrom.ResourceFieldRef != nil && e.ValueFrom.ResourceFieldRef.Resource == "limits.memory":
					sh.Env = append(sh.Env, fmt.Sprintf("%s=%d", e.Name, sh.MemoryLimitBytes))
				case e.ValueFrom == nil:
					sh.Env = append(sh.Env, e.Name+"="+e.Value)
				case e.ValueFrom.FieldRef != nil && e.ValueFrom.FieldRef.FieldPath == "metadata.namespace":
					// The pod's namespace, as config/default installs it.
					sh.Env = append(sh.Env, e.Name+"="+operatorNamespace)
				default:
					return sh, fmt.Errorf("%s: env %s: only values, metadata.namespace and limits.memory are understood", path, e.Name)
				}
			}
			for _, a := range c.Args {
				name, value, _ := strings.Cut(a, "=")
				if name == "--leader-elect" {
					sh.LeaderElect = value == "" || value == "true"
				}
			}
			sh.Args, err = loopbackPorts(c.Args)
			return sh, err
		}
	}
	return sh, fmt.Errorf("%s: no Deployment with a manager container", path)
}

// loopbackPorts returns args with the metrics and health probe bind
// addresses (unless "0") moved to distinct free loopback ports.
func loopbackPorts(args []string) ([]string, error) {
	out := make([]string, 0, len(args))
	var held []net.Listener
	defer func() {
		for _, l := range held {
			l.Close()
		}
	}()
	for _, a := range args {
		name, value, _ := strings.Cut(a, "=")
		if (name == "--metrics-bind-address" || name == "--health-probe-bind-address") && value != "0" {
			// Held open until every port is chosen, so that two flags
			// never get the same one.
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				return nil, err
			}
			held = append(held, l)
			a = fmt.Sprintf("%s=%s", name, l.Addr())
		}
		out = append(out, a)
	}
	return out, nil
}

// outsideResults is everything one -outside run measured.
type outsideResults struct {
	Machine     machine         `json:"machine"`
	Source      string          `json:"source"`
	Kubectl     string          `json:"kubectl"`
	Shipped     shippedOperator `json:"shipped"`
	ExtraArgs   []string        `json:"extraArgs,omitempty"`
	ExtraEnv    []string        `json:"extraEnv,omitempty"`
	Keygen      keygenCost      `json:"keygen"`
	PollSeconds float64         `json:"pollSeconds"`
	Sizes       []outsideSize   `json:"sizes"`
}

type outsideSize struct {
	N int `json:"n"`
	// FloorStatus says which status the floor wrote.
	FloorStatus string               `json:"floorStatus"`
	Floors      []outsideFloorResult `json:"floors"`
	Operator    []outsideOpResult    `json:"operator"`
}

// pollSample is one kubectl get.
type pollSample struct {
	At        float64 `json:"at"` // seconds since the start, when kubectl returned
	Took      float64 `json:"took"`
	Present   int     `json:"present"`
	Converged int     `json:"converged"`
}

// pollOutcome is what the poller saw.
type pollOutcome struct {
	// Seconds from the start to the poll that saw every instance converged.
	Seconds float64      `json:"seconds"`
	Polls   []pollSample `json:"polls"`
	// KubectlCPU is the CPU time of the kubectl get processes.
	KubectlCPU float64 `json:"kubectlCpuSeconds"`
	// Reached: seconds until 10, 50 and 90 % were seen converged.
	Reached map[string]float64 `json:"reached"`
	// LastBytes is the size of the last poll's JSON (all N converged).
	LastBytes int `json:"lastBytes"`
}

type outsideFloorResult struct {
	Mode        string  `json:"mode"` // create or apply
	Concurrency int     `json:"concurrency"`
	LoadAvg     string  `json:"loadAvgAtStart"`
	Seconds     float64 `json:"seconds"` // the program's own end
	// Polled: the same kubectl poll as the operator's run.
	Polled pollOutcome `json:"polled"`
	// CPU from the start to the program's end.
	CPU cpuReading `json:"cpuSeconds"`
	// Machine: the whole machine's CPU over the same time.
	Machine machineCPU `json:"machineCpuSeconds"`
	// Audit would be empty (the floor is not the operator user).
}

type outsideOpResult struct {
	Run        outsideRunSpec `json:"run"`
	Args       []string       `json:"args"`
	Env        []string       `json:"env"`
	LoadAvg    string         `json:"loadAvgAtStart"`
	StartedIn  float64        `json:"startedInSeconds"`
	CreateSecs float64        `json:"kubectlCreateSeconds"`
	CreateCPU  float64        `json:"kubectlCreateCpuSeconds"`
	Polled     pollOutcome    `json:"polled"`
	// CPU from the start of kubectl create to the poll that saw convergence.
	CPU     cpuReading `json:"cpuSeconds"`
	Machine machineCPU `json:"machineCpuSeconds"`
	// Writes by the operator user (audit log): until convergence, until
	// settled, and in the idle window.
	AtConverged    auditCounts `json:"auditAtConverged"`
	Settled        auditCounts `json:"auditSettled"`
	SettledSeconds float64     `json:"settledSeconds"`
	Idle           auditCounts `json:"auditIdle"`
	IdleSeconds    float64     `json:"idleSeconds"`
	// Memory of the operator process (/proc/PID/status), bytes.
	// WarmupStatus is the status the operator wrote on the warm-up
	// instance, with "warmup" where the namespace goes.
	WarmupStatus json.RawMessage `json:"warmupStatus,omitempty"`
	RSSStart     float64         `json:"rssStart"`
	RSSConverged float64         `json:"rssConverged"`
	RSSEnd       float64         `json:"rssEnd"`
	RSSAnonEnd   float64         `json:"rssAnonEnd"`
	RSSFileEnd   float64         `json:"rssFileEnd"`
	PeakRSS      float64         `json:"peakRss"` // VmHWM
	// Mappings: RSS by mapping at the end (/proc/PID/smaps), bytes, keyed
	// "perms name" (the binary's text, rodata and data; anonymous).
	Mappings map[string]float64 `json:"rssByMapping"`
}

func runOutside(o options) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root, tmp, err := prepare()
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	oo := o.outside
	shipped, err := readShipped(filepath.Join(root, oo.manifest), oo.leaseNamespace)
	if err != nil {
		return err
	}
	kubectlVersion, err := exec.CommandContext(ctx, oo.kubectl, "version", "--client").CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s version --client: %w: %s", oo.kubectl, err, kubectlVersion)
	}
	res := outsideResults{Machine: describeMachine(), Source: describeSource(), Shipped: shipped,
		Kubectl:   oo.kubectl + ": " + strings.Join(strings.Fields(string(kubectlVersion)), " "),
		ExtraArgs: o.operatorArgs, ExtraEnv: o.operatorEnv, PollSeconds: oo.poll.Seconds()}
	bin := o.operatorBin
	if bin == "" {
		logf("building the operator ...")
		if bin, err = buildOperator(ctx, tmp); err != nil {
			return err
		}
	}
	logf("timing keys.Generate (%d key sets) ...", o.keygenSamples)
	fakeKeys, cost, err := timeKeygen(o.keygenSamples)
	if err != nil {
		return err
	}
	res.Keygen = cost
	printOutsideHeader(os.Stdout, o, res)

	var failed error
	for _, n := range o.sizes {
		sz, err := outsideSize1(ctx, o, tmp, bin, shipped, n, fakeKeys)
		res.Sizes = append(res.Sizes, sz)
		printOutsideSize(os.Stdout, sz, res.Keygen)
		if err != nil {
			failed = fmt.Errorf("at N=%d: %w", n, err)
			break
		}
	}
	if o.jsonPath != "" {
		data, err := json.MarshalIndent(res, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(o.jsonPath, data, 0o644); err != nil {
			return err
		}
	}
	return failed
}

// outsideInput is the files of one N.
type outsideInput struct {
	namespaces []string
	nsFile     string // the namespaces
	file       string // the SFTPGo resources
	warmupFile string // one SFTPGo in namespace warmup
}

func writeOutsideInput(dir string, n int) (outsideInput, error) {
	in := outsideInput{nsFile: filepath.Join(dir, "namespaces.yaml"), file: filepath.Join(dir, "sftpgos.yaml"),
		warmupFile: filepath.Join(dir, "warmup.yaml")}
	var ns, docs bytes.Buffer
	for i := 0; i < n; i++ {
		name := instanceName("bench", i)
		in.namespaces = append(in.namespaces, name)
		fmt.Fprintf(&ns, "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n", name)
		y, err := sftpgoYAML(name)
		if err != nil {
			return in, err
		}
		docs.WriteString("---\n")
		docs.Write(y)
	}
	warm, err := sftpgoYAML("warmup")
	if err != nil {
		return in, err
	}
	for path, data := range map[string][]byte{in.nsFile: ns.Bytes(), in.file: docs.Bytes(), in.warmupFile: warm} {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return in, err
		}
	}
	return in, nil
}

// sftpgoYAML is the bench's example as a user would write it.
func sftpgoYAML(namespace string) ([]byte, error) {
	u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(benchSFTPGo(namespace))
	if err != nil {
		return nil, err
	}
	delete(u, "status")
	unstructured.RemoveNestedField(u, "metadata", "creationTimestamp")
	return yaml.Marshal(u)
}

// readSFTPGos decodes the SFTPGo resources of a multi-document file.
func readSFTPGos(path string) ([]*v1alpha1.SFTPGo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dec := utilyaml.NewYAMLOrJSONDecoder(f, 4096)
	var out []*v1alpha1.SFTPGo
	for {
		s := &v1alpha1.SFTPGo{}
		if err := dec.Decode(s); err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if s.Kind == "" {
			continue // an empty document
		}
		out = append(out, s)
	}
}

// kubectl runs kubectl against one control plane.
type kubectl struct {
	bin, kubeconfig, cacheDir string
}

// newKubectl writes an admin kubeconfig (system:masters, not the operator's
// user: the audit log counts the operator's writes only) for cp.
func newKubectl(bin string, cp *controlPlane, dir string) (*kubectl, error) {
	user, err := cp.env.AddUser(envtest.User{Name: "bench-admin", Groups: []string{"system:masters"}}, nil)
	if err != nil {
		return nil, err
	}
	data, err := user.KubeConfig()
	if err != nil {
		return nil, err
	}
	k := &kubectl{bin: bin, kubeconfig: filepath.Join(dir, "admin.kubeconfig"), cacheDir: filepath.Join(dir, "kubectl-cache")}
	return k, os.WriteFile(k.kubeconfig, data, 0o600)
}

// run runs kubectl with args and returns its stdout and CPU seconds (its
// own and those of the processes it waited for: a dispatcher's child).
func (k *kubectl) run(ctx context.Context, args ...string) ([]byte, float64, error) {
	cmd := exec.CommandContext(ctx, k.bin, append([]string{"--kubeconfig", k.kubeconfig, "--cache-dir", k.cacheDir}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var cpu float64
	if cmd.ProcessState != nil {
		cpu = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
	}
	if err != nil {
		return nil, cpu, fmt.Errorf("kubectl %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), cpu, nil
}

// poll runs `kubectl get sftpgos -A -o json` every period, the first one
// at first, until every instance in namespaces reports its generation.
func (k *kubectl) poll(ctx context.Context, start, first time.Time, period, timeout time.Duration, namespaces []string,
	abort <-chan struct{}) (pollOutcome, error) {
	want := map[string]bool{}
	for _, ns := range namespaces {
		want[ns] = true
	}
	out := pollOutcome{Reached: map[string]float64{}}
	deadline := start.Add(timeout)
	next := first
	lastLog := time.Now()
	for {
		select {
		case <-ctx.Done():
			return out, ctx.Err()
		case <-abort:
			return out, errors.New("aborted: the operator exited")
		case <-time.After(time.Until(next)):
		}
		t0 := time.Now()
		next = t0.Add(period)
		data, cpu, err := k.run(ctx, "get", "sftpgos", "-A", "-o", "json")
		out.KubectlCPU += cpu
		if err != nil {
			return out, err
		}
		out.LastBytes = len(data)
		now := time.Now()
		var list struct {
			Items []struct {
				Metadata struct {
					Namespace  string `json:"namespace"`
					Generation int64  `json:"generation"`
				} `json:"metadata"`
				Status struct {
					ObservedGeneration int64 `json:"observedGeneration"`
				} `json:"status"`
			} `json:"items"`
		}
		if err := json.Unmarshal(data, &list); err != nil {
			return out, fmt.Errorf("kubectl get sftpgos: %w", err)
		}
		s := pollSample{At: now.Sub(start).Seconds(), Took: now.Sub(t0).Seconds()}
		for _, it := range list.Items {
			if !want[it.Metadata.Namespace] {
				continue
			}
			s.Present++
			if it.Metadata.Generation > 0 && it.Status.ObservedGeneration == it.Metadata.Generation {
				s.Converged++
			}
		}
		out.Polls = append(out.Polls, s)
		for _, pct := range []int{10, 50, 90} {
			key := fmt.Sprintf("%d%%", pct)
			if _, ok := out.Reached[key]; !ok && s.Converged*100 >= pct*len(want) {
				out.Reached[key] = s.At
			}
		}
		if s.Converged == len(want) {
			out.Seconds = s.At
			return out, nil
		}
		if now.After(deadline) {
			return out, fmt.Errorf("only %d of %d converged within %s", s.Converged, len(want), timeout)
		}
		if time.Since(lastLog) >= 10*time.Second {
			lastLog = time.Now()
			logf("  ... %d/%d present, %d converged after %.0fs", s.Present, len(want), s.Converged, s.At)
		}
	}
}

func outsideSize1(ctx context.Context, o options, tmp, bin string, shipped shippedOperator, n int,
	fakeKeys map[string][]byte) (outsideSize, error) {
	sz := outsideSize{N: n}
	dir := filepath.Join(tmp, fmt.Sprintf("outside-n%d", n))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return sz, err
	}
	input, err := writeOutsideInput(dir, n)
	if err != nil {
		return sz, err
	}
	oo := o.outside
	phase := 0
	// The operator runs first: the floor writes the status the operator
	// wrote on its warm-up instance (same conditions and messages, so that
	// the polls read objects of the same size).
	var status json.RawMessage
	for _, spec := range oo.runs {
		phase++
		r, err := outsideOperatorRun(ctx, o, filepath.Join(dir, fmt.Sprintf("phase%d", phase)), bin, shipped, input, spec)
		sz.Operator = append(sz.Operator, r)
		if err != nil {
			return sz, fmt.Errorf("operator run %q: %w", spec.Name, err)
		}
		if status == nil {
			status = r.WarmupStatus
		}
		logf("N=%d: operator %s: converged %.1fs (kubectl create %.1fs); %.2f writes/instance; idle %.0f; peak RSS %.1f MiB; CPU operator %.1f apiserver %.1f etcd %.1f others %.1f",
			n, spec.Name, r.Polled.Seconds, r.CreateSecs, nonLease(r.Settled)/float64(n), nonLease(r.Idle), r.PeakRSS/mib,
			r.CPU["operator"], r.CPU["kube-apiserver"], r.CPU["etcd"], others(r.Machine, r.CPU))
	}
	sz.FloorStatus = "the floor's own (2 conditions)"
	if status != nil {
		sz.FloorStatus = "the status the operator wrote on its warm-up instance"
	}
	for _, mode := range []string{"create", "apply"} {
		list := oo.floorConc
		if mode == "apply" {
			list = oo.floorApplyConc
		}
		for _, c := range list {
			phase++
			f, err := outsideFloor(ctx, o, filepath.Join(dir, fmt.Sprintf("phase%d", phase)), input, mode, c, fakeKeys, status)
			if err != nil {
				return sz, fmt.Errorf("floor %s c=%d: %w", mode, c, err)
			}
			sz.Floors = append(sz.Floors, f)
			logf("N=%d: floor %s c=%d: %.2fs (polled %.1fs); CPU apiserver %.1f etcd %.1f bench %.1f others %.1f", n, mode, c,
				f.Seconds, f.Polled.Seconds, f.CPU["kube-apiserver"], f.CPU["etcd"], f.CPU["bench"], others(f.Machine, floorCPU(f)))
		}
	}
	return sz, nil
}

// machineCPU is the machine's CPU time from /proc/stat, in seconds: busy
// (user, nice, system, irq, softirq) and steal (time the hypervisor gave
// to others: when it moves, CPU figures of processes are less reliable).
type machineCPU struct {
	Busy  float64 `json:"busy"`
	Idle  float64 `json:"idle"`
	Steal float64 `json:"steal"`
}

func readMachineCPU() machineCPU {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return machineCPU{}
	}
	line, _, _ := strings.Cut(string(data), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return machineCPU{}
	}
	v := make([]float64, len(f))
	for i := 1; i < len(f); i++ {
		_, _ = fmt.Sscan(f[i], &v[i])
		v[i] /= clockTicks
	}
	// user nice system idle iowait irq softirq steal
	return machineCPU{Busy: v[1] + v[2] + v[3] + v[6] + v[7], Idle: v[4] + v[5], Steal: v[8]}
}

func (m machineCPU) minus(b machineCPU) machineCPU {
	return machineCPU{Busy: m.Busy - b.Busy, Idle: m.Idle - b.Idle, Steal: m.Steal - b.Steal}
}

func loadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(data))[:3], " ")
}

// outsideControlPlane starts a control plane with the audit log (both the
// floor's and the operator's, so that the API server does the same work
// but for the writes of the operator's user) and creates the namespaces
// with kubectl.
func outsideControlPlane(ctx context.Context, o options, dir string, input outsideInput) (*controlPlane, *kubectl, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	cp, err := startControlPlane(dir, true)
	if err != nil {
		return nil, nil, err
	}
	k, err := newKubectl(o.outside.kubectl, cp, dir)
	if err != nil {
		cp.stop()
		return nil, nil, err
	}
	if err := createNamespaces(ctx, cp.client, []string{"warmup", o.outside.leaseNamespace}); err != nil {
		cp.stop()
		return nil, nil, err
	}
	if _, _, err := k.run(ctx, "create", "-f", input.nsFile); err != nil {
		cp.stop()
		return nil, nil, err
	}
	return cp, k, nil
}

// outsideFloor: a plain client reads the file and creates each instance's
// end state at concurrency conc, generating its keys; polled like the
// operator's run.
func outsideFloor(ctx context.Context, o options, dir string, input outsideInput, mode string, conc int,
	fakeKeys map[string][]byte, status json.RawMessage) (outsideFloorResult, error) {
	res := outsideFloorResult{Mode: mode, Concurrency: conc}
	cp, k, err := outsideControlPlane(ctx, o, dir, input)
	if err != nil {
		return res, err
	}
	defer cp.stop()
	facts, err := discoverFacts(cp)
	if err != nil {
		return res, err
	}
	apply := mode == "apply"
	scheme := cp.client.Scheme()
	// One untimed instance first, so that the client's REST mappings and
	// the API server's first writes of each resource are warm.
	warm, err := readSFTPGos(input.warmupFile)
	if err != nil {
		return res, err
	}
	statusFor := func(namespace string) (*v1alpha1.SFTPGoStatus, error) {
		if status == nil {
			return nil, nil
		}
		st := &v1alpha1.SFTPGoStatus{}
		return st, json.Unmarshal(bytes.ReplaceAll(status, []byte("warmup"), []byte(namespace)), st)
	}
	st, err := statusFor(warm[0].Namespace)
	if err != nil {
		return res, err
	}
	if err := createEndStateOf(ctx, cp.client, scheme, facts, warm[0], false, fakeKeys, apply, st); err != nil {
		return res, err
	}
	time.Sleep(2 * time.Second)

	res.LoadAvg = loadAvg()
	meter := newCPUMeter()
	perf, err := startPerf(o.outside.perfDir, filepath.Base(dir)+fmt.Sprintf("-floor-%s-c%d", mode, conc),
		append(append([]int{os.Getpid()}, meter.apiserver...), meter.etcd...)...)
	if err != nil {
		return res, err
	}
	defer perf.stop()
	cpu0, m0 := meter.read(0), readMachineCPU()
	stopProfile := profileAPIServer(ctx, cp, o.outside.perfDir, filepath.Base(dir)+fmt.Sprintf("-floor-%s-c%d", mode, conc))
	defer stopProfile()
	start := time.Now()
	type polled struct {
		out pollOutcome
		err error
	}
	pollDone := make(chan polled, 1)
	pctx, cancelPoll := context.WithCancel(ctx)
	defer cancelPoll()
	go func() {
		out, err := k.poll(pctx, start, start, o.outside.poll, o.timeout, input.namespaces, nil)
		pollDone <- polled{out, err}
	}()
	err = func() error {
		items, err := readSFTPGos(input.file)
		if err != nil {
			return err
		}
		if len(items) != len(input.namespaces) {
			return fmt.Errorf("%s: %d SFTPGo, want %d", input.file, len(items), len(input.namespaces))
		}
		return parallel(ctx, len(items), conc, func(ctx context.Context, i int) error {
			st, err := statusFor(items[i].Namespace)
			if err != nil {
				return err
			}
			return createEndStateOf(ctx, cp.client, scheme, facts, items[i], true, fakeKeys, apply, st)
		})
	}()
	if err != nil {
		return res, err
	}
	res.Seconds = time.Since(start).Seconds()
	res.CPU, res.Machine = meter.read(0).minus(cpu0), readMachineCPU().minus(m0)
	perf.stop()
	stopProfile()
	p := <-pollDone
	res.Polled = p.out
	return res, p.err
}

// outsideOperatorRun starts the operator as shipped (plus spec) on a fresh
// control plane, converges one warm-up instance, then creates the file's
// SFTPGo with one kubectl create and polls until all converged.
func outsideOperatorRun(ctx context.Context, o options, dir, bin string, shipped shippedOperator, input outsideInput,
	spec outsideRunSpec) (outsideOpResult, error) {
	res := outsideOpResult{Run: spec}
	cp, k, err := outsideControlPlane(ctx, o, dir, input)
	if err != nil {
		return res, err
	}
	defer cp.stop()
	args, err := loopbackPorts(shipped.ManifestArgs)
	if err != nil {
		return res, err
	}
	res.Args = append(append(args, o.operatorArgs...), spec.Args...)
	res.Env = append(append(append([]string{}, shipped.Env...), o.operatorEnv...), spec.Env...)
	leaseNS := ""
	if shipped.LeaderElect {
		leaseNS = o.outside.leaseNamespace
	}
	logPath := filepath.Join(dir, "operator.log")
	defer func() {
		if o.keepLogs != "" {
			_ = os.MkdirAll(o.keepLogs, 0o755)
			if data, err := os.ReadFile(logPath); err == nil {
				_ = os.WriteFile(filepath.Join(o.keepLogs, filepath.Base(dir)+"-operator.log"), data, 0o644)
			}
		}
	}()
	started := time.Now()
	op, err := startShippedOperator(ctx, bin, cp.operatorKubeconfig, logPath, res.Args, res.Env, leaseNS)
	if err != nil {
		return res, err
	}
	defer op.stop()
	res.StartedIn = time.Since(started).Seconds()
	logf("operator %q started in %.1fs (pid %d); warm-up instance ...", spec.Name, res.StartedIn, op.pid)

	// One warm-up instance, as on a cluster where the operator has run.
	if _, _, err := k.run(ctx, "create", "-f", input.warmupFile); err != nil {
		return res, err
	}
	if _, err := k.poll(ctx, time.Now(), time.Now(), 500*time.Millisecond, 2*time.Minute, []string{"warmup"}, op.exited); err != nil {
		return res, fmt.Errorf("warm-up: %w", err)
	}
	if data, _, err := k.run(ctx, "get", "sftpgo", "files", "-n", "warmup", "-o", "json"); err == nil {
		var obj struct {
			Status json.RawMessage `json:"status"`
		}
		if json.Unmarshal(data, &obj) == nil {
			res.WarmupStatus = obj.Status
		}
	}
	if _, _, err := waitAuditQuiet(ctx, cp.audit, op, 3*time.Second, time.Minute); err != nil {
		return res, err
	}
	if st, err := procStatus(op.pid); err == nil {
		res.RSSStart = st["VmRSS"]
	}

	res.LoadAvg = loadAvg()
	cp.audit.mark()
	meter := newCPUMeter()
	perf, err := startPerf(o.outside.perfDir, filepath.Base(dir)+"-operator",
		append(append([]int{op.pid}, meter.apiserver...), meter.etcd...)...)
	if err != nil {
		return res, err
	}
	defer perf.stop()
	cpu0, m0 := meter.read(op.pid), readMachineCPU()
	stopProfile := profileAPIServer(ctx, cp, o.outside.perfDir, filepath.Base(dir)+"-operator")
	defer stopProfile()
	start := time.Now()
	_, createCPU, err := k.run(ctx, "create", "-f", input.file)
	res.CreateSecs, res.CreateCPU = time.Since(start).Seconds(), createCPU
	if err != nil {
		return res, err
	}
	logf("kubectl create -f (%d SFTPGo) took %.1fs; polling every %s ...", len(input.namespaces), res.CreateSecs, o.outside.poll)
	res.Polled, err = k.poll(ctx, start, time.Now(), o.outside.poll, o.timeout, input.namespaces, op.exited)
	res.CPU, res.Machine = meter.read(op.pid).minus(cpu0), readMachineCPU().minus(m0)
	res.CPU["kubectl"] = res.CreateCPU + res.Polled.KubectlCPU
	perf.stop()
	stopProfile()
	if err != nil {
		return res, err
	}
	if st, err := procStatus(op.pid); err == nil {
		res.RSSConverged = st["VmRSS"]
	}
	if res.AtConverged, err = cp.audit.next(); err != nil {
		return res, err
	}

	// Until the operator's writes stop (what it still does belongs to
	// convergence), then the idle window.
	more, quietAt, err := waitAuditQuiet(ctx, cp.audit, op, o.outside.settle, 5*time.Minute)
	if err != nil {
		return res, err
	}
	res.Settled = auditCounts{}
	for _, c := range []auditCounts{res.AtConverged, more} {
		for k, v := range c {
			res.Settled[k] += v
		}
	}
	res.SettledSeconds = quietAt.Sub(start).Seconds()
	if o.outside.idle > 0 {
		logf("idle window of %s ...", o.outside.idle)
		select {
		case <-ctx.Done():
			return res, ctx.Err()
		case <-op.exited:
			return res, op.alive()
		case <-time.After(o.outside.idle):
		}
		res.IdleSeconds = o.outside.idle.Seconds()
		if res.Idle, err = cp.audit.next(); err != nil {
			return res, err
		}
	}
	st, err := procStatus(op.pid)
	if err != nil {
		return res, err
	}
	res.RSSEnd, res.RSSAnonEnd, res.RSSFileEnd, res.PeakRSS = st["VmRSS"], st["RssAnon"], st["RssFile"], st["VmHWM"]
	res.Mappings = rssByMapping(op.pid)
	return res, nil
}

// rssByMapping sums the Rss of /proc/PID/smaps by permissions and mapped
// file (anonymous mappings as "anon").
func rssByMapping(pid int) map[string]float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps", pid))
	if err != nil {
		return nil
	}
	out := map[string]float64{}
	key := ""
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 5 && strings.Contains(f[0], "-") && len(f[1]) == 4:
			name := "anon"
			if len(f) >= 6 {
				name = filepath.Base(f[5])
			}
			key = f[1] + " " + name
		case len(f) == 3 && f[0] == "Rss:" && key != "":
			var kb float64
			_, _ = fmt.Sscan(f[1], &kb)
			out[key] += kb * 1024
		}
	}
	for k, v := range out {
		if v == 0 {
			delete(out, k)
		}
	}
	return out
}

// others is the machine's busy CPU time not used by the processes the
// bench measured: other work on the machine (or perf).
func others(m machineCPU, c cpuReading) float64 {
	var ours float64
	for _, v := range c {
		ours += v
	}
	return m.Busy - ours
}

// nonLease counts the writes other than leader election's Lease renewals.
func nonLease(c auditCounts) float64 {
	var n float64
	for k, v := range c {
		if !strings.HasPrefix(k, "leases ") {
			n += v
		}
	}
	return n
}

// waitAuditQuiet reads the audit log until the operator has written nothing
// but Leases for quiet. It returns what it read and when the last write was.
func waitAuditQuiet(ctx context.Context, a *auditLog, op *operator, quiet, timeout time.Duration) (auditCounts, time.Time, error) {
	total := auditCounts{}
	last := time.Now()
	deadline := last.Add(timeout)
	for {
		select {
		case <-ctx.Done():
			return total, last, ctx.Err()
		case <-op.exited:
			return total, last, op.alive()
		case <-time.After(500 * time.Millisecond):
		}
		c, err := a.next()
		if err != nil {
			return total, last, err
		}
		now := time.Now()
		for k, v := range c {
			total[k] += v
		}
		if nonLease(c) > 0 {
			last = now
		}
		if now.Sub(last) >= quiet {
			return total, last, nil
		}
		if now.After(deadline) {
			return total, last, fmt.Errorf("the operator still writes after %s: %s", timeout, c)
		}
	}
}

// inClusterNamespaceScript gives the operator the file from which
// controller-runtime reads the leader election namespace when running in a
// pod, in a mount namespace of its own (a tmpfs over /var/run: nothing on
// the machine changes), then execs the operator: its pid stays the one
// started.
const inClusterNamespaceScript = `set -e
mount -t tmpfs -o size=1m,mode=755 tmpfs /var/run
mkdir -p /var/run/secrets/kubernetes.io/serviceaccount
printf '%s' "$1" > /var/run/secrets/kubernetes.io/serviceaccount/namespace
shift
exec "$@"`

// startShippedOperator runs bin with exactly args (no flag of the bench's)
// and env; with leaseNS, in a mount namespace where the in-cluster
// namespace file says leaseNS, as --leader-elect needs. It waits until the
// SFTPGo controller's workers have started (its log says so).
func startShippedOperator(ctx context.Context, bin, kubeconfig, logPath string, args, env []string, leaseNS string) (*operator, error) {
	argv := append([]string{bin}, args...)
	if leaseNS != "" {
		argv = append([]string{"unshare", "--mount", "--propagation", "private",
			"sh", "-c", inClusterNamespaceScript, "sh", leaseNS}, argv...)
	}
	op, err := spawn(argv, append([]string{"KUBECONFIG=" + kubeconfig}, env...), logPath)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if data, err := os.ReadFile(logPath); err == nil && workersStarted(string(data)) {
			// The pid is the operator's once the wrapper has exec'd it.
			if exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", op.pid)); err == nil && filepath.Base(exe) == filepath.Base(bin) {
				return op, nil
			}
		}
		if time.Now().After(deadline) {
			op.stop()
			return nil, fmt.Errorf("the operator's SFTPGo workers did not start within 2m; log: %s\n%s", logPath, tail(logPath, 30))
		}
		select {
		case <-ctx.Done():
			op.stop()
			return nil, ctx.Err()
		case <-op.exited:
			return nil, fmt.Errorf("the operator exited (%w); log: %s\n%s", op.err, logPath, tail(logPath, 30))
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// workersStarted: controller-runtime's "Starting workers" line of the
// sftpgo controller.
func workersStarted(log string) bool {
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, "Starting workers") && strings.Contains(line, "sftpgo") {
			return true
		}
	}
	return false
}

func printOutsideHeader(w io.Writer, o options, res outsideResults) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	m := res.Machine
	p("# sftpgo-operator bench, measured from outside\n\n")
	p("- machine: %d CPUs (%s), %s memory, %s, kernel %s, load average at start %s, %s\n",
		m.CPUs, m.Model, m.MemoryGiB, m.Go, m.Kernel, m.LoadAvg, m.Date)
	if o.operatorBin == "" {
		src := res.Source
		if head, files, ok := strings.Cut(src, " with uncommitted changes to "); ok {
			src = fmt.Sprintf("%s with uncommitted changes to %d files (-json lists them)", head, len(strings.Split(files, ", ")))
		}
		p("- operator built from %s\n", src)
	}
	if o.operatorBin != "" {
		p("- operator binary: %s (not the repository's)\n", o.operatorBin)
	}
	sh := res.Shipped
	p("- as %s runs it: args `%s` (run here as `%s`: bind addresses on free loopback ports), env `%s` (memory limit %s; its CPU limit %s is not applied here)",
		sh.Manifest, strings.Join(sh.ManifestArgs, " "), strings.Join(sh.Args, " "), strings.Join(sh.Env, " "), sh.MemoryLimit, sh.CPULimit)
	if sh.LeaderElect {
		p("; leader election in namespace %s (the in-cluster namespace file given in a mount namespace)", o.outside.leaseNamespace)
	}
	p("\n")
	if len(res.ExtraArgs)+len(res.ExtraEnv) > 0 {
		p("- added to every run: args `%s`, env `%s`\n", strings.Join(res.ExtraArgs, " "), strings.Join(res.ExtraEnv, " "))
	}
	p("- %s\n", res.Kubectl)
	k := res.Keygen
	p("- keys.Generate (RSA-3072 + ECDSA P-256 + ed25519), %d sets on one goroutine: mean %.0f ms, p50 %.0f ms, max %.0f ms wall; %.0f ms CPU per set\n",
		k.Samples, k.WallMS.Mean, k.WallMS.P50, k.WallMS.Max, k.CPUms)
	p("- input: one multi-document file of N SFTPGo `files` (one namespace each, created just before with `kubectl create -f` of a second file; Ingress files.example.com, TLS Edge, trustedProxies [10.0.0.0/16]); one warm-up instance first; converged: every `status.observedGeneration == metadata.generation`, seen by `kubectl get sftpgos -A -o json` every %.0f s; times from the start of `kubectl create -f` (the floor: from the start of the program); each floor and each operator run on a fresh control plane\n",
		res.PollSeconds)
}

func printOutsideSize(w io.Writer, sz outsideSize, keygen keygenCost) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	n := float64(sz.N)
	p("\n## N = %d\n\n### Floor: a plain client reads the file and creates each instance's end state, generating its keys\n\n", sz.N)
	p("Status written: %s. Machine CPU in CPU-seconds; others: busy time of processes the bench does not measure.\n\n", sz.FloorStatus)
	p("| writes | concurrency | load at start | seconds (program) | seconds (polled) | CPU s apiserver / etcd / client (until the program ends) | client ms / instance | apiserver ms / instance | kubectl polls CPU s | machine busy / idle / others | last poll KiB |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, f := range sz.Floors {
		p("| %s | %d | %s | %.2f | %.1f | %.1f / %.1f / %.1f | %.0f | %.0f | %.1f | %.1f / %.1f / %.1f | %.0f |\n", f.Mode, f.Concurrency, f.LoadAvg, f.Seconds, f.Polled.Seconds,
			f.CPU["kube-apiserver"], f.CPU["etcd"], f.CPU["bench"], f.CPU["bench"]*1000/n, f.CPU["kube-apiserver"]*1000/n, f.Polled.KubectlCPU,
			f.Machine.Busy, f.Machine.Idle, others(f.Machine, floorCPU(f)), float64(f.Polled.LastBytes)/1024)
	}
	best := bestOutsideFloor(sz.Floors, "create")
	if len(sz.Operator) == 0 {
		return
	}
	p("\n### Operator\n\n")
	p("| run | load at start | kubectl create s | converged s (polled) | 10/50/90 %% s | vs floor (program) | vs floor (polled) | writes / instance (converged, settled) | idle writes (Leases) | RSS start / converged / end MiB (anon + file at end) | peak RSS MiB | last poll KiB |\n")
	p("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, r := range sz.Operator {
		vsProg, vsPoll := "-", "-"
		if best != nil {
			vsProg = fmt.Sprintf("%.2fx", r.Polled.Seconds/best.Seconds)
			vsPoll = fmt.Sprintf("%.2fx", r.Polled.Seconds/best.Polled.Seconds)
		}
		p("| %s | %s | %.1f | %.1f | %.0f / %.0f / %.0f | %s | %s | %.2f, %.2f | %.0f (%.0f) in %.0f s | %.1f / %.1f / %.1f (%.1f + %.1f) | %.1f | %.0f |\n",
			r.Run.Name, r.LoadAvg, r.CreateSecs, r.Polled.Seconds, r.Polled.Reached["10%"], r.Polled.Reached["50%"], r.Polled.Reached["90%"],
			vsProg, vsPoll, nonLease(r.AtConverged)/n, nonLease(r.Settled)/n, nonLease(r.Idle), r.Idle.total()-nonLease(r.Idle), r.IdleSeconds,
			r.RSSStart/mib, r.RSSConverged/mib, r.RSSEnd/mib, r.RSSAnonEnd/mib, r.RSSFileEnd/mib, r.PeakRSS/mib, float64(r.Polled.LastBytes)/1024)
	}
	if best != nil {
		p("\nFloor: best plain-create floor, %.2f s at concurrency %d (polled %.1f s).\n", best.Seconds, best.Concurrency, best.Polled.Seconds)
	}
	p("\nCPU seconds during convergence (start of kubectl create to the poll that saw all converged):\n\n")
	p("| run | wall s | operator | ms / instance | keygen share | kube-apiserver | apiserver ms / instance | etcd | kubectl (create + polls) | bench | machine busy / idle / others |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, r := range sz.Operator {
		op := r.CPU["operator"]
		share := 0.0
		if op > 0 {
			share = keygen.CPUms / 1000 * n / op * 100
		}
		p("| %s | %.1f | %.1f | %.0f | %.0f %% | %.1f | %.0f | %.1f | %.1f | %.1f | %.1f / %.1f / %.1f |\n", r.Run.Name, r.Polled.Seconds, op, op*1000/n, share,
			r.CPU["kube-apiserver"], r.CPU["kube-apiserver"]*1000/n, r.CPU["etcd"], r.CPU["kubectl"], r.CPU["bench"],
			r.Machine.Busy, r.Machine.Idle, others(r.Machine, r.CPU))
	}
	for _, r := range sz.Operator {
		p("\nWrites of run %s until settled (%.1f s after the start), audit log: %s.", r.Run.Name, r.SettledSeconds, r.Settled)
		if r.Idle != nil {
			p(" Idle window: %s.", orNone(r.Idle.String()))
		}
		p(" Args `%s`, env `%s`.", strings.Join(r.Args, " "), strings.Join(r.Env, " "))
		var maps []string
		for _, k := range sortedByValue(r.Mappings) {
			if r.Mappings[k] >= 0.5*mib {
				maps = append(maps, fmt.Sprintf("%s %.1f", k, r.Mappings[k]/mib))
			}
		}
		p(" RSS by mapping at the end, MiB: %s.\n", orNone(strings.Join(maps, ", ")))
	}
}

// floorCPU is the floor's CPU with its kubectl polls.
func floorCPU(f outsideFloorResult) cpuReading {
	c := cpuReading{"kubectl": f.Polled.KubectlCPU}
	for k, v := range f.CPU {
		c[k] += v
	}
	return c
}

func sortedByValue(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] })
	return keys
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func bestOutsideFloor(fs []outsideFloorResult, mode string) *outsideFloorResult {
	var best *outsideFloorResult
	for i := range fs {
		if fs[i].Mode == mode && (best == nil || fs[i].Seconds < best.Seconds) {
			best = &fs[i]
		}
	}
	return best
}
