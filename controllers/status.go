package controllers

import (
	"context"
	"fmt"
	"slices"
	"strings"

	routev1 "github.com/openshift/api/route/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/outcome"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/security"
)

// updateStatus writes the status when it differs from the stored one, and
// emits events only for what changed since the last status.
func (r *SFTPGoReconciler) updateStatus(ctx context.Context, in *resolve.Instance, rep *report, out outcome.Outcome) error {
	s := in.SFTPGo // defaulted copy; only its status is written
	var live v1alpha1.SFTPGo
	if err := r.Get(ctx, client.ObjectKeyFromObject(s), &live); err != nil {
		return client.IgnoreNotFound(err)
	}
	var deploy appsv1.Deployment
	deployErr := r.Get(ctx, client.ObjectKey{Namespace: s.Namespace, Name: s.Name}, &deploy)
	if client.IgnoreNotFound(deployErr) != nil {
		return deployErr
	}
	var deployed *appsv1.Deployment
	switch {
	case deployErr == nil && ownedBy(in)(&deploy):
		deployed = &deploy
	case rep.createdDeployment:
		// Just created, not in the cache yet: report it as the fresh
		// Deployment it is, so the next reconcile has no status to rewrite.
		deployed = &appsv1.Deployment{}
	}
	var svc corev1.Service
	var sftpService *corev1.Service
	if err := r.Get(ctx, client.ObjectKey{Namespace: s.Namespace, Name: s.Name}, &svc); err == nil && ownedBy(in)(&svc) {
		sftpService = &svc
	}

	base := r.statusWrites.base(&live)
	status := base.DeepCopy()
	status.ObservedGeneration = s.Generation
	status.Findings = rep.findings
	status.TrustedProxies = in.TrustedProxies
	status.Replicas, status.ReadyReplicas = 0, 0
	if deployed != nil {
		status.Replicas = deployed.Status.Replicas
		status.ReadyReplicas = deployed.Status.ReadyReplicas
	}
	status.ReplicasSummary = fmt.Sprintf("%d/%d", status.ReadyReplicas, in.Replicas())
	if deployed != nil && rolledOut(deployed, in.Replicas()) {
		if image := sftpgoImage(&deployed.Spec.Template.Spec); image != "" {
			status.Version = runningVersion(image)
		}
	}
	status.Selector = manifests.PodSelector(in)
	status.Endpoints = endpoints(in, sftpService)
	if status.Endpoints.Web == "" && in.Facts.RouteAPI {
		status.Endpoints.Web = r.routeURL(ctx, in, in.Name)
	}
	if status.Endpoints.WebDAV == "" && in.WebDAVEnabled() && in.Facts.RouteAPI {
		if u := r.routeURL(ctx, in, manifests.WebDAVRouteName(in)); u != "" {
			status.Endpoints.WebDAV = u + resolve.WebDAVPrefix + "/"
		}
	}
	meta.SetStatusCondition(&status.Conditions, securityCondition(s.Generation, rep.findings))
	for _, c := range out.Conditions(s.Generation, in.Replicas(), deployed) {
		meta.SetStatusCondition(&status.Conditions, c)
	}
	// Like the other missing Secrets, a missing TLS Secret is told by a
	// condition only: no event, so a new instance still costs 12 writes.
	setReferenceConditions(&status.Conditions, in, rep)
	setMonitoringCondition(&status.Conditions, in)
	if isPaused(s) {
		meta.SetStatusCondition(&status.Conditions, metav1.Condition{
			Type: v1alpha1.ConditionPaused, Status: metav1.ConditionTrue, ObservedGeneration: s.Generation,
			Reason: v1alpha1.ReasonPausedByAnnotation, Message: fmt.Sprintf("%s is \"true\": the operator changes none of "+
				"this SFTPGo's objects until it is removed.", v1alpha1.AnnotationPaused),
		})
	} else {
		meta.RemoveStatusCondition(&status.Conditions, v1alpha1.ConditionPaused)
	}
	// Before the comparison: after a restart the series start empty while
	// the stored status is already right.
	observeInstance(instanceRef(client.ObjectKeyFromObject(s)), status.Findings, status.Conditions)

	if len(rep.changes) > 0 {
		r.event(in, corev1.EventTypeNormal, "Applied", "Apply", "%s", strings.Join(rep.changes, ", "))
	}
	if equality.Semantic.DeepEqual(base, status) {
		return nil
	}
	r.eventFindings(in, base.Findings, rep.findings)
	r.eventStalled(in, base.Conditions, status.Conditions)
	patch := client.MergeFrom(live.DeepCopy())
	over := live.ResourceVersion
	live.Status = *status
	if err := r.Status().Patch(ctx, &live, patch); err != nil {
		if apierrors.IsNotFound(err) {
			r.statusWrites.forget(client.ObjectKeyFromObject(&live))
			return nil
		}
		return err
	}
	r.statusWrites.store(&live, over, status)
	return nil
}

