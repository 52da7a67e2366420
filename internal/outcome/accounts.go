package outcome

import (
	"errors"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// Retry delays of account resources.
const (
	// UnauthorizedRetry: the operator's credentials were refused; they come
	// back when the SFTPGo pods restart (the operator's own admin) or the
	// connection Secret changes (watched), so this is a slow safety net.
	UnauthorizedRetry = 2 * time.Minute
	// UnmanagedDependencyRetry: a group or folder no resource manages may
	// be created in the web UI, which sends no event.
	UnmanagedDependencyRetry = time.Minute
)

// PendingError stops an account's reconcile until something that comes by
// itself happens (its server becomes ready, a group it names is synced),
// which a watch reports: Ready False, Reconciling True, not stalled.
type PendingError struct {
	Reason, Message string
	// RequeueAfter, when set, looks again without an event (a dependency
	// no resource manages).
	RequeueAfter time.Duration
}

func (e *PendingError) Error() string { return e.Message }

// ConflictError says that the account exists on the server and is not
// this resource's (another resource's marker, or none and no adopt annotation).
type ConflictError struct{ Message string }

func (e *ConflictError) Error() string { return e.Message }

// ofAccount classifies what the SFTPGo REST API answered; ok is false for
// errors of another origin.
func ofAccount(err error) (Outcome, bool) {
	var pending *PendingError
	var conflict *ConflictError
	var api *sftpgoapi.Error
	switch {
	case errors.As(err, &pending):
		return Outcome{Reason: pending.Reason, Message: pending.Message, RequeueAfter: pending.RequeueAfter}, true
	case errors.As(err, &conflict):
		return Outcome{Reason: v1alpha1.ReasonConflict, Message: conflict.Message, Stalled: true}, true
	case !errors.As(err, &api):
		return Outcome{}, false
	}
	switch api.Reason {
	case sftpgoapi.ReasonUnreachable:
		// Backoff from controller-runtime; the message names no changing
		// detail beyond SFTPGo's own, so retries do not rewrite the status.
		return Outcome{Reason: v1alpha1.ReasonUnreachable, Message: "SFTPGo cannot be reached: " + api.Error() +
			". Retried with backoff.", Err: err}, true
	case sftpgoapi.ReasonUnauthorized:
		return Outcome{Reason: v1alpha1.ReasonUnauthorized, Stalled: true, RequeueAfter: UnauthorizedRetry,
			Message: "SFTPGo refused the operator's credentials or permissions: " + api.Error() +
				". For an SFTPGo this operator runs, restart its pods (kubectl rollout restart deployment/NAME) " +
				"to restore the operator's admin; otherwise fix the connection Secret (docs/accounts.md)."}, true
	case sftpgoapi.ReasonMissingReference:
		reason := v1alpha1.ReasonWaitingForGroup
		if strings.Contains(strings.ToLower(api.Message), "folder") {
			reason = v1alpha1.ReasonWaitingForFolder
		}
		return Outcome{Reason: reason, RequeueAfter: UnmanagedDependencyRetry,
			Message: "SFTPGo refused the account because a group, folder or role it names does not exist: " +
				api.Error() + ". Create it (an SFTPGoGroup or SFTPGoFolder resource, or in the web UI)."}, true
	case sftpgoapi.ReasonInvalid:
		return Outcome{Reason: v1alpha1.ReasonRejected, Stalled: true,
			Message: "SFTPGo refused the account: " + api.Error() + ". Fix the spec; nothing is retried until it changes."}, true
	default:
		return Outcome{Reason: v1alpha1.ReasonUnreachable, Message: api.Error(), Err: err}, true
	}
}

// AccountConditions returns Ready and the kstatus pair for an account
// resource of the given generation: Ready True (reason Synced) when the
// reconcile reached the end.
func (o Outcome) AccountConditions(generation int64) []metav1.Condition {
	ready := metav1.Condition{Type: v1alpha1.ConditionReady, ObservedGeneration: generation,
		Status: metav1.ConditionTrue, Reason: v1alpha1.ReasonSynced, Message: "The account on the server matches the spec."}
	if o.Stopped() {
		ready.Status, ready.Reason, ready.Message = metav1.ConditionFalse, o.Reason, o.Message
	}
	stalled := metav1.Condition{Type: v1alpha1.ConditionStalled, ObservedGeneration: generation,
		Status: metav1.ConditionFalse, Reason: v1alpha1.ReasonReconciled, Message: "Nothing blocks the operator."}
	reconciling := metav1.Condition{Type: v1alpha1.ConditionReconciling, ObservedGeneration: generation,
		Status: metav1.ConditionFalse, Reason: v1alpha1.ReasonReconciled, Message: "The account matches the spec."}
	switch {
	case o.Stalled:
		stalled.Status, stalled.Reason, stalled.Message = metav1.ConditionTrue, o.Reason, o.Message
		reconciling.Message = "Stalled: see condition Stalled."
	case o.Stopped():
		reconciling.Status, reconciling.Reason, reconciling.Message = metav1.ConditionTrue, o.Reason, o.Message
	}
	return []metav1.Condition{ready, reconciling, stalled}
}
