package v1alpha1_test

import (
	"fmt"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	k8sruntime "k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	routev1 "github.com/openshift/api/route/v1"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/desired"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// Admission limits: every input the operator could not turn into objects
// the API server accepts is refused when the SFTPGo is written, with a
// message that states the limit, and the largest accepted inputs build
// objects the API server accepts.

// nameOfLength returns a fresh SFTPGo name of exactly n characters.
func nameOfLength(n int) string {
	prefix := fmt.Sprintf("n%d-", seq.Add(1))
	return prefix + strings.Repeat("x", n-len(prefix))
}

// withName is an SFTPGo with the given name and spec changes.
func withName(name string, mutate ...func(*v1alpha1.SFTPGoSpec)) *v1alpha1.SFTPGo {
	s := sftpgo(mutate...)
	s.Name = name
	return s
}

func spec(mutate ...func(*v1alpha1.SFTPGoSpec)) *v1alpha1.SFTPGo { return sftpgo(mutate...) }

// credentials references the Secret name with the default keys.
func credentials(name string) *v1alpha1.CredentialsSecretReference {
	return &v1alpha1.CredentialsSecretReference{SecretReference: v1alpha1.SecretReference{Name: name},
		UsernameKey: "username", PasswordKey: "password"}
}

func requests(rl corev1.ResourceList) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Resources.Requests = rl }
}
func limits(rl corev1.ResourceList) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Resources.Limits = rl }
}
func q(s string) resource.Quantity { return resource.MustParse(s) }

// annotationsOfSize returns n annotations whose keys and values hold total
// characters together.
func annotationsOfSize(n, total int) map[string]string {
	m := map[string]string{}
	used := 0
	for i := range n {
		k := fmt.Sprintf("example.com/a%d", i)
		m[k] = ""
		used += len(k)
	}
	Expect(used).To(BeNumerically("<=", total))
	m["example.com/a0"] = strings.Repeat("v", total-used)
	return m
}

func host(h string) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Expose.Host = h }
}

func selector(sel metav1.LabelSelector) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Security.ProxyNamespaceSelector = &sel }
}

