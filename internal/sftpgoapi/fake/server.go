// Package fake is an in-memory SFTPGo v2.7.5 REST API for tests: users,
// groups, virtual folders and admins, with the semantics the real server has
// and an operator depends on (read in SFTPGo's internal/httpd and
// internal/dataprovider at v2.7.5, see package sftpgoapi):
//
//   - GET /api/v2/token with HTTP Basic returns a token that expires (20
//     minutes by default); every other route needs "Authorization: Bearer"
//     or X-SFTPGO-API-KEY, and the admin's permission for the route.
//   - POST of an existing name is 409 "duplicated key not allowed: UNIQUE
//     constraint failed: users.username" (the sqlite provider's text; every
//     provider answers 409 "duplicated key not allowed: ...").
//   - PUT and DELETE of a missing object are 404 {"error": "Not Found"}.
//   - PUT replaces the whole object: members left out are reset, except the
//     password (when the member is absent; an admin's also when empty), the
//     TOTP configuration and recovery codes, and filesystem secrets that are
//     sent neither plain nor empty.
//   - GET and lists never return passwords (has_password says whether one is
//     set) and return filesystem secrets encrypted, without key and
//     additional_data.
//   - Lists take limit (default 100, silently capped at 500), offset and
//     order, and are sorted by name.
//   - A user or group that mounts a missing folder, or a user in a missing
//     group, is a 500 with the sqlite NOT NULL error; a group with members
//     cannot be deleted (400); deleting a folder unmounts it everywhere.
//   - GET /api/v2/dumpdata?output-data=1 returns the dump (users and admins
//     with the password they were sent, groups, folders, the other kinds
//     empty, version 17), as an attachment; without output-data=1 it is a
//     400 (the fake has no backups_path to write to).
//
// Validation is a subset of SFTPGo's, with its messages.
package fake

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"maps"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// Kind names a type of object of the fake.
type Kind string

// Kinds of objects.
const (
	KindUser   Kind = "user"
	KindGroup  Kind = "group"
	KindFolder Kind = "folder"
	KindAdmin  Kind = "admin"
)

// defaultTokenLifetime is SFTPGo's apiTokenDuration.
const defaultTokenLifetime = 20 * time.Minute

// defaultUsersBaseDir is users_base_dir in the SFTPGo container image: a
// user created without home_dir gets users_base_dir/username.
const defaultUsersBaseDir = "/srv/sftpgo/data"

// Option configures a Server.
type Option func(*Server)

// WithTokenLifetime sets how long tokens live.
func WithTokenLifetime(d time.Duration) Option {
	return func(s *Server) { s.tokenLifetime = d }
}

// WithClock sets the clock tokens expire by; the Date header of answers
// follows it too, so that a client measuring token lifetimes against Date
// sees the same time.
func WithClock(now func() time.Time) Option {
	return func(s *Server) { s.now = now }
}

// WithUsersBaseDir sets the directory of default home directories, empty for
// none (then home_dir is mandatory).
func WithUsersBaseDir(dir string) Option {
	return func(s *Server) { s.usersBaseDir = dir }
}

// Server is a fake SFTPGo REST API. It is safe for concurrent use.
type Server struct {
	// URL is the base URL, such as http://127.0.0.1:PORT.
	URL string

	srv *httptest.Server

	mu            sync.Mutex
	now           func() time.Time
	tokenLifetime time.Duration
	usersBaseDir  string

	users   map[string]*userRecord
	groups  map[string]*sftpgoapi.Group
	folders map[string]*sftpgoapi.Folder
	admins  map[string]*adminRecord
	apiKeys map[string]apiKey
	tokens  map[string]*session
	nextID  map[Kind]int64

	requests    map[string]int
	writes      int
	down        bool
	unreachable bool
	disconnects map[string]int
}

type userRecord struct {
	// user is stored without password.
	user sftpgoapi.User
	// password is what the server received (plain text or a hash).
	password string
}

type adminRecord struct {
	admin    sftpgoapi.Admin
	password string
}

// New starts a fake SFTPGo on plain HTTP. Close it when done.
func New(opts ...Option) *Server {
	s := newServer(opts)
	s.srv = httptest.NewServer(s.handler())
	s.URL = s.srv.URL
	return s
}

// NewTLS starts a fake SFTPGo on HTTPS with httptest's certificate, valid for
// 127.0.0.1, ::1 and example.com; CA returns it. Close it when done.
func NewTLS(opts ...Option) *Server {
	s := newServer(opts)
	s.srv = httptest.NewTLSServer(s.handler())
	s.URL = s.srv.URL
	return s
}

