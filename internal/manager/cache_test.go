package manager

import (
	"bytes"
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/sftpgo-operator/sftpgo-operator/internal/desired"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
)

// Every owned kind the cluster serves is cached, and only with the
// operator's label: a kind missing here would be cached cluster-wide.
func TestCacheHoldsOwnedKindsByLabelOnly(t *testing.T) {
	for _, facts := range []platform.Facts{
		{Platform: platform.Kubernetes},
		{Platform: platform.OpenShift, RouteAPI: true, GatewayAPI: true},
	} {
		opts := cacheOptions("", facts, desired.Kinds)
		byType := map[string]labels.Selector{}
		for obj, by := range opts.ByObject {
			byType[fmt.Sprintf("%T", obj)] = by.Label
		}
		managed := labels.Set{manifests.LabelManagedBy: manifests.ManagedBy}
		for _, obj := range desired.Kinds.Served(facts).Types() {
			sel, ok := byType[fmt.Sprintf("%T", obj)]
			switch {
			case !ok:
				t.Errorf("%s: %T is not in the cache options", facts.Platform, obj)
			case sel == nil || !sel.Matches(managed) || sel.Matches(labels.Set{}):
				t.Errorf("%s: %T is cached with selector %v, want the operator's label", facts.Platform, obj, sel)
			}
		}
		if _, ok := byType["*v1.Route"]; ok != facts.RouteAPI {
			t.Errorf("%s: Routes cached = %v", facts.Platform, ok)
		}
	}
}

// The Secrets the operator generates are cached as the digest of their
// data, without managed fields.
func TestCachedSecretsKeepADigest(t *testing.T) {
	opts := cacheOptions("", platform.Facts{Platform: platform.Kubernetes}, desired.Kinds)
	for obj, by := range opts.ByObject {
		if _, ok := obj.(*corev1.Secret); !ok {
			continue
		}
		in := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "files-keys",
			ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "x"}}},
			Data: map[string][]byte{"ssh_host_rsa_key": []byte("private")}}
		want := desired.DigestOf(in.Data)
		out, err := by.Transform(in)
		if err != nil {
			t.Fatal(err)
		}
		s := out.(*corev1.Secret)
		if len(s.ManagedFields) != 0 || len(s.Data) != 1 || !bytes.Equal(desired.DigestOf(s.Data), want) {
			t.Errorf("cached Secret = %+v", s)
		}
		return
	}
	t.Fatal("Secrets are not in the cache options")
}
