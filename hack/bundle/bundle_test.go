package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/operator-framework/api/pkg/manifests"
	operatorsv1alpha1 "github.com/operator-framework/api/pkg/operators/v1alpha1"
	"github.com/operator-framework/api/pkg/validation"
	"github.com/operator-framework/api/pkg/validation/errors"
	interfaces "github.com/operator-framework/api/pkg/validation/interfaces"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"sigs.k8s.io/yaml"
)

const (
	root = "../.."
	// docs lists every validator warning with its justification, under
	// warningsHeading.
	docs            = "../../docs/openshift.md"
	warningsHeading = "## Validator warnings"
	// k8sVersion is the newest Kubernetes the operator is tested on (the
	// envtest kube-apiserver); removed-API checks run against it.
	k8sVersion = "1.37"
)

// validators are the checks `operator-sdk bundle validate
// --select-optional suite=operatorframework` runs, minus the deprecated ones
// (OperatorHubValidator, CommunityOperatorValidator) and the one that pulls
// images with a container tool (MultipleArchitecturesValidator).
func validators() interfaces.Validators {
	return validation.DefaultBundleValidators.WithValidators(
		validation.OperatorHubV2Validator,
		validation.StandardCapabilitiesValidator,
		validation.StandardCategoriesValidator,
		validation.GoodPracticesValidator,
		validation.AlphaDeprecatedAPIsValidator,
		validation.ObjectValidator,
	)
}

func loadBundle(t *testing.T) *manifests.Bundle {
	t.Helper()
	b, err := manifests.GetBundleFromDir(filepath.Join(root, "bundle"))
	if err != nil {
		t.Fatalf("loading bundle/: %v", err)
	}
	return b
}

// TestBundleValidates runs the operator-framework validators: no error is
// allowed, and every warning must be justified in docs/openshift.md.
func TestBundleValidates(t *testing.T) {
	b := loadBundle(t)
	objs := append(b.ObjectsToValidate(), map[string]string{"k8s-version": k8sVersion})
	results := validators().Validate(objs...)
	if len(results) == 0 {
		t.Fatal("the validators returned no result: nothing was validated")
	}
	documented := normalize(warningsSection(t))
	var warnings []errors.Error
	for _, r := range results {
		for _, e := range r.Errors {
			t.Errorf("validation error (%s): %v", r.Name, e)
		}
		warnings = append(warnings, r.Warnings...)
	}
	reported := map[string]bool{}
	for _, w := range warnings {
		t.Logf("validator warning: %v", w)
		if reported[w.Detail] {
			continue // OperatorHubV2 and AlphaDeprecatedAPIs repeat the removed-API check
		}
		reported[w.Detail] = true
		if !strings.Contains(documented, normalize(w.Detail)) {
			t.Errorf("undocumented validator warning: fix it, or quote it with its justification under %q in docs/openshift.md:\n%s", warningsHeading, w.Detail)
		}
	}
}

// indexes are list positions in warnings, such as Rules[4]: they move when a
// rule is added to config/rbac, which does not change what a warning means.
var indexes = regexp.MustCompile(`\[[0-9]+\]`)

func normalize(s string) string { return indexes.ReplaceAllString(s, "[i]") }

// warningsSection is the "Validator warnings" section of docs/openshift.md.
func warningsSection(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(docs)
	if err != nil {
		t.Fatalf("reading the warning justifications: %v", err)
	}
	text := string(data)
	start := strings.Index(text, "\n"+warningsHeading+"\n")
	if start < 0 {
		t.Fatalf("%s has no %q section", docs, warningsHeading)
	}
	section := text[start+1+len(warningsHeading):]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	return section
}

