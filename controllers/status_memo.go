package controllers

import (
	"sync"

	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// statusMemo remembers, per SFTPGo, the status the operator last wrote and
// the resourceVersion it was written over. Until the cache shows that
// write, a reconcile starts from it instead of the stale cached status:
// the burst of events that follows a create would otherwise write the same
// status (and announce the same findings) twice.
type statusMemo struct{ written sync.Map } // types.NamespacedName -> writtenStatus

type writtenStatus struct {
	uid    types.UID
	over   string
	status v1alpha1.SFTPGoStatus
}

// base returns the status to start from for the cached s: the one last
// written over its resourceVersion, else its own.
func (m *statusMemo) base(s *v1alpha1.SFTPGo) *v1alpha1.SFTPGoStatus {
	if w, ok := m.written.Load(client.ObjectKeyFromObject(s)); ok {
		if w := w.(writtenStatus); w.uid == s.UID && w.over == s.ResourceVersion {
			return w.status.DeepCopy()
		}
	}
	return &s.Status
}

// store records status, written over the cached s.
func (m *statusMemo) store(s *v1alpha1.SFTPGo, over string, status *v1alpha1.SFTPGoStatus) {
	m.written.Store(client.ObjectKeyFromObject(s), writtenStatus{uid: s.UID, over: over, status: *status.DeepCopy()})
}

// forget drops what is known of a deleted SFTPGo.
func (m *statusMemo) forget(key types.NamespacedName) { m.written.Delete(key) }
