// Package controllers holds the SFTPGo reconciler. It fetches what the pure
// builders need, applies what they return and reports status; every
// decision about the desired state lives in internal/.
package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/recorder"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/desired"
	"github.com/sftpgo-operator/sftpgo-operator/internal/outcome"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// FieldOwner is the operator's server-side apply field manager.
const FieldOwner = "sftpgo-operator"

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
	// Kinds is the registry of owned kinds; nil for desired.Kinds.
	Kinds desired.Registry

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
//     NetworkPolicies, PodDisruptionBudgets and migration Jobs the spec no
//     longer asks for;
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
// +kubebuilder:rbac:groups=batch,resources=jobs,verbs=get;list;watch;create;patch;update;delete
// +kubebuilder:rbac:groups=networking.k8s.io,resources=ingresses;networkpolicies,verbs=get;list;watch;create;patch;update;delete
// +kubebuilder:rbac:groups=route.openshift.io,resources=routes,verbs=get;list;watch;create;patch;update;delete
// +kubebuilder:rbac:groups=route.openshift.io,resources=routes/custom-host,verbs=create;update
// +kubebuilder:rbac:groups=gateway.networking.k8s.io,resources=httproutes,verbs=get;list;watch;create;patch;update;delete
// +kubebuilder:rbac:groups=monitoring.coreos.com,resources=podmonitors;prometheusrules,verbs=get;list;watch;create;patch;update;delete
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
			forgetResource(instanceRef(req.NamespacedName))
		}
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	if !s.DeletionTimestamp.IsZero() {
		return ctrl.Result{}, nil // owner references let the garbage collector clean up
	}
	in, err := resolve.Resolve(&s, r.Platform, r.podNetwork(ctx))
	if err != nil {
		return ctrl.Result{}, err
	}
	rep, err := r.reconcileObjects(ctx, in)
	if err != nil {
		return ctrl.Result{}, err
	}
	out := outcome.Of(rep.err)
	if err := r.updateStatus(ctx, in, rep, out); err != nil {
		return ctrl.Result{}, err
	}
	if out.Stopped() {
		log.FromContext(ctx).V(1).Info("stopped", "reason", out.Reason, "message", out.Message)
	}
	return out.Result()
}

// reconcileObjects checks the instance and, unless something stops it or
// it is paused, writes its objects. Reading what the spec names can fail
// (a cache not synced): that error is returned; what stopped the writes is
// in the report, for the outcome.
func (r *SFTPGoReconciler) reconcileObjects(ctx context.Context, in *resolve.Instance) (*report, error) {
	refs, err := r.readPodTemplateRefs(ctx, in)
	if err != nil {
		return nil, err
	}
	in.EnvFromNames = refs.envFromNames
	if err := r.readLoadBalancer(ctx, in); err != nil {
		return nil, err
	}
	if err := r.readRollout(ctx, in); err != nil {
		return nil, err
	}
	missingTLS, err := r.missingTLSSecret(ctx, in)
	if err != nil {
		return nil, err
	}
	rep := &report{podTemplateRefs: refs, missingTLSSecret: missingTLS}
	rep.findings, rep.err = desired.Check(in)
	if rep.err == nil && !isPaused(in.SFTPGo) {
		rep.err = r.ensureObjects(ctx, in, rep)
		if rep.err == nil {
			rep.err = migrationOutcome(in)
		}
	}
	return rep, nil
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
	// err stopped the reconcile short of the desired state (outcome.Of
	// classifies it).
	err error
}

// kinds is the registry the reconciler builds from.
func (r *SFTPGoReconciler) kinds() desired.Registry {
	if r.Kinds != nil {
		return r.Kinds
	}
	return desired.Kinds
}

func isPaused(s *v1alpha1.SFTPGo) bool { return s.Annotations[v1alpha1.AnnotationPaused] == "true" }

// readLoadBalancer reads the SFTP Service's load balancer addresses from
// the cache, the default FTP passive address: when a cloud controller
// writes them (a status update of an owned object, which the watch passes),
// the config renders them and the pods roll.
func (r *SFTPGoReconciler) readLoadBalancer(ctx context.Context, in *resolve.Instance) error {
	if !in.FTPEnabled() || in.Spec.FTP.PassiveAddress != "" || in.Spec.Service.Type != v1alpha1.ServiceTypeLoadBalancer {
		return nil
	}
	var svc corev1.Service
	if err := r.Get(ctx, client.ObjectKey{Namespace: in.Namespace, Name: in.Name}, &svc); err != nil {
		return client.IgnoreNotFound(err)
	}
	if !ownedBy(in)(&svc) {
		return nil
	}
	for _, ing := range svc.Status.LoadBalancer.Ingress {
		in.LoadBalancer = append(in.LoadBalancer, resolve.LoadBalancerAddress{IP: ing.IP, Hostname: ing.Hostname})
	}
	return nil
}
