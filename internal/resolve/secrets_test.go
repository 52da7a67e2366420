package resolve_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/fixtures"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// TLSSecret is the certificate Secret the spec names when an object the
// operator makes uses it.
func TestTLSSecret(t *testing.T) {
	tests := []struct {
		name   string
		expose v1alpha1.ExposeSpec
		facts  platform.Facts
		want   string
	}{
		{"Ingress ending TLS", v1alpha1.ExposeSpec{Type: v1alpha1.ExposeIngress, Host: "h",
			TLS: v1alpha1.ExposeTLS{Termination: v1alpha1.TLSEdge, CertificateSecret: &v1alpha1.SecretReference{Name: "tls"}}}, platform.Facts{}, "tls"},
		{"Ingress without a Secret", v1alpha1.ExposeSpec{Type: v1alpha1.ExposeIngress, Host: "h",
			TLS: v1alpha1.ExposeTLS{Termination: v1alpha1.TLSEdge}}, platform.Facts{}, ""},
		{"Ingress without TLS", v1alpha1.ExposeSpec{Type: v1alpha1.ExposeIngress, Host: "h",
			TLS: v1alpha1.ExposeTLS{Termination: v1alpha1.TLSNone, CertificateSecret: &v1alpha1.SecretReference{Name: "tls"}}}, platform.Facts{}, ""},
		{"Passthrough mounts it", v1alpha1.ExposeSpec{Type: v1alpha1.ExposeIngress, Host: "h",
			TLS: v1alpha1.ExposeTLS{Termination: v1alpha1.TLSPassthrough, CertificateSecret: &v1alpha1.SecretReference{Name: "tls"}}}, platform.Facts{}, "tls"},
		{"HTTPRoute: the Gateway's certificate", v1alpha1.ExposeSpec{Type: v1alpha1.ExposeHTTPRoute, Host: "h",
			GatewayRef: v1alpha1.GatewayRef{Name: "gw"}, TLS: v1alpha1.ExposeTLS{Termination: v1alpha1.TLSEdge, CertificateSecret: &v1alpha1.SecretReference{Name: "tls"}}},
			platform.Facts{GatewayAPI: true}, ""},
		{"Route: the router's certificate", v1alpha1.ExposeSpec{Type: v1alpha1.ExposeRoute,
			TLS: v1alpha1.ExposeTLS{Termination: v1alpha1.TLSEdge, CertificateSecret: &v1alpha1.SecretReference{Name: "tls"}}},
			platform.Facts{Platform: platform.OpenShift, RouteAPI: true}, ""},
		{"nothing exposed", v1alpha1.ExposeSpec{Type: v1alpha1.ExposeNone,
			TLS: v1alpha1.ExposeTLS{Termination: v1alpha1.TLSEdge, CertificateSecret: &v1alpha1.SecretReference{Name: "tls"}}}, platform.Facts{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &v1alpha1.SFTPGo{Spec: v1alpha1.SFTPGoSpec{Expose: tt.expose}}
			if got := resolve.New(s, tt.facts).TLSSecret; got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// The storage, Secret and URL decisions of New.
func TestNewStorageSecretsAndURL(t *testing.T) {
	creds := func(name string) *v1alpha1.CredentialsSecretReference {
		return &v1alpha1.CredentialsSecretReference{SecretReference: v1alpha1.SecretReference{Name: name},
			UsernameKey: "user", PasswordKey: "pass"}
	}
	type want struct {
		retain, generatesAdmin, createsClaim, claimRWO bool
		admin                                          string
		database                                       string // "" for none
		webCert, webURL                                string
	}
	tests := []struct {
		name  string
		mut   func(*v1alpha1.SFTPGo)
		facts platform.Facts
		want  want
	}{
		{"defaults", nil, fixtures.KubeFacts,
			want{true, true, true, true, "files-admin", "", "files-web-tls", "http://files-web.team-a.svc:8080"}},
		{"Delete policy, named admin, existing claim, Ingress", fixtures.All(fixtures.IngressHost, func(s *v1alpha1.SFTPGo) {
			s.Spec.Storage.RetentionPolicy = v1alpha1.RetentionPolicyDelete
			s.Spec.AdminCredentialsSecret = creds("root")
			s.Spec.Storage.Data.ExistingClaim = "shared"
		}), fixtures.KubeFacts,
			want{false, false, false, false, "root", "", "files-web-tls", "https://files.example.com"}},
		{"PostgreSQL with credentials, ReadWriteMany, TLS None", fixtures.All(fixtures.Postgres, fixtures.IngressHost,
			fixtures.Termination(v1alpha1.TLSNone), func(s *v1alpha1.SFTPGo) {
				s.Spec.Storage.Data.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteMany}
			}), fixtures.KubeFacts,
			want{true, true, true, false, "files-admin", "db-creds", "files-web-tls", "http://files.example.com"}},
		{"credentials named with sqlite: not read", func(s *v1alpha1.SFTPGo) { s.Spec.DataProvider.CredentialsSecret = creds("db") },
			fixtures.KubeFacts, want{true, true, true, true, "files-admin", "", "files-web-tls", "http://files-web.team-a.svc:8080"}},
		{"data storage off", func(s *v1alpha1.SFTPGo) { s.Spec.Storage.Data.Enabled = ptr.To(false) }, fixtures.KubeFacts,
			want{true, true, false, false, "files-admin", "", "files-web-tls", "http://files-web.team-a.svc:8080"}},
		{"Passthrough serves the named certificate", fixtures.All(fixtures.IngressHost, fixtures.Termination(v1alpha1.TLSPassthrough),
			func(s *v1alpha1.SFTPGo) {
				s.Spec.Expose.TLS.CertificateSecret = &v1alpha1.SecretReference{Name: "cert"}
			}), fixtures.KubeFacts,
			want{true, true, true, true, "files-admin", "", "cert", "https://files.example.com"}},
		{"Route without host: the router names it", nil, fixtures.OpenShiftFacts,
			want{true, true, true, true, "files-admin", "", "files-web-tls", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := fixtures.Instance(tt.mut, tt.facts)
			got := want{in.Retain, in.GeneratesAdminSecret, in.CreatesDataClaim, in.DataClaimReadWriteOnce,
				in.AdminCredentials.Name, "", in.WebCertSecret, in.WebURL}
			if in.DatabaseCredentials != nil {
				got.database = in.DatabaseCredentials.Name
			}
			if got != tt.want {
				t.Errorf("New() = %+v\nwant    %+v", got, tt.want)
			}
			if in.GeneratesAdminSecret == (in.AdminCredentials.Field != "") {
				t.Errorf("admin credentials %+v with GeneratesAdminSecret %v", in.AdminCredentials, in.GeneratesAdminSecret)
			}
		})
	}
}

// Resolve reads the pod network only for instances that depend on it, and
// once.
func TestResolveReadsThePodNetworkOnlyWhenNeeded(t *testing.T) {
	for _, tt := range []struct {
		name  string
		mut   func(*v1alpha1.SFTPGo)
		reads int
	}{
		{"not published", nil, 0},
		{"proxies from the spec", fixtures.All(fixtures.IngressHost, func(s *v1alpha1.SFTPGo) {
			s.Spec.Security.TrustedProxies = []string{"10.0.0.0/16"}
		}), 0},
		{"proxies derived", fixtures.IngressHost, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			reads := 0
			s := fixtures.SFTPGo()
			if tt.mut != nil {
				tt.mut(s)
			}
			in, err := resolve.Resolve(s, fixtures.KubeNoPodNetworkFacts, func() ([]string, v1alpha1.TrustedProxySource, error) {
				reads++
				return []string{"10.244.0.0/16"}, v1alpha1.TrustedProxiesFromNodePodCIDRs, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if reads != tt.reads {
				t.Errorf("pod network read %d times, want %d", reads, tt.reads)
			}
			if tt.reads > 0 && in.TrustedProxies.Source != v1alpha1.TrustedProxiesFromNodePodCIDRs {
				t.Errorf("trusted proxies %+v, want them from the pod network read", in.TrustedProxies)
			}
		})
	}
}
