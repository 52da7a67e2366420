package render

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/yaml"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/desired"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/security"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

// Enum values the fuzzer picks from by index. "" lets defaulting choose;
// the last entry of each is outside the CRD enum, which the API server would
// refuse but the pure code must survive.
var (
	fuzzExposeTypes   = []v1alpha1.ExposeType{"", v1alpha1.ExposeAuto, v1alpha1.ExposeIngress, v1alpha1.ExposeRoute, v1alpha1.ExposeHTTPRoute, v1alpha1.ExposeNone, "ingress"}
	fuzzTerminations  = []v1alpha1.TLSTermination{"", v1alpha1.TLSEdge, v1alpha1.TLSReencrypt, v1alpha1.TLSPassthrough, v1alpha1.TLSNone, "edge"}
	fuzzDrivers       = []v1alpha1.DataProviderDriver{"", v1alpha1.DriverSQLite, v1alpha1.DriverPostgreSQL, v1alpha1.DriverMySQL, v1alpha1.DriverCockroachDB, "bolt"}
	fuzzIPBindings    = []v1alpha1.TokenIPBinding{"", v1alpha1.TokenIPBindingEnforced, v1alpha1.TokenIPBindingDisabled, "Off"}
	fuzzProxyModes    = []v1alpha1.ProxyProtocolMode{"", v1alpha1.ProxyProtocolDisabled, v1alpha1.ProxyProtocolOptional, v1alpha1.ProxyProtocolRequired, "On"}
	fuzzServiceTypes  = []v1alpha1.ServiceType{"", v1alpha1.ServiceTypeLoadBalancer, v1alpha1.ServiceTypeNodePort, v1alpha1.ServiceTypeClusterIP}
	fuzzNetworkPolicy = []*bool{nil, ptr.To(true), ptr.To(false)}
)

func pick[T any](values []T, i uint8) T { return values[int(i)%len(values)] }

