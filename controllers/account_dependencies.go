package controllers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"k8s.io/apimachinery/pkg/api/meta"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/accounts"
	"github.com/sftpgo-operator/sftpgo-operator/internal/outcome"
)

// Field indexes of account resources, for the watches that map an event
// to the resources it concerns.
const (
	// indexAccountServer: the spec.server.name of the resource.
	indexAccountServer = "sftpgo.operator.dev/account-server"
	// indexAccountSecrets: every Secret the resource reads, its
	// connection Secret and its server's operator admin Secret.
	indexAccountSecrets = "sftpgo.operator.dev/account-secrets"
	// indexAccountName: the account it manages, as dependencyID.
	indexAccountName = "sftpgo.operator.dev/account-name"
	// indexAccountNeeds: the groups and folders it names, as dependencyID.
	indexAccountNeeds = "sftpgo.operator.dev/account-needs"
)

// dependencyID names an account of a kind on a server.
func dependencyID(kind accounts.DependencyKind, server, name string) string {
	return string(kind) + "|" + server + "|" + name
}

// dependencies waits for the groups and folders the resource names that a
// resource in the namespace manages on the same server, until they exist
// there (their status.id is set): SFTPGo refuses a user naming a missing
// group or folder. Names no resource manages are left to the server, which
// says whether they exist.
func (r *AccountReconciler[R, O]) dependencies(ctx context.Context, res R, server string) error {
	for _, d := range r.Kind.Needs(res) {
		list, reason := dependencyList(d.Kind)
		if err := r.List(ctx, list, client.InNamespace(res.GetNamespace()),
			client.MatchingFields{indexAccountName: dependencyID(d.Kind, server, d.Name)}); err != nil {
			return err
		}
		items, err := meta.ExtractList(list)
		if err != nil {
			return err
		}
		for _, item := range items {
			dep := item.(accounts.Resource)
			if dep.AccountStatus().ID == 0 {
				return &outcome.PendingError{Reason: reason, Message: fmt.Sprintf(
					"The %s %q is not on the server yet (resource %s); the account is applied as soon as it is.",
					d.Kind, d.Name, dep.GetName())}
			}
		}
	}
	return nil
}

func dependencyList(kind accounts.DependencyKind) (client.ObjectList, string) {
	if kind == accounts.DependsOnFolder {
		return &v1alpha1.SFTPGoFolderList{}, v1alpha1.ReasonWaitingForFolder
	}
	return &v1alpha1.SFTPGoGroupList{}, v1alpha1.ReasonWaitingForGroup
}

// secretValues reads the Secret keys the resource names, and the version
// of what it read: a fingerprint of the Secrets' uids and resourceVersions
// (not of their values), which status.secretsVersion keeps.
func (r *AccountReconciler[R, O]) secretValues(ctx context.Context, res R) (accounts.Values, string, error) {
	refs := r.Kind.Secrets(res)
	if len(refs) == 0 {
		return accounts.Values{}, "", nil
	}
	values := accounts.Values{}
	h := sha256.New()
	for _, ref := range refs {
		data, version, err := r.Secrets.Get(ctx, res.GetNamespace(), ref.Name)
		if err != nil {
			return nil, "", err
		}
		if data == nil {
			return nil, "", &outcome.WaitingError{Reason: v1alpha1.ReasonSecretMissing, Message: fmt.Sprintf(
				"Secret %q named by %s does not exist in namespace %s: create it with key %q.",
				ref.Name, ref.Field, res.GetNamespace(), ref.Key)}
		}
		value, ok := data[ref.Key]
		if !ok || len(value) == 0 {
			return nil, "", &outcome.WaitingError{Reason: v1alpha1.ReasonSecretIncomplete, Message: fmt.Sprintf(
				"Secret %q named by %s has no key %q: add it.", ref.Name, ref.Field, ref.Key)}
		}
		values[ref.Field] = string(value)
		fmt.Fprintf(h, "%s|%s|%s|%s\n", ref.Field, ref.Name, ref.Key, version)
	}
	return values, hex.EncodeToString(h.Sum(nil)[:16]), nil
}
