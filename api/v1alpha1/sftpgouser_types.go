package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// GroupType says what a user takes from a group.
// +kubebuilder:validation:Enum=Primary;Secondary;Membership
type GroupType string

// Group types: SFTPGo's 1, 2 and 3.
const (
	GroupTypePrimary    GroupType = "Primary"
	GroupTypeSecondary  GroupType = "Secondary"
	GroupTypeMembership GroupType = "Membership"
)

// UserGroup makes a user a member of an SFTPGo group.
type UserGroup struct {
	// Name of the group on the server: an SFTPGoGroup's spec.name (which
	// defaults to its metadata.name), or a group made another way. The
	// operator waits (reason WaitingForGroup) until it exists.
	// +required
	Name SFTPGoName `json:"name"`

	// Type of membership. Primary: the group's home directory and storage
	// (when it sets them) replace the user's, its permissions on "/" too,
	// its quotas, limits and other filters apply where the user sets none,
	// and the user adds its virtual folders, other permissions and list
	// filters; at most one group is Primary.
	// Secondary (the default): the user adds the group's virtual folders,
	// permissions on subdirectories and list filters (IPs, protocols, login
	// methods, file patterns). Membership: nothing is inherited; the group
	// only groups users (for event rules, admin views).
	// +kubebuilder:default=Secondary
	// +optional
	Type GroupType `json:"type,omitempty"`
}

// SFTPGoUserSpec is an SFTPGo user: who logs in, how, and what they may do.
// +kubebuilder:validation:XValidation:rule="!has(self.permissions) || '/' in self.permissions",message="spec.permissions must include \"/\", the home directory (SFTPGo refuses a user without it): add \"/\": [\"*\"] or the permissions for the home directory, or remove spec.permissions to grant \"/\": [\"*\"]",fieldPath=".permissions",reason=FieldValueRequired
// +kubebuilder:validation:XValidation:rule="!has(self.virtualFolders) || self.virtualFolders.all(f, f.virtualPath != '/')",message="spec.virtualFolders[].virtualPath must not be \"/\" for a user: a folder is mounted below the home directory. Choose a path such as /shared (to replace a user's root with a folder, use a primary SFTPGoGroup)",fieldPath=".virtualFolders",reason=FieldValueInvalid
type SFTPGoUserSpec struct {
	// Server is the SFTPGo server the user lives on: the name of an SFTPGo
	// resource in this namespace, or a connection Secret for a server this
	// operator does not run. It cannot change.
	// +required
	Server ServerReference `json:"server"`

	// Username the user logs in with. Unset: the resource's metadata.name.
	// It cannot change (SFTPGo keys users by name): to rename a user, create
	// a new resource. See SFTPGoName for the characters SFTPGo accepts;
	// "__self__" and "__system__" are reserved.
	// +kubebuilder:validation:XValidation:rule="!(self in ['__self__', '__system__'])",message="spec.username: __self__ and __system__ are reserved by SFTPGo (event rules use them): choose another username",reason=FieldValueInvalid
	// +optional
	Username SFTPGoName `json:"username,omitempty"`

	// Enabled lets the user log in (the default). A disabled user keeps its
	// files and settings.
	// +kubebuilder:default=true
	// +optional
	Enabled *bool `json:"enabled,omitempty"`

	// Description, for example the person's full name.
	// +kubebuilder:validation:MaxLength=512
	// +optional
	Description string `json:"description,omitempty"`

	// Email address of the user, for password resets and notifications.
	// +kubebuilder:validation:MaxLength=255
	// +kubebuilder:validation:XValidation:rule="self.matches('^[^@\\\\s]+@[^@\\\\s.]+([.][^@\\\\s.]+)+[.]?$')",message="spec.email must be an email address such as alice@example.com",reason=FieldValueInvalid
	// +optional
	Email string `json:"email,omitempty"`

	// AdditionalEmails of the user, for notifications.
	// +kubebuilder:validation:MaxItems=16
	// +kubebuilder:validation:items:MaxLength=255
	// +kubebuilder:validation:XValidation:rule="self.all(e, e.matches('^[^@\\\\s]+@[^@\\\\s.]+([.][^@\\\\s.]+)+[.]?$'))",message="spec.additionalEmails: every entry must be an email address such as alice@example.com",reason=FieldValueInvalid
	// +listType=set
	// +optional
	AdditionalEmails []string `json:"additionalEmails,omitempty"`

	// ExpirationDate is when the account stops accepting logins (RFC 3339,
	// such as 2030-12-31T23:59:59Z); unset: never.
	// +optional
	ExpirationDate *metav1.Time `json:"expirationDate,omitempty"`

	// PasswordSecret names the Secret key (default key `password`) with the
	// user's password: plain text, which SFTPGo hashes, or already hashed
	// in a format SFTPGo reads: bcrypt `$2a$`, `$argon2id$`,
	// `$pbkdf2-sha1$`, `$pbkdf2-sha256$`, `$pbkdf2-sha512$`,
	// `$pbkdf2-b64salt-sha256$`, md5crypt `$1$` and `$apr1$`, sha256crypt
	// `$5$`, sha512crypt `$6$`, `{MD5}`, `{SHA256}`, `{SHA512}` (yescrypt
	// `$y$` only on SFTPGo builds with unixcrypt). A value with any other
	// prefix is taken as plain text. The operator sends it when the Secret
	// changes; unset: the user has no password (or keeps the one set in
	// SFTPGo). A user may have no password and no key: it can still log in
	// with an SSH certificate, a TLS certificate or OpenID Connect.
	// +optional
	PasswordSecret *SecretKeyReference `json:"passwordSecret,omitempty"`

	// PublicKeys are the user's SSH public keys, one authorized_keys line
	// each, such as "ssh-ed25519 AAAA... alice@laptop". DSA keys and RSA
	// keys under 2048 bits are refused by SFTPGo.
	// +kubebuilder:validation:MaxItems=100
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=8192
	// +kubebuilder:validation:XValidation:rule="self.all(k, !k.contains('\\n') && !k.contains('\\r'))",message="spec.publicKeys: one key per entry, without line breaks: split the lines into separate entries",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="self.all(k, k.matches('(^|[ \\t])(ssh|ecdsa|sk)-[-a-z0-9@.]+[ \\t]+AAAA[A-Za-z0-9+/]+={0,3}([ \\t]|$)'))",message="spec.publicKeys: every entry must be an authorized_keys line: optional options, a key type such as ssh-ed25519, and the base64 key, such as \"ssh-ed25519 AAAAC3Nz... alice@laptop\"",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="!self.exists(k, k.matches('(^|[ \\t])ssh-dss(-cert-v01@openssh[.]com)?[ \\t]'))",message="spec.publicKeys: DSA keys (ssh-dss) are insecure and SFTPGo refuses them: use an ed25519, ecdsa or RSA (2048 bits or more) key",reason=FieldValueInvalid
	// +listType=set
	// +optional
	PublicKeys []string `json:"publicKeys,omitempty"`

	// PublicKeysSecret names the Secret key (default key `authorized_keys`)
	// with more public keys, one per line in authorized_keys format (blank
	// lines and lines starting with '#' are skipped). They are added to
	// publicKeys.
	// +optional
	PublicKeysSecret *SecretKeyReference `json:"publicKeysSecret,omitempty"`

	// Groups the user is a member of.
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:XValidation:rule="self.filter(g, has(g.type) && g.type == 'Primary').size() <= 1",message="spec.groups: at most one group can be Primary (SFTPGo allows one): make the others Secondary or Membership",reason=FieldValueInvalid
	// +listType=map
	// +listMapKey=name
	// +optional
	Groups []UserGroup `json:"groups,omitempty"`

	// Role of the user: an SFTPGo role name. Admins with a role see and
	// manage only the users of their role. The role must exist on the
	// server.
	// +optional
	Role SFTPGoName `json:"role,omitempty"`

	// AdditionalInfo is free text for other systems.
	// +kubebuilder:validation:MaxLength=4096
	// +optional
	AdditionalInfo string `json:"additionalInfo,omitempty"`

	// The user's settings: home directory, permissions, quotas, limits,
	// filters, storage and virtual folders.
	AccountSettings `json:",inline"`

	// DeletionPolicy is what deleting this resource does to the user on the
	// server: Delete (the default) deletes the account, Retain leaves it as
	// it is. SFTPGo never deletes the user's files.
	// +kubebuilder:default=Delete
	// +optional
	DeletionPolicy DeletionPolicy `json:"deletionPolicy,omitempty"`
}

