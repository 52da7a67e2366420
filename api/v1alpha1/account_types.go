package v1alpha1

import (
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The account kinds (SFTPGoUser, SFTPGoGroup, SFTPGoFolder, SFTPGoAdmin)
// each mirror one SFTPGo REST object. This file holds what they share: the
// server reference, Secret key references, the deletion policy, the status,
// and the user settings that users have and groups pass on to their members.
//
// Sizes are quantities in bytes (10Gi, 500M, 1.5Gi); the operator converts
// them to the unit SFTPGo stores, as each field says, rounding up (a fraction
// of a byte, such as 100m, counts as a whole byte). Secrets are never inline:
// every secret value is read from a Secret key (SecretKeyReference).

// AnnotationAdopt set to "true" on an account resource lets the operator
// take over an account of the same name that already exists on the server
// and that no resource created: until then the resource reports Ready=False
// with reason Conflict, and the account is left alone. The operator never
// takes over an account another resource owns.
const AnnotationAdopt = "sftpgo.operator.dev/adopt"

// Keys of the connection Secret that spec.server.connectionSecret names.
const (
	// ConnectionSecretURLKey holds the base URL of the SFTPGo web port,
	// such as https://files.example.com (the operator appends /api/v2).
	ConnectionSecretURLKey = "url"
	// ConnectionSecretUsernameKey holds the admin the operator acts as.
	ConnectionSecretUsernameKey = "username"
	// ConnectionSecretPasswordKey holds that admin's password.
	ConnectionSecretPasswordKey = "password"
	// ConnectionSecretAPIKeyKey holds an SFTPGo API key, used instead of
	// username and password when present.
	ConnectionSecretAPIKeyKey = "apiKey"
	// ConnectionSecretCAKey holds the PEM CA bundle that signs the server's
	// certificate, when it is not signed by a public CA.
	ConnectionSecretCAKey = "ca.crt"
)

// Default keys of the SecretKeyReference fields, read when the reference
// names no key.
const (
	DefaultPasswordKey         = "password"
	DefaultAuthorizedKeysKey   = "authorized_keys"
	DefaultS3AccessSecretKey   = "accessSecret"
	DefaultS3SSECustomerKeyKey = "sseCustomerKey"
	DefaultGCSCredentialsKey   = "credentials.json"
	DefaultAzureAccountKeyKey  = "accountKey"
	DefaultAzureSASURLKey      = "sasURL"
	DefaultPassphraseKey       = "passphrase"
)

// SFTPGoName is the name of an SFTPGo account, group, folder or role as
// SFTPGo accepts it under every naming rule: 1 to 255 bytes, no '/', '\',
// ':', '*', '?', '"', '<', '>', '|', no control or invisible characters, no
// leading or trailing white space, no trailing '.', and no Windows device
// name (CON, PRN, AUX, NUL, COM1-9, LPT1-9, alone or before a '.'). SFTPGo's
// default naming rules (data_provider.naming_rules 5) accept any other
// character, such as '@' in alice@example.com. A server configured without
// naming rule 1 accepts only a-z, A-Z, 0-9, '-', '_', '.' and '~', and one
// with rule 2 stores names in lowercase: on such a server, use only those
// characters, in lowercase.
// +kubebuilder:validation:MinLength=1
// +kubebuilder:validation:MaxLength=255
// +kubebuilder:validation:XValidation:rule=`!self.matches('[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}/\\\\:*?"<>|]')`,message=`must be a name SFTPGo accepts: no '/', '\', ':', '*', '?', '"', '<', '>', '|' and no control or invisible characters. Choose another name`,reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="self == self.trim() && !self.endsWith('.')",message="must be a name SFTPGo accepts: no leading or trailing white space (SFTPGo trims it) and no trailing '.'. Choose another name",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="!self.matches('^(?i)(con|prn|aux|nul|com[1-9]|lpt[1-9])([.]|$)')",message="must be a name SFTPGo accepts: not a Windows device name (CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9), alone or before a '.'. Choose another name",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="size(bytes(self)) <= 255",message="must be a name SFTPGo accepts: at most 255 bytes in UTF-8. Choose a shorter name",reason=FieldValueInvalid
type SFTPGoName string

// ServerReference names the SFTPGo server an account lives on: exactly one
// of name (an SFTPGo this operator runs, in this namespace) and
// connectionSecret (any SFTPGo server, reached with the credentials of a
// Secret in this namespace). It cannot change: an account stays on the
// server it was created on.
// +kubebuilder:validation:XValidation:rule="has(self.name) != has(self.connectionSecret)",message="spec.server takes exactly one of name (an SFTPGo resource in this namespace) and connectionSecret (a Secret in this namespace with url, username and password or apiKey, for a server this operator does not run): set one of them",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="self == oldSelf",message="spec.server cannot change: an account stays on the server it was created on. To move the account to another server, create a new resource for it there (and delete this one)",reason=FieldValueInvalid
type ServerReference struct {
	// Name of an SFTPGo resource in this namespace. The operator manages the
	// account through that server's REST API, with the admin it keeps on it.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=56
	// +kubebuilder:validation:XValidation:rule="self.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')",message="spec.server.name must be the name of an SFTPGo resource in this namespace: a DNS-1035 label of at most 56 characters (lowercase letters, digits and '-', starting with a letter)",reason=FieldValueInvalid
	// +optional
	Name string `json:"name,omitempty"`

	// ConnectionSecret names a Secret in this namespace that says how to
	// reach an SFTPGo server this operator does not run: key `url` (the
	// base URL of its web port, such as https://files.example.com), key
	// `username` with `password` (an admin without two-factor
	// authentication) or key `apiKey` (an API key whose admin allows API key
	// authentication), and optionally `ca.crt` (the PEM CA bundle of the
	// server's certificate). The admin needs the permissions the account
	// kinds use (add, edit, delete and view users; manage groups and
	// folders; "*" to manage admins).
	// +optional
	ConnectionSecret *SecretReference `json:"connectionSecret,omitempty"`
}

// SecretKeyReference names a key of a Secret in this namespace that holds
// one secret value: a password, a key, a token. The operator reads it and
// sends it to SFTPGo; the value never appears in the resource, its status,
// events or logs. A change of the value is sent to SFTPGo at the next
// reconciliation.
type SecretKeyReference struct {
	SecretReference `json:",inline"`

	// Key of the Secret that holds the value. When empty, the key the field
	// names as its default (for example `password` for passwordSecret).
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:XValidation:rule="self.matches('^[-._a-zA-Z0-9]+$') && self != '.' && self != '..'",message="key must be a Secret key: letters, digits, '-', '_' and '.', not '.' or '..'",reason=FieldValueInvalid
	// +optional
	Key string `json:"key,omitempty"`
}

// KeyOrDefault is the key r names, or def when it names none.
func (r *SecretKeyReference) KeyOrDefault(def string) string {
	if r == nil || r.Key == "" {
		return def
	}
	return r.Key
}

// DeletionPolicy says what deleting an account resource does to the
// account on the server.
// +kubebuilder:validation:Enum=Delete;Retain
type DeletionPolicy string

// Deletion policies.
const (
	DeletionPolicyDelete DeletionPolicy = "Delete"
	DeletionPolicyRetain DeletionPolicy = "Retain"
)

// AccountStatus is what the operator observed and did for an account.
type AccountStatus struct {
	// ObservedGeneration is the generation of the spec the status describes.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`

	// Conditions: Ready is True (reason Synced) when the account on the
	// server matches the spec; otherwise its reason says why not:
	// ServerNotFound, ServerNotReady, Unreachable, Unauthorized, Conflict,
	// WaitingForGroup, WaitingForFolder, SecretMissing, SecretIncomplete,
	// SecretInvalid or Rejected, and its message what to do.
	// +listType=map
	// +listMapKey=type
	// +optional
	Conditions []metav1.Condition `json:"conditions,omitempty"`

	// ID is SFTPGo's numeric id of the account this resource created or
	// adopted. With the ownership marker the operator keeps on the account,
	// it proves that the account on the server is this resource's: an
	// account of the same name with another id is someone else's (reason
	// Conflict).
	// +optional
	ID int64 `json:"id,omitempty"`

	// SecretsVersion is an opaque fingerprint of the uid and
	// resourceVersion of the Secrets whose values were last sent to SFTPGo
	// (never of the values): SFTPGo does not return passwords or keys, so
	// this is how the operator knows whether they must be sent again.
	// +kubebuilder:validation:MaxLength=256
	// +optional
	SecretsVersion string `json:"secretsVersion,omitempty"`
}

// Permission is what a user may do in a directory, as SFTPGo names it.
// +kubebuilder:validation:Enum="*";list;download;upload;overwrite;delete;delete_files;delete_dirs;rename;rename_files;rename_dirs;create_dirs;create_symlinks;chmod;chown;chtimes;copy
type Permission string

// Permissions. `*` grants all of them.
const (
	PermissionAll            Permission = "*"
	PermissionListItems      Permission = "list"
	PermissionDownload       Permission = "download"
	PermissionUpload         Permission = "upload"
	PermissionOverwrite      Permission = "overwrite"
	PermissionDelete         Permission = "delete"
	PermissionDeleteFiles    Permission = "delete_files"
	PermissionDeleteDirs     Permission = "delete_dirs"
	PermissionRename         Permission = "rename"
	PermissionRenameFiles    Permission = "rename_files"
	PermissionRenameDirs     Permission = "rename_dirs"
	PermissionCreateDirs     Permission = "create_dirs"
	PermissionCreateSymlinks Permission = "create_symlinks"
	PermissionChmod          Permission = "chmod"
	PermissionChown          Permission = "chown"
	PermissionChtimes        Permission = "chtimes"
	PermissionCopy           Permission = "copy"
)

// PermissionList is the permissions granted in one directory. `*` stands
// alone: it already grants everything.
// +kubebuilder:validation:MaxItems=17
// +kubebuilder:validation:XValidation:rule="!('*' in self) || size(self) == 1",message="'*' grants every permission and stands alone: list either [\"*\"] or the single permissions",reason=FieldValueInvalid
// +listType=set
type PermissionList []Permission

// AccountSettings are the settings of a user. A group carries the same
// settings for its members (SFTPGo's user_settings): for a member whose
// primary group it is, the group's home directory and storage (when set,
// and not Local) replace the member's, and its quotas, limits and other
// filters apply where the member sets none; every member except
// membership-only ones adds the group's virtual folders, permissions (except
// on "/", which only a primary group sets), IP filters and other list
// filters to its own.
// In a group, SFTPGo replaces the placeholder %username% in paths with the
// member's username.
type AccountSettings struct {
	// HomeDir is the absolute path, inside the SFTPGo pod, of the account's
	// home directory: with local storage, where its files are; with cloud
	// storage, a local directory for temporary files. When unset, SFTPGo
	// uses its users_base_dir and the username (/srv/sftpgo/data/<username>
	// on an SFTPGo this operator runs). Write it clean: no trailing '/', no
	// '.' or '..' segments.
	// +kubebuilder:validation:MaxLength=1024
	// +kubebuilder:validation:XValidation:rule="self == '/' || (self.startsWith('/') && !self.endsWith('/') && !self.contains('//') && !self.split('/').exists(s, s == '.' || s == '..'))",message="spec.homeDir must be a clean absolute path such as /srv/sftpgo/data/alice: starting with '/', without a trailing '/', '//' or '.' and '..' segments",reason=FieldValueInvalid
	// +optional
	HomeDir string `json:"homeDir,omitempty"`

	// Permissions maps a directory (a path as the account sees it, "/" for
	// its home directory) to what the account may do there; a directory
	// without its own entry takes its parent's. A user's map must include
	// "/"; when a user sets none, the operator grants {"/": ["*"]}. A
	// group's entry for "/" only applies to members whose primary group it
	// is; its other entries are added to every member's (except
	// membership-only ones) where the member has none for that path. An
	// empty list on a subdirectory denies everything there.
	// +kubebuilder:validation:MaxProperties=64
	// +kubebuilder:validation:XValidation:rule="self.all(p, p == '/' || (p.startsWith('/') && !p.endsWith('/') && !p.contains('//') && !p.contains('/./') && !p.endsWith('/.') && !p.contains('/../') && !p.endsWith('/..')))",message="spec.permissions: every key must be a clean absolute path, such as / or /uploads: starting with '/', without a trailing '/', '//' or '.' and '..' segments",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="!('/' in self) || size(self['/']) > 0",message="spec.permissions: the list for \"/\" must not be empty (SFTPGo refuses it): grant at least list, or [\"*\"]",reason=FieldValueInvalid
	// +optional
	Permissions map[string]PermissionList `json:"permissions,omitempty"`

	// Quota limits the space and the number of files of the home
	// directory, and of the virtual folders that count against it.
	// +optional
	Quota *Quota `json:"quota,omitempty"`

	// MaxSessions is the number of concurrent sessions (all protocols
	// together) the account may open; 0 or unset: unlimited (in a group: not
	// set, members keep their own).
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=2147483647
	// +optional
	MaxSessions int32 `json:"maxSessions,omitempty"`

	// Bandwidth limits the transfer rate of each upload and download.
	// +optional
	Bandwidth *Bandwidth `json:"bandwidth,omitempty"`

	// DataTransfer limits the total amount of data the account may
	// transfer, until an admin resets its counters.
	// +optional
	DataTransfer *DataTransfer `json:"dataTransfer,omitempty"`

	// Filters restrict where from, how and when the account logs in, and
	// what it may upload.
	// +optional
	Filters *AccountFilters `json:"filters,omitempty"`

	// Storage is where the account's files are: the local volume (the
	// default), encrypted on the local volume, or a bucket or container of
	// S3, Google Cloud Storage or Azure Blob Storage.
	// +optional
	Storage *AccountStorage `json:"storage,omitempty"`

	// VirtualFolders mount SFTPGo virtual folders (SFTPGoFolder resources,
	// or folders made another way) into the account's tree. The operator
	// waits (reason WaitingForFolder) until each folder exists on the
	// server.
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:XValidation:rule="self.all(f, self.exists_one(g, g.virtualPath == f.virtualPath))",message="spec.virtualFolders: two folders are mounted at the same virtualPath: give each its own path",reason=FieldValueInvalid
	// +listType=map
	// +listMapKey=name
	// +optional
	VirtualFolders []VirtualFolderMount `json:"virtualFolders,omitempty"`
}

// Quota limits the size and number of files of a home directory.
type Quota struct {
	// Size is the most bytes the account may store, such as 10Gi (a
	// fraction of a byte is rounded up); 0 or unset: unlimited (in a group:
	// not set). SFTPGo enforces it only when quota tracking is on (its
	// default).
	// +kubebuilder:validation:XIntOrString
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="!quantity(string(self)).isLessThan(quantity('0'))",message="spec.quota.size must be a number of bytes, 0 or more, such as 10Gi",reason=FieldValueInvalid
	// +optional
	Size *resource.Quantity `json:"size,omitempty"`

	// Files is the most files the account may store; 0 or unset: unlimited
	// (in a group: not set).
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=2147483647
	// +optional
	Files int32 `json:"files,omitempty"`
}

// Bandwidth limits the rate of each transfer, in bytes per second given as
// quantities (10Mi is 10 MiB/s, 500k is 500,000 bytes/s). SFTPGo counts in
// KiB/s (1024 bytes); the operator rounds up to a whole KiB/s, so that a
// small limit never becomes 0, which SFTPGo reads as unlimited.
type Bandwidth struct {
	// Upload is the most bytes per second of each upload; 0 or unset:
	// unlimited (in a group: not set).
	// +kubebuilder:validation:XIntOrString
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="!quantity(string(self)).isLessThan(quantity('0')) && quantity(string(self)).compareTo(quantity('1Ti')) <= 0",message="spec.bandwidth.upload must be a number of bytes per second between 0 and 1Ti, such as 10Mi",reason=FieldValueInvalid
	// +optional
	Upload *resource.Quantity `json:"upload,omitempty"`

	// Download is the most bytes per second of each download; 0 or unset:
	// unlimited (in a group: not set).
	// +kubebuilder:validation:XIntOrString
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="!quantity(string(self)).isLessThan(quantity('0')) && quantity(string(self)).compareTo(quantity('1Ti')) <= 0",message="spec.bandwidth.download must be a number of bytes per second between 0 and 1Ti, such as 10Mi",reason=FieldValueInvalid
	// +optional
	Download *resource.Quantity `json:"download,omitempty"`
}

// DataTransfer limits the data an account transfers in total. SFTPGo
// counts in MiB (1048576 bytes); the operator rounds up to a whole MiB.
type DataTransfer struct {
	// Upload is the most bytes the account may upload; 0 or unset:
	// unlimited. Ignored when total is set.
	// +kubebuilder:validation:XIntOrString
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="!quantity(string(self)).isLessThan(quantity('0')) && quantity(string(self)).compareTo(quantity('1Pi')) <= 0",message="spec.dataTransfer.upload must be a number of bytes between 0 and 1Pi, such as 100Gi",reason=FieldValueInvalid
	// +optional
	Upload *resource.Quantity `json:"upload,omitempty"`

	// Download is the most bytes the account may download; 0 or unset:
	// unlimited. Ignored when total is set.
	// +kubebuilder:validation:XIntOrString
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="!quantity(string(self)).isLessThan(quantity('0')) && quantity(string(self)).compareTo(quantity('1Pi')) <= 0",message="spec.dataTransfer.download must be a number of bytes between 0 and 1Pi, such as 100Gi",reason=FieldValueInvalid
	// +optional
	Download *resource.Quantity `json:"download,omitempty"`

	// Total is the most bytes the account may upload and download
	// together; 0 or unset: no total limit.
	// +kubebuilder:validation:XIntOrString
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="!quantity(string(self)).isLessThan(quantity('0')) && quantity(string(self)).compareTo(quantity('1Pi')) <= 0",message="spec.dataTransfer.total must be a number of bytes between 0 and 1Pi, such as 100Gi",reason=FieldValueInvalid
	// +optional
	Total *resource.Quantity `json:"total,omitempty"`
}

// Protocol is a protocol SFTPGo serves, as SFTPGo names it: SSH (SFTP, SCP
// and SSH commands), FTP, DAV (WebDAV) and HTTP (WebClient and user REST
// API).
// +kubebuilder:validation:Enum=SSH;FTP;DAV;HTTP
type Protocol string

// Protocols.
const (
	ProtocolSSH  Protocol = "SSH"
	ProtocolFTP  Protocol = "FTP"
	ProtocolDAV  Protocol = "DAV"
	ProtocolHTTP Protocol = "HTTP"
)

// TwoFactorProtocol is a protocol SFTPGo can require two-factor
// authentication for.
// +kubebuilder:validation:Enum=SSH;FTP;HTTP
type TwoFactorProtocol string

// LoginMethod is a way to log in, as SFTPGo names it.
// +kubebuilder:validation:Enum=publickey;password;password-over-SSH;keyboard-interactive;publickey+password;publickey+keyboard-interactive;TLSCertificate;TLSCertificate+password
type LoginMethod string

// Login methods. LoginMethodPassword is a password over any protocol;
// password-over-SSH over SSH only.
const (
	LoginMethodPublicKey                 LoginMethod = "publickey"
	LoginMethodPassword                  LoginMethod = "password"
	LoginMethodPasswordOverSSH           LoginMethod = "password-over-SSH"
	LoginMethodKeyboardInteractive       LoginMethod = "keyboard-interactive"
	LoginMethodPublicKeyAndPassword      LoginMethod = "publickey+password"
	LoginMethodPublicKeyAndKeyboardInt   LoginMethod = "publickey+keyboard-interactive"
	LoginMethodTLSCertificate            LoginMethod = "TLSCertificate"
	LoginMethodTLSCertificateAndPassword LoginMethod = "TLSCertificate+password"
)

// WebClientRestriction turns off a feature of the WebClient and user REST
// API, as SFTPGo names it.
// +kubebuilder:validation:Enum=write-disabled;password-change-disabled;password-reset-disabled;publickey-change-disabled;tls-cert-change-disabled;mfa-disabled;api-key-auth-change-disabled;info-change-disabled;shares-disabled;shares-without-password-disabled
type WebClientRestriction string

// TLSUsername is the attribute of a client's TLS certificate SFTPGo takes
// as its username.
// +kubebuilder:validation:Enum=None;CommonName
type TLSUsername string

// AccountFilters restrict how an account logs in and what it may do. In a
// group, list filters are added to every member's (except membership-only
// ones); the other filters apply to members whose primary group it is and
// who set none.
// +kubebuilder:validation:XValidation:rule="!has(self.twoFactorProtocols) || size(self.twoFactorProtocols) == 0 || !has(self.webClientRestrictions) || !('mfa-disabled' in self.webClientRestrictions)",message="spec.filters: twoFactorProtocols requires two-factor authentication, which webClientRestrictions mfa-disabled keeps the account from setting up: remove one of them",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="self.?maxSharesExpirationDays.orValue(0) == 0 || self.?defaultSharesExpirationDays.orValue(0) <= self.?maxSharesExpirationDays.orValue(0)",message="spec.filters.defaultSharesExpirationDays must not exceed maxSharesExpirationDays: lower the default or raise the maximum",reason=FieldValueInvalid
type AccountFilters struct {
	// AllowedIPs, when set, are the only networks the account may log in
	// from, each a CIDR such as 192.0.2.0/24 or 2001:db8::/32 (one address
	// is 192.0.2.7/32).
	// +kubebuilder:validation:MaxItems=100
	// +kubebuilder:validation:items:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="self.all(c, isCIDR(c))",messageExpression="'spec.filters.allowedIPs: ' + self.filter(c, !isCIDR(c))[0] + ' is not a CIDR: write a network such as 192.0.2.0/24, or one address as 192.0.2.7/32'",message="spec.filters.allowedIPs: every entry must be a CIDR such as 192.0.2.0/24 (one address: 192.0.2.7/32)",reason=FieldValueInvalid
	// +listType=set
	// +optional
	AllowedIPs []string `json:"allowedIPs,omitempty"`

	// DeniedIPs are networks the account may not log in from, each a CIDR;
	// they are checked before allowedIPs.
	// +kubebuilder:validation:MaxItems=100
	// +kubebuilder:validation:items:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="self.all(c, isCIDR(c))",messageExpression="'spec.filters.deniedIPs: ' + self.filter(c, !isCIDR(c))[0] + ' is not a CIDR: write a network such as 192.0.2.0/24, or one address as 192.0.2.7/32'",message="spec.filters.deniedIPs: every entry must be a CIDR such as 192.0.2.0/24 (one address: 192.0.2.7/32)",reason=FieldValueInvalid
	// +listType=set
	// +optional
	DeniedIPs []string `json:"deniedIPs,omitempty"`

	// DeniedProtocols are the protocols the account may not use: SSH
	// (SFTP, SCP, SSH commands), FTP, DAV (WebDAV), HTTP (WebClient and
	// user REST API). At most three: SFTPGo refuses an account that may use
	// none (disable the account instead).
	// +kubebuilder:validation:MaxItems=3
	// +listType=set
	// +optional
	DeniedProtocols []Protocol `json:"deniedProtocols,omitempty"`

	// DeniedLoginMethods are the ways the account may not log in:
	// publickey, password (any protocol), password-over-SSH,
	// keyboard-interactive, publickey+password,
	// publickey+keyboard-interactive, TLSCertificate,
	// TLSCertificate+password. At most seven: SFTPGo refuses an account
	// that may use none.
	// +kubebuilder:validation:MaxItems=7
	// +listType=set
	// +optional
	DeniedLoginMethods []LoginMethod `json:"deniedLoginMethods,omitempty"`

	// TwoFactorProtocols are the protocols on which the account must use
	// two-factor authentication (SSH, FTP, HTTP): the account sets it up
	// itself in the WebClient, and cannot log in over these protocols until
	// it has.
	// +kubebuilder:validation:MaxItems=3
	// +listType=set
	// +optional
	TwoFactorProtocols []TwoFactorProtocol `json:"twoFactorProtocols,omitempty"`

	// MaxUploadFileSize is the largest file the account may upload, such
	// as 2Gi (a fraction of a byte is rounded up); 0 or unset: no limit.
	// +kubebuilder:validation:XIntOrString
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="!quantity(string(self)).isLessThan(quantity('0'))",message="spec.filters.maxUploadFileSize must be a number of bytes, 0 or more, such as 2Gi",reason=FieldValueInvalid
	// +optional
	MaxUploadFileSize *resource.Quantity `json:"maxUploadFileSize,omitempty"`

	// FilePatterns allow or deny files by name (shell patterns such as
	// *.jpg), per directory. Clients that act on the files directly (rsync,
	// git over SSH) are not held by them, so SFTPGo refuses those commands
	// in directories with patterns.
	// +kubebuilder:validation:MaxItems=64
	// +listType=map
	// +listMapKey=path
	// +optional
	FilePatterns []FilePattern `json:"filePatterns,omitempty"`

	// BandwidthLimits set other transfer rates for clients from given
	// networks; the first whose sources contain the client's address
	// applies, bandwidth applies to the others.
	// +kubebuilder:validation:MaxItems=32
	// +optional
	BandwidthLimits []SourceBandwidthLimit `json:"bandwidthLimits,omitempty"`

	// AccessTime, when set, are the only periods of the week in which the
	// account may log in, in the server's time zone (UTC unless SFTPGo's
	// data_provider is set to local time).
	// +kubebuilder:validation:MaxItems=64
	// +optional
	AccessTime []AccessPeriod `json:"accessTime,omitempty"`

	// StartDirectory is the directory the account starts in (SFTP, FTP,
	// WebClient), an absolute path as the account sees it, such as
	// /uploads; relative paths start there. Unset: "/".
	// +kubebuilder:validation:MaxLength=1024
	// +kubebuilder:validation:XValidation:rule="self.startsWith('/') && (self == '/' || !self.endsWith('/')) && !self.contains('//') && !self.split('/').exists(s, s == '.' || s == '..')",message="spec.filters.startDirectory must be a clean absolute path such as /uploads: starting with '/', without a trailing '/', '//' or '.' and '..' segments",reason=FieldValueInvalid
	// +optional
	StartDirectory string `json:"startDirectory,omitempty"`

	// WebClientRestrictions turn off features of the WebClient and user
	// REST API: write-disabled, password-change-disabled,
	// password-reset-disabled, publickey-change-disabled,
	// tls-cert-change-disabled, mfa-disabled, api-key-auth-change-disabled,
	// info-change-disabled, shares-disabled,
	// shares-without-password-disabled. Keys and passwords the account
	// changes itself are put back by the operator only when the resource
	// sets them; disable those changes here to avoid surprises.
	// +kubebuilder:validation:MaxItems=10
	// +listType=set
	// +optional
	WebClientRestrictions []WebClientRestriction `json:"webClientRestrictions,omitempty"`

	// AllowAPIKeyAuth lets API keys act as this account (REST API).
	// +optional
	AllowAPIKeyAuth bool `json:"allowAPIKeyAuth,omitempty"`

	// TLSUsername is the attribute of the client's TLS certificate that
	// must match the username (FTP and WebDAV with client certificates):
	// None or CommonName. Unset: None.
	// +optional
	TLSUsername TLSUsername `json:"tlsUsername,omitempty"`

	// PasswordExpirationDays makes the password expire this many days
	// after it was set; 0 or unset: never.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=36500
	// +optional
	PasswordExpirationDays int32 `json:"passwordExpirationDays,omitempty"`

	// PasswordStrength is the least entropy, in bits, a password the
	// account sets itself must have (50 to 70 suits most uses); 0 or unset:
	// any. Passwords the operator sends from a Secret are checked too when
	// they are not pre-hashed.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=256
	// +optional
	PasswordStrength int32 `json:"passwordStrength,omitempty"`

	// DefaultSharesExpirationDays is the expiration the WebClient proposes
	// for a new share, in days; 0 or unset: none.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=36500
	// +optional
	DefaultSharesExpirationDays int32 `json:"defaultSharesExpirationDays,omitempty"`

	// MaxSharesExpirationDays, when set, makes every share expire within
	// this many days; 0 or unset: shares may never expire.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=36500
	// +optional
	MaxSharesExpirationDays int32 `json:"maxSharesExpirationDays,omitempty"`

	// DisableFsChecks skips the check, at each login, that the home
	// directory and the virtual folders' parents exist (and their
	// creation): logins are faster, but the directories must exist.
	// +optional
	DisableFsChecks bool `json:"disableFsChecks,omitempty"`
}

// DenyPolicy says what a client sees of denied files.
// +kubebuilder:validation:Enum=Default;Hide
type DenyPolicy string

// Deny policies.
const (
	DenyPolicyDefault DenyPolicy = "Default"
	DenyPolicyHide    DenyPolicy = "Hide"
)

// FilePattern allows or denies files by name in one directory and below
// (unless a subdirectory has its own entry).
// +kubebuilder:validation:XValidation:rule="size(self.?allowedPatterns.orValue([])) + size(self.?deniedPatterns.orValue([])) > 0",message="spec.filters.filePatterns: each entry needs allowedPatterns or deniedPatterns (SFTPGo refuses an empty one): add patterns or remove the entry",reason=FieldValueRequired
type FilePattern struct {
	// Path is the directory, an absolute path as the account sees it,
	// such as / or /photos.
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=1024
	// +kubebuilder:validation:XValidation:rule="self.startsWith('/') && (self == '/' || !self.endsWith('/')) && !self.contains('//') && !self.split('/').exists(s, s == '.' || s == '..')",message="spec.filters.filePatterns[].path must be a clean absolute path such as / or /photos: starting with '/', without a trailing '/', '//' or '.' and '..' segments",reason=FieldValueInvalid
	Path string `json:"path"`

	// AllowedPatterns: when set, only files whose name matches one of them
	// are allowed (shell patterns such as *.jpg, matched without regard to
	// case; SFTPGo stores them in lowercase).
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=256
	// +listType=set
	// +optional
	AllowedPatterns []string `json:"allowedPatterns,omitempty"`

	// DeniedPatterns: files whose name matches one of them are denied;
	// they are checked before allowedPatterns.
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=256
	// +listType=set
	// +optional
	DeniedPatterns []string `json:"deniedPatterns,omitempty"`

	// DenyPolicy: Default (denied files are listed but cannot be read or
	// written) or Hide (they are not listed either, which may slow down
	// large directories).
	// +kubebuilder:default=Default
	// +optional
	DenyPolicy DenyPolicy `json:"denyPolicy,omitempty"`
}

// SourceBandwidthLimit is a transfer rate for clients from given networks.
type SourceBandwidthLimit struct {
	// Sources are the client networks, each a CIDR such as 192.0.2.0/24.
	// +required
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=32
	// +kubebuilder:validation:items:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="self.all(c, isCIDR(c))",messageExpression="'spec.filters.bandwidthLimits[].sources: ' + self.filter(c, !isCIDR(c))[0] + ' is not a CIDR: write a network such as 192.0.2.0/24, or one address as 192.0.2.7/32'",message="spec.filters.bandwidthLimits[].sources: every entry must be a CIDR such as 192.0.2.0/24",reason=FieldValueInvalid
	// +listType=set
	Sources []string `json:"sources"`

	// Upload is the most bytes per second of each upload from these
	// networks, rounded up to a whole KiB/s; 0 or unset: unlimited.
	// +kubebuilder:validation:XIntOrString
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="!quantity(string(self)).isLessThan(quantity('0')) && quantity(string(self)).compareTo(quantity('1Ti')) <= 0",message="spec.filters.bandwidthLimits[].upload must be a number of bytes per second between 0 and 1Ti, such as 10Mi",reason=FieldValueInvalid
	// +optional
	Upload *resource.Quantity `json:"upload,omitempty"`

	// Download is the most bytes per second of each download to these
	// networks, rounded up to a whole KiB/s; 0 or unset: unlimited.
	// +kubebuilder:validation:XIntOrString
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="!quantity(string(self)).isLessThan(quantity('0')) && quantity(string(self)).compareTo(quantity('1Ti')) <= 0",message="spec.filters.bandwidthLimits[].download must be a number of bytes per second between 0 and 1Ti, such as 10Mi",reason=FieldValueInvalid
	// +optional
	Download *resource.Quantity `json:"download,omitempty"`
}

// Weekday is a day of the week.
// +kubebuilder:validation:Enum=Sunday;Monday;Tuesday;Wednesday;Thursday;Friday;Saturday
type Weekday string

// AccessPeriod is a period of one day of the week in which an account may
// log in.
// +kubebuilder:validation:XValidation:rule="self.to > self.from",message="spec.filters.accessTime[]: to must be later than from (both HH:MM, the same day; a period past midnight is two entries)",reason=FieldValueInvalid
type AccessPeriod struct {
	// DayOfWeek of the period.
	// +required
	DayOfWeek Weekday `json:"dayOfWeek"`

	// From is the start, HH:MM (24-hour clock), such as 08:00.
	// +required
	// +kubebuilder:validation:MaxLength=5
	// +kubebuilder:validation:Pattern=`^([01][0-9]|2[0-3]):[0-5][0-9]$`
	From string `json:"from"`

	// To is the end, HH:MM, included, such as 18:00.
	// +required
	// +kubebuilder:validation:MaxLength=5
	// +kubebuilder:validation:Pattern=`^([01][0-9]|2[0-3]):[0-5][0-9]$`
	To string `json:"to"`
}

// StorageType is the backend of an account's files: SFTPGo's filesystem
// provider.
// +kubebuilder:validation:Enum=Local;LocalEncrypted;S3;GCS;AzureBlob
type StorageType string

// Storage types.
const (
	StorageLocal          StorageType = "Local"
	StorageLocalEncrypted StorageType = "LocalEncrypted"
	StorageS3             StorageType = "S3"
	StorageGCS            StorageType = "GCS"
	StorageAzureBlob      StorageType = "AzureBlob"
)

// AccountStorage is where an account's (or a folder's) files are. The
// block named after the type holds its settings; the others must be
// absent.
// +kubebuilder:validation:XValidation:rule="(self.?type.orValue('Local') == 'LocalEncrypted') == has(self.localEncrypted)",message="spec.storage.localEncrypted is required with type LocalEncrypted, and only with it: set spec.storage.localEncrypted.passphraseSecret, or remove the block (or set type: LocalEncrypted)",fieldPath=".localEncrypted",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="(self.?type.orValue('Local') == 'S3') == has(self.s3)",message="spec.storage.s3 is required with type S3, and only with it: set spec.storage.s3 (bucket, region or endpoint, credentials), or remove the block (or set type: S3)",fieldPath=".s3",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="(self.?type.orValue('Local') == 'GCS') == has(self.gcs)",message="spec.storage.gcs is required with type GCS, and only with it: set spec.storage.gcs (bucket, credentials), or remove the block (or set type: GCS)",fieldPath=".gcs",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="(self.?type.orValue('Local') == 'AzureBlob') == has(self.azureBlob)",message="spec.storage.azureBlob is required with type AzureBlob, and only with it: set spec.storage.azureBlob (container and account, or a SAS URL), or remove the block (or set type: AzureBlob)",fieldPath=".azureBlob",reason=FieldValueInvalid
type AccountStorage struct {
	// Type of storage: Local (the default: files on the SFTPGo data
	// volume, under the home directory or mapped path), LocalEncrypted
	// (the same, encrypted with a passphrase), S3 (Amazon S3 or a
	// compatible service), GCS (Google Cloud Storage) or AzureBlob (Azure
	// Blob Storage).
	// +kubebuilder:default=Local
	// +optional
	Type StorageType `json:"type,omitempty"`

	// LocalEncrypted encrypts files on the local volume (type
	// LocalEncrypted).
	// +optional
	LocalEncrypted *LocalEncryptedStorage `json:"localEncrypted,omitempty"`

	// S3 is an Amazon S3 (or compatible) bucket (type S3).
	// +optional
	S3 *S3Storage `json:"s3,omitempty"`

	// GCS is a Google Cloud Storage bucket (type GCS).
	// +optional
	GCS *GCSStorage `json:"gcs,omitempty"`

	// AzureBlob is an Azure Blob Storage container (type AzureBlob).
	// +optional
	AzureBlob *AzureBlobStorage `json:"azureBlob,omitempty"`
}

// LocalEncryptedStorage encrypts files on the local volume.
type LocalEncryptedStorage struct {
	// PassphraseSecret names the Secret key (default key `passphrase`) with
	// the passphrase the files are encrypted with. Use long random key
	// material. Changing it makes the files written before unreadable.
	// +required
	PassphraseSecret SecretKeyReference `json:"passphraseSecret"`
}

// S3Storage is an Amazon S3 or S3-compatible bucket.
// +kubebuilder:validation:XValidation:rule="has(self.region) || has(self.endpoint)",message="spec.storage.s3 needs region (such as eu-west-1) or endpoint (for an S3-compatible service whose endpoint implies the region): set one",reason=FieldValueRequired
// +kubebuilder:validation:XValidation:rule="has(self.accessKey) == has(self.accessSecret)",message="spec.storage.s3: accessKey and accessSecret go together: set both, or neither to use the pod's AWS credentials (IAM role for service accounts, instance profile)",reason=FieldValueInvalid
type S3Storage struct {
	// Bucket name.
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=255
	Bucket string `json:"bucket"`

	// Region of the bucket, such as eu-west-1. Required unless endpoint
	// implies it.
	// +kubebuilder:validation:MaxLength=64
	// +optional
	Region string `json:"region,omitempty"`

	// Endpoint of an S3-compatible service, a URL such as
	// https://minio.example.com:9000; unset for Amazon S3.
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:XValidation:rule="isURL(self) && url(self).getScheme() in ['http', 'https'] && url(self).getHostname() != ''",message="spec.storage.s3.endpoint must be an http or https URL such as https://minio.example.com:9000",reason=FieldValueInvalid
	// +optional
	Endpoint string `json:"endpoint,omitempty"`

	// KeyPrefix limits the account to the objects under this prefix, as
	// if it were its root: a path without a leading '/' and ending with '/',
	// such as users/alice/. Unset: the whole bucket.
	// +kubebuilder:validation:MaxLength=1024
	// +kubebuilder:validation:XValidation:rule="!self.startsWith('/') && self.endsWith('/') && !self.contains('//') && !('/' + self).contains('/./') && !('/' + self).contains('/../')",message="spec.storage.s3.keyPrefix must be a clean relative path ending with '/', such as users/alice/: no leading '/', no '//', no '.' or '..' segments",reason=FieldValueInvalid
	// +optional
	KeyPrefix string `json:"keyPrefix,omitempty"`

	// AccessKey is the access key ID. With accessSecret; without both,
	// SFTPGo uses the pod's AWS credentials (IAM roles for service
	// accounts, instance profile, environment).
	// +kubebuilder:validation:MaxLength=256
	// +optional
	AccessKey string `json:"accessKey,omitempty"`

	// AccessSecret names the Secret key (default key `accessSecret`) with
	// the secret access key of accessKey.
	// +optional
	AccessSecret *SecretKeyReference `json:"accessSecret,omitempty"`

	// RoleARN is an IAM role SFTPGo assumes to reach the bucket.
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:Pattern=`^arn:`
	// +optional
	RoleARN string `json:"roleARN,omitempty"`

	// StorageClass of uploaded objects, such as STANDARD_IA; unset: the
	// bucket's default.
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9_-]+$`
	// +optional
	StorageClass string `json:"storageClass,omitempty"`

	// ACL is the canned ACL of uploaded objects, such as
	// bucket-owner-full-control; unset: the bucket's default.
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9_-]+$`
	// +optional
	ACL string `json:"acl,omitempty"`

	// SSECustomerKeySecret names the Secret key (default key
	// `sseCustomerKey`) with the key for server-side encryption with
	// customer-provided keys (SSE-C). Changing it makes the objects
	// written before unreadable.
	// +optional
	SSECustomerKeySecret *SecretKeyReference `json:"sseCustomerKeySecret,omitempty"`

	// UploadPartSize is the part size of multipart uploads, between 5Mi
	// and 2000Mi, rounded up to a whole MiB; unset: 5Mi.
	// +kubebuilder:validation:XIntOrString
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="quantity(string(self)).compareTo(quantity('5Mi')) >= 0 && quantity(string(self)).compareTo(quantity('2000Mi')) <= 0",message="spec.storage.s3.uploadPartSize must be between 5Mi and 2000Mi, or unset",reason=FieldValueInvalid
	// +optional
	UploadPartSize *resource.Quantity `json:"uploadPartSize,omitempty"`

	// UploadConcurrency is how many parts of an upload are sent in
	// parallel, 1 to 64; unset: 5.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=64
	// +optional
	UploadConcurrency int32 `json:"uploadConcurrency,omitempty"`

	// UploadPartMaxTimeSeconds is the longest an upload part may take;
	// unset: no limit.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=86400
	// +optional
	UploadPartMaxTimeSeconds int32 `json:"uploadPartMaxTimeSeconds,omitempty"`

	// DownloadPartSize is the part size of multipart downloads, between
	// 5Mi and 2000Mi, rounded up to a whole MiB; unset: 5Mi.
	// +kubebuilder:validation:XIntOrString
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="quantity(string(self)).compareTo(quantity('5Mi')) >= 0 && quantity(string(self)).compareTo(quantity('2000Mi')) <= 0",message="spec.storage.s3.downloadPartSize must be between 5Mi and 2000Mi, or unset",reason=FieldValueInvalid
	// +optional
	DownloadPartSize *resource.Quantity `json:"downloadPartSize,omitempty"`

	// DownloadConcurrency is how many parts of a download are fetched in
	// parallel, 1 to 64; unset: 5.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=64
	// +optional
	DownloadConcurrency int32 `json:"downloadConcurrency,omitempty"`

	// DownloadPartMaxTimeSeconds is the longest a download part may take;
	// unset: no limit.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=86400
	// +optional
	DownloadPartMaxTimeSeconds int32 `json:"downloadPartMaxTimeSeconds,omitempty"`

	// ForcePathStyle addresses the bucket as endpoint/bucket instead of
	// bucket.endpoint, which many S3-compatible services need.
	// +optional
	ForcePathStyle bool `json:"forcePathStyle,omitempty"`

	// SkipTLSVerify accepts any certificate from the endpoint: anyone on
	// the network path can then read and change the files. For tests only.
	// +optional
	SkipTLSVerify bool `json:"skipTLSVerify,omitempty"`
}

