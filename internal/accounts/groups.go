package accounts

import (
	"context"
	"reflect"

	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// Groups manages SFTPGoGroup resources as SFTPGo groups.
var Groups = Kind[*v1alpha1.SFTPGoGroup, sftpgoapi.Group]{
	Name:      string(DependsOnGroup),
	New:       func() *v1alpha1.SFTPGoGroup { return &v1alpha1.SFTPGoGroup{} },
	NewList:   func() client.ObjectList { return &v1alpha1.SFTPGoGroupList{} },
	Secrets:   func(g *v1alpha1.SFTPGoGroup) []SecretRef { return storageSecrets(g.Spec.Storage) },
	Needs:     func(g *v1alpha1.SFTPGoGroup) []Dependency { return mountNeeds(g.Spec.VirtualFolders) },
	DependsOn: []DependencyKind{DependsOnFolder},
	Build:     buildGroup,
	Object: ObjectAccess[sftpgoapi.Group]{
		ID:          func(g *sftpgoapi.Group) int64 { return g.ID },
		Name:        func(g *sftpgoapi.Group) string { return g.Name },
		Description: func(g *sftpgoapi.Group) string { return g.Description },
		Keep:        keepGroup,
		KeepSecrets: func(live, desired *sftpgoapi.Group) {
			keepStorageSecrets(&live.UserSettings.Filesystem, &desired.UserSettings.Filesystem)
		},
		Differs: func(live, desired *sftpgoapi.Group) bool {
			return !reflect.DeepEqual(viewGroup(live), viewGroup(desired))
		},
		Disconnect: func(_, _ *sftpgoapi.Group, _ bool) bool { return false },
	},
	API: API[sftpgoapi.Group]{
		Get: func(ctx context.Context, c *sftpgoapi.Client, name string) (*sftpgoapi.Group, error) {
			return c.GetGroup(ctx, name)
		},
		Create: func(ctx context.Context, c *sftpgoapi.Client, g *sftpgoapi.Group) (*sftpgoapi.Group, error) {
			return c.CreateGroup(ctx, g)
		},
		Update: func(ctx context.Context, c *sftpgoapi.Client, g *sftpgoapi.Group, _ bool) error {
			return c.UpdateGroup(ctx, g)
		},
		Delete: func(ctx context.Context, c *sftpgoapi.Client, name string) error { return c.DeleteGroup(ctx, name) },
		List:   func(ctx context.Context, c *sftpgoapi.Client) ([]sftpgoapi.Group, error) { return c.ListGroups(ctx) },
	},
}

func buildGroup(r *v1alpha1.SFTPGoGroup, values Values, marker string) (*sftpgoapi.Group, error) {
	s := &r.Spec
	g := &sftpgoapi.Group{
		Name:        r.AccountName(),
		Description: WithMarker(s.Description, marker),
		UserSettings: sftpgoapi.GroupUserSettings{
			HomeDir:     cleanPath(s.HomeDir),
			MaxSessions: int(s.MaxSessions),
			Permissions: buildPermissions(s.Permissions, false),
			ExpiresIn:   int(s.ExpiresInDays),
		},
	}
	b, err := buildSettings(&s.AccountSettings, values)
	if err != nil {
		return nil, err
	}
	us := &g.UserSettings
	us.QuotaSize, us.QuotaFiles = b.quotaSize, b.quotaFiles
	us.UploadBandwidth, us.DownloadBandwidth = b.upload, b.download
	setMembers(&us.Extra, b.dataTransfer) // the REST type does not model them
	us.Filters, us.Filesystem, g.VirtualFolders = b.filters, b.filesystem, b.virtualFolders
	return g, nil
}

// keepGroup copies into desired what the spec does not set: the id, the
// members (computed by SFTPGo), the unmodelled members, the mounts'
// folder members.
func keepGroup(live, desired *sftpgoapi.Group) {
	desired.ID = live.ID
	desired.Users = append([]string(nil), live.Users...)
	desired.Extra = mergeExtra(live.Extra, desired.Extra)
	ls, ds := &live.UserSettings, &desired.UserSettings
	ds.Extra = mergeExtra(ls.Extra, ds.Extra)
	keepFilters(&ls.Filters, &ds.Filters)
	keepStorage(&ls.Filesystem, &ds.Filesystem)
	keepMounts(live.VirtualFolders, desired.VirtualFolders)
}

// groupView is what Differs compares of a group: every member the spec
// sets, as SFTPGo stores it (Group.validate in internal/dataprovider).
type groupView struct {
	Name              string
	Description       string
	HomeDir           string
	MaxSessions       int
	QuotaSize         int64
	QuotaFiles        int
	Permissions       map[string]string
	UploadBandwidth   int64
	DownloadBandwidth int64
	DataTransfer      dataTransfer
	ExpiresIn         int
	Filters           filtersView
	Storage           storageView
	VirtualFolders    []mountView
	// Unreadable: an unmodelled member could not be decoded.
	Unreadable bool
}

func viewGroup(g *sftpgoapi.Group) groupView {
	us := &g.UserSettings
	transfer, ok := viewDataTransfer(us.Extra)
	return groupView{
		Name:              g.Name,
		Description:       g.Description,
		HomeDir:           cleanPath(us.HomeDir),
		MaxSessions:       us.MaxSessions,
		QuotaSize:         us.QuotaSize,
		QuotaFiles:        us.QuotaFiles,
		Permissions:       viewPermissions(us.Permissions),
		UploadBandwidth:   nonNegative(us.UploadBandwidth),
		DownloadBandwidth: nonNegative(us.DownloadBandwidth),
		DataTransfer:      transfer,
		ExpiresIn:         us.ExpiresIn,
		Filters:           viewFilters(&us.Filters),
		Storage:           viewStorage(&us.Filesystem),
		VirtualFolders:    viewMounts(g.VirtualFolders),
		Unreadable:        !ok,
	}
}
