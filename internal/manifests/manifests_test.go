package manifests_test

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/fixtures"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// Cluster facts, the SFTPGo under test and the shared mutators (All,
// IngressHost, Termination, Postgres) come from internal/fixtures; the
// mutators below are used by this package's tests only.

func autoHost(s *v1alpha1.SFTPGo) { s.Spec.Expose.Host = "files.example.com" }

func accessModes(modes ...corev1.PersistentVolumeAccessMode) func(*v1alpha1.SFTPGo) {
	return func(s *v1alpha1.SFTPGo) { s.Spec.Storage.Data.AccessModes = modes }
}

func existingClaim(name string) func(*v1alpha1.SFTPGo) {
	return func(s *v1alpha1.SFTPGo) { s.Spec.Storage.Data.ExistingClaim = name }
}

func dataDisabled(s *v1alpha1.SFTPGo) { s.Spec.Storage.Data.Enabled = ptr.To(false) }

func sftpDisabled(s *v1alpha1.SFTPGo) { s.Spec.SFTP.Enabled = ptr.To(false) }

const testHash = "0123456789abcdef"

// ---------------------------------------------------------------------------
// Labels

type labelled struct {
	obj       metav1.Object
	kind      string
	component string
}

func TestLabelsOnEveryObject(t *testing.T) {
	variants := []struct {
		name  string
		mut   func(*v1alpha1.SFTPGo)
		facts platform.Facts
	}{
		{"kubernetes sqlite ingress", fixtures.IngressHost, fixtures.KubeFacts},
		{"kubernetes postgresql RWX", fixtures.All(fixtures.Postgres, accessModes(corev1.ReadWriteMany), fixtures.IngressHost), fixtures.KubeFacts},
		{"openshift", nil, fixtures.OpenShiftFacts},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			in := fixtures.Instance(v.mut, v.facts)
			objs := []labelled{
				{manifests.ConfigMap(in, []byte("{}\n")), "ConfigMap", manifests.ComponentConfig},
				{manifests.KeysSecret(in, map[string][]byte{"a": []byte("b")}), "Secret", manifests.ComponentKeys},
				{manifests.AdminSecret(in, "pw"), "Secret", manifests.ComponentAdmin},
				{manifests.Deployment(in, testHash), "Deployment", manifests.ComponentServer},
				{manifests.WebService(in), "Service", manifests.ComponentWeb},
			}
			if svc := manifests.Service(in); svc != nil {
				objs = append(objs, labelled{svc, "Service", manifests.ComponentServer})
			} else {
				t.Fatal("Service is nil with SFTP enabled")
			}
			if ing := manifests.Ingress(in); ing != nil {
				objs = append(objs, labelled{ing, "Ingress", manifests.ComponentWeb})
			}
			for _, c := range claims(in) {
				comp := manifests.ComponentData
				if c.Name == manifests.StateClaimName(in) {
					comp = manifests.ComponentState
				}
				objs = append(objs, labelled{c, "PersistentVolumeClaim", comp})
			}
			for _, o := range objs {
				want := map[string]string{
					"app.kubernetes.io/name":       "sftpgo",
					"app.kubernetes.io/instance":   "files",
					"app.kubernetes.io/managed-by": "sftpgo-operator",
					"app.kubernetes.io/component":  o.component,
				}
				if !maps.Equal(o.obj.GetLabels(), want) {
					t.Errorf("%s %s labels = %v, want %v", o.kind, o.obj.GetName(), o.obj.GetLabels(), want)
				}
				if o.obj.GetNamespace() != "team-a" {
					t.Errorf("%s %s namespace = %q, want team-a", o.kind, o.obj.GetName(), o.obj.GetNamespace())
				}
			}
			// The pod template carries the labels too, so Services and
			// NetworkPolicies can select the pods.
			dep := manifests.Deployment(in, testHash)
			for k, v := range manifests.Labels(in, manifests.ComponentServer) {
				if got := dep.Spec.Template.Labels[k]; got != v {
					t.Errorf("pod template label %s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

func TestObjectNamesAndTypeMeta(t *testing.T) {
	in := fixtures.Instance(fixtures.IngressHost, fixtures.KubeFacts)
	claims := claims(in)
	if len(claims) != 2 {
		t.Fatalf("Claims = %d, want 2", len(claims))
	}
	type object interface {
		metav1.Object
		GetObjectKind() schema.ObjectKind
	}
	cases := []struct {
		obj                  object
		name, apiVersion, kd string
	}{
		{manifests.ConfigMap(in, []byte("{}")), "files-config", "v1", "ConfigMap"},
		{manifests.KeysSecret(in, nil), "files-keys", "v1", "Secret"},
		{manifests.AdminSecret(in, "pw"), "files-admin", "v1", "Secret"},
		{manifests.Deployment(in, testHash), "files", "apps/v1", "Deployment"},
		{manifests.Service(in), "files", "v1", "Service"},
		{manifests.WebService(in), "files-web", "v1", "Service"},
		{manifests.Ingress(in), "files", "networking.k8s.io/v1", "Ingress"},
		{claims[0], "files-data", "v1", "PersistentVolumeClaim"},
		{claims[1], "files-state", "v1", "PersistentVolumeClaim"},
	}
	for _, tc := range cases {
		t.Run(tc.kd+"/"+tc.name, func(t *testing.T) {
			if tc.obj.GetName() != tc.name {
				t.Errorf("name = %q, want %q", tc.obj.GetName(), tc.name)
			}
			gvk := tc.obj.GetObjectKind().GroupVersionKind()
			if av, k := gvk.ToAPIVersionAndKind(); av != tc.apiVersion || k != tc.kd {
				t.Errorf("TypeMeta = %s/%s, want %s/%s", av, k, tc.apiVersion, tc.kd)
			}
		})
	}
}

func TestConfigMapAndSecrets(t *testing.T) {
	in := fixtures.Instance(nil, fixtures.KubeFacts)
	cm := manifests.ConfigMap(in, []byte(`{"a":1}`+"\n"))
	if got := cm.Data["sftpgo.json"]; got != "{\"a\":1}\n" {
		t.Errorf("ConfigMap sftpgo.json = %q", got)
	}
	if len(cm.Data) != 1 || len(cm.BinaryData) != 0 {
		t.Errorf("ConfigMap holds more than sftpgo.json: %v %v", cm.Data, cm.BinaryData)
	}
	admin := manifests.AdminSecret(in, "s3cret")
	if string(admin.Data["username"]) != "admin" || string(admin.Data["password"]) != "s3cret" {
		t.Errorf("admin Secret data = %v", admin.Data)
	}
	if admin.Type != corev1.SecretTypeBasicAuth {
		t.Errorf("admin Secret type = %s", admin.Type)
	}
	custom := fixtures.Instance(func(s *v1alpha1.SFTPGo) {
		s.Spec.AdminCredentialsSecret = &v1alpha1.CredentialsSecretReference{SecretReference: v1alpha1.SecretReference{Name: "my-admin"}}
	}, fixtures.KubeFacts)
	if got := manifests.AdminSecret(custom, "x"); got != nil {
		t.Errorf("admin Secret generated although spec.adminCredentialsSecret names %q", custom.AdminCredentials.Name)
	}
}

// ---------------------------------------------------------------------------
// Services

func TestService(t *testing.T) {
	cases := []struct {
		name       string
		mut        func(*v1alpha1.SFTPGo)
		wantNil    bool
		wantType   corev1.ServiceType
		wantETP    corev1.ServiceExternalTrafficPolicy
		wantPort   int32
		wantRanges []string
		wantAnn    map[string]string
	}{
		{name: "defaults: LoadBalancer, Local, port 22",
			wantType: corev1.ServiceTypeLoadBalancer, wantETP: corev1.ServiceExternalTrafficPolicyLocal, wantPort: 22},
		{name: "LoadBalancer with source ranges and annotations",
			mut: func(s *v1alpha1.SFTPGo) {
				s.Spec.Service.LoadBalancerSourceRanges = []string{"203.0.113.0/24", "198.51.100.7/32"}
				s.Spec.Service.Annotations = map[string]string{
					"service.beta.kubernetes.io/aws-load-balancer-proxy-protocol": "*",
				}
			},
			wantType: corev1.ServiceTypeLoadBalancer, wantETP: corev1.ServiceExternalTrafficPolicyLocal, wantPort: 22,
			wantRanges: []string{"203.0.113.0/24", "198.51.100.7/32"},
			wantAnn:    map[string]string{"service.beta.kubernetes.io/aws-load-balancer-proxy-protocol": "*"}},
		{name: "LoadBalancer with Cluster traffic policy",
			mut:      func(s *v1alpha1.SFTPGo) { s.Spec.Service.ExternalTrafficPolicy = v1alpha1.TrafficPolicyCluster },
			wantType: corev1.ServiceTypeLoadBalancer, wantETP: corev1.ServiceExternalTrafficPolicyCluster, wantPort: 22},
		{name: "NodePort keeps Local, no source ranges",
			mut: func(s *v1alpha1.SFTPGo) {
				s.Spec.Service.Type = v1alpha1.ServiceTypeNodePort
				s.Spec.Service.LoadBalancerSourceRanges = []string{"203.0.113.0/24"}
			},
			wantType: corev1.ServiceTypeNodePort, wantETP: corev1.ServiceExternalTrafficPolicyLocal, wantPort: 22},
		{name: "ClusterIP: no traffic policy, no source ranges",
			mut: func(s *v1alpha1.SFTPGo) {
				s.Spec.Service.Type = v1alpha1.ServiceTypeClusterIP
				s.Spec.Service.ExternalTrafficPolicy = v1alpha1.TrafficPolicyCluster
				s.Spec.Service.LoadBalancerSourceRanges = []string{"203.0.113.0/24"}
				s.Spec.Service.Annotations = map[string]string{"a": "b"}
			},
			wantType: corev1.ServiceTypeClusterIP, wantPort: 22, wantAnn: map[string]string{"a": "b"}},
		{name: "custom SFTP port",
			mut:      func(s *v1alpha1.SFTPGo) { s.Spec.SFTP.Port = 2222 },
			wantType: corev1.ServiceTypeLoadBalancer, wantETP: corev1.ServiceExternalTrafficPolicyLocal, wantPort: 2222},
		{name: "SFTP disabled: no Service", mut: sftpDisabled, wantNil: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := fixtures.Instance(tc.mut, fixtures.KubeFacts)
			svc := manifests.Service(in)
			if tc.wantNil {
				if svc != nil {
					t.Fatalf("Service = %+v, want nil", svc.Spec)
				}
				return
			}
			if svc == nil {
				t.Fatal("Service is nil")
			}
			if svc.Name != "files" {
				t.Errorf("name = %q", svc.Name)
			}
			if svc.Spec.Type != tc.wantType {
				t.Errorf("type = %s, want %s", svc.Spec.Type, tc.wantType)
			}
			if svc.Spec.ExternalTrafficPolicy != tc.wantETP {
				t.Errorf("externalTrafficPolicy = %q, want %q", svc.Spec.ExternalTrafficPolicy, tc.wantETP)
			}
			if !slices.Equal(svc.Spec.LoadBalancerSourceRanges, tc.wantRanges) {
				t.Errorf("loadBalancerSourceRanges = %v, want %v", svc.Spec.LoadBalancerSourceRanges, tc.wantRanges)
			}
			if !maps.Equal(svc.Annotations, tc.wantAnn) {
				t.Errorf("annotations = %v, want %v", svc.Annotations, tc.wantAnn)
			}
			if len(svc.Spec.Ports) != 1 {
				t.Fatalf("ports = %+v, want one", svc.Spec.Ports)
			}
			p := svc.Spec.Ports[0]
			if p.Name != "sftp" || p.Port != tc.wantPort || p.Protocol != corev1.ProtocolTCP ||
				p.TargetPort != intstr.FromString("sftp") {
				t.Errorf("port = %+v, want sftp %d/TCP -> targetPort \"sftp\"", p, tc.wantPort)
			}
			if !maps.Equal(svc.Spec.Selector, manifests.SelectorLabels(in)) {
				t.Errorf("selector = %v", svc.Spec.Selector)
			}
			// The builder copies: changing the object leaves the spec alone.
			if svc.Annotations != nil {
				svc.Annotations["mutated"] = "yes"
				if _, ok := in.Spec.Service.Annotations["mutated"]; ok {
					t.Errorf("Service annotations alias spec.service.annotations")
				}
			}
			if len(svc.Spec.LoadBalancerSourceRanges) > 0 {
				svc.Spec.LoadBalancerSourceRanges[0] = "mutated"
				if in.Spec.Service.LoadBalancerSourceRanges[0] == "mutated" {
					t.Errorf("Service source ranges alias the spec")
				}
			}
		})
	}
}

func TestWebService(t *testing.T) {
	for _, tc := range []struct {
		name  string
		mut   func(*v1alpha1.SFTPGo)
		facts platform.Facts
	}{
		{"kubernetes defaults", nil, fixtures.KubeFacts},
		{"LoadBalancer SFTP does not change the web Service", func(s *v1alpha1.SFTPGo) {
			s.Spec.Service.Type = v1alpha1.ServiceTypeLoadBalancer
			s.Spec.Service.Annotations = map[string]string{"a": "b"}
		}, fixtures.KubeFacts},
		{"SFTP disabled still serves the web", sftpDisabled, fixtures.KubeFacts},
		{"openshift", nil, fixtures.OpenShiftFacts},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := fixtures.Instance(tc.mut, tc.facts)
			svc := manifests.WebService(in)
			if svc.Name != "files-web" || svc.Spec.Type != corev1.ServiceTypeClusterIP {
				t.Errorf("web Service %s type %s, want files-web ClusterIP", svc.Name, svc.Spec.Type)
			}
			if svc.Spec.ExternalTrafficPolicy != "" || len(svc.Annotations) != 0 {
				t.Errorf("web Service took SFTP Service settings: %+v %v", svc.Spec, svc.Annotations)
			}
			want := []corev1.ServicePort{{Name: "http", Protocol: corev1.ProtocolTCP, Port: 8080,
				TargetPort: intstr.FromString("http")}}
			if !reflect.DeepEqual(svc.Spec.Ports, want) {
				t.Errorf("ports = %+v, want %+v", svc.Spec.Ports, want)
			}
			if !maps.Equal(svc.Spec.Selector, manifests.SelectorLabels(in)) {
				t.Errorf("selector = %v", svc.Spec.Selector)
			}
		})
	}
}

// ---------------------------------------------------------------------------
// Ingress

func TestIngress(t *testing.T) {
	cases := []struct {
		name      string
		mut       func(*v1alpha1.SFTPGo)
		facts     platform.Facts
		wantNil   bool
		wantTLS   []networkingv1.IngressTLS
		wantClass *string
		wantAnn   map[string]string
	}{
		{name: "Auto with host on Kubernetes -> Ingress, Edge TLS", facts: fixtures.KubeFacts,
			mut: fixtures.All(autoHost, func(s *v1alpha1.SFTPGo) {
				s.Spec.Expose.TLS.CertificateSecret = &v1alpha1.SecretReference{Name: "files-tls"}
			}),
			wantTLS: []networkingv1.IngressTLS{{Hosts: []string{"files.example.com"}, SecretName: "files-tls"}}},
		{name: "Auto without host -> none", facts: fixtures.KubeFacts, wantNil: true},
		{name: "Auto with host but the Route API served -> none (Route)", facts: fixtures.OpenShiftFacts,
			mut: autoHost, wantNil: true},
		{name: "Auto with host, Route API on a Kubernetes platform -> none", mut: autoHost, wantNil: true,
			facts: platform.Facts{Platform: platform.Kubernetes, RouteAPI: true}},
		{name: "explicit Ingress on OpenShift", facts: fixtures.OpenShiftFacts, mut: fixtures.IngressHost,
			wantTLS: []networkingv1.IngressTLS{{Hosts: []string{"files.example.com"}}}},
		{name: "Route -> none", facts: fixtures.KubeFacts, wantNil: true,
			mut: fixtures.All(autoHost, func(s *v1alpha1.SFTPGo) { s.Spec.Expose.Type = v1alpha1.ExposeRoute })},
		{name: "HTTPRoute -> none", facts: fixtures.KubeFacts, wantNil: true,
			mut: fixtures.All(autoHost, func(s *v1alpha1.SFTPGo) { s.Spec.Expose.Type = v1alpha1.ExposeHTTPRoute })},
		{name: "None with host -> none", facts: fixtures.KubeFacts, wantNil: true,
			mut: fixtures.All(autoHost, func(s *v1alpha1.SFTPGo) { s.Spec.Expose.Type = v1alpha1.ExposeNone })},
		{name: "Edge without a secret: controller default certificate", facts: fixtures.KubeFacts, mut: fixtures.IngressHost,
			wantTLS: []networkingv1.IngressTLS{{Hosts: []string{"files.example.com"}}}},
		{name: "Reencrypt keeps the TLS block and asks ingress-nginx for an HTTPS backend", facts: fixtures.KubeFacts,
			mut: fixtures.All(fixtures.IngressHost, fixtures.Termination(v1alpha1.TLSReencrypt),
				func(s *v1alpha1.SFTPGo) {
					s.Spec.Expose.TLS.CertificateSecret = &v1alpha1.SecretReference{Name: "files-tls"}
				}),
			wantTLS: []networkingv1.IngressTLS{{Hosts: []string{"files.example.com"}, SecretName: "files-tls"}},
			wantAnn: map[string]string{"nginx.ingress.kubernetes.io/backend-protocol": "HTTPS"}},
		{name: "TLS None: no TLS block", facts: fixtures.KubeFacts,
			mut: fixtures.All(fixtures.IngressHost, fixtures.Termination(v1alpha1.TLSNone),
				func(s *v1alpha1.SFTPGo) {
					s.Spec.Expose.TLS.CertificateSecret = &v1alpha1.SecretReference{Name: "files-tls"}
				})},
		{name: "Passthrough: no TLS block", facts: fixtures.KubeFacts,
			mut: fixtures.All(fixtures.IngressHost, fixtures.Termination(v1alpha1.TLSPassthrough))},
		{name: "ingressClassName and annotations", facts: fixtures.KubeFacts,
			mut: fixtures.All(fixtures.IngressHost, func(s *v1alpha1.SFTPGo) {
				s.Spec.Expose.IngressClassName = "nginx"
				s.Spec.Expose.Annotations = map[string]string{"nginx.ingress.kubernetes.io/proxy-body-size": "0"}
			}),
			wantTLS:   []networkingv1.IngressTLS{{Hosts: []string{"files.example.com"}}},
			wantClass: ptr.To("nginx"),
			wantAnn:   map[string]string{"nginx.ingress.kubernetes.io/proxy-body-size": "0"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := fixtures.Instance(tc.mut, tc.facts)
			ing := manifests.Ingress(in)
			if tc.wantNil {
				if ing != nil {
					t.Fatalf("Ingress = %+v, want nil (expose resolved to %s)", ing.Spec, in.Expose)
				}
				return
			}
			if ing == nil {
				t.Fatalf("Ingress is nil (expose resolved to %s)", in.Expose)
			}
			if ing.Name != "files" {
				t.Errorf("name = %q", ing.Name)
			}
			if !reflect.DeepEqual(ing.Spec.TLS, tc.wantTLS) {
				t.Errorf("tls = %+v, want %+v", ing.Spec.TLS, tc.wantTLS)
			}
			if !reflect.DeepEqual(ing.Spec.IngressClassName, tc.wantClass) {
				t.Errorf("ingressClassName = %v, want %v", ptr.Deref(ing.Spec.IngressClassName, "<nil>"),
					ptr.Deref(tc.wantClass, "<nil>"))
			}
			if !maps.Equal(ing.Annotations, tc.wantAnn) {
				t.Errorf("annotations = %v, want %v", ing.Annotations, tc.wantAnn)
			}
			want := []networkingv1.IngressRule{{
				Host: "files.example.com",
				IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
					Paths: []networkingv1.HTTPIngressPath{{
						Path:     "/",
						PathType: ptr.To(networkingv1.PathTypePrefix),
						Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{
							Name: "files-web", Port: networkingv1.ServiceBackendPort{Name: "http"},
						}},
					}},
				}},
			}}
			if !reflect.DeepEqual(ing.Spec.Rules, want) {
				t.Errorf("rules = %+v, want %+v", ing.Spec.Rules, want)
			}
		})
	}
}

