package accounts_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/accounts"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

func TestKindNames(t *testing.T) {
	if accounts.Users.Name != "user" || accounts.Admins.Name != "admin" ||
		accounts.Groups.Name != string(accounts.DependsOnGroup) || accounts.Folders.Name != string(accounts.DependsOnFolder) {
		t.Errorf("names %q %q %q %q", accounts.Users.Name, accounts.Groups.Name, accounts.Folders.Name, accounts.Admins.Name)
	}
	if _, ok := accounts.Users.NewList().(*v1alpha1.SFTPGoUserList); !ok || accounts.Users.New() == nil {
		t.Error("users: New or NewList")
	}
	if _, ok := accounts.Groups.NewList().(*v1alpha1.SFTPGoGroupList); !ok || accounts.Groups.New() == nil {
		t.Error("groups: New or NewList")
	}
	if _, ok := accounts.Folders.NewList().(*v1alpha1.SFTPGoFolderList); !ok || accounts.Folders.New() == nil {
		t.Error("folders: New or NewList")
	}
	if _, ok := accounts.Admins.NewList().(*v1alpha1.SFTPGoAdminList); !ok || accounts.Admins.New() == nil {
		t.Error("admins: New or NewList")
	}
}

func TestObjectAccess(t *testing.T) {
	u := &sftpgoapi.User{ID: 3, Username: "alice", Description: "d"}
	g := &sftpgoapi.Group{ID: 4, Name: "devs", Description: "e"}
	f := &sftpgoapi.Folder{ID: 5, Name: "shared", Description: "f"}
	a := &sftpgoapi.Admin{ID: 6, Username: "ops", Description: "g"}
	o := accounts.Users.Object
	if o.ID(u) != 3 || o.Name(u) != "alice" || o.Description(u) != "d" {
		t.Error("users")
	}
	og := accounts.Groups.Object
	if og.ID(g) != 4 || og.Name(g) != "devs" || og.Description(g) != "e" {
		t.Error("groups")
	}
	of := accounts.Folders.Object
	if of.ID(f) != 5 || of.Name(f) != "shared" || of.Description(f) != "f" {
		t.Error("folders")
	}
	oa := accounts.Admins.Object
	if oa.ID(a) != 6 || oa.Name(a) != "ops" || oa.Description(a) != "g" {
		t.Error("admins")
	}
}

func TestSecrets(t *testing.T) {
	u, _ := fullUser()
	sameRefs(t, "user", accounts.Users.Secrets(u), []accounts.SecretRef{
		{Field: "spec.passwordSecret", Name: "alice-login", Key: "password"},
		{Field: "spec.publicKeysSecret", Name: "alice-keys", Key: "keys"},
		{Field: "spec.storage.s3.accessSecret", Name: "alice-s3", Key: "accessSecret"},
		{Field: "spec.storage.s3.sseCustomerKeySecret", Name: "alice-s3", Key: "sse"},
	})
	sameRefs(t, "user without Secrets", accounts.Users.Secrets(&v1alpha1.SFTPGoUser{}), nil)

	g, _ := fullGroup()
	sameRefs(t, "group", accounts.Groups.Secrets(g), []accounts.SecretRef{
		{Field: "spec.storage.gcs.credentialsSecret", Name: "gcs", Key: "credentials.json"},
	})

	f, _ := fullAzureFolder()
	sameRefs(t, "azure folder", accounts.Folders.Secrets(f), []accounts.SecretRef{
		{Field: "spec.storage.azureBlob.accountKeySecret", Name: "azure", Key: "accountKey"},
		{Field: "spec.storage.azureBlob.sasURLSecret", Name: "azure", Key: "url"},
	})
	c, _ := cryptFolder()
	sameRefs(t, "encrypted folder", accounts.Folders.Secrets(c), []accounts.SecretRef{
		{Field: "spec.storage.localEncrypted.passphraseSecret", Name: "vault", Key: "passphrase"},
	})
	sas := &v1alpha1.SFTPGoFolder{Spec: v1alpha1.SFTPGoFolderSpec{Storage: &v1alpha1.AccountStorage{Type: "AzureBlob",
		AzureBlob: &v1alpha1.AzureBlobStorage{SASURLSecret: secretKey("az", "")}}}}
	sameRefs(t, "SAS URL", accounts.Folders.Secrets(sas), []accounts.SecretRef{
		{Field: "spec.storage.azureBlob.sasURLSecret", Name: "az", Key: "sasURL"},
	})
	// A block of another type than the one selected is not read.
	other := &v1alpha1.SFTPGoFolder{Spec: v1alpha1.SFTPGoFolderSpec{Storage: &v1alpha1.AccountStorage{
		S3: &v1alpha1.S3Storage{AccessSecret: secretKey("s3", "")}}}}
	sameRefs(t, "block of another type", accounts.Folders.Secrets(other), nil)

	a, _ := fullAdmin()
	sameRefs(t, "admin", accounts.Admins.Secrets(a), []accounts.SecretRef{
		{Field: "spec.passwordSecret", Name: "ops-login", Key: "pw"},
	})
	a.Spec.PasswordSecret.Key = ""
	sameRefs(t, "admin, default key", accounts.Admins.Secrets(a), []accounts.SecretRef{
		{Field: "spec.passwordSecret", Name: "ops-login", Key: "password"},
	})
}

