package e2e

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jlaffaye/ftp"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/fixtures"
	"github.com/sftpgo-operator/sftpgo-operator/internal/keys"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

// passivePortCount is the size of the passive range the test asks for:
// enough for its transfers, which run one at a time.
const passivePortCount int32 = 4

// ftpsServer is SFTPGo serving the sftpgo.json the operator renders for
// FTPS, adapted to run on this machine.
type ftpsServer struct {
	*sftpgoServer
	ftpAddr string
	// telemetryAddr serves /healthz and /metrics, which the PodMonitor scrapes.
	telemetryAddr string
	// passiveFirst and passiveLast bound the rendered passive_port_range.
	passiveFirst, passiveLast int
	// roots trusts the FTP certificate, issued for 127.0.0.1.
	roots *x509.CertPool
	// dataDir holds the users' home directories.
	dataDir string
}

func TestFTPWithTheRenderedConfig(t *testing.T) {
	bin, share := sftpgoBuild(t)
	s := startFTPS(t, bin, share)
	home := filepath.Join(s.dataDir, "ftp-user")
	user := map[string]any{
		"username": "ftp-user", "password": "ftp-Pass-123", "status": 1,
		"permissions": map[string][]string{"/": {"*"}}, "home_dir": home,
	}
	if code := s.asAdmin(t, http.MethodPost, "/api/v2/users", user); code != http.StatusCreated {
		t.Fatalf("creating the FTP user = %d, want 201", code)
	}

	t.Run("FTPS upload, listing and download over PASV", func(t *testing.T) {
		content := []byte("hello over FTPS\n")
		dialer := &passiveDialer{control: s.ftpAddr, tls: s.tlsConfig()}
		c, err := s.dialFTPS(dialer)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = c.Quit() }()
		if err := c.Login("ftp-user", "ftp-Pass-123"); err != nil {
			t.Fatalf("FTPS login: %v", err)
		}
		if err := c.Stor("hello.txt", bytes.NewReader(content)); err != nil {
			t.Fatalf("upload: %v", err)
		}
		if got, err := os.ReadFile(filepath.Join(home, "hello.txt")); err != nil || !bytes.Equal(got, content) {
			t.Errorf("the uploaded file on disk = %q, %v; want %q", got, err, content)
		}
		if names, err := c.NameList("/"); err != nil || !slices.Contains(names, "hello.txt") {
			t.Errorf("listing / = %q, %v; want hello.txt in it", names, err)
		}
		if got, err := retrieve(c, "hello.txt"); err != nil || !bytes.Equal(got, content) {
			t.Errorf("download = %q, %v; want %q", got, err, content)
		}
		s.checkPassive(t, dialer.data, 3)
	})

	t.Run("plain FTP refused at login when TLS is Required", func(t *testing.T) {
		// A raw control connection: the FTP client hides reply codes.
		conn, err := net.DialTimeout("tcp", s.ftpAddr, 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
		c := textproto.NewConn(conn)
		if _, _, err := c.ReadResponse(2); err != nil {
			t.Fatalf("greeting: %v", err)
		}
		// 421: the server refuses and closes the control connection
		// (RFC 959), before any password is sent.
		code, msg := command(t, c, "USER ftp-user")
		if code != 421 {
			t.Fatalf("USER without TLS = %d %s, want 421", code, msg)
		}
		t.Logf("SFTPGo refuses USER without TLS: %d %s", code, msg)
		if line, err := c.ReadLine(); err == nil {
			t.Errorf("the control connection stays open after 421: %q", line)
		}
	})

	t.Run("telemetry /metrics answers with SFTPGo's series, as the PodMonitor scrapes it", func(t *testing.T) {
		resp, err := http.Get("http://" + s.telemetryAddr + "/metrics") //nolint:noctx // the SFTPGo this test started
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /metrics = %d, %v", resp.StatusCode, err)
		}
		// The series the alerts and the dashboard read (internal/manifests).
		// The availability reads 0 until SFTPGo's first check, 55 s after
		// start (internal/dataprovider/scheduler.go): only its presence here.
		for _, series := range []string{"\nsftpgo_dataprovider_availability ", "\nsftpgo_login_ok_total ",
			"\nsftpgo_uploads_total ", "\nsftpgo_active_connections ", "\nprocess_resident_memory_bytes "} {
			if !strings.Contains(string(body), series) {
				t.Errorf("/metrics has no %q", strings.TrimSpace(series))
			}
		}
	})
}

