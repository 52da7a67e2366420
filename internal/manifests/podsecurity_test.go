package manifests_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/fixtures"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
)

// restricted evaluates a pod template against the Pod Security Standards
// "restricted" level, latest version, with the checks the admission
// plugin runs. It returns the refusals.
func restricted(t *testing.T, tpl corev1.PodTemplateSpec) []policy.CheckResult {
	t.Helper()
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		t.Fatalf("policy.NewEvaluator: %v", err)
	}
	results := evaluator.EvaluatePod(
		api.LevelVersion{Level: api.LevelRestricted, Version: api.LatestVersion()},
		&tpl.ObjectMeta, &tpl.Spec)
	if len(results) == 0 {
		t.Fatal("the evaluator ran no checks")
	}
	var refused []policy.CheckResult
	for _, r := range results {
		if !r.Allowed {
			refused = append(refused, r)
		}
	}
	return refused
}

func TestPodSecurityRestricted(t *testing.T) {
	variants := []struct {
		name string
		mut  func(*v1alpha1.SFTPGo)
	}{
		{"defaults (sqlite, data and state claims)", nil},
		{"postgresql, ReadWriteMany data, state in emptyDir", fixtures.All(fixtures.Postgres, accessModes(corev1.ReadWriteMany),
			func(s *v1alpha1.SFTPGo) { s.Spec.Replicas = ptr.To[int32](3) })},
		{"existing data claim", existingClaim("shared-files")},
		{"data storage disabled (emptyDir)", fixtures.All(fixtures.Postgres, dataDisabled)},
		{"SFTP disabled, exposed through Ingress", fixtures.All(sftpDisabled, fixtures.IngressHost)},
		{"user pod template", func(s *v1alpha1.SFTPGo) {
			s.Spec.PodTemplate = v1alpha1.PodTemplate{
				Labels:             map[string]string{"team": "a"},
				Annotations:        map[string]string{"prometheus.io/scrape": "true"},
				NodeSelector:       map[string]string{"kubernetes.io/os": "linux"},
				ServiceAccountName: "sftpgo",
				ImagePullSecrets:   []corev1.LocalObjectReference{{Name: "pull"}},
			}
		}},
		{"added containers without a securityContext, volumes and env", func(s *v1alpha1.SFTPGo) {
			s.Spec.PodTemplate = v1alpha1.PodTemplate{
				Env: []corev1.EnvVar{{Name: "SFTPGO_SMTP__PASSWORD", ValueFrom: &corev1.EnvVarSource{
					SecretKeyRef: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "smtp"}, Key: "password"}}}},
				Volumes: []corev1.Volume{
					{Name: "plugins", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
					{Name: "ca", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{
						LocalObjectReference: corev1.LocalObjectReference{Name: "ca"}}}},
				},
				VolumeMounts:   []corev1.VolumeMount{{Name: "plugins", MountPath: "/opt/plugins"}},
				InitContainers: []corev1.Container{{Name: "fetch", Image: "busybox"}, {Name: "proxy", Image: "proxy", RestartPolicy: ptr.To(corev1.ContainerRestartPolicyAlways)}},
				Containers: []corev1.Container{{Name: "agent", Image: "agent", SecurityContext: &corev1.SecurityContext{
					ReadOnlyRootFilesystem: ptr.To(false),
					Capabilities:           &corev1.Capabilities{Add: []corev1.Capability{"NET_BIND_SERVICE"}},
				}}},
			}
		}},
	}
	platforms := []struct {
		name  string
		facts platform.Facts
	}{
		{"kubernetes", fixtures.KubeFacts},
		{"openshift", fixtures.OpenShiftFacts},
	}
	for _, p := range platforms {
		for _, v := range variants {
			t.Run(p.name+"/"+v.name, func(t *testing.T) {
				tpl := manifests.Deployment(fixtures.Instance(v.mut, p.facts), testHash).Spec.Template
				for _, r := range restricted(t, tpl) {
					t.Errorf("restricted refuses the pod: %s: %s", r.ForbiddenReason, r.ForbiddenDetail)
				}
			})
		}
	}
}

// TestPodSecurityNegativeControl proves the check can fail: loosening one
// setting of an otherwise compliant pod must be refused.
func TestPodSecurityNegativeControl(t *testing.T) {
	loosen := []struct {
		name string
		mut  func(*corev1.PodSpec)
	}{
		{"allowPrivilegeEscalation true", func(ps *corev1.PodSpec) {
			ps.Containers[0].SecurityContext.AllowPrivilegeEscalation = ptr.To(true)
		}},
		{"capability added", func(ps *corev1.PodSpec) {
			ps.Containers[0].SecurityContext.Capabilities.Add = []corev1.Capability{"NET_ADMIN"}
		}},
		{"runAsNonRoot unset everywhere", func(ps *corev1.PodSpec) {
			ps.SecurityContext.RunAsNonRoot = nil
			ps.Containers[0].SecurityContext.RunAsNonRoot = nil
		}},
		{"seccomp unset everywhere", func(ps *corev1.PodSpec) {
			ps.SecurityContext.SeccompProfile = nil
			ps.Containers[0].SecurityContext.SeccompProfile = nil
		}},
		{"hostPath volume", func(ps *corev1.PodSpec) {
			ps.Volumes[len(ps.Volumes)-1].VolumeSource = corev1.VolumeSource{
				HostPath: &corev1.HostPathVolumeSource{Path: "/tmp"},
			}
		}},
	}
	for _, facts := range []platform.Facts{fixtures.KubeFacts, fixtures.OpenShiftFacts} {
		for _, l := range loosen {
			t.Run(string(facts.Platform)+"/"+l.name, func(t *testing.T) {
				tpl := manifests.Deployment(fixtures.Instance(nil, facts), testHash).Spec.Template
				if refused := restricted(t, tpl); len(refused) != 0 {
					t.Fatalf("the unchanged pod is refused: %+v", refused)
				}
				bad := *tpl.DeepCopy()
				l.mut(&bad.Spec)
				if len(restricted(t, bad)) == 0 {
					t.Errorf("restricted allows a pod with %s", l.name)
				}
				// The copy must not have touched the built pod.
				if len(restricted(t, tpl)) != 0 {
					t.Errorf("loosening the copy changed the original pod")
				}
			})
		}
	}
}
