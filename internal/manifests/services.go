package manifests

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

// Port names on the container and the Services.
const (
	PortNameSFTP      = "sftp"
	PortNameHTTP      = "http"
	PortNameWebDAV    = "webdav"
	PortNameFTP       = "ftp"
	PortNameTelemetry = "telemetry"
)

// Service carries SFTP to clients. With a LoadBalancer or NodePort it keeps
// client source IPs (externalTrafficPolicy Local by default), which SFTPGo
// needs for its per-IP defender and logs, and FTP for its strict passive
// security. FTP rides on it: the control port and one port per passive
// port (port = targetPort; with a NodePort Service also the node port, as
// clients dial the advertised port). Nil when SFTP and FTP are disabled.
func Service(in *resolve.Instance) *corev1.Service {
	if !*in.Spec.SFTP.Enabled && !in.FTPEnabled() {
		return nil
	}
	spec := in.Spec.Service
	svc := &corev1.Service{
		TypeMeta:   typeMeta("v1", "Service"),
		ObjectMeta: objectMeta(in, in.Name, ComponentServer),
		Spec: corev1.ServiceSpec{
			Type:     corev1.ServiceType(spec.Type),
			Selector: SelectorLabels(in),
		},
	}
	if *in.Spec.SFTP.Enabled {
		svc.Spec.Ports = append(svc.Spec.Ports, corev1.ServicePort{
			Name:       PortNameSFTP,
			Protocol:   corev1.ProtocolTCP,
			Port:       in.Spec.SFTP.Port,
			TargetPort: intstr.FromString(PortNameSFTP),
		})
	}
	if in.FTPEnabled() {
		svc.Spec.Ports = append(svc.Spec.Ports, corev1.ServicePort{
			Name:       PortNameFTP,
			Protocol:   corev1.ProtocolTCP,
			Port:       in.Spec.FTP.Port,
			TargetPort: intstr.FromString(PortNameFTP),
		})
		for i, p := range in.FTPPassivePorts() {
			sp := corev1.ServicePort{
				Name:       FTPPassivePortName(i),
				Protocol:   corev1.ProtocolTCP,
				Port:       p,
				TargetPort: intstr.FromInt32(p),
			}
			if spec.Type == v1alpha1.ServiceTypeNodePort {
				sp.NodePort = p
			}
			svc.Spec.Ports = append(svc.Spec.Ports, sp)
		}
	}
	svc.Annotations = copyMap(spec.Annotations)
	if spec.Type != v1alpha1.ServiceTypeClusterIP {
		svc.Spec.ExternalTrafficPolicy = corev1.ServiceExternalTrafficPolicy(spec.ExternalTrafficPolicy)
	}
	if spec.Type == v1alpha1.ServiceTypeLoadBalancer {
		svc.Spec.LoadBalancerSourceRanges = append([]string(nil), spec.LoadBalancerSourceRanges...)
	}
	return svc
}

// WebService is the ClusterIP Service the Ingress, Route or HTTPRoute sends
// web traffic to, with a second port for WebDAV when it is enabled.
func WebService(in *resolve.Instance) *corev1.Service {
	svc := &corev1.Service{
		TypeMeta:   typeMeta("v1", "Service"),
		ObjectMeta: objectMeta(in, WebServiceName(in), ComponentWeb),
		Spec: corev1.ServiceSpec{
			Type:     corev1.ServiceTypeClusterIP,
			Selector: SelectorLabels(in),
			Ports: []corev1.ServicePort{{
				Name:       PortNameHTTP,
				Protocol:   corev1.ProtocolTCP,
				Port:       sftpgoconfig.HTTPPort,
				TargetPort: intstr.FromString(PortNameHTTP),
			}},
		},
	}
	if in.WebDAVEnabled() {
		svc.Spec.Ports = append(svc.Spec.Ports, corev1.ServicePort{
			Name:       PortNameWebDAV,
			Protocol:   corev1.ProtocolTCP,
			Port:       sftpgoconfig.WebDAVPort,
			TargetPort: intstr.FromString(PortNameWebDAV),
		})
	}
	if in.WebServesTLS {
		for i := range svc.Spec.Ports {
			svc.Spec.Ports[i].AppProtocol = ptr.To("https")
		}
		if in.Facts.IsOpenShift() && in.Spec.Expose.TLS.Termination == v1alpha1.TLSReencrypt {
			// OpenShift's service CA issues SFTPGo's certificate; the router
			// trusts that CA for reencrypt Routes.
			svc.Annotations = map[string]string{AnnotationServingCertSecret: in.WebCertSecret}
		}
	}
	return svc
}

// AnnotationServingCertSecret asks OpenShift's service CA for a serving
// certificate for the Service, stored in the named Secret.
const AnnotationServingCertSecret = "service.beta.openshift.io/serving-cert-secret-name"
