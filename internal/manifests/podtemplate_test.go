package manifests_test

import (
	"reflect"
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/fixtures"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
)

func podTemplate(pt v1alpha1.PodTemplate) func(*v1alpha1.SFTPGo) {
	return func(s *v1alpha1.SFTPGo) { s.Spec.PodTemplate = pt }
}

func secretKeyEnv(name, secret, key string) corev1.EnvVar {
	return corev1.EnvVar{Name: name, ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
		LocalObjectReference: corev1.LocalObjectReference{Name: secret}, Key: key,
	}}}
}

func envNames(env []corev1.EnvVar) []string {
	var out []string
	for _, e := range env {
		out = append(out, e.Name)
	}
	return out
}

func mountPaths(mounts []corev1.VolumeMount) []string {
	var out []string
	for _, m := range mounts {
		out = append(out, m.MountPath)
	}
	return out
}

func volumeNames(vols []corev1.Volume) []string {
	var out []string
	for _, v := range vols {
		out = append(out, v.Name)
	}
	return out
}

func containerNames(cs []corev1.Container) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

// restricted is the security context an added container gets when it sets none.
var restrictedContext = &corev1.SecurityContext{
	AllowPrivilegeEscalation: ptr.To(false),
	ReadOnlyRootFilesystem:   ptr.To(true),
	RunAsNonRoot:             ptr.To(true),
	Capabilities:             &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
	SeccompProfile:           &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
}

func TestDeploymentPodTemplateEnv(t *testing.T) {
	operatorEnv := []string{"SFTPGO_DEFAULT_ADMIN_USERNAME", "SFTPGO_DEFAULT_ADMIN_PASSWORD", "SFTPGO_GRACE_TIME",
		"SFTPGO_LOADDATA_FROM", "SFTPGO_LOADDATA_MODE"}
	cases := []struct {
		name        string
		pt          v1alpha1.PodTemplate
		wantEnv     []string
		wantEnvFrom []corev1.EnvFromSource
	}{
		{name: "none", wantEnv: operatorEnv},
		{name: "added after the operator's, in order",
			pt: v1alpha1.PodTemplate{Env: []corev1.EnvVar{
				secretKeyEnv("SFTPGO_SMTP__PASSWORD", "smtp", "password"),
				{Name: "SFTPGO_HTTPD__BINDINGS__0__OIDC__CLIENT_ID", Value: "sftpgo"},
			}},
			wantEnv: append(slices.Clone(operatorEnv), "SFTPGO_SMTP__PASSWORD", "SFTPGO_HTTPD__BINDINGS__0__OIDC__CLIENT_ID")},
		{name: "a variable the operator sets is left out (SEC009 refuses it)",
			pt: v1alpha1.PodTemplate{Env: []corev1.EnvVar{
				{Name: "SFTPGO_GRACE_TIME", Value: "0"},
				{Name: "SFTPGO_DEFAULT_ADMIN_PASSWORD", Value: "forged"},
				{Name: "TZ", Value: "Europe/Rome"},
			}},
			wantEnv: append(slices.Clone(operatorEnv), "TZ")},
		{name: "envFrom kept as given",
			pt: v1alpha1.PodTemplate{EnvFrom: []corev1.EnvFromSource{
				{SecretRef: &corev1.SecretEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "oidc"}}},
				{Prefix: "SFTPGO_SMTP__", ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "smtp"}}},
			}},
			wantEnv: operatorEnv,
			wantEnvFrom: []corev1.EnvFromSource{
				{SecretRef: &corev1.SecretEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "oidc"}}},
				{Prefix: "SFTPGO_SMTP__", ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "smtp"}}},
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := fixtures.Instance(podTemplate(tc.pt), fixtures.KubeFacts)
			c := manifests.Deployment(in, testHash).Spec.Template.Spec.Containers[0]
			if got := envNames(c.Env); !slices.Equal(got, tc.wantEnv) {
				t.Errorf("env = %v, want %v", got, tc.wantEnv)
			}
			if !reflect.DeepEqual(c.EnvFrom, tc.wantEnvFrom) {
				t.Errorf("envFrom = %+v, want %+v", c.EnvFrom, tc.wantEnvFrom)
			}
			for _, e := range c.Env {
				if e.Name == "SFTPGO_GRACE_TIME" && e.Value != "30" {
					t.Errorf("SFTPGO_GRACE_TIME = %q, the operator's 30 must win", e.Value)
				}
				if e.Name == "SFTPGO_DEFAULT_ADMIN_PASSWORD" && e.ValueFrom == nil {
					t.Errorf("SFTPGO_DEFAULT_ADMIN_PASSWORD lost its Secret reference")
				}
			}
		})
	}
}

