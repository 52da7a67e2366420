package controllers_test

import (
	"sync/atomic"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	configv1 "github.com/openshift/api/config/v1"
	routev1 "github.com/openshift/api/route/v1"
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manager"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/testenv"
)

// An OpenShift-flavoured control plane: the Route and cluster Network CRDs
// of github.com/openshift/api (and Gateway API's HTTPRoute, and the
// prometheus-operator's CRDs, which OpenShift's monitoring serves) are installed,
// so discovery finds OpenShift. The specs run against it by swapping the
// suite's client and operator for its own, then swapping them back.
var _ = Describe("On OpenShift", Ordered, func() {
	var (
		env                  *envtest.Environment
		kubeClient, kubeOnly client.Client
		kubeOperator         *runningManager
		ns                   string
	)
	BeforeAll(func() {
		kubeClient, kubeOperator = k8sClient, operator
		kubeOnly = kubeClient
		var err error
		env, err = testenv.New("test/crds/openshift", "test/crds/gateway-api", "test/crds/monitoring")
		Expect(err).NotTo(HaveOccurred())
		ocpCfg, err := env.Start()
		Expect(err).NotTo(HaveOccurred())
		ocpClient, err := client.New(ocpCfg, client.Options{Scheme: manager.NewScheme()})
		Expect(err).NotTo(HaveOccurred())

		// The Network CRD has no status subresource: status is written with the object.
		network := &configv1.Network{ObjectMeta: metav1.ObjectMeta{Name: "cluster"},
			Status: configv1.NetworkStatus{ClusterNetwork: []configv1.ClusterNetworkEntry{{CIDR: "10.128.0.0/14", HostPrefix: 23}}}}
		Expect(ocpClient.Create(ctx, network)).To(Succeed())

		k8sClient, operator = ocpClient, startManager(ocpCfg)
	})
	AfterAll(func() {
		if operator != kubeOperator {
			operator.stop()
		}
		k8sClient, operator = kubeClient, kubeOperator
		if env != nil {
			Expect(env.Stop()).To(Succeed())
		}
	})
	BeforeEach(func() { ns = newNamespace() })

	It("publishes through a Route that fits SFTPGo's client IP settings, trusting the cluster network", func() {
		s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: ns},
			Spec: v1alpha1.SFTPGoSpec{Expose: v1alpha1.ExposeSpec{Host: "files.apps.example.com"}}}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)

		route := get(&routev1.Route{}, ns, "files")
		Expect(route.Annotations).To(HaveKeyWithValue("haproxy.router.openshift.io/set-forwarded-headers", "replace"))
		Expect(route.Spec.Host).To(Equal("files.apps.example.com"))
		Expect(route.Spec.To.Name).To(Equal("files-web"))
		Expect(route.Spec.TLS.Termination).To(Equal(routev1.TLSTerminationEdge))
		Expect(route.Spec.TLS.InsecureEdgeTerminationPolicy).To(Equal(routev1.InsecureEdgeTerminationPolicyRedirect))
		Expect(k8sClient.Get(ctx, key(ns, "files"), &networkingv1.Ingress{})).To(Satisfy(apierrors.IsNotFound))

		var got v1alpha1.SFTPGo
		Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), &got)).To(Succeed())
		Expect(got.Status.TrustedProxies).To(Equal(v1alpha1.TrustedProxiesStatus{
			CIDRs: []string{"10.128.0.0/14"}, Source: v1alpha1.TrustedProxiesFromOpenShift}))
		b := path(renderedConfig(ns, "files"), "httpd", "bindings", 0).(map[string]any)
		Expect(b["proxy_allowed"]).To(Equal([]any{"10.128.0.0/14"}))
		Expect(b["client_ip_header_depth"]).To(BeEquivalentTo(0))
		Expect(path(b, "security", "enabled")).To(Equal(true))

		np := get(&networkingv1.NetworkPolicy{}, ns, "files")
		Expect(np.Spec.Ingress[1].From[1].NamespaceSelector.MatchExpressions[0].Key).
			To(Equal("policy-group.network.openshift.io/ingress"))
	})

	It("monitors by default: PodMonitor, PrometheusRule, dashboard, telemetry open to OpenShift's monitoring; all pruned when turned off", func() {
		s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: ns}}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		pm := get(&monitoringv1.PodMonitor{}, ns, "files")
		Expect(isControlledBy(pm, s)).To(BeTrue())
		Expect(pm.Spec.PodMetricsEndpoints).To(HaveLen(1))
		Expect(*pm.Spec.PodMetricsEndpoints[0].Port).To(Equal("telemetry"))
		Expect(pm.Spec.Selector.MatchLabels).To(HaveKeyWithValue("app.kubernetes.io/instance", "files"))
		rule := get(&monitoringv1.PrometheusRule{}, ns, "files")
		Expect(rule.Spec.Groups[0].Rules).To(ContainElement(HaveField("Alert", "SFTPGoDown")))
		dashboard := get(&corev1.ConfigMap{}, ns, "files-dashboard")
		Expect(dashboard.Labels).To(HaveKeyWithValue("grafana_dashboard", "1"))
		Expect(condition(s, v1alpha1.ConditionMonitoring)).To(HaveField("Reason", v1alpha1.ReasonMonitored))

		// Nothing changed, nothing written: the monitoring objects compare
		// equal to what the API server stored (CRD defaults included).
		var writes atomic.Int32
		_, err := reconcilerCountingWritesOn(&writes,
			platform.Facts{Platform: platform.OpenShift, RouteAPI: true, GatewayAPI: true, MonitoringAPI: true}).Reconcile(ctx, ctrl.Request{NamespacedName: key(ns, "files")})
		Expect(err).NotTo(HaveOccurred())
		Expect(writes.Load()).To(BeZero())

		np := get(&networkingv1.NetworkPolicy{}, ns, "files")
		telemetry := np.Spec.Ingress[len(np.Spec.Ingress)-1]
		Expect(telemetry.Ports[0].Port.IntValue()).To(Equal(10000))
		Expect(telemetry.From[0].NamespaceSelector.MatchExpressions[0].Values).
			To(Equal([]string{"openshift-monitoring", "openshift-user-workload-monitoring"}))

		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Monitoring.Enabled = ptr.To(false) })
		Eventually(func() error { return k8sClient.Get(ctx, key(ns, "files"), &monitoringv1.PodMonitor{}) }).Should(Satisfy(apierrors.IsNotFound))
		Eventually(func() error { return k8sClient.Get(ctx, key(ns, "files"), &monitoringv1.PrometheusRule{}) }).Should(Satisfy(apierrors.IsNotFound))
		Eventually(func() error { return k8sClient.Get(ctx, key(ns, "files-dashboard"), &corev1.ConfigMap{}) }).Should(Satisfy(apierrors.IsNotFound))
		converged(s)
		Expect(condition(s, v1alpha1.ConditionMonitoring)).To(BeNil())
	})

	It("runs pods without fixed UIDs, for the restricted-v2 SCC", func() {
		s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: ns}}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		pod := get(&appsv1.Deployment{}, ns, "files").Spec.Template.Spec
		Expect(pod.SecurityContext.RunAsUser).To(BeNil())
		Expect(pod.SecurityContext.RunAsGroup).To(BeNil())
		Expect(pod.SecurityContext.FSGroup).To(BeNil())
		Expect(*pod.SecurityContext.RunAsNonRoot).To(BeTrue())
	})

	It("wires Reencrypt: service CA certificate, HTTPS in SFTPGo, a reencrypt Route", func() {
		s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: ns},
			Spec: v1alpha1.SFTPGoSpec{Expose: v1alpha1.ExposeSpec{
				TLS: v1alpha1.ExposeTLS{Termination: v1alpha1.TLSReencrypt}}}}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		Expect(get(&routev1.Route{}, ns, "files").Spec.TLS.Termination).To(Equal(routev1.TLSTerminationReencrypt))
		web := get(&corev1.Service{}, ns, "files-web")
		Expect(web.Annotations).To(HaveKeyWithValue("service.beta.openshift.io/serving-cert-secret-name", "files-web-tls"))
		b := path(renderedConfig(ns, "files"), "httpd", "bindings", 0).(map[string]any)
		Expect(b["enable_https"]).To(Equal(true))
		Expect(b["certificate_file"]).To(Equal("/etc/sftpgo/web-tls/tls.crt"))
		pod := get(&appsv1.Deployment{}, ns, "files").Spec.Template.Spec
		Expect(pod.Volumes).To(ContainElement(HaveField("Secret.SecretName", "files-web-tls")))
	})

	It("publishes WebDAV through a second Route at /dav of the same host, and prunes it when disabled", func() {
		s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: ns},
			Spec: v1alpha1.SFTPGoSpec{
				WebDAV: v1alpha1.WebDAVSpec{Enabled: ptr.To(true)},
				Expose: v1alpha1.ExposeSpec{Host: "files.apps.example.com"}}}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		web := get(&routev1.Route{}, ns, "files")
		dav := get(&routev1.Route{}, ns, "files-webdav")
		Expect(dav.Spec.Host).To(Equal(web.Spec.Host))
		Expect(dav.Spec.Path).To(Equal("/dav"))
		Expect(dav.Spec.To.Name).To(Equal("files-web"))
		Expect(dav.Spec.Port.TargetPort.StrVal).To(Equal("webdav"))
		Expect(dav.Spec.TLS.Termination).To(Equal(routev1.TLSTerminationEdge))
		Expect(dav.Labels).To(HaveKeyWithValue("app.kubernetes.io/component", "webdav"))
		Expect(dav.Annotations).To(HaveKeyWithValue("haproxy.router.openshift.io/set-forwarded-headers", "replace"))
		b := path(renderedConfig(ns, "files"), "webdavd", "bindings", 0).(map[string]any)
		Expect(b["proxy_allowed"]).To(Equal([]any{"10.128.0.0/14"}))
		Expect(b["prefix"]).To(Equal("/dav"))
		Eventually(func(g Gomega) {
			var got v1alpha1.SFTPGo
			g.Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), &got)).To(Succeed())
			g.Expect(got.Status.Endpoints.WebDAV).To(Equal("https://files.apps.example.com/dav/"))
		}).Should(Succeed())

		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.WebDAV.Enabled = ptr.To(false) })
		Eventually(func() error {
			return k8sClient.Get(ctx, key(ns, "files-webdav"), &routev1.Route{})
		}).Should(Satisfy(apierrors.IsNotFound))
		Expect(k8sClient.Get(ctx, key(ns, "files"), &routev1.Route{})).To(Succeed())
	})

	It("adds a /dav rule to the HTTPRoute", func() {
		s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: ns},
			Spec: v1alpha1.SFTPGoSpec{
				WebDAV: v1alpha1.WebDAVSpec{Enabled: ptr.To(true)},
				Expose: v1alpha1.ExposeSpec{Type: v1alpha1.ExposeHTTPRoute, Host: "files.example.com",
					GatewayRef: v1alpha1.GatewayRef{Name: "public"}}}}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		route := get(&gatewayv1.HTTPRoute{}, ns, "files")
		Expect(route.Spec.Rules).To(HaveLen(2))
		Expect(*route.Spec.Rules[1].Matches[0].Path.Value).To(Equal("/dav"))
		Expect(*route.Spec.Rules[1].BackendRefs[0].Port).To(Equal(int32(8090)))
		Expect(k8sClient.Get(ctx, key(ns, "files-webdav"), &routev1.Route{})).To(Satisfy(apierrors.IsNotFound))
	})

	It("replaces the Route by an Ingress when the expose type changes", func() {
		s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: ns},
			Spec: v1alpha1.SFTPGoSpec{Expose: v1alpha1.ExposeSpec{Host: "files.apps.example.com"}}}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		get(&routev1.Route{}, ns, "files")
		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Expose.Type = v1alpha1.ExposeIngress })
		get(&networkingv1.Ingress{}, ns, "files")
		Eventually(func() error {
			return k8sClient.Get(ctx, key(ns, "files"), &routev1.Route{})
		}).Should(Satisfy(apierrors.IsNotFound))
	})

	It("attaches an HTTPRoute to the named Gateway", func() {
		s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: ns},
			Spec: v1alpha1.SFTPGoSpec{Expose: v1alpha1.ExposeSpec{
				Type: v1alpha1.ExposeHTTPRoute, Host: "files.example.com",
				GatewayRef: v1alpha1.GatewayRef{Name: "public", Namespace: "gateways"}}}}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		route := get(&gatewayv1.HTTPRoute{}, ns, "files")
		Expect(route.Spec.ParentRefs).To(HaveLen(1))
		Expect(string(route.Spec.ParentRefs[0].Name)).To(Equal("public"))
		Expect(string(*route.Spec.ParentRefs[0].Namespace)).To(Equal("gateways"))
		Expect(route.Spec.Hostnames).To(ConsistOf(gatewayv1.Hostname("files.example.com")))
		Expect(string(route.Spec.Rules[0].BackendRefs[0].Name)).To(Equal("files-web"))
		Expect(k8sClient.Get(ctx, key(ns, "files"), &routev1.Route{})).To(Satisfy(apierrors.IsNotFound))
	})

	It("tells the admin when a Kubernetes cluster cannot serve a Route", func() {
		s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: ns},
			Spec: v1alpha1.SFTPGoSpec{Expose: v1alpha1.ExposeSpec{Type: v1alpha1.ExposeRoute}}}
		// on the plain Kubernetes control plane of the suite
		Expect(kubeOnly.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}})).To(Succeed())
		Expect(kubeOnly.Create(ctx, s)).To(Succeed())
		Eventually(func(g Gomega) {
			var got v1alpha1.SFTPGo
			g.Expect(kubeOnly.Get(ctx, client.ObjectKeyFromObject(s), &got)).To(Succeed())
			ready := meta.FindStatusCondition(got.Status.Conditions, v1alpha1.ConditionReady)
			g.Expect(ready).NotTo(BeNil())
			g.Expect(ready.Reason).To(Equal("RouteAPIUnavailable"))
			g.Expect(ready.Message).To(ContainSubstring("set spec.expose.type to Ingress"))
		}).Should(Succeed())
	})
})
