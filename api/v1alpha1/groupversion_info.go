// Package v1alpha1 contains the SFTPGo API of group sftpgo.operator.dev.
// +kubebuilder:object:generate=true
// +groupName=sftpgo.operator.dev
package v1alpha1

import (
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/scheme"
)

var (
	// GroupVersion is the group and version of the SFTPGo API.
	GroupVersion = schema.GroupVersion{Group: "sftpgo.operator.dev", Version: "v1alpha1"}

	// SchemeBuilder registers the API types with a scheme.
	SchemeBuilder = &scheme.Builder{GroupVersion: GroupVersion}

	// AddToScheme adds the API types to a scheme.
	AddToScheme = SchemeBuilder.AddToScheme
)
