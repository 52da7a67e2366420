package v1alpha1_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

func withBackup(mutate func(*v1alpha1.BackupSpec)) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) {
		sp.Backup = &v1alpha1.BackupSpec{Schedule: "@daily", S3: v1alpha1.BackupS3{
			Endpoint: "https://s3.eu-west-1.amazonaws.com", Bucket: "sftpgo-backups",
			CredentialsSecret: v1alpha1.S3CredentialsSecretReference{SecretReference: v1alpha1.SecretReference{Name: "s3"}},
		}}
		if mutate != nil {
			mutate(sp.Backup)
		}
	}
}

var _ = Describe("spec.backup", func() {
	It("defaults the retention and the Secret keys as Default() does", func() {
		s := sftpgo(withBackup(func(b *v1alpha1.BackupSpec) { b.Retention.MaxAge = &metav1.Duration{Duration: 720 * time.Hour} }))
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		got := &v1alpha1.SFTPGo{}
		Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), got)).To(Succeed())
		Expect(got.Spec.Backup.Retention.Keep).To(Equal(ptr.To[int32](7)))
		Expect(got.Spec.Backup.S3.CredentialsSecret.AccessKeyIDKey).To(Equal("accessKeyID"))
		Expect(got.Spec.Backup.S3.CredentialsSecret.SecretAccessKeyKey).To(Equal("secretAccessKey"))
		want := s.DeepCopy()
		want.Default()
		Expect(equality.Semantic.DeepEqual(got.Spec, want.Spec)).To(BeTrue(), "the CRD defaults and (*SFTPGo).Default differ")
		Expect(k8sClient.Delete(ctx, got)).To(Succeed())
	})

	DescribeTable("refuses what cannot work",
		func(mutate func(*v1alpha1.BackupSpec), message string) {
			err := k8sClient.Create(ctx, sftpgo(withBackup(mutate)))
			Expect(apierrors.IsInvalid(err)).To(BeTrue(), "want an Invalid error, got %v", err)
			Expect(err.Error()).To(ContainSubstring(message))
		},
		Entry("an endpoint without scheme", func(b *v1alpha1.BackupSpec) { b.S3.Endpoint = "s3.amazonaws.com" },
			"spec.backup.s3.endpoint must be a URL"),
		Entry("an endpoint with a path", func(b *v1alpha1.BackupSpec) { b.S3.Endpoint = "https://minio.example.com/bucket" },
			"spec.backup.s3.endpoint must be a URL"),
		Entry("no schedule", func(b *v1alpha1.BackupSpec) { b.Schedule = "" }, "spec.backup.schedule"),
		Entry("keep 0", func(b *v1alpha1.BackupSpec) { b.Retention.Keep = ptr.To[int32](0) }, "spec.backup.retention.keep"),
		Entry("a bucket name too short", func(b *v1alpha1.BackupSpec) { b.S3.Bucket = "ab" }, "spec.backup.s3.bucket"),
		Entry("no credentials Secret", func(b *v1alpha1.BackupSpec) { b.S3.CredentialsSecret.Name = "" },
			"spec.backup.s3.credentialsSecret.name"),
		Entry("a bad key name", func(b *v1alpha1.BackupSpec) { b.S3.CredentialsSecret.AccessKeyIDKey = "a/b" },
			"accessKeyIDKey must be a Secret key"),
	)
})
