package desired

import (
	"bytes"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func TestDigest(t *testing.T) {
	a := map[string][]byte{"ssh_host_rsa_key": []byte("private"), "signing-passphrase": []byte("p")}
	sum := DigestOf(a)
	if !bytes.Equal(DigestOf(Digest(a)), sum) {
		t.Error("the digest of a cached (digested) Secret differs from the digest of its data")
	}
	if bytes.Equal(DigestOf(map[string][]byte{"ssh_host_rsa_key": []byte("other"), "signing-passphrase": []byte("p")}), sum) {
		t.Error("the digest ignores a value")
	}
	if bytes.Equal(DigestOf(map[string][]byte{"ssh_host_rsa_keysigning-passphrase": []byte("privatep")}), sum) {
		t.Error("keys and values run together")
	}
	s := &corev1.Secret{Data: a, StringData: map[string]string{"x": "y"}}
	DigestSecret(s)
	if len(s.Data) != 1 || s.StringData != nil || !bytes.Equal(DigestOf(s.Data), sum) {
		t.Errorf("DigestSecret kept %v", s)
	}
}

// Entries of one kind share their cache trim: the cache has one transform
// per kind.
func TestTrimsAgreePerKind(t *testing.T) {
	trims := map[string]uintptr{}
	for _, k := range Kinds {
		var p uintptr
		if k.Trim != nil {
			p = reflect.ValueOf(k.Trim).Pointer()
		}
		name := typeName(k.New())
		if prev, seen := trims[name]; seen && prev != p {
			t.Errorf("entries of %s trim differently", name)
		}
		trims[name] = p
	}
}
