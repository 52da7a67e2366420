package render

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/desired"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// The render prints every object the registry builds, in its order, and
// nothing else.
func TestRenderPrintsWhatTheRegistryBuilds(t *testing.T) {
	facts := platform.Facts{Platform: platform.OpenShift, RouteAPI: true, GatewayAPI: true,
		PodNetwork: []string{"10.128.0.0/14"}, PodNetworkSource: v1alpha1.TrustedProxiesFromOpenShift}
	specs := map[string]func(*v1alpha1.SFTPGo){
		"route": func(*v1alpha1.SFTPGo) {},
		"httproute, postgres, 2 replicas": func(s *v1alpha1.SFTPGo) {
			s.Spec.Expose.Type, s.Spec.Expose.Host = v1alpha1.ExposeHTTPRoute, "files.example.com"
			s.Spec.Expose.GatewayRef.Name = "gw"
			s.Spec.DataProvider.Driver, s.Spec.DataProvider.Host = v1alpha1.DriverPostgreSQL, "db"
			s.Spec.Replicas = ptr.To[int32](2)
			s.Spec.Storage.Data.ExistingClaim = "shared"
		},
	}
	for name, mutate := range specs {
		t.Run(name, func(t *testing.T) {
			s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: "ns"}}
			mutate(s)
			var out, stderr bytes.Buffer
			blocked, err := renderInstance(&out, &stderr, s, facts)
			if err != nil || blocked {
				t.Fatalf("blocked %v, error %v: %s", blocked, err, stderr.String())
			}
			var printed []string
			dec := utilyaml.NewYAMLOrJSONDecoder(&out, 4096)
			for {
				var obj metav1.PartialObjectMetadata
				if err := dec.Decode(&obj); errors.Is(err, io.EOF) {
					break
				} else if err != nil {
					t.Fatal(err)
				}
				printed = append(printed, obj.Kind+"/"+obj.Name)
			}
			plan, err := desired.NewPlan(resolve.New(s, facts), desired.Kinds, nil)
			if err != nil {
				t.Fatal(err)
			}
			var built []string
			for _, b := range plan.Objects() {
				built = append(built, b.GetObjectKind().GroupVersionKind().Kind+"/"+b.GetName())
			}
			if !slices.Equal(printed, built) {
				t.Errorf("printed %v\nbuilt   %v", printed, built)
			}
		})
	}
}