// list splits a comma-separated fuzz string into entries; "" is no entry.
func list(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// FuzzRenderAndEvaluate builds specs from fuzzed inputs and checks, on each:
// nothing panics; sftpgoconfig.Render fails only for a spec.config that is not
// a JSON object, and otherwise returns valid JSON, the same twice; without an Error finding,
// neither httpd.bindings[0].proxy_allowed nor common.proxy_allowed holds a
// catch-all; desired.Objects fails exactly when Render does; and the render
// command agrees (exit 1 exactly on an Error finding).
//
// Run it longer with:
//
//	go test ./internal/render -run '^$' -fuzz FuzzRenderAndEvaluate -fuzztime 5m
func FuzzRenderAndEvaluate(f *testing.F) {
	type seed struct {
		trusted, sources, host, podCIDRs                                                  string
		exposeType, termination, driver, ipBinding, proxyMode, serviceType, networkPolicy uint8
		replicas                                                                          int32
		config                                                                            []byte
		openshift, sftpEnabled                                                            bool
	}
	add := func(s seed) {
		f.Add(s.trusted, s.sources, s.host, s.podCIDRs, s.exposeType, s.termination, s.driver, s.ipBinding,
			s.proxyMode, s.serviceType, s.networkPolicy, s.replicas, s.config, s.openshift, s.sftpEnabled)
	}
	// config/samples/sftpgo_v1alpha1_sftpgo.yaml, on both platforms.
	add(seed{trusted: "10.0.0.0/16", host: "files.example.com", exposeType: 2, termination: 1, replicas: 1, sftpEnabled: true})
	add(seed{trusted: "10.0.0.0/16", host: "files.example.com", exposeType: 2, termination: 1, replicas: 1, sftpEnabled: true, openshift: true})
	// config/samples/sftpgo_v1alpha1_sftpgo_minimal.yaml, on both platforms,
	// and on OpenShift with its cluster network.
	add(seed{sftpEnabled: true})
	add(seed{sftpEnabled: true, openshift: true})
	add(seed{sftpEnabled: true, openshift: true, podCIDRs: "10.128.0.0/23,10.128.2.0/23"})
	// Catch-alls, spelled several ways.
	add(seed{trusted: "0.0.0.0/0", host: "a.example.com", exposeType: 2, sftpEnabled: true})
	add(seed{trusted: "::/0", sources: "0.0.0.0/0", proxyMode: 3, sftpEnabled: true})
	add(seed{trusted: "::ffff:0.0.0.0/96", sources: "::ffff:0.0.0.0/96", proxyMode: 2, exposeType: 2, host: "a.b"})
	add(seed{trusted: "0.0.0.0/0%eth0,10.0.0.1", sources: " 10.0.0.0/8", exposeType: 3})
	// Pod networks only a catch-all covers, and mixed families.
	add(seed{podCIDRs: "10.0.0.0/8,192.168.0.0/16", exposeType: 2, host: "a.b"})
	add(seed{podCIDRs: "0.0.0.0/0,::/0", exposeType: 3, openshift: true})
	add(seed{podCIDRs: "fd00::/64,10.244.1.0/24,::ffff:10.0.0.0/104", exposeType: 4, networkPolicy: 2})
	// spec.config: managed keys, non-objects, nested nulls.
	add(seed{config: []byte(`{"httpd":{"bindings":[{"proxy_allowed":["0.0.0.0/0"]}]}}`), exposeType: 2, host: "a.b", trusted: "10.0.0.1"})
	add(seed{config: []byte(`{"common":{"proxy_allowed":["0.0.0.0/0"]},"HTTPD.Bindings":null}`)})
	add(seed{config: []byte(`{"httpd":null,"common":7}`)})
	add(seed{config: []byte(`{"httpd":{"max_upload_file_size":1},"HTTPD":{"idle_timeout":2},"httpd.web_root":"/x"}`)})
	add(seed{config: []byte(`[1,2]`)})
	add(seed{config: []byte(`null`)})
	add(seed{config: []byte(`"x"`)})
	add(seed{config: []byte(`{`)})
	// Several replicas, shared database, passthrough, IP binding off, PROXY protocol.
	add(seed{replicas: 3, driver: 2, termination: 3, ipBinding: 2, proxyMode: 2, sources: "10.0.0.10,203.0.113.0/24", serviceType: 2, sftpEnabled: true})
	add(seed{replicas: -1, driver: 5, termination: 5, ipBinding: 3, proxyMode: 4, exposeType: 6})

	f.Fuzz(func(t *testing.T, trusted, sources, host, podCIDRs string,
		exposeType, termination, driver, ipBinding, proxyMode, serviceType, networkPolicy uint8,
		replicas int32, config []byte, openshift, sftpEnabled bool) {
		s := &v1alpha1.SFTPGo{
			TypeMeta:   metav1.TypeMeta{APIVersion: v1alpha1.GroupVersion.String(), Kind: kindSFTPGo},
			ObjectMeta: metav1.ObjectMeta{Name: "fuzz", Namespace: "ns"},
		}
		sp := &s.Spec
		sp.Replicas = ptr.To(replicas)
		sp.SFTP.Enabled = ptr.To(sftpEnabled)
		sp.Service.Type = pick(fuzzServiceTypes, serviceType)
		sp.Expose.Type = pick(fuzzExposeTypes, exposeType)
		sp.Expose.Host = host
		sp.Expose.TLS.Termination = pick(fuzzTerminations, termination)
		sp.Security.TrustedProxies = list(trusted)
		sp.Security.TokenIPBinding = pick(fuzzIPBindings, ipBinding)
		sp.Security.ProxyProtocol.Mode = pick(fuzzProxyModes, proxyMode)
		sp.Security.ProxyProtocol.AllowedSources = list(sources)
		sp.Security.NetworkPolicy.Enabled = pick(fuzzNetworkPolicy, networkPolicy)
		sp.DataProvider.Driver = pick(fuzzDrivers, driver)
		if len(config) > 0 {
			sp.Config = &runtime.RawExtension{Raw: config}
		}
		if replicas > 1 {
			sp.Storage.Data.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteMany}
		}

		facts := platform.Facts{Platform: platform.Kubernetes}
		source := v1alpha1.TrustedProxiesFromNodePodCIDRs
		if openshift {
			facts = platform.Facts{Platform: platform.OpenShift, RouteAPI: true}
			source = v1alpha1.TrustedProxiesFromOpenShift
		}
		if cidrs := list(podCIDRs); len(cidrs) > 0 {
			facts.PodNetwork = platform.CoveringPrefixes(cidrs)
			if len(facts.PodNetwork) > 0 {
				facts.PodNetworkSource = source
			}
		}
		for _, p := range facts.PodNetwork {
			if isCatchAll(p) {
				t.Fatalf("CoveringPrefixes(%q) returned the catch-all %q", podCIDRs, p)
			}
		}

		in := resolve.New(s, facts)
		findings := security.Evaluate(in)
		hasError := security.HasError(findings)

		_, userErr := sftpgoconfig.UserConfig(in.Spec.Config)
		out, err := sftpgoconfig.Render(in)
		switch {
		case err != nil && userErr == nil:
			t.Fatalf("Render failed for a spec.config that is a JSON object (%q): %v", config, err)
		case err == nil && userErr != nil:
			t.Fatalf("Render accepted a spec.config that is not a JSON object: %q", config)
		case err == nil && !json.Valid(out):
			t.Fatalf("Render returned invalid JSON:\n%s", out)
		}
		if again, _ := sftpgoconfig.Render(in); !hasError && !bytes.Equal(again, out) {
			// The ConfigMap and the pods' config hash would flip between
			// reconciles (with an Error, the operator renders nothing).
			t.Fatalf("Render is not deterministic for spec.config %q:\n%s\n---\n%s", config, out, again)
		}
		if userErr != nil && !hasError {
			t.Fatalf("spec.config %q cannot be rendered, but Evaluate reports no Error", config)
		}

		if err == nil && !hasError {
			checkNoCatchAll(t, out)
		}

		plan, planErr := desired.NewPlan(in, desired.Kinds, nil)
		if (planErr != nil) != (err != nil) {
			t.Fatalf("desired.NewPlan error %v, Render error %v", planErr, err)
		}
		if planErr == nil && len(plan.Objects()) == 0 {
			t.Fatal("the plan has no objects")
		}

		checkRenderCommand(t, s, openshift, list(podCIDRs), hasError)
	})
}

