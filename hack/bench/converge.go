package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
)

// convergeTracker records when each SFTPGo was created and when the bench's
// informer first saw it converged.
type convergeTracker struct {
	mu        sync.Mutex
	want      int
	created   map[string]time.Time
	converged map[string]time.Time
	done      chan struct{}
}

func newConvergeTracker(want int) *convergeTracker {
	return &convergeTracker{want: want, created: map[string]time.Time{}, converged: map[string]time.Time{}, done: make(chan struct{})}
}

// isConverged: the operator reported on the current generation.
func isConverged(s *v1alpha1.SFTPGo) bool {
	return s.Generation > 0 && s.Status.ObservedGeneration == s.Generation &&
		meta.FindStatusCondition(s.Status.Conditions, v1alpha1.ConditionReady) != nil
}

func (t *convergeTracker) observe(obj any) {
	s, ok := obj.(*v1alpha1.SFTPGo)
	if !ok || !isConverged(s) {
		return
	}
	now := time.Now()
	key := s.Namespace + "/" + s.Name
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, seen := t.converged[key]; seen {
		return
	}
	t.converged[key] = now
	if len(t.converged) == t.want {
		close(t.done)
	}
}

func (t *convergeTracker) handler() toolscache.ResourceEventHandler {
	return toolscache.ResourceEventHandlerFuncs{
		AddFunc:    func(obj any) { t.observe(obj) },
		UpdateFunc: func(_, obj any) { t.observe(obj) },
	}
}

func (t *convergeTracker) count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.converged)
}

// convergeResult is the convergence phase of one N.
type convergeResult struct {
	Instances         int     `json:"instances"`
	CreateConcurrency int     `json:"createConcurrency"`
	CreateSeconds     float64 `json:"createSeconds"`
	// Seconds from the first create to the last instance converged.
	Seconds float64 `json:"seconds"`
	Rate    float64 `json:"instancesPerSecond"`
	// Latency from each instance's create returning to it converging.
	Latency dist `json:"latency"`
	// Complete counts the instances with all their objects.
	Complete      int            `json:"complete"`
	ObjectsByKind map[string]int `json:"objectsByKind"`
	// AtConverged: operator counters from just before the creates to the
	// moment the last instance converged; Settled: to when the operator
	// had been idle for 5 s afterwards.
	AtConverged delta       `json:"atConverged"`
	Settled     delta       `json:"settled"`
	Audit       auditCounts `json:"audit,omitempty"`
	CPU         cpuReading  `json:"cpuSeconds"`
}

// expectedObjects are the objects per instance of the bench spec, by kind.
var expectedObjects = map[schema.GroupVersionKind]int{
	{Version: "v1", Kind: "Secret"}:                                    3, // keys, admin, operator admin
	{Version: "v1", Kind: "PersistentVolumeClaim"}:                     2,
	{Version: "v1", Kind: "ConfigMap"}:                                 1,
	{Version: "v1", Kind: "Service"}:                                   2,
	{Group: "networking.k8s.io", Version: "v1", Kind: "Ingress"}:       1,
	{Group: "networking.k8s.io", Version: "v1", Kind: "NetworkPolicy"}: 1,
	{Group: "apps", Version: "v1", Kind: "Deployment"}:                 1,
	{Group: "policy", Version: "v1", Kind: "PodDisruptionBudget"}:      0,
}

func expectedTotal() int {
	n := 0
	for _, c := range expectedObjects {
		n += c
	}
	return n
}

