package v1alpha1_test

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// The storage transition rules (docs/storage.md): sizes only grow, storage
// classes and access modes never change once the SFTPGo exists.

func dataSize(q string) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Storage.Data.Size = ptr.To(resource.MustParse(q)) }
}
func stateSize(q string) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Storage.State.Size = ptr.To(resource.MustParse(q)) }
}
func dataClass(c string) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Storage.Data.StorageClassName = c }
}
func stateClass(c string) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Storage.State.StorageClassName = c }
}
func accessModes(m ...corev1.PersistentVolumeAccessMode) func(*v1alpha1.SFTPGoSpec) {
	return func(sp *v1alpha1.SFTPGoSpec) { sp.Storage.Data.AccessModes = m }
}

// createThenUpdate creates an SFTPGo with the spec changes of from, then
// updates it with those of to and returns the update's error. The object is
// deleted afterwards.
func createThenUpdate(from, to []func(*v1alpha1.SFTPGoSpec)) error {
	s := sftpgo(from...)
	Expect(k8sClient.Create(ctx, s)).To(Succeed(), "creating never runs transition rules")
	DeferCleanup(func() { Expect(client.IgnoreNotFound(k8sClient.Delete(ctx, s))).To(Succeed()) })
	for _, m := range to {
		m(&s.Spec)
	}
	return k8sClient.Update(ctx, s)
}

func with(m ...func(*v1alpha1.SFTPGoSpec)) []func(*v1alpha1.SFTPGoSpec) { return m }

