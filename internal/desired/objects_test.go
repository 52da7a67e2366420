package desired

import (
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

func instance(mutate func(*v1alpha1.SFTPGo)) *resolve.Instance {
	s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: "ns"}}
	if mutate != nil {
		mutate(s)
	}
	return resolve.New(s, platform.Facts{Platform: platform.Kubernetes})
}

// summary is "Kind/name" per object, in order.
func summary(t *testing.T, objs []client.Object) []string {
	t.Helper()
	out := make([]string, 0, len(objs))
	for _, o := range objs {
		kind := o.GetObjectKind().GroupVersionKind().Kind
		if kind == "" {
			t.Fatalf("%T %s has no kind in its TypeMeta", o, o.GetName())
		}
		out = append(out, kind+"/"+o.GetName())
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestObjectsOrderAndSet(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*v1alpha1.SFTPGo)
		want   []string
	}{{
		name: "defaults",
		want: []string{
			"PersistentVolumeClaim/files-data", "PersistentVolumeClaim/files-state", "ConfigMap/files-config",
			"Service/files", "Service/files-web", "NetworkPolicy/files", "Deployment/files",
		},
	}, {
		name: "ingress, shared database, no SFTP, no NetworkPolicy, existing data claim",
		mutate: func(s *v1alpha1.SFTPGo) {
			s.Spec.Expose.Host = "files.example.com"
			s.Spec.Security.TrustedProxies = []string{"10.0.0.0/16"}
			s.Spec.DataProvider.Driver = v1alpha1.DriverPostgreSQL
			s.Spec.SFTP.Enabled = ptr.To(false)
			s.Spec.Security.NetworkPolicy = v1alpha1.Disabled
			s.Spec.Storage.Data.ExistingClaim = "shared"
		},
		want: []string{"ConfigMap/files-config", "Service/files-web", "Ingress/files", "Deployment/files"},
	}, {
		name: "data volume disabled",
		mutate: func(s *v1alpha1.SFTPGo) {
			s.Spec.Storage.Data.Enabled = ptr.To(false)
		},
		want: []string{
			"PersistentVolumeClaim/files-state", "ConfigMap/files-config", "Service/files", "Service/files-web",
			"NetworkPolicy/files", "Deployment/files",
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := instance(tt.mutate)
			objs, err := Objects(in, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := summary(t, objs); !equal(got, tt.want) {
				t.Errorf("objects:\n got  %v\n want %v", got, tt.want)
			}
			for _, o := range objs {
				if len(o.GetOwnerReferences()) != 0 {
					t.Errorf("%s has owner references", o.GetName())
				}
				if o.GetNamespace() != "ns" {
					t.Errorf("%s in namespace %q", o.GetName(), o.GetNamespace())
				}
				if _, ok := o.(*corev1.Secret); ok {
					t.Errorf("secret %s returned: keys and admin secrets are created once, elsewhere", o.GetName())
				}
			}
		})
	}
}

// The objects are exactly what the builders make: Objects adds no field.
func TestObjectsMatchBuilders(t *testing.T) {
	in := instance(func(s *v1alpha1.SFTPGo) { s.Spec.Expose.Host = "files.example.com" })
	objs, err := Objects(in, map[string][]byte{"k": []byte("v")})
	if err != nil {
		t.Fatal(err)
	}
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
		if !equality.Semantic.DeepEqual(o, w) {
			t.Errorf("%s differs from its builder's", key)
		}
	}
	for key := range want {
		t.Errorf("%s missing", key)
	}
}

func TestConfigHashCoversConfigAndKeys(t *testing.T) {
	hashOf := func(in *resolve.Instance, keys map[string][]byte) string {
		t.Helper()
		objs, err := Objects(in, keys)
		if err != nil {
			t.Fatal(err)
		}
		d, ok := objs[len(objs)-1].(*appsv1.Deployment)
		if !ok {
			t.Fatalf("last object is %T, want the Deployment", objs[len(objs)-1])
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
	if h == hashOf(base, nil) {
		t.Error("hash ignores whether there are keys")
	}
	other := instance(func(s *v1alpha1.SFTPGo) {
		s.Spec.Config = &runtime.RawExtension{Raw: []byte(`{"httpd":{"max_upload_file_size":1}}`)}
	})
	if h == hashOf(other, keys) {
		t.Error("hash ignores the config")
	}
}

func TestObjectsFailsOnlyOnUnrenderableConfig(t *testing.T) {
	in := instance(func(s *v1alpha1.SFTPGo) {
		s.Spec.Config = &runtime.RawExtension{Raw: []byte(`[1, 2]`)}
	})
	if _, err := Objects(in, nil); err == nil {
		t.Error("want an error for a spec.config that is not an object")
	}
}

func TestOwned(t *testing.T) {
	for _, retain := range []bool{true, false} {
		in := instance(func(s *v1alpha1.SFTPGo) { s.Spec.Storage.RetainOnDelete = ptr.To(retain) })
		objs, err := Objects(in, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range objs {
			_, isClaim := o.(*corev1.PersistentVolumeClaim)
			if got, want := Owned(in, o), !isClaim || !retain; got != want {
				t.Errorf("retainOnDelete=%v: Owned(%T %s) = %v, want %v", retain, o, o.GetName(), got, want)
			}
		}
		if got := Owned(in, manifests.KeysSecret(in, nil)); got != !retain {
			t.Errorf("retainOnDelete=%v: Owned(keys Secret) = %v", retain, got)
		}
		if got := Owned(in, manifests.AdminSecret(in, "x")); got != !retain {
			t.Errorf("retainOnDelete=%v: Owned(admin Secret) = %v", retain, got)
		}
	}
}
