// Package render implements `sftpgo-operator render`: it prints, without a
// cluster, every object the operator would create for the SFTPGo resources in
// a file, and the security findings the operator would report. It reuses the
// controller's resolver, rules and builders (internal/desired), so that what
// it prints is what the operator applies.
package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"os"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	kjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/desired"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// Exit statuses of Run.
const (
	ExitOK = 0
	// ExitFindings: an instance has an Error finding; the operator would
	// block its rollout, so its objects are not printed.
	ExitFindings = 1
	// ExitUsage: bad flags or unreadable input; nothing is printed on stdout.
	ExitUsage = 2
)

// Placeholder is the value printed for the data of the Secrets the operator
// generates in the cluster: host keys, signing passphrase, admin password.
const Placeholder = "<generated in the cluster on first reconcile, never rewritten>"

// DefaultNamespace is given to documents without metadata.namespace, as
// kubectl would without a namespace in the context.
const DefaultNamespace = "default"

const usage = `Usage: sftpgo-operator render -f FILE [--platform kubernetes|openshift] [--pod-cidr CIDR ...] [--monitoring-api]

Prints every object the operator would create for each SFTPGo resource in FILE
(a YAML stream; - reads stdin) on stdout, and the security findings on stderr.
For each SFTPGoUser, SFTPGoGroup, SFTPGoFolder and SFTPGoAdmin it prints the
REST payload the operator would send to create the account, secret values as
placeholders.
No cluster is needed. Exit status: 0 without Error findings, 1 when an
instance has an Error finding (its objects are then not printed, as the
operator blocks its rollout), 2 on bad flags or unreadable input.

Flags:
`

// options are the parsed command-line flags.
type options struct {
	file     string
	platform string
	podCIDRs []string
	// monitoringAPI: the cluster serves monitoring.coreos.com/v1.
	monitoringAPI bool
}

// Run runs the render command with args (after "render") and returns the
// exit status.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	opts, code, ok := parseFlags(args, stderr)
	if !ok {
		return code
	}
	facts := factsFor(opts, stderr)
	instances, err := readInput(opts.file, stdin, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "error:", err)
		return ExitUsage
	}
	if len(instances) == 0 {
		fmt.Fprintf(stderr, "note: no %s or account documents in %s\n", kindSFTPGo, displayName(opts.file))
		return ExitOK
	}

	// Render everything before writing, so that a failure leaves stdout empty.
	var out bytes.Buffer
	code = ExitOK
	for _, obj := range instances {
		s, isSFTPGo := obj.(*v1alpha1.SFTPGo)
		if !isSFTPGo {
			if err := renderAccount(&out, obj); err != nil {
				fmt.Fprintf(stderr, "error: %s %s/%s: %v\n", obj.GetObjectKind().GroupVersionKind().Kind,
					obj.GetNamespace(), obj.GetName(), err)
				return ExitUsage
			}
			continue
		}
		blocked, err := renderInstance(&out, stderr, s, facts)
		if err != nil {
			fmt.Fprintf(stderr, "error: %s %s/%s: %v\n", kindSFTPGo, s.Namespace, s.Name, err)
			return ExitUsage
		}
		if blocked {
			code = ExitFindings
		}
	}
	if _, err := stdout.Write(out.Bytes()); err != nil {
		fmt.Fprintln(stderr, "error: writing output:", err)
		return ExitUsage
	}
	return code
}

