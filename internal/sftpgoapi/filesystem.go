package sftpgoapi

// FilesystemProvider is the storage backend of a user, a group's members or
// a folder (sdk.FilesystemProvider).
type FilesystemProvider int

// Filesystem providers, as numbered by SFTPGo.
const (
	ProviderLocal          FilesystemProvider = 0
	ProviderS3             FilesystemProvider = 1
	ProviderGCS            FilesystemProvider = 2
	ProviderAzureBlob      FilesystemProvider = 3
	ProviderLocalEncrypted FilesystemProvider = 4
	ProviderSFTP           FilesystemProvider = 5
	ProviderHTTP           FilesystemProvider = 6
)

// Statuses of a KMSSecret.
const (
	// SecretStatusPlain marks a secret sent in clear text: SFTPGo encrypts it
	// before saving.
	SecretStatusPlain = "Plain"
	// SecretStatusAES256GCM is the status of a secret encrypted by SFTPGo's
	// built-in KMS without a master key, the default.
	SecretStatusAES256GCM = "AES-256-GCM"
	// SecretStatusSecretBox is the status of a secret encrypted with a
	// local master key.
	SecretStatusSecretBox = "Secretbox"
	// SecretStatusRedacted asks SFTPGo to keep the stored secret. SFTPGo's
	// REST API does not return it (its web forms use it).
	SecretStatusRedacted = "Redacted"
)

// KMSSecret is SFTPGo's envelope for a credential inside a filesystem
// configuration (internal/kms BaseSecret).
//
// To set a secret send {Status: "Plain", Payload: value}. A GET returns the
// encrypted payload with its status (for example "AES-256-GCM") and without
// key and additional_data (kms Secret.Hide). A PUT that carries a secret
// that is neither plain nor empty keeps the stored one
// (updateEncryptedSecrets in internal/httpd/api_user.go), so writing back
// what a GET returned does not change the secret; an empty or missing secret
// clears it (except GCS credentials, kept unless a plain one is sent).
type KMSSecret struct {
	Status         string `json:"status,omitempty"`
	Payload        string `json:"payload,omitempty"`
	Key            string `json:"key,omitempty"`
	AdditionalData string `json:"additional_data,omitempty"`
	// Mode 1 means encrypted with a master key.
	Mode int `json:"mode,omitempty"`
}

// PlainSecret returns a secret that sets value.
func PlainSecret(value string) *KMSSecret {
	return &KMSSecret{Status: SecretStatusPlain, Payload: value}
}

// IsPlain reports whether s carries a clear text value to store.
func (s *KMSSecret) IsPlain() bool {
	return s != nil && s.Status == SecretStatusPlain
}

// IsEmpty reports whether s holds nothing, which on a PUT clears the stored
// secret.
func (s *KMSSecret) IsEmpty() bool {
	return s == nil || (s.Status == "" && s.Payload == "" && s.Key == "" && s.AdditionalData == "")
}

// String hides the payload, so that printing an object does not print a
// credential.
func (s KMSSecret) String() string {
	if s.Payload == "" {
		return "{status:" + s.Status + "}"
	}
	return "{status:" + s.Status + " payload:[redacted]}"
}

// Filesystem is a storage configuration (the filesystem member).
type Filesystem struct {
	Provider     FilesystemProvider `json:"provider"`
	S3Config     *S3Config          `json:"s3config,omitempty"`
	GCSConfig    *GCSConfig         `json:"gcsconfig,omitempty"`
	AzBlobConfig *AzBlobConfig      `json:"azblobconfig,omitempty"`

	// Extra keeps osconfig, cryptconfig, sftpconfig, httpconfig and
	// anything newer.
	Extra Extra `json:"-"`
}

// S3Config configures an S3 compatible object storage.
type S3Config struct {
	Bucket string `json:"bucket,omitempty"`
	// Region may be empty when Endpoint names it.
	Region         string     `json:"region,omitempty"`
	AccessKey      string     `json:"access_key,omitempty"`
	AccessSecret   *KMSSecret `json:"access_secret,omitempty"`
	SSECustomerKey *KMSSecret `json:"sse_customer_key,omitempty"`
	RoleARN        string     `json:"role_arn,omitempty"`
	Endpoint       string     `json:"endpoint,omitempty"`
	StorageClass   string     `json:"storage_class,omitempty"`
	ACL            string     `json:"acl,omitempty"`
	// KeyPrefix, when set, does not start with "/" and ends with "/".
	KeyPrefix      string `json:"key_prefix,omitempty"`
	ForcePathStyle bool   `json:"force_path_style,omitempty"`

	// Extra keeps part sizes, concurrency, session_token, ...
	Extra Extra `json:"-"`
}

