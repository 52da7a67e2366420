package v1alpha1_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/testenv"
)

// The CEL rules and schema limits of the account kinds (SFTPGoUser,
// SFTPGoGroup, SFTPGoFolder, SFTPGoAdmin): every rule accepts what SFTPGo
// accepts and refuses, with a message that says what to set, what SFTPGo
// would refuse or silently change.

var files = v1alpha1.ServerReference{Name: "files"}

func acctName(prefix string) string { return fmt.Sprintf("%s-%d", prefix, seq.Add(1)) }

func acctQ(s string) *resource.Quantity { return ptr.To(resource.MustParse(s)) }

func secretKey(name, key string) *v1alpha1.SecretKeyReference {
	return &v1alpha1.SecretKeyReference{SecretReference: v1alpha1.SecretReference{Name: name}, Key: key}
}

func acctUser(mutate ...func(*v1alpha1.SFTPGoUserSpec)) client.Object {
	u := &v1alpha1.SFTPGoUser{Spec: v1alpha1.SFTPGoUserSpec{Server: files}}
	u.Name, u.Namespace = acctName("user"), namespace
	for _, m := range mutate {
		m(&u.Spec)
	}
	return u
}

func acctGroup(mutate ...func(*v1alpha1.SFTPGoGroupSpec)) client.Object {
	g := &v1alpha1.SFTPGoGroup{Spec: v1alpha1.SFTPGoGroupSpec{Server: files}}
	g.Name, g.Namespace = acctName("group"), namespace
	for _, m := range mutate {
		m(&g.Spec)
	}
	return g
}

func acctFolder(mutate ...func(*v1alpha1.SFTPGoFolderSpec)) client.Object {
	f := &v1alpha1.SFTPGoFolder{Spec: v1alpha1.SFTPGoFolderSpec{Server: files, MappedPath: "/srv/sftpgo/data/shared"}}
	f.Name, f.Namespace = acctName("folder"), namespace
	for _, m := range mutate {
		m(&f.Spec)
	}
	return f
}

func acctAdmin(mutate ...func(*v1alpha1.SFTPGoAdminSpec)) client.Object {
	a := &v1alpha1.SFTPGoAdmin{Spec: v1alpha1.SFTPGoAdminSpec{
		Server:         files,
		PasswordSecret: *secretKey("admin-login", ""),
		Permissions:    []v1alpha1.AdminPermission{v1alpha1.AdminPermissionViewUsers},
	}}
	a.Name, a.Namespace = acctName("admin"), namespace
	for _, m := range mutate {
		m(&a.Spec)
	}
	return a
}

// settings applies m to the settings of a user and of a group alike.
func userSettings(m func(*v1alpha1.AccountSettings)) func(*v1alpha1.SFTPGoUserSpec) {
	return func(s *v1alpha1.SFTPGoUserSpec) { m(&s.AccountSettings) }
}
func groupSettings(m func(*v1alpha1.AccountSettings)) func(*v1alpha1.SFTPGoGroupSpec) {
	return func(s *v1alpha1.SFTPGoGroupSpec) { m(&s.AccountSettings) }
}
func filters(m func(*v1alpha1.AccountFilters)) func(*v1alpha1.AccountSettings) {
	return func(s *v1alpha1.AccountSettings) {
		if s.Filters == nil {
			s.Filters = &v1alpha1.AccountFilters{}
		}
		m(s.Filters)
	}
}
func storage(st v1alpha1.AccountStorage) func(*v1alpha1.AccountSettings) {
	return func(s *v1alpha1.AccountSettings) { s.Storage = &st }
}
func perms(p map[string]v1alpha1.PermissionList) func(*v1alpha1.AccountSettings) {
	return func(s *v1alpha1.AccountSettings) { s.Permissions = p }
}
func mounts(m ...v1alpha1.VirtualFolderMount) func(*v1alpha1.AccountSettings) {
	return func(s *v1alpha1.AccountSettings) { s.VirtualFolders = m }
}

func s3(m func(*v1alpha1.S3Storage)) v1alpha1.AccountStorage {
	b := &v1alpha1.S3Storage{Bucket: "b", Region: "eu-west-1"}
	m(b)
	return v1alpha1.AccountStorage{Type: v1alpha1.StorageS3, S3: b}
}
func gcs(m func(*v1alpha1.GCSStorage)) v1alpha1.AccountStorage {
	b := &v1alpha1.GCSStorage{Bucket: "b"}
	m(b)
	return v1alpha1.AccountStorage{Type: v1alpha1.StorageGCS, GCS: b}
}
func azure(m func(*v1alpha1.AzureBlobStorage)) v1alpha1.AccountStorage {
	b := &v1alpha1.AzureBlobStorage{Container: "c", AccountName: "acct"}
	m(b)
	return v1alpha1.AccountStorage{Type: v1alpha1.StorageAzureBlob, AzureBlob: b}
}

var all = v1alpha1.PermissionList{v1alpha1.PermissionAll}

// acctCreate creates obj and deletes it after the spec.
func acctCreate(obj client.Object) error {
	err := k8sClient.Create(ctx, obj)
	if err == nil {
		DeferCleanup(func() { Expect(client.IgnoreNotFound(k8sClient.Delete(ctx, obj))).To(Succeed()) })
	}
	return err
}

// expectRefused checks that err is an Invalid error whose message holds
// every part of want.
func expectRefused(err error, want ...string) {
	GinkgoHelper()
	Expect(err).To(HaveOccurred(), "the API server accepted it")
	Expect(apierrors.IsInvalid(err)).To(BeTrue(), "want an Invalid error, got %v", err)
	for _, w := range want {
		Expect(err.Error()).To(ContainSubstring(w))
	}
}

