// Package desired assembles the objects an SFTPGo instance owns, in the order
// they are applied. It is pure: the controller applies the list (after
// setting owner references) and the render command prints it, so the two
// cannot drift apart.
package desired

import (
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

// Objects returns the objects the instance owns, in apply order: the claims
// (before the Deployment that mounts them), the config ConfigMap, the SFTP
// Service when SFTP is on, the web Service, the Ingress, Route or HTTPRoute
// that publishes the web, the NetworkPolicy unless spec.security.networkPolicy
// is Disabled, and last the Deployment, whose pod template carries
// the hash of the rendered config and of secretData (the data the pods read
// at start: `<name>-keys`, the database credentials, and the Secrets and
// ConfigMaps spec.podTemplate takes variables from), so that a change to any
// of them rolls the pods.
//
// The `<name>-keys` and `<name>-admin` Secrets are not included: they are
// created once with generated data and never rewritten. No object has owner
// references; see Owned for which ones the instance owns.
//
// It fails when the cluster lacks the API the spec publishes the web with
// (an *UnsupportedError), or when the config cannot be rendered (spec.config
// not a JSON object, which security.Evaluate reports as SEC006 first).
func Objects(in *resolve.Instance, secretData map[string][]byte) ([]client.Object, error) {
	if err := Supported(in); err != nil {
		return nil, err
	}
	sftpgoJSON, err := sftpgoconfig.Render(in)
	if err != nil {
		return nil, err
	}
	var out []client.Object
	for _, c := range manifests.Claims(in) {
		out = append(out, c)
	}
	out = append(out, manifests.ConfigMap(in, sftpgoJSON))
	if svc := manifests.Service(in); svc != nil {
		out = append(out, svc)
	}
	out = append(out, manifests.WebService(in))
	if ing := manifests.Ingress(in); ing != nil {
		out = append(out, ing)
	}
	if route := manifests.Route(in); route != nil {
		out = append(out, route)
	}
	if route := manifests.HTTPRoute(in); route != nil {
		out = append(out, route)
	}
	if np := manifests.NetworkPolicy(in); np != nil {
		out = append(out, np)
	}
	if pdb := manifests.PodDisruptionBudget(in); pdb != nil {
		out = append(out, pdb)
	}
	hash := manifests.ConfigHash(sftpgoJSON, secretData)
	out = append(out, manifests.Deployment(in, hash))
	return out, nil
}

// Owned reports whether obj, one of the instance's objects, gets the instance
// as controller owner (and so is garbage collected with it). Claims, the keys
// Secret and the generated admin Secret are left unowned when
// spec.storage.retainOnDelete is on, so the files, the server identity and
// the admin password that matches the kept database outlive the resource;
// everything else is owned.
func Owned(in *resolve.Instance, obj client.Object) bool {
	switch o := obj.(type) {
	case *corev1.PersistentVolumeClaim:
		return !in.RetainOnDelete()
	case *corev1.Secret:
		// The generated admin password stays with the kept database.
		if o.Name == manifests.KeysSecretName(in) || o.Name == manifests.AdminSecretName(in) {
			return !in.RetainOnDelete()
		}
	}
	return true
}
