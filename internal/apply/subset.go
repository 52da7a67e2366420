// Package apply writes desired objects to the cluster only when they differ
// from what is there, so a reconcile with nothing to change makes no write.
package apply

import "reflect"

// isSubset reports whether every field set in want has the same value in
// got. Fields only in got (API server defaults, allocated IPs, fields other
// controllers add) do not count, nor do list entries others added: as with
// server-side apply, the operator answers only for what it sets.
func isSubset(want, got any) bool {
	switch w := want.(type) {
	case nil:
		return true
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return len(w) == 0 && got == nil
		}
		for k, wv := range w {
			if !isSubset(wv, g[k]) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok {
			return len(w) == 0 && got == nil
		}
		for _, wv := range w {
			if !containsSubset(g, wv) {
				return false
			}
		}
		return true
	default:
		return reflect.DeepEqual(want, got)
	}
}

func containsSubset(list []any, want any) bool {
	for _, g := range list {
		if isSubset(want, g) {
			return true
		}
	}
	return false
}
