package controllers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/metrics"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/backup"
	"github.com/sftpgo-operator/sftpgo-operator/internal/backup/s3fake"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi/fake"
)

// backupSeries reads the backup series of one SFTPGo: `name{labels} value`
// lines, sorted.
func backupSeries(ns, name string) []string {
	GinkgoHelper()
	families, err := metrics.Registry.Gather()
	Expect(err).NotTo(HaveOccurred())
	var lines []string
	for _, f := range families {
		if !strings.HasPrefix(f.GetName(), "sftpgo_operator_backup") {
			continue
		}
		for _, m := range f.GetMetric() {
			var labels []string
			mine := 0
			for _, l := range m.GetLabel() {
				labels = append(labels, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
				if (l.GetName() == "namespace" && l.GetValue() == ns) || (l.GetName() == "name" && l.GetValue() == name) {
					mine++
				}
			}
			if mine == 2 {
				v := m.GetGauge().GetValue()
				if m.GetCounter() != nil {
					v = m.GetCounter().GetValue()
				}
				lines = append(lines, fmt.Sprintf("%s{%s} %g", f.GetName(), strings.Join(labels, ","), v))
			}
		}
	}
	slices.Sort(lines)
	return lines
}

// backupStatus reads status.backup.
func backupStatus(g Gomega, s *v1alpha1.SFTPGo) v1alpha1.BackupStatus {
	var got v1alpha1.SFTPGo
	g.Expect(k8sClient.Get(ctx, key(s.Namespace, s.Name), &got)).To(Succeed())
	if got.Status.Backup == nil {
		return v1alpha1.BackupStatus{}
	}
	return *got.Status.Backup
}

// backupsIn lists the backups of SFTPGo files in ns in the fake bucket.
func backupsIn(s3 *s3fake.Server, ns string) []string {
	GinkgoHelper()
	store, err := backup.NewS3(backup.S3Config{Endpoint: s3.URL, Bucket: "backups", Region: "us-east-1",
		ForcePathStyle: true, AccessKeyID: s3fake.AccessKeyID, SecretAccessKey: s3fake.SecretAccessKey})
	Expect(err).NotTo(HaveOccurred())
	list, err := store.List(context.Background(), backup.InstancePrefix("sftpgo/", ns, "files"))
	Expect(err).NotTo(HaveOccurred())
	var keys []string
	for _, o := range list {
		keys = append(keys, o.Key)
	}
	slices.Sort(keys)
	return keys
}

func readBackup(s3 *s3fake.Server, key string) []byte {
	GinkgoHelper()
	store, err := backup.NewS3(backup.S3Config{Endpoint: s3.URL, Bucket: "backups", Region: "us-east-1",
		ForcePathStyle: true, AccessKeyID: s3fake.AccessKeyID, SecretAccessKey: s3fake.SecretAccessKey})
	Expect(err).NotTo(HaveOccurred())
	data, err := store.Get(context.Background(), key)
	Expect(err).NotTo(HaveOccurred())
	return data
}

var _ = Describe("Backups", func() {
	var (
		ns     string
		s3     *s3fake.Server
		server *fake.Server
		s      *v1alpha1.SFTPGo
	)

	// A served SFTPGo "files" with user alice, backed up to the fake
	// bucket "backups" under sftpgo/ as schedule says.
	setup := func(schedule string, suspend bool) {
		ns = newNamespace()
		s3 = s3fake.New("backups")
		DeferCleanup(s3.Close)
		Expect(k8sClient.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "s3-creds", Namespace: ns},
			StringData: map[string]string{"accessKeyID": s3fake.AccessKeyID, "secretAccessKey": s3fake.SecretAccessKey}})).To(Succeed())
		s = issueExample(ns)
		s.Spec.Backup = &v1alpha1.BackupSpec{
			Schedule: schedule, Suspend: suspend,
			Retention: v1alpha1.BackupRetention{Keep: ptr.To[int32](2)},
			S3: v1alpha1.BackupS3{Endpoint: s3.URL, Bucket: "backups", Region: "us-east-1", Prefix: "sftpgo/",
				ForcePathStyle: true, CredentialsSecret: v1alpha1.S3CredentialsSecretReference{
					SecretReference: v1alpha1.SecretReference{Name: "s3-creds"}}},
		}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		server = fake.New()
		DeferCleanup(server.Close)
		serveFakeAs(server, ns, "files")
		admin := get(&corev1.Secret{}, ns, "files-operator-admin")
		server.AddAdmin(string(admin.Data["username"]), string(admin.Data["password"]))
		server.PutUser(sftpgoapi.User{Username: "alice", Status: 1, HomeDir: "/srv/sftpgo/data/alice",
			Permissions: map[string][]string{"/": {"*"}}, Password: "$2a$10$alicehash"})
	}

	It("writes a due backup to the bucket, reports it in status and metrics, and applies the retention", func() {
		setup("@every 2s", false)

		By("no ready pod yet: the due backups wait, recording nothing")
		Consistently(func(g Gomega) {
			g.Expect(backupStatus(g, s)).To(Equal(v1alpha1.BackupStatus{}))
		}, "5s").Should(Succeed())

		By("served: the next one is written, without the operator's admin")
		markAvailable(ns, "files")
		var st v1alpha1.BackupStatus
		Eventually(func(g Gomega) {
			st = backupStatus(g, s)
			g.Expect(st.LastSuccessTime).NotTo(BeNil())
		}).Should(Succeed())
		objectKey, ok := strings.CutPrefix(st.LastSuccessObject, "s3://backups/")
		Expect(ok).To(BeTrue(), st.LastSuccessObject)
		Expect(objectKey).To(MatchRegexp(`^sftpgo/` + regexp.QuoteMeta(ns) + `/files/\d{8}T\d{6}Z\.json$`))
		var dump struct {
			Users   []sftpgoapi.User  `json:"users"`
			Admins  []sftpgoapi.Admin `json:"admins"`
			Version int               `json:"version"`
		}
		Expect(json.Unmarshal(readBackup(s3, objectKey), &dump)).To(Succeed())
		Expect(dump.Version).To(Equal(17))
		Expect(dump.Users).To(HaveLen(1))
		Expect(dump.Users[0].Username).To(Equal("alice"))
		Expect(dump.Users[0].Password).To(Equal("$2a$10$alicehash"))
		for _, a := range dump.Admins {
			Expect(a.Username).NotTo(Equal(manifests.OperatorAdminUsername))
		}
		Expect(st.LastScheduleTime).NotTo(BeNil())

		By("the metrics follow the status")
		Eventually(func(g Gomega) {
			st := backupStatus(g, s)
			series := backupSeries(ns, "files")
			g.Expect(series).To(ContainElement(fmt.Sprintf(
				`sftpgo_operator_backup_last_success_timestamp_seconds{name="files",namespace=%q} %g`, ns, float64(st.LastSuccessTime.Unix()))))
			g.Expect(series).To(ContainElement(MatchRegexp(`^sftpgo_operator_backups_total\{name="files",namespace=%q,result="success"\} [1-9]`, ns)))
		}).Should(Succeed())

		By("retention: the newest two are kept, the older ones deleted")
		first := objectKey
		Eventually(func(g Gomega) {
			keys := backupsIn(s3, ns)
			g.Expect(keys).To(HaveLen(2))
			g.Expect(keys).NotTo(ContainElement(first))
		}).WithTimeout(30 * 1e9).Should(Succeed())

		By("bad credentials: the failure is reported, the last success stays")
		secret := get(&corev1.Secret{}, ns, "s3-creds")
		secret.Data = map[string][]byte{"accessKeyID": []byte("AKIAWRONG"), "secretAccessKey": []byte("nope-secret")}
		Expect(k8sClient.Update(ctx, secret)).To(Succeed())
		var failed v1alpha1.BackupStatus
		Eventually(func(g Gomega) {
			failed = backupStatus(g, s)
			g.Expect(failed.LastFailureMessage).To(ContainSubstring("HTTP 403"))
			g.Expect(failed.LastFailureTime.After(failed.LastSuccessTime.Time)).To(BeTrue())
		}).Should(Succeed())
		Eventually(func(g Gomega) {
			st := backupStatus(g, s)
			series := backupSeries(ns, "files")
			g.Expect(series).To(ContainElement(fmt.Sprintf(
				`sftpgo_operator_backup_last_failure_timestamp_seconds{name="files",namespace=%q} %g`, ns, float64(st.LastFailureTime.Unix()))))
			g.Expect(series).To(ContainElement(MatchRegexp(`^sftpgo_operator_backups_total\{name="files",namespace=%q,result="failure"\} [1-9]`, ns)))
		}).Should(Succeed())
		Expect(failed.LastFailureMessage).NotTo(ContainSubstring("nope-secret"))
		Expect(failed.LastFailureMessage).NotTo(ContainSubstring("AKIAWRONG"))
		Consistently(func(g Gomega) {
			now := backupStatus(g, s)
			g.Expect(now.LastSuccessTime).To(Equal(failed.LastSuccessTime))
			g.Expect(now.LastSuccessObject).To(Equal(failed.LastSuccessObject))
		}, "5s").Should(Succeed())
		Expect(backupsIn(s3, ns)).To(HaveLen(2))
		By("one event for a failure that repeats")
		n := 0
		for _, e := range warningEvents(ns, "BackupFailed") {
			if strings.Contains(e.Note, "HTTP 403") {
				n++
			}
		}
		Expect(n).To(Equal(1))
	})

	It("takes a backup asked for with the annotation, suspended or not, and reports an unreachable store", func() {
		setup("0 0 1 1 *", true)
		markAvailable(ns, "files")

		By("backup-now: written at once, the request recorded")
		update(s, func(s *v1alpha1.SFTPGo) { s.Annotations = map[string]string{v1alpha1.AnnotationBackupNow: "one"} })
		Eventually(func(g Gomega) {
			st := backupStatus(g, s)
			g.Expect(st.LastRequest).To(Equal("one"))
			g.Expect(st.LastSuccessObject).To(HavePrefix("s3://backups/sftpgo/"+ns+"/files/"), "backup status: %+v", st)
		}).Should(Succeed())
		Expect(backupsIn(s3, ns)).To(HaveLen(1))

		By("the store down: the failure is reported, the success kept, nothing more asked of SFTPGo")
		s3.SetDown(true)
		server.ResetCounters()
		var ok v1alpha1.BackupStatus
		Eventually(func(g Gomega) { ok = backupStatus(g, s) }).Should(Succeed())
		update(s, func(s *v1alpha1.SFTPGo) { s.Annotations[v1alpha1.AnnotationBackupNow] = "two" })
		Eventually(func(g Gomega) {
			st := backupStatus(g, s)
			g.Expect(st.LastRequest).To(Equal("two"))
			g.Expect(st.LastFailureTime).NotTo(BeNil())
			g.Expect(st.LastFailureMessage).To(ContainSubstring("bucket"))
			g.Expect(st.LastSuccessTime).To(Equal(ok.LastSuccessTime))
			g.Expect(st.LastSuccessObject).To(Equal(ok.LastSuccessObject))
		}).Should(Succeed())
		Expect(server.Requests()).NotTo(HaveKey("GET /api/v2/dumpdata"))

		By("spec.backup removed: the series go")
		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Backup = nil })
		Eventually(func() []string { return backupSeries(ns, "files") }).Should(BeEmpty())
	})

	It("reports a schedule that does not parse", func() {
		setup("every day", false)
		Eventually(func(g Gomega) {
			g.Expect(backupStatus(g, s).LastFailureMessage).To(ContainSubstring("spec.backup.schedule"))
		}).Should(Succeed())
		Expect(warningEvents(ns, "BackupFailed")).To(HaveLen(1))
	})
})