var _ = Describe("Storage transition rules", func() {
	DescribeTable("accept an update that keeps the volumes",
		func(from, to []func(*v1alpha1.SFTPGoSpec)) {
			Expect(createThenUpdate(from, to)).To(Succeed())
		},
		Entry("data grows 10Gi -> 20Gi", with(dataSize("10Gi")), with(dataSize("20Gi"))),
		Entry("state grows 1Gi -> 1536Mi", with(stateSize("1Gi")), with(stateSize("1536Mi"))),
		Entry("data grows 1Gi -> 1536Mi", with(dataSize("1Gi")), with(dataSize("1536Mi"))),
		Entry("data keeps its size, spelled 1024Mi instead of 1Gi", with(dataSize("1Gi")), with(dataSize("1024Mi"))),
		Entry("state keeps its size, spelled 1024Mi instead of 1Gi", with(stateSize("1Gi")), with(stateSize("1024Mi"))),
		Entry("data keeps its size, spelled 10G instead of 10000M", with(dataSize("10000M")), with(dataSize("10G"))),
		Entry("an unrelated change with every storage field set",
			with(dataSize("20Gi"), stateSize("2Gi"), dataClass("fast"), stateClass("slow"),
				accessModes(corev1.ReadWriteMany), driver(v1alpha1.DriverPostgreSQL)),
			with(func(sp *v1alpha1.SFTPGoSpec) {
				sp.Image = "ghcr.io/drakkan/sftpgo:v2.7.6"
				sp.SFTP.Port = 2222
				sp.Replicas = ptr.To[int32](2)
				sp.Storage.RetentionPolicy = v1alpha1.RetentionPolicyDelete
			})),
		Entry("switching to an existing claim keeps the rest", with(dataClass("fast")),
			with(func(sp *v1alpha1.SFTPGoSpec) { sp.Storage.Data.ExistingClaim = "files-on-new-class" })),
	)

	DescribeTable("refuse an update that would shrink or swap a volume",
		func(from, to []func(*v1alpha1.SFTPGoSpec), field string, message ...string) {
			err := createThenUpdate(from, to)
			Expect(err).To(HaveOccurred(), "the API server accepted a change of %s", field)
			Expect(apierrors.IsInvalid(err)).To(BeTrue(), "want an Invalid error, got %v", err)
			Expect(err.Error()).To(ContainSubstring(field+": Invalid value"), "the error must point at the field")
			for _, m := range message {
				Expect(err.Error()).To(ContainSubstring(m))
			}
		},
		Entry("data shrinks 20Gi -> 10Gi", with(dataSize("20Gi")), with(dataSize("10Gi")), "spec.storage.data.size",
			"storage.data.size can only grow (PVCs cannot shrink): set it back to at least 20Gi"),
		Entry("data shrinks by one byte, 1Gi -> 1073741823", with(dataSize("1Gi")), with(dataSize("1073741823")), "spec.storage.data.size",
			"set it back to at least 1Gi"),
		Entry("state shrinks 2Gi -> 1536Mi", with(stateSize("2Gi")), with(stateSize("1536Mi")), "spec.storage.state.size",
			"storage.state.size can only grow (PVCs cannot shrink): set it back to at least 2Gi"),
		Entry("dropping a data size above the default falls back to 10Gi", with(dataSize("20Gi")),
			with(func(sp *v1alpha1.SFTPGoSpec) { sp.Storage.Data.Size = nil }), "spec.storage.data.size",
			"set it back to at least 20Gi"),
		Entry("data storage class changes", with(dataClass("fast")), with(dataClass("slow")), "spec.storage.data.storageClassName",
			"storage.data.storageClassName cannot change", "Set it back to fast.", "storage.data.existingClaim", "create a new SFTPGo"),
		Entry("data storage class set where the cluster default was used", nil, with(dataClass("fast")), "spec.storage.data.storageClassName",
			"Set it back to empty (the cluster default)."),
		Entry("data storage class cleared", with(dataClass("fast")), with(dataClass("")), "spec.storage.data.storageClassName",
			"Set it back to fast."),
		Entry("state storage class changes", with(stateClass("fast")), with(stateClass("slow")), "spec.storage.state.storageClassName",
			"storage.state.storageClassName cannot change", "Set it back to fast.", "create a new SFTPGo"),
		Entry("state storage class set where the cluster default was used", nil, with(stateClass("fast")), "spec.storage.state.storageClassName",
			"Set it back to empty (the cluster default)."),
		Entry("access modes change", nil, with(accessModes(corev1.ReadWriteMany)), "spec.storage.data.accessModes",
			"storage.data.accessModes cannot change", "Set them back to [ReadWriteOnce].", "storage.data.existingClaim", "create a new SFTPGo"),
		Entry("access modes gain a mode", with(accessModes(corev1.ReadWriteOnce)),
			with(accessModes(corev1.ReadWriteOnce, corev1.ReadWriteMany)), "spec.storage.data.accessModes",
			"Set them back to [ReadWriteOnce]."),
		Entry("access modes are reordered (a claim refuses that too)",
			with(accessModes(corev1.ReadWriteOnce, corev1.ReadOnlyMany)),
			with(accessModes(corev1.ReadOnlyMany, corev1.ReadWriteOnce)), "spec.storage.data.accessModes",
			"Set them back to [ReadWriteOnce, ReadOnlyMany]."),
		Entry("access modes dropped (back to the default) while an existing claim is named",
			with(accessModes(corev1.ReadWriteMany)),
			with(accessModes(), func(sp *v1alpha1.SFTPGoSpec) { sp.Storage.Data.ExistingClaim = "other" }),
			"spec.storage.data.accessModes", "Set them back to [ReadWriteMany]."),
	)

	It("reports every refused field of one update", func() {
		err := createThenUpdate(with(dataSize("20Gi"), dataClass("fast")),
			with(dataSize("10Gi"), dataClass("slow"), stateSize("512Mi"), accessModes(corev1.ReadWriteMany)))
		Expect(err).To(HaveOccurred())
		Expect(err.Error()).To(And(
			ContainSubstring("spec.storage.data.size: Invalid value"),
			ContainSubstring("spec.storage.data.storageClassName: Invalid value"),
			ContainSubstring("spec.storage.data.accessModes: Invalid value"),
			ContainSubstring("spec.storage.state.size: Invalid value"),
		))
	})

	It("compares sizes given as plain integers too", func() {
		u := &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": v1alpha1.GroupVersion.String(),
			"kind":       "SFTPGo",
			"metadata":   map[string]any{"name": fmt.Sprintf("files-%d", seq.Add(1)), "namespace": namespace},
			"spec": map[string]any{
				"storage": map[string]any{"data": map[string]any{"size": int64(10 << 30)}},
			},
		}}
		Expect(k8sClient.Create(ctx, u)).To(Succeed())
		DeferCleanup(func() { Expect(client.IgnoreNotFound(k8sClient.Delete(ctx, u))).To(Succeed()) })

		Expect(unstructured.SetNestedField(u.Object, "5Gi", "spec", "storage", "data", "size")).To(Succeed())
		err := k8sClient.Update(ctx, u)
		Expect(err).To(HaveOccurred())
		Expect(err.Error()).To(ContainSubstring("set it back to at least 10737418240"))

		Expect(unstructured.SetNestedField(u.Object, "10Gi", "spec", "storage", "data", "size")).To(Succeed())
		Expect(k8sClient.Update(ctx, u)).To(Succeed(), "10Gi is the same size as 10737418240")
		Expect(unstructured.SetNestedField(u.Object, int64(20<<30), "spec", "storage", "data", "size")).To(Succeed())
		Expect(k8sClient.Update(ctx, u)).To(Succeed(), "an integer may grow the volume")
	})

	It("lets a metadata-only update through on an object with every storage field set", func() {
		s := sftpgo(dataSize("20Gi"), dataClass("fast"), stateClass("slow"), accessModes(corev1.ReadWriteOncePod))
		Expect(k8sClient.Create(ctx, s)).To(Succeed())
		DeferCleanup(func() { Expect(client.IgnoreNotFound(k8sClient.Delete(ctx, s))).To(Succeed()) })
		s.Labels = map[string]string{"team": "files"}
		Expect(k8sClient.Update(ctx, s)).To(Succeed())
	})
})
