package controllers

import (
	"context"
	"fmt"
	"maps"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/outcome"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// podTemplateRefs is what the SFTPGo container reads at start from the
// Secrets and ConfigMaps that spec.podTemplate.env and envFrom name.
type podTemplateRefs struct {
	// envFromNames are the variables each envFrom source adds, by index,
	// for rule SEC009.
	envFromNames map[int][]string
	// data goes into the pod template hash, so a change of it rolls the
	// pods as the kubelet reads it only at container start.
	data map[string][]byte
	// notReady names the first missing Secret, ConfigMap or key that is
	// not optional: the container could not start.
	notReady *outcome.WaitingError
}

// readPodTemplateRefs reads the Secrets and ConfigMaps the SFTPGo container
// takes variables from. They are the admin's, so read from the API server,
// like the other Secrets the spec names (watchReferences tells when).
func (r *SFTPGoReconciler) readPodTemplateRefs(ctx context.Context, in *resolve.Instance) (*podTemplateRefs, error) {
	refs := &podTemplateRefs{data: map[string][]byte{}}
	read := map[string]map[string][]byte{} // each object once: kind/name -> data, nil when missing
	fetch := func(kind, name string) (map[string][]byte, error) {
		id := kind + "/" + name
		if data, done := read[id]; done {
			return data, nil
		}
		data, err := r.referencedData(ctx, in.Namespace, kind, name)
		read[id] = data
		return data, err
	}
	pt := in.Spec.PodTemplate
	for i, e := range pt.Env {
		kind, name, key, optional, ok := envKeyRef(e)
		if !ok {
			continue
		}
		field := fmt.Sprintf("spec.podTemplate.env[%d] (%s)", i, e.Name)
		data, err := fetch(kind, name)
		if err != nil {
			return nil, err
		}
		value, has := data[key]
		switch {
		case has:
			refs.data[referenceKey(kind, name, key)] = value
		case optional:
		case data == nil:
			refs.missing(kind, name, field)
		default:
			refs.incomplete(kind, name, key, field)
		}
	}
	for i, src := range pt.EnvFrom {
		kind, name, optional, ok := envFromRef(src)
		if !ok {
			continue
		}
		data, err := fetch(kind, name)
		if err != nil {
			return nil, err
		}
		if data == nil {
			if !optional {
				refs.missing(kind, name, fmt.Sprintf("spec.podTemplate.envFrom[%d]", i))
			}
			continue
		}
		var names []string
		for key, value := range data {
			names = append(names, src.Prefix+key)
			refs.data[referenceKey(kind, name, key)] = value
		}
		slices.Sort(names)
		if refs.envFromNames == nil {
			refs.envFromNames = map[int][]string{}
		}
		refs.envFromNames[i] = names
	}
	return refs, nil
}

// referencedData returns the data of a Secret or the string data of a
// ConfigMap the spec names, or nil when there is none. Such objects are the
// admin's, so not in the operator's cache: they are read from the API
// server, and only their metadata is in the reference cache, which tells a
// missing one without a request.
func (r *SFTPGoReconciler) referencedData(ctx context.Context, namespace, kind, name string) (map[string][]byte, error) {
	if found, err := r.exists(ctx, namespace, kind, name); !found || err != nil {
		return nil, err
	}
	key := client.ObjectKey{Namespace: namespace, Name: name}
	data := map[string][]byte{}
	if kind == "Secret" {
		var s corev1.Secret
		if err := r.APIReader.Get(ctx, key, &s); err != nil {
			return nil, client.IgnoreNotFound(err)
		}
		maps.Copy(data, s.Data)
		return data, nil
	}
	var cm corev1.ConfigMap
	if err := r.APIReader.Get(ctx, key, &cm); err != nil {
		return nil, client.IgnoreNotFound(err)
	}
	for k, v := range cm.Data {
		data[k] = []byte(v)
	}
	return data, nil
}

func (refs *podTemplateRefs) missing(kind, name, field string) {
	refs.fail(kind, v1alpha1.ReasonSecretMissing, v1alpha1.ReasonConfigMapMissing,
		"%s %q named by %s does not exist: create it, or mark the reference optional.", kind, name, field)
}

func (refs *podTemplateRefs) incomplete(kind, name, key, field string) {
	refs.fail(kind, v1alpha1.ReasonSecretIncomplete, v1alpha1.ReasonConfigMapIncomplete,
		"%s %q named by %s has no key %q: add it, or mark the reference optional.", kind, name, field, key)
}

// fail keeps the first reason the container could not start, with the
// Secret's or the ConfigMap's variant of it.
func (refs *podTemplateRefs) fail(kind, secretReason, configMapReason, format string, args ...any) {
	if refs.notReady != nil {
		return
	}
	reason := secretReason
	if kind == "ConfigMap" {
		reason = configMapReason
	}
	refs.notReady = &outcome.WaitingError{Reason: reason, Message: fmt.Sprintf(format, args...)}
}

// referenceKey names a referenced value in the pod template hash, apart
// from the keys Secret's and the database credentials' entries.
func referenceKey(kind, name, key string) string {
	return "podTemplate/" + kind + "/" + name + "/" + key
}

func envKeyRef(e corev1.EnvVar) (kind, name, key string, optional, ok bool) {
	switch {
	case e.ValueFrom == nil:
	case e.ValueFrom.SecretKeyRef != nil:
		ref := e.ValueFrom.SecretKeyRef
		return "Secret", ref.Name, ref.Key, ptr.Deref(ref.Optional, false), true
	case e.ValueFrom.ConfigMapKeyRef != nil:
		ref := e.ValueFrom.ConfigMapKeyRef
		return "ConfigMap", ref.Name, ref.Key, ptr.Deref(ref.Optional, false), true
	}
	return "", "", "", false, false
}

func envFromRef(src corev1.EnvFromSource) (kind, name string, optional, ok bool) {
	switch {
	case src.SecretRef != nil:
		return "Secret", src.SecretRef.Name, ptr.Deref(src.SecretRef.Optional, false), true
	case src.ConfigMapRef != nil:
		return "ConfigMap", src.ConfigMapRef.Name, ptr.Deref(src.ConfigMapRef.Optional, false), true
	}
	return "", "", false, false
}
