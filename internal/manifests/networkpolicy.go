package manifests

import (
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

// Labels of the namespaces of OpenShift's routers (OVN-Kubernetes and
// OpenShift SDN spellings).
const (
	OpenShiftIngressPolicyGroup = "policy-group.network.openshift.io/ingress"
	OpenShiftLegacyPolicyGroup  = "network.openshift.io/policy-group"
)

// DefaultProxyNamespaces are the namespaces where common ingress
// controllers and gateways run, trusted to reach the web port on
// Kubernetes when spec.security.proxyNamespaceSelector is unset.
var DefaultProxyNamespaces = []string{
	"ingress-nginx", "nginx-ingress", "kube-system", "traefik", "haproxy-controller",
	"kong", "projectcontour", "envoy-gateway-system", "istio-system", "istio-ingress",
	"gateway-system", "nginx-gateway",
}

// NetworkPolicy restricts who reaches each port of the SFTPGo pods: SFTP
// from anywhere (the Service publishes it), the web port (and WebDAV's,
// when enabled) from the proxies' namespaces, the proxy source ranges, this
// namespace and the operator, telemetry from the monitoring namespaces.
// Nil when spec.security.networkPolicy.enabled is false.
func NetworkPolicy(in *resolve.Instance) *networkingv1.NetworkPolicy {
	if !*in.Spec.Security.NetworkPolicy.Enabled {
		return nil
	}
	var rules []networkingv1.NetworkPolicyIngressRule
	// SFTP, FTP and FTP's passive ports from anywhere: the Service
	// publishes them.
	var public []int32
	if *in.Spec.SFTP.Enabled {
		public = append(public, sftpgoconfig.SFTPPort)
	}
	if in.FTPEnabled() {
		public = append(public, sftpgoconfig.FTPPort)
	}
	if len(public) > 0 {
		ports := tcpPorts(public...)
		if in.FTPEnabled() { // the passive range, as one entry
			pp := in.Spec.FTP.PassivePorts
			ports = append(ports, networkingv1.NetworkPolicyPort{
				Protocol: ptr.To(corev1.ProtocolTCP), Port: ptr.To(intstr.FromInt32(pp.Start)),
				EndPort: ptr.To(pp.Start + pp.Count - 1),
			})
		}
		rules = append(rules, networkingv1.NetworkPolicyIngressRule{Ports: ports})
	}
	web := []networkingv1.NetworkPolicyPeer{{PodSelector: &metav1.LabelSelector{}}} // this namespace
	if in.Expose != v1alpha1.ExposeNone {
		for _, sel := range ProxyNamespaceSelectors(in) {
			web = append(web, proxyNamespacePeers(sel)...)
		}
	}
	if ns := in.Facts.OperatorNamespace; ns != "" {
		web = append(web, OperatorPeer(ns))
	}
	for _, cidr := range in.ProxySourceRanges {
		web = append(web, networkingv1.NetworkPolicyPeer{IPBlock: &networkingv1.IPBlock{CIDR: cidr}})
	}
	webPorts := []int32{sftpgoconfig.HTTPPort}
	if in.WebDAVEnabled() {
		webPorts = append(webPorts, sftpgoconfig.WebDAVPort) // behind the same proxies
	}
	rules = append(rules, networkingv1.NetworkPolicyIngressRule{Ports: tcpPorts(webPorts...), From: web})
	rules = append(rules, networkingv1.NetworkPolicyIngressRule{
		Ports: tcpPorts(sftpgoconfig.TelemetryPort),
		From:  []networkingv1.NetworkPolicyPeer{{NamespaceSelector: in.MonitoringNamespaceSelector()}},
	})
	return &networkingv1.NetworkPolicy{
		TypeMeta:   typeMeta("networking.k8s.io/v1", "NetworkPolicy"),
		ObjectMeta: objectMeta(in, in.Name, ComponentNetwork),
		Spec: networkingv1.NetworkPolicySpec{
			PodSelector: metav1.LabelSelector{MatchLabels: SelectorLabels(in)},
			PolicyTypes: []networkingv1.PolicyType{networkingv1.PolicyTypeIngress},
			Ingress:     rules,
		},
	}
}

// OperatorPodLabel selects the operator's pods (config/manager).
const OperatorPodLabel = "sftpgo-operator"

// OperatorPeer admits the operator's pods, which call the REST API for
// account resources (SFTPGoUser, ...) directly, not through a proxy.
func OperatorPeer(namespace string) networkingv1.NetworkPolicyPeer {
	return networkingv1.NetworkPolicyPeer{
		NamespaceSelector: &metav1.LabelSelector{MatchLabels: map[string]string{corev1.LabelMetadataName: namespace}},
		PodSelector:       &metav1.LabelSelector{MatchLabels: map[string]string{LabelName: OperatorPodLabel}},
	}
}

// proxyNamespacePeers admits the namespaces sel selects in the two forms
// that the Kubernetes API defines alike (every pod of those namespaces) but
// OVN-Kubernetes, OpenShift's network plugin, resolves differently: a
// namespaceSelector alone matches the namespaces' address sets, which for
// openshift-host-network hold the nodes' host-network addresses (the
// cluster network operator labels it as an ingress namespace when the
// default router runs on the host network); with podSelector {} it matches
// the pods instead, host-network router pods included, as Red Hat's
// NetworkPolicy documentation requires for them.
func proxyNamespacePeers(sel *metav1.LabelSelector) []networkingv1.NetworkPolicyPeer {
	return []networkingv1.NetworkPolicyPeer{
		{NamespaceSelector: sel},
		{NamespaceSelector: sel.DeepCopy(), PodSelector: &metav1.LabelSelector{}},
	}
}

// ProxyNamespaceSelectors are the spec's selector or the platform default.
// On OpenShift the routers' namespaces carry one of two labels, depending on
// the network plugin and version: either admits them.
func ProxyNamespaceSelectors(in *resolve.Instance) []*metav1.LabelSelector {
	if sel := in.Spec.Security.ProxyNamespaceSelector; sel != nil {
		return []*metav1.LabelSelector{sel.DeepCopy()}
	}
	if in.Facts.IsOpenShift() {
		return []*metav1.LabelSelector{
			{MatchExpressions: []metav1.LabelSelectorRequirement{{
				Key: OpenShiftIngressPolicyGroup, Operator: metav1.LabelSelectorOpExists,
			}}},
			{MatchLabels: map[string]string{OpenShiftLegacyPolicyGroup: "ingress"}},
		}
	}
	return []*metav1.LabelSelector{{MatchExpressions: []metav1.LabelSelectorRequirement{{
		Key: corev1.LabelMetadataName, Operator: metav1.LabelSelectorOpIn,
		Values: append([]string(nil), DefaultProxyNamespaces...),
	}}}}
}

func tcpPorts(ports ...int32) []networkingv1.NetworkPolicyPort {
	out := make([]networkingv1.NetworkPolicyPort, 0, len(ports))
	for _, p := range ports {
		out = append(out, networkingv1.NetworkPolicyPort{
			Protocol: ptr.To(corev1.ProtocolTCP), Port: ptr.To(intstr.FromInt32(p)),
		})
	}
	return out
}
