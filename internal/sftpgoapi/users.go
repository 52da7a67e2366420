package sftpgoapi

import (
	"context"
	"net/http"
	"net/url"
)

const (
	usersRoute = apiPrefix + "/users"
	userRoute  = usersRoute + "/{username}"
)

// GetUser returns the user, ErrNotFound if there is none. SFTPGo leaves out
// the password and returns filesystem secrets encrypted.
func (c *Client) GetUser(ctx context.Context, username string) (*User, error) {
	path, err := objectPath(usersRoute, "user", username)
	if err != nil {
		return nil, err
	}
	var u User
	if err := c.do(ctx, call{method: http.MethodGet, route: userRoute, path: path, out: &u}); err != nil {
		return nil, err
	}
	c.roles.read([]User{u})
	return &u, nil
}

// CreateUser adds u and returns the user as SFTPGo stored it (with its ID and
// defaults; with the admin's role when the admin has one, see ForcedRole).
// It fails with ErrAlreadyExists if the username is taken,
// ErrMissingReference if u names a group or folder that does not exist, and
// ErrInvalid with SFTPGo's reason if u is refused.
func (c *Client) CreateUser(ctx context.Context, u *User) (*User, error) {
	var created User
	err := c.do(ctx, call{method: http.MethodPost, route: usersRoute, path: usersRoute, in: u, out: &created,
		secrets: []string{u.Password}})
	if err != nil {
		return nil, err
	}
	c.roles.created(u.Role, created.Role)
	return &created, nil
}

// UpdateUser replaces the user named u.Username with u: every member u
// leaves out is reset, except the password (kept when u.Password is empty),
// the TOTP configuration and recovery codes, and encrypted filesystem
// secrets; the role is the admin's when the admin has one (see ForcedRole).
// Start from GetUser's result. disconnect closes the user's open
// sessions so that the change applies at once. It fails with ErrNotFound if
// the user does not exist.
func (c *Client) UpdateUser(ctx context.Context, u *User, disconnect bool) error {
	path, err := objectPath(usersRoute, "user", u.Username)
	if err != nil {
		return err
	}
	query := url.Values{"disconnect": {"0"}}
	if disconnect {
		query.Set("disconnect", "1")
	}
	err = c.do(ctx, call{method: http.MethodPut, route: userRoute, path: path, query: query, in: u,
		secrets: []string{u.Password}})
	if err == nil {
		c.roles.updated(u.Username, u.Role)
	}
	return err
}

// DeleteUser removes the user and closes its sessions. It fails with
// ErrNotFound if the user does not exist.
func (c *Client) DeleteUser(ctx context.Context, username string) error {
	path, err := objectPath(usersRoute, "user", username)
	if err != nil {
		return err
	}
	err = c.do(ctx, call{method: http.MethodDelete, route: userRoute, path: path})
	c.roles.deleted(username)
	return err
}

// ListUsers returns every user the admin sees (those of its role, when it
// has one), by ascending username.
func (c *Client) ListUsers(ctx context.Context) ([]User, error) {
	users, err := listAll(ctx, c, usersRoute, func(u *User) string { return u.Username })
	if err == nil {
		c.roles.read(users)
	}
	return users, err
}

// objectPath returns the escaped path of the object name below collection.
// An empty name would address the collection itself.
func objectPath(collection, kind, name string) (string, error) {
	if name == "" {
		return "", &Error{Op: collection, Reason: ReasonInvalid, Message: "the " + kind + " has no name"}
	}
	return collection + "/" + url.PathEscape(name), nil
}
