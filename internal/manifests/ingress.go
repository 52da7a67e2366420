package manifests

import (
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// Ingress publishes the web Service; nil unless the resolved expose type is
// Ingress. With Edge TLS it terminates HTTPS with spec.expose.tls.secretName
// (or the controller's default certificate when none is named). With
// WebDAV, path /dav goes to the Service's WebDAV port.
func Ingress(in *resolve.Instance) *networkingv1.Ingress {
	if in.Expose != v1alpha1.ExposeIngress {
		return nil
	}
	expose := in.Spec.Expose
	ing := &networkingv1.Ingress{
		TypeMeta:   typeMeta("networking.k8s.io/v1", "Ingress"),
		ObjectMeta: objectMeta(in, in.Name, ComponentWeb),
		Spec: networkingv1.IngressSpec{
			Rules: []networkingv1.IngressRule{{
				Host: expose.Host,
				IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
					Paths: []networkingv1.HTTPIngressPath{{
						Path:     "/",
						PathType: ptr.To(networkingv1.PathTypePrefix),
						Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{
							Name: WebServiceName(in),
							Port: networkingv1.ServiceBackendPort{Name: PortNameHTTP},
						}},
					}},
				}},
			}},
		},
	}
	if in.WebDAVEnabled() {
		rule := ing.Spec.Rules[0].HTTP
		rule.Paths = append(rule.Paths, networkingv1.HTTPIngressPath{
			Path:     resolve.WebDAVPrefix,
			PathType: ptr.To(networkingv1.PathTypePrefix),
			Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{
				Name: WebServiceName(in),
				Port: networkingv1.ServiceBackendPort{Name: PortNameWebDAV},
			}},
		})
	}
	ing.Annotations = copyMap(expose.Annotations)
	if expose.TLS.Termination == v1alpha1.TLSReencrypt {
		// ingress-nginx speaks HTTPS to SFTPGo only when told; other
		// controllers ignore the annotation and need their own setting.
		if ing.Annotations == nil {
			ing.Annotations = map[string]string{}
		}
		ing.Annotations[AnnotationNginxBackendProtocol] = "HTTPS"
	}
	if expose.IngressClassName != "" {
		ing.Spec.IngressClassName = ptr.To(expose.IngressClassName)
	}
	if in.TLSAtProxy {
		tls := networkingv1.IngressTLS{SecretName: expose.TLS.CertificateSecret.SecretName()}
		if expose.Host != "" {
			tls.Hosts = []string{expose.Host}
		}
		ing.Spec.TLS = []networkingv1.IngressTLS{tls}
	}
	return ing
}

// AnnotationNginxBackendProtocol is ingress-nginx's switch for HTTPS backends.
const AnnotationNginxBackendProtocol = "nginx.ingress.kubernetes.io/backend-protocol"
