package sftpgoapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi/fake"
)

func TestUserLifecycle(t *testing.T) {
	ctx := context.Background()
	srv := newFake(t)
	c, obs := newClient(t, srv, nil)

	if _, err := c.CreateGroup(ctx, &sftpgoapi.Group{Name: "staff"}); err != nil {
		t.Fatalf("CreateGroup: %v", err)
	}
	if _, err := c.CreateFolder(ctx, &sftpgoapi.Folder{Name: "shared", MappedPath: "/srv/shared"}); err != nil {
		t.Fatalf("CreateFolder: %v", err)
	}
	u := testUser("alice")
	u.Email = "alice@example.com"
	u.Groups = []sftpgoapi.GroupMapping{{Name: "staff", Type: sftpgoapi.GroupTypePrimary}}
	u.VirtualFolders = []sftpgoapi.VirtualFolder{{Name: "shared", VirtualPath: "/shared", QuotaSize: -1, QuotaFiles: -1}}
	u.Filters.DeniedProtocols = []string{"FTP"}
	created, err := c.CreateUser(ctx, u)
	if err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	if created.ID != 1 || created.Password != "" || !created.HasPassword || created.HomeDir != "/srv/sftpgo/data/alice" ||
		created.Email != "alice@example.com" || created.Filters.DeniedProtocols[0] != "FTP" {
		t.Errorf("created %+v", created)
	}
	if vf := created.VirtualFolders; len(vf) != 1 || string(vf[0].Extra["mapped_path"]) != `"/srv/shared"` {
		t.Errorf("virtual folders %+v", vf)
	}
	if pw, _ := srv.Password(fake.KindUser, "alice"); pw != u.Password || !srv.CheckUserPassword("alice", u.Password) {
		t.Errorf("stored password %q", pw)
	}

	got, err := c.GetUser(ctx, "alice")
	if err != nil {
		t.Fatalf("GetUser: %v", err)
	}
	if got.ID != created.ID || got.Password != "" || !got.HasPassword || got.Groups[0].Name != "staff" {
		t.Errorf("got %+v", got)
	}

	// Someone adds a filter the operator does not model, in the web admin.
	stored, _ := srv.User("alice")
	if stored.Filters.Extra == nil {
		stored.Filters.Extra = sftpgoapi.Extra{}
	}
	stored.Filters.Extra["file_patterns"] = json.RawMessage(`[{"path":"/","denied_patterns":["*.exe"]}]`)
	srv.PutUser(*stored)

	// The operator's read-modify-write keeps it, and the password.
	live, err := c.GetUser(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	live.QuotaFiles = 10
	if err := c.UpdateUser(ctx, live, true); err != nil {
		t.Fatalf("UpdateUser: %v", err)
	}
	after, _ := srv.User("alice")
	if after.QuotaFiles != 10 || string(after.Filters.Extra["file_patterns"]) != `[{"path":"/","denied_patterns":["*.exe"]}]` {
		t.Errorf("after update %+v, filters extra %s", after, after.Filters.Extra)
	}
	if d, ok := srv.LastDisconnect("alice"); !ok || d != 1 {
		t.Errorf("disconnect %d %v", d, ok)
	}
	if !srv.CheckUserPassword("alice", u.Password) {
		t.Error("an update without password changed it")
	}

	// A new password replaces it.
	live.Password = "changed-Passw0rd"
	if err := c.UpdateUser(ctx, live, false); err != nil {
		t.Fatal(err)
	}
	if !srv.CheckUserPassword("alice", "changed-Passw0rd") || srv.CheckUserPassword("alice", u.Password) {
		t.Error("the password was not replaced")
	}
	if d, _ := srv.LastDisconnect("alice"); d != 0 {
		t.Errorf("disconnect %d", d)
	}

	// A PUT replaces: what is left out is reset.
	bare := testUser("alice")
	bare.Password = ""
	if err := c.UpdateUser(ctx, bare, false); err != nil {
		t.Fatal(err)
	}
	after, _ = srv.User("alice")
	if after.Email != "" || len(after.Groups) != 0 || len(after.VirtualFolders) != 0 || after.Filters.Extra["file_patterns"] != nil {
		t.Errorf("not replaced: %+v", after)
	}

	list, err := c.ListUsers(ctx)
	if err != nil || len(list) != 1 || list[0].Username != "alice" {
		t.Fatalf("ListUsers: %v %+v", err, list)
	}
	if err := c.DeleteUser(ctx, "alice"); err != nil {
		t.Fatalf("DeleteUser: %v", err)
	}
	if _, err := c.GetUser(ctx, "alice"); !errors.Is(err, sftpgoapi.ErrNotFound) {
		t.Fatalf("GetUser after delete: %v", err)
	}

	want := map[string]int{
		"GET /api/v2/token":                      1,
		"POST /api/v2/users":                     1,
		"GET /api/v2/users/{username}":           3,
		"PUT /api/v2/users/{username}":           3,
		"DELETE /api/v2/users/{username}":        1,
		"GET /api/v2/users":                      1,
		"GET /api/v2/users/{username} Not Found": 1,
	}
	for key, n := range want {
		if got := obs.count(key); got != n {
			t.Errorf("%s: %d requests, want %d", key, got, n)
		}
	}
}

func TestUserFilesystemSecrets(t *testing.T) {
	ctx := context.Background()
	srv := newFake(t)
	c, _ := newClient(t, srv, nil)

	u := testUser("s3user")
	u.Filesystem = sftpgoapi.Filesystem{
		Provider: sftpgoapi.ProviderS3,
		S3Config: &sftpgoapi.S3Config{Bucket: "b", Region: "eu-west-1", AccessKey: "AK", AccessSecret: sftpgoapi.PlainSecret("first-s3-secret")},
	}
	if _, err := c.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	storedSecret := func() (string, bool) {
		stored, _ := srv.User("s3user")
		if stored.Filesystem.S3Config == nil {
			return "", false
		}
		return fake.SecretValue(stored.Filesystem.S3Config.AccessSecret)
	}
	if v, ok := storedSecret(); !ok || v != "first-s3-secret" {
		t.Fatalf("stored secret %q %v", v, ok)
	}

	live, err := c.GetUser(ctx, "s3user")
	if err != nil {
		t.Fatal(err)
	}
	sec := live.Filesystem.S3Config.AccessSecret
	if sec == nil || sec.Status != sftpgoapi.SecretStatusAES256GCM || sec.Payload == "" || sec.Key != "" || sec.AdditionalData != "" {
		t.Fatalf("GET secret %+v", sec)
	}

	// Writing back the encrypted secret keeps it.
	live.QuotaSize = 1 << 20
	if err := c.UpdateUser(ctx, live, false); err != nil {
		t.Fatal(err)
	}
	if v, ok := storedSecret(); !ok || v != "first-s3-secret" {
		t.Fatalf("after write-back %q %v", v, ok)
	}
	// A plain one replaces it.
	live.Filesystem.S3Config.AccessSecret = sftpgoapi.PlainSecret("second-s3-secret")
	if err := c.UpdateUser(ctx, live, false); err != nil {
		t.Fatal(err)
	}
	if v, _ := storedSecret(); v != "second-s3-secret" {
		t.Fatalf("after replace %q", v)
	}
	// None clears it.
	live.Filesystem.S3Config.AccessSecret = nil
	if err := c.UpdateUser(ctx, live, false); err != nil {
		t.Fatal(err)
	}
	if v, ok := storedSecret(); ok {
		t.Fatalf("after clear %q", v)
	}
	// Back to local storage drops the S3 configuration.
	live.Filesystem = sftpgoapi.Filesystem{Provider: sftpgoapi.ProviderLocal}
	if err := c.UpdateUser(ctx, live, false); err != nil {
		t.Fatal(err)
	}
	if stored, _ := srv.User("s3user"); stored.Filesystem.S3Config != nil {
		t.Fatalf("S3 config kept: %+v", stored.Filesystem.S3Config)
	}
}