// SFTPGoUser is a user of an SFTPGo server, managed through its REST API:
// the operator creates the user, puts back what the resource sets when it
// is changed elsewhere, and deletes it with the resource (deletionPolicy).
// It never takes over a user it did not create unless the resource is
// annotated sftpgo.operator.dev/adopt: "true".
// +kubebuilder:validation:XValidation:rule="(has(self.spec.username) ? self.spec.username : self.metadata.name) == (has(oldSelf.spec.username) ? oldSelf.spec.username : oldSelf.metadata.name)",message="spec.username cannot change: SFTPGo keys a user by its name. To rename the user, create a new SFTPGoUser with the new username (and delete this one); leave spec.username as it was",fieldPath=".spec.username",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="has(self.spec.username) || !self.metadata.name.matches('^(con|prn|aux|nul|com[1-9]|lpt[1-9])([.]|$)')",message="SFTPGo refuses Windows device names (con, prn, aux, nul, com1-9, lpt1-9) as usernames: set spec.username, or choose another metadata.name",fieldPath=".spec.username",reason=FieldValueRequired
// +kubebuilder:object:root=true
// +kubebuilder:resource:path=sftpgousers,singular=sftpgouser,scope=Namespaced,categories=sftpgo-accounts
// +kubebuilder:subresource:status
// +kubebuilder:printcolumn:name="Ready",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].status`
// +kubebuilder:printcolumn:name="Reason",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].reason`
// +kubebuilder:printcolumn:name="Server",type=string,JSONPath=`.spec.server.name`,description="The SFTPGo resource the user lives on (empty with a connection Secret)"
// +kubebuilder:printcolumn:name="Username",type=string,JSONPath=`.spec.username`,description="spec.username; empty: the same as the resource's name"
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
type SFTPGoUser struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// +required
	Spec SFTPGoUserSpec `json:"spec"`
	// +optional
	Status AccountStatus `json:"status,omitempty"`
}

// AccountName is the username on the server: spec.username, or
// metadata.name when it is unset.
func (u *SFTPGoUser) AccountName() string {
	if u.Spec.Username != "" {
		return string(u.Spec.Username)
	}
	return u.Name
}

// SFTPGoUserList is a list of SFTPGoUser.
// +kubebuilder:object:root=true
type SFTPGoUserList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []SFTPGoUser `json:"items"`
}
