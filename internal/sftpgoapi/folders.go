package sftpgoapi

import (
	"context"
	"net/http"
)

const (
	foldersRoute = apiPrefix + "/folders"
	folderRoute  = foldersRoute + "/{name}"
)

// GetFolder returns the virtual folder, ErrNotFound if there is none.
func (c *Client) GetFolder(ctx context.Context, name string) (*Folder, error) {
	path, err := objectPath(foldersRoute, "folder", name)
	if err != nil {
		return nil, err
	}
	var f Folder
	if err := c.do(ctx, call{method: http.MethodGet, route: folderRoute, path: path, out: &f}); err != nil {
		return nil, err
	}
	return &f, nil
}

// CreateFolder adds f and returns the folder as SFTPGo stored it. It fails
// with ErrAlreadyExists if the name is taken.
func (c *Client) CreateFolder(ctx context.Context, f *Folder) (*Folder, error) {
	var created Folder
	if err := c.do(ctx, call{method: http.MethodPost, route: foldersRoute, path: foldersRoute, in: f, out: &created}); err != nil {
		return nil, err
	}
	return &created, nil
}

// UpdateFolder replaces the folder named f.Name with f: every member f leaves
// out is reset, except encrypted filesystem secrets. Start from GetFolder's
// result. It fails with ErrNotFound if the folder does not exist.
func (c *Client) UpdateFolder(ctx context.Context, f *Folder) error {
	path, err := objectPath(foldersRoute, "folder", f.Name)
	if err != nil {
		return err
	}
	return c.do(ctx, call{method: http.MethodPut, route: folderRoute, path: path, in: f})
}

// DeleteFolder removes the folder. SFTPGo does not refuse a folder in use: it
// unmounts it from its users and groups.
func (c *Client) DeleteFolder(ctx context.Context, name string) error {
	path, err := objectPath(foldersRoute, "folder", name)
	if err != nil {
		return err
	}
	return c.do(ctx, call{method: http.MethodDelete, route: folderRoute, path: path})
}

// ListFolders returns every virtual folder, by ascending name.
func (c *Client) ListFolders(ctx context.Context) ([]Folder, error) {
	return listAll(ctx, c, foldersRoute, func(f *Folder) string { return f.Name })
}
