// Package outcome turns whatever stopped (or did not stop) a reconcile into
// one outcome: the reason and message the conditions carry, whether the
// operator is stalled until someone changes something, and when to look
// again. Status conditions, events and the controller-runtime result are
// all read from it, so that each error class is handled in one place.
package outcome

import (
	"errors"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	ctrl "sigs.k8s.io/controller-runtime"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/apply"
	"github.com/sftpgo-operator/sftpgo-operator/internal/desired"
)

// Retry delays.
const (
	// ConflictRetry: a newer version of an object arrived while writing;
	// look again soon. Its watch event usually comes first.
	ConflictRetry = time.Second
	// NameClashRetry: the object in the way may not be labelled, so no
	// watch event tells when it goes away (or when the garbage collector
	// removes what a deleted namesake owned).
	NameClashRetry = 15 * time.Second
)

// WaitingError stops a reconcile before anything is applied, for something
// the admin must create or fix (a Secret or ConfigMap the spec names, a key
// in it). The watch of the named object brings the next reconcile.
type WaitingError struct {
	Reason, Message string
}

func (e *WaitingError) Error() string { return e.Message }

// Outcome is what one reconcile came to.
type Outcome struct {
	// Reason and Message explain why the reconcile stopped short; empty
	// when it did not (the Ready condition then follows the Deployment).
	Reason, Message string
	// Stalled: nothing more happens until the spec or a watched object
	// changes (kstatus Stalled=True).
	Stalled bool
	// Quiet: a retry that is no news (an API conflict): the status is
	// written as if nothing had happened.
	Quiet bool
	// RequeueAfter looks again after this long; 0 for not at all.
	RequeueAfter time.Duration
	// Err is returned to controller-runtime, which retries with backoff.
	Err error
}

// Of classifies the error a reconcile stopped with (nil: it did not).
func Of(err error) Outcome {
	var unsupported *desired.UnsupportedError
	var blocked *desired.BlockedError
	var waiting *WaitingError
	var notOwned *apply.NotOwnedError
	var migration *MigrationError
	if o, ok := ofAccount(err); ok {
		return o
	}
	switch {
	case err == nil:
		return Outcome{}
	case errors.As(err, &blocked):
		return Outcome{Reason: v1alpha1.ReasonBlockedBySecurityError, Stalled: true, Message: blocked.Finding.Rule +
			": fix the finding in condition SecurityCoherent; nothing is changed in the cluster until then."}
	case errors.As(err, &unsupported):
		return Outcome{Reason: unsupported.Reason, Message: unsupported.Message, Stalled: true}
	case errors.As(err, &migration):
		return migrationOutcome(migration)
	case errors.As(err, &waiting):
		return Outcome{Reason: waiting.Reason, Message: waiting.Message, Stalled: true}
	case errors.As(err, &notOwned):
		return Outcome{Reason: v1alpha1.ReasonNameConflict, Message: notOwned.Error(), Stalled: true,
			RequeueAfter: NameClashRetry}
	case apierrors.IsConflict(err):
		return Outcome{Quiet: true, RequeueAfter: ConflictRetry}
	case apierrors.IsInvalid(err):
		// The API server refused an object built from the spec (a
		// pass-through spec.podTemplate field the CRD cannot check):
		// retrying the same spec cannot help.
		return Outcome{Reason: v1alpha1.ReasonInvalidSpec, Stalled: true, Message: "The API server refused an object " +
			"built from the spec: " + err.Error() + ". Fix the field it names (spec.podTemplate fields reach the pod " +
			"as they are); until then nothing more is tried."}
	default:
		return Outcome{Reason: v1alpha1.ReasonApplyFailed, Message: err.Error(), Err: err}
	}
}

// Stopped reports whether the reconcile stopped short of the desired state
// for a reason the status reports.
func (o Outcome) Stopped() bool { return o.Reason != "" }

// Result is the controller-runtime result: an error for backoff, a delay,
// or nothing (a watch brings the next reconcile).
func (o Outcome) Result() (ctrl.Result, error) {
	if o.Err != nil {
		return ctrl.Result{}, o.Err
	}
	return ctrl.Result{RequeueAfter: o.RequeueAfter}, nil
}

// MigrationError says the schema migration Job of an upgrade has not
// succeeded: the Deployment keeps the running image meanwhile.
type MigrationError struct {
	// Job is the Job's name (empty until it exists), Image the image it
	// runs, Running the image the Deployment keeps.
	Job, Image, Running string
	// Failed: the Job failed, with Message (its Failed condition's reason
	// and message); otherwise it runs.
	Failed  bool
	Message string
}

func (e *MigrationError) Error() string {
	if e.Failed {
		return "the schema migration Job " + e.Job + " for " + e.Image + " failed (" + e.Message + ")"
	}
	return "the schema migration Job " + e.Job + " for " + e.Image + " runs"
}

func migrationOutcome(e *MigrationError) Outcome {
	if e.Failed {
		return Outcome{Reason: v1alpha1.ReasonMigrationFailed, Stalled: true, Message: "The schema migration Job " + e.Job +
			" (sftpgo initprovider with " + e.Image + ") failed: " + e.Message + ". The pods keep running " + e.Running +
			". Read the Job's pod log; to retry, fix the cause and delete the Job (or change spec.image)."}
	}
	return Outcome{Reason: v1alpha1.ReasonMigrating, Message: "The schema migration Job " + e.Job + " (sftpgo initprovider with " +
		e.Image + ") runs; the pods keep running " + e.Running + " until it succeeds."}
}
