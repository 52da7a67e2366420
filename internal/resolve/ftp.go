package resolve

import (
	"net/netip"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// FTPPort is the port of SFTPGo's FTP binding in the container.
const FTPPort int32 = 2121

// LoadBalancerAddress is one entry of the SFTP Service's
// status.loadBalancer.ingress: an IP, a host name, or both.
type LoadBalancerAddress struct {
	IP       string
	Hostname string
}

// FTPEnabled reports whether SFTPGo serves FTP.
func (in *Instance) FTPEnabled() bool { return *in.Spec.FTP.Enabled }

// FTPCertSecret names the certificate Secret FTP serves TLS with; empty
// when FTP is off or plain (SEC013 makes it required otherwise).
func (in *Instance) FTPCertSecret() string {
	ftp := &in.Spec.FTP
	if !in.FTPEnabled() || ftp.TLS == v1alpha1.FTPTLSDisabled {
		return ""
	}
	return ftp.CertificateSecret.SecretName()
}

// FTPPassivePorts returns the passive ports, in order.
func (in *Instance) FTPPassivePorts() []int32 {
	if !in.FTPEnabled() {
		return nil
	}
	pp := in.Spec.FTP.PassivePorts
	ports := make([]int32, 0, pp.Count)
	for i := range pp.Count {
		ports = append(ports, pp.Start+i)
	}
	return ports
}

// ClientIPsPreserved reports whether SFTPGo sees the clients' own IPs on
// the SFTP Service's ports: inside the cluster (ClusterIP), with
// externalTrafficPolicy Local, or with PROXY protocol (which SFTPGo applies
// to FTP's control and passive data connections alike).
func (in *Instance) ClientIPsPreserved() bool {
	sp := &in.Spec
	return sp.Service.Type == v1alpha1.ServiceTypeClusterIP ||
		sp.Service.ExternalTrafficPolicy == v1alpha1.TrafficPolicyLocal ||
		sp.Security.ProxyProtocol.Mode != v1alpha1.ProxyProtocolDisabled
}

// FTPPassiveAddress is what SFTPGo announces for PASV: an IPv4 address
// (force_passive_ip) or a DNS name SFTPGo resolves to IPv4 at each passive
// connection (passive_host). spec.ftp.passiveAddress wins; otherwise the
// first IPv4 address, else the first host name, of the Service's load
// balancer (IPv6 addresses cannot be announced by PASV). Both empty when
// nothing is known yet, or for a ClusterIP Service (SFTPGo then announces
// the pod's IP, which clients in the cluster reach).
func (in *Instance) FTPPassiveAddress() (ip, host string) {
	if !in.FTPEnabled() {
		return "", ""
	}
	if a := in.Spec.FTP.PassiveAddress; a != "" {
		if _, err := netip.ParseAddr(a); err == nil {
			return a, ""
		}
		return "", a
	}
	if in.Spec.Service.Type != v1alpha1.ServiceTypeLoadBalancer {
		return "", ""
	}
	for _, lb := range in.LoadBalancer {
		if a, err := netip.ParseAddr(lb.IP); err == nil && a.Is4() {
			return a.String(), ""
		}
	}
	for _, lb := range in.LoadBalancer {
		if lb.Hostname != "" {
			return "", lb.Hostname
		}
	}
	return "", ""
}

// FTPPassiveAddressUnknown reports whether PASV clients would be told an
// address they cannot reach (the pod's), because the Service is published outside the
// cluster and neither spec.ftp.passiveAddress nor the load balancer's
// status gives the address clients dial.
func (in *Instance) FTPPassiveAddressUnknown() bool {
	if !in.FTPEnabled() || in.Spec.Service.Type == v1alpha1.ServiceTypeClusterIP {
		return false
	}
	ip, host := in.FTPPassiveAddress()
	return ip == "" && host == ""
}
