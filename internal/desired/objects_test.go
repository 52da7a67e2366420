package desired

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// allAPIs is a cluster serving every optional kind.
var allAPIs = platform.Facts{Platform: platform.OpenShift, RouteAPI: true, GatewayAPI: true, MonitoringAPI: true,
	PodNetwork: []string{"10.128.0.0/14"}, PodNetworkSource: v1alpha1.TrustedProxiesFromOpenShift}

func instanceOn(facts platform.Facts, mutate func(*v1alpha1.SFTPGo)) *resolve.Instance {
	s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: "ns", UID: "uid-1"}}
	if mutate != nil {
		mutate(s)
	}
	return resolve.New(s, facts)
}

func instance(mutate func(*v1alpha1.SFTPGo)) *resolve.Instance {
	return instanceOn(platform.Facts{Platform: platform.Kubernetes}, mutate)
}

func plan(t *testing.T, in *resolve.Instance, podData map[string][]byte) *Plan {
	t.Helper()
	p, err := NewPlan(in, Kinds, podData)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// summary is "Kind/name" per object, in order.
func summary(t *testing.T, objs []Built) []string {
	t.Helper()
	out := make([]string, 0, len(objs))
	for _, o := range objs {
		kind := o.GetObjectKind().GroupVersionKind().Kind
		if kind == "" {
			t.Fatalf("%T %s has no kind in its TypeMeta", o.Object, o.GetName())
		}
		out = append(out, kind+"/"+o.GetName())
	}
	return out
}

func postgres(s *v1alpha1.SFTPGo) {
	s.Spec.DataProvider.Driver = v1alpha1.DriverPostgreSQL
	s.Spec.DataProvider.Host = "db"
	s.Spec.DataProvider.Database = "sftpgo"
}

// variants between them make every entry of the registry build an object
// and not build one.
var variants = map[string]func(*v1alpha1.SFTPGo){
	"defaults": nil,
	"ingress, shared database, no SFTP, no NetworkPolicy, existing data claim, named admin": func(s *v1alpha1.SFTPGo) {
		s.Spec.Expose.Type = v1alpha1.ExposeIngress
		s.Spec.Expose.Host = "files.example.com"
		s.Spec.Security.TrustedProxies = []string{"10.0.0.0/16"}
		postgres(s)
		s.Spec.SFTP.Enabled = ptr.To(false)
		s.Spec.Security.NetworkPolicy.Enabled = ptr.To(false)
		s.Spec.Storage.Data.ExistingClaim = "shared"
		s.Spec.AdminCredentialsSecret = &v1alpha1.CredentialsSecretReference{SecretReference: v1alpha1.SecretReference{Name: "admin"}}
	},
	"route": func(s *v1alpha1.SFTPGo) { s.Spec.Expose.Type = v1alpha1.ExposeRoute },
	"route, webdav": func(s *v1alpha1.SFTPGo) {
		s.Spec.Expose.Type = v1alpha1.ExposeRoute
		s.Spec.WebDAV.Enabled = ptr.To(true)
	},
	"httproute, two replicas": func(s *v1alpha1.SFTPGo) {
		s.Spec.Expose.Type = v1alpha1.ExposeHTTPRoute
		s.Spec.Expose.Host = "files.example.com"
		s.Spec.Expose.GatewayRef.Name = "gw"
		postgres(s)
		s.Spec.Replicas = ptr.To[int32](2)
		s.Spec.Storage.Data.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteMany}
	},
	"upgrade on a shared database": postgres,
}

// rollouts are what runs for the variants that need it (the controller
// reads it from the cluster).
var rollouts = map[string]resolve.LiveRollout{
	"upgrade on a shared database": {RunningImage: "ghcr.io/drakkan/sftpgo:v2.6.6"},
}

