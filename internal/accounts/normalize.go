package accounts

import (
	"path"
	"slices"
	"strings"
)

// The normalisations SFTPGo v2.7.5 applies when it saves an account, which
// the views that Differs compares apply to both sides (so that an account
// SFTPGo normalised still matches the spec), and which Build applies
// itself where it can (so that what it sends is what SFTPGo stores).

// set returns list as a set: sorted, without repeats, nil when empty. For
// the lists whose order has no meaning (SFTPGo's util.RemoveDuplicates
// drops repeats of IPs, keys, permissions and patterns).
func set[S ~string](list []S) []string {
	if len(list) == 0 {
		return nil
	}
	out := make([]string, 0, len(list))
	for _, v := range list {
		out = append(out, string(v))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// dedupe returns list without repeats, in first-seen order, as SFTPGo's
// util.RemoveDuplicates(list, false); never nil.
func dedupe[S ~string](list []S) []string {
	out := make([]string, 0, len(list))
	seen := make(map[string]bool, len(list))
	for _, v := range list {
		if s := string(v); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// cleanPath is a virtual or filesystem path as SFTPGo stores it: cleaned
// (filepath.Clean, util.CleanPath); empty stays empty.
func cleanPath(p string) string {
	if p == "" {
		return ""
	}
	return path.Clean(strings.ReplaceAll(p, "\\", "/"))
}

// startDirectory is a start directory as SFTPGo stores it: cleaned, and
// empty for "/" (updateFiltersValues).
func startDirectory(p string) string {
	if p == "" {
		return ""
	}
	if p = path.Clean("/" + p); p == "/" {
		return ""
	}
	return p
}

// keyPrefix is a bucket key prefix as SFTPGo stores it: cleaned, ending
// with "/" (S3FsConfig, GCSFsConfig and AzBlobFsConfig validate).
func keyPrefix(p string) string {
	if p == "" {
		return ""
	}
	p = path.Clean(p)
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// permissionList is a directory's permissions as SFTPGo stores them
// (validateUserPermissions): "*" alone when granted, else without repeats.
func permissionList[S ~string](list []S) []string {
	if slices.Contains(list, S("*")) {
		return []string{"*"}
	}
	return dedupe(list)
}

// nonNegative is n, or 0 when negative (SFTPGo resets negative bandwidths).
func nonNegative(n int64) int64 {
	return max(n, 0)
}
