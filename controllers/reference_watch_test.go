package controllers

import (
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

func TestReferencedObjects(t *testing.T) {
	secretKey := func(name string) *corev1.EnvVarSource {
		return &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
			LocalObjectReference: corev1.LocalObjectReference{Name: name}, Key: "k"}}
	}
	tests := []struct {
		name string
		spec v1alpha1.SFTPGoSpec
		want []string
	}{
		{"nothing named", v1alpha1.SFTPGoSpec{}, nil},
		{"every field, the same Secret once", v1alpha1.SFTPGoSpec{
			AdminCredentialsSecret: &v1alpha1.CredentialsSecretReference{SecretReference: v1alpha1.SecretReference{Name: "admin"}},
			DataProvider:           v1alpha1.DataProviderSpec{CredentialsSecret: &v1alpha1.CredentialsSecretReference{SecretReference: v1alpha1.SecretReference{Name: "db"}}},
			Expose:                 v1alpha1.ExposeSpec{TLS: v1alpha1.ExposeTLS{CertificateSecret: &v1alpha1.SecretReference{Name: "tls"}}},
			PodTemplate: v1alpha1.PodTemplate{
				Env: []corev1.EnvVar{
					{Name: "A", ValueFrom: secretKey("db")},
					{Name: "B", ValueFrom: &corev1.EnvVarSource{ConfigMapKeyRef: &corev1.ConfigMapKeySelector{
						LocalObjectReference: corev1.LocalObjectReference{Name: "settings"}, Key: "k"}}},
					{Name: "C", Value: "plain"},
				},
				EnvFrom: []corev1.EnvFromSource{
					{SecretRef: &corev1.SecretEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "kms"}}},
					{ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "db"}}},
				},
			},
		}, []string{"Secret/admin", "Secret/db", "Secret/tls", "ConfigMap/settings", "Secret/kms", "ConfigMap/db"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := referencedObjects(&v1alpha1.SFTPGo{Spec: tt.spec})
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
