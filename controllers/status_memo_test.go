package controllers

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

func TestStatusMemo(t *testing.T) {
	cached := func(uid, rv string) *v1alpha1.SFTPGo {
		return &v1alpha1.SFTPGo{
			ObjectMeta: metav1.ObjectMeta{Namespace: "team-a", Name: "files", UID: types.UID(uid), ResourceVersion: rv},
			Status:     v1alpha1.SFTPGoStatus{ObservedGeneration: 1},
		}
	}
	written := &v1alpha1.SFTPGoStatus{ObservedGeneration: 2}
	var m statusMemo
	m.store(cached("a", "10"), "10", written)

	tests := []struct {
		name string
		s    *v1alpha1.SFTPGo
		want int64
	}{
		{"cache not yet showing the write: start from what was written", cached("a", "10"), 2},
		{"cache caught up: its own status", cached("a", "11"), 1},
		{"a new object of the same name: its own status", cached("b", "10"), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := m.base(tt.s).ObservedGeneration; got != tt.want {
				t.Errorf("base().ObservedGeneration = %d, want %d", got, tt.want)
			}
		})
	}
	m.base(cached("a", "10")).ObservedGeneration = 9
	if got := m.base(cached("a", "10")).ObservedGeneration; got != 2 {
		t.Errorf("base() returned the memo itself: a change to it stuck (%d)", got)
	}
	m.forget(client.ObjectKeyFromObject(cached("a", "10")))
	if got := m.base(cached("a", "10")).ObservedGeneration; got != 1 {
		t.Errorf("after forget, base().ObservedGeneration = %d, want 1", got)
	}
}
