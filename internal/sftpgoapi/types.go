package sftpgoapi

// Values of the status of users and admins.
const (
	StatusDisabled = 0
	StatusEnabled  = 1
)

// Values of GroupMapping.Type.
const (
	// GroupTypePrimary: the user inherits the group's settings, and its home
	// directory and filesystem. A user has at most one primary group.
	GroupTypePrimary = 1
	// GroupTypeSecondary: the user inherits the group's settings except the
	// home directory and filesystem.
	GroupTypeSecondary = 2
	// GroupTypeMembership: membership only, nothing is inherited.
	GroupTypeMembership = 3
)

// Permissions maps an absolute virtual path to the permissions granted there
// ("*", "list", "download", "upload", ...). SFTPGo requires the key "/".
type Permissions map[string][]string

// GroupMapping names a group a user belongs to.
type GroupMapping struct {
	Name string `json:"name"`
	// Type is one of GroupTypePrimary, GroupTypeSecondary and
	// GroupTypeMembership.
	Type int `json:"type"`
}

// VirtualFolder mounts a Folder into a user's or a group's tree.
//
// SFTPGo reads only Name, VirtualPath, QuotaSize and QuotaFiles from a user's
// or a group's virtual_folders (validateAssociatedVirtualFolders in
// internal/dataprovider); a GET adds the folder's own members (mapped_path,
// filesystem, used quota, ...), which land in Extra and are written back
// unchanged, where SFTPGo ignores them.
type VirtualFolder struct {
	Name        string `json:"name"`
	VirtualPath string `json:"virtual_path"`
	// QuotaSize in bytes: 0 unlimited, -1 counted in the user's quota.
	QuotaSize int64 `json:"quota_size"`
	// QuotaFiles: 0 unlimited, -1 counted in the user's quota.
	QuotaFiles int `json:"quota_files"`

	Extra Extra `json:"-"`
}

// UserFilters are a user's restrictions (the filters member). A group's
// user_settings.filters has the same shape, except require_password_change,
// which SFTPGo ignores there.
type UserFilters struct {
	// AllowedIP lists the networks (CIDR) a user may connect from.
	AllowedIP []string `json:"allowed_ip,omitempty"`
	// DeniedIP lists networks (CIDR) refused before AllowedIP is checked.
	DeniedIP []string `json:"denied_ip,omitempty"`
	// DeniedProtocols among "SSH", "FTP", "DAV", "HTTP".
	DeniedProtocols []string `json:"denied_protocols,omitempty"`
	// DeniedLoginMethods among "publickey", "password", "password-over-SSH",
	// "keyboard-interactive", "publickey+password",
	// "publickey+keyboard-interactive", "TLSCertificate",
	// "TLSCertificate+password".
	DeniedLoginMethods []string `json:"denied_login_methods,omitempty"`
	// MaxUploadFileSize in bytes, 0 unlimited.
	MaxUploadFileSize int64 `json:"max_upload_file_size,omitempty"`
	// RequirePasswordChange makes the user change the password at the next
	// web client or REST login.
	RequirePasswordChange bool `json:"require_password_change,omitempty"`
	// AllowAPIKeyAuth lets an API key impersonate the user.
	AllowAPIKeyAuth bool `json:"allow_api_key_auth,omitempty"`
	// StartDirectory is the initial directory, "/" when empty.
	StartDirectory string `json:"start_directory,omitempty"`
	// PasswordExpiration in days, 0 never.
	PasswordExpiration int `json:"password_expiration,omitempty"`

	// Extra keeps the other filters (file_patterns, hooks,
	// bandwidth_limits, access_time, tls_certs, ...), which a PUT without
	// them would reset. (totp_config and recovery_codes SFTPGo keeps by
	// itself on a user's PUT.)
	Extra Extra `json:"-"`
}

