package controllers

import (
	"context"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/client-go/util/workqueue"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
	"sigs.k8s.io/controller-runtime/pkg/source"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/accounts"
)

// AccountOptions tune the account controllers.
type AccountOptions struct {
	MaxConcurrentReconciles int
	SkipNameValidation      bool
	// Resync is how often every account is compared with its server (one
	// list call per 500 accounts of a kind per server), to put back what
	// someone changed in the web UI; 0 turns it off.
	Resync time.Duration
	// MaxBackoff caps the retry delay of an unreachable server.
	MaxBackoff time.Duration
	// DeleteGrace is how long a resource being deleted waits for its
	// unreachable server (AccountReconciler.DeleteGrace).
	DeleteGrace time.Duration
}

// accountBackoffBase is the first retry delay of a failed reconcile.
const accountBackoffBase = time.Second

// setupAccountController registers the controller of one account kind:
// the resources, the SFTPGo they name, the Secrets they read (through the
// metadata-only reference cache), the groups and folders they name, and the
// resync.
func setupAccountController[R accounts.Resource, O any](mgr ctrl.Manager, r *AccountReconciler[R, O],
	refs cache.Cache, opts AccountOptions) error {
	if err := indexAccounts(mgr, r.Kind); err != nil {
		return err
	}
	name := "sftpgo" + r.Kind.Name
	b := ctrl.NewControllerManagedBy(mgr).
		For(r.Kind.New(), builder.WithPredicates(
			predicate.Or(predicate.GenerationChangedPredicate{}, predicate.AnnotationChangedPredicate{}))).
		Watches(&v1alpha1.SFTPGo{}, handler.EnqueueRequestsFromMapFunc(accountsNaming(mgr.GetClient(), r.Kind,
			indexAccountServer, func(o client.Object) string { return o.GetName() })),
			builder.WithPredicates(startedServing())).
		WatchesRawSource(source.Kind(refs, client.Object(metadataOf("Secret")),
			handler.EnqueueRequestsFromMapFunc(accountsNaming(mgr.GetClient(), r.Kind, indexAccountSecrets,
				func(o client.Object) string { return o.GetName() })),
			predicate.ResourceVersionChangedPredicate{})).
		WithOptions(controller.Options{
			MaxConcurrentReconciles: opts.MaxConcurrentReconciles,
			SkipNameValidation:      &opts.SkipNameValidation,
			RateLimiter: workqueue.NewTypedItemExponentialFailureRateLimiter[reconcile.Request](
				accountBackoffBase, opts.MaxBackoff),
		})
	for _, kind := range r.Kind.DependsOn {
		obj := map[accounts.DependencyKind]client.Object{
			accounts.DependsOnGroup: &v1alpha1.SFTPGoGroup{}, accounts.DependsOnFolder: &v1alpha1.SFTPGoFolder{},
		}[kind]
		b = b.Watches(obj, handler.EnqueueRequestsFromMapFunc(accountsNaming(mgr.GetClient(), r.Kind, indexAccountNeeds,
			func(o client.Object) string {
				a := o.(accounts.Resource)
				return dependencyID(kind, serverKey(a.GetNamespace(), a.Server()), a.AccountName())
			})), builder.WithPredicates(createdOnServer()))
	}
	if opts.Resync > 0 {
		events := make(chan event.TypedGenericEvent[client.Object])
		b = b.WatchesRawSource(source.Channel(events, &handler.EnqueueRequestForObject{}))
		if err := mgr.Add(&accountResync[R, O]{r: r, every: opts.Resync, events: events}); err != nil {
			return err
		}
	}
	return b.Named(name).Complete(r)
}

