package controllers_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/util/retry"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
)

const (
	sftpgo266 = "ghcr.io/drakkan/sftpgo:v2.6.6"
	sftpgo275 = "ghcr.io/drakkan/sftpgo:v2.7.5"
	sftpgo280 = "ghcr.io/drakkan/sftpgo:v2.8.0"
)

// deploymentImage is the SFTPGo image of the instance's Deployment.
func deploymentImage(ns string) string {
	GinkgoHelper()
	return get(&appsv1.Deployment{}, ns, "files").Spec.Template.Spec.Containers[0].Image
}

// rolledOutAt writes the status of a finished rollout of every replica
// (envtest runs no Deployment controller).
func rolledOutAt(ns string, replicas int32) {
	GinkgoHelper()
	Expect(retry.RetryOnConflict(retry.DefaultRetry, func() error {
		d := get(&appsv1.Deployment{}, ns, "files")
		d.Status.ObservedGeneration = d.Generation
		d.Status.Replicas, d.Status.UpdatedReplicas, d.Status.ReadyReplicas, d.Status.AvailableReplicas =
			replicas, replicas, replicas, replicas
		return k8sClient.Status().Update(ctx, d)
	})).To(Succeed())
}

// migrationJobs lists the instance's migration Jobs.
func migrationJobs(ns string) []batchv1.Job {
	GinkgoHelper()
	var jobs batchv1.JobList
	Expect(k8sClient.List(ctx, &jobs, client.InNamespace(ns),
		client.MatchingLabels{manifests.LabelComponent: manifests.ComponentMigration})).To(Succeed())
	return jobs.Items
}

// theMigrationJob waits for the one migration Job and returns it.
func theMigrationJob(ns string) *batchv1.Job {
	GinkgoHelper()
	var job batchv1.Job
	Eventually(func(g Gomega) {
		jobs := migrationJobs(ns)
		g.Expect(jobs).To(HaveLen(1))
		job = jobs[0]
	}).Should(Succeed())
	return &job
}

// finishJob writes the status Kubernetes 1.37 requires of a finished Job
// (envtest runs no Job controller): SuccessCriteriaMet and Complete, or
// FailureTarget and Failed, with the times.
func finishJob(job *batchv1.Job, succeeded bool) {
	GinkgoHelper()
	Expect(retry.RetryOnConflict(retry.DefaultRetry, func() error {
		if err := k8sClient.Get(ctx, client.ObjectKeyFromObject(job), job); err != nil {
			return err
		}
		now := metav1.Now()
		start := metav1.NewTime(now.Add(-time.Minute))
		job.Status.StartTime = &start
		cond := func(t batchv1.JobConditionType, reason, message string) batchv1.JobCondition {
			return batchv1.JobCondition{Type: t, Status: corev1.ConditionTrue, Reason: reason, Message: message,
				LastProbeTime: now, LastTransitionTime: now}
		}
		if succeeded {
			job.Status.Succeeded = 1
			job.Status.CompletionTime = &now
			job.Status.Conditions = []batchv1.JobCondition{
				cond(batchv1.JobSuccessCriteriaMet, "CompletionsReached", "Reached expected number of succeeded pods"),
				cond(batchv1.JobComplete, "CompletionsReached", "Reached expected number of succeeded pods"),
			}
		} else {
			job.Status.Failed = 2
			job.Status.Conditions = []batchv1.JobCondition{
				cond(batchv1.JobFailureTarget, "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
				cond(batchv1.JobFailed, "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
			}
		}
		return k8sClient.Status().Update(ctx, job)
	})).To(Succeed())
}

func reportedVersion(s *v1alpha1.SFTPGo) func() string {
	return func() string {
		var got v1alpha1.SFTPGo
		Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(s), &got)).To(Succeed())
		return got.Status.Version
	}
}

