package main

import (
	"context"
	"fmt"
	"math"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
)

// parallel runs fn(0..n-1) on conc workers and returns the first error;
// after an error no new item starts.
func parallel(ctx context.Context, n, conc int, fn func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next atomic.Int64
	var once sync.Once
	var first error
	var wg sync.WaitGroup
	for w := 0; w < conc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				if err := fn(ctx, i); err != nil {
					once.Do(func() { first = err; cancel() })
					return
				}
			}
		}()
	}
	wg.Wait()
	if first != nil {
		return first
	}
	return ctx.Err()
}

// createNamespaces creates the namespaces (untimed set-up).
func createNamespaces(ctx context.Context, c client.Client, names []string) error {
	return parallel(ctx, len(names), 16, func(ctx context.Context, i int) error {
		ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: names[i]}}
		if err := c.Create(ctx, ns); err != nil && !apierrors.IsAlreadyExists(err) {
			return fmt.Errorf("creating namespace %s: %w", names[i], err)
		}
		return nil
	})
}

// instanceName is the name of the i-th SFTPGo; one namespace per instance
// ("many teams"), named like it.
func instanceName(prefix string, i int) string { return fmt.Sprintf("%s-%04d", prefix, i) }

// benchSFTPGo is the example: the web UI behind an Ingress at
// files.example.com, TLS ended at the Ingress controller, proxies trusted in
// 10.0.0.0/16.
func benchSFTPGo(namespace string) *v1alpha1.SFTPGo {
	return &v1alpha1.SFTPGo{
		TypeMeta:   metav1.TypeMeta{APIVersion: v1alpha1.GroupVersion.String(), Kind: "SFTPGo"},
		ObjectMeta: metav1.ObjectMeta{Name: "files", Namespace: namespace},
		Spec: v1alpha1.SFTPGoSpec{
			Expose: v1alpha1.ExposeSpec{
				Type: v1alpha1.ExposeIngress, Host: "files.example.com",
				TLS: v1alpha1.ExposeTLS{Termination: v1alpha1.TLSEdge, CertificateSecret: &v1alpha1.SecretReference{Name: "files-tls"}},
			},
			Security: v1alpha1.SecuritySpec{TrustedProxies: []string{"10.0.0.0/16"}},
		},
	}
}

// dist summarises latencies, in seconds.
type dist struct {
	Count int     `json:"count"`
	P50   float64 `json:"p50"`
	P90   float64 `json:"p90"`
	P99   float64 `json:"p99"`
	Max   float64 `json:"max"`
	Mean  float64 `json:"mean"`
}

func distOf(d []time.Duration) dist {
	if len(d) == 0 {
		return dist{}
	}
	s := make([]float64, len(d))
	var sum float64
	for i, x := range d {
		s[i] = x.Seconds()
		sum += s[i]
	}
	sort.Float64s(s)
	return dist{Count: len(s), P50: quantile(s, 0.50), P90: quantile(s, 0.90), P99: quantile(s, 0.99), Max: s[len(s)-1], Mean: sum / float64(len(s))}
}

// quantile of sorted s by the nearest-rank method.
func quantile(s []float64, q float64) float64 {
	if len(s) == 0 {
		return 0
	}
	rank := int(math.Ceil(q*float64(len(s)))) - 1
	rank = max(0, min(rank, len(s)-1))
	return s[rank]
}

func median(s []float64) float64 {
	c := append([]float64(nil), s...)
	sort.Float64s(c)
	if len(c) == 0 {
		return 0
	}
	return c[len(c)/2]
}
