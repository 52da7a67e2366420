package sftpgoapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
)

// Dump and load routes (internal/httpd/server.go at v2.7.5: both need the
// admin permission "*").
const (
	routeDumpData = "/api/v2/dumpdata"
	routeLoadData = "/api/v2/loaddata"
)

// DumpData returns SFTPGo's dump of its data provider, as
// GET /api/v2/dumpdata?output-data=1 sends it (dumpData in
// internal/httpd/api_maintenance.go): users, groups, folders, admins, API
// keys, shares, event actions and rules, roles, IP lists and configs, with
// password hashes and encrypted secrets, and the dump format "version".
func (c *Client) DumpData(ctx context.Context) ([]byte, error) {
	var out json.RawMessage
	err := c.do(ctx, call{method: http.MethodGet, route: routeDumpData, path: routeDumpData,
		query: url.Values{"output-data": {"1"}}, out: &out})
	return out, err
}

// Load modes of POST /api/v2/loaddata (restoreBackup).
const (
	// LoadAddAndUpdate adds what is missing and updates what exists.
	LoadAddAndUpdate = 0
	// LoadAddOnly adds what is missing and leaves what exists.
	LoadAddOnly = 1
	// LoadAddUpdateDisconnect is LoadAddAndUpdate that also ends the
	// sessions of the users it updates.
	LoadAddUpdateDisconnect = 2
)

// LoadData restores a dump with POST /api/v2/loaddata?mode=MODE (body: the
// dump, at most 20 MB: MaxRestoreSize).
func (c *Client) LoadData(ctx context.Context, dump []byte, mode int) error {
	return c.do(ctx, call{method: http.MethodPost, route: routeLoadData, path: routeLoadData,
		query: url.Values{"mode": {strconv.Itoa(mode)}}, in: json.RawMessage(dump)})
}
