package desired

import (
	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// UnsupportedError says the spec asks for something the cluster cannot do.
type UnsupportedError struct {
	// Reason is a condition reason, e.g. RouteAPIUnavailable.
	Reason  string
	Message string
}

func (e *UnsupportedError) Error() string { return e.Message }

// Supported checks that the spec's values fit the objects the operator
// makes (Valid) and that the cluster serves the API the web is published
// with, so the admin reads why instead of an apply error.
func Supported(in *resolve.Instance) error {
	if err := Valid(in); err != nil {
		return err
	}
	switch {
	case in.Expose == v1alpha1.ExposeRoute && !in.Facts.RouteAPI:
		return &UnsupportedError{Reason: v1alpha1.ReasonRouteAPIUnavailable, Message: "spec.expose.type is Route, but this cluster " +
			"does not serve route.openshift.io/v1 (it is not OpenShift): set spec.expose.type to Ingress or HTTPRoute."}
	case in.Expose == v1alpha1.ExposeHTTPRoute && !in.Facts.GatewayAPI:
		return &UnsupportedError{Reason: v1alpha1.ReasonGatewayAPIUnavailable, Message: "spec.expose.type is HTTPRoute, but this " +
			"cluster does not serve gateway.networking.k8s.io/v1 HTTPRoutes: install the Gateway API CRDs and a " +
			"Gateway controller, or set spec.expose.type to Ingress."}
	}
	return nil
}