// GCSConfig configures a Google Cloud Storage bucket.
type GCSConfig struct {
	Bucket string `json:"bucket,omitempty"`
	// Credentials is the service account JSON key.
	Credentials *KMSSecret `json:"credentials,omitempty"`
	// AutomaticCredentials 1 uses the Application Default Credentials.
	AutomaticCredentials int    `json:"automatic_credentials,omitempty"`
	StorageClass         string `json:"storage_class,omitempty"`
	ACL                  string `json:"acl,omitempty"`
	KeyPrefix            string `json:"key_prefix,omitempty"`

	Extra Extra `json:"-"`
}

// AzBlobConfig configures an Azure Blob Storage container.
type AzBlobConfig struct {
	Container   string     `json:"container,omitempty"`
	AccountName string     `json:"account_name,omitempty"`
	AccountKey  *KMSSecret `json:"account_key,omitempty"`
	// SASURL replaces AccountName and AccountKey.
	SASURL      *KMSSecret `json:"sas_url,omitempty"`
	Endpoint    string     `json:"endpoint,omitempty"`
	KeyPrefix   string     `json:"key_prefix,omitempty"`
	AccessTier  string     `json:"access_tier,omitempty"`
	UseEmulator bool       `json:"use_emulator,omitempty"`

	Extra Extra `json:"-"`
}

type (
	filesystemFields   Filesystem
	s3ConfigFields     S3Config
	gcsConfigFields    GCSConfig
	azBlobConfigFields AzBlobConfig
)

var (
	filesystemKeys   = jsonKeys[filesystemFields]()
	s3ConfigKeys     = jsonKeys[s3ConfigFields]()
	gcsConfigKeys    = jsonKeys[gcsConfigFields]()
	azBlobConfigKeys = jsonKeys[azBlobConfigFields]()
)

// MarshalJSON encodes f with its Extra members.
func (f Filesystem) MarshalJSON() ([]byte, error) {
	return encodeWithExtra(filesystemFields(f), f.Extra, filesystemKeys)
}

// UnmarshalJSON decodes data, keeping the members not modelled in Extra.
func (f *Filesystem) UnmarshalJSON(data []byte) error {
	var fields filesystemFields
	extra, err := decodeWithExtra(data, &fields, filesystemKeys)
	if err != nil {
		return err
	}
	*f = Filesystem(fields)
	f.Extra = extra
	return nil
}

// MarshalJSON encodes c with its Extra members.
func (c S3Config) MarshalJSON() ([]byte, error) {
	return encodeWithExtra(s3ConfigFields(c), c.Extra, s3ConfigKeys)
}

// UnmarshalJSON decodes data, keeping the members not modelled in Extra.
func (c *S3Config) UnmarshalJSON(data []byte) error {
	var f s3ConfigFields
	extra, err := decodeWithExtra(data, &f, s3ConfigKeys)
	if err != nil {
		return err
	}
	*c = S3Config(f)
	c.Extra = extra
	return nil
}

// MarshalJSON encodes c with its Extra members.
func (c GCSConfig) MarshalJSON() ([]byte, error) {
	return encodeWithExtra(gcsConfigFields(c), c.Extra, gcsConfigKeys)
}

// UnmarshalJSON decodes data, keeping the members not modelled in Extra.
func (c *GCSConfig) UnmarshalJSON(data []byte) error {
	var f gcsConfigFields
	extra, err := decodeWithExtra(data, &f, gcsConfigKeys)
	if err != nil {
		return err
	}
	*c = GCSConfig(f)
	c.Extra = extra
	return nil
}

// MarshalJSON encodes c with its Extra members.
func (c AzBlobConfig) MarshalJSON() ([]byte, error) {
	return encodeWithExtra(azBlobConfigFields(c), c.Extra, azBlobConfigKeys)
}

// UnmarshalJSON decodes data, keeping the members not modelled in Extra.
func (c *AzBlobConfig) UnmarshalJSON(data []byte) error {
	var f azBlobConfigFields
	extra, err := decodeWithExtra(data, &f, azBlobConfigKeys)
	if err != nil {
		return err
	}
	*c = AzBlobConfig(f)
	c.Extra = extra
	return nil
}