func TestDeploymentPodTemplateVolumes(t *testing.T) {
	operatorVolumes := []string{"config", "keys", "data", "state", "tmp"}
	operatorMounts := []string{"/etc/sftpgo/config", "/etc/sftpgo/keys", "/srv/sftpgo", "/var/lib/sftpgo", "/tmp"}
	caBundle := corev1.Volume{Name: "ca-bundle", VolumeSource: corev1.VolumeSource{
		ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "ca"}}}}
	plugins := corev1.Volume{Name: "plugins", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}
	cases := []struct {
		name        string
		pt          v1alpha1.PodTemplate
		wantVolumes []string
		wantMounts  []string
	}{
		{name: "none", wantVolumes: operatorVolumes, wantMounts: operatorMounts},
		{name: "added after the operator's",
			pt: v1alpha1.PodTemplate{
				Volumes: []corev1.Volume{caBundle, plugins},
				VolumeMounts: []corev1.VolumeMount{
					{Name: "ca-bundle", MountPath: "/etc/ssl/custom", ReadOnly: true},
					{Name: "plugins", MountPath: "/opt/sftpgo/plugins"},
				},
			},
			wantVolumes: append(slices.Clone(operatorVolumes), "ca-bundle", "plugins"),
			wantMounts:  append(slices.Clone(operatorMounts), "/etc/ssl/custom", "/opt/sftpgo/plugins")},
		{name: "a volume named like the operator's is left out",
			pt: v1alpha1.PodTemplate{Volumes: []corev1.Volume{
				{Name: "keys", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}, plugins,
			}},
			wantVolumes: append(slices.Clone(operatorVolumes), "plugins"),
			wantMounts:  operatorMounts},
		{name: "mounts equal to, inside or above the operator's are left out",
			pt: v1alpha1.PodTemplate{Volumes: []corev1.Volume{plugins}, VolumeMounts: []corev1.VolumeMount{
				{Name: "plugins", MountPath: "/etc/sftpgo/keys"},
				{Name: "plugins", MountPath: "/srv/sftpgo/data/shadow"},
				{Name: "plugins", MountPath: "/var/lib"},
				{Name: "plugins", MountPath: "/"},
				{Name: "plugins", MountPath: "/tmp/../srv/sftpgo"},
				{Name: "plugins", MountPath: "/etc/sftpgo/web-tls"},
				{Name: "plugins", MountPath: "/etc/sftpgo/plugins"},
			}},
			wantVolumes: append(slices.Clone(operatorVolumes), "plugins"),
			wantMounts:  append(slices.Clone(operatorMounts), "/etc/sftpgo/plugins")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pod := manifests.Deployment(fixtures.Instance(podTemplate(tc.pt), fixtures.KubeFacts), testHash).Spec.Template.Spec
			if got := volumeNames(pod.Volumes); !slices.Equal(got, tc.wantVolumes) {
				t.Errorf("volumes = %v, want %v", got, tc.wantVolumes)
			}
			if got := mountPaths(pod.Containers[0].VolumeMounts); !slices.Equal(got, tc.wantMounts) {
				t.Errorf("mounts = %v, want %v", got, tc.wantMounts)
			}
			for _, v := range pod.Volumes {
				if v.Name == "keys" && (v.Projected == nil || v.Projected.Sources[0].Secret.Name != "files-keys") {
					t.Errorf("the keys volume is no longer the keys Secret: %+v", v.VolumeSource)
				}
			}
		})
	}
}

