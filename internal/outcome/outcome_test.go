package outcome

import (
	"errors"
	"fmt"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/apply"
	"github.com/sftpgo-operator/sftpgo-operator/internal/desired"
)

func available(replicas int32) *appsv1.Deployment {
	return &appsv1.Deployment{Status: appsv1.DeploymentStatus{
		Replicas: replicas, ReadyReplicas: replicas, UpdatedReplicas: replicas, AvailableReplicas: replicas,
	}}
}

func rolling() *appsv1.Deployment {
	return &appsv1.Deployment{Status: appsv1.DeploymentStatus{Replicas: 2, ReadyReplicas: 1, UpdatedReplicas: 1, AvailableReplicas: 1}}
}

// Every error class: the reason, whether the operator is stalled, the
// result controller-runtime gets, and the three conditions.
func TestOutcomeOfEveryClass(t *testing.T) {
	gr := schema.GroupResource{Group: "apps", Resource: "deployments"}
	transient := errors.New("connection refused")
	tests := []struct {
		name   string
		err    error
		deploy *appsv1.Deployment
		// want
		reason       string // Ready's reason
		ready        metav1.ConditionStatus
		reconciling  metav1.ConditionStatus
		stalled      metav1.ConditionStatus
		stalledWhy   string
		requeueAfter time.Duration
		returnsErr   bool
	}{
		{name: "nothing stopped it, pods available", deploy: available(1),
			reason: v1alpha1.ReasonAvailable, ready: metav1.ConditionTrue,
			reconciling: metav1.ConditionFalse, stalled: metav1.ConditionFalse, stalledWhy: v1alpha1.ReasonReconciled},
		{name: "nothing stopped it, rolling out", deploy: rolling(),
			reason: v1alpha1.ReasonProgressing, ready: metav1.ConditionFalse,
			reconciling: metav1.ConditionTrue, stalled: metav1.ConditionFalse, stalledWhy: v1alpha1.ReasonReconciled},
		{name: "nothing stopped it, Deployment not in the cache yet",
			reason: v1alpha1.ReasonNotDeployed, ready: metav1.ConditionFalse,
			reconciling: metav1.ConditionTrue, stalled: metav1.ConditionFalse, stalledWhy: v1alpha1.ReasonReconciled},
		{name: "migration Job running, old pods serve",
			err: &MigrationError{Job: "files-migrate-1", Image: "sftpgo:v2.7.5", Running: "sftpgo:v2.6.6"}, deploy: available(2),
			reason: v1alpha1.ReasonMigrating, ready: metav1.ConditionFalse,
			reconciling: metav1.ConditionTrue, stalled: metav1.ConditionFalse, stalledWhy: v1alpha1.ReasonReconciled},
		{name: "migration Job failed, old pods serve",
			err: &MigrationError{Job: "files-migrate-1", Image: "sftpgo:v2.7.5", Running: "sftpgo:v2.6.6", Failed: true,
				Message: "BackoffLimitExceeded: Job has reached the specified backoff limit"}, deploy: available(2),
			reason: v1alpha1.ReasonMigrationFailed, ready: metav1.ConditionFalse,
			reconciling: metav1.ConditionFalse, stalled: metav1.ConditionTrue, stalledWhy: v1alpha1.ReasonMigrationFailed},
		{name: "Error finding, nothing deployed",
			err:    &desired.BlockedError{Finding: v1alpha1.Finding{Rule: "SEC003", Severity: v1alpha1.SeverityError}},
			reason: v1alpha1.ReasonBlockedBySecurityError, ready: metav1.ConditionFalse,
			reconciling: metav1.ConditionFalse, stalled: metav1.ConditionTrue, stalledWhy: v1alpha1.ReasonBlockedBySecurityError},
		{name: "Error finding, the last coherent settings run",
			err:    &desired.BlockedError{Finding: v1alpha1.Finding{Rule: "SEC003", Severity: v1alpha1.SeverityError}},
			deploy: available(1),
			reason: v1alpha1.ReasonAvailable, ready: metav1.ConditionTrue,
			reconciling: metav1.ConditionFalse, stalled: metav1.ConditionTrue, stalledWhy: v1alpha1.ReasonBlockedBySecurityError},
		{name: "unsupported platform",
			err:    &desired.UnsupportedError{Reason: v1alpha1.ReasonRouteAPIUnavailable, Message: "no Routes"},
			deploy: available(1),
			reason: v1alpha1.ReasonRouteAPIUnavailable, ready: metav1.ConditionFalse,
			reconciling: metav1.ConditionFalse, stalled: metav1.ConditionTrue, stalledWhy: v1alpha1.ReasonRouteAPIUnavailable},
		{name: "missing reference",
			err:    fmt.Errorf("reading: %w", &WaitingError{Reason: v1alpha1.ReasonSecretMissing, Message: "create it"}),
			reason: v1alpha1.ReasonSecretMissing, ready: metav1.ConditionFalse,
			reconciling: metav1.ConditionFalse, stalled: metav1.ConditionTrue, stalledWhy: v1alpha1.ReasonSecretMissing},
		{name: "name clash", err: &apply.NotOwnedError{Kind: "Service", Name: "files"},
			reason: v1alpha1.ReasonNameConflict, ready: metav1.ConditionFalse,
			reconciling: metav1.ConditionFalse, stalled: metav1.ConditionTrue, stalledWhy: v1alpha1.ReasonNameConflict,
			requeueAfter: NameClashRetry},
		{name: "API conflict: quiet, soon", err: apierrors.NewConflict(gr, "files", errors.New("changed")), deploy: available(1),
			reason: v1alpha1.ReasonAvailable, ready: metav1.ConditionTrue,
			reconciling: metav1.ConditionFalse, stalled: metav1.ConditionFalse, stalledWhy: v1alpha1.ReasonReconciled,
			requeueAfter: ConflictRetry},
		{name: "refused as invalid",
			err: apierrors.NewInvalid(schema.GroupKind{Group: "apps", Kind: "Deployment"}, "files",
				field.ErrorList{field.Invalid(field.NewPath("spec"), "x", "bad")}),
			reason: v1alpha1.ReasonInvalidSpec, ready: metav1.ConditionFalse,
			reconciling: metav1.ConditionFalse, stalled: metav1.ConditionTrue, stalledWhy: v1alpha1.ReasonInvalidSpec},
		{name: "transient error: backoff", err: transient, deploy: available(1),
			reason: v1alpha1.ReasonApplyFailed, ready: metav1.ConditionFalse,
			reconciling: metav1.ConditionTrue, stalled: metav1.ConditionFalse, stalledWhy: v1alpha1.ReasonReconciled,
			returnsErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Of(tt.err)
			replicas := int32(1)
			if tt.deploy != nil {
				replicas = tt.deploy.Status.Replicas
			}
			conds := o.Conditions(7, replicas, tt.deploy)
			if len(conds) != 3 {
				t.Fatalf("%d conditions", len(conds))
			}
			ready, reconciling, stalled := conds[0], conds[1], conds[2]
			if ready.Type != v1alpha1.ConditionReady || reconciling.Type != v1alpha1.ConditionReconciling ||
				stalled.Type != v1alpha1.ConditionStalled {
				t.Fatalf("condition types %s, %s, %s", ready.Type, reconciling.Type, stalled.Type)
			}
			for _, c := range conds {
				if c.ObservedGeneration != 7 || c.Reason == "" || c.Message == "" {
					t.Errorf("%s: generation %d, reason %q, message %q", c.Type, c.ObservedGeneration, c.Reason, c.Message)
				}
			}
			if ready.Status != tt.ready || ready.Reason != tt.reason {
				t.Errorf("Ready = %s %s, want %s %s", ready.Status, ready.Reason, tt.ready, tt.reason)
			}
			if reconciling.Status != tt.reconciling {
				t.Errorf("Reconciling = %s (%s), want %s", reconciling.Status, reconciling.Reason, tt.reconciling)
			}
			if stalled.Status != tt.stalled || stalled.Reason != tt.stalledWhy {
				t.Errorf("Stalled = %s %s, want %s %s", stalled.Status, stalled.Reason, tt.stalled, tt.stalledWhy)
			}
			if reconciling.Status == metav1.ConditionTrue && stalled.Status == metav1.ConditionTrue {
				t.Error("Reconciling and Stalled both True")
			}
			res, err := o.Result()
			if (err != nil) != tt.returnsErr {
				t.Errorf("Result error = %v, want one: %v", err, tt.returnsErr)
			}
			if res.RequeueAfter != tt.requeueAfter {
				t.Errorf("RequeueAfter = %v, want %v", res.RequeueAfter, tt.requeueAfter)
			}
		})
	}
}

func TestScaledToZeroIsCurrent(t *testing.T) {
	conds := Of(nil).Conditions(1, 0, &appsv1.Deployment{})
	if conds[0].Reason != v1alpha1.ReasonScaledToZero || conds[1].Status != metav1.ConditionFalse ||
		conds[2].Status != metav1.ConditionFalse {
		t.Errorf("scaled to zero: %+v", conds)
	}
}
