package accounts

import "strings"

// The ownership marker: the operator ends the description of every account
// it creates (or adopts) with a line naming the resource, such as
//
//	[sftpgo-operator team-a/alice]
//
// An edit of other fields in the web UI keeps it, and a resync puts it back
// if someone removes it. With status.id (the account's numeric id, which no
// edit changes) it tells the operator's accounts from the others: an
// account is a resource's when either names it. The marker alone survives
// a restore of the resources without their status (Velero, GitOps on a new
// cluster).

const (
	markerPrefix = "[sftpgo-operator "
	markerSuffix = "]"
	// maxDescription is the length of SFTPGo's description column
	// (varchar(512) on PostgreSQL and MySQL).
	maxDescription = 512
)

// Marker is the line naming the resource namespace/name.
func Marker(namespace, name string) string {
	return markerPrefix + namespace + "/" + name + markerSuffix
}

// WithMarker returns the description SFTPGo stores for a resource: its own
// description, then the marker on a line of its own. A description too long
// for both is cut, so that the marker always fits.
func WithMarker(description, marker string) string {
	if description == "" {
		return marker
	}
	if room := maxDescription - len(marker) - 1; len(description) > room {
		description = truncateUTF8(description, max(room, 0))
	}
	return description + "\n" + marker
}

// Owner returns the namespace/name the marker at the end of description
// names, or "" when it has none.
func Owner(description string) string {
	last := description[strings.LastIndex(description, "\n")+1:]
	owner, ok := strings.CutPrefix(last, markerPrefix)
	if !ok {
		return ""
	}
	owner, ok = strings.CutSuffix(owner, markerSuffix)
	if !ok {
		return ""
	}
	return owner
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
