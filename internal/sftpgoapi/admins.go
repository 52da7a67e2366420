package sftpgoapi

import (
	"context"
	"net/http"
)

const (
	adminsRoute = apiPrefix + "/admins"
	adminRoute  = adminsRoute + "/{username}"
)

// GetAdmin returns the admin, ErrNotFound if there is none. SFTPGo leaves out
// the password.
func (c *Client) GetAdmin(ctx context.Context, username string) (*Admin, error) {
	path, err := objectPath(adminsRoute, "admin", username)
	if err != nil {
		return nil, err
	}
	var a Admin
	if err := c.do(ctx, call{method: http.MethodGet, route: adminRoute, path: path, out: &a}); err != nil {
		return nil, err
	}
	return &a, nil
}

// CreateAdmin adds a and returns the admin as SFTPGo stored it. SFTPGo
// requires a password. It fails with ErrAlreadyExists if the username is
// taken.
func (c *Client) CreateAdmin(ctx context.Context, a *Admin) (*Admin, error) {
	var created Admin
	err := c.do(ctx, call{method: http.MethodPost, route: adminsRoute, path: adminsRoute, in: a, out: &created,
		secrets: []string{a.Password}})
	if err != nil {
		return nil, err
	}
	return &created, nil
}

// UpdateAdmin replaces the admin named a.Username with a: every member a
// leaves out is reset, except the password (kept when a.Password is empty)
// and the TOTP configuration and recovery codes. SFTPGo refuses (ErrInvalid)
// changes to the calling admin's own permissions, role or status, and any
// change to it through an API key. It fails with ErrNotFound if the admin
// does not exist.
func (c *Client) UpdateAdmin(ctx context.Context, a *Admin) error {
	path, err := objectPath(adminsRoute, "admin", a.Username)
	if err != nil {
		return err
	}
	return c.do(ctx, call{method: http.MethodPut, route: adminRoute, path: path, in: a,
		secrets: []string{a.Password}})
}

// DeleteAdmin removes the admin. SFTPGo refuses (ErrInvalid) to delete the
// calling admin.
func (c *Client) DeleteAdmin(ctx context.Context, username string) error {
	path, err := objectPath(adminsRoute, "admin", username)
	if err != nil {
		return err
	}
	return c.do(ctx, call{method: http.MethodDelete, route: adminRoute, path: path})
}

// ListAdmins returns every admin, by ascending username.
func (c *Client) ListAdmins(ctx context.Context) ([]Admin, error) {
	return listAll(ctx, c, adminsRoute, func(a *Admin) string { return a.Username })
}
