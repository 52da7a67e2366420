// Package platform describes the cluster the operator runs on, as far as the
// desired state depends on it, and finds it out by discovery.
package platform

import (
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// Name is a kind of cluster.
type Name string

// Platforms.
const (
	Kubernetes Name = "kubernetes"
	OpenShift  Name = "openshift"
)

// Facts is what the desired state needs to know about the cluster. Builders
// and rules take it as a value; only the controller and discovery fill it.
type Facts struct {
	// Platform is OpenShift when route.openshift.io/v1 is served.
	Platform Name
	// RouteAPI: route.openshift.io/v1 Routes are served.
	RouteAPI bool
	// GatewayAPI: gateway.networking.k8s.io/v1 HTTPRoutes are served.
	GatewayAPI bool
	// MonitoringAPI: monitoring.coreos.com/v1 PodMonitors and
	// PrometheusRules are served (the prometheus-operator's API).
	MonitoringAPI bool
	// CiliumNodeAPI: cilium.io/v2 CiliumNodes are served.
	CiliumNodeAPI bool
	// CalicoIPPoolAPI is the group and version that serves Calico's IPPools
	// (crd.projectcalico.org/v1, else projectcalico.org/v3); empty when none.
	CalicoIPPoolAPI schema.GroupVersion
	// PodNetwork holds the CIDRs the in-cluster proxies (ingress controllers,
	// routers, gateways) send from, and where they were read. Empty when the
	// cluster does not tell.
	PodNetwork []string
	// PodNetworkSource says where PodNetwork was read.
	PodNetworkSource v1alpha1.TrustedProxySource
	// OperatorNamespace is where the operator's pods run (POD_NAMESPACE);
	// empty when it runs outside the cluster. The NetworkPolicy of each
	// SFTPGo admits them to the web port, where account resources reach
	// the REST API.
	OperatorNamespace string
}

// IsOpenShift reports whether the cluster is OpenShift.
func (f Facts) IsOpenShift() bool { return f.Platform == OpenShift }
