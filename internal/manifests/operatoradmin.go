package manifests

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// ComponentOperatorAdmin labels the Secret of the operator's own SFTPGo
// admin, which account resources (SFTPGoUser, ...) are applied with.
const ComponentOperatorAdmin = "operator-admin"

// OperatorAdminUsername is the SFTPGo admin the operator creates in every
// SFTPGo it runs. The name is reserved: SFTPGo restores this admin from
// the Secret at every pod start.
const OperatorAdminUsername = "sftpgo-operator"

// OperatorAdminDescription is what the web UI shows for that admin.
const OperatorAdminDescription = "Managed by sftpgo-operator for SFTPGoUser, SFTPGoGroup, SFTPGoFolder and SFTPGoAdmin resources; restored from the Secret at every pod start"

// OperatorAdminSecretName names the Secret of the operator's admin.
func OperatorAdminSecretName(in *resolve.Instance) string { return in.Name + "-operator-admin" }

// OperatorAdminSecret holds the operator admin's credentials and the dump
// the pods load it from (keys.OperatorAdmin makes the data, once).
func OperatorAdminSecret(in *resolve.Instance, data map[string][]byte) *corev1.Secret {
	return &corev1.Secret{
		TypeMeta:   typeMeta("v1", "Secret"),
		ObjectMeta: objectMeta(in, OperatorAdminSecretName(in), ComponentOperatorAdmin),
		Type:       corev1.SecretTypeOpaque,
		Data:       data,
	}
}
