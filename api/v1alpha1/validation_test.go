package v1alpha1_test

import (
	"encoding/json"
	"fmt"
	"sync/atomic"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/security"
)

const namespace = "default"

var seq atomic.Int64

// sftpgo returns an SFTPGo with a fresh name and the given spec changes.
func sftpgo(mutate ...func(*v1alpha1.SFTPGoSpec)) *v1alpha1.SFTPGo {
	s := &v1alpha1.SFTPGo{}
	s.Name = fmt.Sprintf("files-%d", seq.Add(1))
	s.Namespace = namespace
	for _, m := range mutate {
		m(&s.Spec)
	}
	return s
}

func ingressHost(sp *v1alpha1.SFTPGoSpec) { sp.Expose.Host = "files.example.com" }
func image(ref string) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Image = ref }
}
func exposeType(t v1alpha1.ExposeType) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Expose.Type = t }
}
func passthrough(sp *v1alpha1.SFTPGoSpec) { sp.Expose.TLS.Termination = v1alpha1.TLSPassthrough }
func webdav(sp *v1alpha1.SFTPGoSpec)      { sp.WebDAV.Enabled = ptr.To(true) }
func ftpOn(sp *v1alpha1.SFTPGoSpec) {
	sp.FTP.Enabled = ptr.To(true)
	sp.FTP.CertificateSecret = &v1alpha1.SecretReference{Name: "ftp-tls"}
}
func ftpNoCert(sp *v1alpha1.SFTPGoSpec) { sp.FTP.CertificateSecret = nil }
func etpClusterSpec(sp *v1alpha1.SFTPGoSpec) {
	sp.Service.ExternalTrafficPolicy = v1alpha1.TrafficPolicyCluster
}

func ipBindingOff(sp *v1alpha1.SFTPGoSpec) {
	sp.Security.TokenIPBinding = v1alpha1.TokenIPBindingDisabled
}
func trustedProxies(p ...string) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Security.TrustedProxies = p }
}
func proxyProtocol(mode v1alpha1.ProxyProtocolMode, sources ...string) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) {
		sp.Security.ProxyProtocol.Mode = mode
		sp.Security.ProxyProtocol.AllowedSources = sources
	}
}
func proxySourceRanges(p ...string) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Security.ProxySourceRanges = p }
}
func replicas(n int32) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Replicas = ptr.To(n) }
}
func driver(d v1alpha1.DataProviderDriver) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.DataProvider.Driver = d }
}
func gateway(name string) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Expose.GatewayRef.Name = name }
}
func readWriteMany(sp *v1alpha1.SFTPGoSpec) {
	sp.Storage.Data.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteMany}
}

// kubernetes are the facts of a plain cluster that reports its pod network,
// so that the Go engine's cluster-dependent rules stay quiet.
var kubernetes = platform.Facts{
	Platform:         platform.Kubernetes,
	PodNetwork:       []string{"10.244.0.0/16"},
	PodNetworkSource: v1alpha1.TrustedProxiesFromNodePodCIDRs,
}

// goRules are the Error rules the Go engine reports for s.
func goRules(s *v1alpha1.SFTPGo) []string {
	var ids []string
	for _, f := range security.Evaluate(resolve.New(s, kubernetes)) {
		if f.Severity == v1alpha1.SeverityError {
			ids = append(ids, f.Rule)
		}
	}
	return ids
}

