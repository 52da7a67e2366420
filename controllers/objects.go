package controllers

import (
	"context"
	"fmt"
	"maps"
	"strings"

	routev1 "github.com/openshift/api/route/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller/controllerutil"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/sftpgo-operator/sftpgo-operator/internal/apply"
	"github.com/sftpgo-operator/sftpgo-operator/internal/desired"
	"github.com/sftpgo-operator/sftpgo-operator/internal/keys"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

func (r *SFTPGoReconciler) applier() *apply.Applier {
	return &apply.Applier{Cache: r.Client, Live: r.APIReader, Writer: r.Client, Scheme: r.Scheme, FieldOwner: FieldOwner}
}

// ensureObjects creates or updates every object of the instance, in the
// order desired.Objects gives, and removes those the spec no longer asks for.
func (r *SFTPGoReconciler) ensureObjects(ctx context.Context, in *resolve.Instance, rep *report) error {
	a := r.applier()
	ours := ownedBy(in)
	keysData, err := r.ensureKeys(ctx, a, in, rep)
	if err != nil {
		return err
	}
	if in.Spec.AdminCredentialsSecret == "" {
		if err := r.ensureAdminSecret(ctx, a, in, rep); err != nil {
			return err
		}
	}
	referenced, err := r.referencedSecretData(ctx, in)
	if err != nil {
		return err
	}
	if rep.podTemplateRefs.notReady != nil {
		return rep.podTemplateRefs.notReady
	}
	maps.Copy(referenced, rep.podTemplateRefs.data)
	maps.Copy(referenced, keysData)
	objs, err := desired.Objects(in, referenced)
	if err != nil {
		return err
	}
	for _, obj := range objs {
		outcome, err := a.Ensure(ctx, r.owned(in, obj, desired.Owned(in, obj)), ours)
		if err != nil {
			return err
		}
		if _, isDeployment := obj.(*appsv1.Deployment); isDeployment && outcome == apply.Created {
			rep.createdDeployment = true
		}
		r.recordOutcome(rep, obj, outcome)
	}
	return r.removeUnwanted(ctx, a, in, rep)
}

// removeUnwanted deletes owned objects the spec no longer asks for.
func (r *SFTPGoReconciler) removeUnwanted(ctx context.Context, a *apply.Applier, in *resolve.Instance, rep *report) error {
	var unwanted []client.Object
	if manifests.Service(in) == nil {
		unwanted = append(unwanted, &corev1.Service{})
	}
	if manifests.Ingress(in) == nil {
		unwanted = append(unwanted, &networkingv1.Ingress{})
	}
	if manifests.NetworkPolicy(in) == nil {
		unwanted = append(unwanted, &networkingv1.NetworkPolicy{})
	}
	if manifests.PodDisruptionBudget(in) == nil {
		unwanted = append(unwanted, &policyv1.PodDisruptionBudget{})
	}
	if manifests.Route(in) == nil && in.Facts.RouteAPI {
		unwanted = append(unwanted, &routev1.Route{})
	}
	if manifests.HTTPRoute(in) == nil && in.Facts.GatewayAPI {
		unwanted = append(unwanted, &gatewayv1.HTTPRoute{})
	}
	for _, obj := range unwanted {
		obj.SetNamespace(in.Namespace)
		obj.SetName(in.Name)
		deleted, err := a.DeleteIfOurs(ctx, obj, ownedBy(in))
		if err != nil {
			return err
		}
		if deleted {
			rep.changes = append(rep.changes, fmt.Sprintf("deleted %s %s", kind(r, obj), obj.GetName()))
		}
	}
	return nil
}

// ensureKeys creates `<name>-keys` once and returns its data. It is never
// rewritten: the host keys are the server's identity and the passphrase
// signs every session.
func (r *SFTPGoReconciler) ensureKeys(ctx context.Context, a *apply.Applier, in *resolve.Instance, rep *report) (map[string][]byte, error) {
	var existing corev1.Secret
	err := r.Get(ctx, client.ObjectKey{Namespace: in.Namespace, Name: manifests.KeysSecretName(in)}, &existing)
	if err == nil && ownedBy(in)(&existing) {
		return existing.Data, r.keepOwnership(ctx, in, &existing, rep)
	}
	data := map[string][]byte{}
	if client.IgnoreNotFound(err) != nil {
		return nil, err
	}
	if err != nil { // not in the cache: generate only when it really is missing
		data, err = keys.Generate()
		if err != nil {
			return nil, err
		}
	}
	secret := manifests.KeysSecret(in, data)
	live, outcome, err := a.CreateOnce(ctx, r.owned(in, secret, desired.Owned(in, secret)), ownedBy(in))
	if err != nil {
		return nil, err
	}
	r.recordOutcome(rep, secret, outcome)
	return live.(*corev1.Secret).Data, nil
}

// keepOwnership adds or drops the instance's owner reference on an object
// that is never rewritten (keys, admin password), when
// spec.storage.retainOnDelete flips.
func (r *SFTPGoReconciler) keepOwnership(ctx context.Context, in *resolve.Instance, live client.Object, rep *report) error {
	want := desired.Owned(in, live)
	if (metav1.GetControllerOf(live) != nil) == want {
		return nil
	}
	patch := client.MergeFrom(live.DeepCopyObject().(client.Object))
	r.owned(in, live, want)
	if err := r.Patch(ctx, live, patch); err != nil {
		return fmt.Errorf("updating the owner of %s %s: %w", kind(r, live), live.GetName(), err)
	}
	rep.changes = append(rep.changes, fmt.Sprintf("set owner of %s %s to %v", kind(r, live), live.GetName(), want))
	return nil
}

// ensureAdminSecret creates `<name>-admin` with a random password once.
func (r *SFTPGoReconciler) ensureAdminSecret(ctx context.Context, a *apply.Applier, in *resolve.Instance, rep *report) error {
	var existing corev1.Secret
	err := r.Get(ctx, client.ObjectKey{Namespace: in.Namespace, Name: manifests.AdminSecretName(in)}, &existing)
	if err == nil && ownedBy(in)(&existing) {
		return r.keepOwnership(ctx, in, &existing, rep)
	}
	if client.IgnoreNotFound(err) != nil {
		return err
	}
	password, err := keys.Random(18)
	if err != nil {
		return err
	}
	secret := manifests.AdminSecret(in, password)
	_, outcome, err := a.CreateOnce(ctx, r.owned(in, secret, desired.Owned(in, secret)), ownedBy(in))
	if err != nil {
		return err
	}
	r.recordOutcome(rep, secret, outcome)
	return nil
}

// owned sets the instance as controller owner of obj, or clears it for
// objects that must outlive the instance (retained claims and keys).
func (r *SFTPGoReconciler) owned(in *resolve.Instance, obj client.Object, owned bool) client.Object {
	if !owned {
		obj.SetOwnerReferences(nil)
		return obj
	}
	if err := controllerutil.SetControllerReference(in.SFTPGo, obj, r.Scheme); err != nil {
		// Only fails for a type missing from the scheme: a programming error.
		panic(fmt.Sprintf("owner reference for %T: %v", obj, err))
	}
	return obj
}

// recordOutcome notes a write for the one event a reconcile emits.
func (r *SFTPGoReconciler) recordOutcome(rep *report, obj client.Object, outcome apply.Outcome) {
	if outcome != apply.Unchanged {
		rep.changes = append(rep.changes, fmt.Sprintf("%s %s %s", strings.ToLower(string(outcome)), kind(r, obj), obj.GetName()))
	}
}