func TestObjectsOrderAndSet(t *testing.T) {
	tests := []struct {
		name   string
		facts  platform.Facts
		mutate func(*v1alpha1.SFTPGo)
		want   []string
	}{{
		name:   "defaults",
		mutate: variants["defaults"],
		want: []string{
			"Secret/files-keys", "Secret/files-admin", "Secret/files-operator-admin", "PersistentVolumeClaim/files-data", "PersistentVolumeClaim/files-state",
			"ConfigMap/files-config", "Service/files", "Service/files-web", "NetworkPolicy/files", "Deployment/files",
		},
	}, {
		name:   "ingress, shared database, no SFTP, no NetworkPolicy, existing data claim, named admin",
		mutate: variants["ingress, shared database, no SFTP, no NetworkPolicy, existing data claim, named admin"],
		want:   []string{"Secret/files-keys", "Secret/files-operator-admin", "ConfigMap/files-config", "Service/files-web", "Ingress/files", "Deployment/files"},
	}, {
		name:   "data volume disabled",
		mutate: func(s *v1alpha1.SFTPGo) { s.Spec.Storage.Data.Enabled = ptr.To(false) },
		want: []string{
			"Secret/files-keys", "Secret/files-admin", "Secret/files-operator-admin", "PersistentVolumeClaim/files-state", "ConfigMap/files-config",
			"Service/files", "Service/files-web", "NetworkPolicy/files", "Deployment/files",
		},
	}, {
		name: "route on OpenShift", facts: allAPIs, mutate: variants["route"],
		want: []string{
			"Secret/files-keys", "Secret/files-admin", "Secret/files-operator-admin", "PersistentVolumeClaim/files-data", "PersistentVolumeClaim/files-state",
			"ConfigMap/files-config", "Service/files", "Service/files-web", "Route/files", "NetworkPolicy/files",
			"PodMonitor/files", "PrometheusRule/files", "ConfigMap/files-dashboard", "Deployment/files",
		},
	}, {
		name: "route and webdav on OpenShift", facts: allAPIs, mutate: variants["route, webdav"],
		want: []string{
			"Secret/files-keys", "Secret/files-admin", "Secret/files-operator-admin", "PersistentVolumeClaim/files-data", "PersistentVolumeClaim/files-state",
			"ConfigMap/files-config", "Service/files", "Service/files-web", "Route/files", "Route/files-webdav", "NetworkPolicy/files",
			"PodMonitor/files", "PrometheusRule/files", "ConfigMap/files-dashboard", "Deployment/files",
		},
	}, {
		name: "httproute, two replicas", facts: allAPIs, mutate: variants["httproute, two replicas"],
		want: []string{
			"Secret/files-keys", "Secret/files-admin", "Secret/files-operator-admin", "PersistentVolumeClaim/files-data", "ConfigMap/files-config",
			"Service/files", "Service/files-web", "HTTPRoute/files", "NetworkPolicy/files", "PodDisruptionBudget/files",
			"PodMonitor/files", "PrometheusRule/files", "ConfigMap/files-dashboard", "Deployment/files",
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			facts := tt.facts
			if facts.Platform == "" {
				facts.Platform = platform.Kubernetes
			}
			objs := plan(t, instanceOn(facts, tt.mutate), nil).Objects()
			if got := summary(t, objs); !slices.Equal(got, tt.want) {
				t.Errorf("objects:\n got  %v\n want %v", got, tt.want)
			}
			for _, o := range objs {
				if len(o.GetOwnerReferences()) != 0 {
					t.Errorf("%s has owner references", o.GetName())
				}
				if o.GetNamespace() != "ns" {
					t.Errorf("%s in namespace %q", o.GetName(), o.GetNamespace())
				}
			}
		})
	}
}

// The objects are exactly what the builders make: the plan adds no field.
func TestObjectsMatchBuilders(t *testing.T) {
	in := instance(func(s *v1alpha1.SFTPGo) { s.Spec.Expose.Host = "files.example.com" })
	objs := plan(t, in, map[string][]byte{"k": []byte("v")}).Objects()
	want := map[string]client.Object{
		"Ingress/files":       manifests.Ingress(in),
		"Service/files":       manifests.Service(in),
		"Service/files-web":   manifests.WebService(in),
		"NetworkPolicy/files": manifests.NetworkPolicy(in),
	}
	for _, o := range objs {
		key := o.GetObjectKind().GroupVersionKind().Kind + "/" + o.GetName()
		w, ok := want[key]
		if !ok {
			continue
		}
		delete(want, key)
		if !equality.Semantic.DeepEqual(o.Object, w) {
			t.Errorf("%s differs from its builder's", key)
		}
	}
	for key := range want {
		t.Errorf("%s missing", key)
	}
}

func TestConfigHashCoversConfigAndPodData(t *testing.T) {
	hashOf := func(in *resolve.Instance, podData ...map[string][]byte) string {
		t.Helper()
		p := plan(t, in, nil)
		for _, d := range podData {
			p.AddPodData(d)
		}
		objs := p.Objects()
		d, ok := objs[len(objs)-1].Object.(*appsv1.Deployment)
		if !ok {
			t.Fatalf("last object is %T, want the Deployment", objs[len(objs)-1].Object)
		}
		h := d.Spec.Template.Annotations[manifests.AnnotationPodConfigHash]
		if h == "" {
			t.Fatal("no config hash on the pod template")
		}
		return h
	}
	base := instance(nil)
	keys := map[string][]byte{"signing-passphrase": []byte("a")}
	h := hashOf(base, keys)
	if h != hashOf(instance(nil), map[string][]byte{"signing-passphrase": []byte("a")}) {
		t.Error("hash is not deterministic")
	}
	if h == hashOf(base, map[string][]byte{"signing-passphrase": []byte("b")}) {
		t.Error("hash ignores the keys")
	}
	if h == hashOf(base) {
		t.Error("hash ignores whether there are keys")
	}
	if h == hashOf(base, keys, map[string][]byte{"dataProvider/password": []byte("x")}) {
		t.Error("hash ignores data added later (database credentials)")
	}
	other := instance(func(s *v1alpha1.SFTPGo) {
		s.Spec.Config = &runtime.RawExtension{Raw: []byte(`{"httpd":{"max_upload_file_size":1}}`)}
	})
	if h == hashOf(other, keys) {
		t.Error("hash ignores the config")
	}
}

