package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// AdminPermission is what an SFTPGo admin may do, as SFTPGo names it.
// +kubebuilder:validation:Enum="*";add_users;edit_users;del_users;view_users;view_conns;close_conns;view_status;manage_groups;manage_folders;quota_scans;manage_defender;view_defender;view_events;disable_mfa
type AdminPermission string

// Admin permissions. `*` makes a super admin, who may do everything,
// including managing admins, roles, API keys, event rules and settings.
const (
	AdminPermissionAll              AdminPermission = "*"
	AdminPermissionAddUsers         AdminPermission = "add_users"
	AdminPermissionEditUsers        AdminPermission = "edit_users"
	AdminPermissionDeleteUsers      AdminPermission = "del_users"
	AdminPermissionViewUsers        AdminPermission = "view_users"
	AdminPermissionViewConnections  AdminPermission = "view_conns"
	AdminPermissionCloseConnections AdminPermission = "close_conns"
	AdminPermissionViewStatus       AdminPermission = "view_status"
	AdminPermissionManageGroups     AdminPermission = "manage_groups"
	AdminPermissionManageFolders    AdminPermission = "manage_folders"
	AdminPermissionQuotaScans       AdminPermission = "quota_scans"
	AdminPermissionManageDefender   AdminPermission = "manage_defender"
	AdminPermissionViewDefender     AdminPermission = "view_defender"
	AdminPermissionViewEvents       AdminPermission = "view_events"
	AdminPermissionDisableMFA       AdminPermission = "disable_mfa"
)

// AdminGroupAddToUsersAs says how the WebAdmin adds an admin's group to
// the users that admin creates.
// +kubebuilder:validation:Enum=Membership;Primary;Secondary
type AdminGroupAddToUsersAs string

// AdminGroup is a group the WebAdmin adds to the users an admin creates.
type AdminGroup struct {
	// Name of the group on the server.
	// +required
	Name SFTPGoName `json:"name"`

	// AddToUsersAs: the type of membership new users get, Membership (the
	// default), Primary or Secondary. At most one group is Primary.
	// +kubebuilder:default=Membership
	// +optional
	AddToUsersAs AdminGroupAddToUsersAs `json:"addToUsersAs,omitempty"`
}

// SFTPGoAdminSpec is an SFTPGo admin: who logs in to the WebAdmin and the
// admin REST API, and what they may do there.
// +kubebuilder:validation:XValidation:rule="!has(self.role) || !('*' in self.permissions)",message="spec.permissions: an admin with a role cannot be a super admin (\"*\"): list the permissions the role's admin needs, such as [add_users, edit_users, view_users], or remove spec.role",fieldPath=".permissions",reason=FieldValueInvalid
type SFTPGoAdminSpec struct {
	// Server is the SFTPGo server the admin lives on: the name of an
	// SFTPGo resource in this namespace, or a connection Secret for a server
	// this operator does not run (its admin must be a super admin to manage
	// admins). It cannot change.
	// +required
	Server ServerReference `json:"server"`

	// Username the admin logs in with. Unset: the resource's metadata.name.
	// It cannot change: to rename an admin, create a new resource. See
	// SFTPGoName for the characters SFTPGo accepts; "__self__" and
	// "__system__" are reserved.
	// +kubebuilder:validation:XValidation:rule="!(self in ['__self__', '__system__'])",message="spec.username: __self__ and __system__ are reserved by SFTPGo (event rules use them): choose another username",reason=FieldValueInvalid
	// +optional
	Username SFTPGoName `json:"username,omitempty"`

	// Enabled lets the admin log in (the default).
	// +kubebuilder:default=true
	// +optional
	Enabled *bool `json:"enabled,omitempty"`

	// Description, for example the person's full name.
	// +kubebuilder:validation:MaxLength=512
	// +optional
	Description string `json:"description,omitempty"`

	// Email address of the admin, for password resets.
	// +kubebuilder:validation:MaxLength=255
	// +kubebuilder:validation:XValidation:rule="self.matches('^[^@\\\\s]+@[^@\\\\s.]+([.][^@\\\\s.]+)+[.]?$')",message="spec.email must be an email address such as admin@example.com",reason=FieldValueInvalid
	// +optional
	Email string `json:"email,omitempty"`

	// PasswordSecret names the Secret key (default key `password`) with the
	// admin's password: plain text (leading and trailing white space is
	// removed), which SFTPGo hashes, or a bcrypt hash with the prefix
	// `$2a$` or an `$argon2id$` hash. SFTPGo takes any other value as plain
	// text, so the operator refuses (reason SecretInvalid) the bcrypt
	// variants `$2b$` and `$2y$` (htpasswd -B): SFTPGo would hash the hash
	// and the admin could not log in. Rewrite such a hash with the prefix
	// `$2a$` (the same hash for bcrypt). The operator sends it when the
	// Secret changes.
	// +required
	PasswordSecret SecretKeyReference `json:"passwordSecret"`

	// Permissions of the admin. "*" makes a super admin, who may do
	// everything (including managing other admins); otherwise list what
	// the admin may do: add_users, edit_users, del_users, view_users,
	// view_conns, close_conns, view_status, manage_groups, manage_folders,
	// quota_scans, manage_defender, view_defender, view_events,
	// disable_mfa. Required, with no default, so that no admin becomes a
	// super admin by omission.
	// +required
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=15
	// +kubebuilder:validation:XValidation:rule="!('*' in self) || size(self) == 1",message="spec.permissions: \"*\" grants every permission and stands alone: list either [\"*\"] or the single permissions",reason=FieldValueInvalid
	// +listType=set
	Permissions []AdminPermission `json:"permissions"`

	// Role of the admin: an SFTPGo role name. An admin with a role sees and
	// manages only the users of that role, and the users it creates get
	// that role; it cannot be a super admin. The role must exist on the
	// server.
	// +optional
	Role SFTPGoName `json:"role,omitempty"`

	// AllowedIPs, when set, are the only networks the admin may log in
	// from, each a CIDR such as 192.0.2.0/24 or 2001:db8::/32 (one address
	// is 192.0.2.7/32).
	// +kubebuilder:validation:MaxItems=100
	// +kubebuilder:validation:items:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="self.all(c, isCIDR(c))",messageExpression="'spec.allowedIPs: ' + self.filter(c, !isCIDR(c))[0] + ' is not a CIDR: write a network such as 192.0.2.0/24, or one address as 192.0.2.7/32'",message="spec.allowedIPs: every entry must be a CIDR such as 192.0.2.0/24 (one address: 192.0.2.7/32)",reason=FieldValueInvalid
	// +listType=set
	// +optional
	AllowedIPs []string `json:"allowedIPs,omitempty"`

	// AllowAPIKeyAuth lets API keys act as this admin (REST API).
	// +optional
	AllowAPIKeyAuth bool `json:"allowAPIKeyAuth,omitempty"`

	// RequireTwoFactor makes the admin set up two-factor authentication at
	// the next WebAdmin login before doing anything else.
	// +optional
	RequireTwoFactor bool `json:"requireTwoFactor,omitempty"`

	// Groups the WebAdmin adds to the users this admin creates.
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:XValidation:rule="self.filter(g, has(g.addToUsersAs) && g.addToUsersAs == 'Primary').size() <= 1",message="spec.groups: at most one group can be added as Primary: make the others Secondary or Membership",reason=FieldValueInvalid
	// +listType=map
	// +listMapKey=name
	// +optional
	Groups []AdminGroup `json:"groups,omitempty"`

	// DeletionPolicy is what deleting this resource does to the admin on
	// the server: Delete (the default) deletes the admin, Retain leaves it
	// as it is.
	// +kubebuilder:default=Delete
	// +optional
	DeletionPolicy DeletionPolicy `json:"deletionPolicy,omitempty"`
}

