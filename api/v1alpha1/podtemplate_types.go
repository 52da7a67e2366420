package v1alpha1

import corev1 "k8s.io/api/core/v1"

// PodTemplate holds the pod settings an administrator may add. They are
// merged into the pods the operator builds, which keeps what it must own:
// its environment variables, volumes, mount paths, container name and ports,
// and the restricted security context (rule SEC009 refuses additions that
// would collide with them or weaken it; see docs/security.md).
type PodTemplate struct {
	// Labels added to the pods.
	// +kubebuilder:validation:MaxProperties=64
	// +kubebuilder:validation:XValidation:rule="self.all(k, !format.qualifiedName().validate(k).hasValue())",messageExpression="'spec.podTemplate.labels: ' + self.filter(k, format.qualifiedName().validate(k).hasValue())[0] + ' is not a valid label key: an optional DNS subdomain prefix and \\'/\\', then a name of at most 63 characters (letters, digits, \\'-\\', \\'_\\', \\'.\\') that starts and ends with a letter or digit'",message="spec.podTemplate.labels: every key must be a valid label key (an optional DNS subdomain prefix and '/', then a name of at most 63 characters)",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="self.all(k, size(self[k]) <= 63)",message="spec.podTemplate.labels: a label value has at most 63 characters",reason=FieldValueInvalid
	// +optional
	Labels map[string]string `json:"labels,omitempty"`
	// Annotations added to the pods.
	// +kubebuilder:validation:MaxProperties=64
	// +kubebuilder:validation:XValidation:rule="self.all(k, !format.qualifiedName().validate(k).hasValue())",messageExpression="'spec.podTemplate.annotations: ' + self.filter(k, format.qualifiedName().validate(k).hasValue())[0] + ' is not a valid annotation key: an optional DNS subdomain prefix and \\'/\\', then a name of at most 63 characters (letters, digits, \\'-\\', \\'_\\', \\'.\\') that starts and ends with a letter or digit'",message="spec.podTemplate.annotations: every key must be a valid annotation key (an optional DNS subdomain prefix and '/', then a name of at most 63 characters)",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="self.map(k, size(k) + size(self[k])).sum() <= 65000",message="spec.podTemplate.annotations may hold at most 65000 characters in total (keys and values): Kubernetes allows 256 KiB of annotations per object and the operator adds its own",reason=FieldValueInvalid
	// +optional
	Annotations map[string]string `json:"annotations,omitempty"`
	// NodeSelector of the pods.
	// +kubebuilder:validation:MaxProperties=64
	// +kubebuilder:validation:XValidation:rule="self.all(k, !format.qualifiedName().validate(k).hasValue())",messageExpression="'spec.podTemplate.nodeSelector: ' + self.filter(k, format.qualifiedName().validate(k).hasValue())[0] + ' is not a valid label key: an optional DNS subdomain prefix and \\'/\\', then a name of at most 63 characters (letters, digits, \\'-\\', \\'_\\', \\'.\\') that starts and ends with a letter or digit'",message="spec.podTemplate.nodeSelector: every key must be a valid label key (an optional DNS subdomain prefix and '/', then a name of at most 63 characters)",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="self.all(k, size(self[k]) <= 63)",message="spec.podTemplate.nodeSelector: a label value has at most 63 characters",reason=FieldValueInvalid
	// +optional
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`
	// Tolerations of the pods.
	// +optional
	Tolerations []corev1.Toleration `json:"tolerations,omitempty"`
	// Affinity of the pods.
	// +optional
	Affinity *corev1.Affinity `json:"affinity,omitempty"`
	// TopologySpreadConstraints of the pods.
	// +optional
	TopologySpreadConstraints []corev1.TopologySpreadConstraint `json:"topologySpreadConstraints,omitempty"`
	// PriorityClassName of the pods.
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:XValidation:rule="self == '' || !format.dns1123Subdomain().validate(self).hasValue()",message="spec.podTemplate.priorityClassName must be a DNS subdomain, the name of a PriorityClass: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters",reason=FieldValueInvalid
	// +optional
	PriorityClassName string `json:"priorityClassName,omitempty"`
	// ServiceAccountName the pods run as; empty uses the namespace default.
	// The token is not mounted: SFTPGo does not talk to Kubernetes.
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:XValidation:rule="self == '' || !format.dns1123Subdomain().validate(self).hasValue()",message="spec.podTemplate.serviceAccountName must be a DNS subdomain, the name of a ServiceAccount in this namespace: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters",reason=FieldValueInvalid
	// +optional
	ServiceAccountName string `json:"serviceAccountName,omitempty"`
	// ImagePullSecrets for the SFTPGo image.
	// +optional
	ImagePullSecrets []corev1.LocalObjectReference `json:"imagePullSecrets,omitempty"`

	// Env adds environment variables to the SFTPGo container: the way to
	// pass secrets SFTPGo reads over its config file (SMTP password, OIDC
	// client secret, KMS key, LDAP bind password) from a Secret, since
	// spec.config lands in a ConfigMap. For example
	// SFTPGO_SMTP__PASSWORD from a secretKeyRef. Variables the operator sets
	// (SFTPGO_DEFAULT_ADMIN_*, SFTPGO_GRACE_TIME, the database credentials
	// and node address) and SFTPGO_* variables that override a key the
	// operator manages are refused (SEC009). A change rolls the pods, as does a change of the
	// data of a Secret or ConfigMap they name (watched).
	// +kubebuilder:validation:XValidation:rule="self.all(e, !(e.name in ['SFTPGO_DEFAULT_ADMIN_USERNAME', 'SFTPGO_DEFAULT_ADMIN_PASSWORD', 'SFTPGO_GRACE_TIME', 'SFTPGO_DATA_PROVIDER__USERNAME', 'SFTPGO_DATA_PROVIDER__PASSWORD', 'SFTPGO_DATA_PROVIDER__NODE__HOST', 'SFTPGO_LOADDATA_FROM', 'SFTPGO_LOADDATA_MODE']))",message="SEC009: spec.podTemplate.env must not set a variable the operator sets: SFTPGO_DEFAULT_ADMIN_USERNAME and SFTPGO_DEFAULT_ADMIN_PASSWORD come from spec.adminCredentialsSecret, SFTPGO_GRACE_TIME from spec.shutdownGracePeriodSeconds, SFTPGO_DATA_PROVIDER__USERNAME and SFTPGO_DATA_PROVIDER__PASSWORD from spec.dataProvider.credentialsSecret, SFTPGO_DATA_PROVIDER__NODE__HOST is the pod's own address, SFTPGO_LOADDATA_FROM and SFTPGO_LOADDATA_MODE restore the operator's own admin at every start. Remove it and set the spec field",reason=FieldValueInvalid
	// +listType=map
	// +listMapKey=name
	// +kubebuilder:validation:MaxItems=64
	// +optional
	Env []corev1.EnvVar `json:"env,omitempty"`

	// EnvFrom adds every key of a Secret or ConfigMap as environment
	// variables of the SFTPGo container. The operator reads their keys when
	// it reconciles and refuses (SEC009) those that collide with its own
	// variables or override a key it manages; a change of their data rolls
	// the pods (watched).
	// +kubebuilder:validation:MaxItems=16
	// +optional
	EnvFrom []corev1.EnvFromSource `json:"envFrom,omitempty"`

	// Volumes adds volumes to the pods, for volumeMounts and the added
	// containers: a CA bundle, branding templates, plugin binaries. The
	// operator's volume names (config, keys, data, state, tmp, web-tls, ftp-tls) and
	// the volume types the restricted Pod Security Standard forbids (hostPath,
	// nfs, ...) are refused (SEC009).
	// +kubebuilder:validation:XValidation:rule="self.all(v, !(v.name in ['config', 'keys', 'data', 'state', 'tmp', 'web-tls', 'ftp-tls']))",message="SEC009: spec.podTemplate.volumes must not use a volume name the operator uses (config, keys, data, state, tmp, web-tls, ftp-tls): rename the volume and its volumeMounts",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="self.all(v, !has(v.hostPath) && !has(v.gcePersistentDisk) && !has(v.awsElasticBlockStore) && !has(v.gitRepo) && !has(v.nfs) && !has(v.iscsi) && !has(v.glusterfs) && !has(v.rbd) && !has(v.flexVolume) && !has(v.cinder) && !has(v.cephfs) && !has(v.flocker) && !has(v.fc) && !has(v.azureFile) && !has(v.vsphereVolume) && !has(v.quobyte) && !has(v.azureDisk) && !has(v.photonPersistentDisk) && !has(v.portworxVolume) && !has(v.scaleIO) && !has(v.storageos))",message="SEC009: spec.podTemplate.volumes may only use the volume types the restricted Pod Security Standard allows (configMap, secret, emptyDir, persistentVolumeClaim, projected, downwardAPI, csi, ephemeral, image): for a node or network share, create a PersistentVolume and mount its claim",reason=FieldValueInvalid
	// +listType=map
	// +listMapKey=name
	// +kubebuilder:validation:MaxItems=16
	// +optional
	Volumes []corev1.Volume `json:"volumes,omitempty"`

	// VolumeMounts adds mounts of spec.podTemplate volumes to the SFTPGo
	// container. A mount path
	// must be absolute and clean, and not equal to, inside or above a path
	// the operator mounts (/etc/sftpgo/config, /etc/sftpgo/keys,
	// /etc/sftpgo/web-tls, /etc/sftpgo/ftp-tls, /srv/sftpgo, /var/lib/sftpgo, /tmp) (SEC009).
	// +kubebuilder:validation:XValidation:rule="self.all(m, m.mountPath.startsWith('/') && (m.mountPath == '/' || !m.mountPath.endsWith('/')) && !m.mountPath.contains('//') && !m.mountPath.contains('/./') && !m.mountPath.contains('/../') && !m.mountPath.endsWith('/.') && !m.mountPath.endsWith('/..'))",message="SEC009: every spec.podTemplate.volumeMounts mountPath must be an absolute, clean path (no trailing slash, no // . or .. segments), such as /etc/ssl/custom",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="self.all(m, !(m.mountPath in ['/', '/etc', '/etc/sftpgo', '/etc/sftpgo/config', '/etc/sftpgo/keys', '/etc/sftpgo/web-tls', '/etc/sftpgo/ftp-tls', '/srv', '/srv/sftpgo', '/var', '/var/lib', '/var/lib/sftpgo', '/tmp']) && !['/etc/sftpgo/config/', '/etc/sftpgo/keys/', '/etc/sftpgo/web-tls/', '/etc/sftpgo/ftp-tls/', '/srv/sftpgo/', '/var/lib/sftpgo/', '/tmp/'].exists(p, m.mountPath.startsWith(p)))",message="SEC009: a spec.podTemplate.volumeMounts mountPath must not be equal to, inside or above a path the operator mounts (/etc/sftpgo/config, /etc/sftpgo/keys, /etc/sftpgo/web-tls, /etc/sftpgo/ftp-tls, /srv/sftpgo, /var/lib/sftpgo, /tmp): it would hide or replace the config, the keys, the user files or SFTPGo's state. Mount it elsewhere, such as /etc/ssl/custom or /opt/sftpgo",reason=FieldValueInvalid
	// +listType=map
	// +listMapKey=mountPath
	// +kubebuilder:validation:MaxItems=8
	// +optional
	VolumeMounts []corev1.VolumeMount `json:"volumeMounts,omitempty"`

	// InitContainers run before SFTPGo starts (a plugin download), or beside
	// it with restartPolicy Always (a native sidecar: a cloud SQL proxy that
	// must be up first). They get the restricted security context where they
	// set none (no privilege escalation, all capabilities dropped, non-root,
	// read-only root filesystem, RuntimeDefault seccomp); settings that break
	// the restricted Pod Security Standard, the container name sftpgo and
	// the ports SFTPGo listens on (2022, 8080, 8090, 2121, 10000 and their names
	// sftp, http, webdav, ftp, telemetry; WebDAV's even while it is off) are
	// refused (SEC009). Ports, capabilities and hostPorts are checked when
	// the operator reconciles: the lists they sit in are too long for an
	// admission rule.
	// +kubebuilder:validation:XValidation:rule="self.all(c, c.name != 'sftpgo')",message="SEC009: spec.podTemplate.initContainers must not use the container name sftpgo, which is the operator's: rename it",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="self.all(c, !has(c.securityContext) || (!c.securityContext.?privileged.orValue(false) && !c.securityContext.?allowPrivilegeEscalation.orValue(false) && c.securityContext.?runAsNonRoot.orValue(true) && c.securityContext.?runAsUser.orValue(1) != 0 && c.securityContext.?seccompProfile.?type.orValue('RuntimeDefault') != 'Unconfined' && c.securityContext.?procMount.orValue('Default') == 'Default'))",message="SEC009: spec.podTemplate.initContainers must keep the restricted Pod Security Standard: no privileged, allowPrivilegeEscalation true, root user (runAsNonRoot false, runAsUser 0), Unconfined seccomp or Unmasked procMount. Remove the setting; unset fields get the restricted defaults",reason=FieldValueInvalid
	// +listType=map
	// +listMapKey=name
	// +kubebuilder:validation:MaxItems=8
	// +optional
	InitContainers []corev1.Container `json:"initContainers,omitempty"`

	// Containers run beside SFTPGo in its pods (a vault agent, a log
	// shipper), with their own resources. The same defaults and refusals as
	// for initContainers apply.
	// +kubebuilder:validation:XValidation:rule="self.all(c, c.name != 'sftpgo')",message="SEC009: spec.podTemplate.containers must not use the container name sftpgo, which is the operator's: rename it",reason=FieldValueInvalid
	// +kubebuilder:validation:XValidation:rule="self.all(c, !has(c.securityContext) || (!c.securityContext.?privileged.orValue(false) && !c.securityContext.?allowPrivilegeEscalation.orValue(false) && c.securityContext.?runAsNonRoot.orValue(true) && c.securityContext.?runAsUser.orValue(1) != 0 && c.securityContext.?seccompProfile.?type.orValue('RuntimeDefault') != 'Unconfined' && c.securityContext.?procMount.orValue('Default') == 'Default'))",message="SEC009: spec.podTemplate.containers must keep the restricted Pod Security Standard: no privileged, allowPrivilegeEscalation true, root user (runAsNonRoot false, runAsUser 0), Unconfined seccomp or Unmasked procMount. Remove the setting; unset fields get the restricted defaults",reason=FieldValueInvalid
	// +listType=map
	// +listMapKey=name
	// +kubebuilder:validation:MaxItems=8
	// +optional
	Containers []corev1.Container `json:"containers,omitempty"`

	// FSGroupChangePolicy says when the kubelet changes the group of a
	// volume's files to the pod's fsGroup. Empty means OnRootMismatch where
	// the operator sets the fsGroup (Kubernetes), so a big data volume is not
	// re-chowned on every start; on OpenShift, where the SCC assigns the
	// fsGroup, empty leaves the Kubernetes default (Always).
	// +kubebuilder:validation:Enum=OnRootMismatch;Always
	// +optional
	FSGroupChangePolicy *corev1.PodFSGroupChangePolicy `json:"fsGroupChangePolicy,omitempty"`
}