// command sends an FTP command and returns the reply, whatever its code.
func command(t *testing.T, c *textproto.Conn, line string) (int, string) {
	t.Helper()
	if _, err := c.Cmd("%s", line); err != nil {
		t.Fatal(err)
	}
	code, msg, err := c.ReadResponse(0)
	if err != nil {
		t.Fatalf("%s: %v", strings.Fields(line)[0], err)
	}
	return code, msg
}

// startFTPS runs SFTPGo on the sftpgo.json the operator renders for an
// SFTPGo with FTPS enabled, its passive address 127.0.0.1 and passive ports
// free here, with host keys, the signing passphrase and an FTP certificate
// where the pods mount them.
func startFTPS(t *testing.T, bin, share string) *ftpsServer {
	t.Helper()
	dir := t.TempDir()
	first := freePortRun(t, passivePortCount)
	cfg := renderFTPConfig(t, first, passivePortCount)
	s := &ftpsServer{
		sftpgoServer:  &sftpgoServer{webAddr: freePort(t), sftpAddr: freePort(t)},
		ftpAddr:       freePort(t),
		telemetryAddr: freePort(t),
		dataDir:       filepath.Join(dir, "srv", "data"),
	}
	s.passiveFirst, s.passiveLast = passiveRange(t, cfg)
	localize(t, cfg, dir, s)
	writeKeys(t, filepath.Join(dir, "keys"))
	s.roots = writeCertificate(t, filepath.Join(dir, "ftp-tls"))
	// SQLite creates the database file, not its directory.
	if err := os.MkdirAll(filepath.Join(dir, "state"), 0o700); err != nil {
		t.Fatal(err)
	}
	writeJSON(t, filepath.Join(dir, sftpgoconfig.ConfigFileName), cfg)
	s.run(t, sftpgoCommand(bin, share, dir), dir, s.sftpAddr, s.ftpAddr)
	return s
}

// renderFTPConfig is the operator's sftpgo.json for the FTP fixture (FTPS,
// TLS Required) with PASV announcing 127.0.0.1 and count passive ports from
// first, defaulted and resolved as the controller does.
func renderFTPConfig(t *testing.T, first, count int32) map[string]any {
	t.Helper()
	in := fixtures.Instance(func(s *v1alpha1.SFTPGo) {
		fixtures.FTP(s)
		s.Spec.FTP.PassiveAddress = "127.0.0.1"
		s.Spec.FTP.PassivePorts = v1alpha1.FTPPassivePorts{Start: first, Count: count}
	}, fixtures.KubeFacts)
	rendered, err := sftpgoconfig.Render(in)
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]any
	if err := json.Unmarshal(rendered, &cfg); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// localize points the rendered config's container paths into dir and its