func sameRefs(t *testing.T, name string, got, want []accounts.SecretRef) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: %+v, want %+v", name, got, want)
	}
}

// TestSecretsFeedBuild: Build reads the values of exactly the fields
// Secrets lists.
func TestSecretsFeedBuild(t *testing.T) {
	check := func(name string, refs []accounts.SecretRef, values accounts.Values) {
		var fields []string
		for _, r := range refs {
			fields = append(fields, r.Field)
		}
		for field := range values {
			if !slices.Contains(fields, field) {
				t.Errorf("%s: Build is given %s, which Secrets does not list", name, field)
			}
		}
		if len(fields) != len(values) {
			t.Errorf("%s: Secrets lists %v, the fixture has %d values", name, fields, len(values))
		}
	}
	u, uv := fullUser()
	check("user", accounts.Users.Secrets(u), uv)
	g, gv := fullGroup()
	check("group", accounts.Groups.Secrets(g), gv)
	f, fv := fullAzureFolder()
	check("folder", accounts.Folders.Secrets(f), fv)
	c, cv := cryptFolder()
	check("encrypted folder", accounts.Folders.Secrets(c), cv)
	a, av := fullAdmin()
	check("admin", accounts.Admins.Secrets(a), av)
}

func TestNeeds(t *testing.T) {
	u, _ := fullUser()
	want := []accounts.Dependency{
		{Kind: accounts.DependsOnGroup, Name: "developers"}, {Kind: accounts.DependsOnGroup, Name: "auditors"},
		{Kind: accounts.DependsOnGroup, Name: "everyone"},
		{Kind: accounts.DependsOnFolder, Name: "shared"}, {Kind: accounts.DependsOnFolder, Name: "archive"},
	}
	if got := accounts.Users.Needs(u); !reflect.DeepEqual(got, want) {
		t.Errorf("user: %v", got)
	}
	if !reflect.DeepEqual(accounts.Users.DependsOn, []accounts.DependencyKind{accounts.DependsOnGroup, accounts.DependsOnFolder}) {
		t.Errorf("user: depends on %v", accounts.Users.DependsOn)
	}
	g, _ := fullGroup()
	if got := accounts.Groups.Needs(g); !reflect.DeepEqual(got, []accounts.Dependency{{Kind: accounts.DependsOnFolder, Name: "shared"}}) {
		t.Errorf("group: %v", got)
	}
	if !reflect.DeepEqual(accounts.Groups.DependsOn, []accounts.DependencyKind{accounts.DependsOnFolder}) {
		t.Errorf("group: depends on %v", accounts.Groups.DependsOn)
	}
	f, _ := fullAzureFolder()
	if got := accounts.Folders.Needs(f); len(got) != 0 || len(accounts.Folders.DependsOn) != 0 {
		t.Errorf("folder: %v, depends on %v", got, accounts.Folders.DependsOn)
	}
	a, _ := fullAdmin()
	wantAdmin := []accounts.Dependency{{Kind: accounts.DependsOnGroup, Name: "developers"},
		{Kind: accounts.DependsOnGroup, Name: "auditors"}}
	if got := accounts.Admins.Needs(a); !reflect.DeepEqual(got, wantAdmin) {
		t.Errorf("admin: %v", got)
	}
	if !reflect.DeepEqual(accounts.Admins.DependsOn, []accounts.DependencyKind{accounts.DependsOnGroup}) {
		t.Errorf("admin: depends on %v", accounts.Admins.DependsOn)
	}
	if got := accounts.Users.Needs(&v1alpha1.SFTPGoUser{}); len(got) != 0 {
		t.Errorf("empty user: %v", got)
	}
}

