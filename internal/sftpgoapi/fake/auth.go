package fake

import (
	"encoding/base64"
	"encoding/json"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// tokenLeeway is how long past its expiry SFTPGo still accepts a token
// (jwt.VerifyTokenWithKey).
const tokenLeeway = 30 * time.Second

// session is an authenticated caller: the claims of its token.
type session struct {
	admin       string
	permissions []string
	// role is the admin's role: SFTPGo gives it to every user the admin
	// creates or updates, and shows the admin only the users of that role.
	role               string
	apiKey             bool
	mustChangePassword bool
	expiry             time.Time
}

func (s *session) hasPerm(perm string) bool {
	if perm == "" || slices.Contains(s.permissions, permAny) {
		return true
	}
	return slices.Contains(s.permissions, perm)
}

type apiKey struct {
	secret string
	admin  string
}

// AddAdmin adds an enabled admin with every permission. password may be
// plain text or a "$2a$" bcrypt hash, as SFTPGo stores it.
func (s *Server) AddAdmin(username, password string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := sftpgoapi.Admin{Status: sftpgoapi.StatusEnabled, Username: username, Permissions: []string{permAny}}
	s.storeAdmin(&a, password, nil)
}

// rolePermissions are the permissions AddRoleAdmin gives: what managing
// users takes (a role admin cannot be a super admin).
var rolePermissions = []string{permAddUsers, permChangeUsers, permDeleteUsers, permViewUsers}

// AddRoleAdmin adds an enabled admin of role with the permissions to manage
// users. As in SFTPGo, the users it creates or updates get its role
// whatever the request says, and it sees only the users of its role (any
// other reads as missing). The fake keeps no list of roles: any name is
// accepted.
func (s *Server) AddRoleAdmin(username, password, role string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := sftpgoapi.Admin{Status: sftpgoapi.StatusEnabled, Username: username, Role: role,
		Permissions: slices.Clone(rolePermissions)}
	s.storeAdmin(&a, password, nil)
}

// AddAPIKey creates an admin-scoped API key bound to admin and returns it as
// clients send it in X-SFTPGO-API-KEY. As SFTPGo requires, it also sets the
// admin's filters.allow_api_key_auth; the key stops working if that is
// cleared.
func (s *Server) AddAPIKey(admin string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rec, ok := s.admins[admin]; ok {
		rec.admin.Filters.AllowAPIKeyAuth = true
	}
	id, secret := randomHex(11), randomHex(16)
	s.apiKeys[id] = apiKey{secret: secret, admin: admin}
	return id + "." + secret
}

// checkPassword compares a password with what the server stored: plain text,
// or a bcrypt hash. Other hashes SFTPGo accepts are not supported.
func checkPassword(stored, password string) bool {
	if stored == "" {
		return false
	}
	if isBcrypt(stored) {
		return bcrypt.CompareHashAndPassword([]byte(stored), []byte(password)) == nil
	}
	return stored == password
}

func isBcrypt(s string) bool {
	return strings.HasPrefix(s, "$2a$") || strings.HasPrefix(s, "$2b$") || strings.HasPrefix(s, "$2y$")
}

// canLogin checks what SFTPGo's Admin.CanLogin does: the status and the
// allow list.
func canLogin(a *sftpgoapi.Admin, remoteAddr string) bool {
	if a.Status != sftpgoapi.StatusEnabled {
		return false
	}
	if len(a.Filters.AllowList) == 0 {
		return true
	}
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip := net.ParseIP(host)
	for _, cidr := range a.Filters.AllowList {
		if _, n, err := net.ParseCIDR(cidr); err == nil && ip != nil && n.Contains(ip) {
			return true
		}
	}
	return false
}

// totpEnabled reports whether the admin has 2FA, which makes the token
// endpoint require a passcode the fake does not support.
func totpEnabled(a *sftpgoapi.Admin) bool {
	var totp struct {
		Enabled bool `json:"enabled"`
	}
	raw, ok := a.Filters.Extra["totp_config"]
	return ok && json.Unmarshal(raw, &totp) == nil && totp.Enabled
}

// getToken is SFTPGo's httpdServer.getToken.
func (s *Server) getToken(w http.ResponseWriter, r *http.Request, _ *session) {
	username, password, ok := r.BasicAuth()
	if !ok {
		w.Header().Set("WWW-Authenticate", `Basic realm="SFTPGo"`)
		sendError(w, http.StatusUnauthorized, "", http.StatusText(http.StatusUnauthorized))
		return
	}
	s.mu.Lock()
	rec, found := s.admins[username]
	var token string
	var expiry time.Time
	valid := found && checkPassword(rec.password, password) && canLogin(&rec.admin, r.RemoteAddr) && !totpEnabled(&rec.admin)
	if valid {
		expiry = s.now().Add(s.tokenLifetime)
		sess := &session{
			admin:              username,
			permissions:        slices.Clone(rec.admin.Permissions),
			role:               rec.admin.Role,
			mustChangePassword: rec.admin.Filters.RequirePasswordChange,
			expiry:             expiry,
		}
		token = s.newToken(sess)
		s.tokens[token] = sess
	}
	s.mu.Unlock()
	if !valid {
		w.Header().Set("WWW-Authenticate", `Basic realm="SFTPGo"`)
		sendError(w, http.StatusUnauthorized, "invalid credentials", http.StatusText(http.StatusUnauthorized))
		return
	}
	sendJSON(w, http.StatusOK, map[string]string{
		"access_token": token,
		"expires_at":   expiry.UTC().Format(time.RFC3339),
	})
}

// authenticate checks the API key or the token as SFTPGo's checkAPIKeyAuth,
// jwt.Verify and validateJWTToken do, and answers when it fails.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (*session, bool) {
	if key := r.Header.Get("X-SFTPGO-API-KEY"); key != "" {
		return s.authenticateAPIKey(w, r, key)
	}
	header := r.Header.Get("Authorization")
	if len(header) <= 7 || !strings.EqualFold(header[:6], "bearer") {
		sendError(w, http.StatusUnauthorized, "no token found", http.StatusText(http.StatusUnauthorized))
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.tokens[header[7:]]
	if !ok {
		sendError(w, http.StatusUnauthorized, "go-jose/go-jose: compact JWS format must have three parts",
			http.StatusText(http.StatusUnauthorized))
		return nil, false
	}
	if !s.now().Before(sess.expiry.Add(tokenLeeway)) {
		sendError(w, http.StatusUnauthorized, "go-jose/go-jose/jwt: validation failed, token is expired (exp)",
			http.StatusText(http.StatusUnauthorized))
		return nil, false
	}
	return sess, true
}

func (s *Server) authenticateAPIKey(w http.ResponseWriter, r *http.Request, key string) (*session, bool) {
	parts := strings.SplitN(key, ".", 3)
	if len(parts) < 2 {
		sendError(w, http.StatusBadRequest, "the provided api key is not valid", "")
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.apiKeys[parts[0]]
	if !ok {
		sendError(w, http.StatusBadRequest, "the provided api key is not valid", "")
		return nil, false
	}
	if k.secret != parts[1] {
		sendError(w, http.StatusUnauthorized, "the provided api key cannot be authenticated", "")
		return nil, false
	}
	username := k.admin
	if username == "" && len(parts) > 2 {
		username = parts[2]
	}
	rec, found := s.admins[username]
	if !found || !rec.admin.Filters.AllowAPIKeyAuth || !canLogin(&rec.admin, r.RemoteAddr) {
		sendError(w, http.StatusUnauthorized, "the admin associated with the provided api key cannot be authenticated", "")
		return nil, false
	}
	return &session{admin: username, permissions: slices.Clone(rec.admin.Permissions), role: rec.admin.Role,
		apiKey: true}, true
}

// tokenClaims are the members of SFTPGo's jwt.Claims the fake puts in its
// tokens.
type tokenClaims struct {
	Subject     string   `json:"sub"`
	Audience    []string `json:"aud"`
	Expiry      int64    `json:"exp"`
	NotBefore   int64    `json:"nbf"`
	IssuedAt    int64    `json:"iat"`
	ID          string   `json:"jti"`
	Username    string   `json:"username,omitempty"`
	Permissions []string `json:"permissions,omitempty"`
	Role        string   `json:"role,omitempty"`
	MustChange  bool     `json:"chpwd,omitempty"`
}

// newToken returns a token shaped as SFTPGo's, a compact JWS whose payload
// holds the session's claims (role included); its signature is random, as
// the fake knows its tokens by their whole text.
func (s *Server) newToken(sess *session) string {
	now := s.now()
	claims, err := json.Marshal(tokenClaims{
		Subject: randomHex(10), Audience: []string{"API"}, Expiry: sess.expiry.Unix(),
		NotBefore: now.Add(-10 * time.Second).Unix(), IssuedAt: now.Unix(), ID: randomHex(10),
		Username: sess.admin, Permissions: sess.permissions, Role: sess.role, MustChange: sess.mustChangePassword,
	})
	if err != nil {
		panic(err)
	}
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString(claims) + "." +
		enc.EncodeToString([]byte(randomHex(16)))
}