func TestNewPlanFailsOnlyOnUnrenderableConfig(t *testing.T) {
	in := instance(func(s *v1alpha1.SFTPGo) {
		s.Spec.Config = &runtime.RawExtension{Raw: []byte(`[1, 2]`)}
	})
	if _, err := NewPlan(in, Kinds, nil); err == nil {
		t.Error("want an error for a spec.config that is not an object")
	}
}

func TestOwned(t *testing.T) {
	for _, policy := range []v1alpha1.RetentionPolicy{v1alpha1.RetentionPolicyRetain, v1alpha1.RetentionPolicyDelete} {
		in := instance(func(s *v1alpha1.SFTPGo) { s.Spec.Storage.RetentionPolicy = policy })
		retain := policy == v1alpha1.RetentionPolicyRetain
		for _, o := range plan(t, in, nil).Objects() {
			var keeps bool // holds files, the server identity or the password of the kept database
			switch o.Object.(type) {
			case *corev1.PersistentVolumeClaim, *corev1.Secret:
				keeps = true
			}
			if got, want := o.Kind.Owned(in), !keeps || !retain; got != want {
				t.Errorf("%s: Owned(%T %s) = %v, want %v", policy, o.Object, o.GetName(), got, want)
			}
		}
	}
}

// TestRegistry checks what pruning, watches and caches rely on: each entry
// builds objects of its own kind with its component label, no two entries
// share a kind and a component, an entry that may want nothing is pruned
// unless it holds data, and generated data has the keys the render hides.
func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range Kinds {
		id := fmt.Sprintf("%T/%s", k.New(), k.Component)
		if seen[id] {
			t.Errorf("two entries for %s: pruning could not tell their objects apart", id)
		}
		seen[id] = true
		if k.Once() {
			data, err := k.Generate()
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.Sorted(maps.Keys(data)); !slices.Equal(got, slices.Sorted(slices.Values(k.Generated))) {
				t.Errorf("%s generates %v, declares %v", id, got, k.Generated)
			}
		}
	}
	built := map[string]int{}
	for name, mutate := range variants {
		in := instanceOn(allAPIs, mutate)
		if live, ok := rollouts[name]; ok {
			in.ResolveRollout(live)
		}
		p := plan(t, in, nil)
		for _, k := range Kinds {
			id := fmt.Sprintf("%T/%s", k.New(), k.Component)
			obj := p.Build(k)
			if obj == nil {
				if !k.Prune && !k.Retained {
					t.Errorf("%s: %s is not wanted, but neither pruned nor kept as data", name, id)
				}
				continue
			}
			built[id]++
			if fmt.Sprintf("%T", obj) != fmt.Sprintf("%T", k.New()) {
				t.Errorf("%s: %s builds a %T", name, id, obj)
			}
			if got := obj.GetLabels()[manifests.LabelComponent]; got != k.Component {
				t.Errorf("%s: %s builds an object with component %q", name, id, got)
			}
			if got := obj.GetLabels()[manifests.LabelInstance]; got != in.Name {
				t.Errorf("%s: %s builds an object without the instance label", name, id)
			}
		}
	}
	for id := range seen {
		if built[id] == 0 {
			t.Errorf("%s is never built by the variants: add one that wants it", id)
		}
	}
}

func TestServedAndTypes(t *testing.T) {
	names := func(objs []client.Object) []string {
		var out []string
		for _, o := range objs {
			out = append(out, fmt.Sprintf("%T", o))
		}
		return out
	}
	kube := names(Kinds.Served(platform.Facts{Platform: platform.Kubernetes}).Types())
	all := names(Kinds.Served(allAPIs).Types())
	want := []string{"*v1.Secret", "*v1.PersistentVolumeClaim", "*v1.ConfigMap", "*v1.Service", "*v1.Ingress",
		"*v1.NetworkPolicy", "*v1.PodDisruptionBudget", "*v1.Job", "*v1.Deployment"}
	if !slices.Equal(kube, want) {
		t.Errorf("kinds on Kubernetes = %v, want %v", kube, want)
	}
	if len(all) != len(want)+4 {
		t.Errorf("kinds with Routes, HTTPRoutes, PodMonitors and PrometheusRules = %v", all)
	}
}
