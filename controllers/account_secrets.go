package controllers

import (
	"context"
	"sync"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// secretMemo holds the data of the Secrets account resources read (their
// passwords, keys, connection Secrets, the operator's admin), read from
// the API server once per resourceVersion: the reference cache keeps only
// the metadata of every Secret, and says when a Secret changed.
type secretMemo struct {
	// References reads Secret metadata; APIReader reads a Secret whole.
	References client.Reader
	APIReader  client.Reader

	mu   sync.Mutex
	data map[types.NamespacedName]memoSecret
}

type memoSecret struct {
	version string
	data    map[string][]byte
}

// Get returns the Secret's data and its version (uid and resourceVersion),
// or nil data when it does not exist.
func (m *secretMemo) Get(ctx context.Context, namespace, name string) (map[string][]byte, string, error) {
	key := types.NamespacedName{Namespace: namespace, Name: name}
	meta := metadataOf("Secret")
	if err := m.References.Get(ctx, key, meta); err != nil {
		if client.IgnoreNotFound(err) != nil {
			return nil, "", err
		}
		m.forget(key)
		return nil, "", nil
	}
	version := string(meta.UID) + ":" + meta.ResourceVersion
	m.mu.Lock()
	e, ok := m.data[key]
	m.mu.Unlock()
	if ok && e.version == version {
		return e.data, version, nil
	}
	var secret corev1.Secret
	if err := m.APIReader.Get(ctx, key, &secret); err != nil {
		if client.IgnoreNotFound(err) != nil {
			return nil, "", err
		}
		m.forget(key)
		return nil, "", nil
	}
	version = string(secret.UID) + ":" + secret.ResourceVersion
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.data == nil {
		m.data = map[types.NamespacedName]memoSecret{}
	}
	m.data[key] = memoSecret{version: version, data: secret.Data}
	return secret.Data, version, nil
}

func (m *secretMemo) forget(key types.NamespacedName) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.data, key)
}
