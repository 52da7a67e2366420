package accounts_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sftpgo-operator/sftpgo-operator/internal/accounts"
)

func TestMarker(t *testing.T) {
	m := accounts.Marker("team-a", "alice")
	long := strings.Repeat("é", 300) // 600 bytes
	cases := []struct {
		name, description, wantOwner string
	}{
		{"marker alone", accounts.WithMarker("", m), "team-a/alice"},
		{"after the description", accounts.WithMarker("Partner ACME\nsecond line", m), "team-a/alice"},
		{"long description cut to fit", accounts.WithMarker(long, m), "team-a/alice"},
		{"no marker", "Partner ACME", ""},
		{"marker not on the last line", m + "\nedited in the UI", ""},
		{"another resource's", accounts.WithMarker("x", accounts.Marker("team-b", "alice")), "team-b/alice"},
		{"broken marker", "[sftpgo-operator team-a/alice", ""},
		{"empty", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := accounts.Owner(tc.description); got != tc.wantOwner {
				t.Errorf("Owner(%q) = %q, want %q", tc.description, got, tc.wantOwner)
			}
			if len(tc.description) > 512 || !utf8.ValidString(tc.description) {
				t.Errorf("description of %d bytes (valid UTF-8: %v) does not fit SFTPGo's 512",
					len(tc.description), utf8.ValidString(tc.description))
			}
		})
	}
	if got := accounts.WithMarker("Partner", m); got != "Partner\n"+m {
		t.Errorf("WithMarker = %q", got)
	}
}