func TestDeploymentPodTemplateContainers(t *testing.T) {
	proxyResources := corev1.ResourceRequirements{
		Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("50m"), corev1.ResourceMemory: resource.MustParse("32Mi")},
		Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("64Mi")},
	}
	writable := &corev1.SecurityContext{
		ReadOnlyRootFilesystem: ptr.To(false),
		Capabilities:           &corev1.Capabilities{Add: []corev1.Capability{"NET_BIND_SERVICE"}},
	}
	writableFilled := &corev1.SecurityContext{
		AllowPrivilegeEscalation: ptr.To(false),
		ReadOnlyRootFilesystem:   ptr.To(false),
		RunAsNonRoot:             ptr.To(true),
		Capabilities:             &corev1.Capabilities{Add: []corev1.Capability{"NET_BIND_SERVICE"}, Drop: []corev1.Capability{"ALL"}},
		SeccompProfile:           &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
	}
	in := fixtures.Instance(podTemplate(v1alpha1.PodTemplate{
		InitContainers: []corev1.Container{
			{Name: "fetch-plugins", Image: "busybox", Args: []string{"wget", "-O", "/plugins/p", "https://example.com/p"}},
			{Name: "cloud-sql-proxy", Image: "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2",
				RestartPolicy: ptr.To(corev1.ContainerRestartPolicyAlways), Resources: proxyResources},
			{Name: "sftpgo", Image: "evil"},
		},
		Containers: []corev1.Container{
			{Name: "vault-agent", Image: "hashicorp/vault", SecurityContext: writable},
			{Name: "sftpgo", Image: "evil"},
		},
	}), fixtures.KubeFacts)
	pod := manifests.Deployment(in, testHash).Spec.Template.Spec

	if got, want := containerNames(pod.InitContainers), []string{"fetch-plugins", "cloud-sql-proxy"}; !slices.Equal(got, want) {
		t.Errorf("initContainers = %v, want %v (a container named sftpgo is left out)", got, want)
	}
	if got, want := containerNames(pod.Containers), []string{"sftpgo", "vault-agent"}; !slices.Equal(got, want) {
		t.Fatalf("containers = %v, want %v (SFTPGo first, the added one after)", got, want)
	}
	if pod.Containers[0].Image != v1alpha1.DefaultImage {
		t.Errorf("the SFTPGo container's image = %q", pod.Containers[0].Image)
	}
	cases := []struct {
		name      string
		got, want any
	}{
		{"init container without securityContext gets the restricted one", pod.InitContainers[0].SecurityContext, restrictedContext},
		{"native sidecar keeps restartPolicy Always", pod.InitContainers[1].RestartPolicy, ptr.To(corev1.ContainerRestartPolicyAlways)},
		{"native sidecar keeps its resources", pod.InitContainers[1].Resources, proxyResources},
		{"native sidecar gets the restricted securityContext", pod.InitContainers[1].SecurityContext, restrictedContext},
		{"sidecar keeps what it set and gets the rest", pod.Containers[1].SecurityContext, writableFilled},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !reflect.DeepEqual(tc.got, tc.want) {
				t.Errorf("got %+v, want %+v", tc.got, tc.want)
			}
		})
	}
	t.Run("builder does not change the spec", func(t *testing.T) {
		if in.Spec.PodTemplate.InitContainers[0].SecurityContext != nil {
			t.Errorf("the defaults were written into spec.podTemplate")
		}
		if !reflect.DeepEqual(in.Spec.PodTemplate.Containers[0].SecurityContext, &corev1.SecurityContext{
			ReadOnlyRootFilesystem: ptr.To(false),
			Capabilities:           &corev1.Capabilities{Add: []corev1.Capability{"NET_BIND_SERVICE"}},
		}) {
			t.Errorf("spec.podTemplate.containers[0].securityContext changed: %+v", in.Spec.PodTemplate.Containers[0].SecurityContext)
		}
	})
}

func TestDeploymentFSGroupChangePolicy(t *testing.T) {
	cases := []struct {
		name  string
		facts platform.Facts
		set   *corev1.PodFSGroupChangePolicy
		want  *corev1.PodFSGroupChangePolicy
	}{
		{"kubernetes: OnRootMismatch with the operator's fsGroup", fixtures.KubeFacts, nil, ptr.To(corev1.FSGroupChangeOnRootMismatch)},
		{"kubernetes: Always when asked", fixtures.KubeFacts, ptr.To(corev1.FSGroupChangeAlways), ptr.To(corev1.FSGroupChangeAlways)},
		{"openshift: the SCC's fsGroup, Kubernetes default", fixtures.OpenShiftFacts, nil, nil},
		{"openshift: OnRootMismatch when asked", fixtures.OpenShiftFacts, ptr.To(corev1.FSGroupChangeOnRootMismatch), ptr.To(corev1.FSGroupChangeOnRootMismatch)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := fixtures.Instance(podTemplate(v1alpha1.PodTemplate{FSGroupChangePolicy: tc.set}), tc.facts)
			got := manifests.Deployment(in, testHash).Spec.Template.Spec.SecurityContext.FSGroupChangePolicy
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("fsGroupChangePolicy = %v, want %v", ptr.Deref(got, "<nil>"), ptr.Deref(tc.want, "<nil>"))
			}
		})
	}
}

