package v1alpha1_test

import (
	"path"
	"slices"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
)

func podEnv(names ...string) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) {
		for _, n := range names {
			sp.PodTemplate.Env = append(sp.PodTemplate.Env, corev1.EnvVar{Name: n, Value: "x"})
		}
	}
}

func podVolume(name string, src corev1.VolumeSource) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) {
		sp.PodTemplate.Volumes = append(sp.PodTemplate.Volumes, corev1.Volume{Name: name, VolumeSource: src})
	}
}

var emptyDir = corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}

func podMount(mountPath string) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) {
		if len(sp.PodTemplate.Volumes) == 0 {
			sp.PodTemplate.Volumes = []corev1.Volume{{Name: "extra", VolumeSource: emptyDir}}
		}
		sp.PodTemplate.VolumeMounts = append(sp.PodTemplate.VolumeMounts, corev1.VolumeMount{Name: "extra", MountPath: mountPath})
	}
}

// podContainer adds c as a sidecar, or as an init container when init.
func podContainer(init bool, c corev1.Container) func(*v1alpha1.SFTPGoSpec) {
	if c.Image == "" {
		c.Image = "example.com/agent:1"
	}
	return func(sp *v1alpha1.SFTPGoSpec) {
		if init {
			sp.PodTemplate.InitContainers = append(sp.PodTemplate.InitContainers, c)
		} else {
			sp.PodTemplate.Containers = append(sp.PodTemplate.Containers, c)
		}
	}
}

func withContext(sc *corev1.SecurityContext) corev1.Container {
	return corev1.Container{Name: "agent", SecurityContext: sc}
}

// ancestors returns the directories above the operator's mount paths.
func ancestors() []string {
	var out []string
	for _, p := range manifests.ManagedMountPaths() {
		for d := path.Dir(p); ; d = path.Dir(d) {
			if !slices.Contains(out, d) {
				out = append(out, d)
			}
			if d == "/" {
				break
			}
		}
	}
	return out
}