// GCSStorage is a Google Cloud Storage bucket.
type GCSStorage struct {
	// Bucket name.
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=255
	Bucket string `json:"bucket"`

	// KeyPrefix limits the account to the objects under this prefix: a
	// path without a leading '/' and ending with '/', such as
	// users/alice/. Unset: the whole bucket.
	// +kubebuilder:validation:MaxLength=1024
	// +kubebuilder:validation:XValidation:rule="!self.startsWith('/') && self.endsWith('/') && !self.contains('//') && !('/' + self).contains('/./') && !('/' + self).contains('/../')",message="spec.storage.gcs.keyPrefix must be a clean relative path ending with '/', such as users/alice/: no leading '/', no '//', no '.' or '..' segments",reason=FieldValueInvalid
	// +optional
	KeyPrefix string `json:"keyPrefix,omitempty"`

	// CredentialsSecret names the Secret key (default key
	// `credentials.json`) with a service account key (JSON). Unset: SFTPGo
	// uses the pod's Application Default Credentials (Workload Identity).
	// +optional
	CredentialsSecret *SecretKeyReference `json:"credentialsSecret,omitempty"`

	// StorageClass of uploaded objects, such as NEARLINE; unset: the
	// bucket's default.
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9_-]+$`
	// +optional
	StorageClass string `json:"storageClass,omitempty"`

	// ACL is the predefined ACL of uploaded objects, such as
	// projectPrivate; unset: the bucket's default.
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9_-]+$`
	// +optional
	ACL string `json:"acl,omitempty"`

	// UploadPartSize is the chunk size of uploads, up to 2000Mi, rounded
	// up to a whole MiB; unset: 16Mi.
	// +kubebuilder:validation:XIntOrString
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="quantity(string(self)).compareTo(quantity('1Mi')) >= 0 && quantity(string(self)).compareTo(quantity('2000Mi')) <= 0",message="spec.storage.gcs.uploadPartSize must be between 1Mi and 2000Mi, or unset",reason=FieldValueInvalid
	// +optional
	UploadPartSize *resource.Quantity `json:"uploadPartSize,omitempty"`

	// UploadPartMaxTimeSeconds is the longest an upload chunk may take;
	// unset: 32 seconds.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=86400
	// +optional
	UploadPartMaxTimeSeconds int32 `json:"uploadPartMaxTimeSeconds,omitempty"`
}

