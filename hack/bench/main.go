// Command bench measures the operator at scale against a local control plane
// (envtest etcd and kube-apiserver; no nodes, no controller-manager) and
// prints a Markdown report (docs/performance.md explains it):
//
//   - floor: a plain client creating the same end state directly, at several
//     concurrencies, with pre-generated keys and with per-instance keygen;
//   - convergence: N SFTPGo created at once, time until each reports its
//     generation, the operator's API writes (rest_client_requests_total and,
//     by resource, the API server's audit log);
//   - idle: the operator restarted (a full resync), then writes over -idle;
//   - reaction: spec changes of -reaction instances one at a time, time to
//     the new ConfigMap and pod template;
//   - memory: the operator's RSS and Go heap after convergence, after the
//     resync, and after -unrelated unrelated Secrets and ConfigMaps.
//
// Each N gets fresh control planes (one for the floor, one for the
// operator): envtest runs no namespace controller, so nothing could be
// cleaned up between runs.
//
// With -outside it measures instead as a user would (outside.go): one
// `kubectl create -f` of N SFTPGo, status polled with kubectl, the operator
// run as config/manager/manager.yaml runs it, against a floor in the same run.
//
//	make bench
//	KUBEBUILDER_ASSETS=$(bash hack/envtest/build.sh) go run ./hack/bench -n 100 \
//	    -operator-args "--max-concurrent-reconciles=8 --kube-api-qps=200 --kube-api-burst=400"
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/go-logr/logr"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/discovery"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	crlog "sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/sftpgo-operator/sftpgo-operator/internal/keys"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/testenv"
)

type options struct {
	sizes             []int
	idle              time.Duration
	unrelated         int
	unrelatedWait     time.Duration
	reaction          int
	operatorArgs      []string
	operatorEnv       []string
	operatorBin       string
	createConcurrency int
	floorConc         []int
	floorKeygenConc   []int
	keygenSamples     int
	audit             bool
	timeout           time.Duration
	jsonPath          string
	keepLogs          string
	outside           outsideOptions
	accounts          accountsOptions
}

func main() {
	// Its own flag set: controller-runtime registers -kubeconfig on the
	// global one, which the bench does not use.
	fs := flag.NewFlagSet("bench", flag.ExitOnError)
	var o options
	var sizes, floorConc, floorKeygenConc, operatorArgs string
	fs.StringVar(&sizes, "n", "100,500", "instance counts, comma-separated; each gets fresh control planes")
	fs.DurationVar(&o.idle, "idle", 60*time.Second, "idle window after the forced resync, in which the operator must not write (0 skips it)")
	fs.IntVar(&o.unrelated, "unrelated", 5000, "unrelated Secrets and ConfigMaps (10 KiB each) created to see the operator's memory stay flat (0 skips)")
	fs.DurationVar(&o.unrelatedWait, "unrelated-wait", 20*time.Second, "wait after creating the unrelated objects before reading memory")
	fs.IntVar(&o.reaction, "reaction", 100, "spec changes timed one at a time (0 skips)")
	fs.StringVar(&operatorArgs, "operator-args", "", "extra operator flags, space-separated, e.g. \"--max-concurrent-reconciles=8 --kube-api-qps=200 --kube-api-burst=400\"")
	var operatorEnv string
	operatorEnvFlag := &operatorEnv
	fs.StringVar(&operatorEnv, "operator-env", "", "extra environment of the operator, space-separated, e.g. \"GOMEMLIMIT=60MiB GOGC=50\"")
	fs.StringVar(&o.operatorBin, "operator-bin", "", "run this operator binary instead of building the repository's (to try a change)")
	fs.IntVar(&o.createConcurrency, "create-concurrency", 16, "concurrency of the bench's SFTPGo creates")
	fs.StringVar(&floorConc, "floor-concurrency", "4,8,16,32", "floor concurrencies with pre-generated keys (empty skips the floor)")
	fs.StringVar(&floorKeygenConc, "floor-keygen-concurrency", "4,8,16,32", "floor concurrencies with keys generated per instance (empty skips)")
	fs.IntVar(&o.keygenSamples, "keygen-samples", 20, "key sets generated to time keys.Generate alone")
	fs.BoolVar(&o.audit, "audit", true, "audit-log the operator's writes on the API server, to count them by resource")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Minute, "longest wait for convergence")
	fs.StringVar(&o.jsonPath, "json", "", "also write the results as JSON to this file")
	fs.StringVar(&o.keepLogs, "keep-logs", "", "copy the operator logs into this directory")
	outsideFloorConc, outsideFloorApplyConc, outsideRuns := registerOutsideFlags(fs, &o.outside)
	registerAccountsFlags(fs, &o.accounts)
	_ = fs.Parse(os.Args[1:])
	if o.accounts.users > 0 {
		o.accounts.timeout = o.timeout
		o.operatorArgs = strings.Fields(operatorArgs)
		o.operatorEnv = strings.Fields(*operatorEnvFlag)
		if err := runAccounts(o, o.accounts); err != nil {
			fatal(err)
		}
		return
	}

	var err error
	if o.sizes, err = intList(sizes); err != nil || len(o.sizes) == 0 {
		fatal(fmt.Errorf("-n: %q: want comma-separated instance counts", sizes))
	}
	if o.floorConc, err = intList(floorConc); err != nil {
		fatal(fmt.Errorf("-floor-concurrency: %w", err))
	}
	if o.floorKeygenConc, err = intList(floorKeygenConc); err != nil {
		fatal(fmt.Errorf("-floor-keygen-concurrency: %w", err))
	}
	o.operatorArgs = strings.Fields(operatorArgs)
	o.operatorEnv = strings.Fields(operatorEnv)

	if o.outside.enabled {
		if o.outside.floorConc, err = intList(*outsideFloorConc); err != nil {
			fatal(fmt.Errorf("-outside-floor-concurrency: %w", err))
		}
		if o.outside.floorApplyConc, err = intList(*outsideFloorApplyConc); err != nil {
			fatal(fmt.Errorf("-outside-floor-apply-concurrency: %w", err))
		}
		if o.outside.runs, err = parseOutsideRuns(*outsideRuns); err != nil {
			fatal(err)
		}
		if err := runOutside(o); err != nil {
			fatal(err)
		}
		return
	}
	if err := run(o); err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