func TestDisconnect(t *testing.T) {
	f := userFixture()
	cases := []struct {
		name        string
		change      func(live, desired *sftpgoapi.User)
		secretsSent bool
		want        bool
	}{
		{name: "nothing changed", want: false},
		{name: "quota changed", change: func(l, _ *sftpgoapi.User) { l.QuotaFiles++ }, want: false},
		{name: "disabled", change: func(_, d *sftpgoapi.User) { d.Status = 0 }, want: true},
		{name: "enabled", change: func(l, _ *sftpgoapi.User) { l.Status = 0 }, want: false},
		{name: "a key removed", change: func(_, d *sftpgoapi.User) { d.PublicKeys = d.PublicKeys[1:] }, want: true},
		{name: "keys in another order", change: func(l, _ *sftpgoapi.User) { slices.Reverse(l.PublicKeys) }, want: false},
		{name: "allowed IPs", change: func(_, d *sftpgoapi.User) { d.Filters.AllowedIP = nil }, want: true},
		{name: "allowed IPs in another order", change: func(l, _ *sftpgoapi.User) { slices.Reverse(l.Filters.AllowedIP) }},
		{name: "denied IPs", change: func(_, d *sftpgoapi.User) { d.Filters.DeniedIP = []string{"0.0.0.0/0"} }, want: true},
		{name: "denied protocols", change: func(_, d *sftpgoapi.User) { d.Filters.DeniedProtocols = nil }, want: true},
		{name: "denied login methods", change: func(_, d *sftpgoapi.User) {
			d.Filters.DeniedLoginMethods = append(d.Filters.DeniedLoginMethods, "publickey")
		}, want: true},
		{name: "secrets sent with a password", secretsSent: true, want: true},
		{name: "secrets sent without a password", change: func(_, d *sftpgoapi.User) { d.Password = "" },
			secretsSent: true, want: false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			live, desired := f.live(t), f.build(t)
			accounts.Users.Object.Keep(live, desired)
			if tc.change != nil {
				tc.change(live, desired)
			}
			if got := accounts.Users.Object.Disconnect(live, desired, tc.secretsSent); got != tc.want {
				t.Errorf("Disconnect = %v, want %v", got, tc.want)
			}
		})
	}
	// The other kinds have no sessions to end.
	if accounts.Groups.Object.Disconnect(&sftpgoapi.Group{}, &sftpgoapi.Group{}, true) ||
		accounts.Folders.Object.Disconnect(&sftpgoapi.Folder{}, &sftpgoapi.Folder{}, true) ||
		accounts.Admins.Object.Disconnect(&sftpgoapi.Admin{Status: 1}, &sftpgoapi.Admin{}, true) {
		t.Error("a group, folder or admin disconnects")
	}
}
