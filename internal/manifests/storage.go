package manifests

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// DataClaim is the claim for user files; nil when data storage is disabled
// or an existing claim is named.
func DataClaim(in *resolve.Instance) *corev1.PersistentVolumeClaim {
	data := in.Spec.Storage.Data
	if !in.DataVolumeEnabled() || data.ExistingClaim != "" {
		return nil
	}
	return claim(in, DataClaimName(in), ComponentData, *data.Size, data.StorageClassName, data.AccessModes)
}

// StateClaim is the claim for SFTPGo's working directory (sqlite database).
func StateClaim(in *resolve.Instance) *corev1.PersistentVolumeClaim {
	state := in.Spec.Storage.State
	return claim(in, StateClaimName(in), ComponentState, *state.Size, state.StorageClassName,
		[]corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce})
}

// Claims are the claims the operator creates for an instance.
func Claims(in *resolve.Instance) []*corev1.PersistentVolumeClaim {
	var out []*corev1.PersistentVolumeClaim
	if c := DataClaim(in); c != nil {
		out = append(out, c)
	}
	if !in.SharedDataProvider() {
		out = append(out, StateClaim(in))
	}
	return out
}

func claim(in *resolve.Instance, name, component string, size resource.Quantity, class string,
	modes []corev1.PersistentVolumeAccessMode) *corev1.PersistentVolumeClaim {
	pvc := &corev1.PersistentVolumeClaim{
		TypeMeta:   typeMeta("v1", "PersistentVolumeClaim"),
		ObjectMeta: objectMeta(in, name, component),
		Spec: corev1.PersistentVolumeClaimSpec{
			AccessModes: append([]corev1.PersistentVolumeAccessMode(nil), modes...),
			Resources: corev1.VolumeResourceRequirements{
				Requests: corev1.ResourceList{corev1.ResourceStorage: size},
			},
		},
	}
	if class != "" {
		pvc.Spec.StorageClassName = &class
	}
	return pvc
}