// User is an SFTPGo user, as in GET /api/v2/users/{username}.
type User struct {
	// ID is assigned by SFTPGo; it is ignored on create and update.
	ID       int64  `json:"id,omitempty"`
	Status   int    `json:"status"`
	Username string `json:"username"`
	Email    string `json:"email,omitempty"`
	// Description is free text shown in the web admin.
	Description string `json:"description,omitempty"`
	// AdditionalInfo is free text for external systems.
	AdditionalInfo string `json:"additional_info,omitempty"`
	// ExpirationDate in milliseconds since the epoch, 0 never.
	ExpirationDate int64 `json:"expiration_date,omitempty"`
	// Password is sent on create and update; SFTPGo never returns it. On
	// update an empty Password (the member is then left out) keeps the
	// stored password.
	Password string `json:"password,omitempty"`
	// HasPassword is set by SFTPGo in its answers; it is ignored on write.
	HasPassword bool `json:"has_password,omitempty"`
	// PublicKeys are authorized_keys lines.
	PublicKeys []string `json:"public_keys,omitempty"`
	// HomeDir is an absolute path; when empty on create SFTPGo uses
	// users_base_dir/username.
	HomeDir     string `json:"home_dir,omitempty"`
	MaxSessions int    `json:"max_sessions"`
	// QuotaSize in bytes, 0 unlimited.
	QuotaSize int64 `json:"quota_size"`
	// QuotaFiles is a number of files, 0 unlimited.
	QuotaFiles  int         `json:"quota_files"`
	Permissions Permissions `json:"permissions"`
	// UploadBandwidth in KB/s, 0 unlimited.
	UploadBandwidth int64 `json:"upload_bandwidth,omitempty"`
	// DownloadBandwidth in KB/s, 0 unlimited.
	DownloadBandwidth int64           `json:"download_bandwidth,omitempty"`
	Groups            []GroupMapping  `json:"groups,omitempty"`
	VirtualFolders    []VirtualFolder `json:"virtual_folders,omitempty"`
	Filters           UserFilters     `json:"filters"`
	Filesystem        Filesystem      `json:"filesystem"`
	// Role limits which role admins see the user.
	Role string `json:"role,omitempty"`

	// Extra keeps the members not modelled above (uid, gid, data transfer
	// limits, timestamps, used quota, ...).
	Extra Extra `json:"-"`
}

// GroupUserSettings are the settings a group gives its members
// (user_settings).
type GroupUserSettings struct {
	// HomeDir may hold the %username% placeholder. (Not omitempty: SFTPGo
	// always renders it, so a decoded group encodes back to the same JSON.)
	HomeDir     string      `json:"home_dir"`
	MaxSessions int         `json:"max_sessions"`
	QuotaSize   int64       `json:"quota_size"`
	QuotaFiles  int         `json:"quota_files"`
	Permissions Permissions `json:"permissions"`
	// UploadBandwidth in KB/s, 0 unlimited.
	UploadBandwidth int64 `json:"upload_bandwidth,omitempty"`
	// DownloadBandwidth in KB/s, 0 unlimited.
	DownloadBandwidth int64 `json:"download_bandwidth,omitempty"`
	// ExpiresIn sets new members' expiration, in days from their creation.
	ExpiresIn  int         `json:"expires_in,omitempty"`
	Filters    UserFilters `json:"filters"`
	Filesystem Filesystem  `json:"filesystem"`

	Extra Extra `json:"-"`
}

// Group is an SFTPGo group, as in GET /api/v2/groups/{name}.
type Group struct {
	ID             int64             `json:"id,omitempty"`
	Name           string            `json:"name"`
	Description    string            `json:"description,omitempty"`
	UserSettings   GroupUserSettings `json:"user_settings"`
	VirtualFolders []VirtualFolder   `json:"virtual_folders,omitempty"`
	// Users lists the group's members. SFTPGo computes it and ignores it on
	// write; a group with members cannot be deleted.
	Users []string `json:"users,omitempty"`

	Extra Extra `json:"-"`
}

