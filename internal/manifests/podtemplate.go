package manifests

import (
	"fmt"
	"path"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

// Environment variables the operator sets on the SFTPGo container.
const (
	EnvAdminUsername        = "SFTPGO_DEFAULT_ADMIN_USERNAME"
	EnvAdminPassword        = "SFTPGO_DEFAULT_ADMIN_PASSWORD"
	EnvGraceTime            = "SFTPGO_GRACE_TIME"
	EnvDataProviderUsername = "SFTPGO_DATA_PROVIDER__USERNAME"
	EnvDataProviderPassword = "SFTPGO_DATA_PROVIDER__PASSWORD"
	EnvNodeHost             = "SFTPGO_DATA_PROVIDER__NODE__HOST"
	// EnvLoadDataFrom and EnvLoadDataMode make every pod start restore the
	// operator's admin (sftpgoconfig.OperatorAdminFile).
	EnvLoadDataFrom = "SFTPGO_LOADDATA_FROM"
	EnvLoadDataMode = "SFTPGO_LOADDATA_MODE"
)

// OperatorEnvNames returns every variable the operator may set on the
// SFTPGo container, whatever the spec: spec.podTemplate.env may not set
// them (rule SEC009).
func OperatorEnvNames() []string {
	return []string{EnvAdminUsername, EnvAdminPassword, EnvGraceTime,
		EnvDataProviderUsername, EnvDataProviderPassword, EnvNodeHost, EnvLoadDataFrom, EnvLoadDataMode}
}

// ManagedVolumeNames returns every volume name the operator may use.
func ManagedVolumeNames() []string {
	return []string{volumeConfig, volumeKeys, volumeData, volumeState, volumeTmp, volumeWebTLS, volumeFTPTLS}
}

// ManagedMountPaths returns every path the operator may mount in the
// SFTPGo container.
func ManagedMountPaths() []string {
	return []string{sftpgoconfig.ConfigDir, sftpgoconfig.KeysDir, sftpgoconfig.WebTLSDir, sftpgoconfig.FTPTLSDir,
		sftpgoconfig.DataDir, sftpgoconfig.StateDir, sftpgoconfig.TmpDir}
}

// SFTPGoPorts returns the ports the SFTPGo container may listen on, WebDAV
// and FTP included (FTP's passive ports are checked apart: they move with
// spec.ftp.passivePorts). Added containers share the pod's network, so they may not
// declare them, whether WebDAV is on or not (turning it on must not clash).
func SFTPGoPorts() []corev1.ContainerPort {
	return []corev1.ContainerPort{
		{Name: PortNameSFTP, ContainerPort: sftpgoconfig.SFTPPort, Protocol: corev1.ProtocolTCP},
		{Name: PortNameHTTP, ContainerPort: sftpgoconfig.HTTPPort, Protocol: corev1.ProtocolTCP},
		{Name: PortNameWebDAV, ContainerPort: sftpgoconfig.WebDAVPort, Protocol: corev1.ProtocolTCP},
		{Name: PortNameFTP, ContainerPort: sftpgoconfig.FTPPort, Protocol: corev1.ProtocolTCP},
		{Name: PortNameTelemetry, ContainerPort: sftpgoconfig.TelemetryPort, Protocol: corev1.ProtocolTCP},
	}
}

// ContainerPorts returns the ports the SFTPGo container of the instance
// declares: SFTPGoPorts, without WebDAV's or FTP's unless enabled, and
// one port per FTP passive port.
func ContainerPorts(in *resolve.Instance) []corev1.ContainerPort {
	ports := SFTPGoPorts()
	if !in.WebDAVEnabled() {
		ports = slices.DeleteFunc(ports, func(p corev1.ContainerPort) bool { return p.Name == PortNameWebDAV })
	}
	if !in.FTPEnabled() {
		ports = slices.DeleteFunc(ports, func(p corev1.ContainerPort) bool { return p.Name == PortNameFTP })
	}
	for i, p := range in.FTPPassivePorts() {
		ports = append(ports, corev1.ContainerPort{Name: FTPPassivePortName(i), ContainerPort: p, Protocol: corev1.ProtocolTCP})
	}
	return ports
}

// FTPPassivePortName names the i-th passive port (at most 11 characters
// for the 64 allowed; port names may have 15).
func FTPPassivePortName(i int) string { return fmt.Sprintf("ftp-pasv-%d", i) }

// MountPathCollision returns the operator's mount path that mountPath is
// equal to, inside or above (after cleaning it), and whether there is one:
// such a mount would hide or replace the config, the keys, the user files
// or SFTPGo's state.
func MountPathCollision(mountPath string) (string, bool) {
	p := path.Clean("/" + mountPath)
	for _, managed := range ManagedMountPaths() {
		if p == managed || strings.HasPrefix(p, managed+"/") || p == "/" || strings.HasPrefix(managed, p+"/") {
			return managed, true
		}
	}
	return "", false
}

// The merge of spec.podTemplate into the pod: what the operator sets comes
// first and wins. Additions that collide with it are left out here and
// refused by rule SEC009, which blocks the rollout before this is applied;
// dropping them as well keeps the offline render's objects safe.

func addedEnv(env []corev1.EnvVar) []corev1.EnvVar {
	var out []corev1.EnvVar
	for _, e := range env {
		if !slices.Contains(OperatorEnvNames(), e.Name) {
			out = append(out, *e.DeepCopy())
		}
	}
	return out
}

// addedEnvFrom: the operator's env wins over envFrom in Kubernetes, and
// the keys' names are checked by rule SEC009 once read from the cluster.
func addedEnvFrom(sources []corev1.EnvFromSource) []corev1.EnvFromSource {
	var out []corev1.EnvFromSource
	for _, s := range sources {
		out = append(out, *s.DeepCopy())
	}
	return out
}

func addedVolumes(vols []corev1.Volume) []corev1.Volume {
	var out []corev1.Volume
	for _, v := range vols {
		if !slices.Contains(ManagedVolumeNames(), v.Name) {
			out = append(out, *v.DeepCopy())
		}
	}
	return out
}

func addedMounts(mounts []corev1.VolumeMount) []corev1.VolumeMount {
	var out []corev1.VolumeMount
	for _, m := range mounts {
		if _, collides := MountPathCollision(m.MountPath); !collides {
			out = append(out, *m.DeepCopy())
		}
	}
	return out
}

// addedContainers copies the init or sidecar containers, giving each the
// restricted security context where it sets none.
func addedContainers(cs []corev1.Container) []corev1.Container {
	var out []corev1.Container
	for _, c := range cs {
		if c.Name == ContainerName {
			continue
		}
		c := *c.DeepCopy()
		c.SecurityContext = restrictedDefaults(c.SecurityContext)
		out = append(out, c)
	}
	return out
}

// restrictedDefaults fills the unset fields of sc with the SFTPGo
// container's settings. Set fields are kept: those that break the
// restricted Pod Security Standard are refused by rule SEC009 rather than
// silently changed, and readOnlyRootFilesystem false is a choice a sidecar
// may need (the standard does not ask for it).
func restrictedDefaults(sc *corev1.SecurityContext) *corev1.SecurityContext {
	if sc == nil {
		sc = &corev1.SecurityContext{}
	}
	if sc.AllowPrivilegeEscalation == nil {
		sc.AllowPrivilegeEscalation = ptr.To(false)
	}
	if sc.ReadOnlyRootFilesystem == nil {
		sc.ReadOnlyRootFilesystem = ptr.To(true)
	}
	if sc.RunAsNonRoot == nil {
		sc.RunAsNonRoot = ptr.To(true)
	}
	if sc.Capabilities == nil {
		sc.Capabilities = &corev1.Capabilities{}
	}
	if len(sc.Capabilities.Drop) == 0 {
		sc.Capabilities.Drop = []corev1.Capability{"ALL"}
	}
	if sc.SeccompProfile == nil {
		sc.SeccompProfile = &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}
	}
	return sc
}