func newServer(opts []Option) *Server {
	s := &Server{
		now:           time.Now,
		tokenLifetime: defaultTokenLifetime,
		usersBaseDir:  defaultUsersBaseDir,
		users:         map[string]*userRecord{},
		groups:        map[string]*sftpgoapi.Group{},
		folders:       map[string]*sftpgoapi.Folder{},
		admins:        map[string]*adminRecord{},
		apiKeys:       map[string]apiKey{},
		tokens:        map[string]*session{},
		nextID:        map[Kind]int64{},
		requests:      map[string]int{},
		disconnects:   map[string]int{},
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Close stops the server.
func (s *Server) Close() {
	s.srv.Close()
}

// CA returns the PEM certificate of a NewTLS server, nil for a plain one.
func (s *Server) CA() []byte {
	cert := s.srv.Certificate()
	if cert == nil {
		return nil
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
}

// Requests returns the number of requests received per route, keyed by
// "METHOD PATTERN" such as "GET /api/v2/users/{username}" or
// "GET /api/v2/token". Requests refused (auth, down) count too.
func (s *Server) Requests() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.requests)
}

// Writes returns the number of POST, PUT and DELETE requests received on
// users, groups, folders and admins, whether they succeeded or not.
func (s *Server) Writes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writes
}

// ResetCounters sets Requests and Writes back to zero.
func (s *Server) ResetCounters() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = map[string]int{}
	s.writes = 0
}

// SetDown makes every request answer 503 (not SFTPGo's JSON, as a proxy in
// front of a stopped SFTPGo would), or stops that.
func (s *Server) SetDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

// SetUnreachable makes the server close every connection without answering,
// or stops that.
func (s *Server) SetUnreachable(unreachable bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unreachable = unreachable
}

// ExpireTokens expires every token issued so far, as a restart of SFTPGo
// would invalidate them.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		t.expiry = time.Time{}
	}
}

// LastDisconnect returns the disconnect parameter (0 or 1) of the last
// successful PUT of the user, and whether there was one.
func (s *Server) LastDisconnect(username string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.disconnects[username]
	return v, ok
}

// route registers pattern ("METHOD /path") behind the counters, the down and
// unreachable switches and, unless public, authentication and perm.
func (s *Server) route(mux *http.ServeMux, pattern, perm string, write, public bool, h func(http.ResponseWriter, *http.Request, *session)) {
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests[pattern]++
		if write {
			s.writes++
		}
		down, unreachable := s.down, s.unreachable
		now := s.now()
		s.mu.Unlock()
		if unreachable {
			hangUp(w)
			return
		}
		if down {
			http.Error(w, "upstream connect error", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
		if public {
			h(w, r, nil)
			return
		}
		sess, ok := s.authenticate(w, r)
		if !ok {
			return
		}
		if !sess.hasPerm(perm) {
			sendError(w, http.StatusForbidden, "", http.StatusText(http.StatusForbidden))
			return
		}
		if sess.mustChangePassword {
			sendError(w, http.StatusForbidden,
				"Password change required. Please set a new password to continue to use your account", "")
			return
		}
		h(w, r, sess)
	})
}