// ---------------------------------------------------------------------------
// Claims

type wantClaim struct {
	name  string
	size  string
	class *string
	modes []corev1.PersistentVolumeAccessMode
	comp  string
}

var (
	rwo = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce}
	rwx = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteMany}
)

func TestClaims(t *testing.T) {
	cases := []struct {
		name string
		mut  func(*v1alpha1.SFTPGo)
		want []wantClaim
	}{
		{name: "sqlite: data and state", want: []wantClaim{
			{name: "files-data", size: "10Gi", modes: rwo, comp: manifests.ComponentData},
			{name: "files-state", size: "1Gi", modes: rwo, comp: manifests.ComponentState},
		}},
		{name: "postgresql: no state claim", mut: fixtures.Postgres, want: []wantClaim{
			{name: "files-data", size: "10Gi", modes: rwo, comp: manifests.ComponentData},
		}},
		{name: "sqlite with an existing data claim: state only", mut: existingClaim("shared-files"), want: []wantClaim{
			{name: "files-state", size: "1Gi", modes: rwo, comp: manifests.ComponentState},
		}},
		{name: "sqlite with data storage disabled: state only", mut: dataDisabled, want: []wantClaim{
			{name: "files-state", size: "1Gi", modes: rwo, comp: manifests.ComponentState},
		}},
		{name: "postgresql with an existing data claim: none", mut: fixtures.All(fixtures.Postgres, existingClaim("shared-files"))},
		{name: "postgresql with data storage disabled: none", mut: fixtures.All(fixtures.Postgres, dataDisabled)},
		{name: "sizes, storage classes and access modes",
			mut: func(s *v1alpha1.SFTPGo) {
				s.Spec.Storage.Data.Size = ptr.To(resource.MustParse("50Gi"))
				s.Spec.Storage.Data.StorageClassName = "cephfs"
				s.Spec.Storage.Data.AccessModes = rwx
				s.Spec.Storage.State.Size = ptr.To(resource.MustParse("2Gi"))
				s.Spec.Storage.State.StorageClassName = "fast-ssd"
			},
			want: []wantClaim{
				{name: "files-data", size: "50Gi", class: ptr.To("cephfs"), modes: rwx, comp: manifests.ComponentData},
				// The state claim stays ReadWriteOnce: only one sqlite process may open it.
				{name: "files-state", size: "2Gi", class: ptr.To("fast-ssd"), modes: rwo, comp: manifests.ComponentState},
			}},
		{name: "several access modes kept in order", mut: fixtures.All(fixtures.Postgres,
			accessModes(corev1.ReadWriteMany, corev1.ReadOnlyMany)),
			want: []wantClaim{{name: "files-data", size: "10Gi", comp: manifests.ComponentData,
				modes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteMany, corev1.ReadOnlyMany}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := fixtures.Instance(tc.mut, fixtures.KubeFacts)
			got := claims(in)
			if len(got) != len(tc.want) {
				names := []string{}
				for _, c := range got {
					names = append(names, c.Name)
				}
				t.Fatalf("Claims = %v, want %d", names, len(tc.want))
			}
			for i, w := range tc.want {
				c := got[i]
				if c.Name != w.name {
					t.Errorf("claim %d name = %q, want %q", i, c.Name, w.name)
				}
				if q := c.Spec.Resources.Requests[corev1.ResourceStorage]; q.Cmp(resource.MustParse(w.size)) != 0 {
					t.Errorf("%s size = %s, want %s", c.Name, q.String(), w.size)
				}
				if !reflect.DeepEqual(c.Spec.StorageClassName, w.class) {
					t.Errorf("%s storageClassName = %v, want %v", c.Name,
						ptr.Deref(c.Spec.StorageClassName, "<nil>"), ptr.Deref(w.class, "<nil>"))
				}
				if !slices.Equal(c.Spec.AccessModes, w.modes) {
					t.Errorf("%s accessModes = %v, want %v", c.Name, c.Spec.AccessModes, w.modes)
				}
				if c.Labels[manifests.LabelComponent] != w.comp {
					t.Errorf("%s component = %q, want %q", c.Name, c.Labels[manifests.LabelComponent], w.comp)
				}
			}
			// The builder copies the access modes.
			for _, c := range got {
				if c.Name == "files-data" && len(c.Spec.AccessModes) > 0 {
					c.Spec.AccessModes[0] = "Mutated"
					if in.Spec.Storage.Data.AccessModes[0] == "Mutated" {
						t.Errorf("data claim access modes alias the spec")
					}
				}
			}
		})
	}
}

