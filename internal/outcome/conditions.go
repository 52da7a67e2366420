package outcome

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// Conditions returns Ready and the kstatus pair Reconciling and Stalled for
// an instance of the given generation and desired replicas, whose
// Deployment is deploy (nil when it does not exist).
//
// Ready is False with the outcome's reason when the reconcile stopped
// short, and otherwise follows the Deployment. An Error finding that blocks
// a change leaves the last coherent settings running: Ready then still
// follows their Deployment. Stalled is True when nothing happens until
// someone changes something; otherwise Reconciling is True while Ready is
// False for a reason that passes by itself (a rollout, a retried error).
func (o Outcome) Conditions(generation int64, replicas int32, deploy *appsv1.Deployment) []metav1.Condition {
	ready := o.ready(generation, replicas, deploy)
	stalled := metav1.Condition{Type: v1alpha1.ConditionStalled, ObservedGeneration: generation,
		Status: metav1.ConditionFalse, Reason: v1alpha1.ReasonReconciled, Message: "Nothing blocks the operator."}
	reconciling := metav1.Condition{Type: v1alpha1.ConditionReconciling, ObservedGeneration: generation,
		Status: metav1.ConditionFalse, Reason: v1alpha1.ReasonReconciled, Message: "The cluster matches the spec."}
	switch {
	case o.Stalled:
		stalled.Status, stalled.Reason, stalled.Message = metav1.ConditionTrue, o.Reason, o.Message
		reconciling.Message = "Stalled: see condition Stalled."
	case ready.Status == metav1.ConditionFalse && ready.Reason != v1alpha1.ReasonScaledToZero:
		reconciling.Status, reconciling.Reason, reconciling.Message = metav1.ConditionTrue, ready.Reason, ready.Message
	}
	return []metav1.Condition{ready, reconciling, stalled}
}

func (o Outcome) ready(generation int64, want int32, deploy *appsv1.Deployment) metav1.Condition {
	c := metav1.Condition{Type: v1alpha1.ConditionReady, ObservedGeneration: generation, Status: metav1.ConditionFalse}
	blockedButRunning := o.Reason == v1alpha1.ReasonBlockedBySecurityError && deploy != nil
	switch {
	case o.Stopped() && !blockedButRunning:
		c.Reason, c.Message = o.Reason, o.Message
		return c
	case deploy == nil:
		c.Reason, c.Message = v1alpha1.ReasonNotDeployed, "The Deployment does not exist yet."
		return c
	}
	st := deploy.Status
	switch {
	case want == 0:
		c.Reason, c.Message = v1alpha1.ReasonScaledToZero, "spec.replicas is 0."
	case st.ObservedGeneration >= deploy.Generation && st.UpdatedReplicas >= want && st.AvailableReplicas >= want:
		c.Status, c.Reason = metav1.ConditionTrue, v1alpha1.ReasonAvailable
		c.Message = fmt.Sprintf("%d/%d replicas ready.", st.ReadyReplicas, want)
	default:
		c.Reason = v1alpha1.ReasonProgressing
		c.Message = fmt.Sprintf("%d/%d replicas ready, %d up to date.", st.ReadyReplicas, want, st.UpdatedReplicas)
	}
	if blockedButRunning {
		c.Message += " Running the last coherent settings: " + o.Message
	}
	return c
}
