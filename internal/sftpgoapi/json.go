package sftpgoapi

import (
	"encoding/json"
	"reflect"
	"strings"
)

// Extra holds the members of a JSON object that the Go type around it does
// not model, as SFTPGo sent them.
//
// SFTPGo's PUT decodes the request body into a fresh struct (updateUser,
// updateGroup, updateFolder and updateAdmin in internal/httpd), so a member
// that is not sent is reset to its zero value. The operator updates by
// read-modify-write: it GETs the object, sets the fields it manages and PUTs
// the whole object back. Every type that models only part of an SFTPGo object
// therefore keeps the rest here and writes it back unchanged, so a field set
// by hand in the web UI (or added by a later SFTPGo version) survives the
// operator's update.
//
// Keys never collide with the modelled members: decoding moves every member
// the type knows into its fields, and encoding ignores a key of Extra that
// names a modelled member.
type Extra map[string]json.RawMessage

// jsonKeys returns the lower-cased JSON member names of the fields of the
// struct type T. encoding/json matches member names case-insensitively, so
// the comparison with the keys of a document is case-insensitive too.
func jsonKeys[T any]() map[string]struct{} {
	t := reflect.TypeFor[T]()
	keys := make(map[string]struct{}, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		keys[strings.ToLower(name)] = struct{}{}
	}
	return keys
}

func isKnown(keys map[string]struct{}, name string) bool {
	_, ok := keys[strings.ToLower(name)]
	return ok
}

// decodeWithExtra decodes data into dst (a pointer to a method-less copy of
// the public type, so that this does not recurse) and returns the members
// that dst does not model.
func decodeWithExtra(data []byte, dst any, keys map[string]struct{}) (Extra, error) {
	if err := json.Unmarshal(data, dst); err != nil {
		return nil, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return nil, err
	}
	for name := range all {
		if isKnown(keys, name) {
			delete(all, name)
		}
	}
	if len(all) == 0 {
		return nil, nil
	}
	return Extra(all), nil
}

// encodeWithExtra encodes src (a method-less copy of the public type) and
// adds the members of extra that src does not model.
func encodeWithExtra(src any, extra Extra, keys map[string]struct{}) ([]byte, error) {
	data, err := json.Marshal(src)
	if err != nil || len(extra) == 0 {
		return data, err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, err
	}
	for name, value := range extra {
		if isKnown(keys, name) || value == nil {
			continue
		}
		obj[name] = value
	}
	return json.Marshal(obj)
}

// Clone returns a deep copy of e, so that a copied object can change its
// unmodelled members without touching the original's.
func (e Extra) Clone() Extra {
	if e == nil {
		return nil
	}
	out := make(Extra, len(e))
	for k, v := range e {
		out[k] = append(json.RawMessage(nil), v...)
	}
	return out
}
