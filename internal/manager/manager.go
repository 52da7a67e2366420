// Package manager builds the operator's controller-runtime manager: flags,
// caches, health endpoints and platform discovery. The controllers are
// registered by the caller (main passes controllers.Register), so that this
// package imports none of them and the imports run downward only.
package manager

import (
	"crypto/tls"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/client-go/discovery"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	toolscache "k8s.io/client-go/tools/cache"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	configv1 "github.com/openshift/api/config/v1"
	routev1 "github.com/openshift/api/route/v1"
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/desired"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
)

// NewScheme returns the scheme with every type the operator reads or writes.
func NewScheme() *runtime.Scheme {
	s := runtime.NewScheme()
	utilruntime.Must(clientgoscheme.AddToScheme(s))
	utilruntime.Must(v1alpha1.AddToScheme(s))
	utilruntime.Must(routev1.Install(s))
	utilruntime.Must(configv1.Install(s))
	utilruntime.Must(gatewayv1.Install(s))
	utilruntime.Must(monitoringv1.AddToScheme(s))
	return s
}

// Flags are the manager's command-line settings.
type Flags struct {
	MetricsAddr             string
	MetricsSecure           bool
	ProbeAddr               string
	PprofAddr               string
	LeaderElect             bool
	WatchNamespaces         string
	MaxConcurrentReconciles int
	QPS                     float64
	Burst                   int
	// MemoryLimitRatio is the Go soft memory limit as a fraction of the
	// container memory limit in $MEMORY_LIMIT_BYTES.
	MemoryLimitRatio float64
	Zap              zap.Options
	// SkipNameValidation lets tests start several managers in one process.
	SkipNameValidation bool
	// AccountResync is how often account resources are compared with their
	// server; AccountMaxBackoff caps the retry delay of an unreachable one.
	AccountResync     time.Duration
	AccountMaxBackoff time.Duration
	// AccountDeleteGrace is how long a deleted account resource waits for
	// its unreachable server before the operator lets it go.
	AccountDeleteGrace time.Duration
}

func parseFlags(args []string) (Flags, error) {
	var f Flags
	fs := flag.NewFlagSet("sftpgo-operator", flag.ContinueOnError)
	fs.StringVar(&f.MetricsAddr, "metrics-bind-address", "0",
		"Address of the metrics endpoint (e.g. :8443 with HTTPS and authn/authz); 0 disables it.")
	fs.BoolVar(&f.MetricsSecure, "metrics-secure", true,
		"Serve metrics over HTTPS to authenticated, authorized callers only; false serves plain HTTP (local benchmarks).")
	fs.StringVar(&f.ProbeAddr, "health-probe-bind-address", ":8081", "Address of the /healthz and /readyz endpoints.")
	fs.StringVar(&f.PprofAddr, "pprof-bind-address", "0",
		"Address of Go's /debug/pprof endpoints, for profiling (e.g. 127.0.0.1:6060, unauthenticated: keep it on loopback); 0 disables them.")
	fs.BoolVar(&f.LeaderElect, "leader-elect", false, "Elect a leader, so that only one operator replica acts.")
	fs.StringVar(&f.WatchNamespaces, "watch-namespace", "",
		"Comma-separated namespaces to watch; empty watches all. OLM sets it from the OperatorGroup.")
	// Defaults measured with make bench (docs/performance.md): more workers
	// do not help on 2 cores where host key generation is CPU-bound, and
	// 50 QPS left the operator waiting on its own rate limiter.
	fs.IntVar(&f.MaxConcurrentReconciles, "max-concurrent-reconciles", 4, "SFTPGo resources reconciled in parallel.")
	fs.Float64Var(&f.QPS, "kube-api-qps", 200, "Steady requests per second to the API server.")
	fs.IntVar(&f.Burst, "kube-api-burst", 400, "Burst of requests to the API server.")
	fs.Float64Var(&f.MemoryLimitRatio, "memory-limit-ratio", defaultMemoryLimitRatio,
		"Go soft memory limit as a fraction of the container memory limit in $"+EnvMemoryLimit+
			" (bytes); not used when GOMEMLIMIT is set or $"+EnvMemoryLimit+" is empty.")
	// A resync lists each server's accounts (one call per 500 of a kind)
	// and writes nothing unless someone changed one in the web UI: every
	// 10 minutes bounds such drift without load worth measuring.
	fs.DurationVar(&f.AccountResync, "account-resync-interval", 10*time.Minute,
		"How often SFTPGoUser, SFTPGoGroup, SFTPGoFolder and SFTPGoAdmin resources are compared with their server, "+
			"to put back changes made in the web UI; 0 turns it off.")
	fs.DurationVar(&f.AccountMaxBackoff, "account-max-backoff", 5*time.Minute,
		"Longest delay between retries of an account whose server cannot be reached.")
	fs.DurationVar(&f.AccountDeleteGrace, "account-delete-grace", 5*time.Minute,
		"How long a deleted account resource waits for its unreachable server before the operator lets it go, "+
			"leaving the account on the server (a Warning event AccountLeft names it).")
	f.Zap.BindFlags(fs)
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	return f, validMemoryLimitRatio(f.MemoryLimitRatio)
}

