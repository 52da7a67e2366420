package controllers

import (
	"context"
	"fmt"
	"net"
	"slices"
	"sync"

	"k8s.io/apimachinery/pkg/api/meta"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/keys"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/outcome"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// accountServers turns the spec.server of an account resource into a REST
// client of that server, one client (and one token) per server, rebuilt
// only when what it was built from changes.
type accountServers struct {
	// Cache reads SFTPGo resources.
	Cache   client.Reader
	Secrets *secretMemo
	Facts   platform.Facts
	// Dial, when set, opens the connections (tests: service DNS names to
	// a local fake server).
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// Observe is called after each REST exchange (metrics).
	Observe func(method, route string, status int)

	mu      sync.Mutex
	clients map[string]pooledClient
}

type pooledClient struct {
	version string
	client  *sftpgoapi.Client
}

// server is a resolved spec.server.
type server struct {
	// Key identifies the server: the accounts with the same key live on
	// the same SFTPGo (the resync lists each server once).
	Key    string
	Client *sftpgoapi.Client
}

// serverGoneError: the server is deleted, or the Secret that says how to
// reach it is: a resource being deleted has no account left to delete.
type serverGoneError struct{ what string }

func (e *serverGoneError) Error() string { return e.what }

// serverKey is the Key of a server reference in a namespace.
func serverKey(namespace string, ref v1alpha1.ServerReference) string {
	if ref.ConnectionSecret != nil {
		return namespace + "/secret:" + ref.ConnectionSecret.Name
	}
	return namespace + "/" + ref.Name
}

// For returns the server an account resource in namespace names.
func (s *accountServers) For(ctx context.Context, namespace string, ref v1alpha1.ServerReference) (*server, error) {
	var cfg sftpgoapi.Config
	var version string
	var err error
	if ref.ConnectionSecret != nil {
		cfg, version, err = s.external(ctx, namespace, ref.ConnectionSecret.Name)
	} else {
		cfg, version, err = s.managed(ctx, namespace, ref.Name)
	}
	if err != nil {
		return nil, err
	}
	key := serverKey(namespace, ref)
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.clients[key]; ok && p.version == version {
		return &server{Key: key, Client: p.client}, nil
	}
	cfg.DialContext, cfg.Observe = s.Dial, s.Observe
	c, err := sftpgoapi.New(cfg)
	if err != nil {
		return nil, &outcome.WaitingError{Reason: v1alpha1.ReasonSecretInvalid, Message: err.Error()}
	}
	if s.clients == nil {
		s.clients = map[string]pooledClient{}
	}
	s.clients[key] = pooledClient{version: version, client: c}
	return &server{Key: key, Client: c}, nil
}

// managed: an SFTPGo this operator runs, reached through its web Service
// (never the Ingress or Route: the operator calls from its own pod, so
// SFTPGo binds the token to that address) as the operator's own admin.
func (s *accountServers) managed(ctx context.Context, namespace, name string) (sftpgoapi.Config, string, error) {
	var sftpgo v1alpha1.SFTPGo
	if err := s.Cache.Get(ctx, client.ObjectKey{Namespace: namespace, Name: name}, &sftpgo); err != nil {
		if client.IgnoreNotFound(err) != nil {
			return sftpgoapi.Config{}, "", err
		}
		return sftpgoapi.Config{}, "", &serverGoneError{what: fmt.Sprintf(
			"SFTPGo %q named by spec.server.name does not exist in namespace %s", name, namespace)}
	}
	if !sftpgo.DeletionTimestamp.IsZero() {
		return sftpgoapi.Config{}, "", &serverGoneError{what: fmt.Sprintf("SFTPGo %q is being deleted", name)}
	}
	// Serving is enough: Ready is also False during a rollout, when the
	// old pods still answer.
	if sftpgo.Status.ReadyReplicas == 0 {
		why := "it has no status yet"
		if c := meta.FindStatusCondition(sftpgo.Status.Conditions, v1alpha1.ConditionReady); c != nil {
			why = c.Reason + ": " + c.Message
		}
		return sftpgoapi.Config{}, "", &outcome.PendingError{Reason: v1alpha1.ReasonServerNotReady, Message: fmt.Sprintf(
			"SFTPGo %q has no ready pod (%s); the account is applied as soon as one is.", name, why)}
	}
	in := resolve.New(&sftpgo, s.Facts)
	adminSecret := manifests.OperatorAdminSecretName(in)
	admin, adminVersion, err := s.Secrets.Get(ctx, namespace, adminSecret)
	if err != nil {
		return sftpgoapi.Config{}, "", err
	}
	if admin == nil {
		return sftpgoapi.Config{}, "", &outcome.PendingError{Reason: v1alpha1.ReasonServerNotReady, Message: fmt.Sprintf(
			"The operator's admin Secret %q of SFTPGo %q does not exist yet.", adminSecret, name)}
	}
	host := manifests.WebServiceName(in) + "." + namespace + ".svc"
	cfg := sftpgoapi.Config{
		URL:      fmt.Sprintf("http://%s:%d", host, resolve.WebPort),
		Username: string(admin[keys.OperatorAdminUsernameKey]),
		Password: string(admin[keys.OperatorAdminPasswordKey]),
	}
	version := adminVersion
	if in.WebServesTLS {
		cert, certVersion, err := s.Secrets.Get(ctx, namespace, in.WebCertSecret)
		if err != nil {
			return sftpgoapi.Config{}, "", err
		}
		if cert == nil {
			return sftpgoapi.Config{}, "", &outcome.PendingError{Reason: v1alpha1.ReasonServerNotReady, Message: fmt.Sprintf(
				"The certificate Secret %q SFTPGo %q serves HTTPS with does not exist yet.", in.WebCertSecret, name)}
		}
		// Trusted: the CA the Secret names and the certificate itself (the
		// operator reads the same Secret SFTPGo serves from). With
		// Passthrough it is the public certificate of spec.expose.host;
		// otherwise one issued for the Service.
		cfg.URL = fmt.Sprintf("https://%s:%d", host, resolve.WebPort)
		cfg.CA = slices.Concat(cert["ca.crt"], []byte("\n"), cert["tls.crt"])
		if in.Spec.Expose.TLS.Termination == v1alpha1.TLSPassthrough && in.Spec.Expose.Host != "" {
			cfg.ServerName = in.Spec.Expose.Host
		}
		version += "/" + certVersion
	}
	return cfg, cfg.URL + "/" + version, nil
}

// external: a server the connection Secret describes.
func (s *accountServers) external(ctx context.Context, namespace, name string) (sftpgoapi.Config, string, error) {
	data, version, err := s.Secrets.Get(ctx, namespace, name)
	if err != nil {
		return sftpgoapi.Config{}, "", err
	}
	if data == nil {
		return sftpgoapi.Config{}, "", &serverGoneError{what: fmt.Sprintf(
			"Secret %q named by spec.server.connectionSecret does not exist in namespace %s", name, namespace)}
	}
	cfg := sftpgoapi.Config{
		URL:      string(data[v1alpha1.ConnectionSecretURLKey]),
		Username: string(data[v1alpha1.ConnectionSecretUsernameKey]),
		Password: string(data[v1alpha1.ConnectionSecretPasswordKey]),
		APIKey:   string(data[v1alpha1.ConnectionSecretAPIKeyKey]),
		CA:       data[v1alpha1.ConnectionSecretCAKey],
	}
	if cfg.URL == "" || (cfg.APIKey == "" && (cfg.Username == "" || cfg.Password == "")) {
		return sftpgoapi.Config{}, "", &outcome.WaitingError{Reason: v1alpha1.ReasonSecretIncomplete, Message: fmt.Sprintf(
			"Secret %q named by spec.server.connectionSecret needs key %q and either %q with %q or %q: add them.",
			name, v1alpha1.ConnectionSecretURLKey, v1alpha1.ConnectionSecretUsernameKey,
			v1alpha1.ConnectionSecretPasswordKey, v1alpha1.ConnectionSecretAPIKeyKey)}
	}
	return cfg, version, nil
}