// AzureAccessTier is the access tier of uploaded blobs.
// +kubebuilder:validation:Enum=Hot;Cool;Archive
type AzureAccessTier string

// AzureBlobStorage is an Azure Blob Storage container.
// +kubebuilder:validation:XValidation:rule="has(self.sasURLSecret) != has(self.accountName)",message="spec.storage.azureBlob takes either sasURLSecret (a shared access signature URL) or accountName (with accountKeySecret, or without to use the pod's Azure identity): set one of them",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="!has(self.accountKeySecret) || has(self.accountName)",message="spec.storage.azureBlob.accountKeySecret needs accountName: set the storage account's name",fieldPath=".accountName",reason=FieldValueRequired
// +kubebuilder:validation:XValidation:rule="has(self.container) || has(self.sasURLSecret)",message="spec.storage.azureBlob.container is required unless sasURLSecret names a container SAS URL: set the container name",fieldPath=".container",reason=FieldValueRequired
type AzureBlobStorage struct {
	// Container name. Optional with a container SAS URL, which names it.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=63
	// +optional
	Container string `json:"container,omitempty"`

	// AccountName is the storage account. With accountKeySecret, SFTPGo
	// signs in with the account key; without, with the pod's Azure
	// identity (workload identity, managed identity, environment).
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=64
	// +optional
	AccountName string `json:"accountName,omitempty"`

	// AccountKeySecret names the Secret key (default key `accountKey`) with
	// the storage account key.
	// +optional
	AccountKeySecret *SecretKeyReference `json:"accountKeySecret,omitempty"`

	// SASURLSecret names the Secret key (default key `sasURL`) with a
	// shared access signature URL for the account or the container; used
	// instead of accountName.
	// +optional
	SASURLSecret *SecretKeyReference `json:"sasURLSecret,omitempty"`

	// Endpoint is the blob service domain; unset: blob.core.windows.net.
	// With useEmulator, the emulator's URL, such as http://azurite:10000.
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:XValidation:rule="!self.matches('\\\\s')",message="spec.storage.azureBlob.endpoint must not contain white space: give a domain such as blob.core.windows.net",reason=FieldValueInvalid
	// +optional
	Endpoint string `json:"endpoint,omitempty"`

	// KeyPrefix limits the account to the blobs under this prefix: a path
	// without a leading '/' and ending with '/', such as users/alice/.
	// Unset: the whole container.
	// +kubebuilder:validation:MaxLength=1024
	// +kubebuilder:validation:XValidation:rule="!self.startsWith('/') && self.endsWith('/') && !self.contains('//') && !('/' + self).contains('/./') && !('/' + self).contains('/../')",message="spec.storage.azureBlob.keyPrefix must be a clean relative path ending with '/', such as users/alice/: no leading '/', no '//', no '.' or '..' segments",reason=FieldValueInvalid
	// +optional
	KeyPrefix string `json:"keyPrefix,omitempty"`

	// UploadPartSize is the block size of uploads, up to 2000Mi, rounded
	// up to a whole MiB; unset: 5Mi.
	// +kubebuilder:validation:XIntOrString
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="quantity(string(self)).compareTo(quantity('1Mi')) >= 0 && quantity(string(self)).compareTo(quantity('2000Mi')) <= 0",message="spec.storage.azureBlob.uploadPartSize must be between 1Mi and 2000Mi, or unset",reason=FieldValueInvalid
	// +optional
	UploadPartSize *resource.Quantity `json:"uploadPartSize,omitempty"`

	// UploadConcurrency is how many blocks of an upload are sent in
	// parallel, 1 to 64; unset: 5.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=64
	// +optional
	UploadConcurrency int32 `json:"uploadConcurrency,omitempty"`

	// DownloadPartSize is the part size of downloads, up to 2000Mi, rounded
	// up to a whole MiB; unset: 5Mi.
	// +kubebuilder:validation:XIntOrString
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="quantity(string(self)).compareTo(quantity('1Mi')) >= 0 && quantity(string(self)).compareTo(quantity('2000Mi')) <= 0",message="spec.storage.azureBlob.downloadPartSize must be between 1Mi and 2000Mi, or unset",reason=FieldValueInvalid
	// +optional
	DownloadPartSize *resource.Quantity `json:"downloadPartSize,omitempty"`

	// DownloadConcurrency is how many parts of a download are fetched in
	// parallel, 1 to 64; unset: 5.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=64
	// +optional
	DownloadConcurrency int32 `json:"downloadConcurrency,omitempty"`

	// AccessTier of uploaded blobs: Hot, Cool or Archive; unset: the
	// account's default.
	// +optional
	AccessTier AzureAccessTier `json:"accessTier,omitempty"`

	// UseEmulator talks to an Azure Storage emulator (Azurite) at endpoint.
	// +optional
	UseEmulator bool `json:"useEmulator,omitempty"`
}

