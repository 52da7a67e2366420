package controllers

import (
	"context"
	"slices"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/outcome"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// readRollout reads, from the cache, what the instance runs (the image of
// its Deployment's pod template) and its migration Jobs, and resolves the
// image the Deployment gets and the migration Job it wants from them.
func (r *SFTPGoReconciler) readRollout(ctx context.Context, in *resolve.Instance) error {
	var live resolve.LiveRollout
	var deploy appsv1.Deployment
	err := r.Get(ctx, client.ObjectKey{Namespace: in.Namespace, Name: in.Name}, &deploy)
	switch {
	case err == nil && ownedBy(in)(&deploy):
		live.RunningImage = sftpgoImage(&deploy.Spec.Template.Spec)
	case client.IgnoreNotFound(err) != nil:
		return err
	}
	var jobs batchv1.JobList
	if err := r.List(ctx, &jobs, client.InNamespace(in.Namespace),
		client.MatchingLabels(manifests.Labels(in, manifests.ComponentMigration))); err != nil {
		return err
	}
	for i := range jobs.Items {
		if j := &jobs.Items[i]; ownedBy(in)(j) {
			live.Jobs = append(live.Jobs, liveMigrationJob(j))
		}
	}
	slices.SortFunc(live.Jobs, func(a, b resolve.LiveMigrationJob) int { return strings.Compare(a.Name, b.Name) })
	in.ResolveRollout(live)
	return nil
}

// sftpgoImage is the SFTPGo container's image in a pod template (the
// Deployment's or a migration Job's); empty when it has none.
func sftpgoImage(pod *corev1.PodSpec) string {
	for _, c := range pod.Containers {
		if c.Name == manifests.ContainerName {
			return c.Image
		}
	}
	return ""
}

// liveMigrationJob reads a Job's image and result: finished once it has
// its Complete or Failed condition (set once its pods are gone).
func liveMigrationJob(j *batchv1.Job) resolve.LiveMigrationJob {
	out := resolve.LiveMigrationJob{Name: j.Name, Image: sftpgoImage(&j.Spec.Template.Spec)}
	for _, c := range j.Status.Conditions {
		if c.Status != corev1.ConditionTrue {
			continue
		}
		switch c.Type {
		case batchv1.JobComplete:
			out.Finished, out.Succeeded = true, true
		case batchv1.JobFailed:
			out.Finished, out.Message = true, strings.TrimSpace(c.Reason+": "+c.Message)
		}
	}
	return out
}

// migrationOutcome is what an unfinished or failed migration makes of a
// reconcile that applied everything: nil when no migration holds the
// Deployment back.
func migrationOutcome(in *resolve.Instance) error {
	job := in.MigrationJob
	if job == "" { // created by this reconcile, not in the cache yet
		job = manifests.MigrationJobName(in, in.MigrationImage)
	}
	switch in.Migration {
	case resolve.MigrationRunning:
		return &outcome.MigrationError{Job: job, Image: in.MigrationImage, Running: in.RunningImage}
	case resolve.MigrationFailed:
		return &outcome.MigrationError{Job: job, Image: in.MigrationImage, Running: in.RunningImage,
			Failed: true, Message: in.MigrationMessage}
	}
	return nil
}

// rolledOut reports whether every pod of the Deployment runs its current
// template: status.version then reports that template's image.
func rolledOut(d *appsv1.Deployment, want int32) bool {
	st := d.Status
	return want > 0 && d.Generation > 0 && st.ObservedGeneration >= d.Generation &&
		st.UpdatedReplicas >= want && st.Replicas == st.UpdatedReplicas && st.AvailableReplicas >= want
}

// runningVersion is status.version for an image: its SFTPGo release, or
// "unknown" when its tag names none.
func runningVersion(image string) string {
	if v, ok := resolve.ImageVersion(image); ok {
		return v.String()
	}
	return "unknown"
}
