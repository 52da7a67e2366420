package sftpgoapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

const tokenRoute = apiPrefix + "/token"

// maxRefreshMargin is how long before its expiry a token is replaced at most.
// SFTPGo's API tokens live 20 minutes by default (apiTokenDuration in
// internal/httpd/auth_utils.go) and SFTPGo accepts them 30s past expiry
// (jwt.VerifyTokenWithKey's leeway); renewing early avoids a 401 and a retry
// for requests sent close to the expiry.
const maxRefreshMargin = 2 * time.Minute

// tokenCache holds the admin's current token. One fetch runs at a time:
// concurrent reconciles that find no valid token wait for it instead of each
// asking SFTPGo (and each paying a bcrypt check there).
type tokenCache struct {
	// fetching is a one-slot semaphore held while fetching; a channel rather
	// than a mutex so that waiting honours the caller's context.
	fetching chan struct{}

	mu    sync.Mutex
	token string
	// renewAt is when, on the Client's clock, the token must be replaced.
	renewAt time.Time
}

func (t *tokenCache) init() {
	t.fetching = make(chan struct{}, 1)
}

// valid returns the cached token if it does not need renewing at now.
func (t *tokenCache) valid(now time.Time) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token != "" && now.Before(t.renewAt) {
		return t.token
	}
	return ""
}

// current returns the cached token, valid or not, to redact it.
func (t *tokenCache) current() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.token
}

func (t *tokenCache) set(token string, renewAt time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.token, t.renewAt = token, renewAt
}

// drop forgets token if it is still the cached one: another goroutine may
// already have replaced it with a good one.
func (t *tokenCache) drop(token string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token == token {
		t.token, t.renewAt = "", time.Time{}
	}
}

// token returns a token to send, and whether it was fetched by this call
// (a 401 on a fresh token is not worth a retry).
func (c *Client) token(ctx context.Context) (string, bool, error) {
	if tok := c.tokens.valid(c.now()); tok != "" {
		return tok, false, nil
	}
	select {
	case c.tokens.fetching <- struct{}{}:
	case <-ctx.Done():
		return "", false, c.transportError("GET "+tokenRoute, ctx.Err())
	}
	defer func() { <-c.tokens.fetching }()
	// Another goroutine may have fetched one while this one waited.
	if tok := c.tokens.valid(c.now()); tok != "" {
		return tok, false, nil
	}
	tok, err := c.fetchToken(ctx)
	if err != nil {
		return "", false, err
	}
	return tok, true, nil
}

// tokenAnswer is SFTPGo's token (jwt.TokenResponse).
type tokenAnswer struct {
	AccessToken string `json:"access_token"`
	ExpiresAt   string `json:"expires_at"`
}

// fetchToken gets a new token with HTTP Basic and caches it.
func (c *Client) fetchToken(ctx context.Context) (string, error) {
	op := "GET " + tokenRoute
	header := http.Header{}
	header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(c.username+":"+c.password)))
	resp, err := c.send(ctx, http.MethodGet, tokenRoute, tokenRoute, nil, nil, header)
	if err != nil {
		return "", c.transportError(op, err)
	}
	defer drain(resp)
	if resp.StatusCode != http.StatusOK {
		e := c.answerError(op, resp)
		if e.Status == http.StatusUnauthorized {
			// SFTPGo answers "invalid credentials" whatever is wrong
			// (unknown admin, password, disabled, IP not allowed, 2FA).
			e.Message = fmt.Sprintf("SFTPGo refused the credentials of admin %q (wrong password, disabled, IP not in its allow list, or 2FA required): %s",
				c.username, e.Message)
		}
		return "", e
	}
	var answer tokenAnswer
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxErrorSize)).Decode(&answer); err != nil {
		return "", c.transportError(op, fmt.Errorf("decoding the token: %w", err))
	}
	if answer.AccessToken == "" {
		return "", &Error{Op: op, Status: resp.StatusCode, Reason: ReasonUnknown, Message: "the answer holds no access_token"}
	}
	c.tokens.set(answer.AccessToken, c.renewAt(resp.Header.Get("Date"), answer.ExpiresAt))
	c.roles.token(answer.AccessToken)
	return answer.AccessToken, nil
}

// renewAt computes when to replace a token that expires at expiresAt
// (RFC 3339), on the Client's clock. The lifetime is measured against the
// answer's Date, SFTPGo's clock, so that a skew between the two clocks does
// not matter. An unreadable expiry is not cached beyond this use.
func (c *Client) renewAt(date, expiresAt string) time.Time {
	now := c.now()
	expiry, err := time.Parse(time.RFC3339, expiresAt)
	if err != nil {
		return now
	}
	serverNow := now
	if d, err := http.ParseTime(date); err == nil {
		serverNow = d
	}
	lifetime := expiry.Sub(serverNow)
	if lifetime <= 0 {
		return now
	}
	margin := min(lifetime/5, maxRefreshMargin)
	return now.Add(lifetime - margin)
}
