package render

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const samples = "../../config/samples"

type goldenCase struct {
	name string
	args []string
	// stdin is a file fed on standard input (with -f -).
	stdin string
	code  int
}

var goldenCases = []goldenCase{
	// One per sample, on Kubernetes (TestEverySampleHasAGolden checks).
	{name: "sample-sftpgo", args: []string{"-f", samples + "/sftpgo_v1alpha1_sftpgo.yaml", "--platform", "kubernetes"}},
	{name: "sample-partners", args: []string{"-f", samples + "/sftpgo_v1alpha1_sftpgo_partners.yaml", "--platform", "kubernetes"}},
	// A Kubernetes cluster with the prometheus-operator: the monitoring objects.
	{name: "monitoring-api", args: []string{"-f", samples + "/sftpgo_v1alpha1_sftpgo_minimal.yaml", "--platform", "kubernetes", "--monitoring-api"}},
	{name: "sample-minimal", args: []string{"-f", samples + "/sftpgo_v1alpha1_sftpgo_minimal.yaml", "--platform", "kubernetes"}},
	// Account resources: the REST payloads, secret values as placeholders.
	{name: "sample-sftpgouser", args: []string{"-f", samples + "/sftpgo_v1alpha1_sftpgouser.yaml", "--platform", "kubernetes"}},
	{name: "sample-sftpgogroup", args: []string{"-f", samples + "/sftpgo_v1alpha1_sftpgogroup.yaml", "--platform", "kubernetes"}},
	{name: "sample-sftpgofolder", args: []string{"-f", samples + "/sftpgo_v1alpha1_sftpgofolder.yaml", "--platform", "kubernetes"}},
	{name: "sample-sftpgoadmin", args: []string{"-f", samples + "/sftpgo_v1alpha1_sftpgoadmin.yaml", "--platform", "kubernetes"}},
	// The Ingress sample on OpenShift: no fixed UID/GID, router namespaces
	// in the NetworkPolicy.
	{name: "sample-sftpgo-openshift", args: []string{"-f", samples + "/sftpgo_v1alpha1_sftpgo.yaml", "--platform", "openshift"}},
	// The minimal sample on OpenShift gets a Route, so it needs trusted
	// proxies: from the cluster network, or SEC002 blocks it.
	{name: "sample-minimal-openshift-pod-cidr", args: []string{"-f", samples + "/sftpgo_v1alpha1_sftpgo_minimal.yaml",
		"--platform", "openshift", "--pod-cidr", "10.128.0.0/23", "--pod-cidr", "10.128.2.0/23"}},
	{name: "sample-minimal-openshift", code: ExitFindings, args: []string{"-f", samples + "/sftpgo_v1alpha1_sftpgo_minimal.yaml", "--platform", "openshift"}},
	// WebDAV on OpenShift: a second Route for /dav, the WebDAV port on the
	// web Service and in the NetworkPolicy, the binding behind the router.
	{name: "webdav-openshift", args: []string{"-f", "testdata/input/webdav.yaml", "--platform", "openshift",
		"--pod-cidr", "10.128.0.0/14"}},
	// FTPS on the SFTP Service: control and passive ports on the Service,
	// in the pod and in the NetworkPolicy, the certificate Secret mounted.
	{name: "ftp", args: []string{"-f", "testdata/input/ftp.yaml"}},
	// A multi-document stream on stdin, with warnings and a derived pod network.
	{name: "stream-stdin", stdin: "testdata/input/stream.yaml",
		args: []string{"-f", "-", "--pod-cidr", "10.244.0.0/24", "--pod-cidr", "10.244.3.0/24", "--pod-cidr", "fd00:10:244::/64"}},
	// Error inputs.
	{name: "catch-all-proxy", code: ExitFindings, args: []string{"-f", "testdata/input/catch-all-proxy.yaml"}},
	{name: "garbage-yaml", code: ExitUsage, args: []string{"-f", "testdata/input/garbage.yaml"}},
	{name: "unknown-field", code: ExitUsage, args: []string{"-f", "testdata/input/unknown-field.yaml"}},
	{name: "wrong-type", code: ExitUsage, args: []string{"-f", "testdata/input/wrong-type.yaml"}},
	{name: "not-an-object", code: ExitUsage, args: []string{"-f", "testdata/input/not-an-object.yaml"}},
	{name: "missing-file", code: ExitUsage, args: []string{"-f", "testdata/input/does-not-exist.yaml"}},
	{name: "no-file-flag", code: ExitUsage, args: []string{"--platform", "kubernetes"}},
	{name: "bad-platform", code: ExitUsage, args: []string{"-f", "-", "--platform", "eks"}},
	{name: "bad-pod-cidr", code: ExitUsage, args: []string{"-f", "-", "--pod-cidr", "10.0.0.0"}},
	{name: "catch-all-pod-cidrs", stdin: "testdata/input/stream.yaml", code: ExitFindings,
		args: []string{"-f", "-", "--pod-cidr", "10.0.0.0/8", "--pod-cidr", "192.168.0.0/16"}},
}

