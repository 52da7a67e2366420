package controllers

import (
	"context"

	configv1 "github.com/openshift/api/config/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// facts returns the platform facts for one instance, reading the pod
// network only when the instance needs derived trusted proxies.
func (r *SFTPGoReconciler) facts(ctx context.Context, s *v1alpha1.SFTPGo) (platform.Facts, error) {
	f := r.Platform
	if !resolve.New(s, f).NeedsDerivedProxies() {
		return f, nil
	}
	if f.IsOpenShift() {
		return r.openShiftPodNetwork(ctx, f)
	}
	var nodes corev1.NodeList
	if err := r.List(ctx, &nodes); err != nil {
		return f, err
	}
	f.PodNetwork = platform.CoveringPrefixes(podCIDRs(nodes.Items))
	if len(f.PodNetwork) > 0 {
		f.PodNetworkSource = v1alpha1.TrustedProxiesFromNodePodCIDRs
	}
	return f, nil
}

func podCIDRs(nodes []corev1.Node) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, n.Spec.PodCIDRs...)
		if len(n.Spec.PodCIDRs) == 0 && n.Spec.PodCIDR != "" {
			out = append(out, n.Spec.PodCIDR)
		}
	}
	return out
}

// clusterNetworkName is the name of OpenShift's cluster network config.
const clusterNetworkName = "cluster"

// openShiftPodNetwork reads the cluster network CIDRs, which the routers
// (also host-network ones, through the node's management port) send from.
func (r *SFTPGoReconciler) openShiftPodNetwork(ctx context.Context, f platform.Facts) (platform.Facts, error) {
	var network configv1.Network
	if err := r.Get(ctx, client.ObjectKey{Name: clusterNetworkName}, &network); err != nil {
		return f, client.IgnoreNotFound(err)
	}
	for _, n := range network.Status.ClusterNetwork {
		f.PodNetwork = append(f.PodNetwork, n.CIDR)
	}
	if len(f.PodNetwork) > 0 {
		f.PodNetworkSource = v1alpha1.TrustedProxiesFromOpenShift
	}
	return f, nil
}
