package controllers

import (
	"context"
	"fmt"
	"maps"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/apiutil"
	"sigs.k8s.io/controller-runtime/pkg/controller/controllerutil"

	"github.com/sftpgo-operator/sftpgo-operator/internal/apply"
	"github.com/sftpgo-operator/sftpgo-operator/internal/desired"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

func (r *SFTPGoReconciler) applier() *apply.Applier {
	return &apply.Applier{Cache: r.Client, Live: r.APIReader, Writer: r.Client, Scheme: r.Scheme, FieldOwner: FieldOwner}
}

// ensureObjects goes through the registry in order: it creates or updates
// the object of each entry the instance wants, and deletes the labelled
// objects of prunable entries it no longer wants.
func (r *SFTPGoReconciler) ensureObjects(ctx context.Context, in *resolve.Instance, rep *report) error {
	podData, err := r.referencedSecretData(ctx, in)
	if err != nil {
		return err
	}
	if rep.podTemplateRefs.notReady != nil {
		return rep.podTemplateRefs.notReady
	}
	maps.Copy(podData, rep.podTemplateRefs.data)
	plan, err := desired.NewPlan(in, r.kinds(), podData)
	if err != nil {
		return err
	}
	a := r.applier()
	for _, k := range plan.Kinds {
		obj := plan.Build(k)
		if obj != nil {
			if err := r.ensure(ctx, a, plan, k, obj, rep); err != nil {
				return err
			}
		}
		if k.Prune {
			if err := r.prune(ctx, a, in, k, obj, rep); err != nil {
				return err
			}
		}
	}
	return nil
}

// ensure writes one desired object: applied when it differs, or, for
// objects with generated data, created once and kept.
func (r *SFTPGoReconciler) ensure(ctx context.Context, a *apply.Applier, plan *desired.Plan, k desired.Kind, obj client.Object, rep *report) error {
	in := plan.In
	r.owned(in, obj, k.Owned(in))
	if k.CreateOnly {
		_, outcome, err := a.CreateOnce(ctx, obj, ownedBy(in))
		if err != nil {
			return err
		}
		r.recordOutcome(rep, obj, outcome)
		return nil
	}
	if !k.Once() {
		outcome, err := a.Ensure(ctx, obj, ownedBy(in))
		if err != nil {
			return err
		}
		if _, isDeployment := obj.(*appsv1.Deployment); isDeployment && outcome == apply.Created {
			rep.createdDeployment = true
		}
		r.recordOutcome(rep, obj, outcome)
		return nil
	}
	live, err := r.ensureOnce(ctx, a, in, k, obj, rep)
	if err != nil {
		return err
	}
	if k.PodsRead {
		// Its digest: the cache keeps no more of it (Kind.Trim).
		plan.AddPodData(map[string][]byte{obj.GetName(): desired.DigestOf(live.(*corev1.Secret).Data)})
	}
	return nil
}

// ensureOnce creates an object with generated data (host keys, a password)
// once and returns the live one. It is never rewritten: the host keys are
// the server's identity and the passphrase signs every session. Only its
// owner reference follows the retention policy.
func (r *SFTPGoReconciler) ensureOnce(ctx context.Context, a *apply.Applier, in *resolve.Instance, k desired.Kind, obj client.Object, rep *report) (client.Object, error) {
	existing := k.New()
	err := r.Get(ctx, client.ObjectKeyFromObject(obj), existing)
	if err == nil && ownedBy(in)(existing) {
		return existing, r.keepOwnership(ctx, in, k, existing, rep)
	}
	if client.IgnoreNotFound(err) != nil {
		return nil, err
	}
	if err != nil { // not in the cache: generate only when it really is missing
		data, err := k.Generate()
		if err != nil {
			return nil, err
		}
		secret := obj.(*corev1.Secret)
		if secret.Data == nil {
			secret.Data = map[string][]byte{}
		}
		maps.Copy(secret.Data, data)
	}
	live, outcome, err := a.CreateOnce(ctx, obj, ownedBy(in))
	if err != nil {
		return nil, err
	}
	r.recordOutcome(rep, obj, outcome)
	return live, nil
}

// keepOwnership adds or drops the instance's owner reference on an object
// that is never rewritten, when the retention policy changes.
func (r *SFTPGoReconciler) keepOwnership(ctx context.Context, in *resolve.Instance, k desired.Kind, live client.Object, rep *report) error {
	want := k.Owned(in)
	if (metav1.GetControllerOf(live) != nil) == want {
		return nil
	}
	patch := client.MergeFrom(live.DeepCopyObject().(client.Object))
	r.owned(in, live, want)
	if err := r.Patch(ctx, live, patch); err != nil {
		return fmt.Errorf("updating the owner of %s %s: %w", kind(r, live), live.GetName(), err)
	}
	change := "released %s %s from this SFTPGo (retention policy Retain: it outlives the SFTPGo)"
	if want {
		change = "made this SFTPGo the owner of %s %s (retention policy Delete: deleted with the SFTPGo)"
	}
	rep.changes = append(rep.changes, fmt.Sprintf(change, kind(r, live), live.GetName()))
	return nil
}

// prune deletes the instance's labelled objects of entry k other than the
// one it wants (want, nil when none): the desired set compared with the
// live one, from the cache.
func (r *SFTPGoReconciler) prune(ctx context.Context, a *apply.Applier, in *resolve.Instance, k desired.Kind, want client.Object, rep *report) error {
	list, err := r.listOf(k.New())
	if err != nil {
		return err
	}
	if err := r.List(ctx, list, client.InNamespace(in.Namespace),
		client.MatchingLabels(manifests.Labels(in, k.Component))); err != nil {
		return err
	}
	return meta.EachListItem(list, func(o runtime.Object) error {
		live := o.(client.Object)
		if want != nil && live.GetName() == want.GetName() {
			return nil
		}
		deleted, err := a.DeleteIfOurs(ctx, live, ownedBy(in))
		if deleted {
			rep.changes = append(rep.changes, fmt.Sprintf("deleted %s %s", kind(r, live), live.GetName()))
		}
		return err
	})
}

// listOf returns an empty typed list of obj's kind, so that the list is
// served by the typed informer the watch already runs.
func (r *SFTPGoReconciler) listOf(obj client.Object) (client.ObjectList, error) {
	gvk, err := apiutil.GVKForObject(obj, r.Scheme)
	if err != nil {
		return nil, err
	}
	list, err := r.Scheme.New(gvk.GroupVersion().WithKind(gvk.Kind + "List"))
	if err != nil {
		return nil, err
	}
	return list.(client.ObjectList), nil
}

// owned sets the instance as controller owner of obj, or clears it for
// objects that must outlive the instance (retained claims and keys).
func (r *SFTPGoReconciler) owned(in *resolve.Instance, obj client.Object, owned bool) {
	if !owned {
		obj.SetOwnerReferences(nil)
		return
	}
	if err := controllerutil.SetControllerReference(in.SFTPGo, obj, r.Scheme); err != nil {
		// Only fails for a type missing from the scheme: a programming error.
		panic(fmt.Sprintf("owner reference for %T: %v", obj, err))
	}
}

// recordOutcome notes a write for the one event a reconcile emits.
func (r *SFTPGoReconciler) recordOutcome(rep *report, obj client.Object, outcome apply.Outcome) {
	if outcome != apply.Unchanged {
		rep.changes = append(rep.changes, fmt.Sprintf("%s %s %s", strings.ToLower(string(outcome)), kind(r, obj), obj.GetName()))
	}
}
