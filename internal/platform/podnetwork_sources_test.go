package platform

import (
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// ciliumNode is a CiliumNode as the API server returns it: spec.ipam.podCIDRs
// (cluster-pool IPAM) and spec.ipam.pools.allocated (multi-pool IPAM).
func ciliumNode(name string, podCIDRs []any, allocated ...map[string]any) unstructured.Unstructured {
	ipam := map[string]any{}
	if podCIDRs != nil {
		ipam["podCIDRs"] = podCIDRs
	}
	if len(allocated) > 0 {
		list := make([]any, len(allocated))
		for i, a := range allocated {
			list[i] = a
		}
		ipam["pools"] = map[string]any{"allocated": list}
	}
	return unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "cilium.io/v2", "kind": "CiliumNode",
		"metadata": map[string]any{"name": name, "resourceVersion": "7"},
		"spec": map[string]any{
			"ipam":      ipam,
			"addresses": []any{map[string]any{"type": "InternalIP", "ip": "192.168.1.10"}},
		},
		"status": map[string]any{"ipam": map[string]any{"used": map[string]any{"10.0.1.7": map[string]any{"owner": "x"}}}},
	}}
}

// calicoPool is an IPPool of crd.projectcalico.org/v1.
func calicoPool(name, cidr string, spec map[string]any) unstructured.Unstructured {
	sp := map[string]any{"cidr": cidr, "blockSize": int64(26), "natOutgoing": true}
	for k, v := range spec {
		sp[k] = v
	}
	return unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "crd.projectcalico.org/v1", "kind": "IPPool",
		"metadata": map[string]any{"name": name}, "spec": sp,
	}}
}

func node(podCIDR string, podCIDRs ...string) corev1.Node {
	return corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n"}, Spec: corev1.NodeSpec{PodCIDR: podCIDR, PodCIDRs: podCIDRs}}
}