// TestBundleUpToDate regenerates the bundle into a temporary directory, with
// the version and images of the committed one, and compares: CI catches a
// config/ change without `make bundle` even where make is not run.
func TestBundleUpToDate(t *testing.T) {
	csv := loadBundle(t).CSV
	o := Options{
		Root:        root,
		Version:     csv.Spec.Version.String(),
		Image:       csv.Annotations["containerImage"],
		SFTPGoImage: relatedImage(csv, "sftpgo"),
	}
	files, err := Generate(o)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	if err := write(tmp, files, io.Discard); err != nil {
		t.Fatal(err)
	}
	want, got := bundleTree(t, tmp), bundleTree(t, root)
	for _, p := range sortedKeys(want) {
		g, ok := got[p]
		switch {
		case !ok:
			t.Errorf("%s is missing: run `make bundle` and commit", p)
		case !bytes.Equal(g, want[p]):
			t.Errorf("%s is out of date: run `make bundle` and commit\n%s", p, firstDifference(g, want[p]))
		}
	}
	for _, p := range sortedKeys(got) {
		if _, ok := want[p]; !ok {
			t.Errorf("%s is not generated any more: run `make bundle` and commit the removal", p)
		}
	}
}

// TestGenerateIsReproducible: two runs give the same bytes.
func TestGenerateIsReproducible(t *testing.T) {
	o := Options{Root: root, Version: "0.1.0", Image: "example.com/op", SFTPGoImage: ""}
	a, err := Generate(o)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Generate(o)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for p := range a {
		if !bytes.Equal(a[p], b[p]) {
			t.Errorf("%s differs between two runs:\n%s", p, firstDifference(a[p], b[p]))
		}
	}
}

// TestInstallStrategy checks what OLM needs from the CSV and what the
// validators do not look at.
func TestInstallStrategy(t *testing.T) {
	b := loadBundle(t)
	csv := b.CSV
	image := csv.Annotations["containerImage"]
	if got := relatedImage(csv, packageName); got != image {
		t.Errorf("relatedImages %s = %q, containerImage = %q", packageName, got, image)
	}
	if relatedImage(csv, "sftpgo") == "" {
		t.Error("relatedImages lacks the SFTPGo image")
	}
	if !strings.HasPrefix(csv.Annotations["createdAt"], "20") {
		t.Errorf("createdAt = %q", csv.Annotations["createdAt"])
	}

	modes := map[operatorsv1alpha1.InstallModeType]bool{}
	for _, m := range csv.Spec.InstallModes {
		modes[m.Type] = m.Supported
	}
	for _, m := range []operatorsv1alpha1.InstallModeType{
		operatorsv1alpha1.InstallModeTypeOwnNamespace, operatorsv1alpha1.InstallModeTypeSingleNamespace,
		operatorsv1alpha1.InstallModeTypeMultiNamespace, operatorsv1alpha1.InstallModeTypeAllNamespaces,
	} {
		if !modes[m] {
			t.Errorf("install mode %s is not supported; --watch-namespace takes a comma-separated list, so it should be", m)
		}
	}

	deps := csv.Spec.InstallStrategy.StrategySpec.DeploymentSpecs
	if len(deps) != 1 {
		t.Fatalf("%d deployments in the install strategy, want 1", len(deps))
	}
	pod := deps[0].Spec.Template.Spec
	var manager *corev1.Container
	for i := range pod.Containers {
		if pod.Containers[i].Name == managerContainer {
			manager = &pod.Containers[i]
		}
	}
	if manager == nil {
		t.Fatal("no manager container")
	}
	if manager.Image != image {
		t.Errorf("manager image %q, containerImage %q", manager.Image, image)
	}
	if !slices.Contains(manager.Args, "--watch-namespace=$(WATCH_NAMESPACE)") {
		t.Errorf("manager args %v lack --watch-namespace=$(WATCH_NAMESPACE)", manager.Args)
	}
	var fromOLM bool
	for _, e := range manager.Env {
		if e.Name == watchNamespaceEnv && e.ValueFrom != nil && e.ValueFrom.FieldRef != nil &&
			e.ValueFrom.FieldRef.FieldPath == targetNamespaces {
			fromOLM = true
		}
	}
	if !fromOLM {
		t.Errorf("env %s does not come from %s", watchNamespaceEnv, targetNamespaces)
	}

	sa := pod.ServiceAccountName
	for _, p := range append(csv.Spec.InstallStrategy.StrategySpec.ClusterPermissions, csv.Spec.InstallStrategy.StrategySpec.Permissions...) {
		if p.ServiceAccountName != sa {
			t.Errorf("permissions for ServiceAccount %s, the Deployment runs as %s", p.ServiceAccountName, sa)
		}
	}
	if !hasRule(csv.Spec.InstallStrategy.StrategySpec.Permissions, "coordination.k8s.io", "leases", "update") {
		t.Error("permissions lack the leader-election Lease")
	}

	for _, obj := range b.Objects {
		switch obj.GetKind() {
		case "NetworkPolicy", "Namespace", "Deployment":
			t.Errorf("%s %s must not be a bundle manifest", obj.GetKind(), obj.GetName())
		case "ServiceAccount":
			if obj.GetName() == sa {
				t.Errorf("ServiceAccount %s is created by OLM from the CSV", sa)
			}
		}
		if obj.GetNamespace() != "" {
			t.Errorf("%s %s has namespace %s; OLM picks the install namespace", obj.GetKind(), obj.GetName(), obj.GetNamespace())
		}
	}

	var examples []map[string]any
	if err := json.Unmarshal([]byte(csv.Annotations["alm-examples"]), &examples); err != nil {
		t.Fatalf("alm-examples: %v", err)
	}
	for _, e := range examples {
		md, _ := e["metadata"].(map[string]any)
		if _, ok := md["namespace"]; ok {
			t.Errorf("alm-example %v has a namespace", md["name"])
		}
	}
}