var _ = Describe("Admission limits", func() {
	DescribeTable("refuse input the operator could not use, naming the limit",
		func(s *v1alpha1.SFTPGo, want ...string) {
			err := k8sClient.Create(ctx, s)
			if err == nil {
				_ = k8sClient.Delete(ctx, s)
			}
			Expect(err).To(HaveOccurred(), "the API server accepted it")
			Expect(apierrors.IsInvalid(err)).To(BeTrue(), "want an Invalid error, got %v", err)
			for _, w := range want {
				Expect(err.Error()).To(ContainSubstring(w))
			}
		},
		// The name: Services are named <name> and <name>-web.
		Entry("a name one character too long", withName(nameOfLength(v1alpha1.MaxNameLength+1)),
			"metadata.name must be at most 56 characters", "a Service name has at most 63 characters"),
		Entry("a 60-character name (its <name>-web Service would have 64)", withName(nameOfLength(60)),
			"at most 56 characters"),
		Entry("a name with a dot (no Service can carry it)", withName("files.team-a"), "must be a DNS-1035 label"),
		Entry("a name starting with a digit", withName("1files"), "must be a DNS-1035 label"),

		Entry("an image with whitespace", spec(image("ghcr.io/drakkan/sftpgo: v2.7.5")), "spec.image must not contain whitespace"),

		// Resources of the SFTPGo container.
		Entry("a negative CPU request", spec(requests(corev1.ResourceList{corev1.ResourceCPU: q("-100m")})),
			"requests and limits must not be negative"),
		Entry("a negative memory limit", spec(limits(corev1.ResourceList{corev1.ResourceMemory: q("-1Gi")})),
			"requests and limits must not be negative"),
		Entry("a request above its limit", spec(requests(corev1.ResourceList{corev1.ResourceMemory: q("256Mi")}),
			limits(corev1.ResourceList{corev1.ResourceMemory: q("128Mi")})), "a request must not exceed its limit"),
		Entry("an extended resource request", spec(requests(corev1.ResourceList{"example.com/gpu": q("1")})),
			"spec.resources.requests takes cpu, memory and ephemeral-storage only"),
		Entry("a hugepages limit", spec(limits(corev1.ResourceList{"hugepages-2Mi": q("2Mi")})),
			"spec.resources.limits takes cpu, memory and ephemeral-storage only"),
		Entry("a resource claim", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.Resources.Claims = []corev1.ResourceClaim{{Name: "gpu"}}
		}), "spec.resources.claims is not supported"),

		// Volumes.
		Entry("a negative data size", spec(dataSize("-1Gi")), "spec.storage.data.size must be greater than zero"),
		Entry("a zero data size", spec(dataSize("0")), "spec.storage.data.size must be greater than zero"),
		Entry("a negative state size", spec(stateSize("-1Gi")), "spec.storage.state.size must be greater than zero"),
		Entry("a storage class that is not a name", spec(dataClass("Fast SSD")),
			"spec.storage.data.storageClassName must be a DNS subdomain"),
		Entry("a state storage class that is not a name", spec(stateClass("fast_ssd")),
			"spec.storage.state.storageClassName must be a DNS subdomain"),
		Entry("an existing claim that is not a name", spec(func(sp *v1alpha1.SFTPGoSpec) { sp.Storage.Data.ExistingClaim = "My_Claim" }),
			"spec.storage.data.existingClaim must be a DNS subdomain"),
		Entry("ReadWriteOncePod with another mode", spec(accessModes(corev1.ReadWriteOncePod, corev1.ReadWriteOnce)),
			"ReadWriteOncePod cannot be combined with other modes"),
		Entry("an unknown access mode", spec(accessModes("ReadWriteSometimes")),
			"every mode must be ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod"),

		// Names of referenced objects.
		Entry("an admin Secret that is not a name", spec(func(sp *v1alpha1.SFTPGoSpec) { sp.AdminCredentialsSecret = credentials("Admin") }),
			"spec.adminCredentialsSecret.name: Invalid value", "must be a DNS subdomain, the name of a Secret"),
		Entry("an admin Secret key that is not a key", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.AdminCredentialsSecret = credentials("admin")
			sp.AdminCredentialsSecret.PasswordKey = "pass/word"
		}), "spec.adminCredentialsSecret.passwordKey: Invalid value", "passwordKey must be a Secret key"),
		Entry("an admin Secret without a name", spec(func(sp *v1alpha1.SFTPGoSpec) { sp.AdminCredentialsSecret = credentials("") }),
			"spec.adminCredentialsSecret.name: Invalid value", "at least 1 chars long"),
		Entry("a database Secret that is not a name", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.DataProvider.CredentialsSecret = credentials("db creds")
		}), "spec.dataProvider.credentialsSecret.name: Invalid value", "must be a DNS subdomain, the name of a Secret"),
		Entry("a database Secret key that is not a key", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.DataProvider.CredentialsSecret = credentials("db")
			sp.DataProvider.CredentialsSecret.UsernameKey = "user name"
		}), "spec.dataProvider.credentialsSecret.usernameKey: Invalid value", "usernameKey must be a Secret key"),
		Entry("a database Secret key '..'", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.DataProvider.CredentialsSecret = credentials("db")
			sp.DataProvider.CredentialsSecret.PasswordKey = ".."
		}), "spec.dataProvider.credentialsSecret.passwordKey: Invalid value", "passwordKey must be a Secret key"),
		Entry("a TLS Secret that is not a name", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.Expose.TLS.CertificateSecret = &v1alpha1.SecretReference{Name: "files_tls"}
		}),
			"spec.expose.tls.certificateSecret.name: Invalid value", "must be a DNS subdomain, the name of a Secret"),
		Entry("a TLS Secret of 254 characters", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.Expose.TLS.CertificateSecret = &v1alpha1.SecretReference{Name: strings.Repeat("t", 254)}
		}), "spec.expose.tls.certificateSecret.name: Too long", "253"),
		Entry("an IngressClass that is not a name", spec(func(sp *v1alpha1.SFTPGoSpec) { sp.Expose.IngressClassName = "Nginx" }),
			"spec.expose.ingressClassName must be a DNS subdomain"),
		Entry("a Gateway that is not a name", spec(func(sp *v1alpha1.SFTPGoSpec) { sp.Expose.GatewayRef.Name = "gw!" }),
			"spec.expose.gatewayRef.name must be a DNS subdomain"),
		Entry("a Gateway namespace with a dot", spec(func(sp *v1alpha1.SFTPGoSpec) { sp.Expose.GatewayRef.Namespace = "team.a" }),
			"spec.expose.gatewayRef.namespace must be a namespace name"),
		Entry("a priority class that is not a name", spec(func(sp *v1alpha1.SFTPGoSpec) { sp.PodTemplate.PriorityClassName = "High_Priority" }),
			"spec.podTemplate.priorityClassName must be a DNS subdomain"),
		Entry("a service account that is not a name", spec(func(sp *v1alpha1.SFTPGoSpec) { sp.PodTemplate.ServiceAccountName = "Sftp Go" }),
			"spec.podTemplate.serviceAccountName must be a DNS subdomain"),

		// The web host.
		Entry("an uppercase host", spec(host("Files.example.com")), "spec.expose.host must be a DNS name"),
		Entry("a host label of 64 characters", spec(host(strings.Repeat("a", 64)+".example.com")),
			"each label at most 63 characters"),
		Entry("an IP address as host", spec(host("192.0.2.10")), "must be a DNS name, not an IP address"),
		Entry("a wildcard host with type Auto (a Route on OpenShift)", spec(host("*.example.com")),
			"may start with '*.' only with spec.expose.type Ingress or HTTPRoute"),
		Entry("a wildcard host on a Route", spec(host("*.example.com"), exposeType(v1alpha1.ExposeRoute)),
			"may start with '*.' only"),

		// Service.
		Entry("a plain IP as load balancer source range", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.Service.LoadBalancerSourceRanges = []string{"203.0.113.0/24", "203.0.113.7"}
		}), "203.0.113.7 is not a CIDR"),
		Entry("a load balancer source range with host bits", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.Service.LoadBalancerSourceRanges = []string{"203.0.113.7/24"}
		}), "203.0.113.7/24 is not a CIDR without bits set beyond its prefix length"),

		// Annotations and labels.
		Entry("a Service annotation key with a space", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.Service.Annotations = map[string]string{"bad key": "x"}
		}), "spec.service.annotations: bad key is not a valid annotation key"),
		Entry("Service annotations over the size limit", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.Service.Annotations = annotationsOfSize(2, v1alpha1.MaxAnnotationChars+1)
		}), "spec.service.annotations may hold at most 65000 characters in total"),
		Entry("65 Service annotations", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.Service.Annotations = annotationsOfSize(65, 2000)
		}), "spec.service.annotations", "must have at most 64 items"),
		Entry("an expose annotation key with two slashes", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.Expose.Annotations = map[string]string{"a/b/c": "x"}
		}), "spec.expose.annotations: a/b/c is not a valid annotation key"),
		Entry("expose annotations over the size limit", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.Expose.Annotations = annotationsOfSize(1, v1alpha1.MaxAnnotationChars+1)
		}), "spec.expose.annotations may hold at most 65000 characters"),
		Entry("pod annotations over the size limit", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.PodTemplate.Annotations = annotationsOfSize(3, v1alpha1.MaxAnnotationChars+1)
		}), "spec.podTemplate.annotations may hold at most 65000 characters"),
		Entry("a pod annotation key ending in a dash", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.PodTemplate.Annotations = map[string]string{"example.com/key-": "x"}
		}), "is not a valid annotation key"),
		Entry("a pod label key with a space", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.PodTemplate.Labels = map[string]string{"team name": "files"}
		}), "spec.podTemplate.labels: team name is not a valid label key"),
		Entry("a pod label value of 64 characters", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.PodTemplate.Labels = map[string]string{"team": strings.Repeat("a", 64)}
		}), "spec.podTemplate.labels: a label value has at most 63 characters"),
		Entry("a node selector key with a space", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.PodTemplate.NodeSelector = map[string]string{"disk type": "ssd"}
		}), "spec.podTemplate.nodeSelector: disk type is not a valid label key"),
		Entry("a node selector value of 64 characters", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.PodTemplate.NodeSelector = map[string]string{"disk": strings.Repeat("a", 64)}
		}), "spec.podTemplate.nodeSelector: a label value has at most 63 characters"),

		// Namespace selectors of the NetworkPolicy.
		Entry("a selector expression In without values", spec(selector(metav1.LabelSelector{
			MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "team", Operator: metav1.LabelSelectorOpIn}},
		})), "spec.security.proxyNamespaceSelector.matchExpressions: the operator must be In or NotIn with at least one value"),
		Entry("a selector expression Exists with values", spec(selector(metav1.LabelSelector{
			MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "team", Operator: metav1.LabelSelectorOpExists, Values: []string{"a"}}},
		})), "or Exists or DoesNotExist without values"),
		Entry("a selector expression with an unknown operator", spec(selector(metav1.LabelSelector{
			MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "team", Operator: "Equals", Values: []string{"a"}}},
		})), "the operator must be In or NotIn"),
		Entry("a selector label key with a space", spec(selector(metav1.LabelSelector{MatchLabels: map[string]string{"a b": "c"}})),
			"spec.security.proxyNamespaceSelector.matchLabels: every key must be a valid label key"),
		Entry("a selector label value of 64 characters", spec(selector(metav1.LabelSelector{MatchLabels: map[string]string{"a": strings.Repeat("b", 64)}})),
			"spec.security.proxyNamespaceSelector.matchLabels: a label value has at most 63 characters"),
		Entry("a monitoring selector expression In without values", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.Security.MonitoringNamespaceSelector = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
				{Key: "team", Operator: metav1.LabelSelectorOpNotIn}}}
		}), "spec.security.monitoringNamespaceSelector.matchExpressions"),

		// Monitoring.
		Entry("a scrape interval in hours", spec(func(sp *v1alpha1.SFTPGoSpec) { sp.Monitoring.Interval = "1h" }),
			"spec.monitoring.interval"),
		Entry("a scrape interval of zero", spec(func(sp *v1alpha1.SFTPGoSpec) { sp.Monitoring.Interval = "0s" }),
			"spec.monitoring.interval"),
		Entry("a dashboard label key with a space", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.Monitoring.Dashboard.Labels = map[string]string{"grafana dashboard": "1"}
		}), "spec.monitoring.dashboard.labels: every key must be a valid label key"),
	)

	DescribeTable("accept the near misses at each limit",
		func(s *v1alpha1.SFTPGo) {
			Expect(k8sClient.Create(ctx, s)).To(Succeed())
			Expect(k8sClient.Delete(ctx, s)).To(Succeed())
		},
		Entry("a name of exactly 56 characters", withName(nameOfLength(v1alpha1.MaxNameLength))),
		Entry("a one-letter name", withName("f")),
		Entry("a scrape interval of 15s and dashboard labels", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.Monitoring.Interval = "15s"
			sp.Monitoring.Dashboard.Labels = map[string]string{"example.com/dashboards": "sftpgo"}
		})),
		Entry("requests equal to limits, and zero", spec(
			requests(corev1.ResourceList{corev1.ResourceCPU: q("500m"), corev1.ResourceMemory: q("1Gi"), corev1.ResourceEphemeralStorage: q("0")}),
			limits(corev1.ResourceList{corev1.ResourceCPU: q("0.5"), corev1.ResourceMemory: q("1024Mi")}))),
		Entry("limits only", spec(limits(corev1.ResourceList{corev1.ResourceMemory: q("512Mi")}))),
		Entry("a one-byte volume", spec(dataSize("1"), stateSize("1"))),
		Entry("a 63-character host label and a 253-character host", spec(host(
			strings.Repeat("a", 63)+"."+strings.Repeat("b", 63)+"."+strings.Repeat("c", 63)+"."+strings.Repeat("d", 61)))),
		Entry("a wildcard host on an Ingress", spec(host("*.files.example.com"), exposeType(v1alpha1.ExposeIngress))),
		Entry("a wildcard host on an HTTPRoute", spec(host("*.files.example.com"), exposeType(v1alpha1.ExposeHTTPRoute),
			func(sp *v1alpha1.SFTPGoSpec) {
				sp.Expose.GatewayRef = v1alpha1.GatewayRef{Name: "public", Namespace: "gateways"}
			})),
		Entry("64 annotations of 65000 characters in total", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.Service.Annotations = annotationsOfSize(64, v1alpha1.MaxAnnotationChars)
			sp.Expose.Annotations = annotationsOfSize(64, v1alpha1.MaxAnnotationChars)
			sp.PodTemplate.Annotations = annotationsOfSize(64, v1alpha1.MaxAnnotationChars)
		})),
		Entry("load balancer source ranges in canonical form", spec(func(sp *v1alpha1.SFTPGoSpec) {
			sp.Service.LoadBalancerSourceRanges = []string{"203.0.113.0/24", "203.0.113.7/32", "2001:db8::/64"}
		})),
		Entry("names of 253 characters and label values of 63", spec(func(sp *v1alpha1.SFTPGoSpec) {
			long := strings.Repeat("a", 63) + "." + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 61)
			sp.AdminCredentialsSecret = credentials(long)
			sp.Storage.Data.StorageClassName = long
			sp.Storage.State.StorageClassName = long
			sp.Expose.IngressClassName = long
			sp.PodTemplate.PriorityClassName = long
			sp.PodTemplate.Labels = map[string]string{"example.com/" + strings.Repeat("k", 63): strings.Repeat("v", 63)}
			sp.PodTemplate.NodeSelector = map[string]string{"disk": strings.Repeat("v", 63)}
			sp.DataProvider.CredentialsSecret = &v1alpha1.CredentialsSecretReference{
				SecretReference: v1alpha1.SecretReference{Name: long}, UsernameKey: "db.user_name-1", PasswordKey: ".password"}
		})),
		Entry("well-formed selectors", spec(
			selector(metav1.LabelSelector{
				MatchLabels: map[string]string{"kubernetes.io/metadata.name": "ingress-nginx"},
				MatchExpressions: []metav1.LabelSelectorRequirement{
					{Key: "team", Operator: metav1.LabelSelectorOpIn, Values: []string{"a", "b"}},
					{Key: "example.com/proxy", Operator: metav1.LabelSelectorOpExists},
				},
			}),
			func(sp *v1alpha1.SFTPGoSpec) {
				sp.Security.MonitoringNamespaceSelector = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
					{Key: "monitoring", Operator: metav1.LabelSelectorOpDoesNotExist}}}
			})),
	)

	It("accepts explicitly empty optional names", func() {
		u := &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": v1alpha1.GroupVersion.String(),
			"kind":       "SFTPGo",
			"metadata":   map[string]any{"name": fmt.Sprintf("files-%d", seq.Add(1)), "namespace": namespace},
			"spec": map[string]any{
				"adminCredentialsSecret": nil,
				"dataProvider":           map[string]any{"credentialsSecret": nil},
				"expose": map[string]any{"host": "", "ingressClassName": "", "gatewayRef": map[string]any{"name": "", "namespace": ""},
					"tls": map[string]any{"certificateSecret": nil}},
				"storage": map[string]any{"data": map[string]any{"existingClaim": "", "storageClassName": ""},
					"state": map[string]any{"storageClassName": ""}},
				"podTemplate": map[string]any{"priorityClassName": "", "serviceAccountName": ""},
			},
		}}
		Expect(k8sClient.Create(ctx, u)).To(Succeed())
		Expect(k8sClient.Delete(ctx, u)).To(Succeed())
	})

	It("refuses sizes given as negative integers", func() {
		u := &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": v1alpha1.GroupVersion.String(),
			"kind":       "SFTPGo",
			"metadata":   map[string]any{"name": fmt.Sprintf("files-%d", seq.Add(1)), "namespace": namespace},
			"spec":       map[string]any{"storage": map[string]any{"data": map[string]any{"size": int64(-1)}}},
		}}
		err := k8sClient.Create(ctx, u)
		Expect(err).To(HaveOccurred())
		Expect(err.Error()).To(ContainSubstring("spec.storage.data.size must be greater than zero"))
	})

	It("refuses an explicitly empty access mode list and database Secret key", func() {
		u := &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": v1alpha1.GroupVersion.String(),
			"kind":       "SFTPGo",
			"metadata":   map[string]any{"name": fmt.Sprintf("files-%d", seq.Add(1)), "namespace": namespace},
			"spec": map[string]any{
				"storage":      map[string]any{"data": map[string]any{"accessModes": []any{}}},
				"dataProvider": map[string]any{"credentialsSecret": map[string]any{"name": "db", "usernameKey": ""}},
			},
		}}
		err := k8sClient.Create(ctx, u)
		Expect(err).To(HaveOccurred())
		Expect(err.Error()).To(And(ContainSubstring("spec.storage.data.accessModes"),
			ContainSubstring(`spec.dataProvider.credentialsSecret.usernameKey: Invalid value: "": usernameKey must be a Secret key`)))
	})
})

