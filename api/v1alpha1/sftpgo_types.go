package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// DefaultImage is the SFTPGo image the operator runs unless spec.image says otherwise.
const DefaultImage = "ghcr.io/drakkan/sftpgo:v2.7.5"

// MaxNameLength is the longest SFTPGo name the API accepts (a CEL rule on
// the root): the operator names Services `<name>` and `<name>-web` (and
// may add `<name>-webdav`), and a Service name is a DNS-1035 label of at
// most 63 characters. A test builds every object for a name this long and
// checks each derived name against its Kubernetes limit.
const MaxNameLength = 56

// MaxAnnotationChars bounds the keys and values of each annotation map in
// the spec (a CEL rule): Kubernetes allows 256 KiB of annotations per
// object; 65000 characters of at most 4 bytes each stay below it with room
// for the annotations the operator adds.
const MaxAnnotationChars = 65000

// SFTPGoSpec describes one SFTPGo server: what it serves, how users reach it,
// and how its security settings fit the network in front of it.
// +kubebuilder:validation:XValidation:rule="!(self.?expose.?tls.?termination.orValue('Edge') == 'Passthrough' && self.?security.?tokenIPBinding.orValue('Enforced') != 'Disabled' && (self.?expose.?type.orValue('Auto') in ['Ingress', 'Route', 'HTTPRoute'] || (self.?expose.?type.orValue('Auto') == 'Auto' && self.?expose.?host.hasValue())))",message="SEC003: TLS Passthrough with token IP binding on cannot work: the proxy cannot add a client IP header to encrypted traffic, so SFTPGo rejects session tokens whenever the proxy's IP changes (the login loop). Set spec.expose.tls.termination to Edge or Reencrypt",fieldPath=".expose.tls.termination",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="!(self.?webdav.?enabled.orValue(false) && self.?expose.?tls.?termination.orValue('Edge') == 'Passthrough' && (self.?expose.?type.orValue('Auto') in ['Ingress', 'Route', 'HTTPRoute'] || (self.?expose.?type.orValue('Auto') == 'Auto' && has(self.expose) && has(self.expose.host) && size(self.expose.host) > 0)))",message="SEC012: WebDAV cannot be published with TLS Passthrough: the proxy routes encrypted traffic by host name only, so it cannot send path /dav to the WebDAV port (an OpenShift Route with passthrough takes no path). Set spec.expose.tls.termination to Edge or Reencrypt, or spec.webdav.enabled to false",fieldPath=".webdav.enabled",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="!(self.?ftp.?enabled.orValue(false) && self.?service.?type.orValue('LoadBalancer') != 'ClusterIP' && self.?service.?externalTrafficPolicy.orValue('Local') == 'Cluster' && self.?security.?proxyProtocol.?mode.orValue('Disabled') == 'Disabled')",message="SEC014: FTP behind a Service with externalTrafficPolicy Cluster and no PROXY protocol loses client IPs: control and data connections reach SFTPGo from different node IPs, and SFTPGo's strict passive security (data connection from the control connection's IP) refuses the data connections. Set spec.service.externalTrafficPolicy to Local, or enable spec.security.proxyProtocol with a load balancer that sends it",fieldPath=".service.externalTrafficPolicy",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="!self.?ftp.?enabled.orValue(false) || (self.?ftp.?port.orValue(21) != self.?sftp.?port.orValue(22) && [self.?ftp.?port.orValue(21), self.?sftp.?port.orValue(22)].all(p, p < self.?ftp.?passivePorts.?start.orValue(50000) || p >= self.?ftp.?passivePorts.?start.orValue(50000) + self.?ftp.?passivePorts.?count.orValue(16)))",message="spec.ftp.port, spec.sftp.port and the passive ports share the Service: they must all differ. Change spec.ftp.port or spec.ftp.passivePorts.start",fieldPath=".ftp.port",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule=`!(has(self.image) && (self.image.startsWith("sftpgo:") || self.image.contains("/sftpgo:")) && self.image.contains("distroless") && self.?dataProvider.?driver.orValue("sqlite") == "sqlite")`,message="SEC008: the distroless SFTPGo images are built without SQLite (it needs a C runtime they lack), so SFTPGo would exit at start: use an image with SQLite (ghcr.io/drakkan/sftpgo:v2.7.5, or its -alpine or -slim variants), or set spec.dataProvider.driver to postgresql, mysql or cockroachdb",fieldPath=".image",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="self.?replicas.orValue(1) <= 1 || self.?dataProvider.?driver.orValue('sqlite') != 'sqlite'",message="SEC004: replicas > 1 needs a shared data provider: set spec.dataProvider.driver to postgresql, mysql or cockroachdb (SQLite is a one-process store), or spec.replicas to 1",fieldPath=".dataProvider.driver",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule=`self.?replicas.orValue(1) <= 1 || !self.?storage.?data.?enabled.orValue(true) || size(self.?storage.?data.?existingClaim.orValue("")) > 0 || (has(self.storage) && has(self.storage.data) && has(self.storage.data.accessModes) && 'ReadWriteMany' in self.storage.data.accessModes)`,message="SEC007: replicas > 1 needs shared storage for user files: set spec.storage.data.accessModes to [ReadWriteMany], name a shared spec.storage.data.existingClaim, or set spec.replicas to 1",fieldPath=".storage.data.accessModes",reason=FieldValueInvalid
type SFTPGoSpec struct {
	// Image is the SFTPGo container image. It must be an SFTPGo v2.7 or later
	// image that keeps the upstream layout (UID 1000, `sftpgo` on the PATH).
	// +kubebuilder:default="ghcr.io/drakkan/sftpgo:v2.7.5"
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=512
	// +kubebuilder:validation:XValidation:rule=`!self.matches('\\s')`,message="spec.image must not contain whitespace: give an image reference such as ghcr.io/drakkan/sftpgo:v2.7.5",reason=FieldValueInvalid
	// +optional
	Image string `json:"image,omitempty"`

	// Replicas is the number of SFTPGo pods. More than one needs a shared data
	// provider (postgresql, mysql or cockroachdb) and shared (ReadWriteMany)
	// storage for user files.
	// +kubebuilder:default=1
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=50
	// +optional
	Replicas *int32 `json:"replicas,omitempty"`

	// ShutdownGracePeriodSeconds is how long SFTPGo lets running transfers
	// finish when a pod stops (rollout, drain, scale-down) before it closes
	// them; the pod's terminationGracePeriodSeconds is 10 seconds longer.
	// +kubebuilder:default=30
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=3600
	// +optional
	ShutdownGracePeriodSeconds *int32 `json:"shutdownGracePeriodSeconds,omitempty"`

	// Resources are the SFTPGo container's compute requests and limits.
	// When empty, the operator requests 100m CPU and 128Mi memory. Only cpu,
	// memory and ephemeral-storage are taken; a request may not exceed its
	// limit.
	// +kubebuilder:validation:XValidation:rule="!has(self.requests) || self.requests.all(r, r in ['cpu', 'memory', 'ephemeral-storage'])",message="spec.resources.requests takes cpu, memory and ephemeral-storage only: the SFTPGo container uses no hugepages or extended resources. Remove the other names",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="!has(self.limits) || self.limits.all(r, r in ['cpu', 'memory', 'ephemeral-storage'])",message="spec.resources.limits takes cpu, memory and ephemeral-storage only: the SFTPGo container uses no hugepages or extended resources. Remove the other names",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="['cpu', 'memory', 'ephemeral-storage'].all(r, (!has(self.requests) || !(r in self.requests) || !quantity(string(self.requests[r])).isLessThan(quantity('0'))) && (!has(self.limits) || !(r in self.limits) || !quantity(string(self.limits[r])).isLessThan(quantity('0'))))",message="spec.resources: requests and limits must not be negative",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="!has(self.requests) || !has(self.limits) || ['cpu', 'memory', 'ephemeral-storage'].all(r, !(r in self.requests) || !(r in self.limits) || quantity(string(self.requests[r])).compareTo(quantity(string(self.limits[r]))) <= 0)",message="spec.resources: a request must not exceed its limit (Kubernetes refuses the pod): lower the request or raise the limit",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="!has(self.claims) || size(self.claims) == 0",message="spec.resources.claims is not supported: the SFTPGo pod declares no resource claims. Remove it",reason=FieldValueForbidden
	// +optional
	Resources corev1.ResourceRequirements `json:"resources,omitempty"`

	// SFTP configures the SFTP listener (container port 2022).
	// +kubebuilder:default={}
	// +optional
	SFTP SFTPSpec `json:"sftp,omitempty"`

	// Web configures the HTTP listener (container port 8080) that serves the
	// WebAdmin, WebClient and REST API.
	// +kubebuilder:default={}
	// +optional
	Web WebSpec `json:"web,omitempty"`

	// WebDAV configures SFTPGo's WebDAV server (container port 8090), served
	// at path /dav of the web UI's host.
	// +kubebuilder:default={}
	// +optional
	WebDAV WebDAVSpec `json:"webdav,omitempty"`

	// FTP configures SFTPGo's FTP(S) server (container port 2121 and the
	// passive ports), published on the Service that carries SFTP.
	// +kubebuilder:default={}
	// +optional
	FTP FTPSpec `json:"ftp,omitempty"`

	// Monitoring configures Prometheus scraping, alerts and a Grafana
	// dashboard through the prometheus-operator API, on by default where
	// the cluster serves it. See docs/monitoring.md.
	// +kubebuilder:default={}
	// +optional
	Monitoring MonitoringSpec `json:"monitoring,omitempty"`

	// Backup takes scheduled backups of SFTPGo's users, groups, folders,
	// admins and settings (not user files) to S3-compatible storage. See
	// docs/backup.md.
	// +optional
	Backup *BackupSpec `json:"backup,omitempty"`

	// Service configures the Service named after this resource, which carries
	// the SFTP port to clients.
	// +kubebuilder:default={}
	// +optional
	Service ServiceSpec `json:"service,omitempty"`

	// Expose configures how the web UI and REST API reach users: an Ingress,
	// an OpenShift Route, a Gateway API HTTPRoute, or nothing.
	// +kubebuilder:default={}
	// +optional
	Expose ExposeSpec `json:"expose,omitempty"`

	// Security holds the settings that must fit the network in front of
	// SFTPGo: token IP binding, trusted proxies, PROXY protocol and the
	// NetworkPolicy. See docs/security.md for the rules the operator enforces.
	// +kubebuilder:default={}
	// +optional
	Security SecuritySpec `json:"security,omitempty"`

	// DataProvider is where SFTPGo keeps users, admins and settings.
	// +kubebuilder:default={}
	// +optional
	DataProvider DataProviderSpec `json:"dataProvider,omitempty"`

	// Storage configures the volumes for user files and SFTPGo's state.
	// +kubebuilder:default={}
	// +optional
	Storage StorageSpec `json:"storage,omitempty"`

	// AdminCredentialsSecret names a Secret in this namespace with the
	// username and password of the first SFTPGo admin (keys `username` and
	// `password` unless usernameKey and passwordKey say otherwise). When
	// unset, the operator generates `<name>-admin` with a random password.
	// SFTPGo only uses it while no admin exists: a later change of the
	// Secret changes no existing admin and restarts no pod (condition
	// AdminCredentials).
	// +optional
	AdminCredentialsSecret *CredentialsSecretReference `json:"adminCredentialsSecret,omitempty"`

	// Config holds extra sftpgo.json settings, deep-merged over the rendered
	// configuration. Keys the operator manages (bindings, token validation,
	// signing passphrase, host keys, proxy settings, telemetry, data provider
	// connection) are refused with rule SEC006: set the matching spec field.
	// +kubebuilder:pruning:PreserveUnknownFields
	// +kubebuilder:validation:Type=object
	// +optional
	Config *runtime.RawExtension `json:"config,omitempty"`

	// PodTemplate adds scheduling, metadata, environment, volumes and
	// containers to the SFTPGo pods, merged with what the operator owns.
	// +optional
	PodTemplate PodTemplate `json:"podTemplate,omitempty"`
}

