package cluster_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
)

var _ = Describe("Deleting an SFTPGo with retentionPolicy Retain", func() {
	It("lets the garbage collector remove what it owned, keeps its claims and Secrets, and a new SFTPGo adopts them", func() {
		ns := newNamespace()
		s := sqliteSFTPGo(ns, "files")
		key := createReady(s)
		Expect(s.Spec.Storage.RetentionPolicy).To(Equal(v1alpha1.RetentionPolicyRetain))
		readyPods(key, 1)

		before := labelledObjects(Default, key)
		retained := map[types.UID]string{}
		collected := map[types.UID]string{}
		for uid, o := range before {
			if len(o.OwnerReferences) == 0 {
				retained[uid] = o.Kind + "/" + o.Name
			} else {
				collected[uid] = o.Kind + "/" + o.Name
			}
		}
		// The operator's admin is retained with the database it is an admin of.
		Expect(retained).To(ConsistOf("PersistentVolumeClaim/files-data", "PersistentVolumeClaim/files-state",
			"Secret/files-keys", "Secret/files-admin", "Secret/files-operator-admin"))
		Expect(collected).To(ContainElements("Deployment/files", "ConfigMap/files-config", "Pod/"+readyPods(key, 1)[0].Name))
		claims := uidsOf(key.Namespace, &corev1.PersistentVolumeClaim{}, "files-data", "files-state")
		keys := uidsOf(key.Namespace, &corev1.Secret{}, "files-keys")

		By("deleting the SFTPGo")
		Expect(k8sClient.Delete(ctx, s)).To(Succeed())
		// The garbage collector removes the owned objects, the ReplicaSet
		// and pods through the Deployment; the retained ones stay as they were.
		Eventually(func(g Gomega) map[types.UID]string { return kindsOf(labelledObjects(g, key)) }).Should(Equal(retained))

		By("re-creating it")
		key = createReady(sqliteSFTPGo(ns, "files"))
		var claimed []string
		for _, v := range readyPods(key, 1)[0].Spec.Volumes {
			if v.PersistentVolumeClaim != nil {
				claimed = append(claimed, v.PersistentVolumeClaim.ClaimName)
			}
		}
		Expect(claimed).To(ConsistOf("files-data", "files-state"))
		Expect(uidsOf(key.Namespace, &corev1.PersistentVolumeClaim{}, "files-data", "files-state")).To(Equal(claims))
		Expect(uidsOf(key.Namespace, &corev1.Secret{}, "files-keys")).To(Equal(keys))
	})
})

// ownedKinds are the kinds an SFTPGo makes, directly or through its
// Deployment.
var ownedKinds = []schema.GroupVersionKind{
	{Group: "apps", Version: "v1", Kind: "Deployment"},
	{Group: "apps", Version: "v1", Kind: "ReplicaSet"},
	{Version: "v1", Kind: "Pod"},
	{Version: "v1", Kind: "ConfigMap"},
	{Version: "v1", Kind: "Secret"},
	{Version: "v1", Kind: "Service"},
	{Version: "v1", Kind: "ServiceAccount"},
	{Version: "v1", Kind: "PersistentVolumeClaim"},
	{Group: "policy", Version: "v1", Kind: "PodDisruptionBudget"},
	{Group: "networking.k8s.io", Version: "v1", Kind: "NetworkPolicy"},
	{Group: "networking.k8s.io", Version: "v1", Kind: "Ingress"},
}

// labelledObjects returns the metadata of the objects labelled with the
// SFTPGo's instance label, by UID, their Kind set.
func labelledObjects(g Gomega, key client.ObjectKey) map[types.UID]metav1.PartialObjectMetadata {
	out := map[types.UID]metav1.PartialObjectMetadata{}
	for _, gvk := range ownedKinds {
		var list metav1.PartialObjectMetadataList
		list.SetGroupVersionKind(gvk.GroupVersion().WithKind(gvk.Kind + "List"))
		g.Expect(k8sClient.List(ctx, &list, client.InNamespace(key.Namespace),
			client.MatchingLabels{manifests.LabelInstance: key.Name})).To(Succeed())
		for _, o := range list.Items {
			if o.DeletionTimestamp != nil {
				continue // going
			}
			o.Kind = gvk.Kind
			out[o.UID] = o
		}
	}
	return out
}

// uidsOf returns the UIDs of the named objects of obj's kind.
func uidsOf(ns string, obj client.Object, names ...string) []types.UID {
	GinkgoHelper()
	var uids []types.UID
	for _, name := range names {
		Expect(k8sClient.Get(ctx, client.ObjectKey{Namespace: ns, Name: name}, obj)).To(Succeed())
		uids = append(uids, obj.GetUID())
	}
	return uids
}
