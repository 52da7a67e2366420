package controllers

import (
	"context"
	"net"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	configv1 "github.com/openshift/api/config/v1"
	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/desired"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manager"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// Options tune the controller.
type Options struct {
	MaxConcurrentReconciles int
	// SkipNameValidation lets tests start several managers in one process.
	SkipNameValidation bool
	// ReferenceCache holds the metadata of Secrets and ConfigMaps (see
	// watchReferences), for the watch of those an SFTPGo names.
	ReferenceCache cache.Cache
}

// SetupWithManager registers the controller. Managed objects are watched by
// their instance label rather than by owner reference, so that objects kept
// without owner (retained claims and keys) are repaired too.
func (r *SFTPGoReconciler) SetupWithManager(mgr ctrl.Manager, opts Options) error {
	byInstance := handler.EnqueueRequestsFromMapFunc(instanceOf)
	managed := builder.WithPredicates(predicate.NewPredicateFuncs(isManaged), notCreated())
	b := ctrl.NewControllerManagedBy(mgr).
		For(&v1alpha1.SFTPGo{}, builder.WithPredicates(
			predicate.Or(predicate.GenerationChangedPredicate{}, predicate.AnnotationChangedPredicate{}))).
		Watches(&corev1.Node{}, handler.EnqueueRequestsFromMapFunc(r.instancesReadingPodNetwork),
			builder.WithPredicates(podCIDRsChanged())).
		WithOptions(controller.Options{
			MaxConcurrentReconciles: opts.MaxConcurrentReconciles,
			SkipNameValidation:      &opts.SkipNameValidation,
		})
	// The owned kinds of the registry the cluster serves (so that the
	// operator starts on clusters without Routes or HTTPRoutes).
	for _, obj := range r.kinds().Served(r.Platform).Types() {
		b = b.Watches(obj, byInstance, managed)
	}
	if r.Platform.RouteAPI {
		b = b.Watches(&configv1.Network{}, handler.EnqueueRequestsFromMapFunc(r.instancesReadingPodNetwork),
			builder.WithPredicates(clusterNetworkChanged()))
	}
	// The network plugins' records of the pod network, where served; read as
	// unstructured objects, trimmed to their CIDRs by the cache.
	for _, gvk := range r.Platform.PodNetworkKinds() {
		b = b.Watches(newUnstructured(gvk), handler.EnqueueRequestsFromMapFunc(r.instancesReadingPodNetwork),
			builder.WithPredicates(specChanged()))
	}
	if err := mgr.GetFieldIndexer().IndexField(context.Background(), &v1alpha1.SFTPGo{}, indexPodNetwork,
		r.readsPodNetwork); err != nil {
		return err
	}
	b, err := r.watchReferences(mgr, opts.ReferenceCache, b)
	if err != nil {
		return err
	}
	return b.Named("sftpgo").Complete(r)
}

// notCreated drops the creation events of owned objects: the operator
// made them in the reconcile that is running (or, after a restart, the
// SFTPGo's own creation event reconciles it), so they would only bring a
// second reconcile of every new instance that changes nothing. Changes and
// deletions still come through, which is what repairs drift.
func notCreated() predicate.Predicate {
	return predicate.Funcs{CreateFunc: func(event.CreateEvent) bool { return false }}
}

func isManaged(obj client.Object) bool {
	l := obj.GetLabels()
	return l[manifests.LabelManagedBy] == manifests.ManagedBy && l[manifests.LabelInstance] != ""
}

func instanceOf(_ context.Context, obj client.Object) []reconcile.Request {
	if !isManaged(obj) {
		return nil
	}
	return []reconcile.Request{{NamespacedName: types.NamespacedName{
		Namespace: obj.GetNamespace(), Name: obj.GetLabels()[manifests.LabelInstance],
	}}}
}

// indexPodNetwork indexes SFTPGo objects by whether they depend on the pod
// network ("true"), decided when the object changes rather than on every
// node event.
const indexPodNetwork = "sftpgo.operator.dev/pod-network"

// readsPodNetwork is the indexPodNetwork value of an SFTPGo: those whose
// trusted proxies are derived from the pod network, and those whose
// NetworkPolicy ipBlocks are kept out of it.
func (r *SFTPGoReconciler) readsPodNetwork(obj client.Object) []string {
	if resolve.New(obj.(*v1alpha1.SFTPGo), r.Platform).NeedsPodNetwork() {
		return []string{"true"}
	}
	return nil
}

// instancesReadingPodNetwork maps a change of the pod network (a node's pod
// CIDRs, OpenShift's cluster network, a CiliumNode, a Calico IP pool) to the
// instances that depend on it.
func (r *SFTPGoReconciler) instancesReadingPodNetwork(ctx context.Context, _ client.Object) []reconcile.Request {
	var list v1alpha1.SFTPGoList
	if err := r.List(ctx, &list, client.MatchingFields{indexPodNetwork: "true"}); err != nil {
		return nil
	}
	out := make([]reconcile.Request, 0, len(list.Items))
	for i := range list.Items {
		out = append(out, reconcile.Request{NamespacedName: client.ObjectKeyFromObject(&list.Items[i])})
	}
	return out
}

func podCIDRsChanged() predicate.Predicate {
	return predicate.Funcs{
		UpdateFunc: func(e event.UpdateEvent) bool {
			o, ok1 := e.ObjectOld.(*corev1.Node)
			n, ok2 := e.ObjectNew.(*corev1.Node)
			return ok1 && ok2 && (o.Spec.PodCIDR != n.Spec.PodCIDR || !slices.Equal(o.Spec.PodCIDRs, n.Spec.PodCIDRs))
		},
		GenericFunc: func(event.GenericEvent) bool { return false },
	}
}

func clusterNetworkChanged() predicate.Predicate {
	return predicate.Funcs{
		UpdateFunc: func(e event.UpdateEvent) bool {
			o, ok1 := e.ObjectOld.(*configv1.Network)
			n, ok2 := e.ObjectNew.(*configv1.Network)
			return ok1 && ok2 && !equality.Semantic.DeepEqual(o.Status.ClusterNetwork, n.Status.ClusterNetwork)
		},
		GenericFunc: func(event.GenericEvent) bool { return false },
	}
}

func newUnstructured(gvk schema.GroupVersionKind) *unstructured.Unstructured {
	u := &unstructured.Unstructured{}
	u.SetGroupVersionKind(gvk)
	return u
}

// specChanged passes creations, deletions and spec changes: the cache keeps
// only the pod CIDR fields of the spec, so a status update (Cilium writes
// one whenever a node allocates an address) does not re-reconcile.
func specChanged() predicate.Predicate {
	return predicate.Funcs{
		UpdateFunc: func(e event.UpdateEvent) bool {
			o, ok1 := e.ObjectOld.(*unstructured.Unstructured)
			n, ok2 := e.ObjectNew.(*unstructured.Unstructured)
			return ok1 && ok2 && !equality.Semantic.DeepEqual(o.Object["spec"], n.Object["spec"])
		},
		GenericFunc: func(event.GenericEvent) bool { return false },
	}
}

// Manager is what main and the test suites give internal/manager: the
// registry of owned kinds and Register.
func Manager() manager.Controllers {
	return manager.Controllers{Kinds: desired.Kinds, Register: Register}
}

// ManagerDialing is Manager with the account controllers opening their
// connections to SFTPGo with dial: test suites map the web Services of
// the SFTPGo resources they create to local fake servers with it.
func ManagerDialing(dial func(ctx context.Context, network, addr string) (net.Conn, error)) manager.Controllers {
	return manager.Controllers{Kinds: desired.Kinds, Register: func(mgr ctrl.Manager, env manager.Env) error {
		return register(mgr, env, dial)
	}}
}

// Register adds the SFTPGo and account controllers to a manager built by
// internal/manager.
func Register(mgr ctrl.Manager, env manager.Env) error { return register(mgr, env, nil) }

func register(mgr ctrl.Manager, env manager.Env, dial func(ctx context.Context, network, addr string) (net.Conn, error)) error {
	if err := registerSFTPGo(mgr, env); err != nil {
		return err
	}
	if err := registerAccounts(mgr, env, dial); err != nil {
		return err
	}
	return registerBackups(mgr, env, dial)
}

func registerSFTPGo(mgr ctrl.Manager, env manager.Env) error {
	r := &SFTPGoReconciler{
		Kinds:      env.Kinds,
		Client:     mgr.GetClient(),
		APIReader:  mgr.GetAPIReader(),
		References: env.References,
		Scheme:     mgr.GetScheme(),
		Recorder:   mgr.GetEventRecorder("sftpgo-operator"),
		Platform:   env.Facts,
	}
	return r.SetupWithManager(mgr, Options{
		MaxConcurrentReconciles: env.MaxConcurrentReconciles,
		SkipNameValidation:      env.SkipNameValidation,
		ReferenceCache:          env.References,
	})
}
