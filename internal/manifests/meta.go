// Package manifests builds the objects an SFTPGo instance needs, as pure
// functions of the resolved instance. The controller applies them; the
// render command prints them.
package manifests

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// Label keys and values on every object the operator makes.
const (
	LabelName      = "app.kubernetes.io/name"
	LabelInstance  = "app.kubernetes.io/instance"
	LabelManagedBy = "app.kubernetes.io/managed-by"
	LabelComponent = "app.kubernetes.io/component"

	AppName   = "sftpgo"
	ManagedBy = "sftpgo-operator"
)

// Components, the values of LabelComponent.
const (
	ComponentConfig  = "config"
	ComponentKeys    = "host-keys"
	ComponentAdmin   = "admin-credentials"
	ComponentServer  = "server"
	ComponentWeb     = "web"
	ComponentWebDAV  = "webdav"
	ComponentData    = "data"
	ComponentState   = "state"
	ComponentNetwork = "network-policy"
)

// Annotations the operator sets.
const (
	// AnnotationPodConfigHash on the pod template changes with the config
	// and keys, so a change rolls the pods.
	AnnotationPodConfigHash = "sftpgo.operator.dev/config-hash"
)

// ConfigMapName names the ConfigMap holding sftpgo.json.
func ConfigMapName(in *resolve.Instance) string { return in.Name + "-config" }

// KeysSecretName names the Secret of the host keys and signing passphrase.
func KeysSecretName(in *resolve.Instance) string { return in.Name + "-keys" }

// WebServiceName names the ClusterIP Service of the web UI and REST API.
func WebServiceName(in *resolve.Instance) string { return in.Name + "-web" }

// DataClaimName names the claim of the user files: spec.storage.data.existingClaim
// when set, else the operator's own.
func DataClaimName(in *resolve.Instance) string {
	if c := in.Spec.Storage.Data.ExistingClaim; c != "" {
		return c
	}
	return in.Name + "-data"
}

// StateClaimName names the claim of SFTPGo's state (the sqlite database).
func StateClaimName(in *resolve.Instance) string { return in.Name + "-state" }

// SelectorLabels select the pods of an instance; they never change.
func SelectorLabels(in *resolve.Instance) map[string]string {
	return map[string]string{LabelName: AppName, LabelInstance: in.Name}
}

// PodSelector is SelectorLabels as a label query
// (app.kubernetes.io/instance=files,app.kubernetes.io/name=sftpgo): the
// SFTPGo's status.selector, which its scale subresource reports.
func PodSelector(in *resolve.Instance) string {
	return labels.SelectorFromSet(SelectorLabels(in)).String()
}

// Labels are the labels of an owned object of the given component.
func Labels(in *resolve.Instance, component string) map[string]string {
	l := SelectorLabels(in)
	l[LabelManagedBy] = ManagedBy
	l[LabelComponent] = component
	return l
}

func objectMeta(in *resolve.Instance, name, component string) metav1.ObjectMeta {
	return metav1.ObjectMeta{Name: name, Namespace: in.Namespace, Labels: Labels(in, component)}
}

// copyMap returns a copy of m, or nil when it is empty.
func copyMap(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
