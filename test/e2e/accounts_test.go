// Package e2e runs the operator against the real SFTPGo. It needs a local
// SFTPGo build: SFTPGO_BIN (the binary) and SFTPGO_SHARE (its source tree,
// for the web templates, static files and OpenAPI schema), which
// DEVELOPERS.md says how to make; without them every test is skipped.
package e2e

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// sftpgoServer is a real SFTPGo process; its database and host keys are
// in dir, which a restart keeps.
type sftpgoServer struct {
	webAddr, sftpAddr, davAddr string
	cmd                        *exec.Cmd
}

// stop ends the process.
func (s *sftpgoServer) stop() {
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startSFTPGo runs SFTPGo with SQLite, loading the operator's admin from
// loadData at start as the operator's pods do (SFTPGO_LOADDATA_FROM, mode 0).
func startSFTPGo(t *testing.T, bin, share, dir string, loadData []byte) *sftpgoServer {
	t.Helper()
	dump := filepath.Join(dir, "operator-admin.json")
	if err := os.WriteFile(dump, loadData, 0o600); err != nil {
		t.Fatal(err)
	}
	s := &sftpgoServer{webAddr: freePort(t), sftpAddr: freePort(t), davAddr: freePort(t)}
	s.run(t, sftpgoCommand(bin, share, dir,
		"SFTPGO_DATA_PROVIDER__DRIVER=sqlite",
		"SFTPGO_DATA_PROVIDER__NAME="+filepath.Join(dir, "sftpgo.db"),
		"SFTPGO_DATA_PROVIDER__USERS_BASE_DIR="+filepath.Join(dir, "data"),
		"SFTPGO_DATA_PROVIDER__CREATE_DEFAULT_ADMIN=true",
		"SFTPGO_HTTPD__BINDINGS__0__ADDRESS=127.0.0.1", "SFTPGO_HTTPD__BINDINGS__0__PORT="+portOf(s.webAddr),
		"SFTPGO_SFTPD__BINDINGS__0__ADDRESS=127.0.0.1", "SFTPGO_SFTPD__BINDINGS__0__PORT="+portOf(s.sftpAddr),
		// WebDAV under the prefix the operator renders (spec.webdav).
		"SFTPGO_WEBDAVD__BINDINGS__0__ADDRESS=127.0.0.1", "SFTPGO_WEBDAVD__BINDINGS__0__PORT="+portOf(s.davAddr),
		"SFTPGO_WEBDAVD__BINDINGS__0__PREFIX="+resolve.WebDAVPrefix,
		"SFTPGO_LOADDATA_FROM="+dump, "SFTPGO_LOADDATA_MODE=0",
	), dir, s.sftpAddr)
	return s
}

func portOf(addr string) string { _, p, _ := net.SplitHostPort(addr); return p }

// sftpgoCommand is `sftpgo serve` on the configuration in dir (its
// sftpgo.json, if any, and env over it), logging to dir/sftpgo.log. The
// human's first admin comes from the environment, as the pods get it from
// the admin Secret; the web assets come from the source tree share.
func sftpgoCommand(bin, share, dir string, env ...string) *exec.Cmd {
	cmd := exec.Command(bin, "serve", "--config-dir", dir, "--log-file-path", filepath.Join(dir, "sftpgo.log"))
	cmd.Env = append(os.Environ(),
		"SFTPGO_DEFAULT_ADMIN_USERNAME=admin", "SFTPGO_DEFAULT_ADMIN_PASSWORD=human-admin-pass",
		"SFTPGO_HTTPD__TEMPLATES_PATH="+filepath.Join(share, "templates"),
		"SFTPGO_SMTP__TEMPLATES_PATH="+filepath.Join(share, "templates"),
		"SFTPGO_HTTPD__STATIC_FILES_PATH="+filepath.Join(share, "static"),
		"SFTPGO_HTTPD__OPENAPI_PATH="+filepath.Join(share, "openapi"),
	)
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd
}

// run starts cmd, stops it when the test ends, and waits until the web
// binding answers and every one of listeners accepts connections: the SFTP
// listener, for one, comes up after SFTPGo has generated its host keys. The
// log in dir tells why SFTPGo did not start.
func (s *sftpgoServer) run(t *testing.T, cmd *exec.Cmd, dir string, listeners ...string) {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s.cmd = cmd
	t.Cleanup(s.stop)
	deadline := time.Now().Add(60 * time.Second)
	for {
		err := s.listening(listeners)
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "sftpgo.log"))
			t.Fatalf("SFTPGo did not start: %v\n%s", err, log)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// listening reports why SFTPGo is not serving yet: its web binding's
// health check or one of listeners.
func (s *sftpgoServer) listening(listeners []string) error {
	resp, err := http.Get("http://" + s.webAddr + "/healthz")
	if err != nil {
		return err
	}
	resp.Body.Close()
	for _, addr := range listeners {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			return err
		}
		conn.Close()
	}
	return nil
}