// sec009Refusals are built from what the builder owns, so that the CEL
// lists cannot fall behind it.
func sec009Refusals() []TableEntry {
	var entries []TableEntry
	for _, name := range manifests.OperatorEnvNames() {
		entries = append(entries, Entry("env "+name, podEnv("SFTPGO_SMTP__PASSWORD", name)))
	}
	for _, name := range manifests.ManagedVolumeNames() {
		entries = append(entries, Entry("volume named "+name, podVolume(name, emptyDir)))
	}
	for _, p := range manifests.ManagedMountPaths() {
		entries = append(entries,
			Entry("mount at "+p, podMount(p)),
			Entry("mount inside "+p, podMount(p+"/custom")))
	}
	for _, p := range ancestors() {
		entries = append(entries, Entry("mount above, at "+p, podMount(p)))
	}
	for _, init := range []bool{true, false} {
		kind := "sidecar"
		if init {
			kind = "init container"
		}
		entries = append(entries, Entry(kind+" named sftpgo", podContainer(init, corev1.Container{Name: manifests.ContainerName})))
		for name, sc := range map[string]*corev1.SecurityContext{
			"privileged":                    {Privileged: ptr.To(true)},
			"allowPrivilegeEscalation true": {AllowPrivilegeEscalation: ptr.To(true)},
			"runAsNonRoot false":            {RunAsNonRoot: ptr.To(false)},
			"runAsUser 0":                   {RunAsUser: ptr.To[int64](0)},
			"Unconfined seccomp":            {SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeUnconfined}},
			"Unmasked procMount":            {ProcMount: ptr.To(corev1.UnmaskedProcMount)},
		} {
			entries = append(entries, Entry(kind+" with "+name, podContainer(init, withContext(sc))))
		}
	}
	return append(entries,
		Entry("mount path with a trailing slash", podMount("/etc/ssl/custom/")),
		Entry("mount path with //", podMount("/opt//custom")),
		Entry("mount path with /./", podMount("/opt/./custom")),
		Entry("mount path with .. into the data volume", podMount("/opt/../srv/sftpgo")),
		Entry("mount path ending in /..", podMount("/srv/sftpgo/x/..")),
		Entry("relative mount path", podMount("opt/custom")),
		Entry("hostPath volume", podVolume("host", corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/etc"}})),
		Entry("nfs volume", podVolume("share", corev1.VolumeSource{NFS: &corev1.NFSVolumeSource{Server: "nas", Path: "/x"}})),
	)
}

// engineOnlyRefusals pass admission: an env name that overrides a managed
// sftpgo.json key (the managed list lives in Go), and container ports,
// capabilities and hostPorts, which sit in lists the Container schema leaves
// unbounded, too costly for a CEL rule.
func engineOnlyRefusals() []TableEntry {
	entries := []TableEntry{
		Entry("env overriding httpd.token_validation", podEnv("SFTPGO_HTTPD__TOKEN_VALIDATION")),
		Entry("env overriding the web binding's proxy_allowed", podEnv("SFTPGO_HTTPD__BINDINGS__0__PROXY_ALLOWED")),
	}
	for _, init := range []bool{true, false} {
		kind := "sidecar"
		if init {
			kind = "init container"
		}
		for _, own := range manifests.SFTPGoPorts() {
			entries = append(entries,
				Entry(kind+" on SFTPGo's port number "+own.Name, podContainer(init, corev1.Container{Name: "agent",
					Ports: []corev1.ContainerPort{{ContainerPort: own.ContainerPort}}})),
				Entry(kind+" on SFTPGo's port name "+own.Name, podContainer(init, corev1.Container{Name: "agent",
					Ports: []corev1.ContainerPort{{Name: own.Name, ContainerPort: 9999}}})))
		}
		entries = append(entries,
			Entry(kind+" adding NET_ADMIN", podContainer(init, withContext(&corev1.SecurityContext{
				Capabilities: &corev1.Capabilities{Add: []corev1.Capability{"NET_BIND_SERVICE", "NET_ADMIN"}}}))),
			Entry(kind+" adding SYS_ADMIN, dropping ALL", podContainer(init, withContext(&corev1.SecurityContext{
				Capabilities: &corev1.Capabilities{Add: []corev1.Capability{"SYS_ADMIN"}, Drop: []corev1.Capability{"ALL"}}}))),
			Entry(kind+" with a hostPort", podContainer(init, corev1.Container{Name: "agent",
				Ports: []corev1.ContainerPort{{ContainerPort: 9000, HostPort: 9000}}})))
	}
	return entries
}

var _ = Describe("CEL admission rules for spec.podTemplate (SEC009)", func() {
	DescribeTable("refuse an addition that collides with what the operator owns, as the Go engine does",
		func(mutate ...func(*v1alpha1.SFTPGoSpec)) {
			s := sftpgo(mutate...)
			err := k8sClient.Create(ctx, s)
			Expect(err).To(HaveOccurred(), "the API server accepted %+v", s.Spec.PodTemplate)
			Expect(apierrors.IsInvalid(err)).To(BeTrue(), "want an Invalid error, got %v", err)
			Expect(err.Error()).To(ContainSubstring("SEC009: "))
			Expect(goRules(s)).To(ContainElement("SEC009"), "the Go engine must agree with the CEL rule")
		},
		sec009Refusals(),
	)

	DescribeTable("accept a near miss",
		func(mutate ...func(*v1alpha1.SFTPGoSpec)) {
			s := sftpgo(mutate...)
			Expect(k8sClient.Create(ctx, s)).To(Succeed())
			Expect(goRules(s)).NotTo(ContainElement("SEC009"), "the Go engine must agree with the CEL rule")
			Expect(k8sClient.Delete(ctx, s)).To(Succeed())
		},
		Entry("secrets SFTPGo reads from env", podEnv("SFTPGO_SMTP__PASSWORD", "SFTPGO_HTTPD__BINDINGS__0__OIDC__CLIENT_SECRET",
			"SFTPGO_KMS__SECRETS__MASTER_KEY", "sftpgo_grace_time", "TZ")),
		Entry("volumes the restricted standard allows, with names of their own",
			podVolume("ca", corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "ca"}}}),
			podVolume("vault", corev1.VolumeSource{CSI: &corev1.CSIVolumeSource{Driver: "secrets-store.csi.k8s.io"}}),
			podVolume("config-extra", emptyDir)),
		Entry("mounts beside the operator's", podMount("/etc/ssl/custom"), podMount("/etc/sftpgo/plugins"),
			podMount("/srv/sftpgo-templates"), podMount("/tmpfiles"), podMount("/var/cache/sftpgo")),
		Entry("containers with their own name, ports and a tighter or empty securityContext",
			podContainer(true, corev1.Container{Name: "fetch"}),
			podContainer(true, corev1.Container{Name: "cloud-sql-proxy", RestartPolicy: ptr.To(corev1.ContainerRestartPolicyAlways),
				Ports: []corev1.ContainerPort{{Name: "postgres", ContainerPort: 5432}}}),
			podContainer(false, corev1.Container{Name: "agent", Ports: []corev1.ContainerPort{{Name: "metrics", ContainerPort: 9102}},
				SecurityContext: &corev1.SecurityContext{ReadOnlyRootFilesystem: ptr.To(false), RunAsNonRoot: ptr.To(true), RunAsUser: ptr.To[int64](1001),
					Capabilities: &corev1.Capabilities{Add: []corev1.Capability{"NET_BIND_SERVICE"}, Drop: []corev1.Capability{"ALL"}}}})),
		Entry("fsGroupChangePolicy Always", func(sp *v1alpha1.SFTPGoSpec) {
			sp.PodTemplate.FSGroupChangePolicy = ptr.To(corev1.FSGroupChangeAlways)
		}),
	)

	DescribeTable("leave to the Go engine what CEL cannot check: the managed keys, and lists too long for an admission rule",
		func(mutate ...func(*v1alpha1.SFTPGoSpec)) {
			s := sftpgo(mutate...)
			Expect(k8sClient.Create(ctx, s)).To(Succeed())
			Expect(goRules(s)).To(ContainElement("SEC009"), "the reconciler and render must refuse it")
			Expect(k8sClient.Delete(ctx, s)).To(Succeed())
		},
		engineOnlyRefusals(),
	)

	It("refuses an unknown fsGroupChangePolicy", func() {
		s := sftpgo(func(sp *v1alpha1.SFTPGoSpec) {
			sp.PodTemplate.FSGroupChangePolicy = ptr.To(corev1.PodFSGroupChangePolicy("Never"))
		})
		Expect(k8sClient.Create(ctx, s)).To(Satisfy(apierrors.IsInvalid))
	})
})