// largestSpec sets every field that derives a name, label or annotation to
// the longest value the API accepts, so that what the builders make of it
// can be checked against Kubernetes' limits.
func largestSpec(name string, mutate ...func(*v1alpha1.SFTPGoSpec)) *v1alpha1.SFTPGo {
	s := withName(name, func(sp *v1alpha1.SFTPGoSpec) {
		sp.Replicas = ptr.To[int32](2)
		sp.DataProvider.Driver = v1alpha1.DriverPostgreSQL
		sp.DataProvider.Host = "db.example.com"
		sp.DataProvider.CredentialsSecret = credentials("db")
		sp.Storage.Data.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteMany}
		sp.Storage.Data.Size = ptr.To(q("1"))
		sp.Service.Annotations = annotationsOfSize(64, v1alpha1.MaxAnnotationChars)
		sp.Service.LoadBalancerSourceRanges = []string{"203.0.113.0/24"}
		sp.Expose.Annotations = annotationsOfSize(64, v1alpha1.MaxAnnotationChars)
		sp.Expose.Host = strings.Repeat("a", 63) + "." + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 61)
		sp.Expose.TLS.CertificateSecret = &v1alpha1.SecretReference{Name: strings.Repeat("t", 253)}
		sp.Security.TrustedProxies = []string{"10.0.0.0/8"}
		sp.PodTemplate.Annotations = annotationsOfSize(64, v1alpha1.MaxAnnotationChars)
		sp.PodTemplate.Labels = map[string]string{"example.com/" + strings.Repeat("k", 63): strings.Repeat("v", 63)}
		sp.PodTemplate.NodeSelector = map[string]string{"disk": strings.Repeat("v", 63)}
		sp.PodTemplate.PriorityClassName = strings.Repeat("p", 253)
		sp.PodTemplate.ServiceAccountName = strings.Repeat("s", 253)
		sp.Resources.Requests = corev1.ResourceList{corev1.ResourceCPU: q("1"), corev1.ResourceMemory: q("1Gi")}
		sp.Resources.Limits = corev1.ResourceList{corev1.ResourceCPU: q("1"), corev1.ResourceMemory: q("1Gi")}
	})
	for _, m := range mutate {
		m(&s.Spec)
	}
	return s
}

