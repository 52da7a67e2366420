package accounts

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// spec.storage (users, groups, folders) as SFTPGo's filesystem member.

// The spec fields of the storage Secrets, the keys of their values.
const (
	fieldPassphrase       = "spec.storage.localEncrypted.passphraseSecret"
	fieldS3AccessSecret   = "spec.storage.s3.accessSecret"
	fieldS3SSECustomerKey = "spec.storage.s3.sseCustomerKeySecret"
	fieldGCSCredentials   = "spec.storage.gcs.credentialsSecret"
	fieldAzureAccountKey  = "spec.storage.azureBlob.accountKeySecret"
	fieldAzureSASURL      = "spec.storage.azureBlob.sasURLSecret"
)

// cryptConfigMember is the filesystem member of local encrypted storage,
// which the REST type does not model.
const cryptConfigMember = "cryptconfig"

// s3Members are the S3 settings the REST type does not model; part sizes
// in MiB, times in seconds.
type s3Members struct {
	UploadPartSize      int64 `json:"upload_part_size"`
	UploadConcurrency   int   `json:"upload_concurrency"`
	UploadPartMaxTime   int   `json:"upload_part_max_time"`
	DownloadPartSize    int64 `json:"download_part_size"`
	DownloadConcurrency int   `json:"download_concurrency"`
	DownloadPartMaxTime int   `json:"download_part_max_time"`
	SkipTLSVerify       bool  `json:"skip_tls_verify"`
}

// gcsMembers are the GCS settings the REST type does not model.
type gcsMembers struct {
	UploadPartSize    int64 `json:"upload_part_size"`
	UploadPartMaxTime int   `json:"upload_part_max_time"`
}

// azureMembers are the Azure Blob settings the REST type does not model.
type azureMembers struct {
	UploadPartSize      int64 `json:"upload_part_size"`
	UploadConcurrency   int   `json:"upload_concurrency"`
	DownloadPartSize    int64 `json:"download_part_size"`
	DownloadConcurrency int   `json:"download_concurrency"`
}

// cryptConfig is the managed part of the cryptconfig member (its read and
// write buffer sizes are left as they are).
type cryptConfig struct {
	Passphrase *sftpgoapi.KMSSecret `json:"passphrase"`
}

// storageType is the spec's storage type, Local when unset.
func storageType(s *v1alpha1.AccountStorage) v1alpha1.StorageType {
	if s == nil || s.Type == "" {
		return v1alpha1.StorageLocal
	}
	return s.Type
}

// secretRef is the SecretRef of a spec field, nil when the spec names none.
func secretRef(field string, ref *v1alpha1.SecretKeyReference, def string) []SecretRef {
	if ref == nil {
		return nil
	}
	return []SecretRef{{Field: field, Name: ref.Name, Key: ref.KeyOrDefault(def)}}
}

// storageSecrets lists the Secrets of the storage type the spec selects
// (validation allows only its block).
func storageSecrets(s *v1alpha1.AccountStorage) []SecretRef {
	var out []SecretRef
	switch storageType(s) {
	case v1alpha1.StorageLocalEncrypted:
		if s.LocalEncrypted != nil {
			out = append(out, secretRef(fieldPassphrase, &s.LocalEncrypted.PassphraseSecret, v1alpha1.DefaultPassphraseKey)...)
		}
	case v1alpha1.StorageS3:
		if c := s.S3; c != nil {
			out = append(out, secretRef(fieldS3AccessSecret, c.AccessSecret, v1alpha1.DefaultS3AccessSecretKey)...)
			out = append(out, secretRef(fieldS3SSECustomerKey, c.SSECustomerKeySecret, v1alpha1.DefaultS3SSECustomerKeyKey)...)
		}
	case v1alpha1.StorageGCS:
		if c := s.GCS; c != nil {
			out = append(out, secretRef(fieldGCSCredentials, c.CredentialsSecret, v1alpha1.DefaultGCSCredentialsKey)...)
		}
	case v1alpha1.StorageAzureBlob:
		if c := s.AzureBlob; c != nil {
			out = append(out, secretRef(fieldAzureAccountKey, c.AccountKeySecret, v1alpha1.DefaultAzureAccountKeyKey)...)
			out = append(out, secretRef(fieldAzureSASURL, c.SASURLSecret, v1alpha1.DefaultAzureSASURLKey)...)
		}
	}
	return out
}

// plainSecret is the value of field to send, nil when the spec names no
// Secret there.
func plainSecret(values Values, field string, named bool) (*sftpgoapi.KMSSecret, error) {
	if !named {
		return nil, nil
	}
	v, ok := values[field]
	if !ok || v == "" {
		return nil, fmt.Errorf("the Secret key that %s names has no value: set it", field)
	}
	return sftpgoapi.PlainSecret(v), nil
}

