package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"os"
	"slices"
	"testing"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"

	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
)

// csvFile is the ClusterServiceVersion `make bundle` generates (hack/bundle).
const csvFile = "../../bundle/manifests/sftpgo-operator.clusterserviceversion.yaml"

// openShiftClusterNetwork is the cluster network of a default OpenShift
// install, as networks.config.openshift.io/cluster reports it.
const openShiftClusterNetwork = "10.128.0.0/14"

// TestFirstALMExampleWorksOnOpenShift: the OpenShift console pre-fills its
// form with the CSV's first alm-example, so that one must work unchanged on
// OpenShift: no Error finding, the web behind a Route, and trusted proxies
// the operator derives from the cluster network (a hard-coded range brings
// the login loop back on a cluster whose network differs).
func TestFirstALMExampleWorksOnOpenShift(t *testing.T) {
	data, err := os.ReadFile(csvFile)
	if err != nil {
		t.Fatalf("%v: run `make bundle`", err)
	}
	var csv struct {
		Metadata struct {
			Annotations map[string]string `json:"annotations"`
		} `json:"metadata"`
	}
	if err := yaml.Unmarshal(data, &csv); err != nil {
		t.Fatal(err)
	}
	var examples []json.RawMessage
	if err := json.Unmarshal([]byte(csv.Metadata.Annotations["alm-examples"]), &examples); err != nil || len(examples) == 0 {
		t.Fatalf("alm-examples %q: %v", csv.Metadata.Annotations["alm-examples"], err)
	}
	first := examples[0]

	var stdout, stderr bytes.Buffer
	code := Run([]string{"-f", "-", "--platform", "openshift", "--pod-cidr", openShiftClusterNetwork},
		bytes.NewReader(first), &stdout, &stderr)
	if code != ExitOK {
		t.Fatalf("the first alm-example fails on OpenShift (exit %d):\n%s\n%s\nput a sample that works on OpenShift as it is first in config/samples/kustomization.yaml",
			code, stderr.String(), first)
	}

	kinds := map[string]map[string]any{}
	reader := utilyaml.NewYAMLReader(bufio.NewReader(&stdout))
	for {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var obj map[string]any
		if err := yaml.Unmarshal(doc, &obj); err != nil {
			t.Fatal(err)
		}
		if obj == nil {
			continue
		}
		if labels, _ := obj["metadata"].(map[string]any)["labels"].(map[string]any); labels[manifests.LabelComponent] == manifests.ComponentMonitoring {
			continue // the dashboard's ConfigMap; the config's is checked below
		}
		kinds[obj["kind"].(string)] = obj
	}
	if _, ok := kinds["Route"]; !ok {
		t.Errorf("the first alm-example publishes no Route on OpenShift (objects: %v): the console's users get no web UI", slices.Sorted(maps.Keys(kinds)))
	}
	cm, ok := kinds["ConfigMap"]
	if !ok {
		t.Fatal("no ConfigMap rendered")
	}
	var config struct {
		HTTPD struct {
			Bindings []struct {
				ProxyAllowed []string `json:"proxy_allowed"`
			} `json:"bindings"`
		} `json:"httpd"`
	}
	sftpgoJSON, _ := cm["data"].(map[string]any)["sftpgo.json"].(string)
	if err := json.Unmarshal([]byte(sftpgoJSON), &config); err != nil || len(config.HTTPD.Bindings) == 0 {
		t.Fatalf("sftpgo.json %q: %v", sftpgoJSON, err)
	}
	if got := config.HTTPD.Bindings[0].ProxyAllowed; !slices.Equal(got, []string{openShiftClusterNetwork}) {
		t.Errorf("the first alm-example trusts proxies %v on a cluster whose network is %s: leave spec.security.trustedProxies empty so that the operator derives them",
			got, openShiftClusterNetwork)
	}
}
