package platform

import (
	"net/netip"
	"sort"
)

// Narrowest ranges CoveringPrefixes returns. Per-node pod CIDRs are slices
// of one cluster range; trusting the covering range widened to these sizes
// keeps SFTPGo's config (and so its pods) stable while nodes come and go.
const (
	minIPv4Bits = 16
	minIPv6Bits = 48
)

// CoveringPrefixes returns, per IP family, the smallest prefix that covers
// every given pod CIDR, widened to at least /16 (IPv4) or /48 (IPv6).
// Malformed entries are skipped. It never returns a /0.
func CoveringPrefixes(podCIDRs []string) []string {
	var v4, v6 []netip.Prefix
	for _, c := range podCIDRs {
		p, err := netip.ParsePrefix(c)
		if err != nil {
			continue
		}
		p = p.Masked()
		if p.Addr().Is4() {
			v4 = append(v4, p)
		} else {
			v6 = append(v6, p)
		}
	}
	var out []string
	if p, ok := cover(v4, minIPv4Bits); ok {
		out = append(out, p.String())
	}
	if p, ok := cover(v6, minIPv6Bits); ok {
		out = append(out, p.String())
	}
	sort.Strings(out)
	return out
}

func cover(prefixes []netip.Prefix, maxBits int) (netip.Prefix, bool) {
	if len(prefixes) == 0 {
		return netip.Prefix{}, false
	}
	bits := min(prefixes[0].Bits(), maxBits)
	for _, p := range prefixes[1:] {
		bits = min(bits, p.Bits())
	}
	for ; bits > 0; bits-- {
		candidate, _ := prefixes[0].Addr().Prefix(bits)
		if coversAll(candidate, prefixes) {
			return candidate, true
		}
	}
	return netip.Prefix{}, false // only a catch-all would cover them: trust nothing
}

func coversAll(c netip.Prefix, prefixes []netip.Prefix) bool {
	for _, p := range prefixes {
		if !c.Contains(p.Addr()) {
			return false
		}
	}
	return true
}