// SFTPSpec configures the SFTP listener.
type SFTPSpec struct {
	// Enabled serves SFTP. When false, only the web listener runs.
	// +kubebuilder:default=true
	// +optional
	Enabled *bool `json:"enabled,omitempty"`

	// Port is the SFTP port on the Service (the container listens on 2022).
	// +kubebuilder:default=22
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port int32 `json:"port,omitempty"`
}

// WebSpec selects what the HTTP listener serves. The REST API is served
// while either part is enabled.
type WebSpec struct {
	// Admin is the WebAdmin UI and the admin REST API.
	// +kubebuilder:default={}
	// +optional
	Admin WebPartSpec `json:"admin,omitempty"`

	// Client is the WebClient UI and the user REST API.
	// +kubebuilder:default={}
	// +optional
	Client WebPartSpec `json:"client,omitempty"`
}

// WebPartSpec switches one part of the web listener on or off.
type WebPartSpec struct {
	// Enabled serves this part (the default).
	// +kubebuilder:default=true
	// +optional
	Enabled *bool `json:"enabled,omitempty"`
}

// WebDAVSpec switches SFTPGo's WebDAV server on or off.
type WebDAVSpec struct {
	// Enabled serves WebDAV (off by default) at path /dav, published the
	// way spec.expose publishes the web UI: the same host, TLS and trusted
	// proxies (a second path on the Ingress or HTTPRoute; on OpenShift a
	// second Route `<name>-webdav`). Clients connect to https://HOST/dav/
	// with their SFTPGo user's name and password. When spec.expose
	// publishes nothing (type None), WebDAV is reachable only inside the
	// cluster, through the web Service `<name>-web` on port 8090. See
	// docs/protocols.md.
	// +kubebuilder:default=false
	// +optional
	Enabled *bool `json:"enabled,omitempty"`
}

// FTPTLSMode is how the FTP server uses TLS.
// +kubebuilder:validation:Enum=Required;Implicit;Optional;Disabled
type FTPTLSMode string

// FTP TLS modes.
const (
	// FTPTLSRequired: explicit FTPS (AUTH TLS on the control port),
	// required for the control and data connections.
	FTPTLSRequired FTPTLSMode = "Required"
	// FTPTLSImplicit: implicit FTPS, TLS from the first byte.
	FTPTLSImplicit FTPTLSMode = "Implicit"
	// FTPTLSOptional: explicit FTPS offered, plain FTP accepted.
	FTPTLSOptional FTPTLSMode = "Optional"
	// FTPTLSDisabled: plain FTP, passwords in clear text (SEC110).
	FTPTLSDisabled FTPTLSMode = "Disabled"
)

// MaxFTPPassivePorts bounds spec.ftp.passivePorts.count: each passive port
// is one container port and one Service port.
const MaxFTPPassivePorts = 64

