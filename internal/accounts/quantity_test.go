package accounts

import (
	"math"
	"testing"

	"k8s.io/apimachinery/pkg/api/resource"
)

func TestUnitsOf(t *testing.T) {
	q := func(s string) *resource.Quantity {
		v := resource.MustParse(s)
		return &v
	}
	cases := []struct {
		q    *resource.Quantity
		unit int64
		want int64
	}{
		{nil, 1, 0},
		{q("0"), kib, 0},
		{q("-5"), 1, 0},
		{q("1m"), 1, 1},
		{q("1"), kib, 1},
		{q("1Ki"), kib, 1},
		{q("1025"), kib, 2},
		{q("1Mi"), mib, 1},
		{q("1048577"), mib, 2},
		{q("1.5Gi"), mib, 1536},
		{q("9223372036854775807"), 1, math.MaxInt64},
		{q("9223372036854775807"), kib, math.MaxInt64/kib + 1},
	}
	for _, tc := range cases {
		got, err := unitsOf(tc.q, tc.unit, "f")
		if err != nil || got != tc.want {
			t.Errorf("unitsOf(%v, %d) = %d, %v; want %d", tc.q, tc.unit, got, err, tc.want)
		}
	}
	for _, s := range []string{"9223372036854775808", "1e30"} {
		if _, err := bytesOf(q(s), "spec.quota.size"); err == nil {
			t.Errorf("%s: no error", s)
		}
	}
}