// TestALMExamples: alm-examples hold one example or more of every owned CRD
// and nothing else (no Secret of the account samples), and the first is the
// minimal SFTPGo, which OLM consoles pre-fill their form with.
func TestALMExamples(t *testing.T) {
	csv := loadBundle(t).CSV
	var examples []map[string]any
	if err := json.Unmarshal([]byte(csv.Annotations["alm-examples"]), &examples); err != nil {
		t.Fatalf("alm-examples: %v", err)
	}
	if len(examples) == 0 {
		t.Fatal("alm-examples is empty")
	}
	owned := map[string]bool{}
	for _, o := range csv.Spec.CustomResourceDefinitions.Owned {
		_, group, _ := strings.Cut(o.Name, ".")
		owned[group+"/"+o.Version+"/"+o.Kind] = false
	}
	for _, e := range examples {
		apiVersion, _ := e["apiVersion"].(string)
		kind, _ := e["kind"].(string)
		key := apiVersion + "/" + kind
		if _, ok := owned[key]; !ok {
			t.Errorf("alm-example of %s, which is no owned CRD", key)
			continue
		}
		owned[key] = true
	}
	for key, seen := range owned {
		if !seen {
			t.Errorf("no alm-example of the owned CRD %s: add a sample to config/samples", key)
		}
	}
	first := examples[0]
	md, _ := first["metadata"].(map[string]any)
	if first["kind"] != "SFTPGo" || md["name"] != "minimal" {
		t.Errorf("the first alm-example is %v %v, want the minimal SFTPGo", first["kind"], md["name"])
	}
}

// TestCRDScopes: clusterScoped knows every CRD of the bundle, with the
// scope the CRD declares, so that a rule on a new kind lands in the right
// CSV permissions.
func TestCRDScopes(t *testing.T) {
	b := loadBundle(t)
	if len(b.V1CRDs) == 0 {
		t.Fatal("the bundle has no CRD")
	}
	for _, crd := range b.V1CRDs {
		cluster, known := clusterScoped[crd.Spec.Group+"/"+crd.Spec.Names.Plural]
		if !known {
			t.Errorf("CRD %s is missing from clusterScoped in scope.go", crd.Name)
			continue
		}
		if want := crd.Spec.Scope == "Cluster"; cluster != want {
			t.Errorf("clusterScoped[%s/%s] = %v, the CRD's scope is %s", crd.Spec.Group, crd.Spec.Names.Plural, cluster, crd.Spec.Scope)
		}
	}
}