func intList(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		v, err := strconv.Atoi(f)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("%q is not a positive number", f)
		}
		out = append(out, v)
	}
	return out, nil
}

// logf prints progress to stderr; the report goes to stdout.
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, time.Now().Format("15:04:05 ")+format+"\n", args...)
}

// results is everything one bench run measured.
type results struct {
	Machine      machine       `json:"machine"`
	Source       string        `json:"source"`
	OperatorArgs []string      `json:"operatorArgs"`
	OperatorEnv  []string      `json:"operatorEnv,omitempty"`
	OperatorBin  string        `json:"operatorBin,omitempty"`
	Keygen       keygenCost    `json:"keygen"`
	Runs         []sizeResults `json:"runs"`
}

type keygenCost struct {
	Samples int     `json:"samples"`
	WallMS  dist    `json:"wallMs"`
	CPUms   float64 `json:"cpuMsPerSet"`
}

// sizeResults are the results for one N.
type sizeResults struct {
	N                int              `json:"n"`
	Floor            []floorResult    `json:"floor"`
	CounterCheck     string           `json:"counterCheck"`
	Convergence      convergeResult   `json:"convergence"`
	StartMemory      memory           `json:"startMemory"`
	ConvergedMemory  memory           `json:"convergedMemory"`
	ResyncSeconds    float64          `json:"resyncSeconds"`
	Resync           delta            `json:"resync"`
	ResyncAudit      auditCounts      `json:"resyncAudit,omitempty"`
	ResyncMemory     memory           `json:"resyncMemory"`
	Idle             *delta           `json:"idle,omitempty"`
	IdleAudit        auditCounts      `json:"idleAudit,omitempty"`
	Reaction         *reactionResult  `json:"reaction,omitempty"`
	Unrelated        *unrelatedResult `json:"unrelated,omitempty"`
	OperatorLogLines int              `json:"operatorLogLines"`
}

type unrelatedResult struct {
	Count         int         `json:"count"`
	CreateSeconds float64     `json:"createSeconds"`
	WaitSeconds   float64     `json:"waitSeconds"`
	Before        memory      `json:"before"`
	After         memory      `json:"after"`
	Counters      delta       `json:"counters"`
	Audit         auditCounts `json:"audit,omitempty"`
}

