package manifests_test

import (
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/fixtures"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

const (
	runningImage = "ghcr.io/drakkan/sftpgo:v2.6.6"
	targetImage  = "ghcr.io/drakkan/sftpgo:v2.7.5"
)

// upgrading resolves an instance whose Deployment runs runningImage while
// spec.image is targetImage.
func upgrading(facts platform.Facts, muts ...func(*v1alpha1.SFTPGo)) *resolve.Instance {
	s := fixtures.SFTPGo()
	fixtures.All(muts...)(s)
	s.Spec.Image = targetImage
	in := resolve.New(s, facts)
	in.ResolveRollout(resolve.LiveRollout{RunningImage: runningImage})
	return in
}

func TestMigrationJob(t *testing.T) {
	if job := manifests.MigrationJob(resolve.New(fixtures.SFTPGo(), fixtures.KubeFacts)); job != nil {
		t.Fatalf("a new instance wants a migration Job: %s", job.Name)
	}
	if job := manifests.MigrationJob(upgrading(fixtures.KubeFacts)); job != nil {
		t.Fatal("sqlite wants a migration Job: its pod migrates at start")
	}
	tlsSecret := func(s *v1alpha1.SFTPGo) {
		fixtures.IngressHost(s)
		s.Spec.Expose.TLS.Termination = v1alpha1.TLSReencrypt
	}
	podEnv := func(s *v1alpha1.SFTPGo) {
		s.Spec.PodTemplate.Env = []corev1.EnvVar{{Name: "SFTPGO_LOG_LEVEL", Value: "debug"}}
		s.Spec.PodTemplate.Labels = map[string]string{"team": "a"}
	}
	for _, facts := range []platform.Facts{fixtures.KubeFacts, fixtures.OpenShiftFacts} {
		in := upgrading(facts, fixtures.Postgres, tlsSecret, podEnv)
		job := manifests.MigrationJob(in)
		if job == nil {
			t.Fatal("no migration Job for an upgrade on PostgreSQL")
		}
		pod := manifests.Deployment(in, testHash).Spec.Template
		if got := pod.Spec.Containers[0].Image; got != runningImage {
			t.Errorf("Deployment image = %s while the migration runs, want %s", got, runningImage)
		}
		if want := manifests.MigrationJobName(in, targetImage); job.Name != want || !strings.HasPrefix(want, "files-migrate-") {
			t.Errorf("Job name = %s, want %s", job.Name, want)
		}
		if other := manifests.MigrationJobName(in, runningImage); other == job.Name {
			t.Error("two images, one Job name")
		}
		if job.Labels[manifests.LabelComponent] != manifests.ComponentMigration {
			t.Errorf("Job labels = %v", job.Labels)
		}
		spec := job.Spec
		if *spec.BackoffLimit != manifests.MigrationBackoffLimit || spec.TTLSecondsAfterFinished != nil {
			t.Errorf("backoffLimit %d, ttl %v", *spec.BackoffLimit, spec.TTLSecondsAfterFinished)
		}
		tpl := spec.Template
		if tpl.Spec.RestartPolicy != corev1.RestartPolicyNever {
			t.Errorf("restartPolicy = %s", tpl.Spec.RestartPolicy)
		}
		// The pod is not a server: no Service or PDB selects it.
		if tpl.Labels[manifests.LabelName] == manifests.AppName || tpl.Labels["team"] != "a" {
			t.Errorf("pod labels = %v", tpl.Labels)
		}
		if len(tpl.Spec.Containers) != 1 {
			t.Fatalf("containers = %d", len(tpl.Spec.Containers))
		}
		c, server := tpl.Spec.Containers[0], pod.Spec.Containers[0]
		if c.Image != targetImage {
			t.Errorf("image = %s, want the new %s", c.Image, targetImage)
		}
		if cmd := append(slices.Clone(c.Command), c.Args...); !slices.Equal(cmd,
			[]string{"sftpgo", "initprovider", "--config-file", sftpgoconfig.ConfigFile}) {
			t.Errorf("command = %q", cmd)
		}
		if c.ReadinessProbe != nil || c.LivenessProbe != nil || c.StartupProbe != nil || len(c.Ports) != 0 {
			t.Error("probes or ports on the migration container")
		}
		// The pod's security context, environment (database credentials
		// included) and config, as the server's.
		if !equality.Semantic.DeepEqual(c.SecurityContext, server.SecurityContext) ||
			!equality.Semantic.DeepEqual(tpl.Spec.SecurityContext, pod.Spec.SecurityContext) {
			t.Error("security context differs from the server's")
		}
		for _, e := range server.Env {
			loadData := e.Name == manifests.EnvLoadDataFrom || e.Name == manifests.EnvLoadDataMode
			has := slices.ContainsFunc(c.Env, func(j corev1.EnvVar) bool { return equality.Semantic.DeepEqual(j, e) })
			if has == loadData {
				t.Errorf("env %s: in the Job %v", e.Name, has)
			}
		}
		if !slices.ContainsFunc(c.Env, func(e corev1.EnvVar) bool { return e.Name == manifests.EnvDataProviderPassword }) {
			t.Error("no database password in the Job's env")
		}
		volumes := map[string]corev1.Volume{}
		for _, v := range tpl.Spec.Volumes {
			volumes[v.Name] = v
		}
		for _, v := range pod.Spec.Volumes {
			got, ok := volumes[v.Name]
			switch v.Name {
			case "data":
				if !ok || got.EmptyDir == nil {
					t.Errorf("data volume = %+v, want an emptyDir", got)
				}
			case "web-tls", "ftp-tls":
				if ok {
					t.Errorf("volume %s in the Job", v.Name)
				}
			default:
				if !ok || !equality.Semantic.DeepEqual(got, v) {
					t.Errorf("volume %s = %+v, want the server's %+v", v.Name, got, v)
				}
			}
		}
		for _, m := range c.VolumeMounts {
			if _, ok := volumes[m.Name]; !ok {
				t.Errorf("mount %s of no volume", m.Name)
			}
		}
		if !slices.ContainsFunc(c.VolumeMounts, func(m corev1.VolumeMount) bool { return m.MountPath == sftpgoconfig.ConfigDir }) {
			t.Error("config not mounted")
		}
	}

	// Succeeded: the Deployment gets the new image.
	in := upgrading(fixtures.KubeFacts, fixtures.Postgres)
	in.ResolveRollout(resolve.LiveRollout{RunningImage: runningImage, Jobs: []resolve.LiveMigrationJob{{
		Name: manifests.MigrationJobName(in, targetImage), Image: targetImage, Finished: true, Succeeded: true}}})
	if got := manifests.Deployment(in, testHash).Spec.Template.Spec.Containers[0].Image; got != targetImage {
		t.Errorf("Deployment image after the migration = %s, want %s", got, targetImage)
	}
}