func TestMountPathCollision(t *testing.T) {
	cases := []struct {
		path        string
		wantManaged string
		wantCollide bool
	}{
		{"/etc/sftpgo/config", "/etc/sftpgo/config", true},
		{"/etc/sftpgo/keys/extra", "/etc/sftpgo/keys", true},
		{"/etc/sftpgo", "/etc/sftpgo/config", true},
		{"/srv", "/srv/sftpgo", true},
		{"/srv/sftpgo/data/x", "/srv/sftpgo", true},
		{"/var/lib/sftpgo", "/var/lib/sftpgo", true},
		{"/var", "/var/lib/sftpgo", true},
		{"/tmp/plugins", "/tmp", true},
		{"/", "/etc/sftpgo/config", true},
		{"/etc/sftpgo/web-tls", "/etc/sftpgo/web-tls", true},
		{"/srv/sftpgo/", "/srv/sftpgo", true},
		{"/opt/../srv/sftpgo", "/srv/sftpgo", true},
		{"srv/sftpgo", "/srv/sftpgo", true},
		{"/etc/sftpgo/plugins", "", false},
		{"/etc/ssl/custom", "", false},
		{"/srv/sftpgo-extra", "", false},
		{"/tmpfiles", "", false},
		{"/opt/sftpgo", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			managed, collides := manifests.MountPathCollision(tc.path)
			if managed != tc.wantManaged || collides != tc.wantCollide {
				t.Errorf("MountPathCollision(%q) = %q, %v; want %q, %v", tc.path, managed, collides, tc.wantManaged, tc.wantCollide)
			}
		})
	}
}

// TestOwnedListsCoverTheBuilder keeps the lists rule SEC009 and the CRD's
// CEL rules refuse in step with what the builder puts in the pod.
func TestOwnedListsCoverTheBuilder(t *testing.T) {
	variants := []struct {
		name  string
		mut   func(*v1alpha1.SFTPGo)
		facts platform.Facts
	}{
		{"sqlite", nil, fixtures.KubeFacts},
		{"postgresql with credentials", fixtures.Postgres, fixtures.KubeFacts},
		{"reencrypt (web TLS mounted)", fixtures.All(fixtures.IngressHost, fixtures.Termination(v1alpha1.TLSReencrypt)), fixtures.KubeFacts},
		{"openshift", nil, fixtures.OpenShiftFacts},
		{"webdav (its port declared)", fixtures.WebDAV, fixtures.KubeFacts},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			pod := manifests.Deployment(fixtures.Instance(v.mut, v.facts), testHash).Spec.Template.Spec
			c := pod.Containers[0]
			if c.Name != manifests.ContainerName {
				t.Errorf("SFTPGo container name = %q, want %q", c.Name, manifests.ContainerName)
			}
			for _, name := range envNames(c.Env) {
				if !slices.Contains(manifests.OperatorEnvNames(), name) {
					t.Errorf("env %s is missing from OperatorEnvNames", name)
				}
			}
			for _, name := range volumeNames(pod.Volumes) {
				if !slices.Contains(manifests.ManagedVolumeNames(), name) {
					t.Errorf("volume %s is missing from ManagedVolumeNames", name)
				}
			}
			for _, p := range mountPaths(c.VolumeMounts) {
				if !slices.Contains(manifests.ManagedMountPaths(), p) {
					t.Errorf("mount %s is missing from ManagedMountPaths", p)
				}
			}
			for _, p := range c.Ports {
				if !slices.Contains(manifests.SFTPGoPorts(), p) {
					t.Errorf("port %+v is missing from SFTPGoPorts", p)
				}
			}
			in := fixtures.Instance(v.mut, v.facts)
			if got := slices.ContainsFunc(c.Ports, func(p corev1.ContainerPort) bool { return p.Name == manifests.PortNameWebDAV }); got != in.WebDAVEnabled() {
				t.Errorf("WebDAV port declared = %v, want %v (spec.webdav.enabled)", got, in.WebDAVEnabled())
			}
		})
	}
}
