package sftpgoapi

import (
	"context"
	"net/http"
)

const (
	groupsRoute = apiPrefix + "/groups"
	groupRoute  = groupsRoute + "/{name}"
)

// GetGroup returns the group, ErrNotFound if there is none.
func (c *Client) GetGroup(ctx context.Context, name string) (*Group, error) {
	path, err := objectPath(groupsRoute, "group", name)
	if err != nil {
		return nil, err
	}
	var g Group
	if err := c.do(ctx, call{method: http.MethodGet, route: groupRoute, path: path, out: &g}); err != nil {
		return nil, err
	}
	return &g, nil
}

// CreateGroup adds g and returns the group as SFTPGo stored it. It fails with
// ErrAlreadyExists if the name is taken and ErrMissingReference if g mounts
// a folder that does not exist.
func (c *Client) CreateGroup(ctx context.Context, g *Group) (*Group, error) {
	var created Group
	if err := c.do(ctx, call{method: http.MethodPost, route: groupsRoute, path: groupsRoute, in: g, out: &created}); err != nil {
		return nil, err
	}
	return &created, nil
}

// UpdateGroup replaces the group named g.Name with g: every member g leaves
// out is reset, except encrypted filesystem secrets. Start from GetGroup's
// result. It fails with ErrNotFound if the group does not exist.
func (c *Client) UpdateGroup(ctx context.Context, g *Group) error {
	path, err := objectPath(groupsRoute, "group", g.Name)
	if err != nil {
		return err
	}
	return c.do(ctx, call{method: http.MethodPut, route: groupRoute, path: path, in: g})
}

// DeleteGroup removes the group. SFTPGo refuses (ErrInvalid) while users
// belong to it.
func (c *Client) DeleteGroup(ctx context.Context, name string) error {
	path, err := objectPath(groupsRoute, "group", name)
	if err != nil {
		return err
	}
	return c.do(ctx, call{method: http.MethodDelete, route: groupRoute, path: path})
}

// ListGroups returns every group, by ascending name.
func (c *Client) ListGroups(ctx context.Context) ([]Group, error) {
	return listAll(ctx, c, groupsRoute, func(g *Group) string { return g.Name })
}