func parseFlags(args []string, stderr io.Writer) (options, int, bool) {
	var opts options
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	fs.StringVar(&opts.file, "f", "", "`FILE` with SFTPGo resources, a multi-document YAML stream; - reads stdin (required)")
	fs.StringVar(&opts.platform, "platform", string(platform.Kubernetes), "platform to render for: kubernetes or openshift")
	fs.Func("pod-cidr", "a pod `CIDR` of the cluster, as nodes report it (repeatable): trusted proxies are derived from it when the web is proxied and spec.security.trustedProxies is empty", func(s string) error {
		opts.podCIDRs = append(opts.podCIDRs, s)
		return nil
	})
	fs.BoolVar(&opts.monitoringAPI, "monitoring-api", false, "the cluster serves the prometheus-operator API (monitoring.coreos.com/v1): render the PodMonitor, PrometheusRule and dashboard spec.monitoring asks for (always so with --platform openshift)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return opts, ExitOK, false
		}
		return opts, ExitUsage, false // the flag package has printed the error and usage
	}
	fail := func(format string, a ...any) (options, int, bool) {
		fmt.Fprintf(stderr, "error: "+format+"\n", a...)
		fmt.Fprintln(stderr, "run 'sftpgo-operator render -h' for usage")
		return opts, ExitUsage, false
	}
	switch {
	case fs.NArg() > 0:
		return fail("unexpected argument %q", fs.Arg(0))
	case opts.file == "":
		return fail("-f FILE is required (- reads stdin)")
	case opts.platform != string(platform.Kubernetes) && opts.platform != string(platform.OpenShift):
		return fail("--platform must be kubernetes or openshift, not %q", opts.platform)
	}
	for _, c := range opts.podCIDRs {
		if _, err := netip.ParsePrefix(c); err != nil {
			return fail("--pod-cidr %q is not a CIDR such as 10.244.0.0/24", c)
		}
	}
	return opts, 0, true
}

// factsFor builds the platform facts discovery would find on the cluster the
// flags describe. The pod network is set as the controller reads it from the
// nodes; resolve uses it only for a proxied web without trusted proxies.
func factsFor(opts options, stderr io.Writer) platform.Facts {
	var f platform.Facts
	source := v1alpha1.TrustedProxiesFromNodePodCIDRs
	// A spec that publishes through an HTTPRoute is rendered as if the
	// Gateway API were served: the admin asks for it, and review wants it.
	if opts.platform == string(platform.OpenShift) {
		f = platform.Facts{Platform: platform.OpenShift, RouteAPI: true, GatewayAPI: true, MonitoringAPI: true}
		source = v1alpha1.TrustedProxiesFromOpenShift
	} else {
		f = platform.Facts{Platform: platform.Kubernetes, GatewayAPI: true, MonitoringAPI: opts.monitoringAPI}
	}
	if len(opts.podCIDRs) == 0 {
		return f
	}
	f.PodNetwork = platform.CoveringPrefixes(opts.podCIDRs)
	if len(f.PodNetwork) == 0 {
		fmt.Fprintf(stderr, "note: only a catch-all covers the --pod-cidr ranges (%s): no pod network is trusted\n",
			strings.Join(opts.podCIDRs, ", "))
		return f
	}
	f.PodNetworkSource = source
	return f
}

const kindSFTPGo = "SFTPGo"

func displayName(file string) string {
	if file == "-" {
		return "stdin"
	}
	return file
}

// readInput reads the SFTPGo resources of file, strictly: unknown fields,
// duplicate fields and wrong types are errors. Documents of other kinds are
// skipped with a note.
func readInput(file string, stdin io.Reader, stderr io.Writer) ([]client.Object, error) {
	r := stdin
	if file != "-" {
		fh, err := os.Open(file) //nolint:gosec // G304: reading the file its user names with -f is the command's job
		if err != nil {
			return nil, fmt.Errorf("reading input: %w", err)
		}
		defer fh.Close()
		r = fh
	}
	name := displayName(file)
	reader := utilyaml.NewYAMLReader(bufio.NewReader(r))
	var out []client.Object
	for n := 1; ; n++ {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: document %d: %w", name, n, err)
		}
		objs, err := decodeDocument(doc, fmt.Sprintf("%s: document %d", name, n), stderr)
		if err != nil {
			return nil, err
		}
		out = append(out, objs...)
	}
}

// strictDecoder decodes like the API server does: case-sensitive field
// names, and unknown or duplicate fields refused (listed with their paths).
var strictDecoder = func() runtime.Decoder {
	scheme := runtime.NewScheme()
	utilruntime.Must(v1alpha1.AddToScheme(scheme))
	return kjson.NewSerializerWithOptions(kjson.DefaultMetaFactory, scheme, scheme,
		kjson.SerializerOptions{Yaml: true, Strict: true})
}()

