package security_test

import (
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/fixtures"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/security"
)

func podTemplate(mut func(*v1alpha1.PodTemplate)) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { mut(&sp.PodTemplate) }
}

// ftpOn enables FTPS with the default passive ports 50000-50015.
func ftpOn(sp *v1alpha1.SFTPGoSpec) {
	sp.FTP.Enabled = ptr.To(true)
	sp.FTP.CertificateSecret = &v1alpha1.SecretReference{Name: "files-ftp-tls"}
}

func env(names ...string) func(*v1alpha1.SFTPGoSpec) {
	return podTemplate(func(pt *v1alpha1.PodTemplate) {
		for _, n := range names {
			pt.Env = append(pt.Env, corev1.EnvVar{Name: n, Value: "x"})
		}
	})
}

func mounts(paths ...string) func(*v1alpha1.SFTPGoSpec) {
	return podTemplate(func(pt *v1alpha1.PodTemplate) {
		pt.Volumes = []corev1.Volume{{Name: "extra", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}}
		for _, p := range paths {
			pt.VolumeMounts = append(pt.VolumeMounts, corev1.VolumeMount{Name: "extra", MountPath: p})
		}
	})
}

func volume(name string, src corev1.VolumeSource) func(*v1alpha1.SFTPGoSpec) {
	return podTemplate(func(pt *v1alpha1.PodTemplate) {
		pt.Volumes = append(pt.Volumes, corev1.Volume{Name: name, VolumeSource: src})
	})
}

func sidecar(c corev1.Container) func(*v1alpha1.SFTPGoSpec) {
	if c.Image == "" {
		c.Image = "example.com/agent:1"
	}
	return podTemplate(func(pt *v1alpha1.PodTemplate) { pt.Containers = append(pt.Containers, c) })
}

func initContainer(c corev1.Container) func(*v1alpha1.SFTPGoSpec) {
	if c.Image == "" {
		c.Image = "example.com/fetch:1"
	}
	return podTemplate(func(pt *v1alpha1.PodTemplate) { pt.InitContainers = append(pt.InitContainers, c) })
}

func secretEnvFrom(name string) func(*v1alpha1.SFTPGoSpec) {
	return podTemplate(func(pt *v1alpha1.PodTemplate) {
		pt.EnvFrom = append(pt.EnvFrom, corev1.EnvFromSource{
			SecretRef: &corev1.SecretEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: name}}})
	})
}