func TestOwnedKind(t *testing.T) {
	owned := []operatorsv1alpha1.CRDDescription{
		{Name: "sftpgos.sftpgo.operator.dev", Version: "v1alpha1", Kind: "SFTPGo"},
		{Name: "sftpgousers.sftpgo.operator.dev", Version: "v1alpha1", Kind: "SFTPGoUser"},
	}
	for _, tt := range []struct {
		apiVersion, kind string
		want             bool
	}{
		{"sftpgo.operator.dev/v1alpha1", "SFTPGo", true},
		{"sftpgo.operator.dev/v1alpha1", "SFTPGoUser", true},
		{"sftpgo.operator.dev/v1beta1", "SFTPGoUser", false},
		{"example.com/v1alpha1", "SFTPGoUser", false},
		{"v1", "Secret", false},
		{"sftpgo.operator.dev/v1alpha1", "SFTPGoGroup", false},
	} {
		obj := object{"apiVersion": tt.apiVersion, "kind": tt.kind}
		if got := ownedKind(obj, owned); got != tt.want {
			t.Errorf("ownedKind(%s %s) = %v, want %v", tt.apiVersion, tt.kind, got, tt.want)
		}
	}
}

// TestPermissionScope: a namespaced install (OwnNamespace, SingleNamespace,
// MultiNamespace) gives the operator Roles in the watched namespaces only;
// clusterPermissions hold nothing but what is cluster-scoped.
func TestPermissionScope(t *testing.T) {
	strategy := loadBundle(t).CSV.Spec.InstallStrategy.StrategySpec
	cluster, namespaced := strategy.ClusterPermissions, strategy.Permissions
	for _, r := range []struct{ group, resource, verb string }{
		{"", "nodes", "list"},
		{"config.openshift.io", "networks", "watch"},
		{"authentication.k8s.io", "tokenreviews", "create"},
		{"authorization.k8s.io", "subjectaccessreviews", "create"},
	} {
		if !hasRule(cluster, r.group, r.resource, r.verb) {
			t.Errorf("clusterPermissions lack %s on %s.%s, which is cluster-scoped", r.verb, r.resource, r.group)
		}
	}
	for _, r := range []struct{ group, resource, verb string }{
		{"sftpgo.operator.dev", "sftpgos", "watch"},
		{"sftpgo.operator.dev", "sftpgos/finalizers", "update"},
		{"", "secrets", "create"},
		{"", "configmaps", "patch"},
		{"apps", "deployments", "patch"},
		{"events.k8s.io", "events", "create"},
	} {
		if !hasRule(namespaced, r.group, r.resource, r.verb) {
			t.Errorf("permissions lack %s on %s.%s", r.verb, r.resource, r.group)
		}
	}
	for _, p := range cluster {
		for _, rule := range p.Rules {
			for _, g := range rule.APIGroups {
				for _, res := range rule.Resources {
					if g == "" && (res == "secrets" || res == "configmaps") {
						t.Errorf("clusterPermissions grant %v on %s: a namespaced install would reach them in every namespace", rule.Verbs, res)
					} else if c, _ := scopeOf(g, res); !c {
						t.Errorf("clusterPermissions grant %v on namespaced %s.%s: it belongs in permissions", rule.Verbs, res, g)
					}
				}
			}
		}
	}
	for _, p := range namespaced {
		for _, rule := range p.Rules {
			if len(rule.NonResourceURLs) > 0 {
				t.Errorf("permissions grant non-resource URLs %v, which only a ClusterRole can", rule.NonResourceURLs)
			}
			for _, g := range rule.APIGroups {
				for _, res := range rule.Resources {
					if c, _ := scopeOf(g, res); c {
						t.Errorf("permissions grant %v on cluster-scoped %s.%s, which a Role cannot: it belongs in clusterPermissions", rule.Verbs, res, g)
					}
				}
			}
		}
	}
}