// SFTPGoAdmin is an admin of an SFTPGo server (WebAdmin and admin REST
// API), managed through its REST API. The operator never takes over an
// admin it did not create unless the resource is annotated
// sftpgo.operator.dev/adopt: "true", and it never changes or deletes the
// admin it uses itself.
// +kubebuilder:validation:XValidation:rule="(has(self.spec.username) ? self.spec.username : self.metadata.name) == (has(oldSelf.spec.username) ? oldSelf.spec.username : oldSelf.metadata.name)",message="spec.username cannot change: SFTPGo keys an admin by its name. To rename the admin, create a new SFTPGoAdmin with the new username (and delete this one); leave spec.username as it was",fieldPath=".spec.username",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="has(self.spec.username) || !self.metadata.name.matches('^(con|prn|aux|nul|com[1-9]|lpt[1-9])([.]|$)')",message="SFTPGo refuses Windows device names (con, prn, aux, nul, com1-9, lpt1-9) as usernames: set spec.username, or choose another metadata.name",fieldPath=".spec.username",reason=FieldValueRequired
// +kubebuilder:object:root=true
// +kubebuilder:resource:path=sftpgoadmins,singular=sftpgoadmin,scope=Namespaced,categories=sftpgo-accounts
// +kubebuilder:subresource:status
// +kubebuilder:printcolumn:name="Ready",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].status`
// +kubebuilder:printcolumn:name="Reason",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].reason`
// +kubebuilder:printcolumn:name="Server",type=string,JSONPath=`.spec.server.name`,description="The SFTPGo resource the admin lives on (empty with a connection Secret)"
// +kubebuilder:printcolumn:name="Username",type=string,JSONPath=`.spec.username`,description="spec.username; empty: the same as the resource's name"
// +kubebuilder:printcolumn:name="Role",type=string,JSONPath=`.spec.role`,priority=1
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
type SFTPGoAdmin struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// +required
	Spec SFTPGoAdminSpec `json:"spec"`
	// +optional
	Status AccountStatus `json:"status,omitempty"`
}

// AccountName is the admin's username on the server: spec.username, or
// metadata.name when it is unset.
func (a *SFTPGoAdmin) AccountName() string {
	if a.Spec.Username != "" {
		return string(a.Spec.Username)
	}
	return a.Name
}

// SFTPGoAdminList is a list of SFTPGoAdmin.
// +kubebuilder:object:root=true
type SFTPGoAdminList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []SFTPGoAdmin `json:"items"`
}