var _ = Describe("CEL admission rules", func() {
	DescribeTable("refuse a violating SFTPGo with the rule ID, as the Go engine does",
		func(rule string, mutate ...func(*v1alpha1.SFTPGoSpec)) {
			s := sftpgo(mutate...)
			err := k8sClient.Create(ctx, s)
			Expect(err).To(HaveOccurred(), "the API server accepted a spec that breaks %s", rule)
			Expect(apierrors.IsInvalid(err)).To(BeTrue(), "want an Invalid error, got %v", err)
			Expect(err.Error()).To(ContainSubstring(rule + ": "))
			Expect(goRules(s)).To(ContainElement(rule), "the Go engine must agree with the CEL rule")
		},
		Entry("SEC001 catch-all IPv4 trusted proxy", "SEC001", trustedProxies("10.0.0.0/8", "0.0.0.0/0")),
		Entry("SEC001 catch-all IPv6 trusted proxy", "SEC001", trustedProxies("::/0")),
		Entry("SEC001 malformed trusted proxy", "SEC001", trustedProxies("10.0.0.0/33")),
		Entry("SEC001 hostname as trusted proxy", "SEC001", trustedProxies("router.example.com")),
		Entry("SEC001 IPv4-mapped IPv6 trusted proxy", "SEC001", trustedProxies("::ffff:10.0.0.1")),
		Entry("SEC001 catch-all PROXY source", "SEC001", proxyProtocol(v1alpha1.ProxyProtocolOptional, "0.0.0.0/0")),
		Entry("SEC001 malformed PROXY source", "SEC001", proxyProtocol(v1alpha1.ProxyProtocolRequired, "10.0.0.1", "nope")),
		Entry("SEC010 catch-all proxy source range", "SEC010", proxySourceRanges("192.168.1.0/24", "::/0")),
		Entry("SEC010 malformed proxy source range", "SEC010", proxySourceRanges("nodes.example.com")),
		Entry("SEC003 Ingress passthrough with IP binding", "SEC003", exposeType(v1alpha1.ExposeIngress), ingressHost, passthrough),
		Entry("SEC003 Route passthrough with IP binding", "SEC003", exposeType(v1alpha1.ExposeRoute), passthrough),
		Entry("SEC003 HTTPRoute passthrough with IP binding", "SEC003", exposeType(v1alpha1.ExposeHTTPRoute), passthrough),
		Entry("SEC003 Auto with host, passthrough with IP binding", "SEC003", ingressHost, passthrough),
		Entry("SEC004 two replicas on sqlite", "SEC004", replicas(2), readWriteMany),
		Entry("SEC005 Required PROXY protocol without sources", "SEC005", proxyProtocol(v1alpha1.ProxyProtocolRequired)),
		Entry("SEC008 distroless image on the default sqlite", "SEC008", image("ghcr.io/drakkan/sftpgo:v2.7.5-distroless-slim")),
		Entry("SEC008 mirrored distroless image, sqlite named", "SEC008", image("registry.example.com:5000/mirror/sftpgo:distroless"), driver(v1alpha1.DriverSQLite)),
		Entry("SEC007 two replicas on the default ReadWriteOnce volume", "SEC007", replicas(2), driver(v1alpha1.DriverPostgreSQL)),
		Entry("SEC007 two replicas on ReadWriteOncePod", "SEC007", replicas(2), driver(v1alpha1.DriverMySQL), func(sp *v1alpha1.SFTPGoSpec) {
			sp.Storage.Data.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOncePod}
		}),
		Entry("SEC011 HTTPRoute without a Gateway", "SEC011", exposeType(v1alpha1.ExposeHTTPRoute), ingressHost),
		Entry("SEC011 HTTPRoute with a Gateway namespace only", "SEC011", exposeType(v1alpha1.ExposeHTTPRoute), func(sp *v1alpha1.SFTPGoSpec) {
			sp.Expose.GatewayRef.Namespace = "gateways"
		}),
		Entry("SEC012 WebDAV on an Ingress with passthrough", "SEC012", exposeType(v1alpha1.ExposeIngress), ingressHost, passthrough, ipBindingOff, webdav),
		Entry("SEC012 WebDAV on a Route with passthrough", "SEC012", exposeType(v1alpha1.ExposeRoute), passthrough, ipBindingOff, webdav),
		Entry("SEC012 WebDAV, Auto with host, passthrough", "SEC012", ingressHost, passthrough, ipBindingOff, webdav),
		Entry("SEC013 FTP, TLS Required, no certificate", "SEC013", ftpOn, ftpNoCert),
		Entry("SEC013 FTP, TLS Implicit, no certificate", "SEC013", ftpOn, ftpNoCert, func(sp *v1alpha1.SFTPGoSpec) { sp.FTP.TLS = v1alpha1.FTPTLSImplicit }),
		Entry("SEC014 FTP, ETP Cluster, no PROXY protocol", "SEC014", ftpOn, etpClusterSpec),
	)

	DescribeTable("accept a near miss",
		func(rule string, mutate ...func(*v1alpha1.SFTPGoSpec)) {
			s := sftpgo(mutate...)
			Expect(k8sClient.Create(ctx, s)).To(Succeed(), "near miss of %s", rule)
			Expect(goRules(s)).NotTo(ContainElement(rule), "the Go engine must agree with the CEL rule")
			Expect(k8sClient.Delete(ctx, s)).To(Succeed())
		},
		Entry("SEC001 narrow CIDRs and plain IPs", "SEC001",
			trustedProxies("10.0.0.0/8", "192.168.1.10", "fd00::/8", "10.1.2.3/16", "2001:db8::1"),
			proxyProtocol(v1alpha1.ProxyProtocolRequired, "10.0.0.5", "172.20.0.0/16")),
		Entry("SEC010 narrow ranges and plain IPs", "SEC010", proxySourceRanges("192.168.1.0/24", "172.31.0.7", "2001:db8::/64")),
		Entry("SEC003 passthrough with IP binding off", "SEC003", exposeType(v1alpha1.ExposeIngress), ingressHost, passthrough, ipBindingOff),
		Entry("SEC003 passthrough, Auto without host (not published on Kubernetes)", "SEC003", passthrough),
		Entry("SEC003 passthrough, not published", "SEC003", exposeType(v1alpha1.ExposeNone), ingressHost, passthrough),
		Entry("SEC003 Ingress with Edge", "SEC003", exposeType(v1alpha1.ExposeIngress), ingressHost),
		Entry("SEC004 two replicas on postgresql", "SEC004", replicas(2), driver(v1alpha1.DriverPostgreSQL), readWriteMany),
		Entry("SEC004 one replica on sqlite", "SEC004", replicas(1)),
		Entry("SEC005 Required with sources", "SEC005", proxyProtocol(v1alpha1.ProxyProtocolRequired, "10.0.0.0/24")),
		Entry("SEC005 Optional without sources", "SEC005", proxyProtocol(v1alpha1.ProxyProtocolOptional)),
		Entry("SEC008 distroless image on postgresql", "SEC008", image("ghcr.io/drakkan/sftpgo:v2.7.5-distroless-slim"), driver(v1alpha1.DriverPostgreSQL)),
		Entry("SEC008 slim and alpine images keep SQLite", "SEC008", image("docker.io/drakkan/sftpgo:v2.7-alpine-slim")),
		Entry("SEC008 an image pinned by digest only", "SEC008", image("ghcr.io/drakkan/sftpgo@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")),
		Entry("SEC008 another product's distroless image", "SEC008", image("example.com/files/other:distroless")),
		Entry("SEC007 two replicas on ReadWriteMany", "SEC007", replicas(2), driver(v1alpha1.DriverCockroachDB), readWriteMany),
		Entry("SEC007 two replicas on an existing claim", "SEC007", replicas(2), driver(v1alpha1.DriverPostgreSQL), func(sp *v1alpha1.SFTPGoSpec) {
			sp.Storage.Data.ExistingClaim = "shared-files"
		}),
		Entry("SEC007 two replicas without a data volume", "SEC007", replicas(2), driver(v1alpha1.DriverPostgreSQL), func(sp *v1alpha1.SFTPGoSpec) {
			sp.Storage.Data.Enabled = ptr.To(false)
		}),
		Entry("SEC011 HTTPRoute with a Gateway", "SEC011", exposeType(v1alpha1.ExposeHTTPRoute), ingressHost, gateway("public")),
		Entry("SEC011 a Gateway named, type Ingress", "SEC011", exposeType(v1alpha1.ExposeIngress), ingressHost),
		Entry("SEC011 no Gateway, type Auto", "SEC011", ingressHost),
		Entry("SEC012 WebDAV with Reencrypt", "SEC012", exposeType(v1alpha1.ExposeIngress), ingressHost, webdav, func(sp *v1alpha1.SFTPGoSpec) {
			sp.Expose.TLS.Termination = v1alpha1.TLSReencrypt
		}),
		Entry("SEC012 passthrough without WebDAV", "SEC012", exposeType(v1alpha1.ExposeIngress), ingressHost, passthrough, ipBindingOff),
		Entry("SEC012 WebDAV, passthrough, not published", "SEC012", exposeType(v1alpha1.ExposeNone), ingressHost, passthrough, webdav),
		Entry("SEC013 plain FTP", "SEC013", ftpOn, ftpNoCert, func(sp *v1alpha1.SFTPGoSpec) { sp.FTP.TLS = v1alpha1.FTPTLSDisabled }),
		Entry("SEC013 FTP off without certificate", "SEC013", ftpNoCert),
		Entry("SEC014 FTP, ETP Cluster with PROXY protocol", "SEC014", ftpOn, etpClusterSpec, proxyProtocol(v1alpha1.ProxyProtocolOptional, "10.0.0.0/8")),
		Entry("SEC014 FTP, ClusterIP", "SEC014", ftpOn, etpClusterSpec, func(sp *v1alpha1.SFTPGoSpec) { sp.Service.Type = v1alpha1.ServiceTypeClusterIP }),
	)

	DescribeTable("refuse FTP settings SFTPGo or the Service cannot take, with a clear message",
		func(msg string, mutate ...func(*v1alpha1.SFTPGoSpec)) {
			err := k8sClient.Create(ctx, sftpgo(append([]func(*v1alpha1.SFTPGoSpec){ftpOn}, mutate...)...))
			Expect(err).To(HaveOccurred())
			Expect(err.Error()).To(ContainSubstring(msg))
		},
		Entry("more than 64 passive ports", "passivePorts.count may be at most 64", func(sp *v1alpha1.SFTPGoSpec) { sp.FTP.PassivePorts.Count = 65 }),
		Entry("one passive port", "should be greater than or equal to 2", func(sp *v1alpha1.SFTPGoSpec) { sp.FTP.PassivePorts.Count = 1 }),
		Entry("past 65535", "start + count - 1 must be at most 65535", func(sp *v1alpha1.SFTPGoSpec) { sp.FTP.PassivePorts.Start = 65530 }),
		Entry("below 1024", "should be greater than or equal to 1024", func(sp *v1alpha1.SFTPGoSpec) { sp.FTP.PassivePorts.Start = 990 }),
		Entry("over SFTPGo's own ports", "must not include the ports SFTPGo listens on", func(sp *v1alpha1.SFTPGoSpec) { sp.FTP.PassivePorts.Start = 2010 }),
		Entry("FTP port on the SFTP port", "must all differ", func(sp *v1alpha1.SFTPGoSpec) { sp.FTP.Port = 22 }),
		Entry("IPv6 passive address", "must be an IPv4 address or a DNS name", func(sp *v1alpha1.SFTPGoSpec) { sp.FTP.PassiveAddress = "2001:db8::1" }),
		Entry("URL as passive address", "must be an IPv4 address or a DNS name", func(sp *v1alpha1.SFTPGoSpec) { sp.FTP.PassiveAddress = "ftp://x" }),
	)

	It("accepts an IPv4 or DNS passive address", func() {
		for _, a := range []string{"203.0.113.10", "ftp.example.com"} {
			Expect(k8sClient.Create(ctx, sftpgo(ftpOn, func(sp *v1alpha1.SFTPGoSpec) { sp.FTP.PassiveAddress = a }))).To(Succeed())
		}
	})

	It("names the Gateway field in the SEC011 message", func() {
		err := k8sClient.Create(ctx, sftpgo(exposeType(v1alpha1.ExposeHTTPRoute)))
		Expect(err).To(HaveOccurred())
		Expect(err.Error()).To(And(ContainSubstring("spec.expose.gatewayRef: Required value"),
			ContainSubstring("SEC011: spec.expose.type HTTPRoute needs the Gateway"),
			ContainSubstring("set spec.expose.gatewayRef.name")))
	})

	It("names the offending entries in SEC001 messages", func() {
		err := k8sClient.Create(ctx, sftpgo(trustedProxies("10.0.0.0/8", "::/0", "bogus")))
		Expect(err).To(HaveOccurred())
		Expect(err.Error()).To(And(ContainSubstring("SEC001: catch-all trusted proxy ::/0"),
			ContainSubstring("SEC001: not a valid IP or CIDR: bogus")))
	})

	It("treats an explicitly empty existingClaim as no claim (SEC007)", func() {
		u := &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": v1alpha1.GroupVersion.String(),
			"kind":       "SFTPGo",
			"metadata":   map[string]any{"name": fmt.Sprintf("files-%d", seq.Add(1)), "namespace": namespace},
			"spec": map[string]any{
				"replicas":     int64(2),
				"dataProvider": map[string]any{"driver": "postgresql"},
				"storage":      map[string]any{"data": map[string]any{"existingClaim": ""}},
			},
		}}
		err := k8sClient.Create(ctx, u)
		Expect(err).To(HaveOccurred())
		Expect(err.Error()).To(ContainSubstring("SEC007: "))
	})

	It("checks the rules on update too", func() {
		s := sftpgo()
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		s.Spec.Replicas = ptr.To[int32](3)
		err := k8sClient.Update(ctx, s)
		Expect(err).To(HaveOccurred())
		Expect(err.Error()).To(And(ContainSubstring("SEC004: "), ContainSubstring("SEC007: ")))
		Expect(k8sClient.Delete(ctx, s)).To(Succeed())
	})
})

