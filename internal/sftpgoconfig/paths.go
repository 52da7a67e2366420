// Package sftpgoconfig renders the sftpgo.json the operator mounts into the
// SFTPGo container, and knows which of its keys the operator manages.
package sftpgoconfig

import "github.com/sftpgo-operator/sftpgo-operator/internal/resolve"

// Paths inside the SFTPGo container. The image keeps its default config
// elsewhere; these are where the operator mounts and writes.
const (
	ConfigDir      = "/etc/sftpgo/config"
	ConfigFileName = "sftpgo.json"
	ConfigFile     = ConfigDir + "/" + ConfigFileName
	KeysDir        = "/etc/sftpgo/keys"
	WebTLSDir      = "/etc/sftpgo/web-tls"
	FTPTLSDir      = "/etc/sftpgo/ftp-tls"
	DataDir        = "/srv/sftpgo"
	StateDir       = "/var/lib/sftpgo"
	TmpDir         = "/tmp"

	SigningPassphraseKey = "signing-passphrase"
	HostKeyEd25519       = "ssh_host_ed25519_key"
	HostKeyECDSA         = "ssh_host_ecdsa_key"
	HostKeyRSA           = "ssh_host_rsa_key"
)

// Container ports SFTPGo listens on.
const (
	SFTPPort      int32 = 2022
	HTTPPort      int32 = resolve.WebPort
	WebDAVPort    int32 = resolve.WebDAVPort
	FTPPort       int32 = resolve.FTPPort
	TelemetryPort int32 = 10000
)

// HostKeyNames lists the host key files in the order SFTPGo offers them.
var HostKeyNames = []string{HostKeyEd25519, HostKeyECDSA, HostKeyRSA}
