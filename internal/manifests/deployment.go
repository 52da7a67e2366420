package manifests

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

// UID and GID of the upstream image's sftpgo user, set on Kubernetes; on
// OpenShift the restricted-v2 SCC assigns them.
const sftpgoUID int64 = 1000

// ContainerName is the SFTPGo container's name.
const ContainerName = "sftpgo"

// Volume names in the pod.
const (
	volumeConfig = "config"
	volumeKeys   = "keys"
	volumeData   = "data"
	volumeState  = "state"
	volumeTmp    = "tmp"
	volumeWebTLS = "web-tls"
	volumeFTPTLS = "ftp-tls"
)

// Deployment runs SFTPGo. configHash changes whenever the rendered config or
// the keys change, which rolls the pods.
func Deployment(in *resolve.Instance, configHash string) *appsv1.Deployment {
	return &appsv1.Deployment{
		TypeMeta:   typeMeta("apps/v1", "Deployment"),
		ObjectMeta: objectMeta(in, in.Name, ComponentServer),
		Spec: appsv1.DeploymentSpec{
			Replicas:             ptr.To(in.Replicas()),
			Selector:             &metav1.LabelSelector{MatchLabels: SelectorLabels(in)},
			Strategy:             strategy(in),
			RevisionHistoryLimit: ptr.To[int32](3),
			Template:             podTemplate(in, configHash),
		},
	}
}

// strategy: a ReadWriteOnce volume cannot be mounted by the old and the new
// pod on different nodes, so those instances replace pods instead of rolling.
func strategy(in *resolve.Instance) appsv1.DeploymentStrategy {
	if mountsReadWriteOnce(in) {
		return appsv1.DeploymentStrategy{Type: appsv1.RecreateDeploymentStrategyType}
	}
	return appsv1.DeploymentStrategy{
		Type: appsv1.RollingUpdateDeploymentStrategyType,
		RollingUpdate: &appsv1.RollingUpdateDeployment{
			MaxUnavailable: ptr.To(intstr.FromInt32(0)),
			MaxSurge:       ptr.To(intstr.FromInt32(1)),
		},
	}
}

// mountsReadWriteOnce: a claim of the pods cannot be mounted on two nodes
// (the state claim with the sqlite database, or a ReadWriteOnce data claim).
func mountsReadWriteOnce(in *resolve.Instance) bool {
	return !in.SharedDataProvider() || in.DataClaimReadWriteOnce
}

func podTemplate(in *resolve.Instance, configHash string) corev1.PodTemplateSpec {
	pt := in.Spec.PodTemplate
	labels := copyMap(pt.Labels)
	if labels == nil {
		labels = map[string]string{}
	}
	for k, v := range Labels(in, ComponentServer) {
		labels[k] = v
	}
	annotations := copyMap(pt.Annotations)
	if annotations == nil {
		annotations = map[string]string{}
	}
	annotations[AnnotationPodConfigHash] = configHash
	return corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: labels, Annotations: annotations},
		Spec: corev1.PodSpec{
			// SFTPGo does not talk to the Kubernetes API.
			AutomountServiceAccountToken: ptr.To(false),
			// Service links would put <SERVICE>_PORT variables in the
			// environment, where SFTPGo looks for SFTPGO_* overrides.
			EnableServiceLinks:            ptr.To(false),
			ServiceAccountName:            pt.ServiceAccountName,
			SecurityContext:               podSecurityContext(in),
			InitContainers:                addedContainers(pt.InitContainers),
			Containers:                    append([]corev1.Container{container(in)}, addedContainers(pt.Containers)...),
			Volumes:                       append(volumes(in), addedVolumes(pt.Volumes)...),
			NodeSelector:                  copyMap(pt.NodeSelector),
			Tolerations:                   pt.Tolerations,
			Affinity:                      pt.Affinity,
			TopologySpreadConstraints:     topologySpread(in),
			TerminationGracePeriodSeconds: ptr.To(int64(*in.Spec.ShutdownGracePeriodSeconds) + shutdownMargin),
			PriorityClassName:             pt.PriorityClassName,
			ImagePullSecrets:              pt.ImagePullSecrets,
		},
	}
}

// shutdownMargin is the time the pod gets beyond SFTPGo's grace time to
// close connections and exit before the kubelet kills it.
const shutdownMargin = 10