// ---------------------------------------------------------------------------
// Deployment

func TestDeploymentStrategy(t *testing.T) {
	rolling := appsv1.DeploymentStrategy{
		Type: appsv1.RollingUpdateDeploymentStrategyType,
		RollingUpdate: &appsv1.RollingUpdateDeployment{
			MaxUnavailable: ptr.To(intstr.FromInt32(0)),
			MaxSurge:       ptr.To(intstr.FromInt32(1)),
		},
	}
	recreate := appsv1.DeploymentStrategy{Type: appsv1.RecreateDeploymentStrategyType}
	cases := []struct {
		name string
		mut  func(*v1alpha1.SFTPGo)
		want appsv1.DeploymentStrategy
	}{
		{"sqlite (RWO state claim)", nil, recreate},
		{"sqlite even with RWX data", accessModes(corev1.ReadWriteMany), recreate},
		{"sqlite with data disabled", dataDisabled, recreate},
		{"postgresql + RWO data", fixtures.Postgres, recreate},
		{"postgresql + ReadWriteMany", fixtures.All(fixtures.Postgres, accessModes(corev1.ReadWriteMany)), rolling},
		{"postgresql + RWO and RWX", fixtures.All(fixtures.Postgres, accessModes(corev1.ReadWriteOnce, corev1.ReadWriteMany)), rolling},
		{"postgresql + existing claim", fixtures.All(fixtures.Postgres, existingClaim("shared-files")), rolling},
		{"postgresql + data disabled", fixtures.All(fixtures.Postgres, dataDisabled), rolling},
		{"mysql + ReadWriteMany, 3 replicas", fixtures.All(func(s *v1alpha1.SFTPGo) {
			s.Spec.DataProvider.Driver = v1alpha1.DriverMySQL
			s.Spec.Replicas = ptr.To[int32](3)
		}, accessModes(corev1.ReadWriteMany)), rolling},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dep := manifests.Deployment(fixtures.Instance(tc.mut, fixtures.KubeFacts), testHash)
			if !reflect.DeepEqual(dep.Spec.Strategy, tc.want) {
				t.Errorf("strategy = %+v, want %+v", dep.Spec.Strategy, tc.want)
			}
		})
	}
}

