package sftpgoapi

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// apiPrefix is the base path of SFTPGo's REST API v2.
const apiPrefix = "/api/v2"

const (
	// defaultTimeout bounds a whole request when Config.Timeout is zero.
	defaultTimeout = 30 * time.Second
	// maxAnswerSize bounds an answer read into memory: a page of 500 users
	// with filesystems and filters is a few MB.
	maxAnswerSize = 64 << 20
	// maxErrorSize bounds an error answer read into memory.
	maxErrorSize = 64 << 10
)

// Config says how to reach and authenticate to one SFTPGo instance.
type Config struct {
	// URL of the web port whose binding serves the REST API, for example
	// https://files-web.ns.svc:8080. A path is kept as a prefix before
	// /api/v2 (for a reverse proxy).
	URL string
	// Username and Password of an admin, used to get a token
	// (GET /api/v2/token with HTTP Basic). The admin must not require 2FA.
	Username, Password string
	// APIKey, when set, is sent as X-SFTPGO-API-KEY instead of a token.
	// Append ".ADMIN" to a key not bound to an admin.
	APIKey string
	// CA holds PEM certificates to verify an https URL with, instead of the
	// system roots.
	CA []byte
	// ServerName overrides the name verified in the server certificate.
	ServerName string
	// DialContext, when set, opens the connections (tests map service DNS
	// names to a local listener with it).
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// Timeout bounds each HTTP request, 30s when zero.
	Timeout time.Duration
	// Observe, when set, is called after each HTTP exchange with the method,
	// the route pattern (such as "/api/v2/users/{username}", without the
	// URL's prefix) and the status, 0 when no answer came. It is called
	// concurrently and must not block.
	Observe func(method, path string, status int)
}

// Client is a typed client for SFTPGo v2.7's REST API. It is safe for
// concurrent use; one Client per SFTPGo instance shares its token across
// reconciles.
type Client struct {
	base     string
	http     *http.Client
	username string
	password string
	apiKey   string
	observe  func(method, path string, status int)
	// now is the clock token lifetimes are measured with.
	now    func() time.Time
	tokens tokenCache
	// roles is what the Client knows of the role SFTPGo gives its users.
	roles roleTracker
}

