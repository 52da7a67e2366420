package cluster_test

import (
	"context"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/utils/ptr"

	"github.com/sftpgo-operator/sftpgo-operator/internal/testenv/cluster"
)

// requireBinaries skips the test, saying how to build them, when the
// cluster's binaries are missing.
func requireBinaries(t *testing.T) {
	t.Helper()
	if missing := cluster.MissingBinaries(""); len(missing) > 0 {
		t.Skipf("local cluster binaries missing (%s): run `bash hack/envtest/build.sh --cluster`",
			strings.Join(missing, ", "))
	}
}

// TestDeploymentRunsAndIsCollected checks the cluster runs pods: a Deployment
// gets two Ready pods with IPs from the fake nodes' pod CIDRs, and deleting
// it lets the garbage collector remove its ReplicaSet and pods.
func TestDeploymentRunsAndIsCollected(t *testing.T) {
	requireBinaries(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()

	start := time.Now()
	// CLUSTER_LOG_DIR keeps the processes' logs there for a look afterwards.
	c, err := cluster.Start(ctx, cluster.Options{LogDir: os.Getenv("CLUSTER_LOG_DIR")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Stop(); err != nil {
			t.Error(err)
		}
		if err := c.Stop(); err != nil { // idempotent
			t.Error(err)
		}
	})
	t.Logf("cluster started in %s (logs in %s)", time.Since(start).Round(time.Millisecond), c.LogDir)

	cs, err := kubernetes.NewForConfig(c.Config)
	if err != nil {
		t.Fatal(err)
	}
	cidrs := map[string]*net.IPNet{}
	for _, name := range c.Nodes {
		node, err := cs.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		_, cidr, err := net.ParseCIDR(node.Spec.PodCIDR)
		if err != nil {
			t.Fatalf("node %s podCIDR %q: %v", name, node.Spec.PodCIDR, err)
		}
		cidrs[name] = cidr
	}

	labels := map[string]string{"app": "cluster-test"}
	dep := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "cluster-test", Namespace: metav1.NamespaceDefault},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr.To[int32](2),
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{
					Name: "app", Image: "example.invalid/never-pulled:1",
				}}},
			},
		},
	}
	rolloutStart := time.Now()
	if _, err := cs.AppsV1().Deployments(dep.Namespace).Create(ctx, dep, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	err = wait.PollUntilContextCancel(ctx, 200*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		d, err := cs.AppsV1().Deployments(dep.Namespace).Get(ctx, dep.Name, metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		return d.Status.ReadyReplicas == 2, nil
	})
	if err != nil {
		t.Fatalf("deployment never had 2 ready replicas: %v (logs in %s)", err, c.LogDir)
	}
	t.Logf("deployment ready in %s", time.Since(rolloutStart).Round(time.Millisecond))

	pods, err := cs.CoreV1().Pods(dep.Namespace).List(ctx, metav1.ListOptions{LabelSelector: "app=cluster-test"})
	if err != nil {
		t.Fatal(err)
	}
	if len(pods.Items) != 2 {
		t.Fatalf("want 2 pods, got %d", len(pods.Items))
	}
	for _, pod := range pods.Items {
		cidr, ok := cidrs[pod.Spec.NodeName]
		if !ok {
			t.Fatalf("pod %s on node %q, not a fake node", pod.Name, pod.Spec.NodeName)
		}
		ip := net.ParseIP(pod.Status.PodIP)
		if ip == nil || !cidr.Contains(ip) {
			t.Errorf("pod %s on %s has IP %q outside %s", pod.Name, pod.Spec.NodeName, pod.Status.PodIP, cidr)
		}
		if pod.Status.Phase != corev1.PodRunning {
			t.Errorf("pod %s phase %s, want Running", pod.Name, pod.Status.Phase)
		}
		t.Logf("pod %s on %s: %s", pod.Name, pod.Spec.NodeName, pod.Status.PodIP)
	}

	gcStart := time.Now()
	background := metav1.DeletePropagationBackground
	if err := cs.AppsV1().Deployments(dep.Namespace).Delete(ctx, dep.Name,
		metav1.DeleteOptions{PropagationPolicy: &background}); err != nil {
		t.Fatal(err)
	}
	err = wait.PollUntilContextCancel(ctx, 200*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		rs, err := cs.AppsV1().ReplicaSets(dep.Namespace).List(ctx, metav1.ListOptions{LabelSelector: "app=cluster-test"})
		if err != nil {
			return false, err
		}
		pods, err := cs.CoreV1().Pods(dep.Namespace).List(ctx, metav1.ListOptions{LabelSelector: "app=cluster-test"})
		if err != nil {
			return false, err
		}
		return len(rs.Items) == 0 && len(pods.Items) == 0, nil
	})
	if err != nil {
		t.Fatalf("the garbage collector left the ReplicaSet or pods: %v (logs in %s)", err, c.LogDir)
	}
	t.Logf("replicaset and pods collected in %s", time.Since(gcStart).Round(time.Millisecond))
}

// TestStartFailureStopsEverything checks a controller-manager that refuses to
// start makes Start fail with its log named, and leaves nothing running.
func TestStartFailureStopsEverything(t *testing.T) {
	requireBinaries(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	logDir := t.TempDir()
	c, err := cluster.Start(ctx, cluster.Options{LogDir: logDir, Controllers: []string{"no-such-controller"}})
	if err == nil {
		_ = c.Stop()
		t.Fatal("Start succeeded with an unknown controller")
	}
	if c != nil {
		t.Errorf("Start returned a cluster with its error")
	}
	if !strings.Contains(err.Error(), "controller-manager exited") || !strings.Contains(err.Error(), logDir) {
		t.Errorf("error does not name the controller-manager and the logs: %v", err)
	}
	t.Log(err)
}