// TestPermissionsKeepEveryRule: splitting by scope loses no verb of the
// generated manager role.
func TestPermissionsKeepEveryRule(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, "config", "rbac", "role.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var role rbacv1.ClusterRole
	if err := yaml.Unmarshal(bytes.TrimPrefix(data, []byte("---\n")), &role); err != nil {
		t.Fatal(err)
	}
	if len(role.Rules) == 0 {
		t.Fatal("config/rbac/role.yaml has no rules")
	}
	strategy := loadBundle(t).CSV.Spec.InstallStrategy.StrategySpec
	all := append(slices.Clone(strategy.ClusterPermissions), strategy.Permissions...)
	for _, rule := range role.Rules {
		for _, g := range rule.APIGroups {
			for _, res := range rule.Resources {
				for _, verb := range rule.Verbs {
					if !hasRule(all, g, res, verb) {
						t.Errorf("the CSV lost %s on %s.%s of %s", verb, res, g, role.Name)
					}
				}
			}
		}
	}
}

func TestSplitByScope(t *testing.T) {
	rule := func(groups, resources []string, verbs ...string) rbacv1.PolicyRule {
		return rbacv1.PolicyRule{APIGroups: groups, Resources: resources, Verbs: verbs}
	}
	tests := []struct {
		name                string
		rules               []rbacv1.PolicyRule
		namespaced, cluster []rbacv1.PolicyRule
		err                 string
	}{{
		name:       "namespaced resources and subresources stay together",
		rules:      []rbacv1.PolicyRule{rule([]string{""}, []string{"configmaps", "secrets"}, "get"), rule([]string{"sftpgo.operator.dev"}, []string{"sftpgos/finalizers"}, "update")},
		namespaced: []rbacv1.PolicyRule{rule([]string{""}, []string{"configmaps", "secrets"}, "get"), rule([]string{"sftpgo.operator.dev"}, []string{"sftpgos/finalizers"}, "update")},
	}, {
		name:    "cluster-scoped resources and non-resource URLs",
		rules:   []rbacv1.PolicyRule{rule([]string{""}, []string{"nodes"}, "list"), {NonResourceURLs: []string{"/metrics"}, Verbs: []string{"get"}}},
		cluster: []rbacv1.PolicyRule{rule([]string{""}, []string{"nodes"}, "list"), {NonResourceURLs: []string{"/metrics"}, Verbs: []string{"get"}}},
	}, {
		name:       "a rule naming both scopes is split",
		rules:      []rbacv1.PolicyRule{rule([]string{""}, []string{"nodes", "services"}, "get", "list")},
		namespaced: []rbacv1.PolicyRule{rule([]string{""}, []string{"services"}, "get", "list")},
		cluster:    []rbacv1.PolicyRule{rule([]string{""}, []string{"nodes"}, "get", "list")},
	}, {
		name:  "an unknown resource is refused, saying where to add it",
		rules: []rbacv1.PolicyRule{rule([]string{"example.com"}, []string{"widgets"}, "get")},
		err:   `add "example.com/widgets" to clusterScoped in hack/bundle/scope.go`,
	}, {
		name:  "a wildcard is refused",
		rules: []rbacv1.PolicyRule{rule([]string{""}, []string{"*"}, "get")},
		err:   "name the resources instead",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			namespaced, cluster, err := splitByScope("manager-role", tt.rules)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(namespaced, tt.namespaced) {
				t.Errorf("namespaced = %+v, want %+v", namespaced, tt.namespaced)
			}
			if !reflect.DeepEqual(cluster, tt.cluster) {
				t.Errorf("cluster = %+v, want %+v", cluster, tt.cluster)
			}
		})
	}
}