// hangUp closes the connection without an answer.
func hangUp(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("fake: the connection cannot be hijacked")
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

// Admin permissions per route, as in SFTPGo's setupRESTAPIRoutes
// (internal/httpd/server.go).
const (
	permAny           = "*"
	permAddUsers      = "add_users"
	permChangeUsers   = "edit_users"
	permDeleteUsers   = "del_users"
	permViewUsers     = "view_users"
	permManageGroups  = "manage_groups"
	permManageFolders = "manage_folders"
)

func (s *Server) handler() http.Handler {
	mux := http.NewServeMux()
	s.route(mux, "GET /api/v2/token", "", false, true, s.getToken)

	s.route(mux, "GET /api/v2/users", permViewUsers, false, false, listOf(s, func() map[string]*userRecord { return s.users }, userVisible, s.renderUser))
	s.route(mux, "POST /api/v2/users", permAddUsers, true, false, s.addUser)
	s.route(mux, "GET /api/v2/users/{username}", permViewUsers, false, false, getOf(s, "username", func() map[string]*userRecord { return s.users }, userVisible, s.renderUser))
	s.route(mux, "PUT /api/v2/users/{username}", permChangeUsers, true, false, s.updateUser)
	s.route(mux, "DELETE /api/v2/users/{username}", permDeleteUsers, true, false, s.deleteUser)

	s.route(mux, "GET /api/v2/groups", permManageGroups, false, false, listOf(s, func() map[string]*sftpgoapi.Group { return s.groups }, nil, s.renderGroup))
	s.route(mux, "POST /api/v2/groups", permManageGroups, true, false, s.addGroup)
	s.route(mux, "GET /api/v2/groups/{name}", permManageGroups, false, false, getOf(s, "name", func() map[string]*sftpgoapi.Group { return s.groups }, nil, s.renderGroup))
	s.route(mux, "PUT /api/v2/groups/{name}", permManageGroups, true, false, s.updateGroup)
	s.route(mux, "DELETE /api/v2/groups/{name}", permManageGroups, true, false, s.deleteGroup)

	s.route(mux, "GET /api/v2/folders", permManageFolders, false, false, listOf(s, func() map[string]*sftpgoapi.Folder { return s.folders }, nil, s.renderFolderWithRelations))
	s.route(mux, "POST /api/v2/folders", permManageFolders, true, false, s.addFolder)
	s.route(mux, "GET /api/v2/folders/{name}", permManageFolders, false, false, getOf(s, "name", func() map[string]*sftpgoapi.Folder { return s.folders }, nil, s.renderFolderWithRelations))
	s.route(mux, "PUT /api/v2/folders/{name}", permManageFolders, true, false, s.updateFolder)
	s.route(mux, "DELETE /api/v2/folders/{name}", permManageFolders, true, false, s.deleteFolder)

	s.route(mux, "GET /api/v2/admins", permAny, false, false, listOf(s, func() map[string]*adminRecord { return s.admins }, nil, s.renderAdmin))
	s.route(mux, "POST /api/v2/admins", permAny, true, false, s.addAdmin)
	s.route(mux, "GET /api/v2/admins/{username}", permAny, false, false, getOf(s, "username", func() map[string]*adminRecord { return s.admins }, nil, s.renderAdmin))
	s.route(mux, "PUT /api/v2/admins/{username}", permAny, true, false, s.updateAdmin)
	s.route(mux, "DELETE /api/v2/admins/{username}", permAny, true, false, s.deleteAdmin)

	s.route(mux, "GET /api/v2/dumpdata", permAny, false, false, s.dumpData)

	// SFTPGo's notFoundHandler: an unknown API route answers
	// {"message": "Not Found"}, without error.
	s.route(mux, "/", "", false, true, func(w http.ResponseWriter, _ *http.Request, _ *session) {
		sendError(w, http.StatusNotFound, "", http.StatusText(http.StatusNotFound))
	})
	return mux
}

// apiResponse is SFTPGo's answer to an error, a PUT and a DELETE.
type apiResponse struct {
	Error   string `json:"error,omitempty"`
	Message string `json:"message"`
}

func sendJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func sendError(w http.ResponseWriter, status int, errText, message string) {
	sendJSON(w, status, apiResponse{Error: errText, Message: message})
}

// Errors as SFTPGo's sendAPIResponse renders them.
func sendValidation(w http.ResponseWriter, msg string) {
	sendError(w, http.StatusBadRequest, "Validation error: "+msg, "")
}

func sendNotFound(w http.ResponseWriter) {
	sendError(w, http.StatusNotFound, http.StatusText(http.StatusNotFound), "")
}

// userError is an error answer decided under the lock and sent after it.
type userError struct {
	status  int
	err     string
	message string
}

func (e *userError) send(w http.ResponseWriter) {
	sendError(w, e.status, e.err, e.message)
}

func validationError(msg string) *userError {
	return &userError{status: http.StatusBadRequest, err: "Validation error: " + msg}
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// listParams reads limit, offset and order as SFTPGo's getSearchFilters.
func listParams(w http.ResponseWriter, r *http.Request) (limit, offset int, desc, ok bool) {
	q := r.URL.Query()
	limit = 100
	if _, set := q["limit"]; set {
		n, err := strconv.Atoi(q.Get("limit"))
		if err != nil {
			sendError(w, http.StatusBadRequest, "invalid limit", "")
			return 0, 0, false, false
		}
		limit = min(n, 500)
	}
	if _, set := q["offset"]; set {
		n, err := strconv.Atoi(q.Get("offset"))
		if err != nil {
			sendError(w, http.StatusBadRequest, "invalid offset", "")
			return 0, 0, false, false
		}
		offset = max(n, 0)
	}
	if _, set := q["order"]; set {
		switch q.Get("order") {
		case "ASC":
		case "DESC":
			desc = true
		default:
			sendError(w, http.StatusBadRequest, "invalid order", "")
			return 0, 0, false, false
		}
	}
	return limit, offset, desc, true
}

// page returns the names of one page of a list.
func page(names []string, limit, offset int, desc bool) []string {
	sort.Strings(names)
	if desc {
		for i, j := 0, len(names)-1; i < j; i, j = i+1, j-1 {
			names[i], names[j] = names[j], names[i]
		}
	}
	if limit <= 0 || offset >= len(names) {
		return nil
	}
	end := min(offset+limit, len(names))
	return names[offset:end]
}
