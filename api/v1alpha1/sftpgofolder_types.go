package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// SFTPGoFolderSpec is an SFTPGo virtual folder: a directory or bucket that
// users and groups mount into their tree. It carries no quota: SFTPGo sets
// folder quotas per mount (spec.virtualFolders[].quota of a user or group).
// +kubebuilder:validation:XValidation:rule="has(self.mappedPath) || self.?storage.?type.orValue('Local') in ['S3', 'GCS', 'AzureBlob']",message="spec.mappedPath is required with Local and LocalEncrypted storage (the default): set the absolute path of the folder's files inside the SFTPGo pod, such as /srv/sftpgo/data/shared",fieldPath=".mappedPath",reason=FieldValueRequired
type SFTPGoFolderSpec struct {
	// Server is the SFTPGo server the folder lives on: the name of an
	// SFTPGo resource in this namespace, or a connection Secret for a server
	// this operator does not run. It cannot change.
	// +required
	Server ServerReference `json:"server"`

	// Name of the folder on the server, which users and groups name in
	// spec.virtualFolders. Unset: the resource's metadata.name. It cannot
	// change: to rename a folder, create a new resource. See SFTPGoName for
	// the characters SFTPGo accepts.
	// +optional
	Name SFTPGoName `json:"name,omitempty"`

	// MappedPath is the absolute path, inside the SFTPGo pod, of the
	// folder's files (with Local and LocalEncrypted storage, where it is
	// required), such as /srv/sftpgo/data/shared; with cloud storage, an
	// optional local directory for temporary files. Write it clean: no
	// trailing '/', no '.' or '..' segments.
	// +kubebuilder:validation:MaxLength=1024
	// +kubebuilder:validation:XValidation:rule="self == '/' || (self.startsWith('/') && !self.endsWith('/') && !self.contains('//') && !self.split('/').exists(s, s == '.' || s == '..'))",message="spec.mappedPath must be a clean absolute path such as /srv/sftpgo/data/shared: starting with '/', without a trailing '/', '//' or '.' and '..' segments",reason=FieldValueInvalid
	// +optional
	MappedPath string `json:"mappedPath,omitempty"`

	// Description of the folder.
	// +kubebuilder:validation:MaxLength=512
	// +optional
	Description string `json:"description,omitempty"`

	// Storage is where the folder's files are: the local volume at
	// mappedPath (the default), encrypted there, or a bucket or container
	// of S3, Google Cloud Storage or Azure Blob Storage.
	// +optional
	Storage *AccountStorage `json:"storage,omitempty"`

	// DeletionPolicy is what deleting this resource does to the folder on
	// the server: Delete (the default) deletes the folder and removes it
	// from the users and groups that mount it, Retain leaves it as it is.
	// SFTPGo never deletes the folder's files.
	// +kubebuilder:default=Delete
	// +optional
	DeletionPolicy DeletionPolicy `json:"deletionPolicy,omitempty"`
}

// SFTPGoFolder is a virtual folder of an SFTPGo server, managed through
// its REST API. Users and groups mount it in spec.virtualFolders. The
// operator never takes over a folder it did not create unless the resource
// is annotated sftpgo.operator.dev/adopt: "true".
// +kubebuilder:validation:XValidation:rule="(has(self.spec.name) ? self.spec.name : self.metadata.name) == (has(oldSelf.spec.name) ? oldSelf.spec.name : oldSelf.metadata.name)",message="spec.name cannot change: SFTPGo keys a folder by its name and users and groups name it. To rename the folder, create a new SFTPGoFolder with the new name, mount it instead, and delete this one; leave spec.name as it was",fieldPath=".spec.name",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="has(self.spec.name) || !self.metadata.name.matches('^(con|prn|aux|nul|com[1-9]|lpt[1-9])([.]|$)')",message="SFTPGo refuses Windows device names (con, prn, aux, nul, com1-9, lpt1-9) as folder names: set spec.name, or choose another metadata.name",fieldPath=".spec.name",reason=FieldValueRequired
// +kubebuilder:object:root=true
// +kubebuilder:resource:path=sftpgofolders,singular=sftpgofolder,scope=Namespaced,categories=sftpgo-accounts
// +kubebuilder:subresource:status
// +kubebuilder:printcolumn:name="Ready",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].status`
// +kubebuilder:printcolumn:name="Reason",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].reason`
// +kubebuilder:printcolumn:name="Server",type=string,JSONPath=`.spec.server.name`,description="The SFTPGo resource the folder lives on (empty with a connection Secret)"
// +kubebuilder:printcolumn:name="Folder",type=string,JSONPath=`.spec.name`,description="spec.name; empty: the same as the resource's name"
// +kubebuilder:printcolumn:name="Path",type=string,JSONPath=`.spec.mappedPath`,priority=1
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
type SFTPGoFolder struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// +required
	Spec SFTPGoFolderSpec `json:"spec"`
	// +optional
	Status AccountStatus `json:"status,omitempty"`
}

// AccountName is the folder's name on the server: spec.name, or
// metadata.name when it is unset.
func (f *SFTPGoFolder) AccountName() string {
	if f.Spec.Name != "" {
		return string(f.Spec.Name)
	}
	return f.Name
}

// SFTPGoFolderList is a list of SFTPGoFolder.
// +kubebuilder:object:root=true
type SFTPGoFolderList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []SFTPGoFolder `json:"items"`
}