// header is what a document must have to be a Kubernetes object. It is read
// leniently: the strict decode of an SFTPGo reports wrong types itself.
type header struct {
	APIVersion any `json:"apiVersion"`
	Kind       any `json:"kind"`
	Metadata   any `json:"metadata"`
}

func (h header) name() string {
	if m, ok := h.Metadata.(map[string]any); ok {
		if n, ok := m["name"].(string); ok {
			return n
		}
	}
	return ""
}

// describe names the document for messages: its kind and, if any, name.
func (h header) describe(kind string) string {
	if n := h.name(); n != "" {
		return fmt.Sprintf("%s %q", kind, n)
	}
	return kind
}

// decodeDocument decodes one YAML (or JSON) document: an SFTPGo, a v1 List
// or SFTPGoList of them (as kubectl get -o yaml prints), or something to skip.
func decodeDocument(doc []byte, where string, stderr io.Writer) ([]client.Object, error) {
	jsonDoc, err := utilyaml.ToJSON(doc)
	if err != nil {
		return nil, fmt.Errorf("%s: not valid YAML: %w", where, err)
	}
	if t := bytes.TrimSpace(jsonDoc); len(t) == 0 || bytes.Equal(t, []byte("null")) {
		return nil, nil // empty document, or only comments
	}
	var h header
	if err := json.Unmarshal(jsonDoc, &h); err != nil {
		return nil, fmt.Errorf("%s: not a Kubernetes object: expected a mapping with apiVersion and kind", where)
	}
	apiVersion, _ := h.APIVersion.(string)
	kind, _ := h.Kind.(string)
	if apiVersion == "" || kind == "" {
		return nil, fmt.Errorf("%s: not a Kubernetes object: apiVersion and kind must be non-empty strings", where)
	}
	gv := v1alpha1.GroupVersion.String()
	newObject := map[string]func() client.Object{kindSFTPGo: func() client.Object { return &v1alpha1.SFTPGo{} }}
	for k, a := range accountKinds {
		newObject[k] = a.new
	}
	switch {
	case apiVersion == gv && newObject[kind] != nil:
		obj := newObject[kind]()
		// doc, not jsonDoc: duplicate keys are still there to be refused.
		if _, _, err := strictDecoder.Decode(doc, nil, obj); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", where, h.describe(kind), err)
		}
		if obj.GetName() == "" {
			return nil, fmt.Errorf("%s: %s: metadata.name is required", where, kind)
		}
		if obj.GetNamespace() == "" {
			obj.SetNamespace(DefaultNamespace)
		}
		return []client.Object{obj}, nil
	case (apiVersion == "v1" && kind == "List") || (apiVersion == gv && strings.HasSuffix(kind, "List") &&
		newObject[strings.TrimSuffix(kind, "List")] != nil):
		var list struct {
			Items []json.RawMessage `json:"items"`
		}
		if err := json.Unmarshal(jsonDoc, &list); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", where, kind, err)
		}
		var out []client.Object
		for i, item := range list.Items {
			objs, err := decodeDocument(item, fmt.Sprintf("%s: items[%d]", where, i), stderr)
			if err != nil {
				return nil, err
			}
			out = append(out, objs...)
		}
		return out, nil
	default:
		fmt.Fprintf(stderr, "note: %s: skipping %s (%s): only %s SFTPGo and account resources are rendered\n",
			where, h.describe(kind), apiVersion, gv)
		return nil, nil
	}
}

// renderInstance writes the findings of s to stderr and, unless the
// instance cannot be deployed (an Error finding, or a spec this platform
// cannot serve), its objects to out. It reports whether it was blocked.
func renderInstance(out io.Writer, stderr io.Writer, s *v1alpha1.SFTPGo, facts platform.Facts) (blocked bool, err error) {
	in := resolve.New(s, facts)
	findings, err := desired.Check(in)
	writeFindings(stderr, in, findings)
	var unsupported *desired.UnsupportedError
	switch {
	case errors.As(err, &unsupported):
		fmt.Fprintf(stderr, "error: %s\n", err)
		return true, nil
	case err != nil:
		return true, nil // the Error finding is printed above
	}
	objs, err := objects(in)
	if err != nil {
		return false, err
	}
	for _, obj := range objs {
		if err := writeObject(out, obj); err != nil {
			return false, err
		}
	}
	return false, nil
}

