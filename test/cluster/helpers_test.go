package cluster_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// sqliteSFTPGo is the default SFTPGo: sqlite on a state claim, user files
// on a data claim (both bound to the suite's volume pool), one replica.
func sqliteSFTPGo(ns, name string) *v1alpha1.SFTPGo {
	return &v1alpha1.SFTPGo{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}}
}

// sharedSFTPGo is an SFTPGo that may run several replicas: a shared
// PostgreSQL data provider (no database needs to exist, SFTPGo never runs
// here) and user files in an emptyDir, so that it has no claim at all and
// rolls instead of being recreated.
func sharedSFTPGo(ns, name string, replicas int32) *v1alpha1.SFTPGo {
	s := sqliteSFTPGo(ns, name)
	s.Spec.Replicas = ptr.To(replicas)
	s.Spec.DataProvider = v1alpha1.DataProviderSpec{
		Driver: v1alpha1.DriverPostgreSQL, Host: "postgres.databases.svc", Database: "sftpgo",
	}
	s.Spec.Storage.Data.Enabled = ptr.To(false)
	return s
}

// readyCondition returns the SFTPGo's Ready condition as the API has it
// now; nil while it is missing or about an older generation.
func readyCondition(key client.ObjectKey) func(g Gomega) *metav1.Condition {
	return func(g Gomega) *metav1.Condition {
		var s v1alpha1.SFTPGo
		g.Expect(k8sClient.Get(ctx, key, &s)).To(Succeed())
		c := meta.FindStatusCondition(s.Status.Conditions, v1alpha1.ConditionReady)
		if c != nil && c.ObservedGeneration != s.Generation {
			return nil
		}
		return c
	}
}

// haveStatus matches a condition with the given status.
func haveStatus(status metav1.ConditionStatus) OmegaMatcher {
	return And(Not(BeNil()), HaveField("Status", status))
}

// createReady creates the SFTPGo and waits until it is Ready.
func createReady(s *v1alpha1.SFTPGo) client.ObjectKey {
	GinkgoHelper()
	Expect(k8sClient.Create(ctx, s)).To(Succeed())
	key := client.ObjectKeyFromObject(s)
	Eventually(readyCondition(key)).Should(haveStatus(metav1.ConditionTrue))
	return key
}

// instancePods lists the live (not terminating) pods the SFTPGo's
// Deployment selects; the Deployment is named after the SFTPGo.
func instancePods(g Gomega, key client.ObjectKey) []corev1.Pod {
	var deploy appsv1.Deployment
	g.Expect(k8sClient.Get(ctx, key, &deploy)).To(Succeed())
	sel, err := metav1.LabelSelectorAsSelector(deploy.Spec.Selector)
	g.Expect(err).NotTo(HaveOccurred())
	var pods corev1.PodList
	g.Expect(k8sClient.List(ctx, &pods, client.InNamespace(key.Namespace),
		client.MatchingLabelsSelector{Selector: sel})).To(Succeed())
	var live []corev1.Pod
	for _, p := range pods.Items {
		if p.DeletionTimestamp == nil {
			live = append(live, p)
		}
	}
	return live
}

// readyPods returns instancePods once there are exactly n of them, all
// Ready.
func readyPods(key client.ObjectKey, n int) []corev1.Pod {
	GinkgoHelper()
	var pods []corev1.Pod
	Eventually(func(g Gomega) {
		pods = instancePods(g, key)
		g.Expect(pods).To(HaveLen(n))
		for i := range pods {
			g.Expect(podReady(&pods[i])).To(BeTrue(), "pod %s ready", pods[i].Name)
		}
	}).Should(Succeed())
	return pods
}

// podReady reports the pod's Ready condition.
func podReady(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}