var _ = Describe("Account kinds", func() {
	DescribeTable("accept what SFTPGo accepts",
		func(obj func() client.Object) {
			Expect(acctCreate(obj())).To(Succeed())
		},
		Entry("a minimal user", func() client.Object { return acctUser() }),
		Entry("a user on a server named by a connection Secret", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) {
				s.Server = v1alpha1.ServerReference{ConnectionSecret: &v1alpha1.SecretReference{Name: "ext-sftpgo"}}
			})
		}),
		Entry("an email address as username, and other characters SFTPGo's default rules take", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) { s.Username = "alice@example.com" })
		}),
		Entry("a non-ASCII username", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) { s.Username = "Jürgen.Müller" })
		}),
		Entry("names that only start like Windows device names", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) {
				s.Username = "console"
				s.Role = "com10"
				s.Groups = []v1alpha1.UserGroup{{Name: "auxiliary"}, {Name: "lpt"}}
			})
		}),
		Entry("a Windows device name as metadata.name with a username", func() client.Object {
			u := acctUser(func(s *v1alpha1.SFTPGoUserSpec) { s.Username = "alice" })
			u.SetName(fmt.Sprintf("con.%d", seq.Add(1)))
			return u
		}),
		Entry("a username of 255 bytes", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) { s.Username = v1alpha1.SFTPGoName(strings.Repeat("a", 255)) })
		}),
		Entry("a user with every setting", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) {
				s.Username = "bob"
				s.Enabled = ptr.To(false)
				s.Description = "Bob"
				s.Email = "bob@example.com"
				s.AdditionalEmails = []string{"bob@example.org"}
				s.ExpirationDate = &metav1.Time{Time: metav1.Now().Add(1e9)}
				s.PasswordSecret = secretKey("bob", "")
				s.PublicKeys = []string{
					"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINbkRJ2y/tpwl3nvQBTKuUf1yCmMdmpjkh79WvKf51Yc bob@laptop",
					`from="10.0.0.0/8",no-pty ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY= bob@ci`,
					"sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29t",
				}
				s.PublicKeysSecret = secretKey("bob-keys", "keys")
				s.Groups = []v1alpha1.UserGroup{{Name: "devs", Type: v1alpha1.GroupTypePrimary}, {Name: "ops"}, {Name: "all", Type: v1alpha1.GroupTypeMembership}}
				s.Role = "support"
				s.HomeDir = "/srv/sftpgo/data/bob"
				s.Permissions = map[string]v1alpha1.PermissionList{"/": all, "/private": {}, "/in": {"list", "upload"}}
				s.Quota = &v1alpha1.Quota{Size: acctQ("10Gi"), Files: 1000}
				s.MaxSessions = 4
				s.Bandwidth = &v1alpha1.Bandwidth{Upload: acctQ("10Mi"), Download: acctQ("1Ti")}
				s.DataTransfer = &v1alpha1.DataTransfer{Upload: acctQ("100Gi"), Total: acctQ("1Pi")}
				s.Filters = &v1alpha1.AccountFilters{
					AllowedIPs:         []string{"192.0.2.0/24", "2001:db8::/32", "10.1.2.3/32"},
					DeniedIPs:          []string{"192.0.2.7/32"},
					DeniedProtocols:    []v1alpha1.Protocol{"FTP", "DAV", "HTTP"},
					DeniedLoginMethods: []v1alpha1.LoginMethod{"password", "keyboard-interactive"},
					TwoFactorProtocols: []v1alpha1.TwoFactorProtocol{"HTTP"},
					MaxUploadFileSize:  acctQ("2Gi"),
					FilePatterns: []v1alpha1.FilePattern{
						{Path: "/", DeniedPatterns: []string{"*.exe"}, DenyPolicy: v1alpha1.DenyPolicyHide},
						{Path: "/photos", AllowedPatterns: []string{"*.jpg", "*.png"}},
					},
					BandwidthLimits: []v1alpha1.SourceBandwidthLimit{{Sources: []string{"10.0.0.0/8"}, Upload: acctQ("0")}},
					AccessTime:      []v1alpha1.AccessPeriod{{DayOfWeek: "Monday", From: "08:00", To: "18:00"}},
					StartDirectory:  "/in",
					WebClientRestrictions: []v1alpha1.WebClientRestriction{
						"write-disabled", "password-change-disabled",
					},
					AllowAPIKeyAuth:             true,
					TLSUsername:                 "CommonName",
					PasswordExpirationDays:      90,
					PasswordStrength:            60,
					DefaultSharesExpirationDays: 7,
					MaxSharesExpirationDays:     30,
					DisableFsChecks:             true,
				}
				s.VirtualFolders = []v1alpha1.VirtualFolderMount{
					{Name: "shared", VirtualPath: "/shared"},
					{Name: "archive", VirtualPath: "/shared/archive", Quota: &v1alpha1.VirtualFolderQuota{Size: acctQ("50Gi")}},
				}
				s.DeletionPolicy = v1alpha1.DeletionPolicyRetain
			})
		}),
		Entry("large and fractional binary quantities, which CEL's isInteger() would call fractional", func() client.Object {
			return acctUser(userSettings(func(s *v1alpha1.AccountSettings) {
				s.Quota = &v1alpha1.Quota{Size: acctQ("500Ti")}
				s.Bandwidth = &v1alpha1.Bandwidth{Upload: acctQ("1.5Mi"), Download: acctQ("100000Ki")}
				s.DataTransfer = &v1alpha1.DataTransfer{Upload: acctQ("0.5Pi"), Download: acctQ("1Pi")}
				s.VirtualFolders = []v1alpha1.VirtualFolderMount{{Name: "a", VirtualPath: "/a",
					Quota: &v1alpha1.VirtualFolderQuota{Size: acctQ("100000Gi"), Files: 10}}}
			}))
		}),
		Entry("a user on encrypted local storage", func() client.Object {
			return acctUser(userSettings(storage(v1alpha1.AccountStorage{
				Type:           v1alpha1.StorageLocalEncrypted,
				LocalEncrypted: &v1alpha1.LocalEncryptedStorage{PassphraseSecret: *secretKey("pass", "")},
			})))
		}),
		Entry("a user on S3 with every setting", func() client.Object {
			return acctUser(userSettings(storage(s3(func(b *v1alpha1.S3Storage) {
				b.Endpoint = "https://minio.example.com:9000"
				b.KeyPrefix = "users/alice/"
				b.AccessKey = "AKIA"
				b.AccessSecret = secretKey("s3", "")
				b.RoleARN = "arn:aws:iam::123456789012:role/sftpgo"
				b.StorageClass = "STANDARD_IA"
				b.ACL = "bucket-owner-full-control"
				b.SSECustomerKeySecret = secretKey("s3", "sse")
				b.UploadPartSize = acctQ("5Mi")
				b.DownloadPartSize = acctQ("2000Mi")
				b.UploadConcurrency, b.DownloadConcurrency = 8, 64
				b.UploadPartMaxTimeSeconds, b.DownloadPartMaxTimeSeconds = 60, 60
				b.ForcePathStyle = true
			}))))
		}),
		Entry("a user on S3 with the pod's credentials and an endpoint instead of a region", func() client.Object {
			return acctUser(userSettings(storage(s3(func(b *v1alpha1.S3Storage) {
				b.Region = ""
				b.Endpoint = "http://minio:9000"
			}))))
		}),
		Entry("a user on GCS with automatic credentials", func() client.Object {
			return acctUser(userSettings(storage(gcs(func(*v1alpha1.GCSStorage) {}))))
		}),
		Entry("a user on GCS with a key", func() client.Object {
			return acctUser(userSettings(storage(gcs(func(b *v1alpha1.GCSStorage) {
				b.CredentialsSecret = secretKey("gcs", "")
				b.KeyPrefix = "a/"
				b.UploadPartSize = acctQ("16Mi")
			}))))
		}),
		Entry("a user on Azure with an account key", func() client.Object {
			return acctUser(userSettings(storage(azure(func(b *v1alpha1.AzureBlobStorage) {
				b.AccountKeySecret = secretKey("az", "")
				b.AccessTier = "Cool"
				b.Endpoint = "blob.core.windows.net"
			}))))
		}),
		Entry("a user on Azure with a container SAS URL and no container", func() client.Object {
			return acctUser(userSettings(storage(azure(func(b *v1alpha1.AzureBlobStorage) {
				b.Container, b.AccountName = "", ""
				b.SASURLSecret = secretKey("az", "")
			}))))
		}),
		Entry("a group without permissions for \"/\" and with a folder at \"/\"", func() client.Object {
			return acctGroup(groupSettings(func(s *v1alpha1.AccountSettings) {
				s.Permissions = map[string]v1alpha1.PermissionList{"/releases": {"list", "download"}}
				s.VirtualFolders = []v1alpha1.VirtualFolderMount{{Name: "root", VirtualPath: "/"}}
				s.HomeDir = "/srv/sftpgo/data/teams/%username%"
			}))
		}),
		Entry("a group named like a reserved username", func() client.Object {
			return acctGroup(func(s *v1alpha1.SFTPGoGroupSpec) { s.Name = "__self__" })
		}),
		Entry("a folder on S3 without a mapped path", func() client.Object {
			return acctFolder(func(s *v1alpha1.SFTPGoFolderSpec) {
				s.MappedPath = ""
				st := s3(func(*v1alpha1.S3Storage) {})
				s.Storage = &st
			})
		}),
		Entry("an admin with a role", func() client.Object {
			return acctAdmin(func(s *v1alpha1.SFTPGoAdminSpec) {
				s.Role = "support"
				s.Permissions = []v1alpha1.AdminPermission{"add_users", "edit_users", "view_users"}
				s.AllowedIPs = []string{"10.0.0.0/8"}
				s.Groups = []v1alpha1.AdminGroup{{Name: "devs", AddToUsersAs: "Primary"}, {Name: "all"}}
			})
		}),
		Entry("a super admin", func() client.Object {
			return acctAdmin(func(s *v1alpha1.SFTPGoAdminSpec) { s.Permissions = []v1alpha1.AdminPermission{"*"} })
		}),
	)

	It("fills the defaults", func() {
		u := acctUser(func(s *v1alpha1.SFTPGoUserSpec) {
			s.Groups = []v1alpha1.UserGroup{{Name: "devs"}}
			s.Storage = &v1alpha1.AccountStorage{}
			s.Filters = &v1alpha1.AccountFilters{FilePatterns: []v1alpha1.FilePattern{{Path: "/", DeniedPatterns: []string{"*.exe"}}}}
		}).(*v1alpha1.SFTPGoUser)
		Expect(acctCreate(u)).To(Succeed())
		Expect(*u.Spec.Enabled).To(BeTrue())
		Expect(u.Spec.DeletionPolicy).To(Equal(v1alpha1.DeletionPolicyDelete))
		Expect(u.Spec.Groups[0].Type).To(Equal(v1alpha1.GroupTypeSecondary))
		Expect(u.Spec.Storage.Type).To(Equal(v1alpha1.StorageLocal))
		Expect(u.Spec.Filters.FilePatterns[0].DenyPolicy).To(Equal(v1alpha1.DenyPolicyDefault))
		Expect(u.AccountName()).To(Equal(u.Name))

		a := acctAdmin(func(s *v1alpha1.SFTPGoAdminSpec) {
			s.Groups = []v1alpha1.AdminGroup{{Name: "devs"}}
		}).(*v1alpha1.SFTPGoAdmin)
		Expect(acctCreate(a)).To(Succeed())
		Expect(*a.Spec.Enabled).To(BeTrue())
		Expect(a.Spec.Groups[0].AddToUsersAs).To(Equal(v1alpha1.AdminGroupAddToUsersAs("Membership")))
		Expect(a.Spec.DeletionPolicy).To(Equal(v1alpha1.DeletionPolicyDelete))
	})

	DescribeTable("refuse what SFTPGo refuses or would change, saying what to set",
		func(obj func() client.Object, want ...string) {
			expectRefused(acctCreate(obj()), want...)
		},
		// The server reference.
		Entry("no server", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) { s.Server = v1alpha1.ServerReference{} })
		}, "spec.server takes exactly one of name", "set one of them"),
		Entry("both a server name and a connection Secret", func() client.Object {
			return acctGroup(func(s *v1alpha1.SFTPGoGroupSpec) {
				s.Server.ConnectionSecret = &v1alpha1.SecretReference{Name: "ext"}
			})
		}, "spec.server takes exactly one of name"),
		Entry("a server name that is no SFTPGo name", func() client.Object {
			return acctFolder(func(s *v1alpha1.SFTPGoFolderSpec) { s.Server.Name = "Files" })
		}, "spec.server.name must be the name of an SFTPGo resource"),
		Entry("a server name longer than an SFTPGo name", func() client.Object {
			return acctFolder(func(s *v1alpha1.SFTPGoFolderSpec) { s.Server.Name = strings.Repeat("f", 57) })
		}, "spec.server.name", "56"),
		Entry("a Secret key that is no key", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) { s.PasswordSecret = secretKey("alice", "pass/word") })
		}, "key must be a Secret key"),

		// Names.
		Entry("a username with a slash", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) { s.Username = "team/alice" })
		}, "spec.username", "must be a name SFTPGo accepts: no '/'"),
		Entry("a username with a colon", func() client.Object {
			return acctAdmin(func(s *v1alpha1.SFTPGoAdminSpec) { s.Username = "a:b" })
		}, "spec.username", "must be a name SFTPGo accepts"),
		Entry("a group name with a zero-width space", func() client.Object {
			return acctGroup(func(s *v1alpha1.SFTPGoGroupSpec) { s.Name = "dev\u200bs" })
		}, "spec.name", "no control or invisible characters"),
		Entry("a folder name with a tab", func() client.Object {
			return acctFolder(func(s *v1alpha1.SFTPGoFolderSpec) { s.Name = "a\tb" })
		}, "spec.name", "no control or invisible characters"),
		Entry("a username with a leading space", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) { s.Username = " alice" })
		}, "no leading or trailing white space"),
		Entry("a username ending with a dot", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) { s.Username = "alice." })
		}, "no trailing '.'"),
		Entry("a Windows device name as username", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) { s.Username = "Com1" })
		}, "not a Windows device name"),
		Entry("a Windows device name before a dot as group in spec.groups", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) { s.Groups = []v1alpha1.UserGroup{{Name: "nul.txt"}} })
		}, "spec.groups[0].name", "not a Windows device name"),
		Entry("a role of more than 255 bytes", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) { s.Role = v1alpha1.SFTPGoName(strings.Repeat("é", 128)) })
		}, "spec.role", "at most 255 bytes"),
		Entry("a reserved username for a user", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) { s.Username = "__system__" })
		}, "spec.username: __self__ and __system__ are reserved"),
		Entry("a reserved username for an admin", func() client.Object {
			return acctAdmin(func(s *v1alpha1.SFTPGoAdminSpec) { s.Username = "__self__" })
		}, "spec.username: __self__ and __system__ are reserved"),
		Entry("a Windows device name as metadata.name of a user without username", func() client.Object {
			u := acctUser()
			u.SetName(fmt.Sprintf("con.%d", seq.Add(1)))
			return u
		}, "SFTPGo refuses Windows device names", "set spec.username"),
		Entry("a Windows device name as metadata.name of a group without name", func() client.Object {
			g := acctGroup()
			g.SetName("aux")
			return g
		}, "SFTPGo refuses Windows device names", "set spec.name"),
		Entry("a Windows device name as metadata.name of a folder without name", func() client.Object {
			f := acctFolder()
			f.SetName("lpt1")
			return f
		}, "SFTPGo refuses Windows device names", "set spec.name"),
		Entry("a Windows device name as metadata.name of an admin without username", func() client.Object {
			a := acctAdmin()
			a.SetName("prn")
			return a
		}, "SFTPGo refuses Windows device names", "set spec.username"),

		// Paths.
		Entry("a relative home directory", func() client.Object {
			return acctUser(userSettings(func(s *v1alpha1.AccountSettings) { s.HomeDir = "data/alice" }))
		}, "spec.homeDir must be a clean absolute path"),
		Entry("a home directory with a trailing slash", func() client.Object {
			return acctGroup(groupSettings(func(s *v1alpha1.AccountSettings) { s.HomeDir = "/srv/data/" }))
		}, "spec.homeDir must be a clean absolute path"),
		Entry("a home directory with '..'", func() client.Object {
			return acctUser(userSettings(func(s *v1alpha1.AccountSettings) { s.HomeDir = "/srv/../etc" }))
		}, "spec.homeDir must be a clean absolute path"),
		Entry("a relative mapped path", func() client.Object {
			return acctFolder(func(s *v1alpha1.SFTPGoFolderSpec) { s.MappedPath = "shared" })
		}, "spec.mappedPath must be a clean absolute path"),
		Entry("a local folder without a mapped path", func() client.Object {
			return acctFolder(func(s *v1alpha1.SFTPGoFolderSpec) { s.MappedPath = "" })
		}, "spec.mappedPath is required with Local and LocalEncrypted storage"),
		Entry("an encrypted folder without a mapped path", func() client.Object {
			return acctFolder(func(s *v1alpha1.SFTPGoFolderSpec) {
				s.MappedPath = ""
				s.Storage = &v1alpha1.AccountStorage{Type: v1alpha1.StorageLocalEncrypted,
					LocalEncrypted: &v1alpha1.LocalEncryptedStorage{PassphraseSecret: *secretKey("p", "")}}
			})
		}, "spec.mappedPath is required"),
		Entry("a relative start directory", func() client.Object {
			return acctUser(userSettings(filters(func(f *v1alpha1.AccountFilters) { f.StartDirectory = "uploads" })))
		}, "spec.filters.startDirectory must be a clean absolute path"),

		// Permissions.
		Entry("user permissions without \"/\"", func() client.Object {
			return acctUser(userSettings(perms(map[string]v1alpha1.PermissionList{"/uploads": all})))
		}, `spec.permissions must include "/"`, `add "/": ["*"]`),
		Entry("an empty permission list for \"/\"", func() client.Object {
			return acctGroup(groupSettings(perms(map[string]v1alpha1.PermissionList{"/": {}})))
		}, `the list for "/" must not be empty`),
		Entry("a relative permission path", func() client.Object {
			return acctUser(userSettings(perms(map[string]v1alpha1.PermissionList{"/": all, "uploads": all})))
		}, "spec.permissions: every key must be a clean absolute path"),
		Entry("a permission path with a trailing slash", func() client.Object {
			return acctGroup(groupSettings(perms(map[string]v1alpha1.PermissionList{"/uploads/": all})))
		}, "spec.permissions: every key must be a clean absolute path"),
		Entry("a permission path with '.'", func() client.Object {
			return acctGroup(groupSettings(perms(map[string]v1alpha1.PermissionList{"/a/./b": all})))
		}, "spec.permissions: every key must be a clean absolute path"),
		Entry("\"*\" with other permissions", func() client.Object {
			return acctUser(userSettings(perms(map[string]v1alpha1.PermissionList{"/": {"*", "list"}})))
		}, "'*' grants every permission and stands alone"),
		Entry("an unknown permission", func() client.Object {
			return acctUser(userSettings(perms(map[string]v1alpha1.PermissionList{"/": {"read"}})))
		}, "Unsupported value", `"read"`),

		// Quotas and limits.
		Entry("a negative quota", func() client.Object {
			return acctUser(userSettings(func(s *v1alpha1.AccountSettings) { s.Quota = &v1alpha1.Quota{Size: acctQ("-1")} }))
		}, "spec.quota.size must be a number of bytes, 0 or more"),
		Entry("a negative group quota", func() client.Object {
			return acctGroup(groupSettings(func(s *v1alpha1.AccountSettings) { s.Quota = &v1alpha1.Quota{Size: acctQ("-10Gi")} }))
		}, "spec.quota.size must be a number of bytes, 0 or more"),
		Entry("a bandwidth above 1Ti per second", func() client.Object {
			return acctUser(userSettings(func(s *v1alpha1.AccountSettings) {
				s.Bandwidth = &v1alpha1.Bandwidth{Upload: acctQ("2Ti")}
			}))
		}, "spec.bandwidth.upload must be a number of bytes per second between 0 and 1Ti"),
		Entry("a negative bandwidth", func() client.Object {
			return acctUser(userSettings(func(s *v1alpha1.AccountSettings) {
				s.Bandwidth = &v1alpha1.Bandwidth{Download: acctQ("-1Mi")}
			}))
		}, "spec.bandwidth.download must be a number of bytes per second between 0 and 1Ti"),
		Entry("a data transfer limit above 1Pi", func() client.Object {
			return acctUser(userSettings(func(s *v1alpha1.AccountSettings) {
				s.DataTransfer = &v1alpha1.DataTransfer{Total: acctQ("2Pi")}
			}))
		}, "spec.dataTransfer.total must be a number of bytes between 0 and 1Pi"),
		Entry("a negative upload transfer limit", func() client.Object {
			return acctGroup(groupSettings(func(s *v1alpha1.AccountSettings) {
				s.DataTransfer = &v1alpha1.DataTransfer{Upload: acctQ("-1")}
			}))
		}, "spec.dataTransfer.upload must be a number of bytes"),
		Entry("a negative download transfer limit", func() client.Object {
			return acctGroup(groupSettings(func(s *v1alpha1.AccountSettings) {
				s.DataTransfer = &v1alpha1.DataTransfer{Download: acctQ("-1")}
			}))
		}, "spec.dataTransfer.download must be a number of bytes"),

		// Filters.
		Entry("an address instead of a CIDR in allowedIPs", func() client.Object {
			return acctUser(userSettings(filters(func(f *v1alpha1.AccountFilters) {
				f.AllowedIPs = []string{"10.0.0.0/8", "192.0.2.7"}
			})))
		}, "spec.filters.allowedIPs: 192.0.2.7 is not a CIDR", "192.0.2.7/32"),
		Entry("a host name in deniedIPs", func() client.Object {
			return acctGroup(groupSettings(filters(func(f *v1alpha1.AccountFilters) {
				f.DeniedIPs = []string{"evil.example.com"}
			})))
		}, "spec.filters.deniedIPs: evil.example.com is not a CIDR"),
		Entry("every protocol denied", func() client.Object {
			return acctUser(userSettings(filters(func(f *v1alpha1.AccountFilters) {
				f.DeniedProtocols = []v1alpha1.Protocol{"SSH", "FTP", "DAV", "HTTP"}
			})))
		}, "spec.filters.deniedProtocols", "must have at most 3 items"),
		Entry("an unknown protocol", func() client.Object {
			return acctUser(userSettings(filters(func(f *v1alpha1.AccountFilters) {
				f.DeniedProtocols = []v1alpha1.Protocol{"SFTP"}
			})))
		}, "Unsupported value", `"SFTP"`),
		Entry("every login method denied", func() client.Object {
			return acctUser(userSettings(filters(func(f *v1alpha1.AccountFilters) {
				f.DeniedLoginMethods = []v1alpha1.LoginMethod{"publickey", "password", "password-over-SSH",
					"keyboard-interactive", "publickey+password", "publickey+keyboard-interactive",
					"TLSCertificate", "TLSCertificate+password"}
			})))
		}, "spec.filters.deniedLoginMethods", "must have at most 7 items"),
		Entry("two-factor authentication required and its setup disabled", func() client.Object {
			return acctUser(userSettings(filters(func(f *v1alpha1.AccountFilters) {
				f.TwoFactorProtocols = []v1alpha1.TwoFactorProtocol{"SSH"}
				f.WebClientRestrictions = []v1alpha1.WebClientRestriction{"mfa-disabled"}
			})))
		}, "spec.filters: twoFactorProtocols requires two-factor authentication", "remove one of them"),
		Entry("a default share expiration above the maximum", func() client.Object {
			return acctGroup(groupSettings(filters(func(f *v1alpha1.AccountFilters) {
				f.DefaultSharesExpirationDays, f.MaxSharesExpirationDays = 30, 7
			})))
		}, "spec.filters.defaultSharesExpirationDays must not exceed maxSharesExpirationDays"),
		Entry("a negative upload size limit", func() client.Object {
			return acctUser(userSettings(filters(func(f *v1alpha1.AccountFilters) { f.MaxUploadFileSize = acctQ("-1") })))
		}, "spec.filters.maxUploadFileSize must be a number of bytes"),
		Entry("a file pattern entry without patterns", func() client.Object {
			return acctUser(userSettings(filters(func(f *v1alpha1.AccountFilters) {
				f.FilePatterns = []v1alpha1.FilePattern{{Path: "/photos"}}
			})))
		}, "spec.filters.filePatterns: each entry needs allowedPatterns or deniedPatterns"),
		Entry("a relative file pattern path", func() client.Object {
			return acctUser(userSettings(filters(func(f *v1alpha1.AccountFilters) {
				f.FilePatterns = []v1alpha1.FilePattern{{Path: "photos", AllowedPatterns: []string{"*.jpg"}}}
			})))
		}, "spec.filters.filePatterns[].path must be a clean absolute path"),
		Entry("a bandwidth limit source that is no CIDR", func() client.Object {
			return acctUser(userSettings(filters(func(f *v1alpha1.AccountFilters) {
				f.BandwidthLimits = []v1alpha1.SourceBandwidthLimit{{Sources: []string{"10.0.0.1"}, Upload: acctQ("1Mi")}}
			})))
		}, "spec.filters.bandwidthLimits[].sources: 10.0.0.1 is not a CIDR"),
		Entry("a negative per-source upload limit", func() client.Object {
			return acctUser(userSettings(filters(func(f *v1alpha1.AccountFilters) {
				f.BandwidthLimits = []v1alpha1.SourceBandwidthLimit{{Sources: []string{"10.0.0.0/8"}, Upload: acctQ("-1")}}
			})))
		}, "spec.filters.bandwidthLimits[].upload must be a number of bytes per second"),
		Entry("a per-source download limit above 1Ti", func() client.Object {
			return acctUser(userSettings(filters(func(f *v1alpha1.AccountFilters) {
				f.BandwidthLimits = []v1alpha1.SourceBandwidthLimit{{Sources: []string{"10.0.0.0/8"}, Download: acctQ("3Ti")}}
			})))
		}, "spec.filters.bandwidthLimits[].download must be a number of bytes per second"),
		Entry("an access period that ends before it starts", func() client.Object {
			return acctUser(userSettings(filters(func(f *v1alpha1.AccountFilters) {
				f.AccessTime = []v1alpha1.AccessPeriod{{DayOfWeek: "Friday", From: "22:00", To: "06:00"}}
			})))
		}, "spec.filters.accessTime[]: to must be later than from"),
		Entry("an access time that is no HH:MM", func() client.Object {
			return acctUser(userSettings(filters(func(f *v1alpha1.AccountFilters) {
				f.AccessTime = []v1alpha1.AccessPeriod{{DayOfWeek: "Friday", From: "8:00", To: "24:00"}}
			})))
		}, "spec.filters.accessTime[0].from", "spec.filters.accessTime[0].to"),

		// Storage.
		Entry("type S3 without its block", func() client.Object {
			return acctUser(userSettings(storage(v1alpha1.AccountStorage{Type: v1alpha1.StorageS3})))
		}, "spec.storage.s3 is required with type S3", "set spec.storage.s3"),
		Entry("an S3 block with the default type Local", func() client.Object {
			st := s3(func(*v1alpha1.S3Storage) {})
			st.Type = ""
			return acctUser(userSettings(storage(st)))
		}, "spec.storage.s3 is required with type S3, and only with it"),
		Entry("type LocalEncrypted without its passphrase", func() client.Object {
			return acctGroup(groupSettings(storage(v1alpha1.AccountStorage{Type: v1alpha1.StorageLocalEncrypted})))
		}, "spec.storage.localEncrypted is required with type LocalEncrypted"),
		Entry("a GCS block with type S3", func() client.Object {
			st := s3(func(*v1alpha1.S3Storage) {})
			st.GCS = &v1alpha1.GCSStorage{Bucket: "b"}
			return acctFolder(func(s *v1alpha1.SFTPGoFolderSpec) { s.Storage = &st })
		}, "spec.storage.gcs is required with type GCS, and only with it"),
		Entry("type AzureBlob without its block", func() client.Object {
			return acctFolder(func(s *v1alpha1.SFTPGoFolderSpec) {
				s.Storage = &v1alpha1.AccountStorage{Type: v1alpha1.StorageAzureBlob}
			})
		}, "spec.storage.azureBlob is required with type AzureBlob"),
		Entry("S3 without region or endpoint", func() client.Object {
			return acctUser(userSettings(storage(s3(func(b *v1alpha1.S3Storage) { b.Region = "" }))))
		}, "spec.storage.s3 needs region", "or endpoint"),
		Entry("an S3 access key without its secret", func() client.Object {
			return acctUser(userSettings(storage(s3(func(b *v1alpha1.S3Storage) { b.AccessKey = "AKIA" }))))
		}, "spec.storage.s3: accessKey and accessSecret go together"),
		Entry("an S3 secret without its access key", func() client.Object {
			return acctGroup(groupSettings(storage(s3(func(b *v1alpha1.S3Storage) { b.AccessSecret = secretKey("s3", "") }))))
		}, "spec.storage.s3: accessKey and accessSecret go together"),
		Entry("an S3 endpoint without a scheme", func() client.Object {
			return acctUser(userSettings(storage(s3(func(b *v1alpha1.S3Storage) { b.Endpoint = "minio.example.com:9000" }))))
		}, "spec.storage.s3.endpoint must be an http or https URL"),
		Entry("an S3 key prefix with a leading slash", func() client.Object {
			return acctUser(userSettings(storage(s3(func(b *v1alpha1.S3Storage) { b.KeyPrefix = "/users/" }))))
		}, "spec.storage.s3.keyPrefix must be a clean relative path ending with '/'"),
		Entry("an S3 key prefix without a trailing slash", func() client.Object {
			return acctUser(userSettings(storage(s3(func(b *v1alpha1.S3Storage) { b.KeyPrefix = "users" }))))
		}, "spec.storage.s3.keyPrefix must be a clean relative path ending with '/'"),
		Entry("an S3 key prefix with '..'", func() client.Object {
			return acctUser(userSettings(storage(s3(func(b *v1alpha1.S3Storage) { b.KeyPrefix = "../users/" }))))
		}, "spec.storage.s3.keyPrefix must be a clean relative path"),
		Entry("an S3 upload part below 5Mi", func() client.Object {
			return acctUser(userSettings(storage(s3(func(b *v1alpha1.S3Storage) { b.UploadPartSize = acctQ("1Mi") }))))
		}, "spec.storage.s3.uploadPartSize must be between 5Mi and 2000Mi"),
		Entry("an S3 download part above 2000Mi", func() client.Object {
			return acctUser(userSettings(storage(s3(func(b *v1alpha1.S3Storage) { b.DownloadPartSize = acctQ("3Gi") }))))
		}, "spec.storage.s3.downloadPartSize must be between 5Mi and 2000Mi"),
		Entry("an S3 concurrency above 64", func() client.Object {
			return acctUser(userSettings(storage(s3(func(b *v1alpha1.S3Storage) { b.UploadConcurrency = 65 }))))
		}, "spec.storage.s3.uploadConcurrency", "less than or equal to 64"),
		Entry("a GCS key prefix with '//'", func() client.Object {
			return acctUser(userSettings(storage(gcs(func(b *v1alpha1.GCSStorage) { b.KeyPrefix = "a//b/" }))))
		}, "spec.storage.gcs.keyPrefix must be a clean relative path"),
		Entry("a GCS upload part above 2000Mi", func() client.Object {
			return acctUser(userSettings(storage(gcs(func(b *v1alpha1.GCSStorage) { b.UploadPartSize = acctQ("4Gi") }))))
		}, "spec.storage.gcs.uploadPartSize must be between 1Mi and 2000Mi"),
		Entry("Azure with neither account nor SAS URL", func() client.Object {
			return acctUser(userSettings(storage(azure(func(b *v1alpha1.AzureBlobStorage) { b.AccountName = "" }))))
		}, "spec.storage.azureBlob takes either sasURLSecret", "set one of them"),
		Entry("Azure with both an account and a SAS URL", func() client.Object {
			return acctUser(userSettings(storage(azure(func(b *v1alpha1.AzureBlobStorage) { b.SASURLSecret = secretKey("az", "") }))))
		}, "spec.storage.azureBlob takes either sasURLSecret"),
		Entry("an Azure account key without account name", func() client.Object {
			return acctUser(userSettings(storage(azure(func(b *v1alpha1.AzureBlobStorage) {
				b.AccountName = ""
				b.SASURLSecret = secretKey("az", "")
				b.AccountKeySecret = secretKey("az", "key")
			}))))
		}, "spec.storage.azureBlob.accountKeySecret needs accountName"),
		Entry("Azure with an account and no container", func() client.Object {
			return acctUser(userSettings(storage(azure(func(b *v1alpha1.AzureBlobStorage) { b.Container = "" }))))
		}, "spec.storage.azureBlob.container is required unless sasURLSecret"),
		Entry("an Azure endpoint with white space", func() client.Object {
			return acctUser(userSettings(storage(azure(func(b *v1alpha1.AzureBlobStorage) { b.Endpoint = "blob.core windows.net" }))))
		}, "spec.storage.azureBlob.endpoint must not contain white space"),
		Entry("an Azure key prefix with a leading slash", func() client.Object {
			return acctUser(userSettings(storage(azure(func(b *v1alpha1.AzureBlobStorage) { b.KeyPrefix = "/a/" }))))
		}, "spec.storage.azureBlob.keyPrefix must be a clean relative path"),
		Entry("an Azure upload part above 2000Mi", func() client.Object {
			return acctUser(userSettings(storage(azure(func(b *v1alpha1.AzureBlobStorage) { b.UploadPartSize = acctQ("3000Mi") }))))
		}, "spec.storage.azureBlob.uploadPartSize must be between 1Mi and 2000Mi"),
		Entry("an Azure download part of 0", func() client.Object {
			return acctUser(userSettings(storage(azure(func(b *v1alpha1.AzureBlobStorage) { b.DownloadPartSize = acctQ("0") }))))
		}, "spec.storage.azureBlob.downloadPartSize must be between 1Mi and 2000Mi"),

		// Virtual folders.
		Entry("a user's folder at \"/\"", func() client.Object {
			return acctUser(userSettings(mounts(v1alpha1.VirtualFolderMount{Name: "shared", VirtualPath: "/"})))
		}, `spec.virtualFolders[].virtualPath must not be "/" for a user`, "/shared"),
		Entry("two folders at the same path", func() client.Object {
			return acctGroup(groupSettings(mounts(
				v1alpha1.VirtualFolderMount{Name: "a", VirtualPath: "/shared"},
				v1alpha1.VirtualFolderMount{Name: "b", VirtualPath: "/shared"})))
		}, "spec.virtualFolders: two folders are mounted at the same virtualPath"),
		Entry("the same folder twice", func() client.Object {
			return acctUser(userSettings(mounts(
				v1alpha1.VirtualFolderMount{Name: "a", VirtualPath: "/a"},
				v1alpha1.VirtualFolderMount{Name: "a", VirtualPath: "/b"})))
		}, "spec.virtualFolders[1]", "Duplicate value"),
		Entry("a relative virtual path", func() client.Object {
			return acctUser(userSettings(mounts(v1alpha1.VirtualFolderMount{Name: "a", VirtualPath: "shared"})))
		}, "spec.virtualFolders[].virtualPath must be a clean absolute path"),
		Entry("a negative folder quota", func() client.Object {
			return acctUser(userSettings(mounts(v1alpha1.VirtualFolderMount{Name: "a", VirtualPath: "/a",
				Quota: &v1alpha1.VirtualFolderQuota{Size: acctQ("-1")}})))
		}, "spec.virtualFolders[].quota.size must be a number of bytes, 0 or more"),

		// Users.
		Entry("two primary groups", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) {
				s.Groups = []v1alpha1.UserGroup{{Name: "a", Type: "Primary"}, {Name: "b", Type: "Primary"}}
			})
		}, "spec.groups: at most one group can be Primary"),
		Entry("an email address without a domain", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) { s.Email = "alice@localhost" })
		}, "spec.email must be an email address"),
		Entry("an additional email address that is none", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) { s.AdditionalEmails = []string{"alice"} })
		}, "spec.additionalEmails: every entry must be an email address"),
		Entry("two public keys in one entry", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) {
				s.PublicKeys = []string{"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 a\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5 b"}
			})
		}, "spec.publicKeys: one key per entry"),
		Entry("a private key as public key", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) { s.PublicKeys = []string{"-----BEGIN OPENSSH PRIVATE KEY-----"} })
		}, "spec.publicKeys: every entry must be an authorized_keys line"),
		Entry("a DSA key", func() client.Object {
			return acctUser(func(s *v1alpha1.SFTPGoUserSpec) { s.PublicKeys = []string{"ssh-dss AAAAB3NzaC1kc3MAAACBAP alice@old"} })
		}, "spec.publicKeys: DSA keys (ssh-dss) are insecure"),

		// Admins.
		Entry("a role admin as super admin", func() client.Object {
			return acctAdmin(func(s *v1alpha1.SFTPGoAdminSpec) {
				s.Role = "support"
				s.Permissions = []v1alpha1.AdminPermission{"*"}
			})
		}, `an admin with a role cannot be a super admin ("*")`, "remove spec.role"),
		Entry("\"*\" with other admin permissions", func() client.Object {
			return acctAdmin(func(s *v1alpha1.SFTPGoAdminSpec) { s.Permissions = []v1alpha1.AdminPermission{"*", "view_users"} })
		}, `spec.permissions: "*" grants every permission and stands alone`),
		Entry("an admin without permissions", func() client.Object {
			return acctAdmin(func(s *v1alpha1.SFTPGoAdminSpec) { s.Permissions = []v1alpha1.AdminPermission{} })
		}, "spec.permissions"),
		Entry("an unknown admin permission", func() client.Object {
			return acctAdmin(func(s *v1alpha1.SFTPGoAdminSpec) { s.Permissions = []v1alpha1.AdminPermission{"manage_admins"} })
		}, "Unsupported value", `"manage_admins"`),
		Entry("an admin allowed from an address that is no CIDR", func() client.Object {
			return acctAdmin(func(s *v1alpha1.SFTPGoAdminSpec) { s.AllowedIPs = []string{"10.0.0.1"} })
		}, "spec.allowedIPs: 10.0.0.1 is not a CIDR"),
		Entry("two groups added as primary by an admin", func() client.Object {
			return acctAdmin(func(s *v1alpha1.SFTPGoAdminSpec) {
				s.Groups = []v1alpha1.AdminGroup{{Name: "a", AddToUsersAs: "Primary"}, {Name: "b", AddToUsersAs: "Primary"}}
			})
		}, "spec.groups: at most one group can be added as Primary"),
		Entry("an admin email address that is none", func() client.Object {
			return acctAdmin(func(s *v1alpha1.SFTPGoAdminSpec) { s.Email = "admin" })
		}, "spec.email must be an email address"),
	)

	Describe("transition rules", func() {
		// update creates obj, applies change to it, and returns the
		// update's error.
		update := func(obj client.Object, change func(client.Object)) error {
			Expect(acctCreate(obj)).To(Succeed())
			change(obj)
			return k8sClient.Update(ctx, obj)
		}
		setUsername := func(name v1alpha1.SFTPGoName) func(client.Object) {
			return func(o client.Object) { o.(*v1alpha1.SFTPGoUser).Spec.Username = name }
		}

		It("keeps the username: unset and then set to metadata.name is no change", func() {
			u := acctUser()
			Expect(update(u, setUsername(v1alpha1.SFTPGoName(u.GetName())))).To(Succeed())
		})
		It("keeps the username: set to metadata.name and then unset is no change", func() {
			u := acctUser()
			u.(*v1alpha1.SFTPGoUser).Spec.Username = v1alpha1.SFTPGoName(u.GetName())
			Expect(update(u, setUsername(""))).To(Succeed())
		})
		It("refuses to set a username that differs from metadata.name", func() {
			expectRefused(update(acctUser(), setUsername("someone-else")),
				"spec.username cannot change", "create a new SFTPGoUser")
		})
		It("refuses to change the username", func() {
			u := acctUser(func(s *v1alpha1.SFTPGoUserSpec) { s.Username = "alice" })
			expectRefused(update(u, setUsername("alicia")), "spec.username cannot change")
		})
		It("refuses to unset a username that differs from metadata.name", func() {
			u := acctUser(func(s *v1alpha1.SFTPGoUserSpec) { s.Username = "alice" })
			expectRefused(update(u, setUsername("")), "spec.username cannot change")
		})
		It("refuses to change an admin's username", func() {
			a := acctAdmin()
			expectRefused(update(a, func(o client.Object) { o.(*v1alpha1.SFTPGoAdmin).Spec.Username = "root" }),
				"spec.username cannot change", "create a new SFTPGoAdmin")
		})
		It("refuses to change a group's name", func() {
			g := acctGroup()
			expectRefused(update(g, func(o client.Object) { o.(*v1alpha1.SFTPGoGroup).Spec.Name = "other" }),
				"spec.name cannot change", "create a new SFTPGoGroup")
		})
		It("refuses to change a folder's name", func() {
			f := acctFolder(func(s *v1alpha1.SFTPGoFolderSpec) { s.Name = "shared" })
			expectRefused(update(f, func(o client.Object) { o.(*v1alpha1.SFTPGoFolder).Spec.Name = "common" }),
				"spec.name cannot change", "create a new SFTPGoFolder")
		})
		It("refuses to move a user to another server", func() {
			expectRefused(update(acctUser(), func(o client.Object) { o.(*v1alpha1.SFTPGoUser).Spec.Server.Name = "other" }),
				"spec.server cannot change", "create a new resource")
		})
		It("refuses to move a folder to a server named by a connection Secret", func() {
			expectRefused(update(acctFolder(), func(o client.Object) {
				o.(*v1alpha1.SFTPGoFolder).Spec.Server = v1alpha1.ServerReference{ConnectionSecret: &v1alpha1.SecretReference{Name: "ext"}}
			}), "spec.server cannot change")
		})
		It("accepts other changes", func() {
			Expect(update(acctUser(), func(o client.Object) {
				u := o.(*v1alpha1.SFTPGoUser)
				u.Spec.Description = "changed"
				u.Spec.Enabled = ptr.To(false)
				u.Spec.Quota = &v1alpha1.Quota{Size: acctQ("1Gi")}
			})).To(Succeed())
		})
	})

	It("takes every sample of config/samples", func() {
		root, err := testenv.RepoRoot()
		Expect(err).NotTo(HaveOccurred())
		ns := &unstructured.Unstructured{}
		ns.SetAPIVersion("v1")
		ns.SetKind("Namespace")
		ns.SetName(acctName("samples"))
		Expect(k8sClient.Create(ctx, ns)).To(Succeed())
		paths, err := filepath.Glob(filepath.Join(root, "config", "samples", "*.yaml"))
		Expect(err).NotTo(HaveOccurred())
		kinds := map[string]bool{}
		for _, p := range paths {
			if filepath.Base(p) == "kustomization.yaml" {
				continue
			}
			for _, obj := range readAccountSamples(p) {
				obj.SetNamespace(ns.GetName())
				Expect(k8sClient.Create(ctx, obj)).To(Succeed(), "%s: %s %s", filepath.Base(p), obj.GetKind(), obj.GetName())
				kinds[obj.GetKind()] = true
			}
		}
		got := make([]string, 0, len(kinds))
		for k := range kinds {
			got = append(got, k)
		}
		slices.Sort(got)
		Expect(got).To(Equal([]string{"SFTPGo", "SFTPGoAdmin", "SFTPGoFolder", "SFTPGoGroup", "SFTPGoUser", "Secret"}))
	})
})

// readAccountSamples decodes the YAML documents of a sample file.
func readAccountSamples(path string) []*unstructured.Unstructured {
	f, err := os.Open(path)
	Expect(err).NotTo(HaveOccurred())
	defer f.Close()
	dec := utilyaml.NewYAMLOrJSONDecoder(bufio.NewReader(f), 4096)
	var objs []*unstructured.Unstructured
	for {
		obj := &unstructured.Unstructured{}
		err := dec.Decode(&obj.Object)
		if errors.Is(err, io.EOF) {
			return objs
		}
		Expect(err).NotTo(HaveOccurred(), path)
		if len(obj.Object) > 0 {
			objs = append(objs, obj)
		}
	}
}