func TestPodTemplateRule(t *testing.T) {
	emptyDir := corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}
	cases := []struct {
		name string
		s    *v1alpha1.SFTPGo
		// envFrom is what the reconciler read from the envFrom sources.
		envFrom map[int][]string
		// field is the SEC009 finding's field; empty for a near miss.
		field string
		// inMessage is a part of that finding's message.
		inMessage string
	}{
		{name: "env sets the admin password", s: spec(env("SFTPGO_SMTP__PASSWORD", "SFTPGO_DEFAULT_ADMIN_PASSWORD")),
			field: "spec.podTemplate.env[1]", inMessage: "spec.adminCredentialsSecret"},
		{name: "env sets the grace time", s: spec(env("SFTPGO_GRACE_TIME")),
			field: "spec.podTemplate.env[0]", inMessage: "spec.shutdownGracePeriodSeconds"},
		{name: "env sets the node address", s: spec(env("SFTPGO_DATA_PROVIDER__NODE__HOST")),
			field: "spec.podTemplate.env[0]", inMessage: "own address"},
		{name: "env overrides token validation", s: spec(env("SFTPGO_HTTPD__TOKEN_VALIDATION")),
			field: "spec.podTemplate.env[0]", inMessage: "overrides httpd.token_validation"},
		{name: "env overrides the web binding's trusted proxies", s: spec(env("SFTPGO_HTTPD__BINDINGS__0__PROXY_ALLOWED")),
			field: "spec.podTemplate.env[0]", inMessage: "spec.security (trustedProxies"},
		{name: "env adds a web listener", s: spec(env("SFTPGO_HTTPD__BINDINGS__1__PORT")),
			field: "spec.podTemplate.env[0]", inMessage: "httpd.bindings.1"},
		{name: "env overrides the database driver", s: spec(env("SFTPGO_DATA_PROVIDER__DRIVER")),
			field: "spec.podTemplate.env[0]", inMessage: "spec.dataProvider"},
		{name: "near miss: secrets SFTPGo reads from env", s: spec(env("SFTPGO_SMTP__PASSWORD", "SFTPGO_HTTPD__BINDINGS__0__OIDC__CLIENT_SECRET",
			"SFTPGO_KMS__SECRETS__MASTER_KEY", "SFTPGO_DATA_PROVIDER__POOL_SIZE", "sftpgo_httpd__token_validation", "TZ"))},

		{name: "envFrom Secret holds a managed key", s: spec(secretEnvFrom("oidc"), secretEnvFrom("smtp")),
			envFrom: map[int][]string{0: {"SFTPGO_HTTPD__BINDINGS__0__OIDC__CLIENT_SECRET"}, 1: {"SFTPGO_SMTP__PASSWORD", "SFTPGO_COMMON__PROXY_ALLOWED"}},
			field:   "spec.podTemplate.envFrom[1]", inMessage: `Secret "smtp"`},
		{name: "near miss: envFrom keys SFTPGo may read", s: spec(secretEnvFrom("oidc")),
			envFrom: map[int][]string{0: {"SFTPGO_HTTPD__BINDINGS__0__OIDC__CLIENT_SECRET"}}},
		{name: "near miss: envFrom not read (offline render)", s: spec(secretEnvFrom("anything"))},

		{name: "volume named like the keys volume", s: spec(volume("keys", emptyDir)),
			field: "spec.podTemplate.volumes[0].name", inMessage: `named "keys"`},
		{name: "volume named web-tls without TLS at SFTPGo", s: spec(volume("ca", emptyDir), volume("web-tls", emptyDir)),
			field: "spec.podTemplate.volumes[1].name"},
		{name: "hostPath volume", s: spec(volume("host", corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/etc"}})),
			field: "spec.podTemplate", inMessage: "restricted volume types"},
		{name: "nfs volume", s: spec(volume("share", corev1.VolumeSource{NFS: &corev1.NFSVolumeSource{Server: "nas", Path: "/x"}})),
			field: "spec.podTemplate", inMessage: "restricted volume types"},
		{name: "near miss: ConfigMap, Secret, emptyDir, projected and CSI volumes", s: spec(
			volume("ca", corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "ca"}}}),
			volume("tls", corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "tls"}}),
			volume("plugins", emptyDir),
			volume("both", corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{}}),
			volume("vault", corev1.VolumeSource{CSI: &corev1.CSIVolumeSource{Driver: "secrets-store.csi.k8s.io"}}))},

		{name: "mount over the config", s: spec(mounts("/etc/sftpgo/config")),
			field: "spec.podTemplate.volumeMounts[0].mountPath", inMessage: "/etc/sftpgo/config, which the operator mounts"},
		{name: "mount inside the data volume", s: spec(mounts("/opt/sftpgo", "/srv/sftpgo/data/branding")),
			field: "spec.podTemplate.volumeMounts[1].mountPath", inMessage: "/srv/sftpgo"},
		{name: "mount above the state", s: spec(mounts("/var/lib")),
			field: "spec.podTemplate.volumeMounts[0].mountPath", inMessage: "/var/lib/sftpgo"},
		{name: "mount over /tmp", s: spec(mounts("/tmp")), field: "spec.podTemplate.volumeMounts[0].mountPath"},
		{name: "mount at the web TLS path", s: spec(mounts("/etc/sftpgo/web-tls")), field: "spec.podTemplate.volumeMounts[0].mountPath"},
		{name: "mount path with a trailing slash", s: spec(mounts("/etc/ssl/custom/")),
			field: "spec.podTemplate.volumeMounts[0].mountPath", inMessage: "not an absolute, clean path"},
		{name: "mount path with ..", s: spec(mounts("/opt/../srv/sftpgo")),
			field: "spec.podTemplate.volumeMounts[0].mountPath", inMessage: "not an absolute, clean path"},
		{name: "relative mount path", s: spec(mounts("opt/x")), field: "spec.podTemplate.volumeMounts[0].mountPath"},
		{name: "near miss: mounts beside the operator's", s: spec(mounts("/etc/ssl/custom", "/etc/sftpgo/plugins", "/srv/sftpgo-templates", "/opt/sftpgo"))},

		{name: "sidecar named sftpgo", s: spec(sidecar(corev1.Container{Name: "sftpgo"})),
			field: "spec.podTemplate.containers[0].name"},
		{name: "init container named sftpgo", s: spec(initContainer(corev1.Container{Name: "sftpgo"})),
			field: "spec.podTemplate.initContainers[0].name"},
		{name: "sidecar listens on the web port", s: spec(sidecar(corev1.Container{Name: "proxy", Ports: []corev1.ContainerPort{{ContainerPort: 9000}, {ContainerPort: 8080}}})),
			field: "spec.podTemplate.containers[0].ports[1]", inMessage: "SFTPGo's http port 8080"},
		{name: "sidecar listens on an FTP passive port", s: spec(ftpOn, sidecar(corev1.Container{Name: "proxy", Ports: []corev1.ContainerPort{{ContainerPort: 50003}}})),
			field: "spec.podTemplate.containers[0].ports[0]", inMessage: "SFTPGo's ftp-pasv-3 port 50003"},
		{name: "near miss: the same port with FTP off", s: spec(sidecar(corev1.Container{Name: "proxy", Ports: []corev1.ContainerPort{{ContainerPort: 50003}}}))},
		{name: "native sidecar takes the telemetry port name", s: spec(initContainer(corev1.Container{Name: "proxy", RestartPolicy: ptr.To(corev1.ContainerRestartPolicyAlways),
			Ports: []corev1.ContainerPort{{Name: "telemetry", ContainerPort: 9100}}})),
			field: "spec.podTemplate.initContainers[0].ports[0]"},
		{name: "privileged sidecar", s: spec(sidecar(corev1.Container{Name: "agent", SecurityContext: &corev1.SecurityContext{Privileged: ptr.To(true)}})),
			field: "spec.podTemplate", inMessage: "privileged"},
		{name: "sidecar allows privilege escalation", s: spec(sidecar(corev1.Container{Name: "agent", SecurityContext: &corev1.SecurityContext{AllowPrivilegeEscalation: ptr.To(true)}})),
			field: "spec.podTemplate", inMessage: "allowPrivilegeEscalation"},
		{name: "init container runs as root", s: spec(initContainer(corev1.Container{Name: "fetch", SecurityContext: &corev1.SecurityContext{RunAsUser: ptr.To[int64](0)}})),
			field: "spec.podTemplate", inMessage: "runAsUser=0"},
		{name: "sidecar adds NET_ADMIN", s: spec(sidecar(corev1.Container{Name: "agent", SecurityContext: &corev1.SecurityContext{
			Capabilities: &corev1.Capabilities{Add: []corev1.Capability{"NET_ADMIN"}}}})),
			field: "spec.podTemplate", inMessage: "capabilities"},
		{name: "sidecar drops too little", s: spec(sidecar(corev1.Container{Name: "agent", SecurityContext: &corev1.SecurityContext{
			Capabilities: &corev1.Capabilities{Drop: []corev1.Capability{"NET_RAW"}}}})),
			field: "spec.podTemplate", inMessage: "capabilities"},
		{name: "sidecar with Unconfined seccomp", s: spec(sidecar(corev1.Container{Name: "agent", SecurityContext: &corev1.SecurityContext{
			SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeUnconfined}}})),
			field: "spec.podTemplate", inMessage: "seccompProfile"},
		{name: "sidecar with a hostPort", s: spec(sidecar(corev1.Container{Name: "agent", Ports: []corev1.ContainerPort{{ContainerPort: 9000, HostPort: 9000}}})),
			field: "spec.podTemplate", inMessage: "hostPort"},
		{name: "near miss: sidecar and init containers with no or a tighter securityContext", s: spec(
			initContainer(corev1.Container{Name: "fetch"}),
			initContainer(corev1.Container{Name: "cloud-sql-proxy", RestartPolicy: ptr.To(corev1.ContainerRestartPolicyAlways),
				Ports: []corev1.ContainerPort{{Name: "proxy", ContainerPort: 5432}}}),
			sidecar(corev1.Container{Name: "agent", Ports: []corev1.ContainerPort{{Name: "metrics", ContainerPort: 9102}},
				SecurityContext: &corev1.SecurityContext{ReadOnlyRootFilesystem: ptr.To(false),
					Capabilities: &corev1.Capabilities{Add: []corev1.Capability{"NET_BIND_SERVICE"}}}}))},
		{name: "near miss: nothing added", s: spec()},
	}
	fired, missed := false, false
	for _, tc := range cases {
		fired, missed = fired || tc.field != "", missed || tc.field == ""
		t.Run(tc.name, func(t *testing.T) {
			for _, facts := range []struct {
				name string
				in   *resolve.Instance
			}{{"kubernetes", resolve.New(tc.s, fixtures.KubeFacts)}, {"openshift", resolve.New(tc.s, fixtures.OpenShiftFacts)}} {
				facts.in.EnvFromNames = tc.envFrom
				var hits []v1alpha1.Finding
				for _, f := range security.Evaluate(facts.in) {
					if f.Rule == security.RulePodTemplateCollision {
						hits = append(hits, f)
					}
				}
				if tc.field == "" {
					if len(hits) > 0 {
						t.Errorf("%s: SEC009 fired on a near miss: %+v", facts.name, hits)
					}
					continue
				}
				i := slices.IndexFunc(hits, func(f v1alpha1.Finding) bool {
					return f.Field == tc.field && strings.Contains(f.Message, tc.inMessage)
				})
				if i < 0 {
					t.Errorf("%s: SEC009 did not fire on %s with %q; SEC009 findings: %+v", facts.name, tc.field, tc.inMessage, hits)
					continue
				}
				if f := hits[i]; f.Severity != v1alpha1.SeverityError || !strings.HasPrefix(f.Message, "SEC009: ") {
					t.Errorf("%s: want an Error whose message starts with SEC009: %+v", facts.name, f)
				}
			}
		})
	}
	if !fired || !missed {
		t.Errorf("SEC009 needs a case that fires and a near miss")
	}
}