func TestDeploymentBasics(t *testing.T) {
	cases := []struct {
		name         string
		mut          func(*v1alpha1.SFTPGo)
		wantImage    string
		wantReplicas int32
	}{
		{"defaults", nil, v1alpha1.DefaultImage, 1},
		{"custom image and replicas", fixtures.All(fixtures.Postgres, accessModes(corev1.ReadWriteMany), func(s *v1alpha1.SFTPGo) {
			s.Spec.Image = "registry.example.com/sftpgo:v2.7.5-distroless-slim"
			s.Spec.Replicas = ptr.To[int32](3)
		}), "registry.example.com/sftpgo:v2.7.5-distroless-slim", 3},
		{"zero replicas", func(s *v1alpha1.SFTPGo) { s.Spec.Replicas = ptr.To[int32](0) }, v1alpha1.DefaultImage, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := fixtures.Instance(tc.mut, fixtures.KubeFacts)
			dep := manifests.Deployment(in, testHash)
			if got := ptr.Deref(dep.Spec.Replicas, -1); got != tc.wantReplicas {
				t.Errorf("replicas = %d, want %d", got, tc.wantReplicas)
			}
			if !maps.Equal(dep.Spec.Selector.MatchLabels, manifests.SelectorLabels(in)) {
				t.Errorf("selector = %v", dep.Spec.Selector.MatchLabels)
			}
			if got := dep.Spec.Template.Annotations[manifests.AnnotationPodConfigHash]; got != testHash {
				t.Errorf("config hash annotation = %q, want %q", got, testHash)
			}
			pod := dep.Spec.Template.Spec
			if len(pod.Containers) != 1 {
				t.Fatalf("containers = %d, want 1", len(pod.Containers))
			}
			c := pod.Containers[0]
			if c.Image != tc.wantImage {
				t.Errorf("image = %q, want %q", c.Image, tc.wantImage)
			}
			if !slices.Equal(c.Command, []string{"sftpgo"}) {
				t.Errorf("command = %v", c.Command)
			}
			if want := []string{"serve", "--config-file", "/etc/sftpgo/config/sftpgo.json"}; !slices.Equal(c.Args, want) {
				t.Errorf("args = %v, want %v", c.Args, want)
			}
			ports := map[string]int32{}
			for _, p := range c.Ports {
				ports[p.Name] = p.ContainerPort
			}
			if want := map[string]int32{"sftp": 2022, "http": 8080, "telemetry": 10000}; !maps.Equal(ports, want) {
				t.Errorf("container ports = %v, want %v", ports, want)
			}
			for name, probe := range map[string]*corev1.Probe{
				"startup": c.StartupProbe, "liveness": c.LivenessProbe, "readiness": c.ReadinessProbe,
			} {
				if probe == nil || probe.HTTPGet == nil || probe.HTTPGet.Path != "/healthz" ||
					probe.HTTPGet.Port != intstr.FromString("telemetry") {
					t.Errorf("%s probe = %+v, want GET /healthz on telemetry", name, probe)
				}
			}
			if ptr.Deref(pod.AutomountServiceAccountToken, true) {
				t.Errorf("automountServiceAccountToken should be false")
			}
			if ptr.Deref(pod.EnableServiceLinks, true) {
				t.Errorf("enableServiceLinks should be false")
			}
			if len(c.Resources.Requests) == 0 {
				t.Errorf("no resource requests by default")
			}
		})
	}
}

