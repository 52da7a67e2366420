package manifests

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

// ConfigMap holds the rendered sftpgo.json.
func ConfigMap(in *resolve.Instance, sftpgoJSON []byte) *corev1.ConfigMap {
	return &corev1.ConfigMap{
		TypeMeta:   typeMeta("v1", "ConfigMap"),
		ObjectMeta: objectMeta(in, ConfigMapName(in), ComponentConfig),
		Data:       map[string]string{sftpgoconfig.ConfigFileName: string(sftpgoJSON)},
	}
}

// KeysSecret holds the host keys and signing passphrase made by keys.Generate.
func KeysSecret(in *resolve.Instance, data map[string][]byte) *corev1.Secret {
	return &corev1.Secret{
		TypeMeta:   typeMeta("v1", "Secret"),
		ObjectMeta: objectMeta(in, KeysSecretName(in), ComponentKeys),
		Type:       corev1.SecretTypeOpaque,
		Data:       data,
	}
}

// Keys of the admin credentials Secret.
const (
	AdminUsernameKey = resolve.AdminUsernameKey
	AdminPasswordKey = resolve.AdminPasswordKey
	DefaultAdminName = "admin"
)

// AdminSecret holds the first admin's credentials; nil when the spec names
// its own Secret.
func AdminSecret(in *resolve.Instance, password string) *corev1.Secret {
	if !in.GeneratesAdminSecret {
		return nil
	}
	return &corev1.Secret{
		TypeMeta:   typeMeta("v1", "Secret"),
		ObjectMeta: objectMeta(in, in.AdminCredentials.Name, ComponentAdmin),
		Type:       corev1.SecretTypeBasicAuth,
		Data:       map[string][]byte{AdminUsernameKey: []byte(DefaultAdminName), AdminPasswordKey: []byte(password)},
	}
}
