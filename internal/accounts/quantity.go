package accounts

import (
	"fmt"
	"math"

	"k8s.io/apimachinery/pkg/api/resource"
)

// Units SFTPGo counts in.
const (
	// kib is the unit of bandwidths: SFTPGo's "KB/s" are KiB/s.
	kib = 1024
	// mib is the unit of data transfer limits and part sizes.
	mib = 1024 * 1024
)

// bytesOf returns q as a whole number of bytes, a fraction of a byte
// rounded up (100m is 1); 0 for nil or a negative quantity. field names
// the spec field in the error for a quantity SFTPGo cannot store.
func bytesOf(q *resource.Quantity, field string) (int64, error) {
	return unitsOf(q, 1, field)
}

// unitsOf returns q, in bytes, as a whole number of units, rounded up so
// that a small limit never becomes 0 (which SFTPGo reads as unlimited).
func unitsOf(q *resource.Quantity, unit int64, field string) (int64, error) {
	if q == nil || q.Sign() <= 0 {
		return 0, nil
	}
	if q.CmpInt64(math.MaxInt64) > 0 {
		return 0, fmt.Errorf("%s is %s, more than SFTPGo can store (%d bytes): lower it", field, q.String(),
			int64(math.MaxInt64))
	}
	b := q.Value() // rounded up
	n := b / unit
	if b%unit != 0 {
		n++
	}
	return n, nil
}
