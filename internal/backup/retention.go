package backup

import (
	"path"
	"slices"
	"strings"
	"time"
)

// timeLayout names a backup object after its UTC time, so that the keys of
// one SFTPGo sort by time.
const timeLayout = "20060102T150405Z"

// Ext ends every backup object's key.
const Ext = ".json"

// InstancePrefix is where the backups of one SFTPGo live in the bucket.
func InstancePrefix(prefix, namespace, name string) string {
	return prefix + namespace + "/" + name + "/"
}

// ObjectKey is the key of a backup taken at t.
func ObjectKey(prefix, namespace, name string, t time.Time) string {
	return InstancePrefix(prefix, namespace, name) + t.UTC().Format(timeLayout) + Ext
}

// Object is a backup found in the bucket.
type Object struct {
	Key  string
	Time time.Time
}

// ParseKey returns the backup an object key names, false for an object
// the operator did not write (any other name under the prefix, which
// retention leaves alone).
func ParseKey(key string) (Object, bool) {
	base := path.Base(key)
	stamp, ok := strings.CutSuffix(base, Ext)
	if !ok {
		return Object{}, false
	}
	t, err := time.Parse(timeLayout, stamp)
	if err != nil {
		return Object{}, false
	}
	return Object{Key: key, Time: t}, true
}

// Expired returns the backups retention deletes: all but the newest keep,
// and, when maxAge is positive, those older than now-maxAge. The newest
// backup is never deleted, whatever its age: a server whose backups fail
// for a month keeps its last good one.
func Expired(objects []Object, keep int, maxAge time.Duration, now time.Time) []Object {
	sorted := slices.Clone(objects)
	slices.SortFunc(sorted, func(a, b Object) int { return b.Time.Compare(a.Time) }) // newest first
	keep = max(keep, 1)
	var out []Object
	for i, o := range sorted {
		if i >= keep || (i > 0 && maxAge > 0 && o.Time.Before(now.Add(-maxAge))) {
			out = append(out, o)
		}
	}
	return out
}
