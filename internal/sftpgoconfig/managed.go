package sftpgoconfig

import (
	"slices"
	"strings"
)

// managedPaths are the sftpgo.json keys the operator renders from the spec.
// spec.config may not set them (rule SEC006): each has a spec field, or must
// stay as the operator sets it for the pod to work (ports, mounted keys,
// the data provider connection whose password comes from a Secret).
var managedPaths = []string{
	"common.proxy_allowed",
	"common.proxy_protocol",
	"common.proxy_skipped",
	"data_provider.create_default_admin",
	"data_provider.driver",
	"data_provider.host",
	"data_provider.is_shared",
	"data_provider.name",
	"data_provider.password",
	"data_provider.port",
	"data_provider.sslmode",
	"data_provider.username",
	"httpd.bindings",
	"httpd.signing_passphrase",
	"httpd.signing_passphrase_file",
	"httpd.token_validation",
	"sftpd.bindings",
	"sftpd.host_keys",
	"telemetry.bind_address",
	"telemetry.bind_port",
}

// ManagedPaths returns the dotted sftpgo.json keys the operator manages, sorted.
func ManagedPaths() []string { return slices.Clone(managedPaths) }

// ManagedKeys returns the dotted paths, sorted, of the operator-managed keys
// that userConfig (the decoded spec.config) sets.
//
// SFTPGo reads its config through viper, which ignores the case of keys and
// also resolves a literal dotted key ("httpd.bindings") as a nested one, so
// both spellings are matched too. A section that leads to managed keys but is
// not an object (for example "httpd": null) would replace them wholesale on a
// deep merge, so its path is reported as well. Paths keep the user's spelling,
// so a caller can point at, or remove, exactly what the user wrote.
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
		case isManaged(path) || underManaged(path):
			*found = append(*found, strings.Join(w, "."))
		case leadsToManaged(path):
			if sub, ok := value.(map[string]any); ok {
				walkManaged(sub, c, w, found)
			} else {
				*found = append(*found, strings.Join(w, "."))
			}
		}
	}
}

func isManaged(path string) bool {
	_, ok := slices.BinarySearch(managedPaths, path)
	return ok
}

// underManaged reports whether path lies inside a managed key, as a literal
// dotted key such as "httpd.bindings.0.port" does.
func underManaged(path string) bool {
	return slices.ContainsFunc(managedPaths, func(p string) bool { return strings.HasPrefix(path, p+".") })
}

// leadsToManaged reports whether path is a section that holds managed keys.
func leadsToManaged(path string) bool {
	prefix := path + "."
	return slices.ContainsFunc(managedPaths, func(p string) bool { return strings.HasPrefix(p, prefix) })
}
