package sftpgoconfig

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
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
		if sub, ok := v.(map[string]any); ok {
			v = normalize(sub)
		}
		nested := map[string]any{parts[len(parts)-1]: v}
		for i := len(parts) - 2; i >= 0; i-- {
			nested = map[string]any{parts[i]: nested}
		}
		merge(out, nested)
	}
	return out
}

// merge deep-merges src into dst: objects merge key by key, anything else
// (lists included) replaces, as SFTPGo's own config loading does.
func merge(dst, src map[string]any) {
	for k, v := range src {
		sub, isMap := v.(map[string]any)
		cur, curIsMap := dst[k].(map[string]any)
		if isMap && curIsMap {
			merge(cur, sub)
			continue
		}
		dst[k] = v
	}
}

// deletePath removes a dotted key path from a nested map.
func deletePath(m map[string]any, path string) {
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			return
		}
		m = next
	}
	delete(m, parts[len(parts)-1])
}
