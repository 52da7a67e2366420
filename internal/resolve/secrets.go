package resolve

import (
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// WebPort is the port of SFTPGo's web binding, in the container and on the
// web Service (sftpgoconfig.HTTPPort).
const WebPort int32 = 8080

// WebDAVPort is the port of SFTPGo's WebDAV binding, in the container and
// on the web Service.
const WebDAVPort int32 = 8090

// WebDAVPrefix is the path WebDAV is served at: SFTPGo's binding prefix and
// the path the Ingress, Route or HTTPRoute publishes.
const WebDAVPrefix = "/dav"

// Keys of the admin credentials Secret the operator generates.
const (
	AdminUsernameKey = "username"
	AdminPasswordKey = "password"
)

// Credentials is a Secret the pods read a username and a password from.
type Credentials struct {
	Name                     string
	UsernameKey, PasswordKey string
	// Field is the spec field that names the Secret; empty for the one the
	// operator generates.
	Field string
}

// resolveSecrets decides which Secrets the instance reads, and the web URL.
func (in *Instance) resolveSecrets() {
	s := in.SFTPGo
	in.GeneratesAdminSecret = s.Spec.AdminCredentialsSecret == nil
	if ref := s.Spec.AdminCredentialsSecret; ref != nil {
		in.AdminCredentials = Credentials{Name: ref.Name, UsernameKey: ref.UsernameKey, PasswordKey: ref.PasswordKey,
			Field: "spec.adminCredentialsSecret"}
	} else {
		in.AdminCredentials = Credentials{Name: s.Name + "-admin", UsernameKey: AdminUsernameKey, PasswordKey: AdminPasswordKey}
	}
	if ref := s.Spec.DataProvider.CredentialsSecret; ref != nil && in.SharedDataProvider() {
		in.DatabaseCredentials = &Credentials{Name: ref.Name, UsernameKey: ref.UsernameKey, PasswordKey: ref.PasswordKey,
			Field: "spec.dataProvider.credentialsSecret"}
	}
	tls := s.Spec.Expose.TLS
	named := tls.CertificateSecret.SecretName()
	in.WebCertSecret = s.Name + "-web-tls"
	if tls.Termination == v1alpha1.TLSPassthrough && named != "" {
		in.WebCertSecret = named
	}
	switch {
	case named == "":
	case in.Expose == v1alpha1.ExposeIngress && in.TLSAtProxy:
		in.TLSSecret = named
	case in.WebServesTLS && in.WebCertSecret == named:
		in.TLSSecret = named
	}
	in.WebScheme = "https"
	if tls.Termination == v1alpha1.TLSNone {
		in.WebScheme = "http"
	}
	in.WebURL = webURL(in)
	in.WebDAVURL = webDAVURL(in)
}

// webURL is where users reach the web UI, when the spec tells: the host it
// is published at, or the web Service inside the cluster. Empty for a
// Route without host, whose host the router picks (status reads it from
// the Route).
func webURL(in *Instance) string {
	switch {
	case in.Expose != v1alpha1.ExposeNone && in.Spec.Expose.Host != "":
		return in.WebScheme + "://" + in.Spec.Expose.Host
	case in.Expose == v1alpha1.ExposeRoute:
		return ""
	default:
		return fmt.Sprintf("http://%s-web.%s.svc:%d", in.Name, in.Namespace, WebPort)
	}
}

// webDAVURL is where WebDAV clients connect, when WebDAV is enabled and
// the spec tells: path /dav of the published host, or the web Service's
// WebDAV port inside the cluster. Empty for a Route without host (status
// reads the host the router gave the WebDAV Route).
func webDAVURL(in *Instance) string {
	switch {
	case !in.WebDAVEnabled():
		return ""
	case in.Expose != v1alpha1.ExposeNone && in.Spec.Expose.Host != "":
		return in.WebScheme + "://" + in.Spec.Expose.Host + WebDAVPrefix + "/"
	case in.Expose == v1alpha1.ExposeRoute:
		return ""
	default:
		return fmt.Sprintf("http://%s-web.%s.svc:%d%s/", in.Name, in.Namespace, WebDAVPort, WebDAVPrefix)
	}
}

// dataClaimReadWriteOnce: the operator creates the data claim and no
// other node can mount it.
func dataClaimReadWriteOnce(in *Instance) bool {
	return in.CreatesDataClaim && !slices.Contains(in.Spec.Storage.Data.AccessModes, corev1.ReadWriteMany)
}
