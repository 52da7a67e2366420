package controllers

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// A reconcile that starts from a cache older than the last status write
// must see that write (else it would send the password again).
func TestAccountStatusMemo(t *testing.T) {
	var m accountStatusMemo
	written := &v1alpha1.SFTPGoUser{ObjectMeta: metav1.ObjectMeta{UID: "u1", ResourceVersion: "42"},
		Status: v1alpha1.AccountStatus{ID: 7, SecretsVersion: "v2"}}
	m.store(written)

	stale := &v1alpha1.SFTPGoUser{ObjectMeta: metav1.ObjectMeta{UID: "u1", ResourceVersion: "41"},
		Status: v1alpha1.AccountStatus{ID: 7, SecretsVersion: "v1"}}
	m.apply(stale)
	if stale.Status.SecretsVersion != "v2" {
		t.Errorf("stale cache: secretsVersion %q, want the written v2", stale.Status.SecretsVersion)
	}

	other := &v1alpha1.SFTPGoUser{ObjectMeta: metav1.ObjectMeta{UID: "u2", ResourceVersion: "1"}}
	m.apply(other)
	if other.Status.ID != 0 {
		t.Error("another resource got the written status")
	}

	fresh := &v1alpha1.SFTPGoUser{ObjectMeta: metav1.ObjectMeta{UID: "u1", ResourceVersion: "43"},
		Status: v1alpha1.AccountStatus{ID: 7, SecretsVersion: "v3"}}
	m.apply(fresh)
	if fresh.Status.SecretsVersion != "v3" {
		t.Errorf("fresh cache: secretsVersion %q, want its own v3", fresh.Status.SecretsVersion)
	}
	if _, ok := m.written.Load(fresh.UID); ok {
		t.Error("the memo was kept after the cache caught up")
	}
}
