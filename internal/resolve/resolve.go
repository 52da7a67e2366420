// Package resolve turns a defaulted SFTPGo spec plus platform facts into the
// decisions every builder and rule shares: how the web is published, where
// TLS ends, which proxies are trusted. Computing them once keeps the config,
// the objects and the security findings from disagreeing.
package resolve

import (
	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
)

// Instance is an SFTPGo resource with every choice made.
type Instance struct {
	*v1alpha1.SFTPGo
	Facts platform.Facts

	// Expose is the publication actually used: never Auto.
	Expose v1alpha1.ExposeType
	// Proxied: the web listener sits behind an HTTP proxy that sets the
	// client IP header (Ingress, Route or HTTPRoute, TLS not passed through).
	Proxied bool
	// TLSAtProxy: the proxy ends TLS and forwards plain HTTP (Edge), so
	// SFTPGo must trust X-Forwarded-Proto from it.
	TLSAtProxy bool
	// TrustedProxies SFTPGo accepts client IP headers from, and their source.
	TrustedProxies v1alpha1.TrustedProxiesStatus
	// WebServesTLS: SFTPGo itself serves HTTPS on the web port, because the
	// proxy re-encrypts (Reencrypt) or passes TLS through (Passthrough).
	WebServesTLS bool
	// EnvFromNames are the variables each spec.podTemplate.envFrom source
	// adds, by its index, as read from the cluster when reconciling; nil
	// offline, where they cannot be known.
	EnvFromNames map[int][]string
	// DirectToPodIngressClass is the Ingress class when it is one whose
	// load balancer sends straight to pod IPs from outside the pod network
	// (see directToPodIngressClasses); empty otherwise.
	DirectToPodIngressClass string
	// ProxySourceRanges are the CIDRs the NetworkPolicy admits to the web
	// port as ipBlocks: spec.security.proxySourceRanges, plus, behind a
	// direct-to-pod Ingress class, the trusted proxies from the spec that lie
	// outside the known pod network. Canonical, without duplicates.
	ProxySourceRanges []string
	// Retain: claims, host keys and the generated admin Secret outlive the
	// resource (retention policy Retain).
	Retain bool
	// GeneratesAdminSecret: the spec names no admin credentials, so the
	// operator generates `<name>-admin`.
	GeneratesAdminSecret bool
	// CreatesDataClaim: user files are on a claim the operator creates
	// (data storage on, no existing claim named).
	CreatesDataClaim bool
	// DataClaimReadWriteOnce: that claim cannot be mounted on several
	// nodes (no ReadWriteMany): replicas cannot share it.
	DataClaimReadWriteOnce bool
	// AdminCredentials is the Secret the pods read the first admin from:
	// the one the spec names, else `<name>-admin`.
	AdminCredentials Credentials
	// DatabaseCredentials is the Secret of the shared data provider's
	// credentials; nil without a shared provider or without a Secret.
	DatabaseCredentials *Credentials
	// WebCertSecret is the kubernetes.io/tls Secret SFTPGo serves HTTPS
	// with when WebServesTLS: with Passthrough the certificate users see
	// (the spec's, when named); otherwise `<name>-web-tls`, which
	// OpenShift's service CA issues and elsewhere the admin (or
	// cert-manager) provides.
	WebCertSecret string
	// TLSSecret is the certificate Secret the spec names when an object
	// the operator makes uses it: the Ingress that ends TLS, or SFTPGo with
	// Passthrough (Routes and HTTPRoutes use the router's or the Gateway's
	// certificate). Empty otherwise.
	TLSSecret string
	// WebScheme is how users reach the published web UI: https unless the
	// TLS termination is None.
	WebScheme string
	// WebURL is where users reach the web UI, when the spec tells; empty
	// for a Route without host (the router picks it).
	WebURL string
	// WebDAVURL is where WebDAV clients connect, when WebDAV is enabled and
	// the spec tells; empty otherwise (and for a Route without host).
	WebDAVURL string
	// Monitored: the PodMonitor (and the PrometheusRule and dashboard, as
	// enabled) are made: spec.monitoring is not off and the cluster serves
	// monitoring.coreos.com/v1.
	Monitored bool
	// MonitoringAPIMissing: spec.monitoring.enabled is true on a cluster
	// that does not serve monitoring.coreos.com/v1.
	MonitoringAPIMissing bool
	// LoadBalancer is the SFTP Service's status.loadBalancer.ingress, as
	// the controller read it (nil offline): the default FTP passive address.
	LoadBalancer []LoadBalancerAddress

	// RunningImage is the image the live Deployment runs (its pod
	// template's); empty offline and before the first deployment.
	RunningImage string
	// ImageChange is what going from RunningImage to spec.image means for
	// the database schema (rule SEC015 refuses some).
	ImageChange ImageChange
	// DeploymentImage is the image the Deployment gets: spec.image, or the
	// running image while the migration Job of an upgrade has not
	// succeeded (or the change is refused).
	DeploymentImage string
	// MigrationImage is the image of the migration Job the instance wants;
	// empty when it wants none.
	MigrationImage string
	// Migration is where that Job is; MigrationJob its name when it
	// exists, MigrationMessage why it failed.
	Migration        MigrationState
	MigrationJob     string
	MigrationMessage string
}

// New resolves a copy of s defaulted like the API server does, with the
// pod network facts holds.
func New(s *v1alpha1.SFTPGo, facts platform.Facts) *Instance {
	in, _ := Resolve(s, facts, nil)
	return in
}

// PodNetworkReader reads the cluster's pod network and where it comes from.
type PodNetworkReader func() ([]string, v1alpha1.TrustedProxySource, error)