// topologySpread spreads several replicas across nodes by default, so a
// node failure does not take every SFTPGo pod; podTemplate overrides it.
func topologySpread(in *resolve.Instance) []corev1.TopologySpreadConstraint {
	if c := in.Spec.PodTemplate.TopologySpreadConstraints; len(c) > 0 || in.Replicas() <= 1 {
		return c
	}
	return []corev1.TopologySpreadConstraint{{
		MaxSkew:           1,
		TopologyKey:       corev1.LabelHostname,
		WhenUnsatisfiable: corev1.ScheduleAnyway,
		LabelSelector:     &metav1.LabelSelector{MatchLabels: SelectorLabels(in)},
	}}
}

func podSecurityContext(in *resolve.Instance) *corev1.PodSecurityContext {
	sc := &corev1.PodSecurityContext{
		RunAsNonRoot:   ptr.To(true),
		SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
	}
	if !in.Facts.IsOpenShift() {
		sc.RunAsUser = ptr.To(sftpgoUID)
		sc.RunAsGroup = ptr.To(sftpgoUID)
		sc.FSGroup = ptr.To(sftpgoUID)
		// Only files whose root does not match yet are re-chowned: a big
		// data volume is not walked on every start.
		sc.FSGroupChangePolicy = ptr.To(corev1.FSGroupChangeOnRootMismatch)
	}
	if p := in.Spec.PodTemplate.FSGroupChangePolicy; p != nil {
		sc.FSGroupChangePolicy = ptr.To(*p)
	}
	return sc
}

func container(in *resolve.Instance) corev1.Container {
	healthz := corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{
		Path: "/healthz", Port: intstr.FromString(PortNameTelemetry),
	}}
	c := corev1.Container{
		Name:            ContainerName,
		Image:           deploymentImage(in),
		ImagePullPolicy: corev1.PullIfNotPresent,
		Command:         []string{"sftpgo"},
		Args:            []string{"serve", "--config-file", sftpgoconfig.ConfigFile},
		Env:             append(env(in), addedEnv(in.Spec.PodTemplate.Env)...),
		EnvFrom:         addedEnvFrom(in.Spec.PodTemplate.EnvFrom),
		Ports:           ContainerPorts(in),
		Resources:       resources(in),
		StartupProbe: &corev1.Probe{
			ProbeHandler: healthz, PeriodSeconds: 2, FailureThreshold: 60, TimeoutSeconds: 2,
		},
		LivenessProbe: &corev1.Probe{
			ProbeHandler: healthz, PeriodSeconds: 10, FailureThreshold: 3, TimeoutSeconds: 2,
		},
		ReadinessProbe: &corev1.Probe{
			ProbeHandler: healthz, PeriodSeconds: 5, FailureThreshold: 2, TimeoutSeconds: 2,
		},
		SecurityContext: &corev1.SecurityContext{
			AllowPrivilegeEscalation: ptr.To(false),
			ReadOnlyRootFilesystem:   ptr.To(true),
			RunAsNonRoot:             ptr.To(true),
			Capabilities:             &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
			SeccompProfile:           &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
		},
		VolumeMounts: []corev1.VolumeMount{
			{Name: volumeConfig, MountPath: sftpgoconfig.ConfigDir, ReadOnly: true},
			{Name: volumeKeys, MountPath: sftpgoconfig.KeysDir, ReadOnly: true},
			{Name: volumeData, MountPath: sftpgoconfig.DataDir},
			{Name: volumeState, MountPath: sftpgoconfig.StateDir},
			{Name: volumeTmp, MountPath: sftpgoconfig.TmpDir},
		},
	}
	if in.WebServesTLS {
		c.VolumeMounts = append(c.VolumeMounts,
			corev1.VolumeMount{Name: volumeWebTLS, MountPath: sftpgoconfig.WebTLSDir, ReadOnly: true})
	}
	if in.FTPCertSecret() != "" {
		c.VolumeMounts = append(c.VolumeMounts,
			corev1.VolumeMount{Name: volumeFTPTLS, MountPath: sftpgoconfig.FTPTLSDir, ReadOnly: true})
	}
	c.VolumeMounts = append(c.VolumeMounts, addedMounts(in.Spec.PodTemplate.VolumeMounts)...)
	return c
}

// deploymentImage is the image the pods run: spec.image, unless an upgrade
// waits for its schema migration (resolve.Instance.DeploymentImage).
func deploymentImage(in *resolve.Instance) string {
	if in.DeploymentImage != "" {
		return in.DeploymentImage
	}
	return in.Spec.Image
}

