package sftpgoconfig

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
)

// UserConfig decodes spec.config. An absent config is an empty object; a
// value that is not a JSON object is an error.
func UserConfig(raw *runtime.RawExtension) (map[string]any, error) {
	out := map[string]any{}
	if raw == nil || len(raw.Raw) == 0 {
		return out, nil
	}
	if err := json.Unmarshal(raw.Raw, &out); err != nil || out == nil {
		return nil, fmt.Errorf("spec.config must be a JSON object of sftpgo.json settings")
	}
	return out, nil
}

// normalize rewrites a user config the way SFTPGo's loader (viper) reads
// it: keys are case-insensitive and a dotted key is a nested path. Merging
// the normalized form means a key cannot slip past the managed-key filter
// or shadow the operator's section under another spelling.
func normalize(m map[string]any) map[string]any {
	out := map[string]any{}
	// Sorted, so that spellings that collide ("HTTPD" and "httpd") merge
	// the same way every time and the rendered config is stable.
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v := m[k]
		parts := strings.Split(strings.ToLower(k), ".")
		v = normalizeValue(v)
		nested := map[string]any{parts[len(parts)-1]: v}
		for i := len(parts) - 2; i >= 0; i-- {
			nested = map[string]any{parts[i]: nested}
		}
		merge(out, nested)
	}
	return out
}

// normalizeValue normalizes the objects in v, also inside lists: SFTPGo
// decodes list entries (the web bindings) without regard to case too.
func normalizeValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		return normalize(t)
	case []any:
		out := make([]any, len(t))
		for i, item := range t {
			out[i] = normalizeValue(item)
		}
		return out
	default:
		return v
	}
}

// merge deep-merges src into dst: objects merge key by key, anything else
// (lists included) replaces, as SFTPGo's own config loading does, except a
// list section (httpd.bindings): there the user's entries merge by position
// into the operator's; entries the managed-key filter removed (nil) and
// entries past the operator's are dropped.
func merge(dst, src map[string]any) { mergeAt(dst, src, "") }

func mergeAt(dst, src map[string]any, prefix string) {
	for k, v := range src {
		path := prefix + k
		switch sub := v.(type) {
		case map[string]any:
			if cur, ok := dst[k].(map[string]any); ok {
				mergeAt(cur, sub, path+".")
				continue
			}
		case []any:
			if cur, ok := dst[k].([]any); ok && isListSection(path) {
				for i := range min(len(cur), len(sub)) {
					entry, isMap := sub[i].(map[string]any)
					into, intoIsMap := cur[i].(map[string]any)
					if isMap && intoIsMap {
						mergeAt(into, entry, fmt.Sprintf("%s.%d.", path, i))
					}
				}
				continue
			}
		}
		dst[k] = v
	}
}

// deletePath removes a dotted key path from a nested map; a numeric segment
// indexes a list, whose entry is then set to nil (so that the positions of
// the others, which later paths name, stay).
func deletePath(m map[string]any, path string) {
	parts := strings.Split(path, ".")
	var node any = m
	for i, p := range parts {
		last := i == len(parts)-1
		switch t := node.(type) {
		case map[string]any:
			if last {
				delete(t, p)
				return
			}
			node = t[p]
		case []any:
			idx, err := strconv.Atoi(p)
			if err != nil || idx < 0 || idx >= len(t) {
				return
			}
			if last {
				t[idx] = nil
				return
			}
			node = t[idx]
		default:
			return
		}
	}
}