// runConvergence creates n SFTPGos (one per namespace prefix-NNNN, the
// namespaces made beforehand) at concurrency conc and waits until the
// operator reported on every one, then until it settles.
func runConvergence(ctx context.Context, cp *controlPlane, bc cache.Cache, op *operator, prefix string, n, conc int,
	timeout time.Duration) (convergeResult, error) {
	res := convergeResult{Instances: n, CreateConcurrency: conc}
	namespaces := make([]string, n)
	for i := range namespaces {
		namespaces[i] = instanceName(prefix, i)
	}
	if err := createNamespaces(ctx, cp.client, namespaces); err != nil {
		return res, err
	}
	// Warm the client's REST mapping of SFTPGo.
	if err := cp.client.List(ctx, &v1alpha1.SFTPGoList{}, client.Limit(1)); err != nil {
		return res, err
	}
	tracker := newConvergeTracker(n)
	inf, err := bc.GetInformer(ctx, &v1alpha1.SFTPGo{})
	if err != nil {
		return res, err
	}
	reg, err := inf.AddEventHandler(tracker.handler())
	if err != nil {
		return res, err
	}
	defer func() { _ = inf.RemoveEventHandler(reg) }()

	// Let the operator finish starting up before counting.
	if _, err := op.waitSettled(ctx, 0, 2*time.Second, time.Minute); err != nil {
		return res, err
	}
	meter := newCPUMeter()
	cpu0 := meter.read(op.pid)
	c0, err := op.counters(ctx)
	if err != nil {
		return res, err
	}
	cp.audit.mark()

	start := time.Now()
	err = parallel(ctx, n, conc, func(ctx context.Context, i int) error {
		s := benchSFTPGo(namespaces[i])
		if err := cp.client.Create(ctx, s); err != nil {
			return fmt.Errorf("creating SFTPGo in %s: %w", namespaces[i], err)
		}
		now := time.Now()
		tracker.mu.Lock()
		tracker.created[s.Namespace+"/"+s.Name] = now
		tracker.mu.Unlock()
		return nil
	})
	if err != nil {
		return res, err
	}
	res.CreateSeconds = time.Since(start).Seconds()

	deadline := time.After(timeout)
	progress := time.NewTicker(10 * time.Second)
	defer progress.Stop()
wait:
	for {
		select {
		case <-tracker.done:
			break wait
		case <-ctx.Done():
			return res, ctx.Err()
		case <-op.exited:
			return res, op.alive()
		case <-deadline:
			return res, fmt.Errorf("only %d of %d instances converged within %s", tracker.count(), n, timeout)
		case <-progress.C:
			logf("  ... %d/%d converged after %.0fs", tracker.count(), n, time.Since(start).Seconds())
		}
	}
	var last time.Time
	var latencies []time.Duration
	tracker.mu.Lock()
	for key, t := range tracker.converged {
		if t.After(last) {
			last = t
		}
		latencies = append(latencies, max(0, t.Sub(tracker.created[key])))
	}
	tracker.mu.Unlock()
	res.Seconds = last.Sub(start).Seconds()
	res.Rate = float64(n) / res.Seconds
	res.Latency = distOf(latencies)
	cAt, err := op.counters(ctx)
	if err != nil {
		return res, err
	}
	res.AtConverged = cAt.since(c0)

	// Whatever the operator still does because of its own writes belongs
	// to convergence too: wait until it has been idle for 5 s.
	if _, err := op.waitSettled(ctx, 0, 5*time.Second, 5*time.Minute); err != nil {
		return res, err
	}
	cEnd, err := op.counters(ctx)
	if err != nil {
		return res, err
	}
	res.Settled = cEnd.since(c0)
	res.CPU = meter.read(op.pid).minus(cpu0)
	if res.Audit, err = cp.audit.next(); err != nil {
		return res, err
	}
	res.Complete, res.ObjectsByKind, err = verifyObjects(ctx, cp.client, prefix, n)
	return res, err
}

// verifyObjects counts, per instance, the objects that carry the operator's
// labels, and returns how many instances have exactly the expected set.
func verifyObjects(ctx context.Context, c client.Client, prefix string, n int) (int, map[string]int, error) {
	perInstance := map[string]map[schema.GroupVersionKind]int{}
	byKind := map[string]int{}
	for gvk := range expectedObjects {
		list := &metav1.PartialObjectMetadataList{}
		list.SetGroupVersionKind(gvk.GroupVersion().WithKind(gvk.Kind + "List"))
		if err := c.List(ctx, list, client.HasLabels{manifests.LabelInstance},
			client.MatchingLabels{manifests.LabelManagedBy: manifests.ManagedBy}); err != nil {
			return 0, nil, fmt.Errorf("listing %s: %w", gvk.Kind, err)
		}
		for _, item := range list.Items {
			if !strings.HasPrefix(item.Namespace, prefix+"-") {
				continue
			}
			key := item.Namespace + "/" + item.Labels[manifests.LabelInstance]
			if perInstance[key] == nil {
				perInstance[key] = map[schema.GroupVersionKind]int{}
			}
			perInstance[key][gvk]++
			byKind[gvk.Kind]++
		}
	}
	complete := 0
	for i := 0; i < n; i++ {
		got := perInstance[instanceName(prefix, i)+"/files"]
		ok := true
		for gvk, want := range expectedObjects {
			if got[gvk] != want {
				ok = false
			}
		}
		if ok {
			complete++
		}
	}
	return complete, byKind, nil
}
