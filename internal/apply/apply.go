package apply

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// AnnotationAppliedHash records a fingerprint of what the operator last
// applied, so that a change of the desired state (a field removed included)
// is seen without comparing against API server defaults.
const AnnotationAppliedHash = "sftpgo.operator.dev/applied-hash"

// Outcome says what Ensure did.
type Outcome string

// Outcomes.
const (
	Unchanged Outcome = ""
	Created   Outcome = "Created"
	Updated   Outcome = "Updated"
)

// Ownership tells whether a live object belongs to the instance being
// reconciled, so that an object someone else made is never taken over.
type Ownership func(live client.Object) bool

// NotOwnedError reports a live object of the desired name that the operator
// did not make for this instance.
type NotOwnedError struct {
	Kind, Name string
}

func (e *NotOwnedError) Error() string {
	return fmt.Sprintf("%s %q exists and is not managed by this SFTPGo: rename or delete it", e.Kind, e.Name)
}

// Applier writes desired objects with server-side apply, but only when they
// differ from the cached live object.
type Applier struct {
	// Cache serves reads of the objects the operator manages.
	Cache client.Reader
	// Live reads the API server directly, for objects the cache cannot see.
	Live client.Reader
	// Writer sends writes.
	Writer     client.Client
	Scheme     *runtime.Scheme
	FieldOwner string
}

// Ensure makes the live object match desired. It writes nothing when the
// last applied fingerprint matches and every field the operator sets still
// has its value; otherwise it applies desired (creating it when missing).
func (a *Applier) Ensure(ctx context.Context, desired client.Object, ours Ownership) (Outcome, error) {
	want, err := a.toUnstructured(desired)
	if err != nil {
		return Unchanged, err
	}
	hash, err := fingerprint(want)
	if err != nil {
		return Unchanged, err
	}
	setAnnotation(want, AnnotationAppliedHash, hash)

	live, err := a.cached(ctx, desired)
	if err != nil {
		return Unchanged, err
	}
	if live == nil {
		created, err := a.createOnly(ctx, want)
		if err != nil {
			return Unchanged, err
		}
		if created {
			return Created, nil
		}
		// A namesake exists that the cache does not show: someone else's,
		// or one of ours the cache has not seen yet.
		if live, err = a.live(ctx, desired); err != nil {
			return Unchanged, err
		}
		if live == nil {
			return Unchanged, goneInBetween(want.GetKind(), want.GetName())
		}
	}
	if !ours(live) {
		return Unchanged, &NotOwnedError{Kind: want.GetKind(), Name: want.GetName()}
	}
	liveU, err := a.toUnstructured(live)
	if err != nil {
		return Unchanged, err
	}
	if live.GetAnnotations()[AnnotationAppliedHash] == hash && isSubset(want.Object, liveU.Object) {
		return Unchanged, nil
	}
	err = a.Writer.Apply(ctx, client.ApplyConfigurationFromUnstructured(want),
		client.FieldOwner(a.FieldOwner), client.ForceOwnership)
	if apierrors.IsInvalid(err) {
		// Server-side apply merges list entries others added (a Service port
		// renumbered by hand) with ours, which can make the object invalid.
		// Replace the content wholesale instead; the API server keeps what it
		// allocated (cluster IPs, node ports).
		err = a.replace(ctx, want, live)
	}
	if err != nil {
		return Unchanged, fmt.Errorf("applying %s %s: %w", want.GetKind(), want.GetName(), err)
	}
	return Updated, nil
}

// createOnlyVersion is a resourceVersion no stored object has (etcd
// revisions of stored objects start above 1). Applied with it, a
// server-side apply creates the object when none of its name exists and is
// refused with a conflict when one does: the API server decides, so an
// object someone else made is never merged into, and a new object costs no
// read first.
const createOnlyVersion = "1"

// createOnly creates want by server-side apply (so that the operator owns
// its fields as an applier from the start, and a field later dropped from
// want is removed) unless an object of its name exists. It reports whether
// it created the object; false with no error means a namesake exists.
func (a *Applier) createOnly(ctx context.Context, want *unstructured.Unstructured) (bool, error) {
	obj := want.DeepCopy()
	obj.SetResourceVersion(createOnlyVersion)
	err := a.Writer.Apply(ctx, client.ApplyConfigurationFromUnstructured(obj),
		client.FieldOwner(a.FieldOwner), client.ForceOwnership)
	switch {
	case err == nil:
		return true, nil
	case apierrors.IsConflict(err):
		return false, nil
	default:
		return false, fmt.Errorf("creating %s %s: %w", want.GetKind(), want.GetName(), err)
	}
}

// replace updates live with every top-level field of want but metadata,
// merging want's labels, annotations and owner references into live's.
func (a *Applier) replace(ctx context.Context, want *unstructured.Unstructured, live client.Object) error {
	liveU, err := a.toUnstructured(live)
	if err != nil {
		return err
	}
	for k, v := range want.Object {
		if k != "metadata" {
			liveU.Object[k] = v
		}
	}
	labels, annotations := liveU.GetLabels(), liveU.GetAnnotations()
	if labels == nil {
		labels = map[string]string{}
	}
	if annotations == nil {
		annotations = map[string]string{}
	}
	maps.Copy(labels, want.GetLabels())
	maps.Copy(annotations, want.GetAnnotations())
	liveU.SetLabels(labels)
	liveU.SetAnnotations(annotations)
	liveU.SetOwnerReferences(want.GetOwnerReferences())
	return a.Writer.Update(ctx, liveU, client.FieldOwner(a.FieldOwner))
}

