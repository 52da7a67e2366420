package sftpgoapi

import (
	"errors"
	"fmt"
	"testing"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		status int
		apiErr string
		want   Reason
	}{
		{404, "Not Found", ReasonNotFound},
		{404, "", ReasonUnreachable},
		{409, "duplicated key not allowed: UNIQUE constraint failed: users.username", ReasonAlreadyExists},
		{409, `duplicated key not allowed: ERROR: duplicate key value violates unique constraint "users_username_key" (SQLSTATE 23505)`, ReasonAlreadyExists},
		{409, `violates foreign key constraint: role "r" does not exist`, ReasonMissingReference},
		{500, "duplicated key not allowed: username alice already exists", ReasonAlreadyExists},
		{500, "NOT NULL constraint failed: users_groups_mapping.group_id", ReasonMissingReference},
		{500, `ERROR: null value in column "folder_id" of relation "users_folders_mapping" violates not-null constraint (SQLSTATE 23502)`, ReasonMissingReference},
		{500, "Error 1048 (23000): Column 'group_id' cannot be null", ReasonMissingReference},
		{500, `group "staff" does not exist`, ReasonMissingReference},
		{500, "unable to load group password policies", ReasonMissingReference},
		{500, "database is locked", ReasonUnreachable},
		{502, "", ReasonUnreachable},
		{503, "", ReasonUnreachable},
		{429, "", ReasonUnreachable},
		{401, "invalid credentials", ReasonUnauthorized},
		{403, "", ReasonUnauthorized},
		{400, "the provided api key is not valid", ReasonUnauthorized},
		{400, "Invalid token claims", ReasonUnauthorized},
		{400, "Validation error: username is mandatory", ReasonInvalid},
		{400, "invalid limit", ReasonInvalid},
		{405, "", ReasonUnknown},
		{413, "", ReasonUnknown},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d %s", tt.status, tt.apiErr), func(t *testing.T) {
			if got := classify(tt.status, tt.apiErr, tt.apiErr); got != tt.want {
				t.Errorf("classify = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestErrorIsAndReasonOf(t *testing.T) {
	cause := errors.New("dial tcp: refused")
	err := fmt.Errorf("reconcile: %w", &Error{Op: "GET /x", Reason: ReasonUnreachable, Message: "refused", Err: cause})
	if !errors.Is(err, ErrUnreachable) || errors.Is(err, ErrNotFound) || !errors.Is(err, cause) {
		t.Error("errors.Is")
	}
	if ReasonOf(err) != ReasonUnreachable || ReasonOf(cause) != ReasonUnknown {
		t.Error("ReasonOf")
	}
	unknown := &Error{Op: "GET /x", Status: 405, Reason: ReasonUnknown, Message: "Method Not Allowed"}
	for _, s := range []error{ErrNotFound, ErrAlreadyExists, ErrUnauthorized, ErrInvalid, ErrMissingReference, ErrUnreachable} {
		if errors.Is(unknown, s) {
			t.Errorf("an unknown error is %v", s)
		}
	}
	if got := unknown.Error(); got != "sftpgo: GET /x: HTTP 405: Method Not Allowed" {
		t.Errorf("Error() = %q", got)
	}
}

func TestRedact(t *testing.T) {
	got := redact("pw=hunter22 key=abc tok=hunter22", "hunter22", "abc", "")
	if got != "pw=[redacted] key=abc tok=[redacted]" {
		t.Errorf("redact = %q", got)
	}
}

func TestAnswerText(t *testing.T) {
	tests := []struct {
		r    apiResponse
		want string
	}{
		{apiResponse{Error: "Not Found"}, "Not Found"},
		{apiResponse{Message: "Not Found"}, "Not Found"},
		{apiResponse{Error: "invalid credentials", Message: "Unauthorized"}, "invalid credentials"},
		{apiResponse{Error: "e", Message: "more"}, "e (more)"},
	}
	for _, tt := range tests {
		if got := tt.r.text(401); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.r, got, tt.want)
		}
	}
}