var _ = Describe("Upgrade of SFTPGo with a schema migration", func() {
	var ns string
	BeforeEach(func() { ns = newNamespace() })

	It("migrates a shared database in a Job before the rollout, holds the rollout when it fails, refuses a downgrade", func() {
		Expect(k8sClient.Create(ctx, dbSecret(ns, "s3cret-one"))).To(Succeed())
		s := postgresCluster(ns)
		s.Spec.Replicas = ptr.To[int32](2)
		s.Spec.Image = sftpgo266
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)

		By("a first deployment needs no Job: SFTPGo creates the schema at start")
		Expect(deploymentImage(ns)).To(Equal(sftpgo266))
		Expect(migrationJobs(ns)).To(BeEmpty())
		rolledOutAt(ns, 2)
		Eventually(reportedVersion(s)).Should(Equal("2.6.6"))

		By("changing spec.image, the migration Job runs first and the Deployment keeps the running image")
		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Image = sftpgo275 })
		job := theMigrationJob(ns)
		pod := job.Spec.Template.Spec
		Expect(pod.Containers).To(HaveLen(1))
		Expect(pod.Containers[0].Image).To(Equal(sftpgo275))
		Expect(pod.Containers[0].Args).To(HaveExactElements("initprovider", "--config-file", "/etc/sftpgo/config/sftpgo.json"))
		Expect(pod.RestartPolicy).To(Equal(corev1.RestartPolicyNever))
		Expect(pod.Containers[0].Env).To(ContainElement(HaveField("ValueFrom.SecretKeyRef.Name", "db-creds")))
		Expect(job.OwnerReferences).To(ContainElement(HaveField("Name", "files")))
		Eventually(func() string { return readyCondition(s).Reason }).Should(Equal(v1alpha1.ReasonMigrating))
		Expect(readyCondition(s).Message).To(ContainSubstring(job.Name))
		Consistently(func() string { return deploymentImage(ns) }).WithTimeout(time.Second).Should(Equal(sftpgo266))
		Expect(reportedVersion(s)()).To(Equal("2.6.6"))

		By("the Job completes: the Deployment rolls to the new image")
		finishJob(job, true)
		Eventually(func() string { return deploymentImage(ns) }).Should(Equal(sftpgo275))
		rolledOutAt(ns, 2)
		Eventually(reportedVersion(s)).Should(Equal("2.7.5"))
		Eventually(func() string { return readyCondition(s).Reason }).Should(Equal(v1alpha1.ReasonAvailable))
		By("the Job is removed once the Deployment runs its image")
		Eventually(func() []batchv1.Job { return migrationJobs(ns) }).Should(BeEmpty())

		By("a failed migration holds the rollout, with the Job's reason")
		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Image = sftpgo280 })
		job = theMigrationJob(ns)
		Expect(job.Spec.Template.Spec.Containers[0].Image).To(Equal(sftpgo280))
		finishJob(job, false)
		Eventually(func() string { return readyCondition(s).Reason }).Should(Equal(v1alpha1.ReasonMigrationFailed))
		ready := readyCondition(s)
		Expect(ready.Status).To(Equal(metav1.ConditionFalse))
		Expect(ready.Message).To(ContainSubstring("BackoffLimitExceeded"))
		Expect(ready.Message).To(ContainSubstring(job.Name))
		Expect(condition(s, v1alpha1.ConditionStalled).Status).To(Equal(metav1.ConditionTrue))
		Expect(deploymentImage(ns)).To(Equal(sftpgo275))
		Expect(reportedVersion(s)()).To(Equal("2.7.5"))

		By("deleting the failed Job retries the migration")
		failed := job.UID
		Expect(k8sClient.Delete(ctx, job, client.PropagationPolicy(metav1.DeletePropagationBackground))).To(Succeed())
		Eventually(func(g Gomega) {
			jobs := migrationJobs(ns)
			g.Expect(jobs).To(HaveLen(1))
			g.Expect(jobs[0].UID).NotTo(Equal(failed))
		}).Should(Succeed())
		Eventually(func() string { return readyCondition(s).Reason }).Should(Equal(v1alpha1.ReasonMigrating))

		By("going back to the running release: no migration wanted, once the retried Job has finished")
		finishJob(theMigrationJob(ns), false)
		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Image = sftpgo275 })
		Eventually(func() []batchv1.Job { return migrationJobs(ns) }).Should(BeEmpty())
		Eventually(func() string { return readyCondition(s).Reason }).Should(Equal(v1alpha1.ReasonAvailable))

		By("a downgrade is refused with SEC015, and nothing changes")
		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Image = sftpgo266 })
		Eventually(func() string { return securityCondition(s).Reason }).Should(Equal("SEC015"))
		Expect(securityCondition(s).Message).To(ContainSubstring("is older than the running"))
		Expect(migrationJobs(ns)).To(BeEmpty())
		Consistently(func() string { return deploymentImage(ns) }).WithTimeout(time.Second).Should(Equal(sftpgo275))
		Expect(readyCondition(s).Status).To(Equal(metav1.ConditionTrue), "the running pods still serve")
	})

	It("lets the single SQLite pod migrate itself: no Job, Recreate", func() {
		s := issueExample(ns)
		s.Spec.Image = sftpgo266
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		Expect(get(&appsv1.Deployment{}, ns, "files").Spec.Strategy.Type).To(Equal(appsv1.RecreateDeploymentStrategyType))
		update(s, func(s *v1alpha1.SFTPGo) { s.Spec.Image = sftpgo275 })
		Eventually(func() string { return deploymentImage(ns) }).Should(Equal(sftpgo275))
		Expect(migrationJobs(ns)).To(BeEmpty())
	})
})
