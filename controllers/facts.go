package controllers

import (
	"context"

	configv1 "github.com/openshift/api/config/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// podNetwork reads the cluster's pod network from the cache, for the
// instances that depend on it (resolve.Resolve asks only for those).
func (r *SFTPGoReconciler) podNetwork(ctx context.Context) resolve.PodNetworkReader {
	return func() ([]string, v1alpha1.TrustedProxySource, error) {
		sources, err := r.podNetworkSources(ctx)
		if err != nil {
			return nil, "", err
		}
		cidrs, source := sources.PodNetwork()
		return cidrs, source, nil
	}
}

// clusterNetworkName is the name of OpenShift's cluster network config.
const clusterNetworkName = "cluster"

// podNetworkSources reads, from the cache, every source of the pod network
// the cluster serves; platform.PodNetworkSources.PodNetwork picks one.
func (r *SFTPGoReconciler) podNetworkSources(ctx context.Context) (platform.PodNetworkSources, error) {
	var src platform.PodNetworkSources
	if r.Platform.RouteAPI {
		// The cluster network CIDRs, which the routers (also host-network
		// ones, through the node's management port) send from.
		var network configv1.Network
		err := r.Get(ctx, client.ObjectKey{Name: clusterNetworkName}, &network)
		if client.IgnoreNotFound(err) != nil {
			return src, err
		}
		for _, n := range network.Status.ClusterNetwork {
			src.OpenShiftClusterNetwork = append(src.OpenShiftClusterNetwork, n.CIDR)
		}
	}
	var err error
	if r.Platform.CiliumNodeAPI {
		if src.CiliumNodes, err = r.listUnstructured(ctx, platform.CiliumNodeGVK); err != nil {
			return src, err
		}
	}
	if gvk := r.Platform.CalicoIPPoolGVK(); !gvk.Empty() {
		if src.CalicoIPPools, err = r.listUnstructured(ctx, gvk); err != nil {
			return src, err
		}
	}
	var nodes corev1.NodeList
	if err := r.List(ctx, &nodes); err != nil {
		return src, err
	}
	src.Nodes = nodes.Items
	return src, nil
}

// listUnstructured lists a network plugin's objects, which the operator
// reads without their Go types.
func (r *SFTPGoReconciler) listUnstructured(ctx context.Context, gvk schema.GroupVersionKind) ([]unstructured.Unstructured, error) {
	var list unstructured.UnstructuredList
	list.SetGroupVersionKind(gvk.GroupVersion().WithKind(gvk.Kind + "List"))
	if err := r.List(ctx, &list); err != nil {
		return nil, err
	}
	return list.Items, nil
}