// prepare runs the bench from the repository root, with a temporary
// directory the caller removes.
func prepare() (root, tmp string, err error) {
	crlog.SetLogger(logr.Discard())
	if root, err = testenv.RepoRoot(); err != nil {
		return "", "", fmt.Errorf("run the bench inside the repository: %w", err)
	}
	if err := os.Chdir(root); err != nil {
		return "", "", err
	}
	if os.Getenv("KUBEBUILDER_ASSETS") == "" {
		logf("KUBEBUILDER_ASSETS is not set: using %s (make bench sets it)", testenv.DefaultAssetsDir())
	}
	tmp, err = os.MkdirTemp("", "sftpgo-operator-bench-")
	return root, tmp, err
}

func run(o options) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	_, tmp, err := prepare()
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	res := results{Machine: describeMachine(), Source: describeSource(), OperatorArgs: o.operatorArgs, OperatorEnv: o.operatorEnv, OperatorBin: o.operatorBin}
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

	printHeader(os.Stdout, o, res)
	var failed error
	for _, n := range o.sizes {
		r, err := benchSize(ctx, o, tmp, bin, n, fakeKeys)
		if err != nil {
			failed = fmt.Errorf("at N=%d: %w", n, err)
			break
		}
		res.Runs = append(res.Runs, r)
		printSize(os.Stdout, r, res.Keygen)
	}
	if len(res.Runs) > 0 {
		printTargets(os.Stdout, res)
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

// timeKeygen times keys.Generate alone and returns one key set, which the
// floor writes for every instance when it does not generate keys.
func timeKeygen(samples int) (map[string][]byte, keygenCost, error) {
	var walls []time.Duration
	var data map[string][]byte
	cpu0, _ := cpuSeconds(os.Getpid())
	for i := 0; i < max(1, samples); i++ {
		t0 := time.Now()
		d, err := keys.Generate()
		if err != nil {
			return nil, keygenCost{}, err
		}
		walls = append(walls, time.Since(t0))
		data = d
	}
	cpu1, _ := cpuSeconds(os.Getpid())
	w := distOf(walls)
	ms := dist{Count: w.Count, P50: w.P50 * 1000, P90: w.P90 * 1000, P99: w.P99 * 1000, Max: w.Max * 1000, Mean: w.Mean * 1000}
	return data, keygenCost{Samples: len(walls), WallMS: ms, CPUms: (cpu1 - cpu0) * 1000 / float64(len(walls))}, nil
}

// discoverFacts finds the platform like the operator does.
func discoverFacts(cp *controlPlane) (platform.Facts, error) {
	d, err := discovery.NewDiscoveryClientForConfig(cp.cfg)
	if err != nil {
		return platform.Facts{}, err
	}
	return platform.Discover(d)
}

func benchSize(ctx context.Context, o options, tmp, bin string, n int, fakeKeys map[string][]byte) (r sizeResults, err error) {
	r.N = n
	dir := filepath.Join(tmp, fmt.Sprintf("n%d", n))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return r, err
	}

	// The floor, on its own control plane.
	if len(o.floorConc)+len(o.floorKeygenConc) > 0 {
		logf("N=%d: starting a control plane for the floor ...", n)
		floorDir := filepath.Join(dir, "floor")
		if err := os.MkdirAll(floorDir, 0o755); err != nil {
			return r, err
		}
		cp, err := startControlPlane(floorDir, false)
		if err != nil {
			return r, err
		}
		facts, err := discoverFacts(cp)
		if err != nil {
			cp.stop()
			return r, err
		}
		// One untimed instance first, so that the client's REST mappings
		// and the API server's first writes of each resource are warm.
		if _, err := runFloor(ctx, cp, facts, "floor-warmup", 1, 1, false, fakeKeys); err != nil {
			cp.stop()
			return r, err
		}
		for _, keygen := range []bool{false, true} {
			list := o.floorConc
			if keygen {
				list = o.floorKeygenConc
			}
			for _, c := range list {
				prefix := fmt.Sprintf("floor-c%d", c)
				if keygen {
					prefix = fmt.Sprintf("floork-c%d", c)
				}
				f, err := runFloor(ctx, cp, facts, prefix, n, c, keygen, fakeKeys)
				if err != nil {
					cp.stop()
					return r, err
				}
				logf("N=%d: floor concurrency %d keygen %v: %.2fs (%.1f instances/s)", n, c, keygen, f.Seconds, f.Rate)
				r.Floor = append(r.Floor, f)
			}
		}
		cp.stop()
	}

	logf("N=%d: starting a control plane for the operator ...", n)
	cp, err := startControlPlane(dir, o.audit)
	if err != nil {
		return r, err
	}
	defer cp.stop()
	// The bench's watches end before the API server stops (it waits for them).
	cacheCtx, stopCache := context.WithCancel(ctx)
	defer stopCache()
	bc, err := benchCache(cacheCtx, cp)
	if err != nil {
		return r, err
	}
	logPath := filepath.Join(dir, "operator.log")
	defer func() {
		r.OperatorLogLines = countLines(logPath)
		if o.keepLogs != "" {
			_ = os.MkdirAll(o.keepLogs, 0o755)
			if data, err := os.ReadFile(logPath); err == nil {
				_ = os.WriteFile(filepath.Join(o.keepLogs, fmt.Sprintf("operator-n%d.log", n)), data, 0o644)
			}
		}
	}()

	op, err := startOperator(ctx, bin, cp.operatorKubeconfig, logPath, o.operatorArgs, o.operatorEnv)
	if err != nil {
		return r, err
	}
	defer func() { op.stop() }()
	if r.StartMemory, err = op.memory(ctx); err != nil {
		return r, err
	}
	m, err := op.scrape(ctx)
	if err != nil {
		return r, err
	}
	if !m.has("rest_client_requests_total") {
		r.CounterCheck = "rest_client_requests_total missing from /metrics: writes counted from the audit log only"
	}

	logf("N=%d: convergence: creating %d SFTPGo at concurrency %d ...", n, n, o.createConcurrency)
	prefix := "bench"
	r.Convergence, err = runConvergence(ctx, cp, bc, op, prefix, n, o.createConcurrency, o.timeout)
	if err != nil {
		return r, err
	}
	conv := r.Convergence
	logf("N=%d: converged in %.1fs (%.1f/s), p50 %.2fs p99 %.2fs; %.1f writes/instance; %d/%d complete",
		n, conv.Seconds, conv.Rate, conv.Latency.P50, conv.Latency.P99, conv.Settled.Writes/float64(n), conv.Complete, n)
	switch {
	case r.CounterCheck != "":
	case conv.Settled.Writes == 0:
		r.CounterCheck = "rest_client_requests_total did not move during convergence: writes counted from the audit log only"
	default:
		r.CounterCheck = fmt.Sprintf("rest_client_requests_total present and moving (%.0f writes during convergence)", conv.Settled.Writes)
	}
	if cp.audit != nil && r.CounterCheck != "" && conv.Audit.total() != conv.Settled.Writes {
		r.CounterCheck += fmt.Sprintf("; the audit log counted %.0f", conv.Audit.total())
	}
	if r.ConvergedMemory, err = op.memory(ctx); err != nil {
		return r, err
	}

	// A forced resync: a new operator process lists and reconciles everything.
	logf("N=%d: restarting the operator (full resync) ...", n)
	op.stop()
	cp.audit.mark()
	started := time.Now()
	op, err = startOperator(ctx, bin, cp.operatorKubeconfig, logPath, o.operatorArgs, o.operatorEnv)
	if err != nil {
		return r, err
	}
	settledAt, err := op.waitSettled(ctx, float64(n), 5*time.Second, 10*time.Minute)
	if err != nil {
		return r, err
	}
	r.ResyncSeconds = settledAt.Sub(started).Seconds()
	cRes, err := op.counters(ctx)
	if err != nil {
		return r, err
	}
	r.Resync = cRes.since(counters{at: started})
	if r.ResyncAudit, err = cp.audit.next(); err != nil {
		return r, err
	}
	if r.ResyncMemory, err = op.memory(ctx); err != nil {
		return r, err
	}
	logf("N=%d: resync: %.0f reconciles, %.0f writes in %.1fs", n, r.Resync.reconcileTotal(), r.Resync.Writes, r.ResyncSeconds)

	if o.idle > 0 {
		logf("N=%d: idle window of %s ...", n, o.idle)
		cp.audit.mark()
		c0, err := op.counters(ctx)
		if err != nil {
			return r, err
		}
		select {
		case <-ctx.Done():
			return r, ctx.Err()
		case <-time.After(o.idle):
		}
		if err := op.alive(); err != nil {
			return r, err
		}
		c1, err := op.counters(ctx)
		if err != nil {
			return r, err
		}
		d := c1.since(c0)
		r.Idle = &d
		if r.IdleAudit, err = cp.audit.next(); err != nil {
			return r, err
		}
		logf("N=%d: idle: %.0f writes, %.0f reconciles", n, d.Writes, d.reconcileTotal())
	}

	if o.reaction > 0 {
		changes := min(o.reaction, n)
		logf("N=%d: reaction: %d spec changes one at a time ...", n, changes)
		rr, err := runReaction(ctx, cp, bc, op, prefix, n, changes)
		if err != nil {
			return r, err
		}
		r.Reaction = &rr
		logf("N=%d: reaction p50 %.3fs p99 %.3fs", n, rr.Both.P50, rr.Both.P99)
	}

	if o.unrelated > 0 {
		logf("N=%d: creating %d unrelated Secrets and ConfigMaps ...", n, o.unrelated)
		u := &unrelatedResult{Count: o.unrelated, WaitSeconds: o.unrelatedWait.Seconds()}
		if u.Before, err = op.memory(ctx); err != nil {
			return r, err
		}
		cp.audit.mark()
		c0, err := op.counters(ctx)
		if err != nil {
			return r, err
		}
		took, err := createUnrelated(ctx, cp.client, o.unrelated)
		if err != nil {
			return r, err
		}
		u.CreateSeconds = took.Seconds()
		select {
		case <-ctx.Done():
			return r, ctx.Err()
		case <-time.After(o.unrelatedWait):
		}
		if u.After, err = op.memory(ctx); err != nil {
			return r, err
		}
		c1, err := op.counters(ctx)
		if err != nil {
			return r, err
		}
		u.Counters = c1.since(c0)
		if u.Audit, err = cp.audit.next(); err != nil {
			return r, err
		}
		r.Unrelated = u
		logf("N=%d: RSS %.1f -> %.1f MiB", n, u.Before.RSSBytes/mib, u.After.RSSBytes/mib)
	}
	return r, nil
}