// FTPSpec configures SFTPGo's FTP(S) server.
// +kubebuilder:validation:XValidation:rule="!self.?enabled.orValue(false) || self.?tls.orValue('Required') == 'Disabled' || has(self.certificateSecret)",message="SEC013: FTP with TLS Required, Implicit or Optional needs a certificate: set spec.ftp.certificateSecret to a kubernetes.io/tls Secret (cert-manager's, say), or spec.ftp.tls to Disabled for plain FTP (passwords in clear text)",fieldPath=".certificateSecret",reason=FieldValueRequired
type FTPSpec struct {
	// Enabled serves FTP (off by default) on the Service that carries SFTP
	// (same type, externalTrafficPolicy and PROXY protocol), with one
	// Service port per passive port. See docs/protocols.md.
	// +kubebuilder:default=false
	// +optional
	Enabled *bool `json:"enabled,omitempty"`

	// Port is the FTP control port on the Service (the container listens
	// on 2121). Implicit FTPS clients usually expect 990.
	// +kubebuilder:default=21
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port int32 `json:"port,omitempty"`

	// TLS: Required (the default: explicit FTPS, AUTH TLS before login,
	// data connections encrypted), Implicit (TLS from the first byte),
	// Optional (explicit FTPS offered, plain FTP accepted) or Disabled
	// (plain FTP, passwords in clear text: SEC110). All but Disabled need
	// certificateSecret (SEC013).
	// +kubebuilder:default=Required
	// +optional
	TLS FTPTLSMode `json:"tls,omitempty"`

	// CertificateSecret names a kubernetes.io/tls Secret (tls.crt, tls.key)
	// in this namespace, as cert-manager writes it. It is mounted as a
	// volume: a renewed certificate reaches the pod's files, and SFTPGo
	// reloads it (see docs/protocols.md).
	// +optional
	CertificateSecret *SecretReference `json:"certificateSecret,omitempty"`

	// PassivePorts is the range of ports SFTPGo opens for passive data
	// connections: one per concurrent transfer. Each is a container port
	// and a Service port.
	// +kubebuilder:default={}
	// +optional
	PassivePorts FTPPassivePorts `json:"passivePorts,omitempty"`

	// PassiveAddress is the IPv4 address, or the DNS name, that SFTPGo
	// announces for passive data connections (PASV). Empty (the default):
	// the Service's load balancer address, read from its status; with a
	// ClusterIP Service, the pod's own IP. A DNS name is resolved to IPv4 by
	// SFTPGo at each passive connection. EPSV clients need no address.
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:XValidation:rule="isIP(self) ? ip(self).family() == 4 : !format.dns1123Subdomain().validate(self).hasValue()",message="spec.ftp.passiveAddress must be an IPv4 address or a DNS name (lowercase): SFTPGo announces IPv4 addresses only for PASV",reason=FieldValueInvalid
	// +optional
	PassiveAddress string `json:"passiveAddress,omitempty"`
}

// FTPPassivePorts is a range of count ports from start.
// +kubebuilder:validation:XValidation:rule="self.?count.orValue(16) <= 64",message="spec.ftp.passivePorts.count may be at most 64: each passive port is one container port and one Service port (one per concurrent data transfer; see docs/protocols.md for sizing)",fieldPath=".count",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="self.?start.orValue(50000) + self.?count.orValue(16) - 1 <= 65535",message="spec.ftp.passivePorts: start + count - 1 must be at most 65535",fieldPath=".start",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="[2022, 2121, 8080, 8090, 10000].all(p, p < self.?start.orValue(50000) || p >= self.?start.orValue(50000) + self.?count.orValue(16))",message="spec.ftp.passivePorts must not include the ports SFTPGo listens on (2022, 2121, 8080, 8090, 10000): move the range (50000 and up, say)",fieldPath=".start",reason=FieldValueInvalid
type FTPPassivePorts struct {
	// Start is the first passive port (container and Service port alike).
	// +kubebuilder:default=50000
	// +kubebuilder:validation:Minimum=1024
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Start int32 `json:"start,omitempty"`

	// Count is how many passive ports, from start: one per concurrent data
	// transfer, at least 2 (SFTPGo needs a range), at most 64.
	// +kubebuilder:default=16
	// +kubebuilder:validation:Minimum=2
	// +optional
	Count int32 `json:"count,omitempty"`
}

// ServiceType is the type of the SFTP Service.
// +kubebuilder:validation:Enum=LoadBalancer;NodePort;ClusterIP
type ServiceType string

// Service types.
const (
	ServiceTypeLoadBalancer ServiceType = "LoadBalancer"
	ServiceTypeNodePort     ServiceType = "NodePort"
	ServiceTypeClusterIP    ServiceType = "ClusterIP"
)

// TrafficPolicy is the Service's externalTrafficPolicy.
// +kubebuilder:validation:Enum=Local;Cluster
type TrafficPolicy string

// Traffic policies.
const (
	TrafficPolicyLocal   TrafficPolicy = "Local"
	TrafficPolicyCluster TrafficPolicy = "Cluster"
)

// ServiceSpec configures the Service that carries SFTP.
type ServiceSpec struct {
	// Type is the Service type.
	// +kubebuilder:default=LoadBalancer
	// +optional
	Type ServiceType `json:"type,omitempty"`

	// ExternalTrafficPolicy keeps client source IPs with Local (the default):
	// with Cluster, kube-proxy rewrites them and SFTPGo sees node IPs
	// (rule SEC101). Ignored for ClusterIP.
	// +kubebuilder:default=Local
	// +optional
	ExternalTrafficPolicy TrafficPolicy `json:"externalTrafficPolicy,omitempty"`

	// Annotations are added to the Service, for example a cloud load
	// balancer's PROXY protocol switch.
	// +kubebuilder:validation:MaxProperties=64
	// +kubebuilder:validation:XValidation:rule="self.all(k, !format.qualifiedName().validate(k).hasValue())",messageExpression="'spec.service.annotations: ' + self.filter(k, format.qualifiedName().validate(k).hasValue())[0] + ' is not a valid annotation key: an optional DNS subdomain prefix and \\'/\\', then a name of at most 63 characters (letters, digits, \\'-\\', \\'_\\', \\'.\\') that starts and ends with a letter or digit'",message="spec.service.annotations: every key must be a valid annotation key (an optional DNS subdomain prefix and '/', then a name of at most 63 characters)",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="self.map(k, size(k) + size(self[k])).sum() <= 65000",message="spec.service.annotations may hold at most 65000 characters in total (keys and values): Kubernetes allows 256 KiB of annotations per object and the operator adds its own",reason=FieldValueInvalid
	// +optional
	Annotations map[string]string `json:"annotations,omitempty"`

	// LoadBalancerSourceRanges restricts which client CIDRs the cloud load
	// balancer accepts, each a CIDR such as 203.0.113.0/24.
	// +kubebuilder:validation:XValidation:rule="self.all(r, isCIDR(r) && cidr(r) == cidr(r).masked())",messageExpression="'spec.service.loadBalancerSourceRanges: ' + self.filter(r, !isCIDR(r) || !(cidr(r) == cidr(r).masked()))[0] + ' is not a CIDR without bits set beyond its prefix length: write a range such as 203.0.113.0/24, or one address as 203.0.113.7/32'",message="spec.service.loadBalancerSourceRanges: every entry must be a CIDR without bits set beyond its prefix length, such as 203.0.113.0/24",reason=FieldValueInvalid
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:MaxLength=64
	// +optional
	LoadBalancerSourceRanges []string `json:"loadBalancerSourceRanges,omitempty"`
}

