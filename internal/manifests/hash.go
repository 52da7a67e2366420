package manifests

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
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
	for _, k := range names { // length-prefixed, so no two key sets collide
		fmt.Fprintf(h, "%d:%s%d:", len(k), k, len(keys[k]))
		h.Write(keys[k])
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
