package controllers

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/outcome"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// referencedSecretData checks the Secrets the spec names (credentials, the
// FTP certificate) and returns the data the pods read from them at start
// (the database credentials), so a change of it rolls the pods. A missing
// Secret or key is reported by name rather than left to a pod stuck in
// CreateContainerConfigError or ContainerCreating.
func (r *SFTPGoReconciler) referencedSecretData(ctx context.Context, in *resolve.Instance) (map[string][]byte, error) {
	out := map[string][]byte{}
	if admin := in.AdminCredentials; admin.Field != "" {
		if _, err := r.readSecret(ctx, in, admin); err != nil {
			return nil, err
		}
	}
	if creds := in.DatabaseCredentials; creds != nil {
		data, err := r.readSecret(ctx, in, *creds)
		if err != nil {
			return nil, err
		}
		for _, k := range []string{creds.UsernameKey, creds.PasswordKey} {
			out["dataProvider/"+k] = data[k]
		}
	}
	// Without its certificate Secret an FTPS pod would wait in
	// ContainerCreating. Its data is not pod data: the kubelet updates the
	// mounted files on renewal and SFTPGo reloads them, with no rollout.
	if name := in.FTPCertSecret(); name != "" {
		if _, err := r.readNamedSecret(ctx, in, name, "spec.ftp.certificateSecret",
			corev1.TLSCertKey, corev1.TLSPrivateKeyKey); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readSecret reads a credentials Secret the spec names (see
// referencedData) and checks that it has both keys.
func (r *SFTPGoReconciler) readSecret(ctx context.Context, in *resolve.Instance, c resolve.Credentials) (map[string][]byte, error) {
	return r.readNamedSecret(ctx, in, c.Name, c.Field, c.UsernameKey, c.PasswordKey)
}

// readNamedSecret reads a Secret the spec names in field and checks that
// it has every key.
func (r *SFTPGoReconciler) readNamedSecret(ctx context.Context, in *resolve.Instance, name, field string, keys ...string) (map[string][]byte, error) {
	data, err := r.referencedData(ctx, in.Namespace, "Secret", name)
	if err != nil {
		return nil, err
	}
	if data == nil {
		return nil, &outcome.WaitingError{Reason: v1alpha1.ReasonSecretMissing, Message: fmt.Sprintf(
			"Secret %q named by %s does not exist in namespace %s: create it with keys %v.", name, field, in.Namespace, keys)}
	}
	for _, k := range keys {
		if len(data[k]) == 0 {
			return nil, &outcome.WaitingError{Reason: v1alpha1.ReasonSecretIncomplete, Message: fmt.Sprintf(
				"Secret %q named by %s has no key %q: add it.", name, field, k)}
		}
	}
	return data, nil
}

// missingTLSSecret returns the TLS Secret in use when it does not exist.
// It blocks nothing: an Ingress without its Secret serves the ingress
// controller's default certificate (browsers warn, nothing else breaks), and
// cert-manager often creates the Secret only after the Ingress exists.
func (r *SFTPGoReconciler) missingTLSSecret(ctx context.Context, in *resolve.Instance) (string, error) {
	name := in.TLSSecret
	if name == "" {
		return "", nil
	}
	found, err := r.exists(ctx, in.Namespace, "Secret", name)
	if found || err != nil {
		return "", err
	}
	return name, nil
}
