package accounts

import (
	"context"
	"reflect"

	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// Folders manages SFTPGoFolder resources as SFTPGo virtual folders.
var Folders = Kind[*v1alpha1.SFTPGoFolder, sftpgoapi.Folder]{
	Name:      string(DependsOnFolder),
	New:       func() *v1alpha1.SFTPGoFolder { return &v1alpha1.SFTPGoFolder{} },
	NewList:   func() client.ObjectList { return &v1alpha1.SFTPGoFolderList{} },
	Secrets:   func(f *v1alpha1.SFTPGoFolder) []SecretRef { return storageSecrets(f.Spec.Storage) },
	Needs:     func(*v1alpha1.SFTPGoFolder) []Dependency { return nil },
	DependsOn: nil,
	Build:     buildFolder,
	Object: ObjectAccess[sftpgoapi.Folder]{
		ID:          func(f *sftpgoapi.Folder) int64 { return f.ID },
		Name:        func(f *sftpgoapi.Folder) string { return f.Name },
		Description: func(f *sftpgoapi.Folder) string { return f.Description },
		Keep:        keepFolder,
		KeepSecrets: func(live, desired *sftpgoapi.Folder) { keepStorageSecrets(&live.Filesystem, &desired.Filesystem) },
		Differs: func(live, desired *sftpgoapi.Folder) bool {
			return !reflect.DeepEqual(viewFolder(live), viewFolder(desired))
		},
		Disconnect: func(_, _ *sftpgoapi.Folder, _ bool) bool { return false },
	},
	API: API[sftpgoapi.Folder]{
		Get: func(ctx context.Context, c *sftpgoapi.Client, name string) (*sftpgoapi.Folder, error) {
			return c.GetFolder(ctx, name)
		},
		Create: func(ctx context.Context, c *sftpgoapi.Client, f *sftpgoapi.Folder) (*sftpgoapi.Folder, error) {
			return c.CreateFolder(ctx, f)
		},
		Update: func(ctx context.Context, c *sftpgoapi.Client, f *sftpgoapi.Folder, _ bool) error {
			return c.UpdateFolder(ctx, f)
		},
		Delete: func(ctx context.Context, c *sftpgoapi.Client, name string) error { return c.DeleteFolder(ctx, name) },
		List:   func(ctx context.Context, c *sftpgoapi.Client) ([]sftpgoapi.Folder, error) { return c.ListFolders(ctx) },
	},
}

func buildFolder(r *v1alpha1.SFTPGoFolder, values Values, marker string) (*sftpgoapi.Folder, error) {
	fs, err := buildStorage(r.Spec.Storage, values)
	if err != nil {
		return nil, err
	}
	return &sftpgoapi.Folder{
		Name:        r.AccountName(),
		MappedPath:  cleanPath(r.Spec.MappedPath),
		Description: WithMarker(r.Spec.Description, marker),
		Filesystem:  fs,
	}, nil
}

// keepFolder copies into desired what the spec does not set: the id, who
// mounts the folder (computed by SFTPGo), the unmodelled members (used
// quota, timestamps, ...).
func keepFolder(live, desired *sftpgoapi.Folder) {
	desired.ID = live.ID
	desired.Users = append([]string(nil), live.Users...)
	desired.Groups = append([]string(nil), live.Groups...)
	desired.Extra = mergeExtra(live.Extra, desired.Extra)
	keepStorage(&live.Filesystem, &desired.Filesystem)
}

// folderView is what Differs compares of a folder: every member the spec
// sets, as SFTPGo stores it (ValidateFolder in internal/dataprovider).
type folderView struct {
	Name        string
	MappedPath  string
	Description string
	Storage     storageView
}

func viewFolder(f *sftpgoapi.Folder) folderView {
	return folderView{Name: f.Name, MappedPath: cleanPath(f.MappedPath), Description: f.Description,
		Storage: viewStorage(&f.Filesystem)}
}
