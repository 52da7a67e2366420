package cluster_test

import (
	"maps"
	"slices"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

var _ = Describe("The retention policy", func() {
	It("Delete lets the garbage collector remove the claims and Secrets too", func() {
		s := sqliteSFTPGo(newNamespace(), "files")
		s.Spec.Storage.RetentionPolicy = v1alpha1.RetentionPolicyDelete
		key := createReady(s)
		readyPods(key, 1)
		Expect(kindsOf(labelledObjects(Default, key))).To(ContainElements(
			"PersistentVolumeClaim/files-data", "PersistentVolumeClaim/files-state", "Secret/files-keys"))

		Expect(k8sClient.Delete(ctx, s)).To(Succeed())
		Eventually(func(g Gomega) map[types.UID]string { return kindsOf(labelledObjects(g, key)) }).Should(BeEmpty())
	})

	It("switched from Delete to Retain keeps the claims and Secrets when the SFTPGo is deleted", func() {
		s := sqliteSFTPGo(newNamespace(), "files")
		s.Spec.Storage.RetentionPolicy = v1alpha1.RetentionPolicyDelete
		key := createReady(s)

		Expect(k8sClient.Get(ctx, key, s)).To(Succeed())
		s.Spec.Storage.RetentionPolicy = v1alpha1.RetentionPolicyRetain
		Expect(k8sClient.Update(ctx, s)).To(Succeed())
		Eventually(readyCondition(key)).Should(haveStatus(metav1.ConditionTrue))
		retained := []string{"PersistentVolumeClaim/files-data", "PersistentVolumeClaim/files-state",
			"Secret/files-keys", "Secret/files-admin", "Secret/files-operator-admin"}
		Eventually(func(g Gomega) []string {
			var unowned []string
			for _, o := range labelledObjects(g, key) {
				if len(o.OwnerReferences) == 0 {
					unowned = append(unowned, o.Kind+"/"+o.Name)
				}
			}
			return unowned
		}).Should(ConsistOf(retained), "the operator drops its owner references")

		Expect(k8sClient.Delete(ctx, s)).To(Succeed())
		Eventually(func(g Gomega) []string {
			return slices.Collect(maps.Values(kindsOf(labelledObjects(g, key))))
		}).Should(ConsistOf(retained))
	})
})

// kindsOf names the objects Kind/name, by UID.
func kindsOf(objects map[types.UID]metav1.PartialObjectMetadata) map[types.UID]string {
	out := map[types.UID]string{}
	for uid, o := range objects {
		out[uid] = o.Kind + "/" + o.Name
	}
	return out
}
