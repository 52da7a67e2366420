// Package v1alpha1 contains the SFTPGo API of group sftpgo.operator.dev.
// +kubebuilder:object:generate=true
// +groupName=sftpgo.operator.dev
package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

var (
	// GroupVersion is the group and version of the SFTPGo API.
	GroupVersion = schema.GroupVersion{Group: "sftpgo.operator.dev", Version: "v1alpha1"}

	schemeBuilder = runtime.NewSchemeBuilder(addKnownTypes)

	// AddToScheme adds the API types to a scheme.
	AddToScheme = schemeBuilder.AddToScheme
)

func addKnownTypes(s *runtime.Scheme) error {
	s.AddKnownTypes(GroupVersion, &SFTPGo{}, &SFTPGoList{})
	metav1.AddToGroupVersion(s, GroupVersion)
	return nil
}