// Resolve is New for the controller: it reads the pod network through
// podNetwork (when not nil) only when the instance depends on it, so that
// an instance is resolved once per reconcile.
func Resolve(s *v1alpha1.SFTPGo, facts platform.Facts, podNetwork PodNetworkReader) (*Instance, error) {
	s = s.DeepCopy()
	s.Default()
	in := &Instance{SFTPGo: s, Facts: facts}
	in.Expose = exposeType(s, facts)
	termination := s.Spec.Expose.TLS.Termination
	in.Proxied = in.Expose != v1alpha1.ExposeNone && termination != v1alpha1.TLSPassthrough
	in.TLSAtProxy = in.Proxied && (termination == v1alpha1.TLSEdge || termination == v1alpha1.TLSReencrypt)
	in.WebServesTLS = in.Expose != v1alpha1.ExposeNone &&
		(termination == v1alpha1.TLSReencrypt || termination == v1alpha1.TLSPassthrough)
	in.DirectToPodIngressClass = directToPodIngressClass(s, in.Expose, in.Proxied)
	if podNetwork != nil && in.NeedsPodNetwork() {
		var err error
		if in.Facts.PodNetwork, in.Facts.PodNetworkSource, err = podNetwork(); err != nil {
			return nil, err
		}
	}
	in.TrustedProxies = trustedProxies(s, in.Expose, in.Proxied, in.Facts)
	in.ProxySourceRanges = proxySourceRanges(s, in.DirectToPodIngressClass != "", in.Facts.PodNetwork)
	in.Retain = in.RetainOnDelete()
	in.CreatesDataClaim = in.DataVolumeEnabled() && s.Spec.Storage.Data.ExistingClaim == ""
	in.DataClaimReadWriteOnce = dataClaimReadWriteOnce(in)
	in.resolveSecrets()
	in.resolveMonitoring()
	in.ResolveRollout(LiveRollout{})
	return in, nil
}

func exposeType(s *v1alpha1.SFTPGo, facts platform.Facts) v1alpha1.ExposeType {
	if t := s.Spec.Expose.Type; t != v1alpha1.ExposeAuto {
		return t
	}
	switch {
	case facts.RouteAPI:
		return v1alpha1.ExposeRoute
	case s.Spec.Expose.Host != "":
		return v1alpha1.ExposeIngress
	default:
		return v1alpha1.ExposeNone
	}
}

// trustedProxies: the spec wins (also with expose None, for a proxy the
// admin runs); a proxied web without any falls back to the pod network the
// cluster reports, since in-cluster proxies send from there.
func trustedProxies(s *v1alpha1.SFTPGo, expose v1alpha1.ExposeType, proxied bool, facts platform.Facts) v1alpha1.TrustedProxiesStatus {
	if expose != v1alpha1.ExposeNone && s.Spec.Expose.TLS.Termination == v1alpha1.TLSPassthrough {
		// The proxy forwards TLS untouched: a client IP header can only come
		// from the client itself, so no peer is trusted to set one.
		return v1alpha1.TrustedProxiesStatus{}
	}
	if len(s.Spec.Security.TrustedProxies) > 0 {
		return v1alpha1.TrustedProxiesStatus{
			CIDRs:  append([]string(nil), s.Spec.Security.TrustedProxies...),
			Source: v1alpha1.TrustedProxiesFromSpec,
		}
	}
	if !proxied || len(facts.PodNetwork) == 0 {
		return v1alpha1.TrustedProxiesStatus{}
	}
	return v1alpha1.TrustedProxiesStatus{
		CIDRs:  append([]string(nil), facts.PodNetwork...),
		Source: facts.PodNetworkSource,
	}
}

// Replicas is the defaulted replica count.
func (in *Instance) Replicas() int32 { return *in.Spec.Replicas }

// IPBindingEnforced reports whether SFTPGo binds tokens to client IPs.
func (in *Instance) IPBindingEnforced() bool {
	return in.Spec.Security.TokenIPBinding != v1alpha1.TokenIPBindingDisabled
}

// SharedDataProvider reports whether the data provider can serve several replicas.
func (in *Instance) SharedDataProvider() bool {
	return in.Spec.DataProvider.Driver != v1alpha1.DriverSQLite
}

// WebDAVEnabled reports whether SFTPGo serves WebDAV.
func (in *Instance) WebDAVEnabled() bool { return *in.Spec.WebDAV.Enabled }

// DataVolumeEnabled reports whether user files are on a PersistentVolumeClaim.
func (in *Instance) DataVolumeEnabled() bool { return *in.Spec.Storage.Data.Enabled }

// RetainOnDelete reports whether claims and host keys outlive the resource.
func (in *Instance) RetainOnDelete() bool {
	return in.Spec.Storage.RetentionPolicy != v1alpha1.RetentionPolicyDelete
}

// NeedsDerivedProxies reports whether the trusted proxies must come from the
// cluster's pod network: the web is proxied and the spec names none.
func (in *Instance) NeedsDerivedProxies() bool {
	return in.Proxied && len(in.Spec.Security.TrustedProxies) == 0
}

// NeedsPodNetwork reports whether the instance depends on the cluster's pod
// network: to derive its trusted proxies, or to keep the NetworkPolicy's
// ipBlocks out of it (rule SEC010, and the trusted proxies a direct-to-pod
// Ingress class admits).
func (in *Instance) NeedsPodNetwork() bool {
	if in.NeedsDerivedProxies() {
		return true
	}
	if !*in.Spec.Security.NetworkPolicy.Enabled {
		return false
	}
	return len(in.Spec.Security.ProxySourceRanges) > 0 ||
		(in.DirectToPodIngressClass != "" && len(in.Spec.Security.TrustedProxies) > 0)
}
