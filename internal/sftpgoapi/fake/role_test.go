package fake_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi/fake"
)

// newRoleAPI returns an api whose admin "support" has role team-a, on a
// fake that also holds users of role team-b and of no role.
func newRoleAPI(t *testing.T) *api {
	t.Helper()
	srv := fake.New()
	t.Cleanup(srv.Close)
	srv.AddRoleAdmin("support", "support-Passw0rd", "team-a")
	for name, role := range map[string]string{"a1": "team-a", "b1": "team-b", "n1": ""} {
		srv.PutUser(sftpgoapi.User{Username: name, Status: 1, Role: role, Permissions: sftpgoapi.Permissions{"/": {"*"}}})
	}
	return apiAs(t, srv, "support", "support-Passw0rd")
}

func TestRoleAdminTokenCarriesItsRole(t *testing.T) {
	a := newRoleAPI(t)
	parts := strings.Split(a.token, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q is not a compact JWS", a.token)
	}
	data, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims struct {
		Username    string   `json:"username"`
		Role        string   `json:"role"`
		Permissions []string `json:"permissions"`
	}
	if err := json.Unmarshal(data, &claims); err != nil {
		t.Fatal(err)
	}
	if claims.Username != "support" || claims.Role != "team-a" || len(claims.Permissions) == 0 {
		t.Errorf("claims %+v", claims)
	}
}

func TestRoleAdminForcesItsRoleOnUsers(t *testing.T) {
	a := newRoleAPI(t)
	role := func(name string) string {
		u, ok := a.srv.User(name)
		if !ok {
			t.Fatalf("user %s missing", name)
		}
		return u.Role
	}

	// Created without a role, or with another one: the admin's.
	text := a.expect(http.MethodPost, "/api/v2/users", fmt.Sprintf(userJSON, "new1", "new1"), http.StatusCreated, "")
	if !strings.Contains(text, `"role":"team-a"`) {
		t.Errorf("POST answer without the forced role: %s", text)
	}
	a.expect(http.MethodPost, "/api/v2/users",
		`{"username":"new2","status":1,"role":"team-b","permissions":{"/":["*"]}}`, http.StatusCreated, "")
	if role("new1") != "team-a" || role("new2") != "team-a" {
		t.Errorf("roles %q %q, want team-a", role("new1"), role("new2"))
	}

	// Updated with another role: the admin's again.
	a.expect(http.MethodPut, "/api/v2/users/a1",
		`{"username":"a1","status":1,"role":"team-b","permissions":{"/":["*"]}}`, http.StatusOK, "")
	a.expect(http.MethodPut, "/api/v2/users/new1", `{"username":"new1","status":1,"permissions":{"/":["*"]}}`,
		http.StatusOK, "")
	if role("a1") != "team-a" || role("new1") != "team-a" {
		t.Errorf("roles %q %q after update, want team-a", role("a1"), role("new1"))
	}

	// Users of another role, or of none, do not exist for it.
	for _, name := range []string{"b1", "n1"} {
		a.expect(http.MethodGet, "/api/v2/users/"+name, "", http.StatusNotFound, "")
		a.expect(http.MethodPut, "/api/v2/users/"+name,
			`{"username":"`+name+`","status":1,"permissions":{"/":["*"]}}`, http.StatusNotFound, "")
		a.expect(http.MethodDelete, "/api/v2/users/"+name, "", http.StatusNotFound, "")
		if role(name) == "team-a" {
			t.Errorf("user %s of another role was changed", name)
		}
	}
	var listed []sftpgoapi.User
	if err := json.Unmarshal([]byte(a.expect(http.MethodGet, "/api/v2/users", "", http.StatusOK, "")), &listed); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range listed {
		names = append(names, u.Username)
	}
	if strings.Join(names, ",") != "a1,new1,new2" {
		t.Errorf("listed %v, want a1 new1 new2", names)
	}
	a.expect(http.MethodGet, "/api/v2/users/a1", "", http.StatusOK, "")
	a.expect(http.MethodDelete, "/api/v2/users/new2", "", http.StatusOK, "")
}
