package sftpgoapi_test

import (
	"fmt"
	"testing"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi/fake"
)

func TestListPages(t *testing.T) {
	tests := []struct {
		objects, requests int
	}{
		{0, 1}, {1, 1}, {499, 1}, {500, 2}, {501, 2}, {999, 2}, {1000, 3}, {1001, 3},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.objects), func(t *testing.T) {
			srv := newFake(t)
			for i := range tt.objects {
				srv.PutUser(*testUser(fmt.Sprintf("user%04d", i)))
			}
			c, obs := newClient(t, srv, nil)
			users, err := c.ListUsers(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(users) != tt.objects {
				t.Fatalf("%d users, want %d", len(users), tt.objects)
			}
			for i, u := range users {
				if want := fmt.Sprintf("user%04d", i); u.Username != want || u.Password != "" || !u.HasPassword {
					t.Fatalf("users[%d] = %s (password %q, has %v), want %s", i, u.Username, u.Password, u.HasPassword, want)
				}
			}
			if got := obs.count("GET /api/v2/users"); got != tt.requests {
				t.Errorf("%d list requests, want %d", got, tt.requests)
			}
			if got := srv.Requests()["GET /api/v2/users"]; got != tt.requests {
				t.Errorf("the fake saw %d list requests, want %d", got, tt.requests)
			}
		})
	}
}

func TestListOtherKindsPage(t *testing.T) {
	srv := newFake(t)
	for i := range 500 {
		name := fmt.Sprintf("n%03d", i)
		srv.PutGroup(sftpgoapi.Group{Name: name})
		srv.PutFolder(sftpgoapi.Folder{Name: name, MappedPath: "/d/" + name})
		if i < 499 { // with the operator's admin, 500 admins
			srv.PutAdmin(sftpgoapi.Admin{Status: 1, Username: name, Password: "pw-" + name, Permissions: []string{"*"}})
		}
	}
	c, obs := newClient(t, srv, nil)
	groups, err := c.ListGroups(ctx)
	if err != nil || len(groups) != 500 {
		t.Fatalf("groups: %d %v", len(groups), err)
	}
	folders, err := c.ListFolders(ctx)
	if err != nil || len(folders) != 500 {
		t.Fatalf("folders: %d %v", len(folders), err)
	}
	admins, err := c.ListAdmins(ctx)
	if err != nil || len(admins) != 500 {
		t.Fatalf("admins: %d %v", len(admins), err)
	}
	for _, route := range []string{"/api/v2/groups", "/api/v2/folders", "/api/v2/admins"} {
		if got := obs.count("GET " + route); got != 2 {
			t.Errorf("%s: %d requests, want 2", route, got)
		}
	}
	if names := srv.Names(fake.KindAdmin); len(names) != 500 {
		t.Errorf("%d admins", len(names))
	}
}