// CreateOnce creates desired when no object of its name exists and returns
// the live object. It never updates: for material such as host keys that
// must not change once made.
func (a *Applier) CreateOnce(ctx context.Context, desired client.Object, ours Ownership) (client.Object, Outcome, error) {
	live, err := a.cached(ctx, desired)
	if err != nil {
		return nil, Unchanged, err
	}
	if live == nil {
		created := desired.DeepCopyObject().(client.Object)
		err := a.Writer.Create(ctx, created, client.FieldOwner(a.FieldOwner))
		if err == nil {
			return created, Created, nil
		}
		if !apierrors.IsAlreadyExists(err) {
			return nil, Unchanged, fmt.Errorf("creating %s %s: %w", kindOf(a.Scheme, desired), desired.GetName(), err)
		}
		// Only now read the namesake the cache does not show.
		if live, err = a.live(ctx, desired); err != nil {
			return nil, Unchanged, err
		}
		if live == nil {
			return nil, Unchanged, goneInBetween(kindOf(a.Scheme, desired), desired.GetName())
		}
	}
	if !ours(live) {
		return nil, Unchanged, &NotOwnedError{Kind: kindOf(a.Scheme, desired), Name: desired.GetName()}
	}
	return live, Unchanged, nil
}

// DeleteIfOurs deletes the object of obj's kind, namespace and name when it
// exists and is ours. It reports whether it deleted something. Objects the
// operator made carry its labels, so the cache alone tells: no API read.
func (a *Applier) DeleteIfOurs(ctx context.Context, obj client.Object, ours Ownership) (bool, error) {
	live, err := a.newObject(obj)
	if err != nil {
		return false, err
	}
	if err := a.Cache.Get(ctx, client.ObjectKeyFromObject(obj), live); err != nil || !ours(live) {
		return false, client.IgnoreNotFound(err)
	}
	// Background: a Job's pods are otherwise orphaned (batch/v1 Jobs
	// default to orphaning their dependents); every other kind's default.
	if err := a.Writer.Delete(ctx, live, client.Preconditions{UID: ptrUID(live)},
		client.PropagationPolicy(metav1.DeletePropagationBackground)); err != nil {
		if apierrors.IsNotFound(err) {
			return false, nil
		}
		return false, fmt.Errorf("deleting %s %s: %w", kindOf(a.Scheme, obj), obj.GetName(), err)
	}
	return true, nil
}

// cached returns the object of desired's kind and name from the cache, or
// nil when the cache has none. The cache holds only objects with the
// operator's labels and may lag behind a create, so absence is confirmed by
// the create that follows (createOnly, CreateOnce), never by a read.
func (a *Applier) cached(ctx context.Context, desired client.Object) (client.Object, error) {
	return a.read(ctx, a.Cache, desired)
}

// live reads the object from the API server, for a namesake a create found.
// It returns nil when the object went away in between (the next reconcile
// creates it).
func (a *Applier) live(ctx context.Context, desired client.Object) (client.Object, error) {
	return a.read(ctx, a.Live, desired)
}

// goneInBetween is a conflict (retried at once, quietly): the namesake a
// create ran into was deleted before it could be read.
func goneInBetween(kind, name string) error {
	return apierrors.NewConflict(schema.GroupResource{Resource: kind}, name,
		errors.New("it was deleted while being created"))
}

func (a *Applier) read(ctx context.Context, r client.Reader, desired client.Object) (client.Object, error) {
	obj, err := a.newObject(desired)
	if err != nil {
		return nil, err
	}
	if err := r.Get(ctx, client.ObjectKeyFromObject(desired), obj); err != nil {
		return nil, client.IgnoreNotFound(err)
	}
	return obj, nil
}

// newObject returns an empty object of obj's kind.
func (a *Applier) newObject(obj client.Object) (client.Object, error) {
	gvk, err := gvkOf(a.Scheme, obj)
	if err != nil {
		return nil, err
	}
	o, err := a.Scheme.New(gvk)
	if err != nil {
		return nil, err
	}
	return o.(client.Object), nil
}

func (a *Applier) toUnstructured(obj client.Object) (*unstructured.Unstructured, error) {
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		return nil, err
	}
	u := &unstructured.Unstructured{Object: m}
	gvk, err := gvkOf(a.Scheme, obj)
	if err != nil {
		return nil, err
	}
	u.SetGroupVersionKind(gvk)
	delete(u.Object, "status")
	unstructured.RemoveNestedField(u.Object, "metadata", "creationTimestamp")
	unstructured.RemoveNestedField(u.Object, "spec", "template", "metadata", "creationTimestamp")
	return u, nil
}

func fingerprint(u *unstructured.Unstructured) (string, error) {
	b, err := json.Marshal(u.Object)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:16], nil
}

func setAnnotation(u *unstructured.Unstructured, key, value string) {
	ann := u.GetAnnotations()
	if ann == nil {
		ann = map[string]string{}
	}
	ann[key] = value
	u.SetAnnotations(ann)
}

func ptrUID(obj metav1.Object) *types.UID {
	uid := obj.GetUID()
	return &uid
}