// env passes secrets by reference: no password is ever in the ConfigMap.
func env(in *resolve.Instance) []corev1.EnvVar {
	admin := in.AdminCredentials
	out := []corev1.EnvVar{
		secretEnv(EnvAdminUsername, admin.Name, admin.UsernameKey),
		secretEnv(EnvAdminPassword, admin.Name, admin.PasswordKey),
	}
	out = append(out, corev1.EnvVar{Name: EnvGraceTime, Value: fmt.Sprint(*in.Spec.ShutdownGracePeriodSeconds)},
		corev1.EnvVar{Name: EnvLoadDataFrom, Value: sftpgoconfig.OperatorAdminFile},
		corev1.EnvVar{Name: EnvLoadDataMode, Value: sftpgoconfig.LoadDataModeAddAndUpdate})
	if !in.SharedDataProvider() {
		return out
	}
	if creds := in.DatabaseCredentials; creds != nil {
		out = append(out,
			secretEnv(EnvDataProviderUsername, creds.Name, creds.UsernameKey),
			secretEnv(EnvDataProviderPassword, creds.Name, creds.PasswordKey))
	}
	// Each replica registers its own address as a cluster node, so the
	// others can reach it (active connections across nodes in WebAdmin).
	return append(out, corev1.EnvVar{Name: EnvNodeHost, ValueFrom: &corev1.EnvVarSource{
		FieldRef: &corev1.ObjectFieldSelector{FieldPath: "status.podIP"},
	}})
}

func secretEnv(name, secret, key string) corev1.EnvVar {
	return corev1.EnvVar{Name: name, ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
		LocalObjectReference: corev1.LocalObjectReference{Name: secret}, Key: key,
	}}}
}

func resources(in *resolve.Instance) corev1.ResourceRequirements {
	r := *in.Spec.Resources.DeepCopy()
	if len(r.Requests) == 0 && len(r.Limits) == 0 {
		r.Requests = corev1.ResourceList{
			corev1.ResourceCPU:    resource.MustParse("100m"),
			corev1.ResourceMemory: resource.MustParse("128Mi"),
		}
	}
	return r
}

func volumes(in *resolve.Instance) []corev1.Volume {
	vols := []corev1.Volume{
		{Name: volumeConfig, VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{
			LocalObjectReference: corev1.LocalObjectReference{Name: ConfigMapName(in)},
			DefaultMode:          ptr.To[int32](0o444),
		}}},
		{Name: volumeKeys, VolumeSource: keysVolume(in)},
		{Name: volumeData, VolumeSource: dataVolume(in)},
		{Name: volumeState, VolumeSource: stateVolume(in)},
		{Name: volumeTmp, VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
	}
	if in.WebServesTLS {
		vols = append(vols, corev1.Volume{Name: volumeWebTLS, VolumeSource: corev1.VolumeSource{
			Secret: &corev1.SecretVolumeSource{SecretName: in.WebCertSecret, DefaultMode: ptr.To[int32](0o440)},
		}})
	}
	// A Secret volume (no subPath): the kubelet updates the files when the
	// Secret is renewed, and SFTPGo's certificate manager reloads them.
	if name := in.FTPCertSecret(); name != "" {
		vols = append(vols, corev1.Volume{Name: volumeFTPTLS, VolumeSource: corev1.VolumeSource{
			Secret: &corev1.SecretVolumeSource{SecretName: name, DefaultMode: ptr.To[int32](0o440)},
		}})
	}
	return vols
}

// keysVolume holds the host keys and signing passphrase, and the dump of
// the operator's admin (one volume, so that spec.podTemplate keeps every
// path it may mount). Group-readable only: SFTPGo runs with the pod's
// fsGroup.
func keysVolume(in *resolve.Instance) corev1.VolumeSource {
	return corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{
		DefaultMode: ptr.To[int32](0o440),
		Sources: []corev1.VolumeProjection{
			{Secret: &corev1.SecretProjection{LocalObjectReference: corev1.LocalObjectReference{Name: KeysSecretName(in)}}},
			{Secret: &corev1.SecretProjection{
				LocalObjectReference: corev1.LocalObjectReference{Name: OperatorAdminSecretName(in)},
				Items:                []corev1.KeyToPath{{Key: sftpgoconfig.OperatorAdminFileName, Path: sftpgoconfig.OperatorAdminFileName}},
			}},
		},
	}}
}

func dataVolume(in *resolve.Instance) corev1.VolumeSource {
	if !in.DataVolumeEnabled() {
		return corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}
	}
	return claimVolume(DataClaimName(in))
}

func stateVolume(in *resolve.Instance) corev1.VolumeSource {
	if in.SharedDataProvider() {
		return corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}
	}
	return claimVolume(StateClaimName(in))
}

func claimVolume(name string) corev1.VolumeSource {
	return corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: name}}
}
