package accounts

import (
	"cmp"
	"context"
	"reflect"
	"slices"
	"strings"

	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// The spec fields of a user's Secrets.
const (
	fieldPassword   = "spec.passwordSecret"
	fieldPublicKeys = "spec.publicKeysSecret"
)

// userHashPrefixes are the password hashes SFTPGo stores as they are for a
// user (hashPwdPrefixes in internal/dataprovider); it hashes anything else.
var userHashPrefixes = []string{"$argon2id$", "$2a$", "$pbkdf2-sha1$", "$pbkdf2-sha256$", "$pbkdf2-sha512$",
	"$pbkdf2-b64salt-sha256$", "$1$", "$apr1$", "$5$", "$6$", "$y$", "{MD5}", "{SHA256}", "{SHA512}"}

// Users manages SFTPGoUser resources as SFTPGo users.
var Users = Kind[*v1alpha1.SFTPGoUser, sftpgoapi.User]{
	Name:      "user",
	New:       func() *v1alpha1.SFTPGoUser { return &v1alpha1.SFTPGoUser{} },
	NewList:   func() client.ObjectList { return &v1alpha1.SFTPGoUserList{} },
	Secrets:   userSecrets,
	Needs:     userNeeds,
	DependsOn: []DependencyKind{DependsOnGroup, DependsOnFolder},
	Build:     buildUser,
	Object: ObjectAccess[sftpgoapi.User]{
		ID:          func(u *sftpgoapi.User) int64 { return u.ID },
		Name:        func(u *sftpgoapi.User) string { return u.Username },
		Description: func(u *sftpgoapi.User) string { return u.Description },
		Role:        func(u *sftpgoapi.User) *string { return &u.Role },
		Keep:        keepUser,
		KeepSecrets: keepUserSecrets,
		Differs:     userDiffers,
		Disconnect:  userDisconnect,
	},
	API: API[sftpgoapi.User]{
		Get: func(ctx context.Context, c *sftpgoapi.Client, name string) (*sftpgoapi.User, error) {
			return c.GetUser(ctx, name)
		},
		Create: func(ctx context.Context, c *sftpgoapi.Client, u *sftpgoapi.User) (*sftpgoapi.User, error) {
			return c.CreateUser(ctx, u)
		},
		Update: func(ctx context.Context, c *sftpgoapi.Client, u *sftpgoapi.User, disconnect bool) error {
			return c.UpdateUser(ctx, u, disconnect)
		},
		Delete: func(ctx context.Context, c *sftpgoapi.Client, name string) error { return c.DeleteUser(ctx, name) },
		List:   func(ctx context.Context, c *sftpgoapi.Client) ([]sftpgoapi.User, error) { return c.ListUsers(ctx) },
	},
}

func userSecrets(u *v1alpha1.SFTPGoUser) []SecretRef {
	var out []SecretRef
	out = append(out, secretRef(fieldPassword, u.Spec.PasswordSecret, v1alpha1.DefaultPasswordKey)...)
	out = append(out, secretRef(fieldPublicKeys, u.Spec.PublicKeysSecret, v1alpha1.DefaultAuthorizedKeysKey)...)
	return append(out, storageSecrets(u.Spec.Storage)...)
}

func userNeeds(u *v1alpha1.SFTPGoUser) []Dependency {
	var out []Dependency
	for _, g := range u.Spec.Groups {
		out = append(out, Dependency{Kind: DependsOnGroup, Name: string(g.Name)})
	}
	return append(out, mountNeeds(u.Spec.VirtualFolders)...)
}

func mountNeeds(mounts []v1alpha1.VirtualFolderMount) []Dependency {
	var out []Dependency
	for _, m := range mounts {
		out = append(out, Dependency{Kind: DependsOnFolder, Name: string(m.Name)})
	}
	return out
}

// groupTypes maps a user's group types to SFTPGo's; unset is Secondary
// (the API default).
var groupTypes = map[v1alpha1.GroupType]int{
	"":                           sftpgoapi.GroupTypeSecondary,
	v1alpha1.GroupTypePrimary:    sftpgoapi.GroupTypePrimary,
	v1alpha1.GroupTypeSecondary:  sftpgoapi.GroupTypeSecondary,
	v1alpha1.GroupTypeMembership: sftpgoapi.GroupTypeMembership,
}

// userFilterMembers are the user-only filters the REST type does not
// model.
type userFilterMembers struct {
	AdditionalEmails []string `json:"additional_emails"`
}

func buildUser(r *v1alpha1.SFTPGoUser, values Values, marker string) (*sftpgoapi.User, error) {
	s := &r.Spec
	u := &sftpgoapi.User{
		Status:         status(s.Enabled),
		Username:       r.AccountName(),
		Email:          s.Email,
		Description:    WithMarker(s.Description, marker),
		AdditionalInfo: s.AdditionalInfo,
		Role:           string(s.Role),
		HomeDir:        cleanPath(s.HomeDir),
		MaxSessions:    int(s.MaxSessions),
		Permissions:    buildPermissions(s.Permissions, true),
	}
	if s.ExpirationDate != nil {
		u.ExpirationDate = s.ExpirationDate.UnixMilli()
	}
	if s.PasswordSecret != nil {
		u.Password = userPassword(values[fieldPassword])
	}
	u.PublicKeys = publicKeys(s.PublicKeys, values[fieldPublicKeys])
	for _, g := range s.Groups {
		u.Groups = append(u.Groups, sftpgoapi.GroupMapping{Name: string(g.Name), Type: groupTypes[g.Type]})
	}
	b, err := buildSettings(&s.AccountSettings, values)
	if err != nil {
		return nil, err
	}
	u.QuotaSize, u.QuotaFiles = b.quotaSize, b.quotaFiles
	u.UploadBandwidth, u.DownloadBandwidth = b.upload, b.download
	setMembers(&u.Extra, b.dataTransfer) // the REST type does not model them
	u.Filters, u.Filesystem, u.VirtualFolders = b.filters, b.filesystem, b.virtualFolders
	setMembers(&u.Filters.Extra, userFilterMembers{AdditionalEmails: dedupe(s.AdditionalEmails)})
	return u, nil
}

// status is SFTPGo's status for spec.enabled (default true).
func status(enabled *bool) int {
	if enabled != nil && !*enabled {
		return sftpgoapi.StatusDisabled
	}
	return sftpgoapi.StatusEnabled
}

// userPassword is the password to send: a hash without the white space
// around it (a Secret made from a file often ends with a newline, which
// would make the hash unusable); plain text as it is.
func userPassword(v string) string {
	if t := strings.TrimSpace(v); hasPrefix(t, userHashPrefixes) {
		return t
	}
	return v
}

func hasPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// publicKeys returns spec.publicKeys and the lines of the publicKeysSecret
// value (without blank lines and # comments), without repeats (SFTPGo
// drops them, validatePublicKeys).
func publicKeys(spec []string, secret string) []string {
	keys := append([]string(nil), spec...)
	for _, line := range strings.Split(secret, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		keys = append(keys, line)
	}
	if len(keys) == 0 {
		return nil
	}
	return dedupe(keys)
}

// keepUser copies into desired what the spec does not set: the id, the
// unmodelled members (uid, gid, used quota, timestamps, TOTP, hooks, TLS
// certificates, ...), require_password_change, the home directory when
// the spec sets none (SFTPGo's default, or one set by hand: the operator
// does not move a user's files), the mounts' folder members.
func keepUser(live, desired *sftpgoapi.User) {
	desired.ID = live.ID
	if desired.HomeDir == "" {
		desired.HomeDir = live.HomeDir
	}
	desired.Extra = mergeExtra(live.Extra, desired.Extra)
	keepFilters(&live.Filters, &desired.Filters)
	keepStorage(&live.Filesystem, &desired.Filesystem)
	keepMounts(live.VirtualFolders, desired.VirtualFolders)
}

// keepUserSecrets leaves the stored password and storage secrets alone.
// A user without a password on the server (has_password false) gets the
// spec's again.
func keepUserSecrets(live, desired *sftpgoapi.User) {
	if live.HasPassword {
		desired.Password = ""
	}
	keepStorageSecrets(&live.Filesystem, &desired.Filesystem)
}

// userView is what Differs compares of a user: every member the spec sets,
// as SFTPGo stores it (ValidateUser in internal/dataprovider).
type userView struct {
	Status            int
	Username          string
	Email             string
	AdditionalEmails  []string
	Description       string
	AdditionalInfo    string
	ExpirationDate    int64
	PublicKeys        []string
	HomeDir           string
	MaxSessions       int
	QuotaSize         int64
	QuotaFiles        int
	Permissions       map[string]string
	UploadBandwidth   int64
	DownloadBandwidth int64
	DataTransfer      dataTransfer
	Groups            []sftpgoapi.GroupMapping
	VirtualFolders    []mountView
	Filters           filtersView
	Storage           storageView
	Role              string
	// Unreadable: an unmodelled member could not be decoded.
	Unreadable bool
}

func viewUser(u *sftpgoapi.User) userView {
	transfer, ok := viewDataTransfer(u.Extra)
	var fm userFilterMembers
	err := getMembers(u.Filters.Extra, &fm)
	v := userView{
		Status:            u.Status,
		Username:          u.Username,
		Email:             u.Email,
		AdditionalEmails:  set(fm.AdditionalEmails),
		Description:       u.Description,
		AdditionalInfo:    u.AdditionalInfo,
		ExpirationDate:    u.ExpirationDate,
		PublicKeys:        set(u.PublicKeys),
		HomeDir:           cleanPath(u.HomeDir),
		MaxSessions:       u.MaxSessions,
		QuotaSize:         u.QuotaSize,
		QuotaFiles:        u.QuotaFiles,
		Permissions:       viewPermissions(u.Permissions),
		UploadBandwidth:   nonNegative(u.UploadBandwidth),
		DownloadBandwidth: nonNegative(u.DownloadBandwidth),
		DataTransfer:      transfer,
		VirtualFolders:    viewMounts(u.VirtualFolders),
		Filters:           viewFilters(&u.Filters),
		Storage:           viewStorage(&u.Filesystem),
		Role:              u.Role,
		Unreadable:        !ok || err != nil,
	}
	// Groups: their order has no meaning.
	v.Groups = slices.Clone(u.Groups)
	slices.SortFunc(v.Groups, func(a, b sftpgoapi.GroupMapping) int { return cmp.Compare(a.Name, b.Name) })
	if len(v.Groups) == 0 {
		v.Groups = nil
	}
	return v
}

// userDiffers compares the views of live and desired, except the home
// directory when the spec sets none, and reports a password the spec sets
// that the server lacks.
func userDiffers(live, desired *sftpgoapi.User) bool {
	l, d := viewUser(live), viewUser(desired)
	if d.HomeDir == "" {
		l.HomeDir = ""
	}
	if desired.Password != "" && !live.HasPassword {
		return true
	}
	return !reflect.DeepEqual(l, d)
}

// userDisconnect: the sessions must end when the user is disabled, when
// its keys, IP filters, denied protocols or login methods change, or when
// a password is sent again.
func userDisconnect(live, desired *sftpgoapi.User, secretsSent bool) bool {
	l, d := viewUser(live), viewUser(desired)
	switch {
	case l.Status == sftpgoapi.StatusEnabled && d.Status == sftpgoapi.StatusDisabled:
		return true
	case !slices.Equal(l.PublicKeys, d.PublicKeys),
		!slices.Equal(l.Filters.AllowedIP, d.Filters.AllowedIP),
		!slices.Equal(l.Filters.DeniedIP, d.Filters.DeniedIP),
		!slices.Equal(l.Filters.DeniedProtocols, d.Filters.DeniedProtocols),
		!slices.Equal(l.Filters.DeniedLoginMethods, d.Filters.DeniedLoginMethods):
		return true
	}
	return secretsSent && desired.Password != ""
}
