package v1alpha1

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// BackupSpec configures scheduled backups of what SFTPGo keeps in its data
// provider (users, groups, folders, admins, roles, event rules, IP lists,
// settings): the operator asks SFTPGo for its dump (REST
// GET /api/v2/dumpdata) and writes it to S3-compatible storage. User files
// are not in it: they are the data volume's. See docs/backup.md for what a
// backup holds and how to restore it.
type BackupSpec struct {
	// Schedule is a cron expression in UTC: five fields (minute hour
	// day-of-month month day-of-week, such as "30 2 * * *") or a
	// descriptor (@hourly, @daily, @weekly, @monthly, @every 6h). A backup
	// whose time passed while the operator was down or the server was not
	// ready is taken once, as soon as it can be.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=100
	// +required
	Schedule string `json:"schedule"`

	// Suspend stops the scheduled backups and the retries of a failed one;
	// a backup asked for with the annotation sftpgo.operator.dev/backup-now
	// is still taken.
	// +optional
	Suspend bool `json:"suspend,omitempty"`

	// Retention says which backups of this SFTPGo are deleted after each
	// successful backup.
	// +kubebuilder:default={}
	// +optional
	Retention BackupRetention `json:"retention,omitempty"`

	// S3 is the S3-compatible bucket the backups are written to, as
	// `<prefix><namespace>/<name>/<UTC time>.json`.
	// +required
	S3 BackupS3 `json:"s3"`
}

// BackupRetention bounds the backups kept: the newest `keep` are kept,
// and of those, the ones older than maxAge (when set) are deleted too. The
// newest backup is never deleted.
type BackupRetention struct {
	// Keep is how many backups are kept at most.
	// +kubebuilder:default=7
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=1000
	// +optional
	Keep *int32 `json:"keep,omitempty"`

	// MaxAge deletes the backups older than this, such as 720h (30 days).
	// +optional
	MaxAge *metav1.Duration `json:"maxAge,omitempty"`
}

// BackupS3 names an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, ...).
type BackupS3 struct {
	// Endpoint is the storage's URL, such as https://s3.eu-west-1.amazonaws.com
	// or http://minio.minio.svc:9000 (plain HTTP sends the dump, which holds
	// password hashes, unencrypted: use it only inside the cluster).
	// +kubebuilder:validation:MaxLength=512
	// +kubebuilder:validation:XValidation:rule="self.matches('^https?://[^/?#\\\\s]+/?$')",message="spec.backup.s3.endpoint must be a URL with scheme http or https and a host, without path, such as https://s3.eu-west-1.amazonaws.com",reason=FieldValueInvalid
	// +required
	Endpoint string `json:"endpoint"`

	// Bucket is the bucket's name; it must exist.
	// +kubebuilder:validation:MinLength=3
	// +kubebuilder:validation:MaxLength=63
	// +required
	Bucket string `json:"bucket"`

	// Region of the bucket; empty lets the client find it out.
	// +kubebuilder:validation:MaxLength=64
	// +optional
	Region string `json:"region,omitempty"`

	// Prefix starts the object keys, such as "sftpgo/"; the keys of one
	// SFTPGo are `<prefix><namespace>/<name>/`.
	// +kubebuilder:validation:MaxLength=512
	// +optional
	Prefix string `json:"prefix,omitempty"`

	// ForcePathStyle addresses the bucket as a path (endpoint/bucket)
	// rather than a host name (bucket.endpoint): MinIO and most
	// self-hosted stores need it.
	// +optional
	ForcePathStyle bool `json:"forcePathStyle,omitempty"`

	// CredentialsSecret names a Secret in this namespace with the access
	// key (key accessKeyID) and the secret key (key secretAccessKey).
	// +required
	CredentialsSecret S3CredentialsSecretReference `json:"credentialsSecret"`

	// CASecret names a Secret in this namespace whose key (ca.crt unless
	// key says otherwise) holds the PEM certificates that sign the
	// endpoint's certificate, for a store with a private CA. Unset: the
	// system's CAs.
	// +optional
	CASecret *SecretKeyReference `json:"caSecret,omitempty"`
}

// S3CredentialsSecretReference names a Secret with S3 credentials and the
// keys that hold them.
type S3CredentialsSecretReference struct {
	SecretReference `json:",inline"`

	// AccessKeyIDKey is the Secret key of the access key.
	// +kubebuilder:default=accessKeyID
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:XValidation:rule="self.matches('^[-._a-zA-Z0-9]+$') && self != '.' && self != '..'",message="accessKeyIDKey must be a Secret key: letters, digits, '-', '_' and '.', not empty, not '.' or '..'",reason=FieldValueInvalid
	// +optional
	AccessKeyIDKey string `json:"accessKeyIDKey,omitempty"`

	// SecretAccessKeyKey is the Secret key of the secret key.
	// +kubebuilder:default=secretAccessKey
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:XValidation:rule="self.matches('^[-._a-zA-Z0-9]+$') && self != '.' && self != '..'",message="secretAccessKeyKey must be a Secret key: letters, digits, '-', '_' and '.', not empty, not '.' or '..'",reason=FieldValueInvalid
	// +optional
	SecretAccessKeyKey string `json:"secretAccessKeyKey,omitempty"`
}

// Default keys of the backup Secrets.
const (
	DefaultAccessKeyIDKey     = "accessKeyID"
	DefaultSecretAccessKeyKey = "secretAccessKey"
	DefaultCAKey              = "ca.crt"
)

// BackupStatus reports the backups of an SFTPGo.
type BackupStatus struct {
	// LastScheduleTime is the scheduled time of the last backup run
	// (scheduled or asked for), successful or not.
	// +optional
	LastScheduleTime *metav1.Time `json:"lastScheduleTime,omitempty"`

	// LastSuccessTime is when the last successful backup was written.
	// +optional
	LastSuccessTime *metav1.Time `json:"lastSuccessTime,omitempty"`

	// LastSuccessObject is where it was written: s3://bucket/key.
	// +optional
	LastSuccessObject string `json:"lastSuccessObject,omitempty"`

	// LastFailureTime is when the last backup failed.
	// +optional
	LastFailureTime *metav1.Time `json:"lastFailureTime,omitempty"`

	// LastFailureMessage says why it failed.
	// +optional
	LastFailureMessage string `json:"lastFailureMessage,omitempty"`

	// LastRequest is the value of the annotation
	// sftpgo.operator.dev/backup-now the last backup asked for that way
	// was taken for.
	// +optional
	LastRequest string `json:"lastRequest,omitempty"`
}

// AnnotationBackupNow set to a new value (a time, say) on an SFTPGo with
// spec.backup asks for a backup at once; status.backup.lastRequest takes
// the value when it is taken.
const AnnotationBackupNow = "sftpgo.operator.dev/backup-now"

// defaults gives a backup spec, when there is one, the CRD's defaults.
func (b *BackupSpec) defaults() {
	if b == nil {
		return
	}
	if b.Retention.Keep == nil {
		k := int32(7)
		b.Retention.Keep = &k
	}
	setIfEmpty(&b.S3.CredentialsSecret.AccessKeyIDKey, DefaultAccessKeyIDKey)
	setIfEmpty(&b.S3.CredentialsSecret.SecretAccessKeyKey, DefaultSecretAccessKeyKey)
}
