package platform

import (
	"fmt"
	"slices"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/discovery"
)

// Discover finds out which optional APIs the cluster serves. OpenShift is
// recognised by its Route API, as CloudNativePG and others do.
func Discover(d discovery.DiscoveryInterface) (Facts, error) {
	routes, err := serves(d, "route.openshift.io/v1", "routes")
	if err != nil {
		return Facts{}, err
	}
	httpRoutes, err := serves(d, "gateway.networking.k8s.io/v1", "httproutes")
	if err != nil {
		return Facts{}, err
	}
	f := Facts{Platform: Kubernetes, RouteAPI: routes, GatewayAPI: httpRoutes}
	if routes {
		f.Platform = OpenShift
	}
	if f.MonitoringAPI, err = serves(d, MonitoringGroupVersion, "podmonitors", "prometheusrules"); err != nil {
		return Facts{}, err
	}
	if f.CiliumNodeAPI, err = serves(d, CiliumNodeGVK.GroupVersion().String(), ciliumNodeResource); err != nil {
		return Facts{}, err
	}
	// Calico keeps its pools in CRDs (crd.projectcalico.org/v1); its own API
	// server, where installed, serves the same pools as projectcalico.org/v3.
	// The CRDs are preferred: the kube-apiserver serves them itself.
	for _, gv := range calicoIPPoolAPIs {
		ok, err := serves(d, gv.String(), calicoIPPoolResource)
		if err != nil {
			return Facts{}, err
		}
		if ok {
			f.CalicoIPPoolAPI = gv
			break
		}
	}
	return f, nil
}

// MonitoringGroupVersion is the prometheus-operator's API.
const MonitoringGroupVersion = "monitoring.coreos.com/v1"

// serves reports whether the group version serves every one of resources.
func serves(d discovery.DiscoveryInterface, groupVersion string, resources ...string) (bool, error) {
	list, err := d.ServerResourcesForGroupVersion(groupVersion)
	if apierrors.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("discovering %s: %w", groupVersion, err)
	}
	for _, want := range resources {
		if !slices.ContainsFunc(list.APIResources, func(r metav1.APIResource) bool { return r.Name == want }) {
			return false, nil
		}
	}
	return true, nil
}
