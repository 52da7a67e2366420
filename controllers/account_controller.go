package controllers

import (
	"context"
	"errors"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller/controllerutil"
	"sigs.k8s.io/controller-runtime/pkg/recorder"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/accounts"
	"github.com/sftpgo-operator/sftpgo-operator/internal/outcome"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// AccountFinalizer keeps an account resource until the operator has
// deleted its account on the server (deletionPolicy Delete) or let it be.
const AccountFinalizer = "sftpgo.operator.dev/account"

// AccountReconciler keeps one kind of account (R, REST object O) on its
// SFTPGo server as the resource says: created, updated when the resource
// or a Secret it names changes or when someone edits the account in the
// web UI (resync), deleted or left when the resource goes.
type AccountReconciler[R accounts.Resource, O any] struct {
	client.Client
	Kind     accounts.Kind[R, O]
	Servers  *accountServers
	Secrets  *secretMemo
	Recorder recorder.EventRecorder
	// Prefetched holds what the last resync listed, so that the
	// reconciles it starts read no account one by one.
	Prefetched *prefetch[O]
	// DeleteGrace is how long a resource being deleted waits for a server
	// that cannot be reached before the operator lets it go and leaves the
	// account on the server (a Warning event says so): a server that never
	// comes back must not keep the resource, and its namespace, forever.
	DeleteGrace time.Duration
	now         func() time.Time

	statusWrites accountStatusMemo
}

// Reconcile brings one account resource's account in line.
func (r *AccountReconciler[R, O]) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	res := r.Kind.New()
	if err := r.Get(ctx, req.NamespacedName, res); err != nil {
		if apierrors.IsNotFound(err) {
			forgetResource(r.seriesRef(req.NamespacedName))
		}
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	r.statusWrites.apply(res)
	if !res.GetDeletionTimestamp().IsZero() {
		return r.finalize(ctx, res)
	}
	if !controllerutil.ContainsFinalizer(res, AccountFinalizer) {
		patch := client.MergeFromWithOptions(res.DeepCopyObject().(R), client.MergeFromWithOptimisticLock{})
		controllerutil.AddFinalizer(res, AccountFinalizer)
		if err := r.Patch(ctx, res, patch); err != nil {
			return r.writeStatus(ctx, res, outcome.Of(err))
		}
	}
	return r.writeStatus(ctx, res, outcome.Of(r.sync(ctx, res)))
}

// sync creates or updates the account; it changes res's status fields
// (id, secretsVersion) in place.
func (r *AccountReconciler[R, O]) sync(ctx context.Context, res R) error {
	srv, err := r.Servers.For(ctx, res.GetNamespace(), res.Server())
	if gone := (*serverGoneError)(nil); errors.As(err, &gone) {
		return &outcome.PendingError{Reason: v1alpha1.ReasonServerNotFound,
			Message: gone.what + ": create it, or fix spec.server; the account is applied as soon as it exists."}
	}
	if err != nil {
		return err
	}
	if err := r.dependencies(ctx, res, srv.Key); err != nil {
		return err
	}
	values, version, err := r.secretValues(ctx, res)
	if err != nil {
		return err
	}
	desired, err := r.Kind.Build(res, values, accounts.Marker(res.GetNamespace(), res.GetName()))
	if err != nil {
		return &outcome.WaitingError{Reason: v1alpha1.ReasonSecretInvalid, Message: err.Error()}
	}
	if err := r.forcedRole(ctx, srv, desired); err != nil {
		return err
	}
	obj := r.Kind.Object
	status := res.AccountStatus()
	live, err := r.live(ctx, srv, res)
	if errors.Is(err, sftpgoapi.ErrNotFound) {
		var created *O
		created, err = r.Kind.API.Create(ctx, srv.Client, desired)
		if err == nil {
			status.ID, status.SecretsVersion = obj.ID(created), version
			r.event(res, corev1.EventTypeNormal, "Created", "Create", "Created %s %q on %s.", r.Kind.Name, res.AccountName(), srv.Key)
			// With an API key, the answer may be what tells the admin's
			// role first.
			return r.forcedRole(ctx, srv, desired)
		}
		if errors.Is(err, sftpgoapi.ErrAlreadyExists) {
			// Not created by this resource (or created and not recorded):
			// read it and decide below whether it is the resource's.
			live, err = r.Kind.API.Get(ctx, srv.Client, res.AccountName())
			if errors.Is(err, sftpgoapi.ErrNotFound) {
				err = r.hiddenByRole(ctx, srv, res, err)
			}
		}
	}
	if err != nil {
		return err
	}
	if err := r.owns(res, live); err != nil {
		return err
	}
	obj.Keep(live, desired)
	resend := version != status.SecretsVersion
	if !resend {
		obj.KeepSecrets(live, desired)
	}
	if resend || obj.Differs(live, desired) {
		if err := r.Kind.API.Update(ctx, srv.Client, desired, obj.Disconnect(live, desired, resend)); err != nil {
			return err
		}
		r.event(res, corev1.EventTypeNormal, "Updated", "Update", "Updated %s %q on %s.", r.Kind.Name, res.AccountName(), srv.Key)
	}
	status.ID, status.SecretsVersion = obj.ID(live), version
	return nil
}

// forcedRole handles the role SFTPGo gives every user the connection's admin
// creates or updates, when that admin has one: a resource that sets no role
// asks for that one (so that the account, which has it, does not differ);
// one that sets another cannot be applied, and nothing is written for it.
func (r *AccountReconciler[R, O]) forcedRole(ctx context.Context, srv *server, desired *O) error {
	if r.Kind.Object.Role == nil {
		return nil
	}
	forced, err := srv.Client.ForcedRole(ctx)
	if err != nil || forced == "" {
		return err
	}
	role := r.Kind.Object.Role(desired)
	switch *role {
	case "":
		*role = forced
		return nil
	case forced:
		return nil
	}
	return &outcome.WaitingError{Reason: v1alpha1.ReasonRoleForced, Message: fmt.Sprintf(
		"The SFTPGo admin the operator connects as (the connection Secret's) has role %q, and SFTPGo gives every %s "+
			"that admin creates or updates that role, not spec.role %q: nothing is written to the server. Set "+
			"spec.role: %s, or remove spec.role, or put in the connection Secret an admin without a role.",
		forced, r.Kind.Name, *role, forced)}
}

// hiddenByRole tells a name taken by an account the connection's admin
// cannot see (a user of another role, when the admin has a role: SFTPGo
// shows it only its role's users) from one deleted between the create that
// found it and the read (notFound, retried).
func (r *AccountReconciler[R, O]) hiddenByRole(ctx context.Context, srv *server, res R, notFound error) error {
	role, err := srv.Client.ForcedRole(ctx)
	if err != nil || role == "" {
		return notFound
	}
	return &outcome.ConflictError{Message: fmt.Sprintf("The %s %q exists on the server outside role %q, the only "+
		"role the connection Secret's admin sees: it is left alone. Choose another name, or manage it through an "+
		"admin of its role or one without a role.", r.Kind.Name, res.AccountName(), role)}
}

// live reads the account from the last resync's list, else from the
// server. A resource that never created or adopted an account (no
// status.id) reads nothing: the create that follows finds out whether the
// name is taken, so that a new account costs one call, not two.
func (r *AccountReconciler[R, O]) live(ctx context.Context, srv *server, res R) (*O, error) {
	name := res.AccountName()
	notFound := &sftpgoapi.Error{Reason: sftpgoapi.ReasonNotFound, Message: "not created yet"}
	if o, ok := r.Prefetched.take(srv.Key, name, r.clock()); ok {
		if o == nil {
			return nil, notFound
		}
		return o, nil
	}
	if res.AccountStatus().ID == 0 {
		return nil, notFound
	}
	return r.Kind.API.Get(ctx, srv.Client, name)
}

// owns checks that the live account is this resource's: its marker names
// the resource, or its id is the one the resource created or adopted, or
// the resource may adopt it.
func (r *AccountReconciler[R, O]) owns(res R, live *O) error {
	me := res.GetNamespace() + "/" + res.GetName()
	owner := accounts.Owner(r.Kind.Object.Description(live))
	id := res.AccountStatus().ID
	switch {
	case owner == me:
		return nil
	case owner != "":
		return &outcome.ConflictError{Message: fmt.Sprintf("The %s %q on the server belongs to resource %s "+
			"(the marker at the end of its description): two resources cannot manage one account. Delete this "+
			"resource, or give it another name.", r.Kind.Name, res.AccountName(), owner)}
	case id != 0 && r.Kind.Object.ID(live) == id:
		return nil // the marker was removed in the web UI: the update puts it back
	case res.GetAnnotations()[v1alpha1.AnnotationAdopt] == "true":
		r.event(res, corev1.EventTypeNormal, "Adopted", "Adopt", "Took over the existing %s %q (annotation %s).",
			r.Kind.Name, res.AccountName(), v1alpha1.AnnotationAdopt)
		return nil
	default:
		return &outcome.ConflictError{Message: fmt.Sprintf("The %s %q already exists on the server and was not "+
			"created by this resource; it is left alone. To manage it from this resource (its settings are then "+
			"replaced by the spec), annotate the resource %s=true; otherwise choose another name.",
			r.Kind.Name, res.AccountName(), v1alpha1.AnnotationAdopt)}
	}
}

// finalize deletes the account (deletionPolicy Delete) unless it is not
// the resource's or the server is gone, then lets the resource go.
func (r *AccountReconciler[R, O]) finalize(ctx context.Context, res R) (ctrl.Result, error) {
	if !controllerutil.ContainsFinalizer(res, AccountFinalizer) {
		return ctrl.Result{}, nil
	}
	err := r.deleteAccount(ctx, res)
	var gone *serverGoneError
	switch {
	case err == nil:
	case errors.As(err, &gone):
		r.event(res, corev1.EventTypeNormal, "ServerGone", "Delete", "%s: nothing to delete.", gone.what)
	case r.clock().Sub(res.GetDeletionTimestamp().Time) > r.DeleteGrace:
		r.event(res, corev1.EventTypeWarning, "AccountLeft", "Delete", "Could not delete the %s %q for %s (%v): "+
			"it is left on the server; delete it there by hand if it should go.", r.Kind.Name, res.AccountName(),
			r.DeleteGrace, err)
	default:
		out := outcome.Of(err)
		out.RequeueAfter = min(max(out.RequeueAfter, time.Second), r.DeleteGrace)
		return r.writeStatus(ctx, res, out)
	}
	patch := client.MergeFromWithOptions(res.DeepCopyObject().(R), client.MergeFromWithOptimisticLock{})
	controllerutil.RemoveFinalizer(res, AccountFinalizer)
	r.statusWrites.forget(res.GetUID())
	forgetResource(r.seriesRef(client.ObjectKeyFromObject(res)))
	return ctrl.Result{}, client.IgnoreNotFound(r.Patch(ctx, res, patch))
}

func (r *AccountReconciler[R, O]) deleteAccount(ctx context.Context, res R) error {
	if res.Policy() == v1alpha1.DeletionPolicyRetain {
		r.event(res, corev1.EventTypeNormal, "Retained", "Delete", "Left the %s %q on the server (deletionPolicy Retain).",
			r.Kind.Name, res.AccountName())
		return nil
	}
	srv, err := r.Servers.For(ctx, res.GetNamespace(), res.Server())
	if err != nil {
		return err
	}
	live, err := r.Kind.API.Get(ctx, srv.Client, res.AccountName())
	if errors.Is(err, sftpgoapi.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if r.owns(res, live) != nil {
		r.event(res, corev1.EventTypeNormal, "NotDeleted", "Delete", "Left the %s %q: it is not this resource's.",
			r.Kind.Name, res.AccountName())
		return nil
	}
	if err := r.Kind.API.Delete(ctx, srv.Client, res.AccountName()); err != nil && !errors.Is(err, sftpgoapi.ErrNotFound) {
		return err
	}
	r.event(res, corev1.EventTypeNormal, "Deleted", "Delete", "Deleted %s %q from %s.", r.Kind.Name, res.AccountName(), srv.Key)
	return nil
}

// writeStatus writes the conditions the outcome gives, with the id and
// secrets version sync set, when they differ from the stored status.
func (r *AccountReconciler[R, O]) writeStatus(ctx context.Context, res R, out outcome.Outcome) (ctrl.Result, error) {
	stored := r.Kind.New()
	if err := r.Get(ctx, client.ObjectKeyFromObject(res), stored); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	r.statusWrites.apply(stored)
	if out.Quiet {
		return out.Result()
	}
	status := res.AccountStatus()
	status.ObservedGeneration = res.GetGeneration()
	for _, c := range out.AccountConditions(res.GetGeneration()) {
		meta.SetStatusCondition(&status.Conditions, c)
	}
	observeReady(r.seriesRef(client.ObjectKeyFromObject(res)), status.Conditions)
	before := stored.AccountStatus()
	if !equality.Semantic.DeepEqual(before, status) {
		base := res.DeepCopyObject().(R)
		*base.AccountStatus() = *before
		if err := r.Status().Patch(ctx, res, client.MergeFrom(base)); err != nil {
			return ctrl.Result{}, client.IgnoreNotFound(err)
		}
		r.statusWrites.store(res)
		r.eventStalled(res, before.Conditions, status.Conditions)
	}
	return out.Result()
}

// eventStalled emits a Warning event when the resource becomes stalled,
// or stalled for another reason.
func (r *AccountReconciler[R, O]) eventStalled(res R, before, now []metav1.Condition) {
	if c := newlyStalled(before, now); c != nil {
		r.event(res, corev1.EventTypeWarning, c.Reason, "Reconcile", "%s", c.Message)
	}
}

func (r *AccountReconciler[R, O]) event(res R, eventType, reason, action, format string, args ...any) {
	if r.Recorder != nil {
		r.Recorder.Eventf(res, nil, eventType, reason, action, format, args...)
	}
}

func (r *AccountReconciler[R, O]) clock() time.Time {
	if r.now != nil {
		return r.now()
	}
	return time.Now()
}
