package desired

import (
	"fmt"
	"slices"

	routev1 "github.com/openshift/api/route/v1"
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/sftpgo-operator/sftpgo-operator/internal/keys"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

// Kind is one entry of the registry of owned kinds: one object an instance
// may own (a component, in the sense of the app.kubernetes.io/component
// label), how it is built and written, and what keeps it. The registry alone
// drives building, applying, pruning, the watches, the cache filters and
// the offline render; adding a kind is adding an entry (docs/development.md).
type Kind struct {
	// Component is the object's app.kubernetes.io/component label. With
	// the instance label it selects the live objects pruning compares with
	// the desired one.
	Component string
	// New returns an empty object of the kind, for watches, cache filters
	// and lists. Entries may share a kind (two Services, two Secrets).
	New func() client.Object
	// Served tells whether the cluster serves the kind; nil for kinds every
	// cluster serves. Nothing of an unserved kind is watched, cached,
	// built or pruned.
	Served func(platform.Facts) bool
	// Build returns the object the instance wants, or nil when it wants
	// none. It is pure: it reads the resolved instance and the inputs.
	Build func(in *resolve.Instance, inputs *Inputs) client.Object
	// Generate makes the data of an object created once and never
	// rewritten (host keys, a generated password): its keys are Generated.
	// Nil for objects applied on every change.
	Generate func() (map[string][]byte, error)
	// Generated are the data keys Generate makes; the offline render shows
	// a placeholder for them.
	Generated []string
	// PodsRead: the pods read this object's data at start, so its live data
	// goes into Inputs.PodData and a change of it rolls the pods.
	PodsRead bool
	// Retained objects outlive the instance when its retention policy is
	// Retain: they get no owner reference, so no garbage collection.
	Retained bool
	// Trim drops from a cached object of the kind what the operator never
	// reads, to keep the cache small; nil keeps it whole. Entries of one
	// kind share it.
	Trim func(client.Object)
	// CreateOnly objects are created when missing and never updated: a
	// Job's pod template is immutable, and a running migration must not be
	// touched: a spec change made while it exists reaches the next one.
	CreateOnly bool
	// Prune deletes the labelled object of this component when the
	// instance no longer wants it. Off for what holds data or identity
	// (claims, keys, passwords), which the operator never deletes.
	Prune bool
}

// Inputs are what builders need beyond the resolved instance. The
// controller fills PodData as it goes through the registry, in order.
type Inputs struct {
	// Config is the rendered sftpgo.json.
	Config []byte
	// PodData is the data the pods read at start (the keys Secret, the
	// database credentials, what spec.podTemplate takes variables from);
	// the pod template carries its hash. Nil offline.
	PodData map[string][]byte
}

// Registry is the ordered list of owned kinds: the order objects are
// applied in (claims and Secrets before the Deployment that mounts them,
// the Deployment last so that its hash covers everything else).
type Registry []Kind

// Kinds is the operator's registry.
var Kinds = Registry{
	{
		Component: manifests.ComponentKeys, New: newObject[corev1.Secret], PodsRead: true, Retained: true, Trim: DigestSecret,
		Build:     func(in *resolve.Instance, _ *Inputs) client.Object { return manifests.KeysSecret(in, nil) },
		Generate:  keys.Generate,
		Generated: slices.Concat(sftpgoconfig.HostKeyNames, []string{sftpgoconfig.SigningPassphraseKey}),
	},
	{
		Component: manifests.ComponentAdmin, New: newObject[corev1.Secret], Retained: true, Trim: DigestSecret,
		Build: func(in *resolve.Instance, _ *Inputs) client.Object { return nilIfNone(manifests.AdminSecret(in, "")) },
		Generate: func() (map[string][]byte, error) {
			password, err := keys.Random(18)
			return map[string][]byte{manifests.AdminPasswordKey: []byte(password)}, err
		},
		Generated: []string{manifests.AdminPasswordKey},
	},
	{
		// Retained with the database it has an admin in.
		Component: manifests.ComponentOperatorAdmin, New: newObject[corev1.Secret], PodsRead: true, Retained: true,
		Trim:  DigestSecret,
		Build: func(in *resolve.Instance, _ *Inputs) client.Object { return manifests.OperatorAdminSecret(in, nil) },
		Generate: func() (map[string][]byte, error) {
			return keys.OperatorAdmin(manifests.OperatorAdminUsername, manifests.OperatorAdminDescription)
		},
		Generated: []string{keys.OperatorAdminUsernameKey, keys.OperatorAdminPasswordKey, sftpgoconfig.OperatorAdminFileName},
	},
	{
		Component: manifests.ComponentData, New: newObject[corev1.PersistentVolumeClaim], Retained: true,
		Build: func(in *resolve.Instance, _ *Inputs) client.Object { return nilIfNone(manifests.DataClaim(in)) },
	},
	{
		Component: manifests.ComponentState, New: newObject[corev1.PersistentVolumeClaim], Retained: true,
		Build: func(in *resolve.Instance, _ *Inputs) client.Object { return nilIfNone(manifests.StateClaim(in)) },
	},
	{
		Component: manifests.ComponentConfig, New: newObject[corev1.ConfigMap],
		Build: func(in *resolve.Instance, inputs *Inputs) client.Object {
			return manifests.ConfigMap(in, inputs.Config)
		},
	},
	{
		Component: manifests.ComponentServer, New: newObject[corev1.Service], Prune: true,
		Build: func(in *resolve.Instance, _ *Inputs) client.Object { return nilIfNone(manifests.Service(in)) },
	},
	{
		Component: manifests.ComponentWeb, New: newObject[corev1.Service], Prune: true,
		Build: func(in *resolve.Instance, _ *Inputs) client.Object { return manifests.WebService(in) },
	},
	{
		Component: manifests.ComponentWeb, New: newObject[networkingv1.Ingress], Prune: true,
		Build: func(in *resolve.Instance, _ *Inputs) client.Object { return nilIfNone(manifests.Ingress(in)) },
	},
	{
		Component: manifests.ComponentWeb, New: newObject[routev1.Route], Prune: true,
		Served: func(f platform.Facts) bool { return f.RouteAPI },
		Build:  func(in *resolve.Instance, _ *Inputs) client.Object { return nilIfNone(manifests.Route(in)) },
	},
	{
		// A Route has one path: WebDAV's /dav needs a Route of its own.
		Component: manifests.ComponentWebDAV, New: newObject[routev1.Route], Prune: true,
		Served: func(f platform.Facts) bool { return f.RouteAPI },
		Build:  func(in *resolve.Instance, _ *Inputs) client.Object { return nilIfNone(manifests.WebDAVRoute(in)) },
	},
	{
		Component: manifests.ComponentWeb, New: newObject[gatewayv1.HTTPRoute], Prune: true,
		Served: func(f platform.Facts) bool { return f.GatewayAPI },
		Build:  func(in *resolve.Instance, _ *Inputs) client.Object { return nilIfNone(manifests.HTTPRoute(in)) },
	},
	{
		Component: manifests.ComponentNetwork, New: newObject[networkingv1.NetworkPolicy], Prune: true,
		Build: func(in *resolve.Instance, _ *Inputs) client.Object { return nilIfNone(manifests.NetworkPolicy(in)) },
	},
	{
		Component: manifests.ComponentDisruption, New: newObject[policyv1.PodDisruptionBudget], Prune: true,
		Build: func(in *resolve.Instance, _ *Inputs) client.Object {
			return nilIfNone(manifests.PodDisruptionBudget(in))
		},
	},
	{
		Component: manifests.ComponentMonitoring, New: newObject[monitoringv1.PodMonitor], Prune: true,
		Served: func(f platform.Facts) bool { return f.MonitoringAPI },
		Build:  func(in *resolve.Instance, _ *Inputs) client.Object { return nilIfNone(manifests.PodMonitor(in)) },
	},
	{
		Component: manifests.ComponentMonitoring, New: newObject[monitoringv1.PrometheusRule], Prune: true,
		Served: func(f platform.Facts) bool { return f.MonitoringAPI },
		Build:  func(in *resolve.Instance, _ *Inputs) client.Object { return nilIfNone(manifests.PrometheusRule(in)) },
	},
	{
		Component: manifests.ComponentMonitoring, New: newObject[corev1.ConfigMap], Prune: true,
		Build: func(in *resolve.Instance, _ *Inputs) client.Object { return nilIfNone(manifests.Dashboard(in)) },
	},
	{
		// Before the Deployment: an upgrade's schema migration
		// (resolve.Instance.ResolveRollout); the Deployment keeps the
		// running image until it succeeds.
		Component: manifests.ComponentMigration, New: newObject[batchv1.Job], Prune: true, CreateOnly: true,
		Build: func(in *resolve.Instance, _ *Inputs) client.Object { return nilIfNone(manifests.MigrationJob(in)) },
	},
	{
		Component: manifests.ComponentServer, New: newObject[appsv1.Deployment],
		Build: func(in *resolve.Instance, inputs *Inputs) client.Object {
			return manifests.Deployment(in, manifests.ConfigHash(inputs.Config, inputs.PodData))
		},
	},
}

// Served returns the entries whose kind the cluster serves.
func (r Registry) Served(f platform.Facts) Registry {
	var out Registry
	for _, k := range r {
		if k.Served == nil || k.Served(f) {
			out = append(out, k)
		}
	}
	return out
}

// Types returns one empty object per distinct kind, in registry order: what
// is watched and cached.
func (r Registry) Types() []client.Object {
	var out []client.Object
	seen := map[string]bool{}
	for _, k := range r {
		obj := k.New()
		if t := typeName(obj); !seen[t] {
			seen[t] = true
			out = append(out, obj)
		}
	}
	return out
}

// TrimOf returns the Trim of obj's kind; nil when it has none.
func (r Registry) TrimOf(obj client.Object) func(client.Object) {
	for _, k := range r {
		if k.Trim != nil && typeName(k.New()) == typeName(obj) {
			return k.Trim
		}
	}
	return nil
}

// Once reports whether the entry's objects are created once, never rewritten.
func (k Kind) Once() bool { return k.Generate != nil }

// Owned reports whether the entry's object gets the instance as controller
// owner (and so is garbage collected with it): everything but retained
// objects under the Retain policy.
func (k Kind) Owned(in *resolve.Instance) bool { return !k.Retained || !in.Retain }

func newObject[T any, P interface {
	*T
	client.Object
}]() client.Object {
	return P(new(T))
}

// nilIfNone turns a typed nil pointer into a nil interface, so that "not
// wanted" reads as obj == nil.
func nilIfNone[T any, P interface {
	*T
	client.Object
}](obj P) client.Object {
	if obj == nil {
		return nil
	}
	return obj
}

func typeName(obj client.Object) string { return fmt.Sprintf("%T", obj) }
