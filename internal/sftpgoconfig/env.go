package sftpgoconfig

import (
	"strconv"
	"strings"
)

// envPrefix starts every variable SFTPGo reads over its config file:
// SFTPGO_<SECTION>__<KEY>, with `__` for each level and the list index as
// a level of its own (SFTPGO_HTTPD__BINDINGS__0__PORT).
const envPrefix = "SFTPGO_"

// maxEnvListIndex bounds the list indexes SFTPGo reads from the environment
// (it tries 0 to 9 for bindings, up to 29 for some lists); a larger index is
// never read.
const maxEnvListIndex = 29

// ManagedEnvKey reports whether the environment variable name overrides a
// key the operator manages, and returns that key's dotted path as
// ManagedKeys spells it ("httpd.bindings.0.proxy_allowed"). It asks
// ManagedKeys about the config the variable stands for, so the two cannot
// disagree on what is managed.
//
// SFTPGo reads only upper-case names (viper upper-cases the keys it looks
// up), so another spelling overrides nothing.
func ManagedEnvKey(name string) (string, bool) {
	rest, ok := strings.CutPrefix(name, envPrefix)
	if !ok || rest == "" || name != strings.ToUpper(name) {
		return "", false
	}
	segments := strings.Split(strings.ToLower(rest), "__")
	config, ok := envConfig(segments)
	if !ok {
		return "", false
	}
	top, isObject := config.(map[string]any)
	if !isObject {
		return "", false
	}
	if keys := ManagedKeys(top); len(keys) > 0 {
		return keys[0], true
	}
	return "", false
}

// envConfig returns the config value the variable sets, as spec.config
// would write it: a number segment is an entry of a list (the entries
// before it set nothing). It fails on an empty segment, which names no key.
func envConfig(segments []string) (any, bool) {
	if len(segments) == 0 {
		return "", true
	}
	head := segments[0]
	if head == "" {
		return nil, false
	}
	value, ok := envConfig(segments[1:])
	if !ok {
		return nil, false
	}
	if i, err := strconv.Atoi(head); err == nil && strconv.Itoa(i) == head {
		if i < 0 || i > maxEnvListIndex {
			return nil, false
		}
		list := make([]any, i+1)
		for j := range i {
			list[j] = map[string]any{}
		}
		list[i] = value
		return list, true
	}
	return map[string]any{head: value}, true
}
