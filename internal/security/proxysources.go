package security

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

const fieldProxySourceRanges = "spec.security.proxySourceRanges"

// directToPodSources says, per direct-to-pod Ingress class, which addresses
// its load balancer reaches the pods from.
var directToPodSources = map[string]string{
	"alb":                       "the subnets of the Application Load Balancer (target type ip)",
	"gce":                       "the Google front ends, 130.211.0.0/22 and 35.191.0.0/16",
	"gce-internal":              "the region's proxy-only subnet",
	"azure-application-gateway": "the Application Gateway's subnet",
	"azure/application-gateway": "the Application Gateway's subnet",
}

// proxySources checks the proxies that are not pods in a proxy namespace:
// the proxy source ranges the NetworkPolicy admits by CIDR (SEC010, SEC108)
// and load balancers that send straight to the pods (SEC107).
func proxySources(f *findings, in *resolve.Instance) {
	// SEC107: a direct-to-pod load balancer is outside the derived pod network.
	if class := in.DirectToPodIngressClass; class != "" && derivedTrust(in) {
		f.warn(RuleDirectToPodUntrusted, fieldTrustedProxies,
			"the web UI is published through an Ingress of class %q, whose load balancer sends straight to the pods from its own addresses, outside the pod network: SFTPGo trusts only the pod network derived from the cluster (%s: %s), so it takes the load balancer's changing addresses for the clients' (users thrown back to the login page), and the NetworkPolicy, where enabled, keeps the load balancer out. Set spec.security.trustedProxies to %s; the operator then admits them through the NetworkPolicy.",
			class, in.TrustedProxies.Source, strings.Join(in.TrustedProxies.CIDRs, ", "), directToPodSources[class])
	}

	policy := *in.Spec.Security.NetworkPolicy.Enabled
	trusted := resolve.ParsePrefixes(in.TrustedProxies.CIDRs)
	trustedPods := intersections(trusted, resolve.ParsePrefixes(in.Facts.PodNetwork))
	for i, r := range in.Spec.Security.ProxySourceRanges {
		at := fmt.Sprintf("%s[%d]", fieldProxySourceRanges, i)
		p, ok := resolve.ParseAddress(r)
		switch {
		case !ok:
			f.err(RuleProxySourceRange, at,
				"%s %q is not a valid IP or CIDR: a NetworkPolicy admits addresses by CIDR only. List the addresses (10.0.0.5) or ranges (10.0.0.0/24) of the load balancers or nodes that reach the web port, without zone or IPv4-mapped IPv6 form.",
				at, r)
		case p.Bits() == 0:
			f.err(RuleProxySourceRange, at,
				"%s %q is a catch-all: the NetworkPolicy would let every pod and host reach the web port, and those among them that SFTPGo trusts could forge X-Forwarded-For. List only the CIDRs of the load balancers or nodes that reach the web port.",
				at, r)
		case !policy:
			// No NetworkPolicy: the range admits nothing (SEC106 covers the risk).
		case resolve.OverlapsAny(p, trustedPods):
			f.err(RuleProxySourceRange, at,
				"%s %q overlaps the pod network SFTPGo trusts (%s): the NetworkPolicy would let every pod there reach the web port, and each could forge X-Forwarded-For and pick its client IP, undoing the policy. List only the addresses of the load balancers or nodes in front, outside the pod network; pods are admitted by namespace (spec.security.proxyNamespaceSelector).",
				at, r, prefixList(trustedPods))
		case !coveredByAny(p, trusted):
			f.warn(RuleUntrustedProxySource, at,
				"%s %q may reach the web port, but SFTPGo does not trust it: a proxy there has its own, changing address taken for the client's (users thrown back to the login page), and its X-Forwarded-Proto is ignored. Add it to spec.security.trustedProxies (where they are derived today, list the ones status.trustedProxies shows as well), or remove it if no proxy sends from there.",
				at, r)
		}
	}
}

// trustedProxiesHint says what to set when no trusted proxy is known.
func trustedProxiesHint(in *resolve.Instance) string {
	if class := in.DirectToPodIngressClass; class != "" {
		return fmt.Sprintf("The load balancer of Ingress class %q sends straight to the pods. Set spec.security.trustedProxies to %s; the operator then admits them through the NetworkPolicy.",
			class, directToPodSources[class])
	}
	if in.Facts.IsOpenShift() {
		return "Set spec.security.trustedProxies to the cluster network (status.clusterNetwork of networks.config.openshift.io/cluster), which the routers send from."
	}
	return fmt.Sprintf("Set spec.security.trustedProxies to the CIDRs your %s pods get addresses from: with the AWS VPC CNI the subnets of the pods' ENIs (the nodes' subnets, or the ENIConfig subnets with custom networking); with Azure CNI the pod subnet (the node subnet where pods share it); with other network plugins their pod CIDR.",
		proxyName(in.Expose))
}

// derivedTrust reports whether the trusted proxies are the pod network read
// from the cluster, rather than the spec's.
func derivedTrust(in *resolve.Instance) bool {
	s := in.TrustedProxies.Source
	return s != "" && s != v1alpha1.TrustedProxiesFromSpec
}

// intersections returns the address ranges that lie in one prefix of a and
// one of b: for two overlapping prefixes, the narrower.
func intersections(a, b []netip.Prefix) []netip.Prefix {
	var out []netip.Prefix
	for _, x := range a {
		for _, y := range b {
			if x.Overlaps(y) {
				out = append(out, narrower(x, y))
			}
		}
	}
	return out
}

func narrower(x, y netip.Prefix) netip.Prefix {
	if x.Bits() >= y.Bits() {
		return x.Masked()
	}
	return y.Masked()
}

// coveredByAny reports whether one of the prefixes contains all of p.
func coveredByAny(p netip.Prefix, prefixes []netip.Prefix) bool {
	return slices.ContainsFunc(prefixes, func(c netip.Prefix) bool {
		return c.Bits() <= p.Bits() && c.Contains(p.Addr())
	})
}

func prefixList(ps []netip.Prefix) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, ", ")
}
