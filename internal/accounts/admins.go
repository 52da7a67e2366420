package accounts

import (
	"cmp"
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// adminHashPrefixes are the password hashes SFTPGo stores as they are for
// an admin (internalHashPwdPrefixes in internal/dataprovider); it hashes
// anything else, after removing the white space around it.
var adminHashPrefixes = []string{"$2a$", "$argon2id$"}

// Admins manages SFTPGoAdmin resources as SFTPGo admins.
var Admins = Kind[*v1alpha1.SFTPGoAdmin, sftpgoapi.Admin]{
	Name:    "admin",
	New:     func() *v1alpha1.SFTPGoAdmin { return &v1alpha1.SFTPGoAdmin{} },
	NewList: func() client.ObjectList { return &v1alpha1.SFTPGoAdminList{} },
	Secrets: func(a *v1alpha1.SFTPGoAdmin) []SecretRef {
		return secretRef(fieldPassword, &a.Spec.PasswordSecret, v1alpha1.DefaultPasswordKey)
	},
	// The groups an admin names must exist: SFTPGo maps them by name and
	// refuses a missing one.
	Needs: func(a *v1alpha1.SFTPGoAdmin) []Dependency {
		var out []Dependency
		for _, g := range a.Spec.Groups {
			out = append(out, Dependency{Kind: DependsOnGroup, Name: string(g.Name)})
		}
		return out
	},
	DependsOn: []DependencyKind{DependsOnGroup},
	Build:     buildAdmin,
	Object: ObjectAccess[sftpgoapi.Admin]{
		ID:          func(a *sftpgoapi.Admin) int64 { return a.ID },
		Name:        func(a *sftpgoapi.Admin) string { return a.Username },
		Description: func(a *sftpgoapi.Admin) string { return a.Description },
		Keep:        keepAdmin,
		// An empty password keeps the stored one (updateAdmin in
		// internal/httpd/api_admin.go).
		KeepSecrets: func(_, desired *sftpgoapi.Admin) { desired.Password = "" },
		Differs: func(live, desired *sftpgoapi.Admin) bool {
			return !reflect.DeepEqual(viewAdmin(live), viewAdmin(desired))
		},
		Disconnect: func(_, _ *sftpgoapi.Admin, _ bool) bool { return false },
	},
	API: API[sftpgoapi.Admin]{
		Get: func(ctx context.Context, c *sftpgoapi.Client, name string) (*sftpgoapi.Admin, error) {
			return c.GetAdmin(ctx, name)
		},
		Create: func(ctx context.Context, c *sftpgoapi.Client, a *sftpgoapi.Admin) (*sftpgoapi.Admin, error) {
			return c.CreateAdmin(ctx, a)
		},
		Update: func(ctx context.Context, c *sftpgoapi.Client, a *sftpgoapi.Admin, _ bool) error {
			return c.UpdateAdmin(ctx, a)
		},
		Delete: func(ctx context.Context, c *sftpgoapi.Client, name string) error { return c.DeleteAdmin(ctx, name) },
		List:   func(ctx context.Context, c *sftpgoapi.Client) ([]sftpgoapi.Admin, error) { return c.ListAdmins(ctx) },
	},
}

// adminGroup is dataprovider.AdminGroupMapping.
type adminGroup struct {
	Name    string            `json:"name"`
	Options adminGroupOptions `json:"options"`
}

type adminGroupOptions struct {
	AddToUsersAs int `json:"add_to_users_as,omitempty"`
}

// adminMembers are the admin's members the REST type does not model.
type adminMembers struct {
	Groups []adminGroup `json:"groups"`
}

// addToUsersAs maps AddToUsersAs to SFTPGo's GroupAddToUsersAs*; unset is
// Membership (the API default).
var addToUsersAs = map[v1alpha1.AdminGroupAddToUsersAs]int{
	"": 0, "Membership": 0, "Primary": 1, "Secondary": 2,
}

func buildAdmin(r *v1alpha1.SFTPGoAdmin, values Values, marker string) (*sftpgoapi.Admin, error) {
	s := &r.Spec
	password, err := adminPassword(values[fieldPassword])
	if err != nil {
		return nil, err
	}
	a := &sftpgoapi.Admin{
		Status:      status(s.Enabled),
		Username:    r.AccountName(),
		Password:    password,
		Email:       s.Email,
		Description: WithMarker(s.Description, marker),
		Permissions: permissionList(s.Permissions),
		Filters: sftpgoapi.AdminFilters{
			AllowList:        dedupe(s.AllowedIPs),
			AllowAPIKeyAuth:  s.AllowAPIKeyAuth,
			RequireTwoFactor: s.RequireTwoFactor,
		},
		Role: string(s.Role),
	}
	m := adminMembers{Groups: []adminGroup{}}
	for _, g := range s.Groups {
		m.Groups = append(m.Groups, adminGroup{Name: string(g.Name),
			Options: adminGroupOptions{AddToUsersAs: addToUsersAs[g.AddToUsersAs]}})
	}
	setMembers(&a.Extra, m)
	return a, nil
}

// adminPassword checks that SFTPGo stores the password as meant: plain
// text, or a hash it keeps as it is. A hash of another format would be
// hashed again, and the admin could not log in.
func adminPassword(v string) (string, error) {
	t := strings.TrimSpace(v)
	switch {
	case t == "":
		return "", fmt.Errorf("the admin's password in the Secret key that %s names is empty or only white space: "+
			"set a password", fieldPassword)
	case hasPrefix(t, adminHashPrefixes):
		return t, nil
	case strings.HasPrefix(t, "$2y$"), strings.HasPrefix(t, "$2b$"):
		return "", fmt.Errorf("the admin's password in the Secret key that %s names is a bcrypt hash with the prefix %s, "+
			"which SFTPGo would take as plain text and hash again, so that the admin could not log in: "+
			"write the same hash with the prefix $2a$ (the same bcrypt format), or give the plain password",
			fieldPassword, t[:4])
	case hasPrefix(t, userHashPrefixes):
		return "", fmt.Errorf("the admin's password in the Secret key that %s names is a password hash SFTPGo accepts "+
			"for users only (admins: bcrypt $2a$ or $argon2id$); SFTPGo would take it as plain text and hash it "+
			"again, so that the admin could not log in: give a $2a$ or $argon2id$ hash, or the plain password",
			fieldPassword)
	}
	return v, nil
}

// keepAdmin copies into desired what the spec does not set: the id, the
// unmodelled members (TOTP, recovery codes, preferences, timestamps),
// additional_info, require_password_change.
func keepAdmin(live, desired *sftpgoapi.Admin) {
	desired.ID = live.ID
	desired.AdditionalInfo = live.AdditionalInfo
	desired.Extra = mergeExtra(live.Extra, desired.Extra)
	desired.Filters.RequirePasswordChange = live.Filters.RequirePasswordChange
	desired.Filters.Extra = mergeExtra(live.Filters.Extra, desired.Filters.Extra)
}

// adminView is what Differs compares of an admin: every member the spec
// sets, as SFTPGo stores it (Admin.validate in internal/dataprovider).
type adminView struct {
	Status           int
	Username         string
	Email            string
	Description      string
	Permissions      []string
	AllowList        []string
	AllowAPIKeyAuth  bool
	RequireTwoFactor bool
	Role             string
	Groups           []adminGroup
	// Unreadable: an unmodelled member could not be decoded.
	Unreadable bool
}

func viewAdmin(a *sftpgoapi.Admin) adminView {
	var m adminMembers
	err := getMembers(a.Extra, &m)
	v := adminView{
		Status:           a.Status,
		Username:         a.Username,
		Email:            a.Email,
		Description:      a.Description,
		Permissions:      set(permissionList(a.Permissions)),
		AllowList:        set(a.Filters.AllowList),
		AllowAPIKeyAuth:  a.Filters.AllowAPIKeyAuth,
		RequireTwoFactor: a.Filters.RequireTwoFactor,
		Role:             a.Role,
		Unreadable:       err != nil,
	}
	// Groups: their order has no meaning.
	if len(m.Groups) > 0 {
		v.Groups = slices.Clone(m.Groups)
		slices.SortFunc(v.Groups, func(a, b adminGroup) int { return cmp.Compare(a.Name, b.Name) })
	}
	return v
}
