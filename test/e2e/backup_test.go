package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/backup"
	"github.com/sftpgo-operator/sftpgo-operator/internal/backup/s3fake"
	"github.com/sftpgo-operator/sftpgo-operator/internal/keys"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

// TestBackupRestoresIntoANewSFTPGo: the operator backs up a real SFTPGo
// with a user to a (fake) S3 bucket; the backup, loaded with loaddata into
// a fresh SFTPGo with an operator admin of its own, brings the user back
// (she logs in with her password) and leaves the new operator admin
// working, as docs/backup.md says.
func TestBackupRestoresIntoANewSFTPGo(t *testing.T) {
	bin, share := sftpgoBuild(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := startOperatorEnv(ctx, t)
	k8s := e.k8s
	s3 := s3fake.New("backups")
	defer s3.Close()
	var sftpgo *sftpgoServer

	must(t, k8s.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "e2e"}}))
	must(t, k8s.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "s3", Namespace: "e2e"},
		StringData: map[string]string{"accessKeyID": s3fake.AccessKeyID, "secretAccessKey": s3fake.SecretAccessKey}}))
	s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: "e2e"}, Spec: v1alpha1.SFTPGoSpec{
		Backup: &v1alpha1.BackupSpec{Schedule: "@daily", Suspend: true, S3: v1alpha1.BackupS3{
			Endpoint: s3.URL, Bucket: "backups", Region: "us-east-1", ForcePathStyle: true,
			CredentialsSecret: v1alpha1.S3CredentialsSecretReference{SecretReference: v1alpha1.SecretReference{Name: "s3"}},
		}},
	}}
	must(t, k8s.Create(ctx, s))

	t.Log("the first SFTPGo, with its operator admin, and a user made in its web admin")
	var admin corev1.Secret
	eventually(t, func() error {
		return k8s.Get(ctx, client.ObjectKey{Namespace: "e2e", Name: "files-operator-admin"}, &admin)
	})
	sftpgo = startSFTPGo(t, bin, share, t.TempDir(), admin.Data["operator-admin.json"])
	e.serve(sftpgo)
	markAvailable(ctx, t, k8s)
	if code := sftpgo.asAdmin(t, http.MethodPost, "/api/v2/users", map[string]any{
		"username": "carol", "password": "carol-Pass-123", "status": 1, "permissions": map[string][]string{"/": {"*"}},
	}); code != http.StatusCreated {
		t.Fatalf("creating carol = %d", code)
	}

	t.Log("a backup asked for with the annotation")
	eventually(t, func() error {
		if err := k8s.Get(ctx, client.ObjectKeyFromObject(s), s); err != nil {
			return err
		}
		s.Annotations = map[string]string{v1alpha1.AnnotationBackupNow: "restore-test"}
		return k8s.Update(ctx, s)
	})
	var object string
	eventually(t, func() error {
		if err := k8s.Get(ctx, client.ObjectKeyFromObject(s), s); err != nil {
			return err
		}
		if b := s.Status.Backup; b != nil && b.LastRequest == "restore-test" && b.LastSuccessObject != "" {
			object = b.LastSuccessObject
			return nil
		}
		return fmt.Errorf("no backup yet: %+v", s.Status.Backup)
	})
	store, err := backup.NewS3(backup.S3Config{Endpoint: s3.URL, Bucket: "backups", Region: "us-east-1",
		ForcePathStyle: true, AccessKeyID: s3fake.AccessKeyID, SecretAccessKey: s3fake.SecretAccessKey})
	must(t, err)
	dump, err := store.Get(ctx, strings.TrimPrefix(object, "s3://backups/"))
	must(t, err)
	if strings.Contains(string(dump), `"`+manifests.OperatorAdminUsername+`"`) {
		t.Errorf("the backup holds the operator's admin")
	}
	if !strings.Contains(string(dump), `"carol"`) {
		t.Fatalf("the backup has no carol: %s", dump)
	}

	t.Log("a new SFTPGo with an operator admin of its own; the backup loaded into it (mode 0)")
	newAdmin, err := keys.OperatorAdmin(manifests.OperatorAdminUsername, manifests.OperatorAdminDescription)
	must(t, err)
	restored := startSFTPGo(t, bin, share, t.TempDir(), newAdmin[sftpgoconfig.OperatorAdminFileName])
	api, err := sftpgoapi.New(sftpgoapi.Config{URL: "http://" + restored.webAddr,
		Username: string(newAdmin[keys.OperatorAdminUsernameKey]), Password: string(newAdmin[keys.OperatorAdminPasswordKey])})
	must(t, err)
	if err := api.LoadData(ctx, dump, sftpgoapi.LoadAddAndUpdate); err != nil {
		t.Fatalf("loaddata: %v", err)
	}
	if err := restored.sshLogin("carol", ssh.Password("carol-Pass-123")); err != nil {
		t.Errorf("carol's login on the restored SFTPGo: %v", err)
	}

	t.Log("the new operator admin still works (a fresh client: a new token)")
	fresh, err := sftpgoapi.New(sftpgoapi.Config{URL: "http://" + restored.webAddr,
		Username: string(newAdmin[keys.OperatorAdminUsernameKey]), Password: string(newAdmin[keys.OperatorAdminPasswordKey])})
	must(t, err)
	if _, err := fresh.DumpData(ctx); err != nil {
		t.Errorf("the new instance's operator admin after the restore: %v", err)
	}

	t.Log("why the operator removes its admin: SFTPGo's own dump, loaded the same way, locks the new operator admin out")
	old, err := sftpgoapi.New(sftpgoapi.Config{URL: "http://" + sftpgo.webAddr,
		Username: string(admin.Data[keys.OperatorAdminUsernameKey]), Password: string(admin.Data[keys.OperatorAdminPasswordKey])})
	must(t, err)
	whole, err := old.DumpData(ctx)
	must(t, err)
	third := startSFTPGo(t, bin, share, t.TempDir(), newAdmin[sftpgoconfig.OperatorAdminFileName])
	api3, err := sftpgoapi.New(sftpgoapi.Config{URL: "http://" + third.webAddr,
		Username: string(newAdmin[keys.OperatorAdminUsernameKey]), Password: string(newAdmin[keys.OperatorAdminPasswordKey])})
	must(t, err)
	must(t, api3.LoadData(ctx, whole, sftpgoapi.LoadAddAndUpdate))
	locked, err := sftpgoapi.New(sftpgoapi.Config{URL: "http://" + third.webAddr,
		Username: string(newAdmin[keys.OperatorAdminUsernameKey]), Password: string(newAdmin[keys.OperatorAdminPasswordKey])})
	must(t, err)
	if _, err := locked.DumpData(ctx); err == nil {
		t.Errorf("the whole dump did not replace the new operator admin's password: the reason to remove it is gone")
	}
}
