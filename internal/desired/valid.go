package desired

import (
	"fmt"
	"strings"

	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// Valid checks the spec values the operator copies into its objects where
// the CRD's CEL rules cannot reach for their cost: the characters of label
// values (podTemplate.labels, podTemplate.nodeSelector, the namespace
// selectors), the keys and values of selector expressions, and the byte
// size of annotations. The API server would refuse the object; this says
// which field to fix before anything is written. The CEL rules catch the
// rest at admission, with the same limits.
func Valid(in *resolve.Instance) error {
	sp := in.Spec
	spec := field.NewPath("spec")
	pt := spec.Child("podTemplate")
	var errs field.ErrorList
	errs = append(errs, metav1validation.ValidateLabels(sp.PodTemplate.Labels, pt.Child("labels"))...)
	errs = append(errs, metav1validation.ValidateLabels(sp.PodTemplate.NodeSelector, pt.Child("nodeSelector"))...)
	errs = append(errs, apimachineryvalidation.ValidateAnnotations(sp.PodTemplate.Annotations, pt.Child("annotations"))...)
	errs = append(errs, apimachineryvalidation.ValidateAnnotations(sp.Service.Annotations, spec.Child("service", "annotations"))...)
	errs = append(errs, apimachineryvalidation.ValidateAnnotations(sp.Expose.Annotations, spec.Child("expose", "annotations"))...)
	opts := metav1validation.LabelSelectorValidationOptions{}
	sec := spec.Child("security")
	if sel := sp.Security.ProxyNamespaceSelector; sel != nil {
		errs = append(errs, metav1validation.ValidateLabelSelector(sel, opts, sec.Child("proxyNamespaceSelector"))...)
	}
	if sel := sp.Security.MonitoringNamespaceSelector; sel != nil {
		errs = append(errs, metav1validation.ValidateLabelSelector(sel, opts, sec.Child("monitoringNamespaceSelector"))...)
	}
	// Without a host, OpenShift names the Route's host
	// <name>-<namespace>.<router domain>, whose first label is a DNS label.
	if in.Expose == v1alpha1.ExposeRoute && sp.Expose.Host == "" {
		if label := in.Name + "-" + in.Namespace; len(label) > 63 {
			errs = append(errs, field.Invalid(spec.Child("expose", "host"), "", fmt.Sprintf(
				"without a host the router names the Route %s.<router domain>, whose first label has %d characters "+
					"(at most 63): set spec.expose.host", label, len(label))))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	msgs := make([]string, 0, len(errs))
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	return &UnsupportedError{Reason: v1alpha1.ReasonInvalidSpec, Message: fmt.Sprintf(
		"The spec has values Kubernetes refuses in the objects the operator makes: %s. Fix them; nothing was changed in the cluster until then.",
		strings.Join(msgs, "; "))}
}
