package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// unrelatedPerNamespace is how many unrelated objects go in one namespace.
const unrelatedPerNamespace = 100

// createUnrelated creates count Secrets and ConfigMaps (half each, 10 KiB
// of data each, no labels) in namespaces unrelated-NNN, none of which the
// operator has any business with.
func createUnrelated(ctx context.Context, c client.Client, count int) (time.Duration, error) {
	nsCount := (count + unrelatedPerNamespace - 1) / unrelatedPerNamespace
	namespaces := make([]string, nsCount)
	for i := range namespaces {
		namespaces[i] = fmt.Sprintf("unrelated-%03d", i)
	}
	if err := createNamespaces(ctx, c, namespaces); err != nil {
		return 0, err
	}
	raw := make([]byte, 10*1024)
	if _, err := rand.Read(raw); err != nil {
		return 0, err
	}
	text := strings.Repeat("0123456789abcdef", 10*1024/16)
	start := time.Now()
	err := parallel(ctx, count, 16, func(ctx context.Context, i int) error {
		meta := metav1.ObjectMeta{Name: fmt.Sprintf("unrelated-%05d", i), Namespace: namespaces[i/unrelatedPerNamespace]}
		var obj client.Object
		if i%2 == 0 {
			obj = &corev1.Secret{ObjectMeta: meta, Data: map[string][]byte{"blob": raw}}
		} else {
			obj = &corev1.ConfigMap{ObjectMeta: meta, Data: map[string]string{"blob": text}}
		}
		if err := c.Create(ctx, obj); err != nil {
			return fmt.Errorf("creating unrelated %s: %w", meta.Name, err)
		}
		return nil
	})
	return time.Since(start), err
}