// benchCache is the bench's own informer cache: SFTPGos, and the
// operator's ConfigMaps and Deployments (started only for the reaction).
func benchCache(ctx context.Context, cp *controlPlane) (cache.Cache, error) {
	managed := cache.ByObject{Label: labels.SelectorFromSet(labels.Set{manifests.LabelManagedBy: manifests.ManagedBy})}
	c, err := cache.New(cp.cfg, cache.Options{
		Scheme: cp.client.Scheme(),
		ByObject: map[client.Object]cache.ByObject{
			&corev1.ConfigMap{}:  managed,
			&appsv1.Deployment{}: managed,
		},
	})
	if err != nil {
		return nil, err
	}
	go func() {
		if err := c.Start(ctx); err != nil && !errors.Is(err, context.Canceled) {
			logf("bench cache: %v", err)
		}
	}()
	if !c.WaitForCacheSync(ctx) {
		return nil, fmt.Errorf("the bench cache did not sync")
	}
	return c, nil
}

func countLines(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	return strings.Count(string(data), "\n")
}

// describeSource names the commit the operator was built from and the
// files changed since (the bench's own aside).
func describeSource() string {
	rev, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown (no git)"
	}
	out := "commit " + strings.TrimSpace(string(rev))
	status, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)hack/bench", ":(exclude)docs", ":(exclude)Makefile").Output()
	if err == nil && len(strings.TrimSpace(string(status))) > 0 {
		var files []string
		// Not TrimSpace: the first line's status column may start with a space.
		for _, line := range strings.Split(strings.TrimRight(string(status), "\n"), "\n") {
			if len(line) > 3 {
				files = append(files, line[3:])
			}
		}
		out += " with uncommitted changes to " + strings.Join(files, ", ")
	}
	return out
}

// machine describes where the numbers were taken.
type machine struct {
	CPUs      int    `json:"cpus"`
	Model     string `json:"model"`
	MemoryGiB string `json:"memory"`
	Go        string `json:"go"`
	Kernel    string `json:"kernel"`
	LoadAvg   string `json:"loadAvgAtStart"`
	Date      string `json:"date"`
}

func describeMachine() machine {
	m := machine{CPUs: runtime.NumCPU(), Go: runtime.Version(), Date: time.Now().UTC().Format(time.RFC3339)}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.Model = strings.TrimSpace(v)
				break
			}
		}
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				if kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64); err == nil {
					m.MemoryGiB = fmt.Sprintf("%.1f GiB", kb/1024/1024)
				}
			}
		}
	}
	if data, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(data))
	}
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		m.LoadAvg = strings.Join(strings.Fields(string(data))[:3], " ")
	}
	return m
}
