// Package controllers holds the SFTPGo reconciler. It fetches what the pure
// builders need, applies what they return and reports status; every
// decision about the desired state lives in internal/.
package controllers

import (
	"context"
	"errors"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/recorder"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/apply"
	"github.com/sftpgo-operator/sftpgo-operator/internal/desired"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/security"
)

// FieldOwner is the operator's server-side apply field manager.
const FieldOwner = "sftpgo-operator"

// conflictRetry is how soon a name clash is looked at again: the object in
// the way may not be labelled, so no watch event tells when it goes away (or
// when the garbage collector removes what a deleted namesake owned).
const conflictRetry = 15 * time.Second

// SFTPGoReconciler turns SFTPGo resources into running SFTPGo servers.
type SFTPGoReconciler struct {
	client.Client
	// APIReader reads the API server without the cache.
	APIReader client.Reader
	// References reads the metadata of the Secrets and ConfigMaps the
	// spec names (the reference cache of Options.ReferenceCache).
	References client.Reader
	Scheme     *runtime.Scheme
	Recorder   recorder.EventRecorder
	// Platform holds the discovered facts; the pod network is added per
	// reconcile.
	Platform platform.Facts

	statusWrites statusMemo
}

// RBAC, checked by the least-privilege suite (controllers/leastprivilege)
// against a kube-apiserver with OwnerReferencesPermissionEnforcement, which
// OpenShift always runs:
//   - update on sftpgos/finalizers: the owner references the operator sets
//     block their owner's deletion (SetControllerReference), which the
//     plugin allows only to who may update the owner's finalizers;
//   - update on every kind written through internal/apply: it replaces an
//     object with Update when a server-side apply is refused as invalid;
//   - delete on every kind that gets an owner reference: the plugin asks for
//     it to change the owner references of an existing object (adopting
//     what a delete with --cascade=orphan left, and claims, keys and the
//     admin Secret when spec.storage.retainOnDelete flips). The operator
//     itself deletes only Services, Ingresses, Routes, HTTPRoutes,
//     NetworkPolicies and PodDisruptionBudgets the spec no longer asks for;
//     it never deletes ConfigMaps, Secrets, claims or Deployments.
//   - routes/custom-host: OpenShift checks create when a Route is made with
//     spec.host, and update when its host changes.
//
// +kubebuilder:rbac:groups=sftpgo.operator.dev,resources=sftpgos,verbs=get;list;watch
// +kubebuilder:rbac:groups=sftpgo.operator.dev,resources=sftpgos/status,verbs=get;patch
// +kubebuilder:rbac:groups=sftpgo.operator.dev,resources=sftpgos/finalizers,verbs=update
// +kubebuilder:rbac:groups="",resources=configmaps;persistentvolumeclaims;services,verbs=get;list;watch;create;patch;update;delete
// +kubebuilder:rbac:groups="",resources=secrets,verbs=get;list;watch;create;patch;delete
// +kubebuilder:rbac:groups=apps,resources=deployments,verbs=get;list;watch;create;patch;update;delete
// +kubebuilder:rbac:groups=networking.k8s.io,resources=ingresses;networkpolicies,verbs=get;list;watch;create;patch;update;delete
// +kubebuilder:rbac:groups=route.openshift.io,resources=routes,verbs=get;list;watch;create;patch;update;delete
// +kubebuilder:rbac:groups=route.openshift.io,resources=routes/custom-host,verbs=create;update
// +kubebuilder:rbac:groups=gateway.networking.k8s.io,resources=httproutes,verbs=get;list;watch;create;patch;update;delete
// +kubebuilder:rbac:groups=config.openshift.io,resources=networks,verbs=get;list;watch
// +kubebuilder:rbac:groups=policy,resources=poddisruptionbudgets,verbs=get;list;watch;create;patch;update;delete
// +kubebuilder:rbac:groups="",resources=nodes,verbs=get;list;watch
// +kubebuilder:rbac:groups=cilium.io,resources=ciliumnodes,verbs=list;watch
// +kubebuilder:rbac:groups=crd.projectcalico.org;projectcalico.org,resources=ippools,verbs=list;watch
// +kubebuilder:rbac:groups=events.k8s.io,resources=events,verbs=create;patch