// buildStorage maps spec.storage, with the secret values to set.
func buildStorage(s *v1alpha1.AccountStorage, values Values) (sftpgoapi.Filesystem, error) {
	var fs sftpgoapi.Filesystem
	var err error
	switch t := storageType(s); t {
	case v1alpha1.StorageLocal:
		fs.Provider = sftpgoapi.ProviderLocal
	case v1alpha1.StorageLocalEncrypted:
		fs.Provider = sftpgoapi.ProviderLocalEncrypted
		var c cryptConfig
		if c.Passphrase, err = plainSecret(values, fieldPassphrase, s.LocalEncrypted != nil); err != nil {
			return fs, err
		}
		if c.Passphrase == nil {
			return fs, fmt.Errorf("spec.storage.localEncrypted.passphraseSecret is required with type LocalEncrypted: set it")
		}
		setMembers(&fs.Extra, struct {
			Crypt cryptConfig `json:"cryptconfig"`
		}{c})
	case v1alpha1.StorageS3:
		fs.Provider = sftpgoapi.ProviderS3
		fs.S3Config, err = buildS3(s.S3, values)
	case v1alpha1.StorageGCS:
		fs.Provider = sftpgoapi.ProviderGCS
		fs.GCSConfig, err = buildGCS(s.GCS, values)
	case v1alpha1.StorageAzureBlob:
		fs.Provider = sftpgoapi.ProviderAzureBlob
		fs.AzBlobConfig, err = buildAzure(s.AzureBlob, values)
	default:
		err = fmt.Errorf("spec.storage.type %q is not a storage type: use Local, LocalEncrypted, S3, GCS or AzureBlob", t)
	}
	return fs, err
}

func buildS3(c *v1alpha1.S3Storage, values Values) (*sftpgoapi.S3Config, error) {
	if c == nil {
		return nil, fmt.Errorf("spec.storage.s3 is required with type S3: set it")
	}
	out := &sftpgoapi.S3Config{
		Bucket:         c.Bucket,
		Region:         c.Region,
		AccessKey:      c.AccessKey,
		RoleARN:        c.RoleARN,
		Endpoint:       c.Endpoint,
		StorageClass:   strings.TrimSpace(c.StorageClass),
		ACL:            strings.TrimSpace(c.ACL),
		KeyPrefix:      keyPrefix(c.KeyPrefix),
		ForcePathStyle: c.ForcePathStyle,
	}
	var err error
	if out.AccessSecret, err = plainSecret(values, fieldS3AccessSecret, c.AccessSecret != nil); err != nil {
		return nil, err
	}
	if out.SSECustomerKey, err = plainSecret(values, fieldS3SSECustomerKey, c.SSECustomerKeySecret != nil); err != nil {
		return nil, err
	}
	m := s3Members{
		UploadConcurrency:   int(c.UploadConcurrency),
		UploadPartMaxTime:   int(c.UploadPartMaxTimeSeconds),
		DownloadConcurrency: int(c.DownloadConcurrency),
		DownloadPartMaxTime: int(c.DownloadPartMaxTimeSeconds),
		SkipTLSVerify:       c.SkipTLSVerify,
	}
	if m.UploadPartSize, err = unitsOf(c.UploadPartSize, mib, "spec.storage.s3.uploadPartSize"); err != nil {
		return nil, err
	}
	if m.DownloadPartSize, err = unitsOf(c.DownloadPartSize, mib, "spec.storage.s3.downloadPartSize"); err != nil {
		return nil, err
	}
	setMembers(&out.Extra, m)
	return out, nil
}

func buildGCS(c *v1alpha1.GCSStorage, values Values) (*sftpgoapi.GCSConfig, error) {
	if c == nil {
		return nil, fmt.Errorf("spec.storage.gcs is required with type GCS: set it")
	}
	out := &sftpgoapi.GCSConfig{
		Bucket:       c.Bucket,
		StorageClass: strings.TrimSpace(c.StorageClass),
		ACL:          strings.TrimSpace(c.ACL),
		KeyPrefix:    keyPrefix(c.KeyPrefix),
	}
	var err error
	if out.Credentials, err = plainSecret(values, fieldGCSCredentials, c.CredentialsSecret != nil); err != nil {
		return nil, err
	}
	if out.Credentials == nil {
		out.AutomaticCredentials = 1
	}
	m := gcsMembers{UploadPartMaxTime: int(c.UploadPartMaxTimeSeconds)}
	if m.UploadPartSize, err = unitsOf(c.UploadPartSize, mib, "spec.storage.gcs.uploadPartSize"); err != nil {
		return nil, err
	}
	setMembers(&out.Extra, m)
	return out, nil
}

