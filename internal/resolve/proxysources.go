package resolve

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// directToPodIngressClasses are the Ingress classes whose load balancers
// send straight to pod IPs, from their own addresses outside the pod
// network, rather than through an ingress controller pod: the AWS Load
// Balancer Controller (the web Service is ClusterIP, so only target type ip
// reaches it), GKE Ingress (ClusterIP backends need container-native load
// balancing through NEGs) and the Azure Application Gateway Ingress
// Controller (its IngressClass name and its annotation value).
var directToPodIngressClasses = []string{"alb", "gce", "gce-internal", "azure-application-gateway", "azure/application-gateway"}

// AnnotationIngressClass is the legacy way to name the Ingress class, still
// the documented one for GKE Ingress.
const AnnotationIngressClass = "kubernetes.io/ingress.class"

// directToPodIngressClass returns the Ingress class when the web is proxied
// through an Ingress of a direct-to-pod class: spec.expose.ingressClassName,
// else the kubernetes.io/ingress.class annotation.
func directToPodIngressClass(s *v1alpha1.SFTPGo, expose v1alpha1.ExposeType, proxied bool) string {
	if !proxied || expose != v1alpha1.ExposeIngress {
		return ""
	}
	class := s.Spec.Expose.IngressClassName
	if class == "" {
		class = strings.TrimSpace(s.Spec.Expose.Annotations[AnnotationIngressClass])
	}
	if slices.Contains(directToPodIngressClasses, class) {
		return class
	}
	return ""
}

// proxySourceRanges: the spec's ranges, and behind a direct-to-pod Ingress
// class the spec's trusted proxies too, since they are the load balancer
// the NetworkPolicy must let in. A trusted proxy that overlaps the known pod
// network is not admitted that way: an ipBlock there would let every pod in
// it reach the web port and forge X-Forwarded-For; pods are admitted by
// namespace instead. Derived trusted proxies are the pod network itself, so
// they are never admitted by ipBlock. Malformed entries are skipped (rules
// SEC001 and SEC010 refuse them).
func proxySourceRanges(s *v1alpha1.SFTPGo, directToPod bool, podNetwork []string) []string {
	var out []string
	add := func(p netip.Prefix) {
		if c := p.Masked().String(); !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	for _, r := range s.Spec.Security.ProxySourceRanges {
		if p, ok := ParseAddress(r); ok && p.Bits() > 0 {
			add(p)
		}
	}
	if !directToPod {
		return out
	}
	pods := ParsePrefixes(podNetwork)
	for _, t := range s.Spec.Security.TrustedProxies {
		if p, ok := ParseAddress(t); ok && p.Bits() > 0 && !OverlapsAny(p, pods) {
			add(p)
		}
	}
	return out
}

// ParseAddress parses a trusted proxy, PROXY source or proxy source range
// the way the CRD's CEL rules do (k8s isIP/isCIDR): an IP address or a CIDR,
// IPv4 or IPv6, no zone, no IPv4-mapped IPv6 form, no leading zeros. A plain
// IP is returned as a single-address prefix. SFTPGo accepts both forms.
func ParseAddress(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil || p.Addr().Is4In6() {
			return netip.Prefix{}, false
		}
		return p, true
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" || a.Is4In6() {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

// ParsePrefixes parses the well-formed entries of a list of addresses.
func ParsePrefixes(entries []string) []netip.Prefix {
	var out []netip.Prefix
	for _, e := range entries {
		if p, ok := ParseAddress(e); ok {
			out = append(out, p.Masked())
		}
	}
	return out
}

// OverlapsAny reports whether p shares an address with any of the prefixes.
func OverlapsAny(p netip.Prefix, prefixes []netip.Prefix) bool {
	return slices.ContainsFunc(prefixes, p.Overlaps)
}