// VirtualFolderMount mounts an SFTPGo virtual folder into an account's
// tree.
type VirtualFolderMount struct {
	// Name of the folder on the server: an SFTPGoFolder's spec.name (which
	// defaults to its metadata.name), or a folder made another way.
	// +required
	Name SFTPGoName `json:"name"`

	// VirtualPath is where the account sees the folder, an absolute path
	// such as /shared (not "/" for a user; in a group, "/" replaces the
	// root of members whose primary group it is). Its parent directory
	// must exist or be creatable.
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=1024
	// +kubebuilder:validation:XValidation:rule="self.startsWith('/') && (self == '/' || !self.endsWith('/')) && !self.contains('//') && !self.split('/').exists(s, s == '.' || s == '..')",message="spec.virtualFolders[].virtualPath must be a clean absolute path such as /shared: starting with '/', without a trailing '/', '//' or '.' and '..' segments",reason=FieldValueInvalid
	VirtualPath string `json:"virtualPath"`

	// Quota of the folder for this account. Unset: the folder's files
	// count against the account's own quota (SFTPGo's -1). Set: the folder
	// has its own limits, and size or files 0 means unlimited. SFTPGo keeps
	// folder quotas per mount, not on the folder.
	// +optional
	Quota *VirtualFolderQuota `json:"quota,omitempty"`
}

// VirtualFolderQuota is a mounted folder's own quota.
type VirtualFolderQuota struct {
	// Size is the most bytes the folder may hold, such as 50Gi (a fraction
	// of a byte is rounded up); 0 or unset: unlimited.
	// +kubebuilder:validation:XIntOrString
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="!quantity(string(self)).isLessThan(quantity('0'))",message="spec.virtualFolders[].quota.size must be a number of bytes, 0 or more, such as 50Gi",reason=FieldValueInvalid
	// +optional
	Size *resource.Quantity `json:"size,omitempty"`

	// Files is the most files the folder may hold; 0 or unset: unlimited.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=2147483647
	// +optional
	Files int32 `json:"files,omitempty"`
}