// Folder is an SFTPGo virtual folder, as in GET /api/v2/folders/{name}.
type Folder struct {
	ID   int64  `json:"id,omitempty"`
	Name string `json:"name"`
	// MappedPath is the absolute path of a local (or local encrypted)
	// folder.
	MappedPath  string     `json:"mapped_path,omitempty"`
	Description string     `json:"description,omitempty"`
	Filesystem  Filesystem `json:"filesystem"`
	// Users and Groups list who mounts the folder. SFTPGo computes them and
	// ignores them on write.
	Users  []string `json:"users,omitempty"`
	Groups []string `json:"groups,omitempty"`

	Extra Extra `json:"-"`
}

// AdminFilters are an admin's restrictions.
type AdminFilters struct {
	// AllowList lists the networks (CIDR) the admin may log in from.
	AllowList []string `json:"allow_list,omitempty"`
	// AllowAPIKeyAuth lets an API key impersonate the admin.
	AllowAPIKeyAuth bool `json:"allow_api_key_auth,omitempty"`
	// RequireTwoFactor is not omitempty: SFTPGo always renders it.
	RequireTwoFactor      bool `json:"require_two_factor"`
	RequirePasswordChange bool `json:"require_password_change,omitempty"`

	// Extra keeps totp_config, recovery_codes, preferences, ...
	Extra Extra `json:"-"`
}

// Admin is an SFTPGo administrator, as in GET /api/v2/admins/{username}.
type Admin struct {
	ID       int64  `json:"id,omitempty"`
	Status   int    `json:"status"`
	Username string `json:"username"`
	// Password is sent on create and update; SFTPGo never returns it. On
	// update an empty Password keeps the stored one. SFTPGo stores a
	// "$2a$" bcrypt or "$argon2id$" value as it is and hashes anything else.
	Password       string `json:"password,omitempty"`
	Email          string `json:"email,omitempty"`
	Description    string `json:"description,omitempty"`
	AdditionalInfo string `json:"additional_info,omitempty"`
	// Permissions such as "*", "add_users", "edit_users", "del_users",
	// "view_users", "manage_groups", "manage_folders", ...
	Permissions []string     `json:"permissions"`
	Filters     AdminFilters `json:"filters"`
	// Role limits the admin to the users of that role.
	Role string `json:"role,omitempty"`

	// Extra keeps groups, timestamps, ...
	Extra Extra `json:"-"`
}

// Method-less copies of the public types, to encode and decode their
// modelled members without recursing into MarshalJSON and UnmarshalJSON.
type (
	virtualFolderFields     VirtualFolder
	userFiltersFields       UserFilters
	userFields              User
	groupUserSettingsFields GroupUserSettings
	groupFields             Group
	folderFields            Folder
	adminFiltersFields      AdminFilters
	adminFields             Admin
)

var (
	virtualFolderKeys     = jsonKeys[virtualFolderFields]()
	userFiltersKeys       = jsonKeys[userFiltersFields]()
	userKeys              = jsonKeys[userFields]()
	groupUserSettingsKeys = jsonKeys[groupUserSettingsFields]()
	groupKeys             = jsonKeys[groupFields]()
	folderKeys            = jsonKeys[folderFields]()
	adminFiltersKeys      = jsonKeys[adminFiltersFields]()
	adminKeys             = jsonKeys[adminFields]()
)

// MarshalJSON encodes v with its Extra members.
func (v VirtualFolder) MarshalJSON() ([]byte, error) {
	return encodeWithExtra(virtualFolderFields(v), v.Extra, virtualFolderKeys)
}

// UnmarshalJSON decodes data, keeping the members not modelled in Extra.
func (v *VirtualFolder) UnmarshalJSON(data []byte) error {
	var f virtualFolderFields
	extra, err := decodeWithExtra(data, &f, virtualFolderKeys)
	if err != nil {
		return err
	}
	*v = VirtualFolder(f)
	v.Extra = extra
	return nil
}