// setReferenceConditions reports what the Secrets the spec names do beyond
// Ready: a missing TLS Secret (a warning, see missingTLSSecret), and how
// SFTPGo uses the admin credentials.
func setReferenceConditions(conds *[]metav1.Condition, in *resolve.Instance, rep *report) {
	gen := in.Generation
	switch name := in.TLSSecret; {
	case name == "":
		meta.RemoveStatusCondition(conds, v1alpha1.ConditionTLSSecretFound)
	case rep.missingTLSSecret != "":
		meta.SetStatusCondition(conds, metav1.Condition{
			Type: v1alpha1.ConditionTLSSecretFound, Status: metav1.ConditionFalse, ObservedGeneration: gen,
			Reason: v1alpha1.ReasonSecretMissing, Message: fmt.Sprintf("Secret %q named by spec.expose.tls.certificateSecret does not "+
				"exist in namespace %s: until it does, %s. Create it (type kubernetes.io/tls), or let cert-manager issue it.",
				name, in.Namespace, tlsFallback(in)),
		})
	default:
		meta.SetStatusCondition(conds, metav1.Condition{
			Type: v1alpha1.ConditionTLSSecretFound, Status: metav1.ConditionTrue, ObservedGeneration: gen,
			Reason: v1alpha1.ReasonSecretFound, Message: fmt.Sprintf("Secret %q exists.", name),
		})
	}
	if name := in.Spec.AdminCredentialsSecret.SecretName(); name == "" {
		meta.RemoveStatusCondition(conds, v1alpha1.ConditionAdminCredentials)
	} else {
		// SFTPGo creates its default admin only while its data provider has
		// no admin; rolling the pods on a change would change nothing.
		meta.SetStatusCondition(conds, metav1.Condition{
			Type: v1alpha1.ConditionAdminCredentials, Status: metav1.ConditionTrue, ObservedGeneration: gen,
			Reason: v1alpha1.ReasonFirstStartOnly, Message: fmt.Sprintf("SFTPGo creates its first admin from Secret %q when its "+
				"database has no admin yet; a later change of the Secret changes no existing admin and restarts no pod: "+
				"change the password in the web admin or the REST API.", name),
		})
	}
}

func tlsFallback(in *resolve.Instance) string {
	if in.Expose == v1alpha1.ExposeIngress && in.TLSAtProxy {
		return "the ingress controller serves its default certificate"
	}
	return "the SFTPGo pods cannot start (the Secret is mounted)"
}

func securityCondition(generation int64, findings []v1alpha1.Finding) metav1.Condition {
	c := metav1.Condition{
		Type: v1alpha1.ConditionSecurityCoherent, ObservedGeneration: generation,
		Status: metav1.ConditionTrue, Reason: v1alpha1.ReasonCoherent,
		Message: "The security settings fit together.",
	}
	if first := security.FirstError(findings); first != nil {
		c.Status, c.Reason = metav1.ConditionFalse, first.Rule
		c.Message = first.Message + " Nothing was changed in the cluster until this is fixed."
		return c
	}
	if n := len(findings); n > 0 {
		c.Message = fmt.Sprintf("The security settings fit together; %d warning(s) in status.findings.", n)
	}
	return c
}

// endpoints tell users where to connect.
func endpoints(in *resolve.Instance, svc *corev1.Service) v1alpha1.Endpoints {
	var e v1alpha1.Endpoints
	if svc != nil && *in.Spec.SFTP.Enabled {
		e.SFTP = serviceEndpoint(svc, manifests.PortNameSFTP, in.Spec.SFTP.Port)
	}
	if svc != nil && in.FTPEnabled() {
		e.FTP = serviceEndpoint(svc, manifests.PortNameFTP, in.Spec.FTP.Port)
	}
	e.Web = in.WebURL // empty for a Route without host: routeURL reads it from the Route
	e.WebDAV = in.WebDAVURL
	return e
}

// serviceEndpoint is where clients reach the named port of the Service.
func serviceEndpoint(svc *corev1.Service, name string, port int32) string {
	switch svc.Spec.Type {
	case corev1.ServiceTypeLoadBalancer:
		for _, ing := range svc.Status.LoadBalancer.Ingress {
			host := ing.Hostname
			if host == "" {
				host = ing.IP
			}
			if host != "" {
				return fmt.Sprintf("%s:%d", host, port)
			}
		}
		return "" // the load balancer has no address yet
	case corev1.ServiceTypeNodePort:
		if i := slices.IndexFunc(svc.Spec.Ports, func(p corev1.ServicePort) bool { return p.Name == name }); i >= 0 {
			return fmt.Sprintf("<node>:%d", svc.Spec.Ports[i].NodePort)
		}
	}
	return fmt.Sprintf("%s.%s.svc:%d", svc.Name, svc.Namespace, port)
}

// routeURL is the address the OpenShift router admitted the named Route with.
func (r *SFTPGoReconciler) routeURL(ctx context.Context, in *resolve.Instance, name string) string {
	var route routev1.Route
	if r.Get(ctx, client.ObjectKey{Namespace: in.Namespace, Name: name}, &route) != nil {
		return ""
	}
	for _, ing := range route.Status.Ingress {
		if ing.Host != "" {
			return in.WebScheme + "://" + ing.Host
		}
	}
	return ""
}
