package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// buildOperator builds the operator binary from the repository root (the
// working directory) into dir, the way the Dockerfile does (static, no
// symbols), so that its memory is that of the binary that ships.
func buildOperator(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "sftpgo-operator")
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("building the operator: %w", err)
	}
	return bin, nil
}

// operator is the operator binary running as a child process, its metrics
// served over plain HTTP on a loopback port.
type operator struct {
	cmd        *exec.Cmd
	pid        int
	metricsURL string
	logPath    string
	cancel     context.CancelFunc
	exited     chan struct{}
	err        error
	http       *http.Client
}

// startOperator runs bin against kubeconfig with extraArgs after the
// bench's own flags (so that they win) and extraEnv, and waits until its
// controller has started.
func startOperator(ctx context.Context, bin, kubeconfig, logPath string, extraArgs, extraEnv []string) (*operator, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	args := append([]string{
		fmt.Sprintf("--metrics-bind-address=127.0.0.1:%d", port),
		"--metrics-secure=false",
		"--health-probe-bind-address=0",
	}, extraArgs...)
	op, err := spawn(append([]string{bin}, args...), append([]string{"KUBECONFIG=" + kubeconfig}, extraEnv...), logPath)
	if err != nil {
		return nil, err
	}
	op.metricsURL = fmt.Sprintf("http://127.0.0.1:%d/metrics", port)
	op.http = &http.Client{Timeout: 10 * time.Second}
	if err := op.waitStarted(ctx); err != nil {
		op.stop()
		return nil, err
	}
	return op, nil
}

