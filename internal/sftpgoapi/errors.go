package sftpgoapi

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Reason classifies an Error for the caller's decision: create, fix the
// spec, fix the credentials, or retry later.
type Reason string

// Reasons of an Error.
const (
	// ReasonNotFound: the object does not exist (404).
	ReasonNotFound Reason = "NotFound"
	// ReasonAlreadyExists: a POST named an existing object (409).
	ReasonAlreadyExists Reason = "AlreadyExists"
	// ReasonUnauthorized: SFTPGo refused the credentials or the admin lacks
	// a permission (401, 403, or 400 for an unknown API key).
	ReasonUnauthorized Reason = "Unauthorized"
	// ReasonInvalid: SFTPGo refused the object (400); Message says why.
	ReasonInvalid Reason = "Invalid"
	// ReasonMissingReference: the object names a group, folder or role that
	// does not exist.
	ReasonMissingReference Reason = "MissingReference"
	// ReasonUnreachable: no answer (dial, TLS, timeout), or an answer that
	// says SFTPGo cannot serve now (5xx, 429).
	ReasonUnreachable Reason = "Unreachable"
	// ReasonUnknown: any other failure.
	ReasonUnknown Reason = "Unknown"
)

// Sentinel errors to test an *Error's Reason with errors.Is.
var (
	ErrNotFound         = errors.New("sftpgo: not found")
	ErrAlreadyExists    = errors.New("sftpgo: already exists")
	ErrUnauthorized     = errors.New("sftpgo: unauthorized")
	ErrInvalid          = errors.New("sftpgo: invalid object")
	ErrMissingReference = errors.New("sftpgo: missing referenced object")
	ErrUnreachable      = errors.New("sftpgo: unreachable")
)

var sentinels = map[Reason]error{
	ReasonNotFound:         ErrNotFound,
	ReasonAlreadyExists:    ErrAlreadyExists,
	ReasonUnauthorized:     ErrUnauthorized,
	ReasonInvalid:          ErrInvalid,
	ReasonMissingReference: ErrMissingReference,
	ReasonUnreachable:      ErrUnreachable,
}

// Error is a failed call to SFTPGo. It never holds a password, a token or an
// API key.
type Error struct {
	// Op is the request, such as "PUT /api/v2/users/alice".
	Op string
	// Status is the HTTP status, 0 when SFTPGo did not answer.
	Status int
	// Message is SFTPGo's explanation (the error and message members of its
	// answer) or the transport error.
	Message string
	// Reason classifies the failure.
	Reason Reason
	// Err is the transport error behind a ReasonUnreachable without an
	// answer (for example context.DeadlineExceeded), nil otherwise.
	Err error
}

// Error implements error.
func (e *Error) Error() string {
	if e.Status == 0 {
		return fmt.Sprintf("sftpgo: %s: %s", e.Op, e.Message)
	}
	return fmt.Sprintf("sftpgo: %s: HTTP %d: %s", e.Op, e.Status, e.Message)
}

// Is matches the sentinel error of e's Reason.
func (e *Error) Is(target error) bool {
	s, ok := sentinels[e.Reason]
	return ok && s == target
}

// Unwrap returns the transport error, if any.
func (e *Error) Unwrap() error {
	return e.Err
}

// ReasonOf returns the Reason of err, ReasonUnknown when err is not an
// *Error.
func ReasonOf(err error) Reason {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Reason
	}
	return ReasonUnknown
}

// apiResponse is SFTPGo's answer to a failed call, and to a successful PUT
// or DELETE (internal/httpd sendAPIResponse).
type apiResponse struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// text joins the members of an answer into one explanation. On errors
// "message" is mostly empty or the status text, which adds nothing.
func (r apiResponse) text(status int) string {
	switch {
	case r.Error == "":
		return r.Message
	case r.Message == "" || r.Message == http.StatusText(status):
		return r.Error
	default:
		return r.Error + " (" + r.Message + ")"
	}
}

// Messages SFTPGo v2.7.5 answers, matched to classify its errors.
var (
	// A 400 that means the credentials are wrong: an unknown API key
	// (checkAPIKeyAuth in internal/httpd/middleware.go) and a token without
	// an admin.
	unauthorizedMessages = []string{
		"the provided api key is not valid",
		"Invalid token claims",
	}
	// A duplicate name: 409 "duplicated key not allowed: ..." in v2.7.5;
	// the other texts are the database errors behind it, matched in case a
	// provider or an older SFTPGo answers them with a 500.
	alreadyExistsMessages = []string{
		"duplicated key not allowed",
		"UNIQUE constraint failed",
		"duplicate key value violates unique constraint",
		"Duplicate entry",
		"already exists",
	}
	// A missing group or folder named by a user or a group: SQL providers
	// fail inserting the mapping row with a NULL id and answer 500 with the
	// database error, bolt answers 500 `group "x" does not exist`, a missing
	// role is a 409 "violates foreign key constraint", and a plain password
	// with a missing primary group fails loading its password policy.
	missingReferenceMessages = []string{
		"violates foreign key constraint",
		"NOT NULL constraint failed: users_groups_mapping",
		"NOT NULL constraint failed: users_folders_mapping",
		"NOT NULL constraint failed: groups_folders_mapping",
		`null value in column "group_id"`,
		`null value in column "folder_id"`,
		"Column 'group_id' cannot be null",
		"Column 'folder_id' cannot be null",
		"does not exist",
		"unable to get folder",
		"unable to load group password policies",
	}
)

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// classify maps an SFTPGo answer to a Reason. apiErr is the "error" member
// of the answer.
func classify(status int, apiErr, msg string) Reason {
	switch {
	case status == http.StatusNotFound:
		// An unknown route (REST API disabled on this port, wrong URL)
		// answers {"message": "Not Found"} without error; a missing object
		// answers {"error": "Not Found"}. Only the latter means "create it".
		if apiErr == "" {
			return ReasonUnreachable
		}
		return ReasonNotFound
	case status == http.StatusConflict:
		if containsAny(msg, missingReferenceMessages[:1]) {
			return ReasonMissingReference
		}
		return ReasonAlreadyExists
	case status == http.StatusUnauthorized, status == http.StatusForbidden:
		return ReasonUnauthorized
	case status == http.StatusBadRequest:
		if containsAny(msg, unauthorizedMessages) {
			return ReasonUnauthorized
		}
		return ReasonInvalid
	case status == http.StatusTooManyRequests, status >= 500:
		switch {
		case containsAny(msg, alreadyExistsMessages):
			return ReasonAlreadyExists
		case containsAny(msg, missingReferenceMessages):
			return ReasonMissingReference
		}
		return ReasonUnreachable
	default:
		return ReasonUnknown
	}
}

// minRedactLen is the shortest secret redact replaces: shorter ones would
// mangle every message and are not worth hiding.
const minRedactLen = 4

// redact removes the given secrets from s. SFTPGo does not echo passwords or
// keys in its errors; this makes sure no future message, nor a transport
// error, puts one in a Kubernetes event or a log line.
func redact(s string, secrets ...string) string {
	for _, secret := range secrets {
		if len(secret) >= minRedactLen {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}
