package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/utils/ptr"
)

// Default fills the unset fields of the spec with the same defaults the CRD
// schema gives, so that objects read from files (the render command) behave
// like objects read from the API server. A test keeps the two in step.
func (s *SFTPGo) Default() {
	sp := &s.Spec
	setIfEmpty(&sp.Image, DefaultImage)
	if sp.Replicas == nil {
		sp.Replicas = ptr.To[int32](1)
	}
	if sp.ShutdownGracePeriodSeconds == nil {
		sp.ShutdownGracePeriodSeconds = ptr.To[int32](30)
	}
	if sp.SFTP.Enabled == nil {
		sp.SFTP.Enabled = ptr.To(true)
	}
	if sp.SFTP.Port == 0 {
		sp.SFTP.Port = 22
	}
	if sp.Web.Admin.Enabled == nil {
		sp.Web.Admin.Enabled = ptr.To(true)
	}
	if sp.Web.Client.Enabled == nil {
		sp.Web.Client.Enabled = ptr.To(true)
	}
	if sp.WebDAV.Enabled == nil {
		sp.WebDAV.Enabled = ptr.To(false)
	}
	if sp.FTP.Enabled == nil {
		sp.FTP.Enabled = ptr.To(false)
	}
	setIfZero(&sp.FTP.Port, 21)
	setIfEmpty(&sp.FTP.TLS, FTPTLSRequired)
	setIfZero(&sp.FTP.PassivePorts.Start, 50000)
	setIfZero(&sp.FTP.PassivePorts.Count, 16)
	setIfEmpty(&sp.Monitoring.Interval, "30s")
	if sp.Monitoring.Alerts.Enabled == nil {
		sp.Monitoring.Alerts.Enabled = ptr.To(true)
	}
	if sp.Monitoring.Dashboard.Enabled == nil {
		sp.Monitoring.Dashboard.Enabled = ptr.To(true)
	}
	setIfEmpty(&sp.Service.Type, ServiceTypeLoadBalancer)
	setIfEmpty(&sp.Service.ExternalTrafficPolicy, TrafficPolicyLocal)
	setIfEmpty(&sp.Expose.Type, ExposeAuto)
	setIfEmpty(&sp.Expose.TLS.Termination, TLSEdge)
	setIfEmpty(&sp.Security.TokenIPBinding, TokenIPBindingEnforced)
	setIfEmpty(&sp.Security.ClientIPHeader, "X-Forwarded-For")
	setIfEmpty(&sp.Security.ProxyProtocol.Mode, ProxyProtocolDisabled)
	if sp.Security.NetworkPolicy.Enabled == nil {
		sp.Security.NetworkPolicy.Enabled = ptr.To(true)
	}
	setIfEmpty(&sp.DataProvider.Driver, DriverSQLite)
	setIfEmpty(&sp.DataProvider.SSLMode, SSLModeDisable)
	sp.AdminCredentialsSecret.defaultKeys()
	sp.DataProvider.CredentialsSecret.defaultKeys()
	if sp.Storage.Data.Enabled == nil {
		sp.Storage.Data.Enabled = ptr.To(true)
	}
	if sp.Storage.Data.Size == nil {
		sp.Storage.Data.Size = ptr.To(resource.MustParse("10Gi"))
	}
	if len(sp.Storage.Data.AccessModes) == 0 {
		sp.Storage.Data.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce}
	}
	if sp.Storage.State.Size == nil {
		sp.Storage.State.Size = ptr.To(resource.MustParse("1Gi"))
	}
	setIfEmpty(&sp.Storage.RetentionPolicy, RetentionPolicyRetain)
	sp.Backup.defaults()
}

// defaultKeys gives a credentials reference, when there is one, the key
// names the CRD defaults.
func (r *CredentialsSecretReference) defaultKeys() {
	if r == nil {
		return
	}
	setIfEmpty(&r.UsernameKey, "username")
	setIfEmpty(&r.PasswordKey, "password")
}

func setIfEmpty[T ~string](field *T, value T) {
	if *field == "" {
		*field = value
	}
}

func setIfZero(field *int32, value int32) {
	if *field == 0 {
		*field = value
	}
}
