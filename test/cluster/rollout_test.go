package cluster_test

import (
	"sync"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manager"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
)

var _ = Describe("A configuration change", func() {
	It("recreates the sqlite pod under a new ReplicaSet, the old pod gone before the new one exists", func() {
		key := createReady(sqliteSFTPGo(newNamespace(), "files"))
		var deploy appsv1.Deployment
		Expect(k8sClient.Get(ctx, key, &deploy)).To(Succeed())
		Expect(deploy.Spec.Strategy.Type).To(Equal(appsv1.RecreateDeploymentStrategyType))
		old := readyPods(key, 1)[0]
		oldRS := controllerOf(&old)
		Expect(oldRS).NotTo(BeEmpty())

		events := watchPods(key.Namespace)
		By("changing spec.config")
		var s v1alpha1.SFTPGo
		Expect(k8sClient.Get(ctx, key, &s)).To(Succeed())
		s.Spec.Config = &runtime.RawExtension{Raw: []byte(`{"common":{"idle_timeout":20}}`)}
		Expect(k8sClient.Update(ctx, &s)).To(Succeed())

		Eventually(readyCondition(key)).Should(haveStatus(metav1.ConditionTrue))
		current := readyPods(key, 1)[0]
		Expect(current.Name).NotTo(Equal(old.Name))
		Expect(controllerOf(&current)).NotTo(Equal(oldRS), "the new pod belongs to a new ReplicaSet")
		Expect(current.Annotations).NotTo(HaveKeyWithValue(manifests.AnnotationPodConfigHash, old.Annotations[manifests.AnnotationPodConfigHash]))
		// One change, one rollout: the operator wrote one new pod template.
		var sets appsv1.ReplicaSetList
		Expect(k8sClient.List(ctx, &sets, client.InNamespace(key.Namespace))).To(Succeed())
		Expect(sets.Items).To(ConsistOf(
			And(HaveField("Name", oldRS), HaveField("Spec.Replicas", HaveValue(BeEquivalentTo(0)))),
			And(HaveField("Name", controllerOf(&current)), HaveField("Spec.Replicas", HaveValue(BeEquivalentTo(1)))),
		))

		By("checking the order: the old pod deleted before the new pod was created")
		seq := events.stop()
		GinkgoWriter.Printf("pod events: %v\n", seq)
		deleted := indexOf(seq, watch.Deleted, old.Name)
		added := indexOf(seq, watch.Added, current.Name)
		Expect(deleted).To(BeNumerically(">=", 0), "old pod deletion seen in %v", seq)
		Expect(added).To(BeNumerically(">=", 0), "new pod creation seen in %v", seq)
		Expect(deleted).To(BeNumerically("<", added), "pod events: %v", seq)
	})
})

// controllerOf names the pod's controlling ReplicaSet.
func controllerOf(p *corev1.Pod) string {
	if ref := metav1.GetControllerOf(p); ref != nil {
		return ref.Name
	}
	return ""
}

type podEvent struct {
	Type watch.EventType
	Pod  string
}

// podEvents records the pod events of a namespace, in order.
type podEvents struct {
	w    watch.Interface
	mu   sync.Mutex
	seq  []podEvent
	done chan struct{}
}

// watchPods records the pod events of the namespace from now on (a watch
// without a resource version would first replay the existing pods as Added).
func watchPods(ns string) *podEvents {
	GinkgoHelper()
	wc, err := client.NewWithWatch(local.Config, client.Options{Scheme: manager.NewScheme()})
	Expect(err).NotTo(HaveOccurred())
	var list corev1.PodList
	Expect(k8sClient.List(ctx, &list, client.InNamespace(ns))).To(Succeed())
	w, err := wc.Watch(ctx, &corev1.PodList{}, client.InNamespace(ns),
		&client.ListOptions{Raw: &metav1.ListOptions{ResourceVersion: list.ResourceVersion}})
	Expect(err).NotTo(HaveOccurred())
	e := &podEvents{w: w, done: make(chan struct{})}
	go func() {
		defer close(e.done)
		for ev := range w.ResultChan() {
			if p, ok := ev.Object.(*corev1.Pod); ok {
				e.mu.Lock()
				e.seq = append(e.seq, podEvent{ev.Type, p.Name})
				e.mu.Unlock()
			}
		}
	}()
	DeferCleanup(e.stop)
	return e
}

// stop ends the watch and returns the events seen.
func (e *podEvents) stop() []podEvent {
	e.w.Stop()
	<-e.done
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]podEvent(nil), e.seq...)
}

func indexOf(seq []podEvent, t watch.EventType, pod string) int {
	for i, ev := range seq {
		if ev.Type == t && ev.Pod == pod {
			return i
		}
	}
	return -1
}
