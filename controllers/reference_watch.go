package controllers

import (
	"context"
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
	"sigs.k8s.io/controller-runtime/pkg/source"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// Secrets and ConfigMaps an SFTPGo names (database and admin credentials,
// the TLS Secrets, spec.podTemplate env and envFrom) are the admin's: they
// carry no label of the operator, so the label-filtered cache does not see
// them. They are watched through a second cache that keeps only the name,
// namespace and resourceVersion of every Secret and ConfigMap (metadata-only
// informers: no data is sent or kept, a few hundred bytes an object), and an
// index of SFTPGo objects by the names they reference maps an event to the
// instances naming the object. Their data is read from the API server only
// when a reconcile needs it. Labelling the admin's objects would write to
// objects the operator does not own; caching them whole would cost their
// data (docs/performance.md).

// indexReferences indexes SFTPGo objects by referenceID of every Secret and
// ConfigMap they name.
const indexReferences = "sftpgo.operator.dev/references"

func referenceID(kind, name string) string { return kind + "/" + name }

// referenceKinds are the kinds an SFTPGo names (all core/v1).
var referenceKinds = []string{"Secret", "ConfigMap"}

func metadataOf(kind string) *metav1.PartialObjectMetadata {
	return &metav1.PartialObjectMetadata{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: kind}}
}

// referencedObjects lists referenceID of every Secret and ConfigMap the
// spec names, whether or not the resolved spec uses it: an extra event only
// costs a reconcile that changes nothing.
func referencedObjects(s *v1alpha1.SFTPGo) []string {
	var out []string
	add := func(kind, name string) {
		if id := referenceID(kind, name); name != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	add("Secret", s.Spec.AdminCredentialsSecret.SecretName())
	add("Secret", s.Spec.DataProvider.CredentialsSecret.SecretName())
	add("Secret", s.Spec.Expose.TLS.CertificateSecret.SecretName())
	add("Secret", s.Spec.FTP.CertificateSecret.SecretName())
	for _, e := range s.Spec.PodTemplate.Env {
		if kind, name, _, _, ok := envKeyRef(e); ok {
			add(kind, name)
		}
	}
	for _, src := range s.Spec.PodTemplate.EnvFrom {
		if kind, name, _, ok := envFromRef(src); ok {
			add(kind, name)
		}
	}
	return out
}

// watchReferences indexes SFTPGo objects by what they name and watches the
// named kinds in refs.
func (r *SFTPGoReconciler) watchReferences(mgr ctrl.Manager, refs cache.Cache, b *ctrl.Builder) (*ctrl.Builder, error) {
	err := mgr.GetFieldIndexer().IndexField(context.Background(), &v1alpha1.SFTPGo{}, indexReferences,
		func(obj client.Object) []string { return referencedObjects(obj.(*v1alpha1.SFTPGo)) })
	if err != nil {
		return nil, err
	}
	for _, kind := range referenceKinds {
		// A resync repeats an unchanged object: nothing to do.
		b = b.WatchesRawSource(source.Kind(refs, client.Object(metadataOf(kind)),
			handler.EnqueueRequestsFromMapFunc(r.instancesNaming(kind)), predicate.ResourceVersionChangedPredicate{}))
	}
	return b, nil
}

// instancesNaming maps a Secret or ConfigMap to the instances that name it.
func (r *SFTPGoReconciler) instancesNaming(kind string) handler.MapFunc {
	return func(ctx context.Context, obj client.Object) []reconcile.Request {
		var list v1alpha1.SFTPGoList
		if err := r.List(ctx, &list, client.InNamespace(obj.GetNamespace()),
			client.MatchingFields{indexReferences: referenceID(kind, obj.GetName())}); err != nil {
			return nil
		}
		out := make([]reconcile.Request, 0, len(list.Items))
		for i := range list.Items {
			out = append(out, reconcile.Request{NamespacedName: client.ObjectKeyFromObject(&list.Items[i])})
		}
		return out
	}
}

// exists tells, from the reference cache, whether a Secret or ConfigMap
// the spec names exists: a missing one costs no API request.
func (r *SFTPGoReconciler) exists(ctx context.Context, namespace, kind, name string) (bool, error) {
	err := r.References.Get(ctx, client.ObjectKey{Namespace: namespace, Name: name}, metadataOf(kind))
	if err == nil {
		return true, nil
	}
	return false, client.IgnoreNotFound(err)
}
