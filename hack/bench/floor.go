package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/apiutil"
	"sigs.k8s.io/controller-runtime/pkg/controller/controllerutil"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/desired"
	"github.com/sftpgo-operator/sftpgo-operator/internal/keys"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
	"github.com/sftpgo-operator/sftpgo-operator/internal/platform"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// floorResult is one floor run: a plain client creating what the operator
// makes, without the operator.
type floorResult struct {
	Concurrency int        `json:"concurrency"`
	Keygen      bool       `json:"keygen"`
	Instances   int        `json:"instances"`
	Seconds     float64    `json:"seconds"`
	Rate        float64    `json:"instancesPerSecond"`
	Latency     dist       `json:"latency"`
	Writes      int        `json:"writesPerInstance"`
	CPU         cpuReading `json:"cpuSeconds"`
}

// floorWritesPerInstance: the SFTPGo, its objects and the status.
var floorWritesPerInstance = ownedObjects + 2

// runFloor creates n instances' end state directly at concurrency conc, in
// namespaces prefix-NNNN: per instance the SFTPGo, the keys, admin and
// operator admin Secrets, the objects of desired.Objects (2 PVCs, ConfigMap, 2 Services,
// Ingress, NetworkPolicy, Deployment, with the owner references the operator
// sets) and a status with observedGeneration — the same end state the
// convergence run waits for. With keygen each instance generates its key
// set like the operator does; otherwise fakeKeys (one real set, reused) are
// written.
func runFloor(ctx context.Context, cp *controlPlane, facts platform.Facts, prefix string, n, conc int,
	keygen bool, fakeKeys map[string][]byte) (floorResult, error) {
	namespaces := make([]string, n)
	for i := range namespaces {
		namespaces[i] = instanceName(prefix, i)
	}
	if err := createNamespaces(ctx, cp.client, namespaces); err != nil {
		return floorResult{}, err
	}
	scheme := cp.client.Scheme()
	meter := newCPUMeter()
	cpu0 := meter.read(0)
	latencies := make([]time.Duration, n)
	var mu sync.Mutex
	start := time.Now()
	err := parallel(ctx, n, conc, func(ctx context.Context, i int) error {
		t0 := time.Now()
		if err := createEndState(ctx, cp.client, scheme, facts, namespaces[i], keygen, fakeKeys); err != nil {
			return err
		}
		mu.Lock()
		latencies[i] = time.Since(t0)
		mu.Unlock()
		return nil
	})
	if err != nil {
		return floorResult{}, err
	}
	elapsed := time.Since(start)
	return floorResult{
		Concurrency: conc, Keygen: keygen, Instances: n, Seconds: elapsed.Seconds(),
		Rate: float64(n) / elapsed.Seconds(), Latency: distOf(latencies), Writes: floorWritesPerInstance,
		CPU: meter.read(0).minus(cpu0),
	}, nil
}

func createEndState(ctx context.Context, c client.Client, scheme *runtime.Scheme, facts platform.Facts,
	namespace string, keygen bool, fakeKeys map[string][]byte) error {
	return createEndStateOf(ctx, c, scheme, facts, benchSFTPGo(namespace), keygen, fakeKeys, false, nil)
}

// floorFieldOwner is the floor's field manager when it applies.
const floorFieldOwner = "sftpgo-operator-floor"

// createEndStateOf creates s and its end state. With apply, the objects the
// operator applies are written like it does (server-side apply of an
// unstructured object with resourceVersion "1", so that it only creates),
// and the generated Secrets are created, as it does; otherwise every object
// is a plain create. With status, that status is written (its generations
// set to the SFTPGo's) instead of the floor's own.
func createEndStateOf(ctx context.Context, c client.Client, scheme *runtime.Scheme, facts platform.Facts,
	s *v1alpha1.SFTPGo, keygen bool, fakeKeys map[string][]byte, apply bool, status *v1alpha1.SFTPGoStatus) error {
	namespace := s.Namespace
	if err := c.Create(ctx, s); err != nil {
		return fmt.Errorf("floor: creating SFTPGo %s: %w", namespace, err)
	}
	in := resolve.New(s, facts)
	keyData := fakeKeys
	if keygen {
		var err error
		if keyData, err = keys.Generate(); err != nil {
			return err
		}
	}
	password, err := keys.Random(18)
	if err != nil {
		return err
	}
	plan, err := desired.NewPlan(in, desired.Kinds, nil)
	if err != nil {
		return err
	}
	plan.AddPodData(keyData)
	for _, b := range plan.Objects() {
		obj := b.Object
		switch b.Kind.Component {
		case manifests.ComponentKeys:
			obj.(*corev1.Secret).Data = keyData
		case manifests.ComponentAdmin:
			obj.(*corev1.Secret).Data[manifests.AdminPasswordKey] = []byte(password)
		}
		if b.Kind.Owned(in) {
			if err := controllerutil.SetControllerReference(s, obj, scheme); err != nil {
				return err
			}
		}
		_, generated := obj.(*corev1.Secret)
		if apply && !generated {
			if err := applyCreate(ctx, c, scheme, obj); err != nil {
				return fmt.Errorf("floor: applying %T %s/%s: %w", obj, namespace, obj.GetName(), err)
			}
			continue
		}
		if err := c.Create(ctx, obj); err != nil {
			return fmt.Errorf("floor: creating %T %s/%s: %w", obj, namespace, obj.GetName(), err)
		}
	}
	patch := client.MergeFrom(s.DeepCopy())
	if status != nil {
		s.Status = *status.DeepCopy()
		s.Status.ObservedGeneration = s.Generation
		for i := range s.Status.Conditions {
			s.Status.Conditions[i].ObservedGeneration = s.Generation
		}
		if err := c.Status().Patch(ctx, s, patch); err != nil {
			return fmt.Errorf("floor: status of %s: %w", namespace, err)
		}
		return nil
	}
	s.Status.ObservedGeneration = s.Generation
	s.Status.TrustedProxies = in.TrustedProxies
	s.Status.Endpoints = v1alpha1.Endpoints{SFTP: "files." + namespace + ".svc:22", Web: "https://files.example.com"}
	meta.SetStatusCondition(&s.Status.Conditions, metav1.Condition{Type: v1alpha1.ConditionSecurityCoherent,
		Status: metav1.ConditionTrue, ObservedGeneration: s.Generation, Reason: "Coherent", Message: "The security settings fit together."})
	meta.SetStatusCondition(&s.Status.Conditions, metav1.Condition{Type: v1alpha1.ConditionReady,
		Status: metav1.ConditionFalse, ObservedGeneration: s.Generation, Reason: "Progressing", Message: "0/1 replicas ready, 0 up to date."})
	if err := c.Status().Patch(ctx, s, patch); err != nil {
		return fmt.Errorf("floor: status of %s: %w", namespace, err)
	}
	return nil
}

// applyCreate writes obj by server-side apply as internal/apply creates an
// object: unstructured, resourceVersion "1" (create only), forced.
func applyCreate(ctx context.Context, c client.Client, scheme *runtime.Scheme, obj client.Object) error {
	gvk, err := apiutil.GVKForObject(obj, scheme)
	if err != nil {
		return err
	}
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		return err
	}
	u := &unstructured.Unstructured{Object: m}
	u.SetGroupVersionKind(gvk)
	unstructured.RemoveNestedField(u.Object, "metadata", "creationTimestamp")
	unstructured.RemoveNestedField(u.Object, "status")
	u.SetResourceVersion("1")
	return c.Apply(ctx, client.ApplyConfigurationFromUnstructured(u), client.FieldOwner(floorFieldOwner), client.ForceOwnership)
}