func TestDeploymentEnv(t *testing.T) {
	type ref struct{ secret, key string }
	cases := []struct {
		name string
		mut  func(*v1alpha1.SFTPGo)
		want map[string]ref
	}{
		{name: "sqlite: generated admin Secret", want: map[string]ref{
			"SFTPGO_DEFAULT_ADMIN_USERNAME": {"files-admin", "username"},
			"SFTPGO_DEFAULT_ADMIN_PASSWORD": {"files-admin", "password"},
		}},
		{name: "named admin Secret",
			mut: func(s *v1alpha1.SFTPGo) {
				s.Spec.AdminCredentialsSecret = &v1alpha1.CredentialsSecretReference{SecretReference: v1alpha1.SecretReference{Name: "my-admin"}}
			},
			want: map[string]ref{
				"SFTPGO_DEFAULT_ADMIN_USERNAME": {"my-admin", "username"},
				"SFTPGO_DEFAULT_ADMIN_PASSWORD": {"my-admin", "password"},
			}},
		{name: "named admin Secret with its own keys",
			mut: func(s *v1alpha1.SFTPGo) {
				s.Spec.AdminCredentialsSecret = &v1alpha1.CredentialsSecretReference{
					SecretReference: v1alpha1.SecretReference{Name: "my-admin"}, UsernameKey: "user", PasswordKey: "pass"}
			},
			want: map[string]ref{
				"SFTPGO_DEFAULT_ADMIN_USERNAME": {"my-admin", "user"},
				"SFTPGO_DEFAULT_ADMIN_PASSWORD": {"my-admin", "pass"},
			}},
		{name: "postgresql: DB credentials from their Secret", mut: fixtures.Postgres, want: map[string]ref{
			"SFTPGO_DEFAULT_ADMIN_USERNAME":  {"files-admin", "username"},
			"SFTPGO_DEFAULT_ADMIN_PASSWORD":  {"files-admin", "password"},
			"SFTPGO_DATA_PROVIDER__USERNAME": {"db-creds", "username"},
			"SFTPGO_DATA_PROVIDER__PASSWORD": {"db-creds", "password"},
		}},
		{name: "postgresql: custom credential keys", mut: fixtures.All(fixtures.Postgres, func(s *v1alpha1.SFTPGo) {
			s.Spec.DataProvider.CredentialsSecret.UsernameKey = "user"
			s.Spec.DataProvider.CredentialsSecret.PasswordKey = "pass"
		}), want: map[string]ref{
			"SFTPGO_DEFAULT_ADMIN_USERNAME":  {"files-admin", "username"},
			"SFTPGO_DEFAULT_ADMIN_PASSWORD":  {"files-admin", "password"},
			"SFTPGO_DATA_PROVIDER__USERNAME": {"db-creds", "user"},
			"SFTPGO_DATA_PROVIDER__PASSWORD": {"db-creds", "pass"},
		}},
		{name: "postgresql without a credentials Secret", mut: fixtures.All(fixtures.Postgres, func(s *v1alpha1.SFTPGo) {
			s.Spec.DataProvider.CredentialsSecret = nil
		}), want: map[string]ref{
			"SFTPGO_DEFAULT_ADMIN_USERNAME": {"files-admin", "username"},
			"SFTPGO_DEFAULT_ADMIN_PASSWORD": {"files-admin", "password"},
		}},
		{name: "sqlite ignores a credentials Secret", mut: func(s *v1alpha1.SFTPGo) {
			s.Spec.DataProvider.CredentialsSecret = &v1alpha1.CredentialsSecretReference{SecretReference: v1alpha1.SecretReference{Name: "db-creds"}}
		}, want: map[string]ref{
			"SFTPGO_DEFAULT_ADMIN_USERNAME": {"files-admin", "username"},
			"SFTPGO_DEFAULT_ADMIN_PASSWORD": {"files-admin", "password"},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := manifests.Deployment(fixtures.Instance(tc.mut, fixtures.KubeFacts), testHash).Spec.Template.Spec.Containers[0]
			got := map[string]ref{}
			for _, e := range c.Env {
				switch e.Name {
				case "SFTPGO_GRACE_TIME": // not a secret: the shutdown grace time
					if e.Value != "30" {
						t.Errorf("SFTPGO_GRACE_TIME = %q, want the default 30", e.Value)
					}
					continue
				case "SFTPGO_LOADDATA_FROM", "SFTPGO_LOADDATA_MODE": // not secrets: the operator admin's dump file, add and update
					want := map[string]string{"SFTPGO_LOADDATA_FROM": "/etc/sftpgo/keys/operator-admin.json", "SFTPGO_LOADDATA_MODE": "0"}[e.Name]
					if e.Value != want {
						t.Errorf("%s = %q, want %q", e.Name, e.Value, want)
					}
					continue
				case "SFTPGO_DATA_PROVIDER__NODE__HOST": // not a secret: the pod's own address
					if e.ValueFrom == nil || e.ValueFrom.FieldRef == nil || e.ValueFrom.FieldRef.FieldPath != "status.podIP" {
						t.Errorf("SFTPGO_DATA_PROVIDER__NODE__HOST = %+v, want the pod IP", e.ValueFrom)
					}
					continue
				}
				if e.Value != "" {
					t.Errorf("env %s has a literal value %q; only Secret references are allowed", e.Name, e.Value)
				}
				if e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil {
					t.Errorf("env %s is not a secretKeyRef: %+v", e.Name, e.ValueFrom)
					continue
				}
				if _, dup := got[e.Name]; dup {
					t.Errorf("env %s set twice", e.Name)
				}
				got[e.Name] = ref{e.ValueFrom.SecretKeyRef.Name, e.ValueFrom.SecretKeyRef.Key}
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("env = %v, want %v", got, tc.want)
			}
			if len(c.EnvFrom) != 0 {
				t.Errorf("envFrom = %+v, want none", c.EnvFrom)
			}
		})
	}
}

