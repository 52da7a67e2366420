package controllers_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// The suite's cluster does not serve monitoring.coreos.com/v1 (the OpenShift
// suite does: see openshift_test.go).
var _ = Describe("Monitoring without the prometheus-operator API", func() {
	It("makes nothing and says nothing by default", func() {
		s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: newNamespace()}}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		Expect(condition(s, v1alpha1.ConditionMonitoring)).To(BeNil())
		Expect(k8sClient.Get(ctx, key(s.Namespace, "files-dashboard"), &corev1.ConfigMap{})).To(Satisfy(apierrors.IsNotFound))
	})

	It("says what is missing when asked for, and deploys SFTPGo anyway", func() {
		s := &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: newNamespace()},
			Spec: v1alpha1.SFTPGoSpec{Monitoring: v1alpha1.MonitoringSpec{Enabled: ptr.To(true)}}}
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		converged(s)
		c := condition(s, v1alpha1.ConditionMonitoring)
		Expect(c).NotTo(BeNil())
		Expect(c.Status).To(Equal(metav1.ConditionFalse))
		Expect(c.Reason).To(Equal(v1alpha1.ReasonMonitoringAPIUnavailable))
		Expect(c.Message).To(ContainSubstring("install the prometheus-operator"))
		Expect(condition(s, v1alpha1.ConditionReady).Reason).To(Equal(v1alpha1.ReasonProgressing))
	})
})