// TestIcon: the icon is one valid SVG document.
func TestIcon(t *testing.T) {
	icons := loadBundle(t).CSV.Spec.Icon
	if len(icons) != 1 || icons[0].MediaType != "image/svg+xml" {
		t.Fatalf("icons %+v, want one image/svg+xml", icons)
	}
	data, err := base64.StdEncoding.DecodeString(icons[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	var svg struct {
		XMLName xml.Name
		ViewBox string `xml:"viewBox,attr"`
	}
	if err := xml.Unmarshal(data, &svg); err != nil {
		t.Fatalf("icon is not XML: %v", err)
	}
	if svg.XMLName.Local != "svg" || svg.XMLName.Space != "http://www.w3.org/2000/svg" || svg.ViewBox == "" {
		t.Errorf("icon root %v viewBox %q, want an svg element with a viewBox", svg.XMLName, svg.ViewBox)
	}
}

func TestTagImage(t *testing.T) {
	for in, want := range map[string]string{
		"ghcr.io/o/op":             "ghcr.io/o/op:v1.2.3",
		"ghcr.io/o/op:dev":         "ghcr.io/o/op:dev",
		"localhost:5000/op":        "localhost:5000/op:v1.2.3",
		"localhost:5000/op:x":      "localhost:5000/op:x",
		"ghcr.io/o/op@sha256:abcd": "ghcr.io/o/op@sha256:abcd",
	} {
		if got := tagImage(in, "v1.2.3"); got != want {
			t.Errorf("tagImage(%q) = %q, want %q", in, got, want)
		}
	}
}

func relatedImage(csv *operatorsv1alpha1.ClusterServiceVersion, name string) string {
	for _, r := range csv.Spec.RelatedImages {
		if r.Name == name {
			return r.Image
		}
	}
	return ""
}

func hasRule(perms []operatorsv1alpha1.StrategyDeploymentPermissions, group, resource, verb string) bool {
	for _, p := range perms {
		for _, r := range p.Rules {
			if slices.Contains(r.APIGroups, group) && slices.Contains(r.Resources, resource) && slices.Contains(r.Verbs, verb) {
				return true
			}
		}
	}
	return false
}

// bundleTree reads the generated files under dir: bundle/ and bundle.Dockerfile*.
func bundleTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(filepath.Join(dir, "bundle"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, f := range []string{dockerfile, dockerfile + ".dockerignore"} {
		if data, err := os.ReadFile(filepath.Join(dir, f)); err == nil {
			out[f] = data
		}
	}
	return out
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// firstDifference shows the first line where committed and generated differ.
func firstDifference(committed, generated []byte) string {
	c, g := strings.Split(string(committed), "\n"), strings.Split(string(generated), "\n")
	for i := 0; i < len(c) || i < len(g); i++ {
		var cl, gl string
		if i < len(c) {
			cl = c[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if cl != gl || i >= len(c) || i >= len(g) {
			return fmt.Sprintf("line %d:\n  committed: %s\n  generated: %s", i+1, cl, gl)
		}
	}
	return "(same lines, different bytes)"
}

// TestBindingsNameRolesOfTheBuild: a binding of a scraper, not only of the
// operator, must name a role the build has (config/prometheus names
// metrics-reader with its prefix, which kustomize does not keep in sync).
func TestBindingsNameRolesOfTheBuild(t *testing.T) {
	objs := func(readerName string) []object {
		binding := func(kind, name, roleKind, role, sa, ns string) object {
			return object{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": object{"name": name},
				"roleRef":  object{"apiGroup": "rbac.authorization.k8s.io", "kind": roleKind, "name": role},
				"subjects": []any{object{"kind": "ServiceAccount", "name": sa, "namespace": ns}}}
		}
		return []object{
			{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": object{"name": "op-manager"}},
			{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": object{"name": "op-metrics-reader"}},
			binding("ClusterRoleBinding", "op-manager", "ClusterRole", "op-manager", "op", "op-system"),
			binding("ClusterRoleBinding", "op-prometheus", "ClusterRole", readerName, "prometheus-k8s", "openshift-monitoring"),
		}
	}
	if _, extras, err := splitRBAC(objs("op-metrics-reader"), "op", "op-system"); err != nil || len(extras) != 2 {
		t.Errorf("scraper binding to a role of the build: extras %d, err %v; want the reader and its binding", len(extras), err)
	}
	if _, _, err := splitRBAC(objs("metrics-reader"), "op", "op-system"); err == nil || !strings.Contains(err.Error(), "metrics-reader") {
		t.Errorf("scraper binding to a role not in the build: err %v, want one naming it", err)
	}
}