// ExposeType says how the web listener is published.
// +kubebuilder:validation:Enum=Auto;Ingress;Route;HTTPRoute;None
type ExposeType string

// Expose types.
const (
	ExposeAuto      ExposeType = "Auto"
	ExposeIngress   ExposeType = "Ingress"
	ExposeRoute     ExposeType = "Route"
	ExposeHTTPRoute ExposeType = "HTTPRoute"
	ExposeNone      ExposeType = "None"
)

// ExposeSpec configures how the web UI and REST API reach users.
// +kubebuilder:validation:XValidation:rule="!has(self.type) || self.type != 'HTTPRoute' || (has(self.gatewayRef) && has(self.gatewayRef.name) && size(self.gatewayRef.name) > 0)",message="SEC011: spec.expose.type HTTPRoute needs the Gateway the HTTPRoute attaches to: set spec.expose.gatewayRef.name (and spec.expose.gatewayRef.namespace when the Gateway is in another namespace), or choose another spec.expose.type",fieldPath=".gatewayRef",reason=FieldValueRequired
// +kubebuilder:validation:XValidation:rule="!has(self.host) || !self.host.startsWith('*.') || self.?type.orValue('Auto') in ['Ingress', 'HTTPRoute']",message="spec.expose.host may start with '*.' only with spec.expose.type Ingress or HTTPRoute: an OpenShift Route (what Auto gives on OpenShift) takes no wildcard host. Set the type, or a full host name such as files.example.com",fieldPath=".host",reason=FieldValueInvalid
type ExposeSpec struct {
	// Type of publication. Auto gives a Route on OpenShift, otherwise an
	// Ingress when host is set, otherwise nothing.
	// +kubebuilder:default=Auto
	// +optional
	Type ExposeType `json:"type,omitempty"`

	// Host is the DNS name users open, e.g. files.example.com. A wildcard
	// (*.example.com) is taken with type Ingress or HTTPRoute.
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:XValidation:rule="self == '' || (!format.dns1123Subdomain().validate(self.startsWith('*.') ? self.substring(2) : self).hasValue() && self.split('.').all(l, size(l) <= 63))",message="spec.expose.host must be a DNS name such as files.example.com: lowercase letters, digits, '-' and '.', each label at most 63 characters and starting and ending with a letter or digit, at most 253 characters; a leading '*.' is allowed with type Ingress or HTTPRoute",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="!isIP(self)",message="spec.expose.host must be a DNS name, not an IP address: Ingresses, Routes and HTTPRoutes route by host name",reason=FieldValueInvalid
	// +optional
	Host string `json:"host,omitempty"`

	// IngressClassName selects the Ingress controller; empty uses the
	// cluster's default class.
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:XValidation:rule="self == '' || !format.dns1123Subdomain().validate(self).hasValue()",message="spec.expose.ingressClassName must be a DNS subdomain, the name of an IngressClass: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters",reason=FieldValueInvalid
	// +optional
	IngressClassName string `json:"ingressClassName,omitempty"`

	// GatewayRef is the parent Gateway of the HTTPRoute; its name is
	// required with type HTTPRoute (rule SEC011).
	// +optional
	GatewayRef GatewayRef `json:"gatewayRef,omitempty"`

	// TLS says where HTTPS ends.
	// +kubebuilder:default={}
	// +optional
	TLS ExposeTLS `json:"tls,omitempty"`

	// Annotations are added to the Ingress, Route or HTTPRoute.
	// +kubebuilder:validation:MaxProperties=64
	// +kubebuilder:validation:XValidation:rule="self.all(k, !format.qualifiedName().validate(k).hasValue())",messageExpression="'spec.expose.annotations: ' + self.filter(k, format.qualifiedName().validate(k).hasValue())[0] + ' is not a valid annotation key: an optional DNS subdomain prefix and \\'/\\', then a name of at most 63 characters (letters, digits, \\'-\\', \\'_\\', \\'.\\') that starts and ends with a letter or digit'",message="spec.expose.annotations: every key must be a valid annotation key (an optional DNS subdomain prefix and '/', then a name of at most 63 characters)",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="self.map(k, size(k) + size(self[k])).sum() <= 65000",message="spec.expose.annotations may hold at most 65000 characters in total (keys and values): Kubernetes allows 256 KiB of annotations per object and the operator adds its own",reason=FieldValueInvalid
	// +optional
	Annotations map[string]string `json:"annotations,omitempty"`
}

// GatewayRef names a Gateway API Gateway.
type GatewayRef struct {
	// Name of the Gateway.
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:XValidation:rule="self == '' || !format.dns1123Subdomain().validate(self).hasValue()",message="spec.expose.gatewayRef.name must be a DNS subdomain, the name of a Gateway: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters",reason=FieldValueInvalid
	// +optional
	Name string `json:"name,omitempty"`
	// Namespace of the Gateway; empty means this namespace.
	// +kubebuilder:validation:MaxLength=63
	// +kubebuilder:validation:XValidation:rule="self == '' || !format.dns1123Label().validate(self).hasValue()",message="spec.expose.gatewayRef.namespace must be a namespace name: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",reason=FieldValueInvalid
	// +optional
	Namespace string `json:"namespace,omitempty"`
}

// TLSTermination says where TLS ends for the web listener.
// +kubebuilder:validation:Enum=Edge;Reencrypt;Passthrough;None
type TLSTermination string

// TLS terminations.
const (
	TLSEdge        TLSTermination = "Edge"
	TLSReencrypt   TLSTermination = "Reencrypt"
	TLSPassthrough TLSTermination = "Passthrough"
	TLSNone        TLSTermination = "None"
)

// ExposeTLS configures HTTPS for the published web listener.
type ExposeTLS struct {
	// Termination: Edge ends TLS at the proxy (the default); Reencrypt ends it
	// at the proxy and again at SFTPGo; Passthrough sends TLS through to
	// SFTPGo (the proxy cannot add a client IP header, rule SEC003); None
	// serves plain HTTP (rule SEC102).
	// +kubebuilder:default=Edge
	// +optional
	Termination TLSTermination `json:"termination,omitempty"`

	// CertificateSecret names the kubernetes.io/tls Secret (keys tls.crt and
	// tls.key) with the certificate users see: the Ingress serves it with
	// Edge or Reencrypt, SFTPGo itself with Passthrough. When unset, the
	// Ingress serves the ingress controller's default certificate. A Route
	// uses the router's certificate and an HTTPRoute the Gateway's.
	// +optional
	CertificateSecret *SecretReference `json:"certificateSecret,omitempty"`
}

// TokenIPBinding says whether SFTPGo binds web tokens to the client IP.
// +kubebuilder:validation:Enum=Enforced;Disabled
type TokenIPBinding string

// Token IP binding modes.
const (
	TokenIPBindingEnforced TokenIPBinding = "Enforced"
	TokenIPBindingDisabled TokenIPBinding = "Disabled"
)

// ProxyProtocolMode is SFTPGo's common.proxy_protocol.
// +kubebuilder:validation:Enum=Disabled;Optional;Required
type ProxyProtocolMode string

// PROXY protocol modes.
const (
	ProxyProtocolDisabled ProxyProtocolMode = "Disabled"
	ProxyProtocolOptional ProxyProtocolMode = "Optional"
	ProxyProtocolRequired ProxyProtocolMode = "Required"
)

