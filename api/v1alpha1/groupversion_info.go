// Package v1alpha1 contains the SFTPGo API of group sftpgo.operator.dev.
//
// The API follows three conventions, so that a field's shape says what it
// is (README.md, section "API conventions"; new fields follow them too):
//
//   - Something the operator runs or creates that is on or off (a listener,
//     a part of the web UI, a volume, an object such as the NetworkPolicy)
//     is an object with a boolean `enabled`, next to that thing's settings:
//     a *bool with a +kubebuilder:default=true marker when it is on by
//     default, a plain bool when it is off by default. Never an
//     Enabled/Disabled enum. Examples: sftp.enabled, web.admin.enabled,
//     storage.data.enabled, security.networkPolicy.enabled.
//   - A policy with named choices is a string enum of PascalCase values with
//     a default, even when it has two choices: expose.tls.termination,
//     security.tokenIPBinding (Enforced|Disabled),
//     security.proxyProtocol.mode, storage.retentionPolicy (Retain|Delete).
//     Values SFTPGo or Kubernetes name themselves keep their names
//     (dataProvider.driver, dataProvider.sslMode, storage access modes).
//     An enum has no empty value: the default is written out.
//   - A yes/no option of a behaviour, which is no part of its own, is a
//     plain boolean named after what it does, false by default:
//     security.revokeTokensOnAccountChange.
//
// Every Secret the spec names is a SecretReference ({name}), or, when the
// operator reads keys from it, a type that embeds SecretReference inline
// and adds the key names with their defaults (CredentialsSecretReference:
// {name, usernameKey, passwordKey}). The field is named after what the
// Secret holds (adminCredentialsSecret, credentialsSecret,
// certificateSecret) and is optional: unset means none (or a generated one).
// +kubebuilder:object:generate=true
// +groupName=sftpgo.operator.dev
package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

var (
	// GroupVersion is the group and version of the SFTPGo API.
	GroupVersion = schema.GroupVersion{Group: "sftpgo.operator.dev", Version: "v1alpha1"}

	schemeBuilder = runtime.NewSchemeBuilder(addKnownTypes)

	// AddToScheme adds the API types to a scheme.
	AddToScheme = schemeBuilder.AddToScheme
)

func addKnownTypes(s *runtime.Scheme) error {
	s.AddKnownTypes(GroupVersion,
		&SFTPGo{}, &SFTPGoList{},
		&SFTPGoUser{}, &SFTPGoUserList{},
		&SFTPGoGroup{}, &SFTPGoGroupList{},
		&SFTPGoFolder{}, &SFTPGoFolderList{},
		&SFTPGoAdmin{}, &SFTPGoAdminList{},
	)
	metav1.AddToGroupVersion(s, GroupVersion)
	return nil
}
