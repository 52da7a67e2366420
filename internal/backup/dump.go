package backup

import (
	"encoding/json"
	"fmt"
)

// WithoutAdmin removes one admin from an SFTPGo dump (its member "admins")
// and keeps everything else as SFTPGo wrote it. The operator removes its
// own admin: the new instance a backup is restored into has its own, with
// another password, which loaddata in mode 0 or 2 would overwrite with the
// old instance's hash (the operator then could not reach the new server
// until its pods restart and load theirs again). The dump then holds no
// credential of the operator either.
func WithoutAdmin(dump []byte, username string) ([]byte, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(dump, &doc); err != nil {
		return nil, fmt.Errorf("the dump is not a JSON object: %w", err)
	}
	if _, ok := doc["version"]; !ok {
		return nil, fmt.Errorf("the dump has no member \"version\": it is not an SFTPGo dump")
	}
	raw, ok := doc["admins"]
	if !ok || string(raw) == "null" {
		return dump, nil
	}
	var admins []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &admins); err != nil {
		return nil, fmt.Errorf("the dump's admins are not a list of objects: %w", err)
	}
	kept := admins[:0]
	for _, a := range admins {
		var name string
		_ = json.Unmarshal(a["username"], &name)
		if name != username {
			kept = append(kept, a)
		}
	}
	if len(kept) == len(admins) {
		return dump, nil
	}
	out, err := json.Marshal(kept)
	if err != nil {
		return nil, err
	}
	doc["admins"] = out
	return json.Marshal(doc)
}
