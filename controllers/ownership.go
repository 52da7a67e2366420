package controllers

import (
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/internal/apply"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// ownedBy says a live object belongs to the instance: it carries the
// operator's labels for it, and no other controller owns it. Objects kept
// without owner reference (retained claims and keys) are adopted this way.
func ownedBy(in *resolve.Instance) apply.Ownership {
	return func(live client.Object) bool {
		l := live.GetLabels()
		if l[manifests.LabelManagedBy] != manifests.ManagedBy || l[manifests.LabelInstance] != in.Name {
			return false
		}
		for _, ref := range live.GetOwnerReferences() {
			if ref.Controller != nil && *ref.Controller && ref.UID != in.UID {
				return false
			}
		}
		return true
	}
}
