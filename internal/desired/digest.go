package desired

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// digestKey holds a Secret's data digest in the cache. "~" is not allowed
// in Secret keys, so no real Secret has it.
const digestKey = "~sha256"

// DigestSecret replaces a cached Secret's data by its digest: the operator
// reads the Secrets it generates only to know when what the pods read
// changed, and their private keys are most of the cache's bytes otherwise.
func DigestSecret(obj client.Object) {
	if s, ok := obj.(*corev1.Secret); ok {
		s.Data = Digest(s.Data)
		s.StringData = nil
	}
}

// Digest returns the data as DigestSecret keeps it: its digest (unchanged
// when it already is one).
func Digest(data map[string][]byte) map[string][]byte {
	return map[string][]byte{digestKey: DigestOf(data)}
}

// DigestOf returns the digest of a Secret's data, or the one it holds when
// it is already a digest, so that data read from the cache and data just
// created hash alike.
func DigestOf(data map[string][]byte) []byte {
	if sum, done := data[digestKey]; done && len(data) == 1 {
		return sum
	}
	h := sha256.New()
	for _, k := range slices.Sorted(maps.Keys(data)) {
		v := data[k]
		fmt.Fprintf(h, "%d:%s%d:", len(k), k, len(v)) // length-prefixed: no two key sets collide
		h.Write(v)
	}
	return h.Sum(nil)
}
