package manifests

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

// ComponentMigration labels the schema migration Jobs.
const ComponentMigration = "migration"

// MigrationPodName is the app.kubernetes.io/name of the migration pods.
const MigrationPodName = AppName + "-migration"

// MigrationBackoffLimit retries a migration once (a database briefly
// unreachable); a schema SFTPGo refuses fails the same way every time.
const MigrationBackoffLimit int32 = 1

// MigrationJobName names the migration Job of an image: a new target image
// gets a new Job, and the Job of an image that failed stays (with its
// result) until it is deleted or the image changes.
func MigrationJobName(in *resolve.Instance, image string) string {
	sum := sha256.Sum256([]byte(image))
	return in.Name + "-migrate-" + hex.EncodeToString(sum[:])[:10]
}

// MigrationJob runs `sftpgo initprovider` with the image an upgrade goes
// to, before the Deployment gets it: SFTPGo creates or migrates the schema
// of the shared database once (internal/cmd/initprovider.go) while the old
// pods keep serving. It is the pod of the Deployment (same config, keys,
// database credentials, security context, scheduling and spec.podTemplate
// additions) with the migration command and without what only a server
// needs: probes, ports, sidecars, the TLS certificates, the user files (an
// emptyDir: a ReadWriteOnce claim mounted by a running pod could keep the
// Job from starting) and the load of the operator's admin. Nil when no
// migration is wanted.
func MigrationJob(in *resolve.Instance) *batchv1.Job {
	if in.MigrationImage == "" {
		return nil
	}
	pod := podTemplate(in, "")
	delete(pod.Annotations, AnnotationPodConfigHash)
	if len(pod.Annotations) == 0 {
		pod.Annotations = nil
	}
	// Not the server's selector labels: no Service, PodDisruptionBudget or
	// PodMonitor may take the migration pod for an SFTPGo server.
	pod.Labels = copyMap(in.Spec.PodTemplate.Labels)
	if pod.Labels == nil {
		pod.Labels = map[string]string{}
	}
	for k, v := range Labels(in, ComponentMigration) {
		pod.Labels[k] = v
	}
	pod.Labels[LabelName] = MigrationPodName
	spec := &pod.Spec
	spec.RestartPolicy = corev1.RestartPolicyNever
	spec.TopologySpreadConstraints = nil
	spec.TerminationGracePeriodSeconds = nil
	c := spec.Containers[0]
	c.Image = in.MigrationImage
	c.Args = []string{"initprovider", "--config-file", sftpgoconfig.ConfigFile}
	c.Ports, c.StartupProbe, c.LivenessProbe, c.ReadinessProbe = nil, nil, nil, nil
	c.Env = slices.DeleteFunc(c.Env, func(e corev1.EnvVar) bool {
		return e.Name == EnvLoadDataFrom || e.Name == EnvLoadDataMode
	})
	c.VolumeMounts = slices.DeleteFunc(c.VolumeMounts, func(m corev1.VolumeMount) bool {
		return m.Name == volumeWebTLS || m.Name == volumeFTPTLS
	})
	spec.Containers = []corev1.Container{c}
	spec.Volumes = slices.DeleteFunc(spec.Volumes, func(v corev1.Volume) bool {
		return v.Name == volumeWebTLS || v.Name == volumeFTPTLS
	})
	for i := range spec.Volumes {
		if spec.Volumes[i].Name == volumeData {
			spec.Volumes[i].VolumeSource = corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}
		}
	}
	return &batchv1.Job{
		TypeMeta:   typeMeta("batch/v1", "Job"),
		ObjectMeta: objectMeta(in, MigrationJobName(in, in.MigrationImage), ComponentMigration),
		Spec: batchv1.JobSpec{
			BackoffLimit: ptr.To(MigrationBackoffLimit),
			// No ttlSecondsAfterFinished: the operator reads the result, and
			// deletes the Job once the Deployment runs the image.
			Template: pod,
		},
	}
}