// checkNoCatchAll fails if a proxy_allowed list of the rendered config holds
// a catch-all.
func checkNoCatchAll(t *testing.T, sftpgoJSON []byte) {
	t.Helper()
	var cfg struct {
		Common struct {
			ProxyAllowed []string `json:"proxy_allowed"`
		} `json:"common"`
		HTTPD struct {
			Bindings []struct {
				ProxyAllowed []string `json:"proxy_allowed"`
			} `json:"bindings"`
		} `json:"httpd"`
	}
	if err := json.Unmarshal(sftpgoJSON, &cfg); err != nil {
		t.Fatalf("rendered config does not have the managed shape: %v\n%s", err, sftpgoJSON)
	}
	if len(cfg.HTTPD.Bindings) == 0 {
		t.Fatalf("rendered config has no httpd binding:\n%s", sftpgoJSON)
	}
	for _, p := range cfg.Common.ProxyAllowed {
		if isCatchAll(p) {
			t.Fatalf("no Error finding, but common.proxy_allowed holds the catch-all %q:\n%s", p, sftpgoJSON)
		}
	}
	for _, p := range cfg.HTTPD.Bindings[0].ProxyAllowed {
		if isCatchAll(p) {
			t.Fatalf("no Error finding, but httpd.bindings[0].proxy_allowed holds the catch-all %q:\n%s", p, sftpgoJSON)
		}
	}
}

