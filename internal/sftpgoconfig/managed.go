package sftpgoconfig

import (
	"slices"
	"strconv"
	"strings"
)

// Which keys the operator manages is said once, by the settings table
// (settings.go): spec.config may not set them (rule SEC006), because each
// has a spec field or must stay as the operator sets it for the pod to work
// (ports, mounted keys, the data provider connection whose password comes
// from a Secret). The web binding is managed key by key: what decides
// ports, TLS, the API and the client IP checks is the operator's; the rest
// of the binding (OIDC, branding, login methods, languages, security
// headers, client certificate auth) comes from
// spec.config.httpd.bindings[0].

// listSections are lists the operator renders whose entries spec.config may
// extend key by key, with how many entries the operator renders: entry i of
// the user's list is merged into entry i of the operator's; further entries
// would be listeners the Services and the NetworkPolicy know nothing of.
var listSections = map[string]int{"httpd.bindings": 1, "webdavd.bindings": 1, "ftpd.bindings": 1}

// ManagedPaths returns the dotted sftpgo.json keys the operator manages, sorted.
func ManagedPaths() []string { return slices.Clone(managedPaths) }

// ManagedKeys returns the dotted paths, sorted, of the operator-managed keys
// that userConfig (the decoded spec.config) sets. List entries are path
// segments: "httpd.bindings.0.port".
//
// SFTPGo reads its config through viper, which ignores the case of keys and
// also resolves a literal dotted key ("httpd.token_validation") as a nested
// one, so both spellings are matched too; a dotted key that reaches into a
// list ("httpd.bindings.0.port") is reported whole, since it cannot be merged
// into the list. A section that leads to managed keys but is not an object
// (for example "httpd": null) would replace them wholesale on a deep merge,
// so its path is reported as well; so is a list section that is not a list,
// and every entry past those the operator renders. Paths keep the user's
// spelling, so a caller can point at, or remove, exactly what the user wrote.
func ManagedKeys(userConfig map[string]any) []string {
	var found []string
	walkManaged(userConfig, nil, nil, &found)
	slices.Sort(found)
	return slices.Compact(found)
}

// walkManaged visits node, whose canonical (lower-case, split) path is
// canon and whose path as written is written.
func walkManaged(node map[string]any, canon, written []string, found *[]string) {
	for key, value := range node {
		c := append(slices.Clone(canon), strings.Split(strings.ToLower(key), ".")...)
		w := append(slices.Clone(written), key)
		path := strings.Join(c, ".")
		switch {
		case isManaged(path) || underManaged(path) || dotsIntoList(canon, c):
			*found = append(*found, strings.Join(w, "."))
		case isListSection(path):
			walkList(value, c, w, found)
		case leadsToManaged(path):
			if sub, ok := value.(map[string]any); ok {
				walkManaged(sub, c, w, found)
			} else {
				*found = append(*found, strings.Join(w, "."))
			}
		}
	}
}

// walkList visits the entries of a list section.
func walkList(value any, canon, written []string, found *[]string) {
	items, ok := value.([]any)
	if !ok {
		*found = append(*found, strings.Join(written, "."))
		return
	}
	for i, item := range items {
		c := append(slices.Clone(canon), strconv.Itoa(i))
		w := append(slices.Clone(written), strconv.Itoa(i))
		sub, isMap := item.(map[string]any)
		if !isMap || i >= listSections[strings.Join(canon, ".")] {
			*found = append(*found, strings.Join(w, "."))
			continue
		}
		walkManaged(sub, c, w, found)
	}
}

func isManaged(path string) bool {
	_, ok := slices.BinarySearch(managedPaths, path)
	return ok
}

func isListSection(path string) bool {
	_, ok := listSections[path]
	return ok
}

// dotsIntoList reports whether one key, written with dots, runs from above
// a list section into it (canon is the path before the key, full after).
func dotsIntoList(canon, full []string) bool {
	for section := range listSections {
		n := strings.Count(section, ".") + 1
		if len(canon) < n && len(full) > n && strings.Join(full[:n], ".") == section {
			return true
		}
	}
	return false
}

// underManaged reports whether path lies inside a managed key, as a literal
// dotted key such as "sftpd.bindings.0.port" does.
func underManaged(path string) bool {
	return slices.ContainsFunc(managedPaths, func(p string) bool { return strings.HasPrefix(path, p+".") })
}

// leadsToManaged reports whether path is a section that holds managed keys.
func leadsToManaged(path string) bool {
	prefix := path + "."
	return slices.ContainsFunc(managedPaths, func(p string) bool { return strings.HasPrefix(p, prefix) })
}