// builtObjects returns every object the operator would write for s on a
// cluster with the given facts.
func builtObjects(s *v1alpha1.SFTPGo, facts platform.Facts) []client.Object {
	in := resolve.New(s, facts)
	Expect(desired.Supported(in)).To(Succeed())
	plan, err := desired.NewPlan(in, desired.Kinds, nil)
	Expect(err).NotTo(HaveOccurred())
	var objs []client.Object
	for _, b := range plan.Objects() { // the created-once Secrets too, without their generated data
		objs = append(objs, b.Object)
	}
	return objs
}

var openshift = platform.Facts{
	Platform: platform.OpenShift, RouteAPI: true, PodNetwork: []string{"10.128.0.0/14"},
	PodNetworkSource: v1alpha1.TrustedProxiesFromOpenShift,
}

var withGatewayAPI = platform.Facts{
	Platform: platform.Kubernetes, GatewayAPI: true, PodNetwork: []string{"10.244.0.0/16"},
	PodNetworkSource: v1alpha1.TrustedProxiesFromNodePodCIDRs,
}

// derivedNameErrors checks the names, labels and annotations of obj, and
// the Service names it points at, against Kubernetes' limits.
func derivedNameErrors(obj client.Object) field.ErrorList {
	var errs field.ErrorList
	path := field.NewPath(fmt.Sprintf("%T", obj), obj.GetName())
	dns1035 := func(p *field.Path, name string) {
		for _, msg := range validation.IsDNS1035Label(name) {
			errs = append(errs, field.Invalid(p, name, msg))
		}
	}
	subdomain := func(p *field.Path, name string) {
		for _, msg := range validation.IsDNS1123Subdomain(name) {
			errs = append(errs, field.Invalid(p, name, msg))
		}
	}
	if _, isService := obj.(*corev1.Service); isService {
		dns1035(path.Child("name"), obj.GetName())
	} else {
		subdomain(path.Child("name"), obj.GetName())
	}
	errs = append(errs, metav1validation.ValidateLabels(obj.GetLabels(), path.Child("labels"))...)
	switch o := obj.(type) {
	case *routev1.Route:
		dns1035(path.Child("spec", "to", "name"), o.Spec.To.Name)
		subdomain(path.Child("spec", "host"), o.Spec.Host)
	case *gatewayv1.HTTPRoute:
		for _, r := range o.Spec.Rules {
			for _, b := range r.BackendRefs {
				dns1035(path.Child("backendRef"), string(b.Name))
			}
		}
	}
	return errs
}