// MarshalJSON encodes f with its Extra members.
func (f UserFilters) MarshalJSON() ([]byte, error) {
	return encodeWithExtra(userFiltersFields(f), f.Extra, userFiltersKeys)
}

// UnmarshalJSON decodes data, keeping the members not modelled in Extra.
func (f *UserFilters) UnmarshalJSON(data []byte) error {
	var fields userFiltersFields
	extra, err := decodeWithExtra(data, &fields, userFiltersKeys)
	if err != nil {
		return err
	}
	*f = UserFilters(fields)
	f.Extra = extra
	return nil
}

// MarshalJSON encodes u with its Extra members.
func (u User) MarshalJSON() ([]byte, error) {
	return encodeWithExtra(userFields(u), u.Extra, userKeys)
}

// UnmarshalJSON decodes data, keeping the members not modelled in Extra.
func (u *User) UnmarshalJSON(data []byte) error {
	var f userFields
	extra, err := decodeWithExtra(data, &f, userKeys)
	if err != nil {
		return err
	}
	*u = User(f)
	u.Extra = extra
	return nil
}

// MarshalJSON encodes s with its Extra members.
func (s GroupUserSettings) MarshalJSON() ([]byte, error) {
	return encodeWithExtra(groupUserSettingsFields(s), s.Extra, groupUserSettingsKeys)
}

// UnmarshalJSON decodes data, keeping the members not modelled in Extra.
func (s *GroupUserSettings) UnmarshalJSON(data []byte) error {
	var f groupUserSettingsFields
	extra, err := decodeWithExtra(data, &f, groupUserSettingsKeys)
	if err != nil {
		return err
	}
	*s = GroupUserSettings(f)
	s.Extra = extra
	return nil
}

// MarshalJSON encodes g with its Extra members.
func (g Group) MarshalJSON() ([]byte, error) {
	return encodeWithExtra(groupFields(g), g.Extra, groupKeys)
}

// UnmarshalJSON decodes data, keeping the members not modelled in Extra.
func (g *Group) UnmarshalJSON(data []byte) error {
	var f groupFields
	extra, err := decodeWithExtra(data, &f, groupKeys)
	if err != nil {
		return err
	}
	*g = Group(f)
	g.Extra = extra
	return nil
}

// MarshalJSON encodes f with its Extra members.
func (f Folder) MarshalJSON() ([]byte, error) {
	return encodeWithExtra(folderFields(f), f.Extra, folderKeys)
}

// UnmarshalJSON decodes data, keeping the members not modelled in Extra.
func (f *Folder) UnmarshalJSON(data []byte) error {
	var fields folderFields
	extra, err := decodeWithExtra(data, &fields, folderKeys)
	if err != nil {
		return err
	}
	*f = Folder(fields)
	f.Extra = extra
	return nil
}

// MarshalJSON encodes f with its Extra members.
func (f AdminFilters) MarshalJSON() ([]byte, error) {
	return encodeWithExtra(adminFiltersFields(f), f.Extra, adminFiltersKeys)
}

// UnmarshalJSON decodes data, keeping the members not modelled in Extra.
func (f *AdminFilters) UnmarshalJSON(data []byte) error {
	var fields adminFiltersFields
	extra, err := decodeWithExtra(data, &fields, adminFiltersKeys)
	if err != nil {
		return err
	}
	*f = AdminFilters(fields)
	f.Extra = extra
	return nil
}

// MarshalJSON encodes a with its Extra members.
func (a Admin) MarshalJSON() ([]byte, error) {
	return encodeWithExtra(adminFields(a), a.Extra, adminKeys)
}

// UnmarshalJSON decodes data, keeping the members not modelled in Extra.
func (a *Admin) UnmarshalJSON(data []byte) error {
	var f adminFields
	extra, err := decodeWithExtra(data, &f, adminKeys)
	if err != nil {
		return err
	}
	*a = Admin(f)
	a.Extra = extra
	return nil
}