// Reconcile brings one SFTPGo resource's objects and status up to date.
func (r *SFTPGoReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	var s v1alpha1.SFTPGo
	if err := r.Get(ctx, req.NamespacedName, &s); err != nil {
		if apierrors.IsNotFound(err) {
			r.statusWrites.forget(req.NamespacedName)
		}
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	if !s.DeletionTimestamp.IsZero() {
		return ctrl.Result{}, nil // owner references let the garbage collector clean up
	}
	facts, err := r.facts(ctx, &s)
	if err != nil {
		return ctrl.Result{}, err
	}
	in := resolve.New(&s, facts)
	refs, err := r.readPodTemplateRefs(ctx, in)
	if err != nil {
		return ctrl.Result{}, err
	}
	in.EnvFromNames = refs.envFromNames
	missingTLS, err := r.missingTLSSecret(ctx, in)
	if err != nil {
		return ctrl.Result{}, err
	}
	findings := security.Evaluate(in)
	report := &report{findings: findings, podTemplateRefs: refs, missingTLSSecret: missingTLS}
	switch err := desired.Supported(in); {
	case err != nil:
		report.applyErr = err // the cluster cannot serve the spec: say so before anything else
	case isPaused(&s):
		// the admin holds changes; status still reports
	case !security.HasError(findings):
		report.applyErr = r.ensureObjects(ctx, in, report)
	}
	if err := r.updateStatus(ctx, in, report); err != nil {
		return ctrl.Result{}, err
	}
	var notOwned *apply.NotOwnedError
	var unsupported *desired.UnsupportedError
	var notReady *notReadyError
	switch {
	case errors.As(report.applyErr, &unsupported):
		return ctrl.Result{}, nil // the Ready condition says what to change; retrying cannot help
	case errors.As(report.applyErr, &notReady):
		return ctrl.Result{}, nil // the watch of the named objects brings the fix
	case errors.As(report.applyErr, &notOwned):
		log.FromContext(ctx).Info("name clash", "object", notOwned.Kind+"/"+notOwned.Name)
		return ctrl.Result{RequeueAfter: conflictRetry}, nil
	case apierrors.IsConflict(report.applyErr):
		// A newer version arrived: retry quietly, with the rate limiter's
		// backoff, which RequeueAfter (what SA1019 suggests) does not give.
		return ctrl.Result{Requeue: true}, nil //nolint:staticcheck // SA1019: see above
	case apierrors.IsInvalid(report.applyErr):
		// The API server refused an object built from the spec (a
		// pass-through spec.podTemplate field the CRD cannot check): Ready
		// says which field, InvalidSpec. Retrying the same spec cannot
		// help; a change of the spec or of an owned object brings the next try.
		log.FromContext(ctx).Info("object refused as invalid", "error", report.applyErr.Error())
		return ctrl.Result{}, nil
	}
	return ctrl.Result{}, report.applyErr
}

// report collects what one reconcile found and did, for the status.
type report struct {
	findings []v1alpha1.Finding
	// changes lists the writes made, for one event per reconcile.
	changes []string
	// createdDeployment: this reconcile created the Deployment.
	createdDeployment bool
	// podTemplateRefs: what the pods read from the objects spec.podTemplate names.
	podTemplateRefs *podTemplateRefs
	// missingTLSSecret names the TLS Secret in use when it does not exist.
	missingTLSSecret string
	applyErr         error
}

func isPaused(s *v1alpha1.SFTPGo) bool { return s.Annotations[v1alpha1.AnnotationPaused] == "true" }