func buildAzure(c *v1alpha1.AzureBlobStorage, values Values) (*sftpgoapi.AzBlobConfig, error) {
	if c == nil {
		return nil, fmt.Errorf("spec.storage.azureBlob is required with type AzureBlob: set it")
	}
	out := &sftpgoapi.AzBlobConfig{
		Container:   c.Container,
		AccountName: c.AccountName,
		Endpoint:    c.Endpoint,
		KeyPrefix:   keyPrefix(c.KeyPrefix),
		AccessTier:  string(c.AccessTier),
		UseEmulator: c.UseEmulator,
	}
	var err error
	if out.AccountKey, err = plainSecret(values, fieldAzureAccountKey, c.AccountKeySecret != nil); err != nil {
		return nil, err
	}
	if out.SASURL, err = plainSecret(values, fieldAzureSASURL, c.SASURLSecret != nil); err != nil {
		return nil, err
	}
	m := azureMembers{UploadConcurrency: int(c.UploadConcurrency), DownloadConcurrency: int(c.DownloadConcurrency)}
	if m.UploadPartSize, err = unitsOf(c.UploadPartSize, mib, "spec.storage.azureBlob.uploadPartSize"); err != nil {
		return nil, err
	}
	if m.DownloadPartSize, err = unitsOf(c.DownloadPartSize, mib, "spec.storage.azureBlob.downloadPartSize"); err != nil {
		return nil, err
	}
	setMembers(&out.Extra, m)
	return out, nil
}

// storageView is what Differs compares of a filesystem: the provider and
// the configuration of that provider only (SFTPGo's Filesystem.Validate
// resets the others, and a GET renders them empty), as SFTPGo stores it.
// Of a secret, only whether it is set: SFTPGo returns it encrypted.
type storageView struct {
	Provider sftpgoapi.FilesystemProvider
	S3       *s3View
	GCS      *gcsView
	Azure    *azureView
	Crypt    *cryptView
	// Unreadable: an unmodelled member could not be decoded.
	Unreadable bool
}

type s3View struct {
	Bucket, Region, AccessKey, RoleARN, Endpoint, StorageClass, ACL, KeyPrefix string
	AccessSecret, SSECustomerKey                                               bool
	ForcePathStyle                                                             bool
	s3Members
}

type gcsView struct {
	Bucket, KeyPrefix, StorageClass, ACL string
	Credentials                          bool
	AutomaticCredentials                 int
	gcsMembers
}

type azureView struct {
	Container, AccountName, Endpoint, KeyPrefix, AccessTier string
	AccountKey, SASURL                                      bool
	UseEmulator                                             bool
	azureMembers
}

type cryptView struct {
	Passphrase bool
}

func viewStorage(fs *sftpgoapi.Filesystem) storageView {
	v := storageView{Provider: fs.Provider}
	var err error
	switch fs.Provider {
	case sftpgoapi.ProviderS3:
		c := deref(fs.S3Config)
		s := &s3View{Bucket: c.Bucket, Region: c.Region, AccessKey: c.AccessKey, RoleARN: c.RoleARN,
			Endpoint: c.Endpoint, StorageClass: strings.TrimSpace(c.StorageClass), ACL: strings.TrimSpace(c.ACL),
			KeyPrefix: keyPrefix(c.KeyPrefix), AccessSecret: !c.AccessSecret.IsEmpty(),
			SSECustomerKey: !c.SSECustomerKey.IsEmpty(), ForcePathStyle: c.ForcePathStyle}
		err = getMembers(c.Extra, &s.s3Members)
		v.S3 = s
	case sftpgoapi.ProviderGCS:
		c := deref(fs.GCSConfig)
		g := &gcsView{Bucket: c.Bucket, KeyPrefix: keyPrefix(c.KeyPrefix), StorageClass: strings.TrimSpace(c.StorageClass),
			ACL: strings.TrimSpace(c.ACL), AutomaticCredentials: c.AutomaticCredentials,
			// automatic credentials clear the explicit ones (GCSFsConfig.validate)
			Credentials: c.AutomaticCredentials != 1 && !c.Credentials.IsEmpty()}
		err = getMembers(c.Extra, &g.gcsMembers)
		if g.UploadPartSize < 0 || g.UploadPartSize > 2000 {
			g.UploadPartSize = 0
		}
		g.UploadPartMaxTime = max(g.UploadPartMaxTime, 0)
		v.GCS = g
	case sftpgoapi.ProviderAzureBlob:
		c := deref(fs.AzBlobConfig)
		a := &azureView{Container: c.Container, AccountName: c.AccountName, Endpoint: c.Endpoint,
			KeyPrefix: keyPrefix(c.KeyPrefix), AccessTier: c.AccessTier, AccountKey: !c.AccountKey.IsEmpty(),
			SASURL: !c.SASURL.IsEmpty(), UseEmulator: c.UseEmulator}
		err = getMembers(c.Extra, &a.azureMembers)
		v.Azure = a
	case sftpgoapi.ProviderLocalEncrypted:
		var c cryptConfig
		err = getCryptConfig(fs.Extra, &c)
		v.Crypt = &cryptView{Passphrase: !c.Passphrase.IsEmpty()}
	}
	v.Unreadable = err != nil
	return v
}