// sshLogin reports whether SFTPGo accepts the credentials over SSH.
func (s *sftpgoServer) sshLogin(user string, auth ssh.AuthMethod) error {
	c, err := ssh.Dial("tcp", s.sftpAddr, &ssh.ClientConfig{
		User: user, Auth: []ssh.AuthMethod{auth}, Timeout: 10 * time.Second,
		HostKeyCallback: ssh.InsecureIgnoreHostKey(), //nolint:gosec // a throwaway local test server
	})
	if err != nil {
		return err
	}
	return c.Close()
}

// mkdir creates a directory as the user through the user REST API and
// returns the HTTP status.
func (s *sftpgoServer) mkdir(t *testing.T, user, password, path string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://"+s.webAddr+"/api/v2/user/token", nil)
	req.SetBasicAuth(user, password)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var token struct {
		AccessToken string `json:"access_token"`
	}
	err = jsonDecode(resp, &token)
	if err != nil || token.AccessToken == "" {
		t.Fatalf("user token for %s: %v (status %d)", user, err, resp.StatusCode)
	}
	req, _ = http.NewRequest(http.MethodPost, "http://"+s.webAddr+"/api/v2/user/dirs?mkdir_parents=true&path="+path, nil)
	req.Header.Set("Authorization", "Bearer "+token.AccessToken)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// sftpgoBuild returns the local SFTPGo build's binary and source tree, and
// skips the test without them.
func sftpgoBuild(t *testing.T) (bin, share string) {
	t.Helper()
	bin, share = os.Getenv("SFTPGO_BIN"), os.Getenv("SFTPGO_SHARE")
	if bin == "" || share == "" {
		t.Skip("SFTPGO_BIN and SFTPGO_SHARE are not set: the end-to-end tier needs a local SFTPGo build (DEVELOPERS.md)")
	}
	return bin, share
}

func TestAccountsAgainstTheRealSFTPGo(t *testing.T) {
	bin, share := sftpgoBuild(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := startOperatorEnv(ctx, t)
	k8s := e.k8s
	var sftpgo *sftpgoServer

	must(t, k8s.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "e2e"}}))
	s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: "e2e"}}
	must(t, k8s.Create(ctx, s))

	t.Log("SFTPGo starts with the operator's admin from the Secret the operator generated")
	var admin corev1.Secret
	eventually(t, func() error {
		return k8s.Get(ctx, client.ObjectKey{Namespace: "e2e", Name: "files-operator-admin"}, &admin)
	})
	dir := t.TempDir()
	sftpgo = startSFTPGo(t, bin, share, dir, admin.Data["operator-admin.json"])
	e.serve(sftpgo)
	markAvailable(ctx, t, k8s)

	t.Log("a group that makes /readonly read-only, a user in it with a password and a key")
	key := newKey(t)
	must(t, k8s.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "alice-login", Namespace: "e2e"},
		StringData: map[string]string{"password": "first-Pass-123"}}))
	group := &v1alpha1.SFTPGoGroup{ObjectMeta: metav1.ObjectMeta{Name: "readers", Namespace: "e2e"},
		Spec: v1alpha1.SFTPGoGroupSpec{Server: v1alpha1.ServerReference{Name: "files"}}}
	group.Spec.Permissions = map[string]v1alpha1.PermissionList{"/readonly": {"list", "download"}}
	must(t, k8s.Create(ctx, group))
	user := &v1alpha1.SFTPGoUser{ObjectMeta: metav1.ObjectMeta{Name: "alice", Namespace: "e2e"},
		Spec: v1alpha1.SFTPGoUserSpec{
			Server:         v1alpha1.ServerReference{Name: "files"},
			PasswordSecret: &v1alpha1.SecretKeyReference{SecretReference: v1alpha1.SecretReference{Name: "alice-login"}},
			PublicKeys:     []string{strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key.PublicKey())))},
			Groups:         []v1alpha1.UserGroup{{Name: "readers", Type: v1alpha1.GroupTypeSecondary}},
		}}
	must(t, k8s.Create(ctx, user))
	synced(ctx, t, k8s, user)

	if err := sftpgo.sshLogin("alice", ssh.Password("first-Pass-123")); err != nil {
		t.Errorf("password login: %v", err)
	}
	if err := sftpgo.sshLogin("alice", ssh.PublicKeys(key)); err != nil {
		t.Errorf("key login: %v", err)
	}
	if code := sftpgo.mkdir(t, "alice", "first-Pass-123", "/mine"); code != http.StatusCreated {
		t.Errorf("mkdir /mine = %d, want 201", code)
	}
	if code := sftpgo.mkdir(t, "alice", "first-Pass-123", "/readonly/x"); code != http.StatusForbidden {
		t.Errorf("mkdir /readonly/x = %d, want 403: the group's permission does not apply", code)
	}

	if code := sftpgo.davPut(t, "alice", "first-Pass-123", "/mine/hello.txt"); code != http.StatusCreated {
		t.Errorf("WebDAV upload with basic auth = %d, want 201", code)
	}

	t.Log("a rotated password works, the old one fails")
	var login corev1.Secret
	must(t, k8s.Get(ctx, client.ObjectKey{Namespace: "e2e", Name: "alice-login"}, &login))
	login.Data = map[string][]byte{"password": []byte("second-Pass-456")}
	must(t, k8s.Update(ctx, &login))
	eventually(t, func() error { return sftpgo.sshLogin("alice", ssh.Password("second-Pass-456")) })
	if err := sftpgo.sshLogin("alice", ssh.Password("first-Pass-123")); err == nil {
		t.Error("the old password still works")
	}

	t.Log("the operator's admin deleted in SFTPGo comes back at the next start, and accounts apply again")
	if code := sftpgo.asAdmin(t, http.MethodDelete, "/api/v2/admins/sftpgo-operator", nil); code != http.StatusOK {
		t.Fatalf("deleting the operator's admin as the human admin = %d", code)
	}
	sftpgo.stop()
	sftpgo = startSFTPGo(t, bin, share, dir, admin.Data["operator-admin.json"])
	e.serve(sftpgo)
	must(t, k8s.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "bob-login", Namespace: "e2e"},
		StringData: map[string]string{"password": "bob-Pass-789"}}))
	bob := &v1alpha1.SFTPGoUser{ObjectMeta: metav1.ObjectMeta{Name: "bob", Namespace: "e2e"},
		Spec: v1alpha1.SFTPGoUserSpec{Server: v1alpha1.ServerReference{Name: "files"},
			PasswordSecret: &v1alpha1.SecretKeyReference{SecretReference: v1alpha1.SecretReference{Name: "bob-login"}}}}
	must(t, k8s.Create(ctx, bob))
	synced(ctx, t, k8s, bob)
	if err := sftpgo.sshLogin("bob", ssh.Password("bob-Pass-789")); err != nil {
		t.Errorf("bob's password login: %v", err)
	}

	t.Log("an admin with a role: its token names the role, and SFTPGo gives it to the users it creates")
	if code := sftpgo.asAdmin(t, http.MethodPost, "/api/v2/roles", map[string]any{"name": "team-a"}); code != http.StatusCreated {
		t.Fatalf("creating role team-a = %d", code)
	}
	if code := sftpgo.asAdmin(t, http.MethodPost, "/api/v2/admins", map[string]any{"username": "team-admin",
		"password": "team-Pass-1", "status": 1, "role": "team-a",
		"permissions": []string{"add_users", "edit_users", "del_users", "view_users"}}); code != http.StatusCreated {
		t.Fatalf("creating admin team-admin = %d", code)
	}
	teamAdmin, err := sftpgoapi.New(sftpgoapi.Config{URL: "http://" + sftpgo.webAddr, Username: "team-admin", Password: "team-Pass-1"})
	must(t, err)
	if role, err := teamAdmin.ForcedRole(ctx); err != nil || role != "team-a" {
		t.Errorf("ForcedRole = %q, %v; want team-a", role, err)
	}
	created, err := teamAdmin.CreateUser(ctx, &sftpgoapi.User{Username: "carol", Status: sftpgoapi.StatusEnabled,
		Password: "carol-Pass-1", Permissions: sftpgoapi.Permissions{"/": {"*"}}})
	switch {
	case err != nil:
		t.Errorf("a user created by the role admin: %v", err)
	case created.Role != "team-a":
		t.Errorf("a user created by the role admin without a role has role %q; want team-a", created.Role)
	}

	t.Log("deleting the resource removes the account")
	must(t, k8s.Delete(ctx, user))
	eventually(t, func() error {
		if err := sftpgo.sshLogin("alice", ssh.PublicKeys(key)); err == nil {
			return fmt.Errorf("alice can still log in")
		}
		return nil
	})
}

