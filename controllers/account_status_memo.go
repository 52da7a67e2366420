package controllers

import (
	"strconv"
	"sync"

	"k8s.io/apimachinery/pkg/types"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/accounts"
)

// accountStatusMemo remembers the status each account resource was last
// given and the resourceVersion that write produced. Until the cache
// shows that version, a reconcile starts from the remembered status: from
// the stale one it would take status.secretsVersion for old, send the
// password again and end the user's sessions for nothing.
type accountStatusMemo struct{ written sync.Map } // types.UID -> writtenAccountStatus

type writtenAccountStatus struct {
	version uint64
	status  v1alpha1.AccountStatus
}

// apply replaces res's status with the remembered one while the cache is
// older than the write.
func (m *accountStatusMemo) apply(res accounts.Resource) {
	w, ok := m.written.Load(res.GetUID())
	if !ok {
		return
	}
	written := w.(writtenAccountStatus)
	// etcd resourceVersions are increasing integers; anything else leaves
	// the cached status as it is.
	if cached, err := strconv.ParseUint(res.GetResourceVersion(), 10, 64); err == nil && cached < written.version {
		*res.AccountStatus() = *written.status.DeepCopy()
		return
	}
	m.written.Delete(res.GetUID())
}

// store records the status written to res, whose resourceVersion is now
// the write's.
func (m *accountStatusMemo) store(res accounts.Resource) {
	if v, err := strconv.ParseUint(res.GetResourceVersion(), 10, 64); err == nil {
		m.written.Store(res.GetUID(), writtenAccountStatus{version: v, status: *res.AccountStatus().DeepCopy()})
	}
}

// forget drops what is known of a deleted resource.
func (m *accountStatusMemo) forget(uid types.UID) { m.written.Delete(uid) }