func getCryptConfig(extra sftpgoapi.Extra, c *cryptConfig) error {
	raw, ok := extra[cryptConfigMember]
	if !ok || string(raw) == "null" {
		return nil
	}
	return json.Unmarshal(raw, c)
}

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// keepStorage copies into desired the members of live's filesystem the
// spec does not set: other providers' configurations, the local buffer
// sizes, the unmodelled members of the provider's configuration.
func keepStorage(live, desired *sftpgoapi.Filesystem) {
	if _, ok := desired.Extra[cryptConfigMember]; ok {
		mergeObjectMember(live.Extra, desired.Extra, cryptConfigMember)
	}
	desired.Extra = mergeExtra(live.Extra, desired.Extra)
	if desired.S3Config != nil && live.S3Config != nil {
		desired.S3Config.Extra = mergeExtra(live.S3Config.Extra, desired.S3Config.Extra)
	}
	if desired.GCSConfig != nil && live.GCSConfig != nil {
		desired.GCSConfig.Extra = mergeExtra(live.GCSConfig.Extra, desired.GCSConfig.Extra)
	}
	if desired.AzBlobConfig != nil && live.AzBlobConfig != nil {
		desired.AzBlobConfig.Extra = mergeExtra(live.AzBlobConfig.Extra, desired.AzBlobConfig.Extra)
	}
}

// keepStorageSecrets replaces each secret desired sets with live's
// encrypted one, which SFTPGo keeps when sent back (updateEncryptedSecrets
// in internal/httpd/api_user.go). A secret live lacks (cleared in the web
// UI) keeps desired's plain value, so that the update puts it back;
// Differs sees the difference.
func keepStorageSecrets(live, desired *sftpgoapi.Filesystem) {
	if live.Provider != desired.Provider {
		return
	}
	switch desired.Provider {
	case sftpgoapi.ProviderS3:
		if d, l := desired.S3Config, live.S3Config; d != nil && l != nil {
			keepSecret(&d.AccessSecret, l.AccessSecret)
			keepSecret(&d.SSECustomerKey, l.SSECustomerKey)
		}
	case sftpgoapi.ProviderGCS:
		if d, l := desired.GCSConfig, live.GCSConfig; d != nil && l != nil {
			keepSecret(&d.Credentials, l.Credentials)
		}
	case sftpgoapi.ProviderAzureBlob:
		if d, l := desired.AzBlobConfig, live.AzBlobConfig; d != nil && l != nil {
			keepSecret(&d.AccountKey, l.AccountKey)
			keepSecret(&d.SASURL, l.SASURL)
		}
	case sftpgoapi.ProviderLocalEncrypted:
		keepPassphrase(live.Extra, desired.Extra)
	}
}

func keepSecret(desired **sftpgoapi.KMSSecret, live *sftpgoapi.KMSSecret) {
	if (*desired).IsEmpty() || live.IsEmpty() {
		return
	}
	c := *live
	*desired = &c
}

// keepPassphrase sets desired's cryptconfig passphrase to live's.
func keepPassphrase(live, desired sftpgoapi.Extra) {
	var l cryptConfig
	if getCryptConfig(live, &l) != nil || l.Passphrase.IsEmpty() {
		return
	}
	raw, ok := desired[cryptConfigMember]
	if !ok {
		return
	}
	var d map[string]json.RawMessage
	if json.Unmarshal(raw, &d) != nil || d == nil {
		return
	}
	var current *sftpgoapi.KMSSecret
	if json.Unmarshal(d["passphrase"], &current) != nil || current.IsEmpty() {
		return
	}
	p, err := json.Marshal(l.Passphrase)
	if err != nil {
		return
	}
	d["passphrase"] = p
	if data, err := json.Marshal(d); err == nil {
		desired[cryptConfigMember] = data
	}
}
