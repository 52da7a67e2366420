package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

// changeWaiter delivers the moment a watched value first differs from the
// value it had when the wait was registered.
type changeWaiter struct {
	mu    sync.Mutex
	waits map[string]*pendingChange
}

type pendingChange struct {
	old string
	ch  chan time.Time
}

func (w *changeWaiter) expect(key, old string) <-chan time.Time {
	ch := make(chan time.Time, 1)
	w.mu.Lock()
	w.waits[key] = &pendingChange{old: old, ch: ch}
	w.mu.Unlock()
	return ch
}

func (w *changeWaiter) observe(key, value string) {
	now := time.Now()
	w.mu.Lock()
	defer w.mu.Unlock()
	if p, ok := w.waits[key]; ok && value != p.old {
		delete(w.waits, key)
		p.ch <- now
	}
}

func configOf(cm *corev1.ConfigMap) string { return cm.Data[sftpgoconfig.ConfigFileName] }
func hashOf(d *appsv1.Deployment) string {
	return d.Spec.Template.Annotations[manifests.AnnotationPodConfigHash]
}

// reactionResult is the spec-change phase.
type reactionResult struct {
	Changes   int         `json:"changes"`
	ConfigMap dist        `json:"configMap"`
	Template  dist        `json:"podTemplate"`
	Both      dist        `json:"both"`
	Counters  delta       `json:"counters"`
	Audit     auditCounts `json:"audit,omitempty"`
}

// runReaction toggles spec.security.clientIPHeaderDepth of changes
// instances, one at a time, and times from the Update returning until the
// bench's informers see the new ConfigMap content and the new config-hash
// on the Deployment's pod template.
func runReaction(ctx context.Context, cp *controlPlane, bc cache.Cache, op *operator, prefix string, n, changes int) (reactionResult, error) {
	res := reactionResult{Changes: changes}
	w := &changeWaiter{waits: map[string]*pendingChange{}}
	cmInf, err := bc.GetInformer(ctx, &corev1.ConfigMap{})
	if err != nil {
		return res, err
	}
	cmReg, err := cmInf.AddEventHandler(toolscache.ResourceEventHandlerFuncs{
		UpdateFunc: func(_, obj any) {
			if cm, ok := obj.(*corev1.ConfigMap); ok {
				w.observe("cm/"+cm.Namespace+"/"+cm.Name, configOf(cm))
			}
		},
	})
	if err != nil {
		return res, err
	}
	defer func() { _ = cmInf.RemoveEventHandler(cmReg) }()
	depInf, err := bc.GetInformer(ctx, &appsv1.Deployment{})
	if err != nil {
		return res, err
	}
	depReg, err := depInf.AddEventHandler(toolscache.ResourceEventHandlerFuncs{
		UpdateFunc: func(_, obj any) {
			if d, ok := obj.(*appsv1.Deployment); ok {
				w.observe("deploy/"+d.Namespace+"/"+d.Name, hashOf(d))
			}
		},
	})
	if err != nil {
		return res, err
	}
	defer func() { _ = depInf.RemoveEventHandler(depReg) }()

	c0, err := op.counters(ctx)
	if err != nil {
		return res, err
	}
	cp.audit.mark()
	var cmLat, tplLat, bothLat []time.Duration
	for i := 0; i < changes; i++ {
		ns := instanceName(prefix, i*n/changes)
		var cm corev1.ConfigMap
		var dep appsv1.Deployment
		if err := bc.Get(ctx, client.ObjectKey{Namespace: ns, Name: "files-config"}, &cm); err != nil {
			return res, err
		}
		if err := bc.Get(ctx, client.ObjectKey{Namespace: ns, Name: "files"}, &dep); err != nil {
			return res, err
		}
		cmCh := w.expect("cm/"+ns+"/files-config", configOf(&cm))
		depCh := w.expect("deploy/"+ns+"/files", hashOf(&dep))
		if err := toggleDepth(ctx, cp.client, ns); err != nil {
			return res, err
		}
		t0 := time.Now()
		var tCM, tDep time.Time
		timeout := time.After(30 * time.Second)
		for tCM.IsZero() || tDep.IsZero() {
			select {
			case tCM = <-cmCh:
			case tDep = <-depCh:
			case <-timeout:
				return res, fmt.Errorf("change %d (%s): no new ConfigMap (%v) or pod template (%v) within 30s", i, ns, !tCM.IsZero(), !tDep.IsZero())
			case <-ctx.Done():
				return res, ctx.Err()
			case <-op.exited:
				return res, op.alive()
			}
		}
		cmLat = append(cmLat, max(0, tCM.Sub(t0)))
		tplLat = append(tplLat, max(0, tDep.Sub(t0)))
		bothLat = append(bothLat, max(0, tCM.Sub(t0), tDep.Sub(t0)))
	}
	res.ConfigMap, res.Template, res.Both = distOf(cmLat), distOf(tplLat), distOf(bothLat)
	if _, err := op.waitSettled(ctx, 0, 5*time.Second, 5*time.Minute); err != nil {
		return res, err
	}
	c1, err := op.counters(ctx)
	if err != nil {
		return res, err
	}
	res.Counters = c1.since(c0)
	res.Audit, err = cp.audit.next()
	return res, err
}

// toggleDepth flips spec.security.clientIPHeaderDepth between 0 and 1.
func toggleDepth(ctx context.Context, c client.Client, ns string) error {
	for {
		var s v1alpha1.SFTPGo
		if err := c.Get(ctx, client.ObjectKey{Namespace: ns, Name: "files"}, &s); err != nil {
			return err
		}
		s.Spec.Security.ClientIPHeaderDepth = 1 - s.Spec.Security.ClientIPHeaderDepth
		err := c.Update(ctx, &s)
		if apierrors.IsConflict(err) {
			continue
		}
		return err
	}
}