// SecuritySpec holds the settings that must fit the network in front of SFTPGo.
type SecuritySpec struct {
	// TokenIPBinding: Enforced (the default) accepts a web token only from the
	// client IP it was issued to; Disabled accepts it from anywhere, so a
	// stolen cookie works for anyone (rule SEC103). Behind proxies, keep it
	// Enforced and list the proxies in trustedProxies.
	// +kubebuilder:default=Enforced
	// +optional
	TokenIPBinding TokenIPBinding `json:"tokenIPBinding,omitempty"`

	// RevokeTokensOnAccountChange invalidates an account's earlier tokens
	// whenever the account changes (SFTPGo 2.7+).
	// +optional
	RevokeTokensOnAccountChange bool `json:"revokeTokensOnAccountChange,omitempty"`

	// TrustedProxies are the CIDRs of the proxies in front of the web port;
	// SFTPGo reads the client IP header and X-Forwarded-Proto only from them.
	// When empty and the web is proxied, the operator derives them from the
	// cluster's pod network and reports the source in status.trustedProxies.
	// Never a catch-all such as 0.0.0.0/0 (rule SEC001).
	// +kubebuilder:validation:XValidation:rule="self.all(p, isCIDR(p) || isIP(p))",messageExpression="'SEC001: not a valid IP or CIDR: ' + self.filter(p, !isCIDR(p) && !isIP(p))[0] + '. List the addresses (10.0.0.5) or ranges (10.128.0.0/14) of the proxies in front of the web port'",message="SEC001: every trusted proxy must be a valid IP or CIDR, such as 10.0.0.5 or 10.128.0.0/14",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="self.all(p, !isCIDR(p) || cidr(p).prefixLength() > 0)",messageExpression="'SEC001: catch-all trusted proxy ' + self.filter(p, isCIDR(p) && cidr(p).prefixLength() == 0)[0] + ': any client could forge X-Forwarded-For and pick its own IP. List only the CIDRs of the proxies in front of the web port'",message="SEC001: a trusted proxy must not be a catch-all (0.0.0.0/0, ::/0): any client could forge X-Forwarded-For. List only the CIDRs of the proxies in front of the web port",reason=FieldValueInvalid
	// +kubebuilder:validation:MaxItems=32
	// +kubebuilder:validation:items:MaxLength=64
	// +optional
	TrustedProxies []string `json:"trustedProxies,omitempty"`

	// ClientIPHeader is the header the trusted proxies put the client IP in.
	// +kubebuilder:default=X-Forwarded-For
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9-]+$`
	// +optional
	ClientIPHeader string `json:"clientIPHeader,omitempty"`

	// ClientIPHeaderDepth picks the entry of the client IP header, counted
	// from the right: 0 (the default) is the entry the nearest proxy added.
	// +kubebuilder:default=0
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=16
	// +optional
	ClientIPHeaderDepth int32 `json:"clientIPHeaderDepth,omitempty"`

	// ProxyProtocol makes the SFTP listener read PROXY protocol headers from a
	// load balancer that sends them, so SFTPGo sees real client IPs.
	// +kubebuilder:default={}
	// +optional
	ProxyProtocol ProxyProtocolSpec `json:"proxyProtocol,omitempty"`

	// NetworkPolicy configures the NetworkPolicy `<name>` that lets only the
	// proxies reach the web port, only monitoring reach the telemetry port,
	// and anyone reach SFTP. It is what makes trusting a derived,
	// pod-network-wide proxy range safe (rule SEC106).
	// +kubebuilder:default={}
	// +optional
	NetworkPolicy NetworkPolicySpec `json:"networkPolicy,omitempty"`

	// ProxyNamespaceSelector selects the namespaces whose pods (ingress
	// controllers, routers, gateways) may reach the web port. When unset: on
	// OpenShift the router's namespaces (label
	// policy-group.network.openshift.io/ingress); elsewhere the namespaces of
	// common ingress controllers (ingress-nginx, traefik, kube-system, ...;
	// see docs/security.md). Pods of this namespace may always reach it.
	// +kubebuilder:validation:XValidation:rule="!has(self.matchExpressions) || self.matchExpressions.all(e, e.operator in ['In', 'NotIn'] ? (has(e.values) && size(e.values) > 0) : (e.operator in ['Exists', 'DoesNotExist'] && (!has(e.values) || size(e.values) == 0)))",message="spec.security.proxyNamespaceSelector.matchExpressions: the operator must be In or NotIn with at least one value, or Exists or DoesNotExist without values",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="!has(self.matchLabels) || self.matchLabels.all(k, !format.qualifiedName().validate(k).hasValue())",message="spec.security.proxyNamespaceSelector.matchLabels: every key must be a valid label key (an optional DNS subdomain prefix and '/', then a name of at most 63 characters)",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="!has(self.matchLabels) || self.matchLabels.all(k, size(self.matchLabels[k]) <= 63)",message="spec.security.proxyNamespaceSelector.matchLabels: a label value has at most 63 characters",reason=FieldValueInvalid
	// +optional
	ProxyNamespaceSelector *metav1.LabelSelector `json:"proxyNamespaceSelector,omitempty"`

	// ProxySourceRanges are CIDRs outside any namespace that the
	// NetworkPolicy lets reach the web port: load balancers that send
	// straight to pod IPs (AWS ALB in IP mode, GKE container-native load
	// balancing, Azure Application Gateway) and proxies on the host network
	// where the network plugin sees node addresses. List them in
	// trustedProxies too, or SFTPGo ignores the client IP they send (rule
	// SEC108). Behind an Ingress of class alb, gce, gce-internal or
	// azure-application-gateway the trusted proxies outside the pod network
	// are admitted without being listed here. Never the pod network SFTPGo
	// trusts (rule SEC010). See docs/security.md.
	// +kubebuilder:validation:XValidation:rule="self.all(p, isCIDR(p) || isIP(p))",messageExpression="'SEC010: not a valid IP or CIDR: ' + self.filter(p, !isCIDR(p) && !isIP(p))[0] + '. List the addresses (10.0.0.5) or ranges (10.0.0.0/24) of the load balancers or nodes that reach the web port'",message="SEC010: every proxy source range must be a valid IP or CIDR, such as 10.0.0.5 or 10.0.0.0/24",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="self.all(p, !isCIDR(p) || cidr(p).prefixLength() > 0)",messageExpression="'SEC010: catch-all proxy source range ' + self.filter(p, isCIDR(p) && cidr(p).prefixLength() == 0)[0] + ': the NetworkPolicy would let every pod and host reach the web port. List only the CIDRs of the load balancers or nodes that reach it'",message="SEC010: a proxy source range must not be a catch-all (0.0.0.0/0, ::/0): the NetworkPolicy would let everyone reach the web port",reason=FieldValueInvalid
	// +kubebuilder:validation:MaxItems=32
	// +kubebuilder:validation:items:MaxLength=64
	// +optional
	ProxySourceRanges []string `json:"proxySourceRanges,omitempty"`

	// MonitoringNamespaceSelector selects the namespaces whose pods may reach
	// the telemetry port (10000: /healthz, /metrics). When unset: on
	// OpenShift, openshift-monitoring and openshift-user-workload-monitoring;
	// elsewhere the namespaces monitoring stacks are usually installed in
	// (monitoring, kube-prometheus-stack, prometheus, observability). Set it
	// when your Prometheus runs elsewhere (docs/monitoring.md).
	// +kubebuilder:validation:XValidation:rule="!has(self.matchExpressions) || self.matchExpressions.all(e, e.operator in ['In', 'NotIn'] ? (has(e.values) && size(e.values) > 0) : (e.operator in ['Exists', 'DoesNotExist'] && (!has(e.values) || size(e.values) == 0)))",message="spec.security.monitoringNamespaceSelector.matchExpressions: the operator must be In or NotIn with at least one value, or Exists or DoesNotExist without values",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="!has(self.matchLabels) || self.matchLabels.all(k, !format.qualifiedName().validate(k).hasValue())",message="spec.security.monitoringNamespaceSelector.matchLabels: every key must be a valid label key (an optional DNS subdomain prefix and '/', then a name of at most 63 characters)",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="!has(self.matchLabels) || self.matchLabels.all(k, size(self.matchLabels[k]) <= 63)",message="spec.security.monitoringNamespaceSelector.matchLabels: a label value has at most 63 characters",reason=FieldValueInvalid
	// +optional
	MonitoringNamespaceSelector *metav1.LabelSelector `json:"monitoringNamespaceSelector,omitempty"`
}

// NetworkPolicySpec switches the operator's NetworkPolicy on or off.
type NetworkPolicySpec struct {
	// Enabled creates the NetworkPolicy (the default). When false, none is
	// made and every pod in the cluster can reach the web and telemetry
	// ports (rule SEC106 warns when the trusted proxies cover the pod
	// network).
	// +kubebuilder:default=true
	// +optional
	Enabled *bool `json:"enabled,omitempty"`
}

// ProxyProtocolSpec configures PROXY protocol for the SFTP listener.
// +kubebuilder:validation:XValidation:rule="self.?mode.orValue('Disabled') != 'Required' || size(self.?allowedSources.orValue([])) > 0",message="SEC005: PROXY protocol Required with no allowedSources refuses every SFTP connection: set spec.security.proxyProtocol.allowedSources to your load balancers' CIDRs, or the mode to Optional or Disabled",fieldPath=".allowedSources",reason=FieldValueRequired
type ProxyProtocolSpec struct {
	// Mode: Disabled (the default), Optional (a header is read from allowed
	// sources and ignored from others) or Required (connections from outside
	// allowedSources are refused).
	// +kubebuilder:default=Disabled
	// +optional
	Mode ProxyProtocolMode `json:"mode,omitempty"`

	// AllowedSources are the CIDRs of the load balancers that send PROXY
	// headers. Required mode with none refuses every connection (SEC005).
	// +kubebuilder:validation:XValidation:rule="self.all(p, isCIDR(p) || isIP(p))",messageExpression="'SEC001: not a valid IP or CIDR: ' + self.filter(p, !isCIDR(p) && !isIP(p))[0] + '. List the addresses (10.0.0.5) or ranges (10.0.0.0/24) of the load balancers that send PROXY headers'",message="SEC001: every PROXY protocol source must be a valid IP or CIDR, such as 10.0.0.5 or 10.0.0.0/24",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="self.all(p, !isCIDR(p) || cidr(p).prefixLength() > 0)",messageExpression="'SEC001: catch-all PROXY protocol source ' + self.filter(p, isCIDR(p) && cidr(p).prefixLength() == 0)[0] + ': any client could send a PROXY header and pick its own IP. List only the CIDRs of the load balancers that send PROXY headers'",message="SEC001: a PROXY protocol source must not be a catch-all (0.0.0.0/0, ::/0): any client could send a PROXY header and pick its own IP",reason=FieldValueInvalid
	// +kubebuilder:validation:MaxItems=32
	// +kubebuilder:validation:items:MaxLength=64
	// +optional
	AllowedSources []string `json:"allowedSources,omitempty"`
}

// DataProviderDriver is SFTPGo's data_provider.driver.
// +kubebuilder:validation:Enum=sqlite;postgresql;mysql;cockroachdb
type DataProviderDriver string

// Data provider drivers.
const (
	DriverSQLite      DataProviderDriver = "sqlite"
	DriverPostgreSQL  DataProviderDriver = "postgresql"
	DriverMySQL       DataProviderDriver = "mysql"
	DriverCockroachDB DataProviderDriver = "cockroachdb"
)

// SSLMode is how SFTPGo secures its connection to the database: SFTPGo's
// integer data_provider.sslmode (0 to 5), by the names PostgreSQL gives
// them.
// +kubebuilder:validation:Enum=disable;require;verify-ca;verify-full;prefer;allow
type SSLMode string

// SSL modes, in the order of SFTPGo's data_provider.sslmode 0 to 5.
const (
	SSLModeDisable    SSLMode = "disable"
	SSLModeRequire    SSLMode = "require"
	SSLModeVerifyCA   SSLMode = "verify-ca"
	SSLModeVerifyFull SSLMode = "verify-full"
	SSLModePrefer     SSLMode = "prefer"
	SSLModeAllow      SSLMode = "allow"
)

// DataProviderSpec is where SFTPGo keeps users, admins and settings.
type DataProviderSpec struct {
	// Driver: sqlite (the default, one replica only, kept on the state
	// volume), or a shared postgresql, mysql or cockroachdb database.
	// +kubebuilder:default=sqlite
	// +optional
	Driver DataProviderDriver `json:"driver,omitempty"`

	// Host of the database server.
	// +kubebuilder:validation:MaxLength=253
	// +optional
	Host string `json:"host,omitempty"`

	// Port of the database server; 0 uses the driver's default.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port int32 `json:"port,omitempty"`

	// Database name.
	// +kubebuilder:validation:MaxLength=253
	// +optional
	Database string `json:"database,omitempty"`

	// SSLMode secures the connection to a postgresql, mysql or cockroachdb
	// database: disable (the default, SFTPGo's own: no TLS), require,
	// verify-ca, verify-full, prefer or allow. PostgreSQL and CockroachDB
	// take each as their sslmode. MySQL has fewer modes, and SFTPGo maps
	// them: disable to no TLS, require to TLS with the server certificate
	// verified against the system CAs, verify-ca to TLS without
	// verification (skip-verify), verify-full to TLS when the server offers
	// it, without verification (preferred); prefer and allow give MySQL no
	// TLS. Ignored with sqlite.
	// +kubebuilder:default=disable
	// +optional
	SSLMode SSLMode `json:"sslMode,omitempty"`

	// CredentialsSecret names the Secret with the database username and
	// password (keys `username` and `password` unless usernameKey and
	// passwordKey say otherwise); they reach SFTPGo only through
	// environment variables. When unset, SFTPGo connects without them.
	// +optional
	CredentialsSecret *CredentialsSecretReference `json:"credentialsSecret,omitempty"`
}

// SecretReference names a Secret in the SFTPGo's namespace. Every Secret
// the spec names is referenced by this shape, alone or inline in a type
// that adds the keys to read (CredentialsSecretReference).
type SecretReference struct {
	// Name of the Secret in this namespace.
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:XValidation:rule="size(self) == 0 || !format.dns1123Subdomain().validate(self).hasValue()",message="must be a DNS subdomain, the name of a Secret in this namespace: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters",reason=FieldValueInvalid
	Name string `json:"name"`
}

// CredentialsSecretReference names a Secret that holds a username and a
// password, and the keys that hold them.
type CredentialsSecretReference struct {
	SecretReference `json:",inline"`

	// UsernameKey is the Secret key of the username.
	// +kubebuilder:default=username
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:XValidation:rule="self.matches('^[-._a-zA-Z0-9]+$') && self != '.' && self != '..'",message="usernameKey must be a Secret key: letters, digits, '-', '_' and '.', not empty, not '.' or '..'",reason=FieldValueInvalid
	// +optional
	UsernameKey string `json:"usernameKey,omitempty"`

	// PasswordKey is the Secret key of the password.
	// +kubebuilder:default=password
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:XValidation:rule="self.matches('^[-._a-zA-Z0-9]+$') && self != '.' && self != '..'",message="passwordKey must be a Secret key: letters, digits, '-', '_' and '.', not empty, not '.' or '..'",reason=FieldValueInvalid
	// +optional
	PasswordKey string `json:"passwordKey,omitempty"`
}

// SecretName is the name of the Secret r names, "" when r is nil.
func (r *SecretReference) SecretName() string {
	if r == nil {
		return ""
	}
	return r.Name
}

// SecretName is the name of the Secret r names, "" when r is nil.
func (r *CredentialsSecretReference) SecretName() string {
	if r == nil {
		return ""
	}
	return r.Name
}

// StorageSpec configures SFTPGo's volumes.
type StorageSpec struct {
	// Data is the volume for user files and backups, mounted at /srv/sftpgo.
	// +kubebuilder:default={}
	// +optional
	Data DataVolumeSpec `json:"data,omitempty"`

	// State is the volume for SFTPGo's working directory /var/lib/sftpgo
	// (the sqlite database lives there).
	// +kubebuilder:default={}
	// +optional
	State StateVolumeSpec `json:"state,omitempty"`

	// RetentionPolicy says what deleting this SFTPGo does to its
	// PersistentVolumeClaims, its host keys and token signing passphrase
	// (`<name>-keys`) and its generated admin Secret (`<name>-admin`).
	// Retain (the default) keeps them, without an owner reference, so that
	// re-creating the SFTPGo finds the same files, the same server identity
	// and the same admin login; Delete lets Kubernetes delete them with it.
	// +kubebuilder:default=Retain
	// +optional
	RetentionPolicy RetentionPolicy `json:"retentionPolicy,omitempty"`
}

// RetentionPolicy says what deleting an SFTPGo does to its data.
// +kubebuilder:validation:Enum=Retain;Delete
type RetentionPolicy string

// Retention policies.
const (
	RetentionPolicyRetain RetentionPolicy = "Retain"
	RetentionPolicyDelete RetentionPolicy = "Delete"
)

// DataVolumeSpec configures the user-file volume.
// +kubebuilder:validation:XValidation:rule="!has(self.size) || !has(oldSelf.size) || quantity(string(self.size)).compareTo(quantity(string(oldSelf.size))) >= 0",messageExpression="'storage.data.size can only grow (PVCs cannot shrink): set it back to at least ' + string(oldSelf.size)",message="storage.data.size can only grow (PVCs cannot shrink): set it back to at least its previous value",fieldPath=".size",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule=`(has(self.storageClassName) ? self.storageClassName : "") == (has(oldSelf.storageClassName) ? oldSelf.storageClassName : "")`,messageExpression=`"storage.data.storageClassName cannot change: the claim's storage class is fixed when the SFTPGo is created. Set it back to " + (has(oldSelf.storageClassName) && oldSelf.storageClassName != "" ? oldSelf.storageClassName : "empty (the cluster default)") + ". To move the files to another class, copy them to a new claim and name it in storage.data.existingClaim, or create a new SFTPGo (docs/storage.md)"`,message="storage.data.storageClassName cannot change: the claim's storage class is fixed when the SFTPGo is created. Set it back; to move the files to another class, copy them to a new claim and name it in storage.data.existingClaim, or create a new SFTPGo (docs/storage.md)",fieldPath=".storageClassName",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="has(self.accessModes) == has(oldSelf.accessModes) && (!has(self.accessModes) || self.accessModes == oldSelf.accessModes)",messageExpression="'storage.data.accessModes cannot change: the claim keeps the access modes it was created with. Set them back to [' + (has(oldSelf.accessModes) ? oldSelf.accessModes.join(', ') : 'none') + ']. To move the files to a claim with other modes (ReadWriteMany for several replicas), copy them to a new claim and name it in storage.data.existingClaim, or create a new SFTPGo (docs/storage.md)'",message="storage.data.accessModes cannot change: the claim keeps the access modes it was created with. Set them back; to move the files to a claim with other modes, copy them to a new claim and name it in storage.data.existingClaim, or create a new SFTPGo (docs/storage.md)",fieldPath=".accessModes",reason=FieldValueInvalid
type DataVolumeSpec struct {
	// Enabled creates or mounts a PersistentVolumeClaim; when false, user
	// files live in an emptyDir and are lost with the pod (use it with cloud
	// storage backends only).
	// +kubebuilder:default=true
	// +optional
	Enabled *bool `json:"enabled,omitempty"`

	// Size of the claim the operator creates.
	// +kubebuilder:default="10Gi"
	// +kubebuilder:validation:XValidation:rule="quantity(string(self)).isGreaterThan(quantity('0'))",message="spec.storage.data.size must be greater than zero, such as 10Gi",reason=FieldValueInvalid
	// +optional
	Size *resource.Quantity `json:"size,omitempty"`

	// StorageClassName of the claim; empty uses the cluster default.
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:XValidation:rule="self == '' || !format.dns1123Subdomain().validate(self).hasValue()",message="spec.storage.data.storageClassName must be a DNS subdomain, the name of a StorageClass: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters",reason=FieldValueInvalid
	// +optional
	StorageClassName string `json:"storageClassName,omitempty"`

	// AccessModes of the claim. Several replicas need ReadWriteMany.
	// +kubebuilder:default={ReadWriteOnce}
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=4
	// +kubebuilder:validation:XValidation:rule="self.all(m, m in ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'])",message="spec.storage.data.accessModes: every mode must be ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="!('ReadWriteOncePod' in self) || size(self) == 1",message="spec.storage.data.accessModes: ReadWriteOncePod cannot be combined with other modes (Kubernetes refuses the claim)",reason=FieldValueInvalid
	// +optional
	AccessModes []corev1.PersistentVolumeAccessMode `json:"accessModes,omitempty"`

	// ExistingClaim mounts this PersistentVolumeClaim instead of creating one.
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:XValidation:rule="self == '' || !format.dns1123Subdomain().validate(self).hasValue()",message="spec.storage.data.existingClaim must be a DNS subdomain, the name of a PersistentVolumeClaim in this namespace: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters",reason=FieldValueInvalid
	// +optional
	ExistingClaim string `json:"existingClaim,omitempty"`
}

// StateVolumeSpec configures the state volume.
// +kubebuilder:validation:XValidation:rule="!has(self.size) || !has(oldSelf.size) || quantity(string(self.size)).compareTo(quantity(string(oldSelf.size))) >= 0",messageExpression="'storage.state.size can only grow (PVCs cannot shrink): set it back to at least ' + string(oldSelf.size)",message="storage.state.size can only grow (PVCs cannot shrink): set it back to at least its previous value",fieldPath=".size",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule=`(has(self.storageClassName) ? self.storageClassName : "") == (has(oldSelf.storageClassName) ? oldSelf.storageClassName : "")`,messageExpression=`"storage.state.storageClassName cannot change: the claim's storage class is fixed when the SFTPGo is created. Set it back to " + (has(oldSelf.storageClassName) && oldSelf.storageClassName != "" ? oldSelf.storageClassName : "empty (the cluster default)") + ". To move SFTPGo's state to another class, create a new SFTPGo and restore a backup of the old one into it (docs/storage.md)"`,message="storage.state.storageClassName cannot change: the claim's storage class is fixed when the SFTPGo is created. Set it back; to move SFTPGo's state to another class, create a new SFTPGo and restore a backup of the old one into it (docs/storage.md)",fieldPath=".storageClassName",reason=FieldValueInvalid
type StateVolumeSpec struct {
	// Size of the claim.
	// +kubebuilder:default="1Gi"
	// +kubebuilder:validation:XValidation:rule="quantity(string(self)).isGreaterThan(quantity('0'))",message="spec.storage.state.size must be greater than zero, such as 1Gi",reason=FieldValueInvalid
	// +optional
	Size *resource.Quantity `json:"size,omitempty"`

	// StorageClassName of the claim; empty uses the cluster default.
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:XValidation:rule="self == '' || !format.dns1123Subdomain().validate(self).hasValue()",message="spec.storage.state.storageClassName must be a DNS subdomain, the name of a StorageClass: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters",reason=FieldValueInvalid
	// +optional
	StorageClassName string `json:"storageClassName,omitempty"`
}

// Severity of a finding.
// +kubebuilder:validation:Enum=Error;Warning
type Severity string

// Severities.
const (
	SeverityError   Severity = "Error"
	SeverityWarning Severity = "Warning"
)

// Finding is the result of one security coherence rule.
type Finding struct {
	// Rule is the rule ID, e.g. SEC102; docs/security.md explains each.
	Rule string `json:"rule"`
	// Severity: Error blocks rollout, Warning does not.
	Severity Severity `json:"severity"`
	// Field is the spec field to change.
	Field string `json:"field"`
	// Message says what is wrong, why it matters and what to set instead.
	Message string `json:"message"`
}

// TrustedProxySource says where the trusted proxies came from.
// +kubebuilder:validation:Enum=Spec;OpenShiftNetwork;CiliumNodePodCIDRs;CalicoIPPools;NodePodCIDRs
type TrustedProxySource string

// Trusted proxy sources. The derived ones are listed in the order the
// operator prefers them: the network plugin's own records before the nodes'
// spec.podCIDRs, which plugins with their own IPAM do not use.
const (
	TrustedProxiesFromSpec         TrustedProxySource = "Spec"
	TrustedProxiesFromOpenShift    TrustedProxySource = "OpenShiftNetwork"
	TrustedProxiesFromCiliumNodes  TrustedProxySource = "CiliumNodePodCIDRs"
	TrustedProxiesFromCalicoPools  TrustedProxySource = "CalicoIPPools"
	TrustedProxiesFromNodePodCIDRs TrustedProxySource = "NodePodCIDRs"
)

// TrustedProxiesStatus reports the proxies SFTPGo trusts.
type TrustedProxiesStatus struct {
	// CIDRs SFTPGo accepts client IP headers from.
	// +optional
	CIDRs []string `json:"cidrs,omitempty"`
	// Source of the CIDRs.
	// +optional
	Source TrustedProxySource `json:"source,omitempty"`
}

// Endpoints are the addresses users connect to.
type Endpoints struct {
	// SFTP is host:port of the SFTP service.
	// +optional
	SFTP string `json:"sftp,omitempty"`
	// Web is the URL of the web UI.
	// +optional
	Web string `json:"web,omitempty"`
	// FTP is the address FTP clients connect to (host:port), when FTP is
	// enabled.
	// +optional
	FTP string `json:"ftp,omitempty"`
	// WebDAV is the URL WebDAV clients connect to, when WebDAV is enabled.
	// +optional
	WebDAV string `json:"webdav,omitempty"`
}

// SFTPGoStatus is what the operator observed and did.
type SFTPGoStatus struct {
	// ObservedGeneration is the generation of the spec the status describes.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`

	// Conditions: Ready (the pods serve) and SecurityCoherent (no Error
	// finding; reason names the rule).
	// +listType=map
	// +listMapKey=type
	// +optional
	Conditions []metav1.Condition `json:"conditions,omitempty"`

	// Findings of the security coherence rules.
	// +optional
	Findings []Finding `json:"findings,omitempty"`

	// TrustedProxies SFTPGo trusts and where they came from.
	// +optional
	TrustedProxies TrustedProxiesStatus `json:"trustedProxies,omitempty"`

	// Replicas is the number of SFTPGo pods.
	// +optional
	Replicas int32 `json:"replicas,omitempty"`

	// ReadyReplicas is the number of SFTPGo pods that are ready.
	// +optional
	ReadyReplicas int32 `json:"readyReplicas,omitempty"`

	// ReplicasSummary is readyReplicas/spec.replicas, e.g. 2/3: the
	// Replicas column of `kubectl get sftpgo`.
	// +optional
	ReplicasSummary string `json:"replicasSummary,omitempty"`

	// Selector is the label selector of the SFTPGo pods, in the string
	// form of a label query: the scale subresource reports it, for a
	// HorizontalPodAutoscaler.
	// +optional
	Selector string `json:"selector,omitempty"`

	// Endpoints users connect to.
	// +optional
	Endpoints Endpoints `json:"endpoints,omitempty"`

	// Version is the SFTPGo release the pods run (2.7.5), read from the
	// image tag of the Deployment once every pod runs its current
	// template; "unknown" when that tag names no release (a digest,
	// latest). It changes after an upgrade's rollout completes.
	// +optional
	Version string `json:"version,omitempty"`

	// Backup reports the last backup taken and the last that failed.
	// +optional
	Backup *BackupStatus `json:"backup,omitempty"`
}

