package manifests

import (
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// ComponentDisruption labels the PodDisruptionBudget.
const ComponentDisruption = "disruption-budget"

// PodDisruptionBudget keeps one SFTPGo pod serving through voluntary
// disruptions (node drains); nil with a single replica, where it would
// block drains forever.
func PodDisruptionBudget(in *resolve.Instance) *policyv1.PodDisruptionBudget {
	if in.Replicas() <= 1 {
		return nil
	}
	return &policyv1.PodDisruptionBudget{
		TypeMeta:   typeMeta("policy/v1", "PodDisruptionBudget"),
		ObjectMeta: objectMeta(in, in.Name, ComponentDisruption),
		Spec: policyv1.PodDisruptionBudgetSpec{
			MinAvailable: ptr.To(intstr.FromInt32(1)),
			Selector:     &metav1.LabelSelector{MatchLabels: SelectorLabels(in)},
		},
	}
}
