package manifests

import (
	"k8s.io/utils/ptr"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

// HTTPRoute attaches the web Service to the Gateway in
// spec.expose.gatewayRef; nil unless the resolved expose type is HTTPRoute.
// TLS ends at the Gateway's listener. With WebDAV, a second rule sends path
// prefix /dav to the Service's WebDAV port.
func HTTPRoute(in *resolve.Instance) *gatewayv1.HTTPRoute {
	if in.Expose != v1alpha1.ExposeHTTPRoute {
		return nil
	}
	expose := in.Spec.Expose
	parent := gatewayv1.ParentReference{Name: gatewayv1.ObjectName(expose.GatewayRef.Name)}
	if ns := expose.GatewayRef.Namespace; ns != "" {
		parent.Namespace = ptr.To(gatewayv1.Namespace(ns))
	}
	route := &gatewayv1.HTTPRoute{
		TypeMeta:   typeMeta("gateway.networking.k8s.io/v1", "HTTPRoute"),
		ObjectMeta: objectMeta(in, in.Name, ComponentWeb),
		Spec: gatewayv1.HTTPRouteSpec{
			CommonRouteSpec: gatewayv1.CommonRouteSpec{ParentRefs: []gatewayv1.ParentReference{parent}},
			Rules: []gatewayv1.HTTPRouteRule{{
				BackendRefs: []gatewayv1.HTTPBackendRef{{BackendRef: gatewayv1.BackendRef{
					BackendObjectReference: gatewayv1.BackendObjectReference{
						Name: gatewayv1.ObjectName(WebServiceName(in)),
						Port: ptr.To(sftpgoconfig.HTTPPort),
					},
				}}},
			}},
		},
	}
	if in.WebDAVEnabled() {
		route.Spec.Rules = append(route.Spec.Rules, gatewayv1.HTTPRouteRule{
			Matches: []gatewayv1.HTTPRouteMatch{{Path: &gatewayv1.HTTPPathMatch{
				Type:  ptr.To(gatewayv1.PathMatchPathPrefix),
				Value: ptr.To(resolve.WebDAVPrefix),
			}}},
			BackendRefs: []gatewayv1.HTTPBackendRef{{BackendRef: gatewayv1.BackendRef{
				BackendObjectReference: gatewayv1.BackendObjectReference{
					Name: gatewayv1.ObjectName(WebServiceName(in)),
					Port: ptr.To(sftpgoconfig.WebDAVPort),
				},
			}}},
		})
	}
	route.Annotations = copyMap(expose.Annotations)
	if expose.Host != "" {
		route.Spec.Hostnames = []gatewayv1.Hostname{gatewayv1.Hostname(expose.Host)}
	}
	return route
}
