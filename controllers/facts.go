package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"

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