// isCatchAll reports whether a proxy_allowed entry trusts a whole address
// family: a prefix net/netip parses with Bits() == 0, or a CIDR that Go's net
// package (which SFTPGo matches peers with) finds to contain both the lowest
// and the highest address of IPv4 or of IPv6, as "::ffff:0.0.0.0/96" does
// for IPv4.
func isCatchAll(entry string) bool {
	if p, err := netip.ParsePrefix(entry); err == nil && p.Bits() == 0 {
		return true
	}
	_, n, err := net.ParseCIDR(entry)
	if err != nil {
		return false
	}
	for _, pair := range [][2]string{
		{"0.0.0.0", "255.255.255.255"},
		{"::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
	} {
		if n.Contains(net.ParseIP(pair[0])) && n.Contains(net.ParseIP(pair[1])) {
			return true
		}
	}
	return false
}

// checkRenderCommand runs the command on s as YAML: it must decode what it is
// given (exit 0 or 1, never 2) and exit 1 exactly when there is an Error.
func checkRenderCommand(t *testing.T, s *v1alpha1.SFTPGo, openshift bool, podCIDRs []string, hasError bool) {
	t.Helper()
	if c := s.Spec.Config; c != nil && string(bytes.TrimSpace(c.Raw)) == "null" {
		// Written out, `config: null` reads back as no config at all, while
		// the in-memory Raw "null" is refused (SEC006): not the same spec.
		return
	}
	for _, str := range slices.Concat([]string{s.Spec.Expose.Host}, s.Spec.Security.TrustedProxies,
		s.Spec.Security.ProxyProtocol.AllowedSources) {
		if !utf8.ValidString(str) {
			return // JSON would replace the invalid bytes: not the same spec
		}
	}
	doc, err := yaml.Marshal(s)
	if err != nil {
		return // spec.config is not JSON: it cannot be written as a document
	}
	args := []string{"-f", "-"}
	if openshift {
		args = append(args, "--platform", "openshift")
	}
	for _, c := range podCIDRs {
		if _, err := netip.ParsePrefix(c); err != nil {
			return // the command refuses it as a flag (exit 2), by design
		}
		args = append(args, "--pod-cidr", c)
	}
	var stdout, stderr bytes.Buffer
	code := Run(args, bytes.NewReader(doc), &stdout, &stderr)
	opts := options{platform: string(platform.Kubernetes), podCIDRs: podCIDRs}
	if openshift {
		opts.platform = string(platform.OpenShift)
	}
	// The command stops an instance on an Error finding, and on a spec its
	// platform cannot serve.
	blocked := hasError || desired.Supported(resolve.New(s, factsFor(opts, io.Discard))) != nil
	want := ExitOK
	if blocked {
		want = ExitFindings
	}
	if code != want {
		t.Fatalf("render exit status %d, want %d; stderr:\n%s\ninput:\n%s", code, want, stderr.String(), doc)
	}
	if blocked != (stdout.Len() == 0) {
		t.Fatalf("blocked %v, but %d bytes of objects printed", blocked, stdout.Len())
	}
}

func TestIsCatchAll(t *testing.T) {
	for entry, want := range map[string]bool{
		"0.0.0.0/0":         true,
		"::/0":              true,
		"10.0.0.0/0":        true,
		"::ffff:0.0.0.0/96": true, // every IPv4 address, for Go's net package
		"0.0.0.0/1":         false,
		"10.0.0.0/8":        false,
		"::/48":             false,
		"10.0.0.1":          false,
		"not an address":    false,
	} {
		if got := isCatchAll(entry); got != want {
			t.Errorf("isCatchAll(%q) = %v, want %v", entry, got, want)
		}
	}
}
