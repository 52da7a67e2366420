package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/accounts"
)

// accountKinds are the account resources render reads, by kind, with the
// REST collection the operator creates them in.
var accountKinds = map[string]struct {
	new        func() client.Object
	collection string
}{
	"SFTPGoUser":   {func() client.Object { return &v1alpha1.SFTPGoUser{} }, "/api/v2/users"},
	"SFTPGoGroup":  {func() client.Object { return &v1alpha1.SFTPGoGroup{} }, "/api/v2/groups"},
	"SFTPGoFolder": {func() client.Object { return &v1alpha1.SFTPGoFolder{} }, "/api/v2/folders"},
	"SFTPGoAdmin":  {func() client.Object { return &v1alpha1.SFTPGoAdmin{} }, "/api/v2/admins"},
}

// secretPlaceholder stands for a secret value in a printed payload.
func secretPlaceholder(ref accounts.SecretRef) string {
	return fmt.Sprintf("<value of key %q of Secret %q>", ref.Key, ref.Name)
}

// renderAccount writes the REST payload the operator would send to create
// the account of an account resource, as a JSON document (valid YAML) of
// the stream, secret values as placeholders.
func renderAccount(out io.Writer, obj client.Object) error {
	var payload any
	var err error
	switch res := obj.(type) {
	case *v1alpha1.SFTPGoUser:
		payload, err = accountPayload(accounts.Users, res)
	case *v1alpha1.SFTPGoGroup:
		payload, err = accountPayload(accounts.Groups, res)
	case *v1alpha1.SFTPGoFolder:
		payload, err = accountPayload(accounts.Folders, res)
	case *v1alpha1.SFTPGoAdmin:
		payload, err = accountPayload(accounts.Admins, res)
	}
	if err != nil {
		return err
	}
	raw, err := json.MarshalIndent(payload, "", "  ")
	if err != nil {
		return err
	}
	// The objects' own encoders escape the placeholders' <> for HTML;
	// unescaped, the JSON is the same and reads better.
	b := htmlUnescaper.Replace(string(raw)) + "\n"
	kind := obj.GetObjectKind().GroupVersionKind().Kind
	_, err = fmt.Fprintf(out, "---\n# %s %s/%s: POST %s to %s\n%s", kind, obj.GetNamespace(), obj.GetName(),
		accountKinds[kind].collection, serverOf(obj), b)
	return err
}

// serverOf names the server a resource's spec.server names.
func serverOf(obj client.Object) string {
	ref := obj.(accounts.Resource).Server()
	if ref.ConnectionSecret != nil {
		return "the server of connection Secret " + ref.ConnectionSecret.Name
	}
	return "SFTPGo " + ref.Name
}

func accountPayload[R accounts.Resource, O any](kind accounts.Kind[R, O], res R) (*O, error) {
	values := accounts.Values{}
	for _, ref := range kind.Secrets(res) {
		values[ref.Field] = secretPlaceholder(ref)
	}
	return kind.Build(res, values, accounts.Marker(res.GetNamespace(), res.GetName()))
}

var htmlUnescaper = strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&")
