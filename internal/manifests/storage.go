package manifests

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// DataClaim is the claim for user files; nil when data storage is disabled
// or an existing claim is named.
func DataClaim(in *resolve.Instance) *corev1.PersistentVolumeClaim {
	if !in.CreatesDataClaim {
		return nil
	}
	data := in.Spec.Storage.Data
	return claim(in, DataClaimName(in), ComponentData, *data.Size, data.StorageClassName, data.AccessModes)
}

// StateClaim is the claim for SFTPGo's working directory (the sqlite
// database); nil with a shared data provider.
func StateClaim(in *resolve.Instance) *corev1.PersistentVolumeClaim {
	if in.SharedDataProvider() {
		return nil
	}
	state := in.Spec.Storage.State
	return claim(in, StateClaimName(in), ComponentState, *state.Size, state.StorageClassName,
		[]corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce})
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