// spawn starts argv with env added to the bench's, its output appended to
// logPath. It gets SIGTERM on stop as Kubernetes would send, SIGKILL if it
// lingers, and SIGKILL when the bench itself dies without cleaning up.
func spawn(argv, env []string, logPath string) (*operator, error) {
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	pctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(pctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 15 * time.Second
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		cancel()
		logFile.Close()
		return nil, fmt.Errorf("starting the operator: %w", err)
	}
	op := &operator{cmd: cmd, pid: cmd.Process.Pid, logPath: logPath, cancel: cancel, exited: make(chan struct{})}
	go func() {
		op.err = cmd.Wait()
		logFile.Close()
		close(op.exited)
	}()
	return op, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitStarted waits until the metrics endpoint shows that the sftpgo
// controller's workers have started.
func (op *operator) waitStarted(ctx context.Context) error {
	deadline := time.Now().Add(2 * time.Minute)
	for {
		m, err := op.scrape(ctx)
		// Set when the workers start; the priority queue's depth series
		// appear only with the first item.
		if err == nil && len(m.by("controller_runtime_max_concurrent_reconciles", "controller", map[string]string{"controller": "sftpgo"})) > 0 {
			return nil
		}
		if time.Now().After(deadline) {
			// err, the last scrape's, is nil when /metrics answered without the series.
			return errors.Join(fmt.Errorf("the operator's controller did not start within 2m; log: %s", op.logPath), err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-op.exited:
			return fmt.Errorf("the operator exited (%w); log: %s\n%s", op.err, op.logPath, tail(op.logPath, 20))
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// scrape reads and parses the operator's /metrics.
func (op *operator) scrape(ctx context.Context) (scrape, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, op.metricsURL, nil)
	if err != nil {
		return nil, err
	}
	resp, err := op.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", op.metricsURL, resp.Status)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return parseMetrics(string(body))
}

// alive returns an error once the operator has exited.
func (op *operator) alive() error {
	select {
	case <-op.exited:
		return fmt.Errorf("the operator exited (%w); log: %s\n%s", op.err, op.logPath, tail(op.logPath, 20))
	default:
		return nil
	}
}

// stop sends SIGTERM and waits for the operator to exit.
func (op *operator) stop() {
	if op == nil {
		return
	}
	op.cancel()
	<-op.exited
}

// memory is one reading of the operator's memory.
type memory struct {
	RSSBytes float64 `json:"rssBytes"`
	// RSSAnonBytes is the anonymous part of the RSS (heap, stacks, runtime);
	// RSSFileBytes the file-backed part (the binary's pages).
	RSSAnonBytes   float64 `json:"rssAnonBytes"`
	RSSFileBytes   float64 `json:"rssFileBytes"`
	HeapInuseBytes float64 `json:"heapInuseBytes"`
	HeapAllocBytes float64 `json:"heapAllocBytes"`
	// HeapLiveBytes is the heap the last GC found reachable.
	HeapLiveBytes float64 `json:"heapLiveBytes"`
	GoSysBytes    float64 `json:"goSysBytes"`
}

// memorySamples readings one second apart give each memory figure.
const memorySamples = 5

// memory reads the RSS from /proc and the Go heap from /metrics: the median
// of memorySamples readings.
func (op *operator) memory(ctx context.Context) (memory, error) {
	var rss, anon, file, inuse, alloc, live, sys []float64
	for i := 0; i < memorySamples; i++ {
		if i > 0 {
			select {
			case <-ctx.Done():
				return memory{}, ctx.Err()
			case <-time.After(time.Second):
			}
		}
		st, err := procStatus(op.pid)
		if err != nil {
			return memory{}, err
		}
		m, err := op.scrape(ctx)
		if err != nil {
			return memory{}, err
		}
		rss = append(rss, st["VmRSS"])
		anon = append(anon, st["RssAnon"])
		file = append(file, st["RssFile"])
		inuse = append(inuse, m.sum("go_memstats_heap_inuse_bytes", nil))
		alloc = append(alloc, m.sum("go_memstats_alloc_bytes", nil))
		live = append(live, m.sum("go_gc_heap_live_bytes", nil))
		sys = append(sys, m.sum("go_memstats_sys_bytes", nil))
	}
	return memory{RSSBytes: median(rss), RSSAnonBytes: median(anon), RSSFileBytes: median(file),
		HeapInuseBytes: median(inuse), HeapAllocBytes: median(alloc), HeapLiveBytes: median(live), GoSysBytes: median(sys)}, nil
}

// procStatus reads the kB fields of /proc/<pid>/status, in bytes.
func procStatus(pid int) (map[string]float64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]float64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, rest, ok := strings.Cut(sc.Text(), ":")
		fields := strings.Fields(rest)
		if !ok || len(fields) != 2 || fields[1] != "kB" {
			continue
		}
		if kb, err := strconv.ParseFloat(fields[0], 64); err == nil {
			out[key] = kb * 1024
		}
	}
	if _, ok := out["VmRSS"]; !ok {
		return nil, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
	}
	return out, sc.Err()
}

// counters are the operator's cumulative counters at one moment.
type counters struct {
	at         time.Time
	requests   requests
	reconciles map[string]float64 // by result
}

func (op *operator) counters(ctx context.Context) (counters, error) {
	m, err := op.scrape(ctx)
	if err != nil {
		return counters{}, err
	}
	return counters{
		at:         time.Now(),
		requests:   requestsOf(m),
		reconciles: m.by("controller_runtime_reconcile_total", "result", map[string]string{"controller": "sftpgo"}),
	}, nil
}

// delta is what happened between two counter readings.
type delta struct {
	Seconds    float64            `json:"seconds"`
	Requests   requests           `json:"requests"`
	Writes     float64            `json:"writes"`
	Reconciles map[string]float64 `json:"reconciles"`
}

func (c counters) since(before counters) delta {
	d := delta{Seconds: c.at.Sub(before.at).Seconds(), Requests: c.requests.minus(before.requests), Reconciles: map[string]float64{}}
	d.Writes = d.Requests.writes()
	for k, v := range c.reconciles {
		if x := v - before.reconciles[k]; x != 0 {
			d.Reconciles[k] = x
		}
	}
	return d
}

func (d delta) reconcileTotal() float64 {
	var n float64
	for _, v := range d.Reconciles {
		n += v
	}
	return n
}

// waitSettled waits until the sftpgo work queue is empty, no worker is busy,
// at least minReconciles reconciles have run, and the reconcile count has
// not moved for quiet. It returns the moment the count last moved.
func (op *operator) waitSettled(ctx context.Context, minReconciles float64, quiet, timeout time.Duration) (time.Time, error) {
	deadline := time.Now().Add(timeout)
	last, lastChange := -1.0, time.Now()
	for {
		if err := op.alive(); err != nil {
			return time.Time{}, err
		}
		m, err := op.scrape(ctx)
		if err != nil {
			return time.Time{}, err
		}
		total := m.sum("controller_runtime_reconcile_total", map[string]string{"controller": "sftpgo"})
		depth := m.sum("workqueue_depth", map[string]string{"name": "sftpgo"})
		active := m.sum("controller_runtime_active_workers", map[string]string{"controller": "sftpgo"})
		now := time.Now()
		if total != last {
			last, lastChange = total, now
		}
		if depth == 0 && active == 0 && total >= minReconciles && now.Sub(lastChange) >= quiet {
			return lastChange, nil
		}
		if now.After(deadline) {
			return time.Time{}, fmt.Errorf("the operator did not settle within %s: %0.f reconciles (want >= %.0f), queue depth %.0f, %.0f busy workers",
				timeout, total, minReconciles, depth, active)
		}
		select {
		case <-ctx.Done():
			return time.Time{}, ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// tail returns the last n lines of a file.
func tail(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
