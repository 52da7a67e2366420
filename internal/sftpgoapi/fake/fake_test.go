package fake_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi/fake"
)

// api sends raw requests to a fake with a token of its admin.
type api struct {
	t     *testing.T
	srv   *fake.Server
	token string
}

func newAPI(t *testing.T) *api {
	t.Helper()
	srv := fake.New()
	t.Cleanup(srv.Close)
	srv.AddAdmin("root", "root-Passw0rd")
	return apiAs(t, srv, "root", "root-Passw0rd")
}

// apiAs returns an api with a token of the admin username of srv.
func apiAs(t *testing.T, srv *fake.Server, username, password string) *api {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v2/token", nil)
	req.SetBasicAuth(username, password)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
		ExpiresAt   string `json:"expires_at"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || resp.StatusCode != 200 || tok.ExpiresAt == "" {
		t.Fatalf("token: %d %v %+v", resp.StatusCode, err, tok)
	}
	return &api{t: t, srv: srv, token: tok.AccessToken}
}

// do sends a request and returns the status and body.
func (a *api) do(method, path, body string) (int, string) {
	a.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, a.srv.URL+path, r)
	req.Header.Set("Authorization", "Bearer "+a.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(bytes.TrimSpace(data))
}

func (a *api) expect(method, path, body string, status int, answer string) string {
	a.t.Helper()
	got, text := a.do(method, path, body)
	if got != status || (answer != "" && text != answer) {
		a.t.Fatalf("%s %s: %d %s, want %d %s", method, path, got, text, status, answer)
	}
	return text
}

const userJSON = `{"username":"%s","status":1,"password":"pw-%s","permissions":{"/":["*"]}}`

func TestListParameters(t *testing.T) {
	a := newAPI(t)
	for i := range 620 {
		a.srv.PutUser(sftpgoapi.User{Username: fmt.Sprintf("u%03d", i), Status: 1, Permissions: sftpgoapi.Permissions{"/": {"*"}}})
	}
	count := func(path string) (int, string) {
		text := a.expect(http.MethodGet, path, "", 200, "")
		var users []sftpgoapi.User
		if err := json.Unmarshal([]byte(text), &users); err != nil {
			t.Fatal(err)
		}
		if len(users) == 0 {
			return 0, ""
		}
		return len(users), users[0].Username
	}
	tests := []struct {
		query string
		n     int
		first string
	}{
		{"", 100, "u000"},                      // default limit
		{"?limit=1000", 500, "u000"},           // capped, not refused
		{"?limit=500&offset=500", 120, "u500"}, // last page
		{"?limit=10&offset=700", 0, ""},        // past the end
		{"?limit=0", 0, ""},                    // nothing
		{"?limit=5&order=DESC", 5, "u619"},     // reversed
		{"?limit=5&offset=-3", 5, "u000"},      // negative offset
	}
	for _, tt := range tests {
		if n, first := count("/api/v2/users" + tt.query); n != tt.n || first != tt.first {
			t.Errorf("%s: %d users from %q, want %d from %q", tt.query, n, first, tt.n, tt.first)
		}
	}
	a.expect(http.MethodGet, "/api/v2/users?limit=x", "", 400, `{"error":"invalid limit","message":""}`)
	a.expect(http.MethodGet, "/api/v2/users?offset=x", "", 400, `{"error":"invalid offset","message":""}`)
	a.expect(http.MethodGet, "/api/v2/users?order=UP", "", 400, `{"error":"invalid order","message":""}`)
	a.expect(http.MethodGet, "/api/v2/groups", "", 200, `[]`)
}

func TestAnswersNeverHoldPasswordsOrSecretKeys(t *testing.T) {
	a := newAPI(t)
	a.expect(http.MethodPost, "/api/v2/users", `{"username":"u1","status":1,"password":"Sekr1t-user-pw","permissions":{"/":["*"]},
		"filesystem":{"provider":1,"s3config":{"bucket":"b","region":"r","access_key":"k","access_secret":{"status":"Plain","payload":"Sekr1t-s3"}}}}`,
		201, "")
	a.expect(http.MethodPost, "/api/v2/admins", `{"username":"a1","status":1,"password":"Sekr1t-admin-pw","permissions":["*"]}`, 201, "")
	for _, path := range []string{"/api/v2/users", "/api/v2/users/u1", "/api/v2/admins", "/api/v2/admins/a1"} {
		text := a.expect(http.MethodGet, path, "", 200, "")
		for _, s := range []string{"Sekr1t", `"password"`, `"key"`, "additional_data"} {
			if strings.Contains(text, s) {
				t.Errorf("%s shows %s: %s", path, s, text)
			}
		}
	}
	text := a.expect(http.MethodGet, "/api/v2/users/u1", "", 200, "")
	if !strings.Contains(text, `"has_password":true`) || !strings.Contains(text, `"status":"AES-256-GCM"`) {
		t.Errorf("GET user: %s", text)
	}
	// The stored secret has its key, and decodes to what was sent.
	u, _ := a.srv.User("u1")
	if s := u.Filesystem.S3Config.AccessSecret; s.Key == "" || s.AdditionalData != "u1" {
		t.Errorf("stored secret %+v", *s)
	} else if v, ok := fake.SecretValue(s); !ok || v != "Sekr1t-s3" {
		t.Errorf("SecretValue %q %v", v, ok)
	}
}

func TestUserPutSemantics(t *testing.T) {
	a := newAPI(t)
	a.expect(http.MethodPost, "/api/v2/users", fmt.Sprintf(userJSON, "u1", "u1"), 201, "")
	a.expect(http.MethodPut, "/api/v2/users/u1?disconnect=x", `{}`, 400,
		`{"error":"invalid disconnect parameter: strconv.Atoi: parsing \"x\": invalid syntax","message":""}`)
	a.expect(http.MethodPut, "/api/v2/users/nobody", `{}`, 404, `{"error":"Not Found","message":""}`)
	a.expect(http.MethodPut, "/api/v2/users/u1", `{"status":1}`, 400, "")
	// Without a password member the password is kept; the body's username
	// is ignored.
	a.expect(http.MethodPut, "/api/v2/users/u1?disconnect=1", `{"username":"other","status":1,"permissions":{"/":["list"]}}`,
		200, `{"message":"User updated"}`)
	if !a.srv.CheckUserPassword("u1", "pw-u1") {
		t.Error("password not kept")
	}
	if d, ok := a.srv.LastDisconnect("u1"); !ok || d != 1 {
		t.Errorf("disconnect %d %v", d, ok)
	}
	if names := a.srv.Names(fake.KindUser); len(names) != 1 || names[0] != "u1" {
		t.Errorf("users %v", names)
	}
	// "password": "" clears it, as SFTPGo does.
	a.expect(http.MethodPut, "/api/v2/users/u1", `{"status":1,"password":"","permissions":{"/":["*"]}}`, 200, "")
	if _, ok := a.srv.Password(fake.KindUser, "u1"); ok {
		t.Error("password not cleared")
	}
	if text := a.expect(http.MethodGet, "/api/v2/users/u1", "", 200, ""); strings.Contains(text, "has_password") {
		t.Errorf("GET %s", text)
	}
	if d, _ := a.srv.LastDisconnect("u1"); d != 0 {
		t.Errorf("disconnect %d", d)
	}
	// Duplicate and missing objects.
	a.expect(http.MethodPost, "/api/v2/users", fmt.Sprintf(userJSON, "u1", "u1"), 409,
		`{"error":"duplicated key not allowed: UNIQUE constraint failed: users.username","message":""}`)
	a.expect(http.MethodDelete, "/api/v2/users/nobody", "", 404, `{"error":"Not Found","message":""}`)
	a.expect(http.MethodGet, "/api/v2/nothing", "", 404, `{"message":"Not Found"}`)
}

func TestAuthentication(t *testing.T) {
	a := newAPI(t)
	req, _ := http.NewRequest(http.MethodGet, a.srv.URL+"/api/v2/users", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("without token: %d", resp.StatusCode)
	}
	a.srv.ExpireTokens()
	a.expect(http.MethodGet, "/api/v2/users", "", 401, "")
	req, _ = http.NewRequest(http.MethodGet, a.srv.URL+"/api/v2/token", nil)
	req.SetBasicAuth("root", "wrong")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("wrong password: %d", resp.StatusCode)
	}
	if got := a.srv.Requests()["GET /api/v2/token"]; got != 2 {
		t.Errorf("%d token requests", got)
	}
}

func TestCountersAndSwitches(t *testing.T) {
	a := newAPI(t)
	a.expect(http.MethodPost, "/api/v2/groups", `{"name":"g"}`, 201, "")
	a.expect(http.MethodPut, "/api/v2/groups/g", `{"description":"d"}`, 200, `{"message":"Group updated"}`)
	a.expect(http.MethodDelete, "/api/v2/groups/nope", "", 404, "")
	a.expect(http.MethodGet, "/api/v2/groups/g", "", 200, "")
	if w := a.srv.Writes(); w != 3 {
		t.Errorf("%d writes, want 3", w)
	}
	want := map[string]int{
		"GET /api/v2/token": 1, "POST /api/v2/groups": 1, "PUT /api/v2/groups/{name}": 1,
		"DELETE /api/v2/groups/{name}": 1, "GET /api/v2/groups/{name}": 1,
	}
	got := a.srv.Requests()
	if len(got) != len(want) {
		t.Errorf("requests %v", got)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d, want %d", k, got[k], n)
		}
	}
	a.srv.ResetCounters()
	if len(a.srv.Requests()) != 0 || a.srv.Writes() != 0 {
		t.Error("not reset")
	}
	a.srv.SetDown(true)
	a.expect(http.MethodGet, "/api/v2/groups", "", 503, "")
	a.srv.SetDown(false)
	a.srv.SetUnreachable(true)
	req, _ := http.NewRequest(http.MethodGet, a.srv.URL+"/api/v2/groups", nil)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Errorf("unreachable answered %d", resp.StatusCode)
	}
	a.srv.SetUnreachable(false)
	a.expect(http.MethodGet, "/api/v2/groups", "", 200, "")
}

func TestReferencesAndCascades(t *testing.T) {
	a := newAPI(t)
	a.expect(http.MethodPost, "/api/v2/users", `{"username":"u","status":1,"permissions":{"/":["*"]},"groups":[{"name":"g","type":2}]}`,
		500, `{"error":"NOT NULL constraint failed: users_groups_mapping.group_id","message":""}`)
	a.expect(http.MethodPost, "/api/v2/users", `{"username":"u","status":1,"permissions":{"/":["*"]},"virtual_folders":[{"name":"f","virtual_path":"/f"}]}`,
		500, `{"error":"NOT NULL constraint failed: users_folders_mapping.folder_id","message":""}`)
	a.expect(http.MethodPost, "/api/v2/folders", `{"name":"f"}`, 400, `{"error":"Validation error: invalid folder mapped path \"\"","message":""}`)
	a.expect(http.MethodPost, "/api/v2/folders", `{"name":"f","mapped_path":"/data/f"}`, 201, "")
	a.expect(http.MethodPost, "/api/v2/groups", `{"name":"g","virtual_folders":[{"name":"f","virtual_path":"/gf"}]}`, 201, "")
	a.expect(http.MethodPost, "/api/v2/users", `{"username":"u","status":1,"permissions":{"/":["*"]},"groups":[{"name":"g","type":2}],
		"virtual_folders":[{"name":"f","virtual_path":"/f"}]}`, 201, "")
	folder := a.expect(http.MethodGet, "/api/v2/folders/f", "", 200, "")
	if !strings.Contains(folder, `"users":["u"]`) || !strings.Contains(folder, `"groups":["g"]`) {
		t.Errorf("folder %s", folder)
	}
	a.expect(http.MethodDelete, "/api/v2/groups/g", "", 400,
		`{"error":"Validation error: the group \"g\" is referenced, it cannot be removed","message":""}`)
	a.expect(http.MethodDelete, "/api/v2/folders/f", "", 200, `{"message":"Folder deleted"}`)
	if u, _ := a.srv.User("u"); len(u.VirtualFolders) != 0 {
		t.Errorf("user still mounts %v", u.VirtualFolders)
	}
	if g, _ := a.srv.Group("g"); len(g.VirtualFolders) != 0 {
		t.Errorf("group still mounts %v", g.VirtualFolders)
	}
	a.expect(http.MethodDelete, "/api/v2/users/u", "", 200, `{"message":"User deleted"}`)
	a.expect(http.MethodDelete, "/api/v2/groups/g", "", 200, `{"message":"Group deleted"}`)
	a.expect(http.MethodDelete, "/api/v2/admins/root", "", 400, `{"error":"you cannot delete yourself","message":""}`)
}

func TestConcurrentUse(t *testing.T) {
	a := newAPI(t)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			name := fmt.Sprintf("c%02d", i)
			if status, text := a.do(http.MethodPost, "/api/v2/users", fmt.Sprintf(userJSON, name, name)); status != 201 {
				t.Errorf("POST %s: %d %s", name, status, text)
			}
			a.do(http.MethodGet, "/api/v2/users", "")
			a.srv.PutGroup(sftpgoapi.Group{Name: name})
			_ = a.srv.Requests()
		})
	}
	wg.Wait()
	if n := len(a.srv.Names(fake.KindUser)); n != 16 {
		t.Errorf("%d users", n)
	}
	if n := a.srv.Requests()["POST /api/v2/users"]; n != 16 {
		t.Errorf("%d POSTs", n)
	}
}
