package sftpgoapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"sync"
)

// SFTPGo gives the role of the calling admin to every user that admin
// creates or updates, whatever the request says, and shows a role admin only
// the users of its role (addUser, updateUser, UserExists and GetUsers with
// claims.Role in internal/httpd/api_user.go). The Client learns that role
// without a request of its own: from the "role" claim of its token (a JWT),
// and, with an API key, from the answers: a created user, or a user read
// after an update, with another role than the one sent.

// roleTracker holds what the Client knows of the role SFTPGo forces.
type roleTracker struct {
	mu sync.Mutex
	// role is the role SFTPGo gives the users, "" for none known.
	role string
	// fromToken: role is the claim of the current token, which is
	// authoritative (answers are not looked at).
	fromToken bool
	// sent holds, per username, the role of the last update of the user
	// not read back since.
	sent map[string]string
}

// tokenClaims are the members of SFTPGo's jwt.Claims the Client reads.
type tokenClaims struct {
	Username string `json:"username"`
	Role     string `json:"role"`
}

// parseClaims decodes the payload of a compact JWS without verifying it
// (the Client only reads what the server says of itself).
func parseClaims(token string) (tokenClaims, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return tokenClaims{}, false
	}
	data, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return tokenClaims{}, false
	}
	var claims tokenClaims
	if err := json.Unmarshal(data, &claims); err != nil || claims.Username == "" {
		return tokenClaims{}, false
	}
	return claims, true
}

// token records the role claim of a new token; a token that is not a JWT
// with claims leaves the answers to tell.
func (t *roleTracker) token(token string) {
	claims, ok := parseClaims(token)
	if !ok {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.role, t.fromToken = claims.Role, true
	t.sent = nil
}

// created records the answer to a create that sent role sent.
func (t *roleTracker) created(sent, got string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.fromToken && got != sent && got != "" {
		t.role = got
	}
}

// updated records the role an update of username sent.
func (t *roleTracker) updated(username, role string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.fromToken {
		return
	}
	if t.sent == nil {
		t.sent = map[string]string{}
	}
	t.sent[username] = role
}

// read compares users read with the role their last update sent.
func (t *roleTracker) read(users []User) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.fromToken || len(t.sent) == 0 {
		return
	}
	for i := range users {
		sent, ok := t.sent[users[i].Username]
		if !ok {
			continue
		}
		delete(t.sent, users[i].Username)
		if got := users[i].Role; got != sent && got != "" {
			t.role = got
		}
	}
}

// deleted forgets what was sent for username.
func (t *roleTracker) deleted(username string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.sent, username)
}

func (t *roleTracker) get() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.role
}

// ForcedRole returns the role SFTPGo gives every user this Client creates
// or updates (the role of the Client's admin), "" when the admin has none
// or none is known yet. With a username and password it is the "role"
// claim of the token, fetched first if there is none (the request that
// follows needs it anyway). With an API key it is learned from the answers:
// a user created, or read after an update, with another role than the one
// sent.
func (c *Client) ForcedRole(ctx context.Context) (string, error) {
	if c.apiKey == "" {
		if _, _, err := c.token(ctx); err != nil {
			return "", err
		}
	}
	return c.roles.get(), nil
}
