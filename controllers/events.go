package controllers

import (
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/apiutil"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// event records an event on the SFTPGo resource.
func (r *SFTPGoReconciler) event(in *resolve.Instance, eventType, reason, action, format string, args ...any) {
	if r.Recorder == nil {
		return
	}
	r.Recorder.Eventf(in.SFTPGo, nil, eventType, reason, action, format, args...)
}

// eventFindings emits a Warning event for each finding that is new since
// the last status, so a finding is announced once, not on every reconcile.
func (r *SFTPGoReconciler) eventFindings(in *resolve.Instance, before, now []v1alpha1.Finding) {
	for _, f := range now {
		if slices.Contains(before, f) {
			continue
		}
		r.event(in, corev1.EventTypeWarning, f.Rule, "Evaluate", "%s", f.Message)
	}
}

func kind(r *SFTPGoReconciler, obj client.Object) string {
	gvk, err := apiutil.GVKForObject(obj, r.Scheme)
	if err != nil {
		return fmt.Sprintf("%T", obj)
	}
	return gvk.Kind
}

// eventStalled emits a Warning event when the instance becomes stalled, or
// stalled for another reason: once per change, like the findings.
func (r *SFTPGoReconciler) eventStalled(in *resolve.Instance, before, now []metav1.Condition) {
	if c := newlyStalled(before, now); c != nil {
		r.event(in, corev1.EventTypeWarning, c.Reason, "Reconcile", "%s", c.Message)
	}
}

// newlyStalled returns the Stalled condition of now when it is True and
// was not True for the same reason before: what a Warning event
// announces, once per change.
func newlyStalled(before, now []metav1.Condition) *metav1.Condition {
	c := meta.FindStatusCondition(now, v1alpha1.ConditionStalled)
	if c == nil || c.Status != metav1.ConditionTrue {
		return nil
	}
	if old := meta.FindStatusCondition(before, v1alpha1.ConditionStalled); old != nil &&
		old.Status == c.Status && old.Reason == c.Reason {
		return nil
	}
	return c
}