// indexAccounts adds the field indexes of one account kind.
func indexAccounts[R accounts.Resource, O any](mgr ctrl.Manager, kind accounts.Kind[R, O]) error {
	indexer := mgr.GetFieldIndexer()
	indexes := map[string]func(R) []string{
		indexAccountServer: func(res R) []string {
			if n := res.Server().Name; n != "" {
				return []string{n}
			}
			return nil
		},
		indexAccountSecrets: func(res R) []string {
			var out []string
			for _, ref := range kind.Secrets(res) {
				out = append(out, ref.Name)
			}
			if s := res.Server(); s.ConnectionSecret != nil {
				out = append(out, s.ConnectionSecret.Name)
			} else {
				out = append(out, s.Name+operatorAdminSecretSuffix)
			}
			return out
		},
		indexAccountName: func(res R) []string {
			return []string{dependencyID(accounts.DependencyKind(kind.Name), serverKey(res.GetNamespace(), res.Server()),
				res.AccountName())}
		},
		indexAccountNeeds: func(res R) []string {
			var out []string
			for _, d := range kind.Needs(res) {
				out = append(out, dependencyID(d.Kind, serverKey(res.GetNamespace(), res.Server()), d.Name))
			}
			return out
		},
	}
	for field, values := range indexes {
		if err := indexer.IndexField(context.Background(), kind.New(), field,
			func(o client.Object) []string { return values(o.(R)) }); err != nil {
			return err
		}
	}
	return nil
}

// operatorAdminSecretSuffix ends the name of an SFTPGo's operator admin
// Secret (manifests.OperatorAdminSecretName), which its accounts read.
const operatorAdminSecretSuffix = "-operator-admin"

// accountsNaming maps an object to the resources of a kind whose index
// field holds value(object), in the object's namespace.
func accountsNaming[R accounts.Resource, O any](c client.Client, kind accounts.Kind[R, O], field string,
	value func(client.Object) string) handler.MapFunc {
	return func(ctx context.Context, obj client.Object) []reconcile.Request {
		list := kind.NewList()
		if err := c.List(ctx, list, client.InNamespace(obj.GetNamespace()),
			client.MatchingFields{field: value(obj)}); err != nil {
			return nil
		}
		items, err := meta.ExtractList(list)
		if err != nil {
			return nil
		}
		out := make([]reconcile.Request, 0, len(items))
		for _, item := range items {
			out = append(out, reconcile.Request{NamespacedName: client.ObjectKeyFromObject(item.(client.Object))})
		}
		return out
	}
}

// startedServing passes the events of an SFTPGo that its accounts wait
// for: its first ready pod, and its deletion (their finalizers let go). A
// rollout, where Ready turns False and True again, wakes none of them.
func startedServing() predicate.Predicate {
	return predicate.Funcs{
		CreateFunc:  func(event.CreateEvent) bool { return true },
		DeleteFunc:  func(event.DeleteEvent) bool { return true },
		GenericFunc: func(event.GenericEvent) bool { return false },
		UpdateFunc: func(e event.UpdateEvent) bool {
			before, after := e.ObjectOld.(*v1alpha1.SFTPGo), e.ObjectNew.(*v1alpha1.SFTPGo)
			return before.Status.ReadyReplicas == 0 && after.Status.ReadyReplicas > 0 ||
				before.DeletionTimestamp.IsZero() != after.DeletionTimestamp.IsZero()
		},
	}
}

// createdOnServer passes the events of a group or folder resource that the
// accounts naming it wait for: its account created on the server
// (status.id set), and its deletion. Its later changes wake none of them.
func createdOnServer() predicate.Predicate {
	return predicate.Funcs{
		CreateFunc:  func(event.CreateEvent) bool { return true },
		DeleteFunc:  func(event.DeleteEvent) bool { return true },
		GenericFunc: func(event.GenericEvent) bool { return false },
		UpdateFunc: func(e event.UpdateEvent) bool {
			before, after := e.ObjectOld.(accounts.Resource), e.ObjectNew.(accounts.Resource)
			return before.AccountStatus().ID == 0 && after.AccountStatus().ID != 0
		},
	}
}