func TestDeploymentVolumes(t *testing.T) {
	type vol struct {
		kind string // configMap, secret, pvc, emptyDir
		ref  string
	}
	cases := []struct {
		name string
		mut  func(*v1alpha1.SFTPGo)
		want map[string]vol // by mount path
	}{
		{name: "sqlite", want: map[string]vol{
			"/etc/sftpgo/config": {"configMap", "files-config"},
			"/etc/sftpgo/keys":   {"secrets", "files-keys+files-operator-admin"},
			"/srv/sftpgo":        {"pvc", "files-data"},
			"/var/lib/sftpgo":    {"pvc", "files-state"},
			"/tmp":               {"emptyDir", ""},
		}},
		{name: "postgresql: state in an emptyDir", mut: fixtures.Postgres, want: map[string]vol{
			"/etc/sftpgo/config": {"configMap", "files-config"},
			"/etc/sftpgo/keys":   {"secrets", "files-keys+files-operator-admin"},
			"/srv/sftpgo":        {"pvc", "files-data"},
			"/var/lib/sftpgo":    {"emptyDir", ""},
			"/tmp":               {"emptyDir", ""},
		}},
		{name: "existing data claim", mut: existingClaim("shared-files"), want: map[string]vol{
			"/etc/sftpgo/config": {"configMap", "files-config"},
			"/etc/sftpgo/keys":   {"secrets", "files-keys+files-operator-admin"},
			"/srv/sftpgo":        {"pvc", "shared-files"},
			"/var/lib/sftpgo":    {"pvc", "files-state"},
			"/tmp":               {"emptyDir", ""},
		}},
		{name: "data storage disabled", mut: fixtures.All(fixtures.Postgres, dataDisabled), want: map[string]vol{
			"/etc/sftpgo/config": {"configMap", "files-config"},
			"/etc/sftpgo/keys":   {"secrets", "files-keys+files-operator-admin"},
			"/srv/sftpgo":        {"emptyDir", ""},
			"/var/lib/sftpgo":    {"emptyDir", ""},
			"/tmp":               {"emptyDir", ""},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pod := manifests.Deployment(fixtures.Instance(tc.mut, fixtures.KubeFacts), testHash).Spec.Template.Spec
			byName := map[string]corev1.Volume{}
			for _, v := range pod.Volumes {
				if _, dup := byName[v.Name]; dup {
					t.Errorf("volume %s defined twice", v.Name)
				}
				byName[v.Name] = v
			}
			got := map[string]vol{}
			c := pod.Containers[0]
			for _, m := range c.VolumeMounts {
				v, ok := byName[m.Name]
				if !ok {
					t.Errorf("mount %s uses undefined volume %s", m.MountPath, m.Name)
					continue
				}
				switch {
				case v.ConfigMap != nil:
					got[m.MountPath] = vol{"configMap", v.ConfigMap.Name}
				case v.Secret != nil:
					got[m.MountPath] = vol{"secret", v.Secret.SecretName}
				case v.PersistentVolumeClaim != nil:
					got[m.MountPath] = vol{"pvc", v.PersistentVolumeClaim.ClaimName}
				case v.EmptyDir != nil:
					got[m.MountPath] = vol{"emptyDir", ""}
				case v.Projected != nil:
					var names []string
					for _, src := range v.Projected.Sources {
						names = append(names, src.Secret.Name)
					}
					got[m.MountPath] = vol{"secrets", strings.Join(names, "+")}
				default:
					got[m.MountPath] = vol{"other", v.Name}
				}
				readOnly := m.MountPath == "/etc/sftpgo/config" || m.MountPath == "/etc/sftpgo/keys"
				if m.ReadOnly != readOnly {
					t.Errorf("mount %s readOnly = %v, want %v", m.MountPath, m.ReadOnly, readOnly)
				}
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("mounts = %v, want %v", got, tc.want)
			}
			if len(pod.Volumes) != len(c.VolumeMounts) {
				t.Errorf("%d volumes for %d mounts", len(pod.Volumes), len(c.VolumeMounts))
			}
		})
	}
}