// AnnotationPaused set to "true" on an SFTPGo stops the operator from
// changing its objects (status is still reported); deletion still works.
const AnnotationPaused = "sftpgo.operator.dev/paused"

// SFTPGo runs an SFTPGo server (SFTP, web UI and REST API) whose security
// settings fit the network in front of it. The name rules run on create
// only (a name never changes), so an object made before them can still be
// updated.
// +kubebuilder:validation:XValidation:rule="oldSelf.hasValue() || size(self.metadata.name) <= 56",message="metadata.name must be at most 56 characters: the operator names Services after it (<name>, <name>-web, later <name>-webdav) and a Service name has at most 63 characters. Choose a shorter name",reason=FieldValueInvalid,optionalOldSelf=true
// +kubebuilder:validation:XValidation:rule="oldSelf.hasValue() || self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')",message="metadata.name must be a DNS-1035 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit, no dots, because the operator names Services after it (<name>, <name>-web). Choose a name such as files or sftp-team-a",reason=FieldValueInvalid,optionalOldSelf=true
// +kubebuilder:object:root=true
// +kubebuilder:resource:path=sftpgos,singular=sftpgo,scope=Namespaced
// +kubebuilder:subresource:status
// +kubebuilder:subresource:scale:specpath=.spec.replicas,statuspath=.status.replicas,selectorpath=.status.selector
// +kubebuilder:printcolumn:name="Ready",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].status`
// +kubebuilder:printcolumn:name="Reason",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].reason`
// +kubebuilder:printcolumn:name="Replicas",type=string,JSONPath=`.status.replicasSummary`,description="Ready pods / spec.replicas"
// +kubebuilder:printcolumn:name="Version",type=string,JSONPath=`.status.version`
// +kubebuilder:printcolumn:name="SFTP",type=string,JSONPath=`.status.endpoints.sftp`
// +kubebuilder:printcolumn:name="Web",type=string,JSONPath=`.status.endpoints.web`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
type SFTPGo struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// +optional
	Spec SFTPGoSpec `json:"spec,omitempty"`
	// +optional
	Status SFTPGoStatus `json:"status,omitempty"`
}

// SFTPGoList is a list of SFTPGo.
// +kubebuilder:object:root=true
type SFTPGoList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []SFTPGo `json:"items"`
}