// listeners at s's loopback ports: what a pod has to itself (its mounts,
// its IP, fixed ports) a developer machine does not. The FTP settings under
// test (passive range and address, TLS mode, passive connection security)
// are left as rendered.
func localize(t *testing.T, cfg map[string]any, dir string, s *ftpsServer) {
	t.Helper()
	keysDir, tlsDir := filepath.Join(dir, "keys"), filepath.Join(dir, "ftp-tls")
	for path, value := range map[string]any{
		// The pods' volumes: the database's, the data claim, the keys
		// Secret and the FTP certificate Secret.
		"data_provider.name":                   filepath.Join(dir, "state", "sftpgo.db"),
		"data_provider.users_base_dir":         s.dataDir,
		"data_provider.backups_path":           filepath.Join(dir, "srv", "backups"),
		"httpd.signing_passphrase_file":        filepath.Join(keysDir, sftpgoconfig.SigningPassphraseKey),
		"sftpd.host_keys":                      hostKeyPaths(keysDir),
		"ftpd.bindings.0.certificate_file":     filepath.Join(tlsDir, "tls.crt"),
		"ftpd.bindings.0.certificate_key_file": filepath.Join(tlsDir, "tls.key"),
		// The pod has its network to itself and listens on all its
		// addresses at fixed ports; here only loopback, at ports free now.
		"httpd.bindings.0.address": "127.0.0.1",
		"httpd.bindings.0.port":    portNumber(s.webAddr),
		"sftpd.bindings.0.address": "127.0.0.1",
		"sftpd.bindings.0.port":    portNumber(s.sftpAddr),
		"ftpd.bindings.0.address":  "127.0.0.1",
		"ftpd.bindings.0.port":     portNumber(s.ftpAddr),
		"telemetry.bind_address":   "127.0.0.1",
		"telemetry.bind_port":      portNumber(s.telemetryAddr),
	} {
		patch(t, cfg, path, value)
	}
	checkLocalized(t, "", cfg)
}

// containerPaths are the directories the pods mount: after localize, no
// setting may point into them (a path the renderer newly writes would).
var containerPaths = []string{sftpgoconfig.ConfigDir, sftpgoconfig.KeysDir, sftpgoconfig.WebTLSDir,
	sftpgoconfig.FTPTLSDir, sftpgoconfig.DataDir, sftpgoconfig.StateDir}

// checkLocalized fails on any setting still in a container path.
func checkLocalized(t *testing.T, path string, v any) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		for k, sub := range v {
			checkLocalized(t, strings.TrimPrefix(path+"."+k, "."), sub)
		}
	case []any:
		for i, sub := range v {
			checkLocalized(t, path+"."+strconv.Itoa(i), sub)
		}
	case string:
		for _, p := range containerPaths {
			if strings.HasPrefix(v, p) {
				t.Fatalf("%s = %q is a container path the test does not localize", path, v)
			}
		}
	}
}

// patch sets the value at a dotted path (list entries by index) that the
// renderer wrote: a key it no longer writes fails instead of being added.
func patch(t *testing.T, cfg map[string]any, path string, value any) {
	t.Helper()
	segments := strings.Split(path, ".")
	leaf := segments[len(segments)-1]
	switch parent := lookup(cfg, segments[:len(segments)-1]).(type) {
	case map[string]any:
		if _, ok := parent[leaf]; ok {
			parent[leaf] = value
			return
		}
	case []any:
		if i, err := strconv.Atoi(leaf); err == nil && i >= 0 && i < len(parent) {
			parent[i] = value
			return
		}
	}
	t.Fatalf("the rendered sftpgo.json has no %s", path)
}

// lookup returns the value at path in a decoded JSON document, nil if
// there is none.
func lookup(node any, path []string) any {
	for _, seg := range path {
		switch n := node.(type) {
		case map[string]any:
			node = n[seg]
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(n) {
				return nil
			}
			node = n[i]
		default:
			return nil
		}
	}
	return node
}

func hostKeyPaths(dir string) []string {
	out := make([]string, 0, len(sftpgoconfig.HostKeyNames))
	for _, name := range sftpgoconfig.HostKeyNames {
		out = append(out, filepath.Join(dir, name))
	}
	return out
}

func portNumber(addr string) int {
	p, _ := strconv.Atoi(portOf(addr))
	return p
}

// passiveRange reads the rendered ftpd.passive_port_range, both ends
// included.
func passiveRange(t *testing.T, cfg map[string]any) (first, last int) {
	t.Helper()
	start, ok1 := lookup(cfg, []string{"ftpd", "passive_port_range", "start"}).(float64)
	end, ok2 := lookup(cfg, []string{"ftpd", "passive_port_range", "end"}).(float64)
	if !ok1 || !ok2 {
		t.Fatal("the rendered sftpgo.json has no ftpd.passive_port_range")
	}
	return int(start), int(end)
}