// davPut uploads a small file over WebDAV with basic auth and returns the
// status.
func (s *sftpgoServer) davPut(t *testing.T, user, password, path string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPut, "http://"+s.davAddr+resolve.WebDAVPrefix+path, strings.NewReader("hello"))
	req.SetBasicAuth(user, password)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// asAdmin sends a request as the human's first admin, with body (if not
// nil) as JSON, and returns the status.
func (s *sftpgoServer) asAdmin(t *testing.T, method, path string, body any) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://"+s.webAddr+"/api/v2/token", nil)
	req.SetBasicAuth("admin", "human-admin-pass")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var token struct {
		AccessToken string `json:"access_token"`
	}
	if err := jsonDecode(resp, &token); err != nil || token.AccessToken == "" {
		t.Fatalf("admin token: %v (status %d)", err, resp.StatusCode)
	}
	var content bytes.Buffer
	if body != nil {
		if err := json.NewEncoder(&content).Encode(body); err != nil {
			t.Fatal(err)
		}
	}
	req, _ = http.NewRequest(method, "http://"+s.webAddr+path, &content)
	req.Header.Set("Authorization", "Bearer "+token.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func markAvailable(ctx context.Context, t *testing.T, k8s client.Client) {
	t.Helper()
	var d appsv1.Deployment
	eventually(t, func() error { return k8s.Get(ctx, client.ObjectKey{Namespace: "e2e", Name: "files"}, &d) })
	d.Status.ObservedGeneration = d.Generation
	d.Status.Replicas, d.Status.UpdatedReplicas, d.Status.ReadyReplicas, d.Status.AvailableReplicas = 1, 1, 1, 1
	if err := k8s.Status().Update(ctx, &d); err != nil {
		t.Fatal(err)
	}
}

func synced(ctx context.Context, t *testing.T, k8s client.Client, res client.Object) {
	t.Helper()
	eventually(t, func() error {
		if err := k8s.Get(ctx, client.ObjectKeyFromObject(res), res); err != nil {
			return err
		}
		acc := res.(interface {
			AccountStatus() *v1alpha1.AccountStatus
		})
		c := meta.FindStatusCondition(acc.AccountStatus().Conditions, v1alpha1.ConditionReady)
		if c == nil || c.Reason != v1alpha1.ReasonSynced {
			return fmt.Errorf("not synced: %+v", c)
		}
		return nil
	})
}

func eventually(t *testing.T, f func() error) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := f()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func newKey(t *testing.T) ssh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer
}