var _ = Describe("CRD defaults", func() {
	want := func() v1alpha1.SFTPGoSpec {
		d := &v1alpha1.SFTPGo{}
		d.Default()
		return d.Spec
	}

	expectSameSpec := func(got v1alpha1.SFTPGoSpec) {
		w := want()
		if !equality.Semantic.DeepEqual(got, w) {
			g, _ := json.MarshalIndent(got, "", "  ")
			e, _ := json.MarshalIndent(w, "", "  ")
			Fail(fmt.Sprintf("the CRD defaults and (*SFTPGo).Default differ: fix api/v1alpha1/defaults.go or the markers\nAPI server:\n%s\nDefault():\n%s", g, e))
		}
	}

	It("give an SFTPGo created from an empty Go spec what Default() gives", func() {
		s := sftpgo()
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		got := &v1alpha1.SFTPGo{}
		Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), got)).To(Succeed())
		expectSameSpec(got.Spec)
		Expect(k8sClient.Delete(ctx, got)).To(Succeed())
	})

	It("give an SFTPGo applied with `spec: {}` what Default() gives", func() {
		u := &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": v1alpha1.GroupVersion.String(),
			"kind":       "SFTPGo",
			"metadata":   map[string]any{"name": fmt.Sprintf("files-%d", seq.Add(1)), "namespace": namespace},
			"spec":       map[string]any{},
		}}
		Expect(k8sClient.Create(ctx, u)).To(Succeed())
		got := &v1alpha1.SFTPGo{}
		Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(u), got)).To(Succeed())
		expectSameSpec(got.Spec)
		Expect(k8sClient.Delete(ctx, got)).To(Succeed())
	})
})

