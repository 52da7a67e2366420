package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// SFTPGoGroupSpec is an SFTPGo group: settings its members inherit.
type SFTPGoGroupSpec struct {
	// Server is the SFTPGo server the group lives on: the name of an SFTPGo
	// resource in this namespace, or a connection Secret for a server this
	// operator does not run. It cannot change.
	// +required
	Server ServerReference `json:"server"`

	// Name of the group on the server, which users name in spec.groups.
	// Unset: the resource's metadata.name. It cannot change: to rename a
	// group, create a new resource. See SFTPGoName for the characters
	// SFTPGo accepts.
	// +optional
	Name SFTPGoName `json:"name,omitempty"`

	// Description of the group.
	// +kubebuilder:validation:MaxLength=512
	// +optional
	Description string `json:"description,omitempty"`

	// ExpiresInDays makes users created from this group (as their primary
	// group, for example by an admin in the WebAdmin) expire this many days
	// after their creation; 0 or unset: never. Users the operator creates
	// take their expiration from their own spec.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=36500
	// +optional
	ExpiresInDays int32 `json:"expiresInDays,omitempty"`

	// The settings members inherit (SFTPGo's user_settings, and the
	// group's virtual folders). Unlike a user's, permissions need no entry
	// for "/". For members whose primary group this is, the home directory,
	// the storage (unless Local) and the permissions on "/" replace theirs,
	// and quotas, limits and other filters apply where they set none.
	// Paths may use the placeholder %username%, such as
	// /srv/sftpgo/data/teams/%username%.
	AccountSettings `json:",inline"`

	// DeletionPolicy is what deleting this resource does to the group on
	// the server: Delete (the default) deletes the group (SFTPGo refuses
	// while users are members: the resource then stays until they leave),
	// Retain leaves it as it is.
	// +kubebuilder:default=Delete
	// +optional
	DeletionPolicy DeletionPolicy `json:"deletionPolicy,omitempty"`
}

// SFTPGoGroup is a group of an SFTPGo server, managed through its REST API.
// Users join it in their spec.groups and inherit its settings. The
// operator never takes over a group it did not create unless the resource
// is annotated sftpgo.operator.dev/adopt: "true".
// +kubebuilder:validation:XValidation:rule="(has(self.spec.name) ? self.spec.name : self.metadata.name) == (has(oldSelf.spec.name) ? oldSelf.spec.name : oldSelf.metadata.name)",message="spec.name cannot change: SFTPGo keys a group by its name and users name it. To rename the group, create a new SFTPGoGroup with the new name, move the users to it, and delete this one; leave spec.name as it was",fieldPath=".spec.name",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="has(self.spec.name) || !self.metadata.name.matches('^(con|prn|aux|nul|com[1-9]|lpt[1-9])([.]|$)')",message="SFTPGo refuses Windows device names (con, prn, aux, nul, com1-9, lpt1-9) as group names: set spec.name, or choose another metadata.name",fieldPath=".spec.name",reason=FieldValueRequired
// +kubebuilder:object:root=true
// +kubebuilder:resource:path=sftpgogroups,singular=sftpgogroup,scope=Namespaced,categories=sftpgo-accounts
// +kubebuilder:subresource:status
// +kubebuilder:printcolumn:name="Ready",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].status`
// +kubebuilder:printcolumn:name="Reason",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].reason`
// +kubebuilder:printcolumn:name="Server",type=string,JSONPath=`.spec.server.name`,description="The SFTPGo resource the group lives on (empty with a connection Secret)"
// +kubebuilder:printcolumn:name="Group",type=string,JSONPath=`.spec.name`,description="spec.name; empty: the same as the resource's name"
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
type SFTPGoGroup struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// +required
	Spec SFTPGoGroupSpec `json:"spec"`
	// +optional
	Status AccountStatus `json:"status,omitempty"`
}

// AccountName is the group's name on the server: spec.name, or
// metadata.name when it is unset.
func (g *SFTPGoGroup) AccountName() string {
	if g.Spec.Name != "" {
		return string(g.Spec.Name)
	}
	return g.Name
}

// SFTPGoGroupList is a list of SFTPGoGroup.
// +kubebuilder:object:root=true
type SFTPGoGroupList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []SFTPGoGroup `json:"items"`
}
