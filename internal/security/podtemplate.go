package security

import (
	"fmt"
	"path"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	psaapi "k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"

	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

// operatorEnvSource names the spec field behind each variable the operator
// sets, for the message that refuses it.
var operatorEnvSource = map[string]string{
	manifests.EnvAdminUsername:        "spec.adminCredentialsSecret",
	manifests.EnvAdminPassword:        "spec.adminCredentialsSecret",
	manifests.EnvGraceTime:            "spec.shutdownGracePeriodSeconds",
	manifests.EnvDataProviderUsername: "spec.dataProvider.credentialsSecret",
	manifests.EnvDataProviderPassword: "spec.dataProvider.credentialsSecret",
	manifests.EnvNodeHost:             "nothing: it is each pod's own address, for SFTPGo's cluster nodes",
	manifests.EnvLoadDataFrom:         "nothing: every pod start restores the operator's own admin from it (docs/accounts.md)",
	manifests.EnvLoadDataMode:         "nothing: every pod start restores the operator's own admin from it (docs/accounts.md)",
}

// podTemplateAdditions reports SEC009: additions in spec.podTemplate that
// collide with what the operator owns in the pod, or that would take the
// pod out of the restricted Pod Security Standard.
func podTemplateAdditions(f *findings, in *resolve.Instance) {
	pt := &in.Spec.PodTemplate
	for i, e := range pt.Env {
		envCollision(f, fmt.Sprintf("spec.podTemplate.env[%d]", i), "sets", e.Name)
	}
	for i, src := range pt.EnvFrom {
		field := fmt.Sprintf("spec.podTemplate.envFrom[%d]", i)
		for _, name := range in.EnvFromNames[i] {
			envCollision(f, field, "adds, through "+envFromSourceName(src)+",", name)
		}
	}
	for i, v := range pt.Volumes {
		if slices.Contains(manifests.ManagedVolumeNames(), v.Name) {
			f.err(RulePodTemplateCollision, fmt.Sprintf("spec.podTemplate.volumes[%d].name", i),
				"spec.podTemplate.volumes[%d] is named %q, a volume name the operator uses (%s) for the config, keys, user files or state. Rename the volume and the volumeMounts that use it.",
				i, v.Name, strings.Join(manifests.ManagedVolumeNames(), ", "))
		}
	}
	for i, m := range pt.VolumeMounts {
		field := fmt.Sprintf("spec.podTemplate.volumeMounts[%d].mountPath", i)
		if !isCleanAbsolute(m.MountPath) {
			f.err(RulePodTemplateCollision, field,
				"%s %q is not an absolute, clean path: write it without a trailing slash or //, . and .. segments, such as /etc/ssl/custom.", field, m.MountPath)
			continue
		}
		if managed, collides := manifests.MountPathCollision(m.MountPath); collides {
			f.err(RulePodTemplateCollision, field,
				"%s %q is equal to, inside or above %s, which the operator mounts: it would hide or replace the config, the keys, the user files or SFTPGo's state. Mount it elsewhere, such as /etc/ssl/custom or /opt/sftpgo.",
				field, m.MountPath, managed)
		}
	}
	own := sftpgoPorts(in)
	addedContainers(f, "spec.podTemplate.initContainers", pt.InitContainers, own)
	addedContainers(f, "spec.podTemplate.containers", pt.Containers, own)
	if len(pt.InitContainers)+len(pt.Containers)+len(pt.Volumes) > 0 {
		restrictedPod(f, in)
	}
}

// envCollision refuses a variable the operator sets, or one that overrides
// a managed sftpgo.json key (SFTPGo reads SFTPGO_* variables over its
// config file).
func envCollision(f *findings, field, verb, name string) {
	if source, ok := operatorEnvSource[name]; ok {
		f.err(RulePodTemplateCollision, field,
			"%s %s %s, which the operator sets itself; a second value would replace it. Remove it and use %s.",
			field, verb, name, source)
		return
	}
	if key, managed := sftpgoconfig.ManagedEnvKey(name); managed {
		f.err(RulePodTemplateCollision, field,
			"%s %s %s, which overrides %s in sftpgo.json, a key the operator manages: it could break the listeners, the shared signing key and host keys, or the client IP checks the other rules rely on. Remove it and use %s.",
			field, verb, name, key, managedKeyHint(key))
	}
}

// envFromSourceName names a source the reconciler read variables from, so
// one with a Secret or a ConfigMap.
func envFromSourceName(src corev1.EnvFromSource) string {
	if src.SecretRef != nil {
		return fmt.Sprintf("Secret %q", src.SecretRef.Name)
	}
	return fmt.Sprintf("ConfigMap %q", src.ConfigMapRef.Name)
}

// isCleanAbsolute reports whether p is absolute and already in the form
// path.Clean gives, so that the CEL rule's plain prefix checks see the
// same path the kubelet mounts.
func isCleanAbsolute(p string) bool {
	return strings.HasPrefix(p, "/") && path.Clean(p) == p
}

// sftpgoPorts are the ports an added container must not take: every port
// SFTPGo may listen on, enabled or not (enabling a protocol later must not
// break a running pod), and the instance's FTP passive ports.
func sftpgoPorts(in *resolve.Instance) []corev1.ContainerPort {
	own := manifests.SFTPGoPorts()
	for _, p := range manifests.ContainerPorts(in) {
		if !slices.Contains(own, p) {
			own = append(own, p)
		}
	}
	return own
}

// addedContainers refuses the SFTPGo container's name and its ports.
func addedContainers(f *findings, list string, cs []corev1.Container, own []corev1.ContainerPort) {
	for i, c := range cs {
		if c.Name == manifests.ContainerName {
			f.err(RulePodTemplateCollision, fmt.Sprintf("%s[%d].name", list, i),
				"%s[%d] is named %q, the operator's SFTPGo container. Rename it.", list, i, c.Name)
		}
		for j, p := range c.Ports {
			for _, o := range own {
				if p.ContainerPort == o.ContainerPort || (p.Name != "" && p.Name == o.Name) {
					f.err(RulePodTemplateCollision, fmt.Sprintf("%s[%d].ports[%d]", list, i, j),
						"%s[%d] (%s) declares port %d %q, which collides with SFTPGo's %s port %d: the containers of a pod share its network, and the Services and probes find SFTPGo by that name. Move the container to another port and name.",
						list, i, c.Name, p.ContainerPort, p.Name, o.Name, o.ContainerPort)
				}
			}
		}
	}
}

// restrictedEvaluator holds the Pod Security Standard checks the admission
// plugin of this Kubernetes version runs.
var restrictedEvaluator = func() policy.Evaluator {
	e, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		panic(fmt.Sprintf("loading the Pod Security Standard checks: %v", err)) // a build defect, not input
	}
	return e
}()

// restrictedPod runs the restricted Pod Security Standard, as the
// admission plugin does, on the pod the operator would build: the one
// authority on what an added container or volume may ask for.
func restrictedPod(f *findings, in *resolve.Instance) {
	tpl := manifests.Deployment(in, "").Spec.Template
	level := psaapi.LevelVersion{Level: psaapi.LevelRestricted, Version: psaapi.LatestVersion()}
	for _, r := range restrictedEvaluator.EvaluatePod(level, &tpl.ObjectMeta, &tpl.Spec) {
		if !r.Allowed {
			f.err(RulePodTemplateCollision, "spec.podTemplate",
				"spec.podTemplate takes the pod out of the restricted Pod Security Standard (%s: %s), which every SFTPGo pod keeps. Remove that setting; fields an added container leaves unset get the restricted defaults.",
				r.ForbiddenReason, r.ForbiddenDetail)
		}
	}
}
