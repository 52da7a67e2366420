package keys

import (
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

func TestGenerateGivesParsableHostKeysAndPassphrase(t *testing.T) {
	data, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	wantTypes := map[string]string{
		sftpgoconfig.HostKeyEd25519: ssh.KeyAlgoED25519,
		sftpgoconfig.HostKeyECDSA:   ssh.KeyAlgoECDSA256,
		sftpgoconfig.HostKeyRSA:     ssh.KeyAlgoRSA,
	}
	for name, want := range wantTypes {
		signer, err := ssh.ParsePrivateKey(data[name])
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := signer.PublicKey().Type(); got != want {
			t.Errorf("%s: key type %s, want %s", name, got, want)
		}
	}
	if got := len(data[sftpgoconfig.SigningPassphraseKey]); got < 40 {
		t.Errorf("signing passphrase has %d characters, want at least 40", got)
	}
	if len(data) != 4 {
		t.Errorf("got %d keys, want 4", len(data))
	}
}

func TestGenerateIsRandom(t *testing.T) {
	a, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	for k := range a {
		if string(a[k]) == string(b[k]) {
			t.Errorf("%s is the same in two generations", k)
		}
	}
}