// Env is what the controllers get from the manager's setup.
type Env struct {
	// Facts are the platform facts discovered at start.
	Facts platform.Facts
	// References holds the metadata of every Secret and ConfigMap, for the
	// watch of those an SFTPGo names.
	References cache.Cache
	// Kinds is the registry of owned kinds the cache was set up for.
	Kinds desired.Registry
	// MaxConcurrentReconciles, SkipNameValidation, AccountResync and
	// AccountMaxBackoff are the flags'.
	MaxConcurrentReconciles int
	SkipNameValidation      bool
	AccountResync           time.Duration
	AccountMaxBackoff       time.Duration
	AccountDeleteGrace      time.Duration
}

// EnvPodNamespace is the operator's own namespace, which
// config/manager/manager.yaml fills from the pod's metadata.
const EnvPodNamespace = "POD_NAMESPACE"

// Controllers is what main and the test suites give the manager.
type Controllers struct {
	// Kinds is the registry of owned kinds: the cache holds their labelled
	// objects only.
	Kinds desired.Registry
	// Register adds the controllers to the manager.
	Register func(mgr ctrl.Manager, env Env) error
}

// Run parses flags and runs the manager with the controllers until a
// termination signal.
func Run(args []string, c Controllers) error {
	f, err := parseFlags(args)
	if err != nil {
		return err
	}
	ctrl.SetLogger(zap.New(zap.UseFlagOptions(&f.Zap)))
	softLimit, err := applyMemoryLimit(os.Getenv("GOMEMLIMIT"), os.Getenv(EnvMemoryLimit), f.MemoryLimitRatio)
	if err != nil {
		return err
	}
	if softLimit > 0 {
		ctrl.Log.WithName("setup").Info("Go soft memory limit derived from the container's", "bytes", softLimit,
			"ratio", f.MemoryLimitRatio)
	}
	cfg, err := ctrl.GetConfig()
	if err != nil {
		return fmt.Errorf("no cluster configuration (set KUBECONFIG): %w", err)
	}
	mgr, err := New(cfg, f, c)
	if err != nil {
		return err
	}
	return mgr.Start(ctrl.SetupSignalHandler())
}

// New builds a manager with the controllers c registers.
func New(cfg *rest.Config, f Flags, c Controllers) (ctrl.Manager, error) {
	cfg = rest.CopyConfig(cfg)
	cfg.QPS, cfg.Burst = float32(f.QPS), f.Burst
	// The operator talks to the API server inside the cluster, where gzip
	// buys no time: it costs CPU at both ends, and each watch stream holds
	// a decompressor with its 32 KiB window (docs/performance.md).
	cfg.DisableCompression = true
	facts, err := discoverPlatform(cfg)
	if err != nil {
		return nil, err
	}
	facts.OperatorNamespace = os.Getenv(EnvPodNamespace)
	metrics := metricsserver.Options{
		BindAddress:   f.MetricsAddr,
		SecureServing: f.MetricsSecure,
		TLSOpts:       []func(*tls.Config){disableHTTP2},
	}
	if f.MetricsSecure {
		// Only callers allowed to GET /metrics (TokenReview and
		// SubjectAccessReview) may read them.
		metrics.FilterProvider = metricsAuth
	}
	scheme := NewScheme()
	mgr, err := ctrl.NewManager(cfg, ctrl.Options{
		Scheme:                 scheme,
		Metrics:                metrics,
		HealthProbeBindAddress: f.ProbeAddr,
		PprofBindAddress:       f.PprofAddr,
		LeaderElection:         f.LeaderElect,
		LeaderElectionID:       "sftpgo-operator.sftpgo.operator.dev",
		Cache:                  cacheOptions(f.WatchNamespaces, facts, c.Kinds),
		// The network plugins' objects are read as unstructured (the
		// operator imports neither plugin's types); from the cache, like
		// every other read.
		Client: client.Options{Cache: &client.CacheOptions{Unstructured: true}},
	})
	if err != nil {
		return nil, fmt.Errorf("creating manager: %w", err)
	}
	refs, err := cache.New(mgr.GetConfig(), referenceCacheOptions(mgr, f.WatchNamespaces))
	if err != nil {
		return nil, fmt.Errorf("creating the reference cache: %w", err)
	}
	if err := mgr.Add(refs); err != nil {
		return nil, err
	}
	if err := c.Register(mgr, Env{
		Facts: facts, References: refs, Kinds: c.Kinds,
		MaxConcurrentReconciles: f.MaxConcurrentReconciles, SkipNameValidation: f.SkipNameValidation,
		AccountResync: f.AccountResync, AccountMaxBackoff: f.AccountMaxBackoff, AccountDeleteGrace: f.AccountDeleteGrace,
	}); err != nil {
		return nil, fmt.Errorf("setting up controllers: %w", err)
	}
	if err := mgr.AddHealthzCheck("healthz", healthz.Ping); err != nil {
		return nil, err
	}
	if err := mgr.AddReadyzCheck("readyz", healthz.Ping); err != nil {
		return nil, err
	}
	ctrl.Log.WithName("setup").Info("starting", "platform", facts.Platform,
		"routeAPI", facts.RouteAPI, "gatewayAPI", facts.GatewayAPI, "watchNamespaces", f.WatchNamespaces)
	return mgr, nil
}