func TestDeploymentPodTemplate(t *testing.T) {
	tolerations := []corev1.Toleration{{Key: "dedicated", Operator: corev1.TolerationOpEqual, Value: "sftp",
		Effect: corev1.TaintEffectNoSchedule}}
	affinity := &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{
		RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{{
			MatchExpressions: []corev1.NodeSelectorRequirement{{Key: "zone", Operator: corev1.NodeSelectorOpIn,
				Values: []string{"a"}}},
		}}},
	}}
	spread := []corev1.TopologySpreadConstraint{{MaxSkew: 1, TopologyKey: "topology.kubernetes.io/zone",
		WhenUnsatisfiable: corev1.ScheduleAnyway}}
	in := fixtures.Instance(func(s *v1alpha1.SFTPGo) {
		s.Spec.PodTemplate = v1alpha1.PodTemplate{
			Labels: map[string]string{
				"team":                         "a",
				"app.kubernetes.io/name":       "evil",
				"app.kubernetes.io/instance":   "other",
				"app.kubernetes.io/component":  "x",
				"app.kubernetes.io/managed-by": "helm",
			},
			Annotations: map[string]string{
				"prometheus.io/scrape":            "true",
				"sftpgo.operator.dev/config-hash": "forged",
			},
			NodeSelector:              map[string]string{"kubernetes.io/os": "linux"},
			Tolerations:               tolerations,
			Affinity:                  affinity,
			TopologySpreadConstraints: spread,
			PriorityClassName:         "high",
			ServiceAccountName:        "sftpgo",
			ImagePullSecrets:          []corev1.LocalObjectReference{{Name: "pull"}},
		}
	}, fixtures.KubeFacts)
	dep := manifests.Deployment(in, testHash)
	tpl := dep.Spec.Template
	cases := []struct {
		name      string
		got, want any
	}{
		{"user label kept", tpl.Labels["team"], "a"},
		{"name label not overridden", tpl.Labels["app.kubernetes.io/name"], "sftpgo"},
		{"instance label not overridden", tpl.Labels["app.kubernetes.io/instance"], "files"},
		{"component label not overridden", tpl.Labels["app.kubernetes.io/component"], "server"},
		{"managed-by label not overridden", tpl.Labels["app.kubernetes.io/managed-by"], "sftpgo-operator"},
		{"user annotation kept", tpl.Annotations["prometheus.io/scrape"], "true"},
		{"config hash not forgeable", tpl.Annotations["sftpgo.operator.dev/config-hash"], testHash},
		{"nodeSelector", tpl.Spec.NodeSelector, map[string]string{"kubernetes.io/os": "linux"}},
		{"tolerations", tpl.Spec.Tolerations, tolerations},
		{"affinity", tpl.Spec.Affinity, affinity},
		{"topologySpreadConstraints", tpl.Spec.TopologySpreadConstraints, spread},
		{"priorityClassName", tpl.Spec.PriorityClassName, "high"},
		{"serviceAccountName", tpl.Spec.ServiceAccountName, "sftpgo"},
		{"imagePullSecrets", tpl.Spec.ImagePullSecrets, []corev1.LocalObjectReference{{Name: "pull"}}},
		{"selector unchanged", dep.Spec.Selector.MatchLabels, manifests.SelectorLabels(in)},
		{"deployment labels are the operator's", dep.Labels, manifests.Labels(in, manifests.ComponentServer)},
		{"no user annotations on the Deployment", len(dep.Annotations), 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !reflect.DeepEqual(tc.got, tc.want) {
				t.Errorf("got %v, want %v", tc.got, tc.want)
			}
		})
	}
	t.Run("selector selects the pods", func(t *testing.T) {
		for k, v := range dep.Spec.Selector.MatchLabels {
			if tpl.Labels[k] != v {
				t.Errorf("pod label %s = %q, selector wants %q", k, tpl.Labels[k], v)
			}
		}
	})
	t.Run("builder does not alias the spec maps", func(t *testing.T) {
		tpl.Labels["mutated"] = "yes"
		tpl.Annotations["mutated"] = "yes"
		tpl.Spec.NodeSelector["mutated"] = "yes"
		pt := in.Spec.PodTemplate
		if pt.Labels["mutated"] != "" || pt.Annotations["mutated"] != "" || pt.NodeSelector["mutated"] != "" {
			t.Errorf("pod template maps alias spec.podTemplate")
		}
	})
	t.Run("empty podTemplate", func(t *testing.T) {
		tpl := manifests.Deployment(fixtures.Instance(nil, fixtures.KubeFacts), testHash).Spec.Template
		if tpl.Spec.NodeSelector != nil || tpl.Spec.Tolerations != nil || tpl.Spec.Affinity != nil ||
			tpl.Spec.ServiceAccountName != "" || tpl.Spec.PriorityClassName != "" {
			t.Errorf("scheduling fields set without a podTemplate: %+v", tpl.Spec)
		}
		if len(tpl.Annotations) != 1 {
			t.Errorf("annotations = %v, want only the config hash", tpl.Annotations)
		}
	})
}

