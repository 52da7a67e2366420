package manifests

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// typeMeta is set on every built object so that rendered YAML is complete
// and the apply code can tell kinds apart without a scheme lookup.
func typeMeta(apiVersion, kind string) metav1.TypeMeta {
	return metav1.TypeMeta{APIVersion: apiVersion, Kind: kind}
}