var _ = Describe("Names derived from the longest accepted SFTPGo", func() {
	longest := strings.Repeat("n", v1alpha1.MaxNameLength)

	It("accepts that name", func() {
		Expect(validation.IsDNS1035Label(longest)).To(BeEmpty())
	})

	DescribeTable("every object the builders make for it has valid names, labels and Service references",
		func(facts platform.Facts, mutate ...func(*v1alpha1.SFTPGoSpec)) {
			for _, obj := range builtObjects(largestSpec(longest, mutate...), facts) {
				Expect(derivedNameErrors(obj)).To(BeEmpty(), "a derived name is over a Kubernetes limit: "+
					"lower v1alpha1.MaxNameLength and the CEL rule on the SFTPGo name, or shorten the suffix")
			}
		},
		Entry("Kubernetes, Ingress with Reencrypt", kubernetes, exposeType(v1alpha1.ExposeIngress),
			func(sp *v1alpha1.SFTPGoSpec) { sp.Expose.TLS.Termination = v1alpha1.TLSReencrypt }),
		Entry("OpenShift, Route with Reencrypt", openshift, func(sp *v1alpha1.SFTPGoSpec) {
			sp.Expose.TLS.Termination = v1alpha1.TLSReencrypt
		}),
		Entry("OpenShift, Route with Passthrough", openshift, ipBindingOff, passthrough),
		Entry("Gateway API, HTTPRoute", withGatewayAPI, exposeType(v1alpha1.ExposeHTTPRoute),
			func(sp *v1alpha1.SFTPGoSpec) { sp.Expose.GatewayRef.Name = strings.Repeat("g", 253) }),
		Entry("sqlite, one replica, web not published", kubernetes, replicas(1), driver(v1alpha1.DriverSQLite),
			exposeType(v1alpha1.ExposeNone), func(sp *v1alpha1.SFTPGoSpec) {
				sp.Storage.Data.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce}
			}),
	)

	It("leaves room for the Services planned next (<name>-webdav)", func() {
		Expect(validation.IsDNS1035Label(longest + "-webdav")).To(BeEmpty())
	})

	It("the API server accepts every object built for it (server-side dry run)", func() {
		scheme := k8sruntime.NewScheme()
		Expect(clientgoscheme.AddToScheme(scheme)).To(Succeed())
		c, err := client.New(testEnv.Config, client.Options{Scheme: scheme})
		Expect(err).NotTo(HaveOccurred())
		for _, variant := range [][]func(*v1alpha1.SFTPGoSpec){
			{exposeType(v1alpha1.ExposeIngress), func(sp *v1alpha1.SFTPGoSpec) {
				sp.Expose.TLS.Termination = v1alpha1.TLSReencrypt
				sp.Expose.IngressClassName = strings.Repeat("i", 253)
			}},
			{replicas(1), driver(v1alpha1.DriverSQLite), exposeType(v1alpha1.ExposeNone), func(sp *v1alpha1.SFTPGoSpec) {
				sp.Storage.Data.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOncePod}
				sp.Storage.Data.StorageClassName = strings.Repeat("c", 253)
				sp.Storage.State.StorageClassName = strings.Repeat("c", 253)
				sp.Service.Type = v1alpha1.ServiceTypeNodePort
				sp.SFTP.Port = 65535
			}},
		} {
			s := largestSpec(longest, variant...)
			Expect(k8sClient.Create(ctx, s, client.DryRunAll)).To(Succeed(), "the SFTPGo itself is accepted")
			for _, obj := range builtObjects(s, kubernetes) {
				Expect(c.Create(ctx, obj, client.DryRunAll)).To(Succeed(), "%T %s", obj, obj.GetName())
			}
		}
	})
})