// freePortRun returns the first of n consecutive loopback ports that are
// free now, below Linux's ephemeral range so that freePort and outgoing
// connections do not take them meanwhile.
func freePortRun(t *testing.T, n int32) int32 {
	t.Helper()
	for range 50 {
		first := 20000 + mrand.Int32N(12000) //nolint:gosec // G404: a port to try, not a secret
		if portsFree(first, n) {
			return first
		}
	}
	t.Fatalf("no %d consecutive free ports found", n)
	return 0
}

func portsFree(first, n int32) bool {
	for p := first; p < first+n; p++ {
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(int(p))))
		if err != nil {
			return false
		}
		l.Close()
	}
	return true
}

// writeKeys writes what the operator puts in the `<name>-keys` Secret (host
// keys and signing passphrase) as its volume does, one file per key.
func writeKeys(t *testing.T, dir string) {
	t.Helper()
	data, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, value := range data {
		if err := os.WriteFile(filepath.Join(dir, name), value, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// writeCertificate writes a self-signed ECDSA certificate for 127.0.0.1
// as tls.crt and tls.key, as a kubernetes.io/tls Secret's volume holds
// them, and returns a pool that trusts it.
func writeCertificate(t *testing.T, dir string) *x509.CertPool {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "sftpgo-e2e"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:   time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, block := range map[string]*pem.Block{
		"tls.crt": {Type: "CERTIFICATE", Bytes: der},
		"tls.key": {Type: "PRIVATE KEY", Bytes: keyDER},
	} {
		if err := os.WriteFile(filepath.Join(dir, name), pem.EncodeToMemory(block), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	return roots
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
}

// tlsConfig verifies SFTPGo's certificate for the address clients dial.
func (s *ftpsServer) tlsConfig() *tls.Config {
	return &tls.Config{RootCAs: s.roots, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
}

// dialFTPS connects with explicit TLS (AUTH TLS) and PASV only (EPSV would
// not use the announced address), through dialer.
func (s *ftpsServer) dialFTPS(dialer *passiveDialer) (*ftp.ServerConn, error) {
	return ftp.Dial(s.ftpAddr,
		ftp.DialWithExplicitTLS(dialer.tls),
		ftp.DialWithDisabledEPSV(true),
		ftp.DialWithDialFunc(dialer.dial),
	)
}

// passiveDialer records the addresses of the data connections, which the
// client takes from SFTPGo's PASV replies. Given a dial function, the FTP
// client leaves TLS on data connections to it, so it adds TLS there; the
// control connection stays plain until the client's AUTH TLS. It bounds
// its dials itself: the client's DialWithTimeout applies to its own dialer
// only.
type passiveDialer struct {
	control string
	tls     *tls.Config
	data    []string
}

func (d *passiveDialer) dial(network, addr string) (net.Conn, error) {
	conn, err := net.DialTimeout(network, addr, 10*time.Second)
	if err != nil || addr == d.control {
		return conn, err
	}
	d.data = append(d.data, addr)
	return tls.Client(conn, d.tls), nil
}

// checkPassive fails unless there were want data connections, each to the
// announced 127.0.0.1 on a port in the rendered passive range.
func (s *ftpsServer) checkPassive(t *testing.T, dialed []string, want int) {
	t.Helper()
	if len(dialed) != want {
		t.Errorf("data connections = %q, want %d", dialed, want)
	}
	for _, addr := range dialed {
		host, port, _ := net.SplitHostPort(addr)
		p, _ := strconv.Atoi(port)
		if host != "127.0.0.1" || p < s.passiveFirst || p > s.passiveLast {
			t.Errorf("data connection to %s, want 127.0.0.1 on a port in %d-%d", addr, s.passiveFirst, s.passiveLast)
		}
	}
}

// retrieve downloads a file.
func retrieve(c *ftp.ServerConn, path string) ([]byte, error) {
	r, err := c.Retr(path)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(r)
	// Close reads the transfer's final reply.
	if cerr := r.Close(); err == nil {
		err = cerr
	}
	return data, err
}
