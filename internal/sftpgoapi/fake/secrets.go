package fake

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// The member holding each provider's configuration, and its secrets
// (vfs.Filesystem and updateEncryptedSecrets in internal/httpd/api_user.go).
var (
	providerConfigs = []string{"osconfig", "s3config", "gcsconfig", "azblobconfig", "cryptconfig", "sftpconfig", "httpconfig"}
	providerSecrets = map[sftpgoapi.FilesystemProvider][]string{
		sftpgoapi.ProviderS3:             {"access_secret", "sse_customer_key"},
		sftpgoapi.ProviderGCS:            {"credentials"},
		sftpgoapi.ProviderAzureBlob:      {"account_key", "sas_url"},
		sftpgoapi.ProviderLocalEncrypted: {"passphrase"},
		sftpgoapi.ProviderSFTP:           {"password", "private_key", "key_passphrase"},
		sftpgoapi.ProviderHTTP:           {"password", "api_key"},
	}
)

// fakeCipherPrefix marks the payload of a secret "encrypted" by the fake.
const fakeCipherPrefix = "fake-aes-256-gcm:"

// SecretValue returns the clear text of a secret the fake encrypted, as
// found in the objects its getters (User, Group, Folder) return or its API
// answers, so that a test can check which credential was sent.
func SecretValue(secret *sftpgoapi.KMSSecret) (string, bool) {
	if secret == nil || secret.Status != sftpgoapi.SecretStatusAES256GCM {
		return "", false
	}
	encoded, ok := strings.CutPrefix(secret.Payload, fakeCipherPrefix)
	if !ok {
		return "", false
	}
	plain, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return "", false
	}
	return string(plain), true
}

type jsonObject = map[string]any

func toObject(v any) jsonObject {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	var obj jsonObject
	if err := json.Unmarshal(data, &obj); err != nil {
		panic(err)
	}
	return obj
}

func fromObject(obj jsonObject, v any) {
	data, err := json.Marshal(obj)
	if err != nil {
		panic(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		panic(err)
	}
}

func secretStatus(v any) (status, payload string, empty bool) {
	m, ok := v.(jsonObject)
	if !ok {
		return "", "", true
	}
	status, _ = m["status"].(string)
	payload, _ = m["payload"].(string)
	key, _ := m["key"].(string)
	data, _ := m["additional_data"].(string)
	return status, payload, status == "" && payload == "" && key == "" && data == ""
}

// storeFilesystem turns a filesystem received in a request into what the
// server stores, as vfs.Filesystem.Validate does: it keeps only the active
// provider's configuration, keeps the old secrets a PUT does not replace,
// and encrypts plain ones. old is nil on create. owner is the additional
// data of the encryption.
func storeFilesystem(fs *sftpgoapi.Filesystem, old *sftpgoapi.Filesystem, owner string) *userError {
	p := fs.Provider
	if p < sftpgoapi.ProviderLocal || p > sftpgoapi.ProviderHTTP {
		return validationError("invalid filesystem provider")
	}
	obj := toObject(fs)
	var oldObj jsonObject
	if old != nil {
		oldObj = toObject(old)
	}
	active := providerConfigs[p]
	for _, name := range providerConfigs {
		if name != active {
			delete(obj, name)
		}
	}
	cfg, _ := obj[active].(jsonObject)
	if cfg == nil {
		cfg = jsonObject{}
	}
	var oldCfg jsonObject
	if oldObj != nil {
		oldCfg, _ = oldObj[active].(jsonObject)
	}
	for _, name := range providerSecrets[p] {
		secret := cfg[name]
		status, _, empty := secretStatus(secret)
		if old != nil {
			// updateEncryptedSecrets: GCS credentials are kept unless new
			// ones are plain, the other secrets unless plain or empty.
			keep := !empty && status != sftpgoapi.SecretStatusPlain
			if p == sftpgoapi.ProviderGCS {
				keep = status != sftpgoapi.SecretStatusPlain
			}
			if keep {
				secret = nil
				if oldCfg != nil {
					secret = oldCfg[name]
				}
			}
		}
		status, payload, empty := secretStatus(secret)
		switch {
		case empty:
			delete(cfg, name)
			continue
		case status == sftpgoapi.SecretStatusRedacted:
			return validationError("cannot save an object with a redacted secret")
		case status == sftpgoapi.SecretStatusPlain:
			if payload == "" {
				return validationError(fmt.Sprintf("could not encrypt %s: invalid secret", name))
			}
			secret = jsonObject{
				"status":          sftpgoapi.SecretStatusAES256GCM,
				"payload":         fakeCipherPrefix + base64.StdEncoding.EncodeToString([]byte(payload)),
				"key":             randomHex(32),
				"additional_data": owner,
			}
		}
		cfg[name] = secret
	}
	if err := validateProviderConfig(p, cfg); err != nil {
		return err
	}
	obj[active] = cfg
	var stored sftpgoapi.Filesystem
	fromObject(obj, &stored)
	*fs = stored
	return nil
}

// validateProviderConfig checks the members SFTPGo's S3, GCS and Azure Blob
// validate() require first.
func validateProviderConfig(p sftpgoapi.FilesystemProvider, cfg jsonObject) *userError {
	str := func(name string) string {
		s, _ := cfg[name].(string)
		return s
	}
	switch p {
	case sftpgoapi.ProviderS3:
		if str("bucket") == "" {
			return validationError("could not validate s3config: bucket cannot be empty")
		}
		if str("endpoint") == "" && str("region") == "" {
			return validationError("could not validate s3config: region cannot be empty")
		}
	case sftpgoapi.ProviderGCS:
		if str("bucket") == "" {
			return validationError("could not validate GCS config: bucket cannot be empty")
		}
	case sftpgoapi.ProviderAzureBlob:
		if _, _, noSAS := secretStatus(cfg["sas_url"]); noSAS && str("container") == "" {
			return validationError("could not validate Azure Blob config: container cannot be empty")
		}
	}
	return nil
}

// renderFilesystem returns fs as SFTPGo's GET shows it: every provider's
// configuration member present (empty for the inactive ones) and secrets
// without key and additional_data (kms Secret.Hide).
func renderFilesystem(fs sftpgoapi.Filesystem) sftpgoapi.Filesystem {
	obj := toObject(fs)
	for _, name := range providerConfigs {
		cfg, ok := obj[name].(jsonObject)
		if !ok {
			obj[name] = jsonObject{}
			continue
		}
		for _, secret := range cfg {
			if m, ok := secret.(jsonObject); ok {
				if _, isSecret := m["status"]; isSecret {
					delete(m, "key")
					delete(m, "additional_data")
				}
			}
		}
	}
	var out sftpgoapi.Filesystem
	fromObject(obj, &out)
	return out
}