// objects returns what the operator creates for a resolved instance, in the
// order it creates them (the registry's), with Placeholder for the data it
// generates in the cluster. The config hash on the Deployment's pod
// template covers the rendered config only: the live one also covers the
// keys generated in the cluster, so the two differ, but a config change
// still shows up here as a hash change.
func objects(in *resolve.Instance) ([]client.Object, error) {
	plan, err := desired.NewPlan(in, desired.Kinds, nil)
	if err != nil {
		return nil, err
	}
	var out []client.Object
	for _, b := range plan.Objects() {
		if b.Kind.Once() {
			showGenerated(b.Object.(*corev1.Secret), b.Kind.Generated)
		}
		out = append(out, b.Object)
	}
	return out, nil
}

// showGenerated moves a Secret's data to stringData, with Placeholder for
// the keys generated in the cluster.
func showGenerated(s *corev1.Secret, generated []string) {
	s.StringData = map[string]string{}
	for k, v := range s.Data {
		s.StringData[k] = string(v)
	}
	for _, k := range generated {
		s.StringData[k] = Placeholder
	}
	s.Data = nil
}

// writeFindings prints a summary line for the instance, then one line per
// finding: `RULE Severity field: message`.
func writeFindings(w io.Writer, in *resolve.Instance, findings []v1alpha1.Finding) {
	var errs, warns int
	for _, f := range findings {
		if f.Severity == v1alpha1.SeverityError {
			errs++
		} else {
			warns++
		}
	}
	id := in.Namespace + "/" + in.Name
	switch {
	case errs > 0:
		fmt.Fprintf(w, "%s %s: %s, %s: objects not printed, the operator blocks the rollout\n",
			kindSFTPGo, id, plural(errs, "error"), plural(warns, "warning"))
	case warns > 0:
		fmt.Fprintf(w, "%s %s: %s\n", kindSFTPGo, id, plural(warns, "warning"))
	default:
		fmt.Fprintf(w, "%s %s: no findings\n", kindSFTPGo, id)
	}
	for _, f := range findings {
		fmt.Fprintf(w, "%s %s %s: %s\n", f.Rule, f.Severity, f.Field, strings.TrimPrefix(f.Message, f.Rule+": "))
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// writeObject prints obj as one document of a YAML stream, without status
// and without the null creationTimestamp fields of unsaved objects.
func writeObject(w io.Writer, obj client.Object) error {
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		return fmt.Errorf("converting %T %s: %w", obj, obj.GetName(), err)
	}
	delete(m, "status")
	dropNullTimestamps(m)
	b, err := yaml.Marshal(m)
	if err != nil {
		return fmt.Errorf("encoding %T %s: %w", obj, obj.GetName(), err)
	}
	header := "---\n"
	switch o := obj.(type) {
	case *corev1.Secret:
		if hasPlaceholder(o) {
			header += "# Data the operator generates in the cluster is shown as a placeholder.\n"
		}
	case *appsv1.Deployment:
		header += "# The " + manifests.AnnotationPodConfigHash + " annotation covers sftpgo.json only here;\n" +
			"# in the cluster it also covers the generated keys, so its value differs.\n"
	}
	_, err = io.WriteString(w, header+string(b))
	return err
}

func hasPlaceholder(s *corev1.Secret) bool {
	for _, v := range s.StringData {
		if v == Placeholder {
			return true
		}
	}
	return false
}

// dropNullTimestamps removes "creationTimestamp: null" wherever it appears
// (the object's and the pod template's metadata).
func dropNullTimestamps(m map[string]any) {
	for k, v := range m {
		switch v := v.(type) {
		case map[string]any:
			dropNullTimestamps(v)
		case []any:
			for _, e := range v {
				if em, ok := e.(map[string]any); ok {
					dropNullTimestamps(em)
				}
			}
		case nil:
			if k == "creationTimestamp" {
				delete(m, k)
			}
		}
	}
}
