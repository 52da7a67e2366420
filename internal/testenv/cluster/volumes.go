package cluster

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
)

// ProvisionedBy is the pv.kubernetes.io/provisioned-by annotation of the
// PersistentVolumes the cluster's provisioner makes.
const ProvisionedBy = "sftpgo-local-cluster"

// provisionVolumes plays a dynamic volume provisioner until ctx ends: the
// local cluster has none, and the scheduler keeps a pod whose claim is
// unbound Pending ("unbound immediate PersistentVolumeClaims"). For every
// Pending claim it creates a hostPath PersistentVolume of the claim's size,
// class, mode and access modes, pre-bound to the claim (spec.claimRef); the
// controller-manager's persistentvolume-binder-controller binds the two as
// it would a provisioned volume. No kubelet ever mounts the path: no
// container runs here. The reclaim policy is Retain, so a deleted claim
// leaves its volume Released. Failures are logged to log and retried at
// the next pass.
func provisionVolumes(ctx context.Context, cs kubernetes.Interface, log *os.File) {
	made := map[string]bool{} // claim UIDs
	_ = wait.PollUntilContextCancel(ctx, 300*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		claims, err := cs.CoreV1().PersistentVolumeClaims(metav1.NamespaceAll).List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, nil // the API server may be going away; retry
		}
		for i := range claims.Items {
			pvc := &claims.Items[i]
			if pvc.Spec.VolumeName != "" || pvc.Status.Phase != corev1.ClaimPending ||
				pvc.DeletionTimestamp != nil || made[string(pvc.UID)] {
				continue
			}
			_, err := cs.CoreV1().PersistentVolumes().Create(ctx, volumeFor(pvc), metav1.CreateOptions{})
			if err == nil || apierrors.IsAlreadyExists(err) {
				made[string(pvc.UID)] = true
			} else if ctx.Err() == nil {
				fmt.Fprintf(log, "%s provisioning a volume for claim %s/%s: %v\n",
					time.Now().UTC().Format(time.RFC3339), pvc.Namespace, pvc.Name, err)
			}
		}
		return false, nil
	})
}

// volumeFor is the hostPath PersistentVolume pre-bound to pvc.
func volumeFor(pvc *corev1.PersistentVolumeClaim) *corev1.PersistentVolume {
	name := "pvc-" + string(pvc.UID)
	hostPathType := corev1.HostPathDirectoryOrCreate
	modes := pvc.Spec.AccessModes
	if len(modes) == 0 {
		modes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce}
	}
	pv := &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{
			Name:        name,
			Annotations: map[string]string{"pv.kubernetes.io/provisioned-by": ProvisionedBy},
		},
		Spec: corev1.PersistentVolumeSpec{
			Capacity:    corev1.ResourceList{corev1.ResourceStorage: pvc.Spec.Resources.Requests[corev1.ResourceStorage]},
			AccessModes: modes,
			VolumeMode:  pvc.Spec.VolumeMode,
			PersistentVolumeSource: corev1.PersistentVolumeSource{
				HostPath: &corev1.HostPathVolumeSource{Path: filepath.Join("/var/lib/sftpgo-local-cluster", name), Type: &hostPathType},
			},
			ClaimRef: &corev1.ObjectReference{
				APIVersion: "v1", Kind: "PersistentVolumeClaim",
				Namespace: pvc.Namespace, Name: pvc.Name, UID: pvc.UID,
			},
			PersistentVolumeReclaimPolicy: corev1.PersistentVolumeReclaimRetain,
		},
	}
	if pvc.Spec.StorageClassName != nil {
		pv.Spec.StorageClassName = *pvc.Spec.StorageClassName
	}
	return pv
}