func discoverPlatform(cfg *rest.Config) (platform.Facts, error) {
	d, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return platform.Facts{}, err
	}
	return platform.Discover(d)
}

// cacheOptions keep memory flat in big clusters: the owned kinds of the
// registry are cached only with the operator's label, and without
// managedFields; nodes, CiliumNodes and Calico IP pools only with their pod
// CIDRs.
func cacheOptions(watchNamespaces string, facts platform.Facts, kinds desired.Registry) cache.Options {
	managed := cache.ByObject{Label: labels.SelectorFromSet(labels.Set{manifests.LabelManagedBy: manifests.ManagedBy})}
	opts := cache.Options{
		// The operator never reads managedFields; on Deployments they are
		// a good part of the object.
		DefaultTransform: cache.TransformStripManagedFields(),
		ByObject:         map[client.Object]cache.ByObject{&corev1.Node{}: {Transform: keepPodCIDRs}},
	}
	served := kinds.Served(facts)
	for _, obj := range served.Types() {
		by := managed
		if trim := served.TrimOf(obj); trim != nil {
			by.Transform = trimmed(trim)
		}
		opts.ByObject[obj] = by
	}
	for _, gvk := range facts.PodNetworkKinds() {
		u := &unstructured.Unstructured{}
		u.SetGroupVersionKind(gvk)
		opts.ByObject[u] = cache.ByObject{Transform: platform.TrimToPodNetwork}
	}
	opts.DefaultNamespaces = namespaces(watchNamespaces)
	return opts
}

// trimmed is the cache transform of a kind the registry trims: its Trim,
// after the default one (a kind's own transform replaces the default).
func trimmed(trim func(client.Object)) toolscache.TransformFunc {
	strip := cache.TransformStripManagedFields()
	return func(in any) (any, error) {
		out, err := strip(in)
		if obj, ok := out.(client.Object); ok && err == nil {
			trim(obj)
		}
		return out, err
	}
}

// referenceCacheOptions are those of the second cache, which holds only the
// name and resourceVersion of every Secret and ConfigMap (metadata-only
// informers), for the watch of those an SFTPGo names: the main cache's
// label filter would hide them, and caching them whole would cost their
// data.
func referenceCacheOptions(mgr ctrl.Manager, watchNamespaces string) cache.Options {
	return cache.Options{
		HTTPClient:       mgr.GetHTTPClient(),
		Scheme:           mgr.GetScheme(),
		Mapper:           mgr.GetRESTMapper(),
		DefaultTransform: keepReferenceMetadata,
		// Reads of a kind it does not hold must fail, not start an informer.
		ReaderFailOnMissingInformer: true,
		DefaultNamespaces:           namespaces(watchNamespaces),
	}
}

// keepReferenceMetadata is the reference cache's transform: what tells
// that an object exists and changed.
func keepReferenceMetadata(obj any) (any, error) {
	m, ok := obj.(*metav1.PartialObjectMetadata)
	if !ok {
		return obj, nil
	}
	return &metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{
		Name: m.Name, Namespace: m.Namespace, ResourceVersion: m.ResourceVersion,
	}}, nil
}

// namespaces parses --watch-namespace; nil means all.
func namespaces(watchNamespaces string) map[string]cache.Config {
	if watchNamespaces == "" {
		return nil
	}
	out := map[string]cache.Config{}
	for _, ns := range strings.Split(watchNamespaces, ",") {
		if ns = strings.TrimSpace(ns); ns != "" {
			out[ns] = cache.Config{}
		}
	}
	return out
}

// keepPodCIDRs drops everything of a Node but what the operator reads.
func keepPodCIDRs(obj any) (any, error) {
	n, ok := obj.(*corev1.Node)
	if !ok {
		return obj, nil
	}
	return &corev1.Node{
		TypeMeta:   n.TypeMeta,
		ObjectMeta: metav1.ObjectMeta{Name: n.Name, UID: n.UID, ResourceVersion: n.ResourceVersion},
		Spec:       corev1.NodeSpec{PodCIDR: n.Spec.PodCIDR, PodCIDRs: n.Spec.PodCIDRs},
	}, nil
}

// disableHTTP2 avoids the HTTP/2 rapid-reset and stream-cancellation CVEs
// on the metrics endpoint, as kubebuilder scaffolds do.
func disableHTTP2(c *tls.Config) { c.NextProtos = []string{"http/1.1"} }