func TestDeploymentSecurityContext(t *testing.T) {
	cases := []struct {
		name     string
		facts    platform.Facts
		wantUIDs bool
	}{
		{"kubernetes: fixed UID/GID/fsGroup 1000", fixtures.KubeFacts, true},
		{"kubernetes without a known pod network", platform.Facts{Platform: platform.Kubernetes}, true},
		{"openshift: the SCC assigns them", fixtures.OpenShiftFacts, false},
		{"openshift platform without facts", platform.Facts{Platform: platform.OpenShift}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pod := manifests.Deployment(fixtures.Instance(nil, tc.facts), testHash).Spec.Template.Spec
			psc := pod.SecurityContext
			if psc == nil {
				t.Fatal("no pod securityContext")
			}
			var want *int64
			if tc.wantUIDs {
				want = ptr.To[int64](1000)
			}
			for name, got := range map[string]*int64{
				"runAsUser": psc.RunAsUser, "runAsGroup": psc.RunAsGroup, "fsGroup": psc.FSGroup,
			} {
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s = %v, want %v", name, ptr.Deref(got, -1), ptr.Deref(want, -1))
				}
			}
			if !ptr.Deref(psc.RunAsNonRoot, false) {
				t.Errorf("pod runAsNonRoot not true")
			}
			if psc.SeccompProfile == nil || psc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
				t.Errorf("pod seccompProfile = %+v, want RuntimeDefault", psc.SeccompProfile)
			}
			c := pod.Containers[0]
			sc := c.SecurityContext
			if sc == nil {
				t.Fatal("no container securityContext")
			}
			if sc.RunAsUser != nil || sc.RunAsGroup != nil {
				t.Errorf("container sets runAsUser/runAsGroup: %v/%v", sc.RunAsUser, sc.RunAsGroup)
			}
			if ptr.Deref(sc.AllowPrivilegeEscalation, true) {
				t.Errorf("allowPrivilegeEscalation not false")
			}
			if !ptr.Deref(sc.ReadOnlyRootFilesystem, false) {
				t.Errorf("readOnlyRootFilesystem not true")
			}
			if ptr.Deref(sc.Privileged, false) {
				t.Errorf("privileged container")
			}
			if sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) ||
				len(sc.Capabilities.Add) != 0 {
				t.Errorf("capabilities = %+v, want drop [ALL], add none", sc.Capabilities)
			}
		})
	}
}

// ---------------------------------------------------------------------------
// ConfigHash

func TestConfigHash(t *testing.T) {
	baseJSON := []byte("{\"httpd\":{}}\n")
	baseKeys := func() map[string][]byte {
		return map[string][]byte{
			"signing-passphrase":   []byte("passphrase"),
			"ssh_host_ed25519_key": []byte("ed25519"),
			"ssh_host_ecdsa_key":   []byte("ecdsa"),
			"ssh_host_rsa_key":     []byte("rsa"),
		}
	}
	base := manifests.ConfigHash(baseJSON, baseKeys())
	cases := []struct {
		name     string
		json     []byte
		keys     func() map[string][]byte
		wantSame bool
	}{
		{"same input again", baseJSON, baseKeys, true},
		{"same content in a fresh slice", append([]byte(nil), baseJSON...), baseKeys, true},
		{"config changes", []byte("{\"httpd\":{\"x\":1}}\n"), baseKeys, false},
		{"config whitespace changes", []byte("{\"httpd\":{}}"), baseKeys, false},
		{"signing passphrase changes", baseJSON, func() map[string][]byte {
			k := baseKeys()
			k["signing-passphrase"] = []byte("other")
			return k
		}, false},
		{"a host key changes", baseJSON, func() map[string][]byte {
			k := baseKeys()
			k["ssh_host_rsa_key"] = []byte("rsa2")
			return k
		}, false},
		{"a key is added", baseJSON, func() map[string][]byte {
			k := baseKeys()
			k["extra"] = nil
			return k
		}, false},
		{"a key is removed", baseJSON, func() map[string][]byte {
			k := baseKeys()
			delete(k, "ssh_host_ecdsa_key")
			return k
		}, false},
		{"a key is renamed", baseJSON, func() map[string][]byte {
			k := baseKeys()
			k["ssh_host_ecdsa_key2"] = k["ssh_host_ecdsa_key"]
			delete(k, "ssh_host_ecdsa_key")
			return k
		}, false},
		{"values swapped between keys", baseJSON, func() map[string][]byte {
			k := baseKeys()
			k["ssh_host_rsa_key"], k["ssh_host_ecdsa_key"] = k["ssh_host_ecdsa_key"], k["ssh_host_rsa_key"]
			return k
		}, false},
		{"no keys", baseJSON, func() map[string][]byte { return nil }, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := manifests.ConfigHash(tc.json, tc.keys())
			if (got == base) != tc.wantSame {
				t.Errorf("ConfigHash = %s, base %s, want same=%v", got, base, tc.wantSame)
			}
			if len(got) != 16 || strings.Trim(got, "0123456789abcdef") != "" {
				t.Errorf("ConfigHash = %q, want 16 lower-case hex digits", got)
			}
		})
	}
	t.Run("stable across map iteration order", func(t *testing.T) {
		for i := 0; i < 50; i++ {
			if got := manifests.ConfigHash(baseJSON, baseKeys()); got != base {
				t.Fatalf("ConfigHash changed between calls: %s vs %s", got, base)
			}
		}
	})
	t.Run("key/value boundary is unambiguous", func(t *testing.T) {
		a := manifests.ConfigHash(nil, map[string][]byte{"ab": []byte("c")})
		b := manifests.ConfigHash(nil, map[string][]byte{"a": []byte("bc")})
		if a == b {
			t.Errorf("{ab:c} and {a:bc} hash the same: %s", a)
		}
	})
	t.Run("nil and empty keys agree", func(t *testing.T) {
		if manifests.ConfigHash(baseJSON, nil) != manifests.ConfigHash(baseJSON, map[string][]byte{}) {
			t.Errorf("nil and empty key maps hash differently")
		}
	})
}

// claims are the claims the operator creates for an instance.
func claims(in *resolve.Instance) []*corev1.PersistentVolumeClaim {
	var out []*corev1.PersistentVolumeClaim
	for _, c := range []*corev1.PersistentVolumeClaim{manifests.DataClaim(in), manifests.StateClaim(in)} {
		if c != nil {
			out = append(out, c)
		}
	}
	return out
}
