package platform

import (
	"net/netip"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// The network plugins' resources that tell the pod network, read as
// unstructured objects so that the operator imports neither plugin's Go
// module. Field names are those of Cilium v1.20 (pkg/ipam/types) and
// Calico v3.30 (IPPoolSpec).
var (
	// CiliumNodeGVK is Cilium's per-node record (cluster-scoped); its
	// spec.ipam.podCIDRs (cluster-pool and kubernetes IPAM) and
	// spec.ipam.pools.allocated[].cidrs (multi-pool IPAM) are the node's
	// slices of the pod network.
	CiliumNodeGVK = schema.GroupVersionKind{Group: "cilium.io", Version: "v2", Kind: "CiliumNode"}

	calicoIPPoolAPIs = []schema.GroupVersion{
		{Group: "crd.projectcalico.org", Version: "v1"},
		{Group: "projectcalico.org", Version: "v3"},
	}
)

const (
	ciliumNodeResource   = "ciliumnodes"
	calicoIPPoolResource = "ippools"
	calicoIPPoolKind     = "IPPool"
	// calicoWorkloadUse is the allowedUses entry of pools pods get their
	// addresses from; an empty allowedUses means Workload and Tunnel.
	calicoWorkloadUse = "Workload"
)

// CalicoIPPoolGVK is the kind of Calico's IP pools in the served API; the
// zero value when Calico's API is not served.
func (f Facts) CalicoIPPoolGVK() schema.GroupVersionKind {
	if f.CalicoIPPoolAPI.Empty() {
		return schema.GroupVersionKind{}
	}
	return f.CalicoIPPoolAPI.WithKind(calicoIPPoolKind)
}

// PodNetworkKinds are the network plugins' kinds that tell the pod network,
// where the cluster serves them.
func (f Facts) PodNetworkKinds() []schema.GroupVersionKind {
	var kinds []schema.GroupVersionKind
	if f.CiliumNodeAPI {
		kinds = append(kinds, CiliumNodeGVK)
	}
	if gvk := f.CalicoIPPoolGVK(); !gvk.Empty() {
		kinds = append(kinds, gvk)
	}
	return kinds
}

// PodNetworkSources is what a Kubernetes cluster publishes about its pod
// network, as the controller read it.
type PodNetworkSources struct {
	// OpenShiftClusterNetwork are the CIDRs of the status.clusterNetwork of
	// networks.config.openshift.io/cluster.
	OpenShiftClusterNetwork []string
	CiliumNodes             []unstructured.Unstructured
	CalicoIPPools           []unstructured.Unstructured
	Nodes                   []corev1.Node
}

// PodNetwork picks the pod network from the first source that tells it:
// OpenShift's cluster network, then Cilium's per-node pod CIDRs, then
// Calico's IP pools, then the nodes' spec.podCIDRs. A network plugin's own
// records come before the nodes': Cilium's cluster-pool and Calico's IPAM
// hand out addresses from their own ranges, and the nodes' podCIDRs
// (allocated by kube-controller-manager) are then unused or absent. The
// per-node slices are widened as CoveringPrefixes does; OpenShift's and
// Calico's ranges cover the whole cluster already and are taken as they are.
func (s PodNetworkSources) PodNetwork() ([]string, v1alpha1.TrustedProxySource) {
	candidates := []struct {
		cidrs  []string
		source v1alpha1.TrustedProxySource
	}{
		{canonicalPrefixes(s.OpenShiftClusterNetwork), v1alpha1.TrustedProxiesFromOpenShift},
		{CoveringPrefixes(CiliumNodePodCIDRs(s.CiliumNodes)), v1alpha1.TrustedProxiesFromCiliumNodes},
		{CalicoPoolCIDRs(s.CalicoIPPools), v1alpha1.TrustedProxiesFromCalicoPools},
		{CoveringPrefixes(NodePodCIDRs(s.Nodes)), v1alpha1.TrustedProxiesFromNodePodCIDRs},
	}
	for _, c := range candidates {
		if len(c.cidrs) > 0 {
			return c.cidrs, c.source
		}
	}
	return nil, ""
}

// NodePodCIDRs returns the nodes' spec.podCIDRs (spec.podCIDR where the
// list is unset).
func NodePodCIDRs(nodes []corev1.Node) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, n.Spec.PodCIDRs...)
		if len(n.Spec.PodCIDRs) == 0 && n.Spec.PodCIDR != "" {
			out = append(out, n.Spec.PodCIDR)
		}
	}
	return out
}

