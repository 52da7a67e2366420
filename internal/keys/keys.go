// Package keys generates the secret material an SFTPGo instance keeps for
// life: SSH host keys (its server identity) and the token signing passphrase
// (shared by every replica and every restart, so sessions survive both).
package keys

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/pem"
	"fmt"

	"golang.org/x/crypto/ssh"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

// rsaBits is the RSA host key size: 3072 bits, the OpenSSH default.
const rsaBits = 3072

// Generate returns the data of the `<name>-keys` Secret: three host keys in
// OpenSSH PEM form and a random signing passphrase.
func Generate() (map[string][]byte, error) {
	_, ed, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generating ed25519 host key: %w", err)
	}
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generating ecdsa host key: %w", err)
	}
	rk, err := rsa.GenerateKey(rand.Reader, rsaBits)
	if err != nil {
		return nil, fmt.Errorf("generating rsa host key: %w", err)
	}
	data := map[string][]byte{}
	for name, key := range map[string]crypto.PrivateKey{
		sftpgoconfig.HostKeyEd25519: ed,
		sftpgoconfig.HostKeyECDSA:   ec,
		sftpgoconfig.HostKeyRSA:     rk,
	} {
		block, err := ssh.MarshalPrivateKey(key, "")
		if err != nil {
			return nil, fmt.Errorf("encoding %s: %w", name, err)
		}
		data[name] = pem.EncodeToMemory(block)
	}
	passphrase, err := Random(32)
	if err != nil {
		return nil, err
	}
	data[sftpgoconfig.SigningPassphraseKey] = []byte(passphrase)
	return data, nil
}

// Random returns n random bytes, URL-safe base64 encoded.
func Random(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("reading random bytes: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
