package keys_test

import (
	"encoding/json"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/sftpgo-operator/sftpgo-operator/internal/keys"
)

// SFTPGo stores an admin password hash as it is only with the "$2a$"
// (or "$argon2id$") prefix; anything else it would hash again, and the
// operator could not log in.
func TestOperatorAdminDumpHoldsTheHashOfThePassword(t *testing.T) {
	data, err := keys.OperatorAdmin("sftpgo-operator", "managed")
	if err != nil {
		t.Fatal(err)
	}
	var dump struct {
		Admins []struct {
			Username, Password, Description string
			Status                          int
			Permissions                     []string
		}
		Version int
	}
	if err := json.Unmarshal(data["operator-admin.json"], &dump); err != nil {
		t.Fatal(err)
	}
	if dump.Version != 17 || len(dump.Admins) != 1 {
		t.Fatalf("dump = %+v, want version 17 and one admin", dump)
	}
	a := dump.Admins[0]
	if a.Username != "sftpgo-operator" || string(data["username"]) != a.Username || a.Status != 1 ||
		len(a.Permissions) != 1 || a.Permissions[0] != "*" {
		t.Errorf("admin = %+v, want enabled sftpgo-operator with every permission", a)
	}
	if !strings.HasPrefix(a.Password, "$2a$") {
		t.Errorf("hash %q does not start with $2a$", a.Password)
	}
	if err := bcrypt.CompareHashAndPassword([]byte(a.Password), data["password"]); err != nil {
		t.Errorf("the hash is not the password's: %v", err)
	}
	if strings.Contains(string(data["operator-admin.json"]), string(data["password"])) {
		t.Error("the dump holds the password")
	}
}