// CiliumNodePodCIDRs returns the pod CIDRs Cilium gave its nodes, from
// every IPAM mode that hands out CIDRs. Modes that hand out single
// addresses from the cloud (ENI, Azure) leave both fields empty.
func CiliumNodePodCIDRs(nodes []unstructured.Unstructured) []string {
	var out []string
	for _, n := range nodes {
		cidrs, _, _ := unstructured.NestedStringSlice(n.Object, "spec", "ipam", "podCIDRs")
		out = append(out, cidrs...)
		allocated, _, _ := unstructured.NestedSlice(n.Object, "spec", "ipam", "pools", "allocated")
		for _, a := range allocated {
			if m, ok := a.(map[string]any); ok {
				cidrs, _, _ := unstructured.NestedStringSlice(m, "cidrs")
				out = append(out, cidrs...)
			}
		}
	}
	return out
}

// CalicoPoolCIDRs returns the CIDRs of the Calico IP pools pods get their
// addresses from: disabled pools and pools reserved for other uses
// (LoadBalancer addresses, tunnels only) are left out. Sorted, deduplicated.
func CalicoPoolCIDRs(pools []unstructured.Unstructured) []string {
	var out []string
	for _, p := range pools {
		if disabled, _, _ := unstructured.NestedBool(p.Object, "spec", "disabled"); disabled {
			continue
		}
		uses, _, _ := unstructured.NestedStringSlice(p.Object, "spec", "allowedUses")
		if len(uses) > 0 && !slices.Contains(uses, calicoWorkloadUse) {
			continue
		}
		if cidr, _, _ := unstructured.NestedString(p.Object, "spec", "cidr"); cidr != "" {
			out = append(out, cidr)
		}
	}
	return canonicalPrefixes(out)
}

// canonicalPrefixes masks, sorts and deduplicates CIDRs, and drops
// malformed ones and catch-alls, which are never trusted.
func canonicalPrefixes(cidrs []string) []string {
	var out []string
	for _, c := range cidrs {
		p, err := netip.ParsePrefix(c)
		if err != nil || p.Bits() == 0 {
			continue
		}
		out = append(out, p.Masked().String())
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TrimToPodNetwork is a cache transform for the network plugins' objects:
// it keeps only the fields PodNetwork reads (and the metadata the cache
// needs), so that caching every CiliumNode costs little memory.
func TrimToPodNetwork(obj any) (any, error) {
	u, ok := obj.(*unstructured.Unstructured)
	if !ok {
		return obj, nil
	}
	kept := &unstructured.Unstructured{Object: map[string]any{}}
	kept.SetAPIVersion(u.GetAPIVersion())
	kept.SetKind(u.GetKind())
	kept.SetName(u.GetName())
	kept.SetUID(u.GetUID())
	kept.SetResourceVersion(u.GetResourceVersion())
	paths := [][]string{{"spec", "cidr"}, {"spec", "disabled"}, {"spec", "allowedUses"}}
	if u.GetKind() == CiliumNodeGVK.Kind {
		paths = [][]string{{"spec", "ipam", "podCIDRs"}, {"spec", "ipam", "pools", "allocated"}}
	}
	for _, path := range paths {
		if v, found, _ := unstructured.NestedFieldNoCopy(u.Object, path...); found {
			if err := unstructured.SetNestedField(kept.Object, v, path...); err != nil {
				return nil, err
			}
		}
	}
	return kept, nil
}
