package manifests_test

import (
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/fixtures"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
)

func passivePorts(start, count int32) func(*v1alpha1.SFTPGo) {
	return func(s *v1alpha1.SFTPGo) {
		s.Spec.FTP.PassivePorts = v1alpha1.FTPPassivePorts{Start: start, Count: count}
	}
}

func serviceType(t v1alpha1.ServiceType) func(*v1alpha1.SFTPGo) {
	return func(s *v1alpha1.SFTPGo) { s.Spec.Service.Type = t }
}

// FTP rides on the SFTP Service: the control port, one Service port per
// passive port (node port = port with NodePort), a container port for each,
// the passive range admitted from anywhere, the certificate mounted.
func TestFTPObjects(t *testing.T) {
	cases := []struct {
		name      string
		mut       func(*v1alpha1.SFTPGo)
		wantPorts []string // Service port name:port>target[/node]
	}{
		{"off", nil, []string{"sftp:22>sftp"}},
		{"on, LoadBalancer", fixtures.All(fixtures.FTP, passivePorts(50000, 2)),
			[]string{"sftp:22>sftp", "ftp:21>ftp", "ftp-pasv-0:50000>50000", "ftp-pasv-1:50001>50001"}},
		{"on, NodePort: node ports are the advertised ports", fixtures.All(fixtures.FTP, passivePorts(30100, 2), serviceType(v1alpha1.ServiceTypeNodePort)),
			[]string{"sftp:22>sftp", "ftp:21>ftp", "ftp-pasv-0:30100>30100/30100", "ftp-pasv-1:30101>30101/30101"}},
		{"on, SFTP off: the Service carries FTP alone", fixtures.All(fixtures.FTP, passivePorts(50000, 2), func(s *v1alpha1.SFTPGo) {
			s.Spec.SFTP.Enabled = ptr.To(false)
			s.Spec.FTP.Port = 990
		}), []string{"ftp:990>ftp", "ftp-pasv-0:50000>50000", "ftp-pasv-1:50001>50001"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := fixtures.Instance(tc.mut, fixtures.KubeFacts)
			var got []string
			for _, p := range manifests.Service(in).Spec.Ports {
				s := fmt.Sprintf("%s:%d>%s", p.Name, p.Port, p.TargetPort.String())
				if p.NodePort != 0 {
					s += fmt.Sprintf("/%d", p.NodePort)
				}
				got = append(got, s)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.wantPorts) {
				t.Errorf("Service ports = %v, want %v", got, tc.wantPorts)
			}
		})
	}
}

func TestFTPContainerPortsAndPolicy(t *testing.T) {
	in := fixtures.Instance(fixtures.All(fixtures.FTP, passivePorts(50000, 64)), fixtures.KubeFacts)
	names := map[string]bool{}
	byName := map[string]int32{}
	for _, p := range manifests.ContainerPorts(in) {
		if len(p.Name) > 15 || names[p.Name] {
			t.Errorf("port name %q too long or repeated", p.Name)
		}
		names[p.Name] = true
		byName[p.Name] = p.ContainerPort
	}
	if byName["ftp"] != 2121 || byName["ftp-pasv-0"] != 50000 || byName["ftp-pasv-63"] != 50063 || len(byName) != 4+64 {
		t.Errorf("container ports = %v", byName)
	}
	off := fixtures.Instance(nil, fixtures.KubeFacts)
	for _, p := range manifests.ContainerPorts(off) {
		if p.Name == "ftp" {
			t.Errorf("FTP port declared while FTP is off")
		}
	}

	np := manifests.NetworkPolicy(in)
	first := np.Spec.Ingress[0]
	if len(first.From) != 0 {
		t.Fatalf("the public rule has peers: %v", first.From)
	}
	want := []string{"2022", "2121", "50000-50063"}
	var got []string
	for _, p := range first.Ports {
		s := p.Port.String()
		if p.EndPort != nil {
			s += fmt.Sprintf("-%d", *p.EndPort)
		}
		got = append(got, s)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("public NetworkPolicy ports = %v, want %v", got, want)
	}

	d := manifests.Deployment(in, "h")
	var vol *corev1.Volume
	for i, v := range d.Spec.Template.Spec.Volumes {
		if v.Name == "ftp-tls" {
			vol = &d.Spec.Template.Spec.Volumes[i]
		}
	}
	if vol == nil || vol.Secret == nil || vol.Secret.SecretName != "files-ftp-tls" {
		t.Fatalf("ftp-tls volume = %+v", vol)
	}
	mounted := false
	for _, m := range d.Spec.Template.Spec.Containers[0].VolumeMounts {
		mounted = mounted || (m.Name == "ftp-tls" && m.MountPath == "/etc/sftpgo/ftp-tls" && m.SubPath == "")
	}
	if !mounted {
		t.Error("ftp-tls not mounted (without subPath) at /etc/sftpgo/ftp-tls")
	}
	plain := fixtures.Instance(fixtures.All(fixtures.FTP, func(s *v1alpha1.SFTPGo) { s.Spec.FTP.TLS = v1alpha1.FTPTLSDisabled }), fixtures.KubeFacts)
	for _, v := range manifests.Deployment(plain, "h").Spec.Template.Spec.Volumes {
		if v.Name == "ftp-tls" {
			t.Error("plain FTP mounts a certificate")
		}
	}
}