func TestCiliumNodePodCIDRs(t *testing.T) {
	tests := []struct {
		name  string
		nodes []unstructured.Unstructured
		want  []string
	}{
		{"none", nil, nil},
		{"cluster-pool, dual stack", []unstructured.Unstructured{
			ciliumNode("a", []any{"10.0.1.0/24", "fd00:10::/64"}),
			ciliumNode("b", []any{"10.0.2.0/24"}),
		}, []string{"10.0.1.0/24", "fd00:10::/64", "10.0.2.0/24"}},
		{"multi-pool allocations", []unstructured.Unstructured{
			ciliumNode("a", nil,
				map[string]any{"pool": "default", "cidrs": []any{"10.10.0.0/27"}},
				map[string]any{"pool": "blue", "cidrs": []any{"10.20.0.0/27", "10.20.0.32/27"}}),
		}, []string{"10.10.0.0/27", "10.20.0.0/27", "10.20.0.32/27"}},
		{"ENI mode: no CIDRs, only single addresses", []unstructured.Unstructured{ciliumNode("a", nil)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CiliumNodePodCIDRs(tt.nodes); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("CiliumNodePodCIDRs = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCalicoPoolCIDRs(t *testing.T) {
	tests := []struct {
		name  string
		pools []unstructured.Unstructured
		want  []string
	}{
		{"none", nil, nil},
		{"default pools, dual stack", []unstructured.Unstructured{
			calicoPool("default-ipv6-ippool", "fd00:10:244::/48", nil),
			calicoPool("default-ipv4-ippool", "192.168.0.0/16", nil),
		}, []string{"192.168.0.0/16", "fd00:10:244::/48"}},
		{"disabled pool left out", []unstructured.Unstructured{
			calicoPool("old", "10.10.0.0/16", map[string]any{"disabled": true}),
			calicoPool("new", "10.20.0.0/16", map[string]any{"disabled": false}),
		}, []string{"10.20.0.0/16"}},
		{"LoadBalancer and tunnel-only pools left out", []unstructured.Unstructured{
			calicoPool("lb", "203.0.113.0/24", map[string]any{"allowedUses": []any{"LoadBalancer"}}),
			calicoPool("tunnel", "10.30.0.0/24", map[string]any{"allowedUses": []any{"Tunnel"}}),
			calicoPool("pods", "10.20.0.0/16", map[string]any{"allowedUses": []any{"Workload", "Tunnel"}}),
		}, []string{"10.20.0.0/16"}},
		{"disjoint pools kept apart, not covered by one wide range", []unstructured.Unstructured{
			calicoPool("a", "172.16.0.0/16", nil),
			calicoPool("b", "10.20.0.0/16", nil),
		}, []string{"10.20.0.0/16", "172.16.0.0/16"}},
		{"unmasked, duplicate, malformed and catch-all entries", []unstructured.Unstructured{
			calicoPool("a", "10.20.3.4/16", nil),
			calicoPool("b", "10.20.0.0/16", nil),
			calicoPool("c", "not-a-cidr", nil),
			calicoPool("d", "0.0.0.0/0", nil),
		}, []string{"10.20.0.0/16"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CalicoPoolCIDRs(tt.pools); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("CalicoPoolCIDRs = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNodePodCIDRs(t *testing.T) {
	got := NodePodCIDRs([]corev1.Node{
		node("10.244.1.0/24", "10.244.1.0/24", "fd00:10:244:1::/64"),
		node("10.244.2.0/24"), // only the singular field, as older nodes report it
		node(""),
	})
	want := []string{"10.244.1.0/24", "fd00:10:244:1::/64", "10.244.2.0/24"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("NodePodCIDRs = %v, want %v", got, want)
	}
}

func TestPodNetworkPrefersThePluginsOwnRecords(t *testing.T) {
	openShift := []string{"10.128.0.0/14"}
	cilium := []unstructured.Unstructured{ciliumNode("a", []any{"10.0.1.0/24"}), ciliumNode("b", []any{"10.0.9.0/24"})}
	calico := []unstructured.Unstructured{calicoPool("default-ipv4-ippool", "192.168.0.0/16", nil)}
	nodes := []corev1.Node{node("10.244.3.0/24", "10.244.3.0/24")}
	tests := []struct {
		name       string
		in         PodNetworkSources
		want       []string
		wantSource v1alpha1.TrustedProxySource
	}{
		{"nothing published", PodNetworkSources{}, nil, ""},
		{"nodes only, widened", PodNetworkSources{Nodes: nodes}, []string{"10.244.0.0/16"}, v1alpha1.TrustedProxiesFromNodePodCIDRs},
		{"Calico pools over stale node podCIDRs", PodNetworkSources{CalicoIPPools: calico, Nodes: nodes},
			[]string{"192.168.0.0/16"}, v1alpha1.TrustedProxiesFromCalicoPools},
		{"Cilium nodes, widened, over everything but OpenShift", PodNetworkSources{CiliumNodes: cilium, CalicoIPPools: calico, Nodes: nodes},
			[]string{"10.0.0.0/16"}, v1alpha1.TrustedProxiesFromCiliumNodes},
		{"Cilium in ENI mode tells nothing: the next source answers", PodNetworkSources{CiliumNodes: []unstructured.Unstructured{ciliumNode("a", nil)}, Nodes: nodes},
			[]string{"10.244.0.0/16"}, v1alpha1.TrustedProxiesFromNodePodCIDRs},
		{"only disabled Calico pools: the nodes answer", PodNetworkSources{
			CalicoIPPools: []unstructured.Unstructured{calicoPool("old", "192.168.0.0/16", map[string]any{"disabled": true})}, Nodes: nodes},
			[]string{"10.244.0.0/16"}, v1alpha1.TrustedProxiesFromNodePodCIDRs},
		{"OpenShift's cluster network first, as given", PodNetworkSources{OpenShiftClusterNetwork: openShift, CiliumNodes: cilium, Nodes: nodes},
			[]string{"10.128.0.0/14"}, v1alpha1.TrustedProxiesFromOpenShift},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, source := tt.in.PodNetwork()
			if !reflect.DeepEqual(got, tt.want) || source != tt.wantSource {
				t.Errorf("PodNetwork = %v from %q, want %v from %q", got, source, tt.want, tt.wantSource)
			}
		})
	}
}

func TestTrimToPodNetworkKeepsWhatPodNetworkReads(t *testing.T) {
	n := ciliumNode("a", []any{"10.0.1.0/24"}, map[string]any{"pool": "blue", "cidrs": []any{"10.20.0.0/27"}})
	trimmed, err := TrimToPodNetwork(&n)
	if err != nil {
		t.Fatal(err)
	}
	u := trimmed.(*unstructured.Unstructured)
	if u.GetName() != "a" || u.GetResourceVersion() != "7" || u.GroupVersionKind() != CiliumNodeGVK {
		t.Errorf("identity lost: %v", u.Object)
	}
	if _, found, _ := unstructured.NestedFieldNoCopy(u.Object, "status"); found {
		t.Error("status kept: it holds every allocated address")
	}
	if _, found, _ := unstructured.NestedFieldNoCopy(u.Object, "spec", "addresses"); found {
		t.Error("spec.addresses kept")
	}
	if got, want := CiliumNodePodCIDRs([]unstructured.Unstructured{*u}), CiliumNodePodCIDRs([]unstructured.Unstructured{n}); !reflect.DeepEqual(got, want) {
		t.Errorf("trimmed node reads %v, want %v", got, want)
	}

	pools := []unstructured.Unstructured{
		calicoPool("lb", "203.0.113.0/24", map[string]any{"allowedUses": []any{"LoadBalancer"}}),
		calicoPool("old", "10.10.0.0/16", map[string]any{"disabled": true}),
		calicoPool("pods", "10.20.0.0/16", nil),
	}
	var trimmedPools []unstructured.Unstructured
	for i := range pools {
		out, err := TrimToPodNetwork(&pools[i])
		if err != nil {
			t.Fatal(err)
		}
		p := out.(*unstructured.Unstructured)
		if _, found, _ := unstructured.NestedFieldNoCopy(p.Object, "spec", "natOutgoing"); found {
			t.Errorf("%s: spec.natOutgoing kept", p.GetName())
		}
		trimmedPools = append(trimmedPools, *p)
	}
	if got := CalicoPoolCIDRs(trimmedPools); !reflect.DeepEqual(got, []string{"10.20.0.0/16"}) {
		t.Errorf("trimmed pools read %v", got)
	}

	other := &corev1.Node{}
	if out, _ := TrimToPodNetwork(other); out != other {
		t.Error("typed objects must pass through untouched")
	}
}

func TestCalicoIPPoolGVK(t *testing.T) {
	if gvk := (Facts{}).CalicoIPPoolGVK(); !gvk.Empty() {
		t.Errorf("no Calico API: got %v", gvk)
	}
	f := Facts{CalicoIPPoolAPI: calicoIPPoolAPIs[1]}
	if got := f.CalicoIPPoolGVK().String(); got != "projectcalico.org/v3, Kind=IPPool" {
		t.Errorf("CalicoIPPoolGVK = %s", got)
	}
}
