package manifests

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
)

// ConfigHash fingerprints what the pods read at start: the rendered config
// and the keys Secret's data.
func ConfigHash(sftpgoJSON []byte, keys map[string][]byte) string {
	h := sha256.New()
	h.Write(sftpgoJSON)
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		h.Write([]byte{0})
		h.Write([]byte(k))
		h.Write([]byte{0})
		h.Write(keys[k])
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