var _ = Describe("API shapes", func() {
	// create writes spec as given, so that values the Go types cannot
	// carry (an empty enum value, an old field shape) reach the API server.
	create := func(spec map[string]any) error {
		return k8sClient.Create(ctx, &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": v1alpha1.GroupVersion.String(),
			"kind":       "SFTPGo",
			"metadata":   map[string]any{"name": fmt.Sprintf("files-%d", seq.Add(1)), "namespace": namespace},
			"spec":       spec,
		}})
	}

	DescribeTable("refuse a value outside an enum or of the old shape, naming what is taken",
		func(spec map[string]any, want ...string) {
			err := create(spec)
			Expect(err).To(HaveOccurred(), "the API server accepted it")
			Expect(apierrors.IsInvalid(err)).To(BeTrue(), "want an Invalid error, got %v", err)
			for _, w := range want {
				Expect(err.Error()).To(ContainSubstring(w))
			}
		},
		Entry("an empty sslMode", map[string]any{"dataProvider": map[string]any{"driver": "postgresql", "sslMode": ""}},
			`spec.dataProvider.sslMode: Unsupported value: ""`,
			`"disable", "require", "verify-ca", "verify-full", "prefer", "allow"`),
		Entry("an sslMode SFTPGo does not know", map[string]any{"dataProvider": map[string]any{"driver": "postgresql", "sslMode": "verify"}},
			`spec.dataProvider.sslMode: Unsupported value: "verify"`, `"verify-full"`),
		Entry("a retention policy that is not Retain or Delete", map[string]any{"storage": map[string]any{"retentionPolicy": "Orphan"}},
			`spec.storage.retentionPolicy: Unsupported value: "Orphan"`, `"Retain", "Delete"`),
		Entry("an empty retention policy", map[string]any{"storage": map[string]any{"retentionPolicy": ""}},
			`spec.storage.retentionPolicy: Unsupported value: ""`, `"Retain", "Delete"`),
		Entry("networkPolicy in the Enabled|Disabled form", map[string]any{"security": map[string]any{"networkPolicy": "Disabled"}},
			"spec.security.networkPolicy", "must be of type object"),
		Entry("networkPolicy.enabled that is not a boolean", map[string]any{"security": map[string]any{"networkPolicy": map[string]any{"enabled": "false"}}},
			"spec.security.networkPolicy.enabled", "must be of type boolean"),
		Entry("web.admin as a boolean (now an object)", map[string]any{"web": map[string]any{"admin": false}},
			"spec.web.admin", "must be of type object"),
		Entry("adminCredentialsSecret as a Secret name (now an object)", map[string]any{"adminCredentialsSecret": "admin"},
			"spec.adminCredentialsSecret", "must be of type object"),
		Entry("adminCredentialsSecret without a name", map[string]any{"adminCredentialsSecret": map[string]any{"usernameKey": "user"}},
			"spec.adminCredentialsSecret.name: Required value"),
		Entry("a credentials Secret without a name", map[string]any{"dataProvider": map[string]any{"credentialsSecret": map[string]any{}}},
			"spec.dataProvider.credentialsSecret.name: Required value"),
		Entry("a certificate Secret without a name", map[string]any{"expose": map[string]any{"tls": map[string]any{"certificateSecret": map[string]any{}}}},
			"spec.expose.tls.certificateSecret.name: Required value"),
	)

	It("defaults the keys of a named credentials Secret", func() {
		s := sftpgo(func(sp *v1alpha1.SFTPGoSpec) {
			sp.AdminCredentialsSecret = &v1alpha1.CredentialsSecretReference{SecretReference: v1alpha1.SecretReference{Name: "admin"}}
			sp.DataProvider.Driver = v1alpha1.DriverPostgreSQL
			sp.DataProvider.CredentialsSecret = &v1alpha1.CredentialsSecretReference{
				SecretReference: v1alpha1.SecretReference{Name: "db"}, PasswordKey: "secret"}
		})
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		got := &v1alpha1.SFTPGo{}
		Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), got)).To(Succeed())
		Expect(*got.Spec.AdminCredentialsSecret).To(Equal(v1alpha1.CredentialsSecretReference{
			SecretReference: v1alpha1.SecretReference{Name: "admin"}, UsernameKey: "username", PasswordKey: "password"}))
		Expect(*got.Spec.DataProvider.CredentialsSecret).To(Equal(v1alpha1.CredentialsSecretReference{
			SecretReference: v1alpha1.SecretReference{Name: "db"}, UsernameKey: "username", PasswordKey: "secret"}))
		Expect(got.Spec.DataProvider.SSLMode).To(Equal(v1alpha1.SSLModeDisable))
		Expect(got.Spec.Storage.RetentionPolicy).To(Equal(v1alpha1.RetentionPolicyRetain))
		Expect(got.Spec.Security.NetworkPolicy.Enabled).To(Equal(ptr.To(true)))
		Expect(got.Spec.Expose.TLS.CertificateSecret).To(BeNil())
		want := s.DeepCopy()
		want.Default()
		Expect(equality.Semantic.DeepEqual(got.Spec, want.Spec)).To(BeTrue(), "the CRD defaults and (*SFTPGo).Default differ")
		Expect(k8sClient.Delete(ctx, got)).To(Succeed())
	})
})