func runCase(t *testing.T, c goldenCase) (stdout, stderr string, code int) {
	t.Helper()
	var in io.Reader = strings.NewReader("")
	if c.stdin != "" {
		b, err := os.ReadFile(c.stdin)
		if err != nil {
			t.Fatal(err)
		}
		in = bytes.NewReader(b)
	}
	var out, errOut bytes.Buffer
	code = Run(c.args, in, &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestGolden(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, code := runCase(t, c)
			if code != c.code {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, c.code, stderr)
			}
			checkGolden(t, filepath.Join("testdata", "golden", c.name+".stdout.yaml"), stdout)
			checkGolden(t, filepath.Join("testdata", "golden", c.name+".stderr.txt"), stderr)

			// Same input, same output: nothing depends on map order or time.
			stdout2, stderr2, _ := runCase(t, c)
			if stdout2 != stdout || stderr2 != stderr {
				t.Error("output differs between two runs")
			}
			if code == ExitUsage && stdout != "" {
				t.Errorf("stdout not empty on unreadable input:\n%s", stdout)
			}
		})
	}
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/render -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run go test ./internal/render -update and review the diff):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// Every sample must have a golden run, so a new sample is not forgotten.
func TestEverySampleHasAGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(samples, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, c := range goldenCases {
		for i, a := range c.args {
			if a == "-f" && i+1 < len(c.args) && strings.Contains(strings.Join(c.args, " "), "--platform kubernetes") {
				covered[filepath.Clean(c.args[i+1])] = true
			}
		}
	}
	for _, f := range files {
		if filepath.Base(f) == "kustomization.yaml" {
			continue
		}
		if !covered[filepath.Clean(f)] {
			t.Errorf("sample %s has no --platform kubernetes golden case in goldenCases", f)
		}
	}
}

// The printed stream is valid YAML: each document a complete object with
// apiVersion, kind, name and namespace, without status or null timestamps,
// or the REST payload of an account (a JSON object with its name).
func TestOutputIsACleanYAMLStream(t *testing.T) {
	for _, c := range goldenCases {
		if c.code == ExitUsage {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			stdout, _, _ := runCase(t, c)
			if strings.Contains(stdout, "creationTimestamp") || strings.Contains(stdout, "\nstatus:") {
				t.Error("output has creationTimestamp or status")
			}
			r := utilyaml.NewYAMLReader(bufio.NewReader(strings.NewReader(stdout)))
			n := 0
			for {
				doc, err := r.Read()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(string(doc), ": POST /api/v2/") {
					var payload map[string]any
					if err := yaml.Unmarshal(doc, &payload); err != nil {
						t.Fatalf("document %d: %v", n+1, err)
					}
					if payload["username"] == nil && payload["name"] == nil {
						t.Errorf("document %d: a REST payload without username or name: %v", n+1, payload)
					}
					n++
					continue
				}
				var obj struct {
					APIVersion string `json:"apiVersion"`
					Kind       string `json:"kind"`
					Metadata   struct {
						Name      string `json:"name"`
						Namespace string `json:"namespace"`
					} `json:"metadata"`
				}
				if err := yaml.Unmarshal(doc, &obj); err != nil {
					t.Fatalf("document %d: %v", n+1, err)
				}
				if obj.APIVersion == "" || obj.Kind == "" || obj.Metadata.Name == "" || obj.Metadata.Namespace == "" {
					t.Errorf("document %d is incomplete: %+v", n+1, obj)
				}
				n++
			}
			if c.code == ExitOK && n == 0 {
				t.Error("no objects printed")
			}
		})
	}
}

func TestHelp(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Run([]string{"-h"}, strings.NewReader(""), &out, &errOut); code != ExitOK {
		t.Errorf("exit status %d, want 0", code)
	}
	if !strings.Contains(errOut.String(), "Usage: sftpgo-operator render") {
		t.Errorf("no usage:\n%s", errOut.String())
	}
}

func TestNoSFTPGoDocuments(t *testing.T) {
	var out, errOut bytes.Buffer
	in := strings.NewReader("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: files\n")
	if code := Run([]string{"-f", "-"}, in, &out, &errOut); code != ExitOK {
		t.Errorf("exit status %d, want 0; stderr:\n%s", code, errOut.String())
	}
	if out.Len() != 0 || !strings.Contains(errOut.String(), "no SFTPGo or account documents") {
		t.Errorf("stdout %q, stderr %q", out.String(), errOut.String())
	}
}

// kubectl get -o yaml prints a v1 List.
func TestList(t *testing.T) {
	in := strings.NewReader(`apiVersion: v1
kind: List
items:
- apiVersion: sftpgo.operator.dev/v1alpha1
  kind: SFTPGo
  metadata: {name: a, namespace: x}
- apiVersion: v1
  kind: Secret
  metadata: {name: skipped}
- apiVersion: sftpgo.operator.dev/v1alpha1
  kind: SFTPGo
  metadata: {name: b, namespace: x}
  spec: {bogus: true}
`)
	var out, errOut bytes.Buffer
	if code := Run([]string{"-f", "-"}, in, &out, &errOut); code != ExitUsage {
		t.Errorf("exit status %d, want 2", code)
	}
	if !strings.Contains(errOut.String(), `items[2]: SFTPGo "b"`) || !strings.Contains(errOut.String(), `unknown field "spec.bogus"`) {
		t.Errorf("stderr:\n%s", errOut.String())
	}
}
