package controllers

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// referencePoll is how often Secrets the admin names are read again. They
// are not the operator's, so not in its label-filtered cache and not
// watched: caching every Secret of the cluster would cost more than this.
const referencePoll = 2 * time.Minute

// Condition reasons for Secrets the spec names.
const (
	ReasonSecretMissing    = "SecretMissing"
	ReasonSecretIncomplete = "SecretIncomplete"
)

// notReadyError stops a reconcile before anything is applied, for a reason
// the admin must fix; the Ready condition carries it.
type notReadyError struct {
	reason, message string
}

func (e *notReadyError) Error() string { return e.message }

// referencedSecretData checks the Secrets the spec names and returns the
// data the pods read from them at start (the database credentials), so a
// change of it rolls the pods. A missing Secret or key is reported by name
// rather than left to a pod stuck in CreateContainerConfigError.
func (r *SFTPGoReconciler) referencedSecretData(ctx context.Context, in *resolve.Instance) (map[string][]byte, error) {
	out := map[string][]byte{}
	if name := in.Spec.AdminCredentialsSecret; name != "" {
		if _, err := r.readSecret(ctx, in, name, "spec.adminCredentialsSecret",
			manifests.AdminUsernameKey, manifests.AdminPasswordKey); err != nil {
			return nil, err
		}
	}
	creds := in.Spec.DataProvider.CredentialsSecret
	if in.SharedDataProvider() && creds.Name != "" {
		data, err := r.readSecret(ctx, in, creds.Name, "spec.dataProvider.credentialsSecret", creds.UsernameKey, creds.PasswordKey)
		if err != nil {
			return nil, err
		}
		for _, k := range []string{creds.UsernameKey, creds.PasswordKey} {
			out["dataProvider/"+k] = data[k]
		}
	}
	return out, nil
}

func (r *SFTPGoReconciler) readSecret(ctx context.Context, in *resolve.Instance, name, field string, keys ...string) (map[string][]byte, error) {
	var secret corev1.Secret
	err := r.APIReader.Get(ctx, client.ObjectKey{Namespace: in.Namespace, Name: name}, &secret)
	if apierrors.IsNotFound(err) {
		return nil, &notReadyError{reason: ReasonSecretMissing, message: fmt.Sprintf(
			"Secret %q named by %s does not exist in namespace %s: create it with keys %v.", name, field, in.Namespace, keys)}
	}
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		if len(secret.Data[k]) == 0 {
			return nil, &notReadyError{reason: ReasonSecretIncomplete, message: fmt.Sprintf(
				"Secret %q named by %s has no key %q: add it.", name, field, k)}
		}
	}
	return secret.Data, nil
}

// referencesSecrets reports whether the instance reads Secrets (or, through
// spec.podTemplate, ConfigMaps) the operator does not own, which are then
// polled.
func referencesSecrets(in *resolve.Instance) bool {
	return in.Spec.AdminCredentialsSecret != "" ||
		(in.SharedDataProvider() && in.Spec.DataProvider.CredentialsSecret.Name != "") ||
		namesPodTemplateObjects(in)
}
