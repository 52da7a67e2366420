// Package sftpgoapi is a typed client for the parts of SFTPGo v2.7's REST
// API (/api/v2) the operator manages: users, groups, virtual folders and
// admins.
//
// What it relies on, as read in SFTPGo's source at tag v2.7.5:
//
//   - Authentication (internal/httpd/server.go getToken, auth_utils.go,
//     middleware.go): GET /api/v2/token with HTTP Basic answers
//     {"access_token", "expires_at"}; tokens live 20 minutes by default
//     (apiTokenDuration) and are checked with a 30s leeway. An API key goes
//     in X-SFTPGO-API-KEY; an unknown key is a 400 "the provided api key is
//     not valid", a wrong one a 401. A missing permission is a 403.
//   - Errors (internal/httpd/api_utils.go sendAPIResponse, getRespStatus):
//     {"error": "...", "message": "..."}. A validation error is a 400
//     "Validation error: ...", a missing object a 404 {"error": "Not Found"}
//     (an unknown route a 404 {"message": "Not Found"}), a duplicate name a
//     409 "duplicated key not allowed: ..." on every data provider (sqlite,
//     postgres and mysql map their unique violation to ErrDuplicatedKey in
//     normalizeError; bolt and memory return it directly).
//   - Updates (api_user.go updateUser, api_group.go, api_folder.go,
//     api_admin.go): PUT decodes the body into a fresh struct, so members
//     left out are reset; see Extra.
//   - Lists (api_utils.go getSearchFilters): limit defaults to 100 and is
//     silently lowered to 500; offset; order ASC or DESC by name.
//   - References: a user naming a missing group or folder, or a group a
//     missing folder, fails when SFTPGo inserts the mapping row: a 500 with
//     the database's NOT NULL error on SQL providers (bolt: `group "x" does
//     not exist`). A group with members cannot be deleted (DeleteGroup: 400
//     "the group \"x\" is referenced, it cannot be removed"); a folder in use
//     can, its mounts are removed.
//
// See Error and Reason for how answers are classified.
package sftpgoapi
