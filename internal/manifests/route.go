package manifests

import (
	routev1 "github.com/openshift/api/route/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// AnnotationForwardedHeaders tells the OpenShift router what to do with
// X-Forwarded-For and friends.
const AnnotationForwardedHeaders = "haproxy.router.openshift.io/set-forwarded-headers"

// ForwardedHeadersPolicy picks the router's X-Forwarded-For policy so that
// the entry SFTPGo reads (clientIPHeaderDepth, from the right) is one a
// trusted peer wrote: with depth 0 the router replaces the header with the
// address it saw, so a client cannot slip in entries; with a larger depth
// the admin has proxies in front of the router and the router must append.
func ForwardedHeadersPolicy(in *resolve.Instance) string {
	if in.Spec.Security.ClientIPHeaderDepth == 0 {
		return "replace"
	}
	return "append"
}

var routeTermination = map[v1alpha1.TLSTermination]routev1.TLSTerminationType{
	v1alpha1.TLSEdge:        routev1.TLSTerminationEdge,
	v1alpha1.TLSReencrypt:   routev1.TLSTerminationReencrypt,
	v1alpha1.TLSPassthrough: routev1.TLSTerminationPassthrough,
}

// Route publishes the web Service on OpenShift; nil unless the resolved
// expose type is Route. Without a host the router generates one. HTTP is
// redirected to HTTPS. With Reencrypt the router verifies SFTPGo's
// certificate against the service CA, which signed it (no
// destinationCACertificate needed).
func Route(in *resolve.Instance) *routev1.Route {
	if in.Expose != v1alpha1.ExposeRoute {
		return nil
	}
	return route(in, in.Name, ComponentWeb, "", PortNameHTTP)
}

// WebDAVRouteName names the Route of WebDAV on OpenShift.
func WebDAVRouteName(in *resolve.Instance) string { return in.Name + "-webdav" }

// WebDAVRoute publishes WebDAV on OpenShift: a Route has one path and one
// target port, so path /dav of the web UI's host needs a Route of its own,
// `<name>-webdav`, with the same host, TLS and router settings. Without a
// host the router generates one for each Route, so WebDAV gets a host of
// its own. Nil unless WebDAV is enabled and the resolved expose type is
// Route.
func WebDAVRoute(in *resolve.Instance) *routev1.Route {
	if in.Expose != v1alpha1.ExposeRoute || !in.WebDAVEnabled() {
		return nil
	}
	return route(in, WebDAVRouteName(in), ComponentWebDAV, resolve.WebDAVPrefix, PortNameWebDAV)
}

func route(in *resolve.Instance, name, component, path, port string) *routev1.Route {
	expose := in.Spec.Expose
	route := &routev1.Route{
		TypeMeta:   typeMeta("route.openshift.io/v1", "Route"),
		ObjectMeta: objectMeta(in, name, component),
		Spec: routev1.RouteSpec{
			Host: expose.Host,
			Path: path,
			To:   routev1.RouteTargetReference{Kind: "Service", Name: WebServiceName(in), Weight: ptr.To[int32](100)},
			Port: &routev1.RoutePort{TargetPort: intstr.FromString(port)},
		},
	}
	route.Annotations = copyMap(expose.Annotations)
	if route.Annotations == nil {
		route.Annotations = map[string]string{}
	}
	route.Annotations[AnnotationForwardedHeaders] = ForwardedHeadersPolicy(in)
	if t, ok := routeTermination[expose.TLS.Termination]; ok {
		route.Spec.TLS = &routev1.TLSConfig{
			Termination:                   t,
			InsecureEdgeTerminationPolicy: routev1.InsecureEdgeTerminationPolicyRedirect,
		}
	}
	return route
}