// New returns a Client for cfg. It does not contact SFTPGo.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("sftpgo: invalid URL %q: %w", cfg.URL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("sftpgo: URL %q: scheme must be http or https", cfg.URL)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("sftpgo: URL %q has no host", cfg.URL)
	}
	if u.User != nil {
		// Credentials in the URL would end up in every error message.
		return nil, errors.New("sftpgo: the URL must not hold credentials, use Username and Password or APIKey")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("sftpgo: URL %q must not have a query or a fragment", cfg.URL)
	}
	if cfg.APIKey == "" && (cfg.Username == "" || cfg.Password == "") {
		return nil, errors.New("sftpgo: set APIKey, or Username and Password")
	}
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: cfg.ServerName}
	if len(cfg.CA) > 0 {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(cfg.CA) {
			return nil, errors.New("sftpgo: CA holds no PEM certificate")
		}
		tlsConfig.RootCAs = pool
	}
	dial := cfg.DialContext
	if dial == nil {
		dial = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	}
	transport := &http.Transport{
		// No proxy: SFTPGo binds a token to the caller's IP address, and
		// the operator talks to a Service in its own cluster.
		Proxy:                 nil,
		DialContext:           dial,
		TLSClientConfig:       tlsConfig,
		TLSHandshakeTimeout:   10 * time.Second,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          16,
		MaxIdleConnsPerHost:   8,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	c := &Client{
		base: strings.TrimSuffix(u.String(), "/"),
		http: &http.Client{
			Transport: transport,
			Timeout:   timeout,
			// SFTPGo's API does not redirect; following one could send the
			// credentials elsewhere.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		username: cfg.Username,
		password: cfg.Password,
		apiKey:   cfg.APIKey,
		observe:  cfg.Observe,
		now:      time.Now,
	}
	c.tokens.init()
	return c, nil
}

// call is one API request.
type call struct {
	method string
	// route is the path pattern, for Observe.
	route string
	// path is the escaped path below the URL.
	path  string
	query url.Values
	// in is encoded as the JSON body when not nil.
	in any
	// out receives the decoded answer when not nil.
	out any
	// secrets are values of in to keep out of error messages.
	secrets []string
}

func (c *call) op() string {
	return c.method + " " + c.path
}

// do runs cl, authenticated. With a token, a 401 on a cached token drops it
// and retries once with a new one: SFTPGo invalidates tokens on restart
// (a new signing key) and when the admin changes.
func (c *Client) do(ctx context.Context, cl call) error {
	var body []byte
	if cl.in != nil {
		var err error
		if body, err = json.Marshal(cl.in); err != nil {
			return &Error{Op: cl.op(), Reason: ReasonInvalid, Message: "encoding the request: " + c.redact(err.Error(), cl.secrets...)}
		}
	}
	for attempt := 0; ; attempt++ {
		header := http.Header{}
		var token string
		fresh := false
		if c.apiKey != "" {
			header.Set("X-SFTPGO-API-KEY", c.apiKey)
		} else {
			var err error
			if token, fresh, err = c.token(ctx); err != nil {
				return err
			}
			header.Set("Authorization", "Bearer "+token)
		}
		if body != nil {
			header.Set("Content-Type", "application/json")
		}
		resp, err := c.send(ctx, cl.method, cl.route, cl.path, cl.query, body, header)
		if err != nil {
			return c.transportError(cl.op(), err, cl.secrets...)
		}
		if resp.StatusCode == http.StatusUnauthorized && token != "" && !fresh && attempt == 0 {
			drain(resp)
			c.tokens.drop(token)
			continue
		}
		return c.finish(cl, resp)
	}
}

// send runs one HTTP exchange and reports it to Observe.
func (c *Client) send(ctx context.Context, method, route, path string, query url.Values, body []byte, header http.Header) (*http.Response, error) {
	target := c.base + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	var reader io.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, reader)
	if err != nil {
		return nil, err
	}
	req.Header = header
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	if c.observe != nil {
		c.observe(method, route, status)
	}
	return resp, err
}

// finish reads the answer to cl.
func (c *Client) finish(cl call, resp *http.Response) error {
	defer drain(resp)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if cl.out == nil {
			return nil
		}
		dec := json.NewDecoder(io.LimitReader(resp.Body, maxAnswerSize))
		if err := dec.Decode(cl.out); err != nil {
			return c.transportError(cl.op(), fmt.Errorf("decoding the answer: %w", err), cl.secrets...)
		}
		return nil
	}
	return c.answerError(cl.op(), resp, cl.secrets...)
}

// answerError turns a non-2xx answer into an *Error.
func (c *Client) answerError(op string, resp *http.Response, secrets ...string) *Error {
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorSize))
	var answer apiResponse
	msg := ""
	if err := json.Unmarshal(data, &answer); err == nil {
		msg = answer.text(resp.StatusCode)
	} else {
		// Not SFTPGo's JSON: a proxy, or another server on that port.
		msg = strings.TrimSpace(string(data))
		answer = apiResponse{}
	}
	if msg == "" {
		msg = http.StatusText(resp.StatusCode)
	}
	msg = c.redact(msg, secrets...)
	reason := classify(resp.StatusCode, answer.Error, msg)
	if resp.StatusCode == http.StatusNotFound && reason == ReasonUnreachable {
		msg += " (no such route: is the REST API enabled on this port?)"
	}
	return &Error{Op: op, Status: resp.StatusCode, Message: msg, Reason: reason}
}

// transportError wraps an error without an answer.
func (c *Client) transportError(op string, err error, secrets ...string) *Error {
	return &Error{Op: op, Message: c.redact(err.Error(), secrets...), Reason: ReasonUnreachable, Err: err}
}

// redact removes the client's credentials, its current token and the given
// values from s.
func (c *Client) redact(s string, secrets ...string) string {
	all := append([]string{c.password, c.apiKey, c.tokens.current()}, secrets...)
	return redact(s, all...)
}

// drain reads what is left of an answer and closes it, so that the
// connection can be reused.
func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorSize))
	_ = resp.Body.Close()
}
