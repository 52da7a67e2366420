package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/wait"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/testenv/cluster"
)

// readyTimeout bounds the wait for every SFTPGo of the samples to turn
// Ready=True once the operator has reconciled it (pods scheduled, played
// Running and Ready by kwok, the Deployment available).
const readyTimeout = 90 * time.Second

// createMissingFTPCertificates creates, for every SFTPGo whose FTP(S)
// certificate Secret is missing (the partners sample waits for
// partners-ftp-tls with Ready=False, reason SecretMissing), a self-signed
// kubernetes.io/tls Secret, as `kubectl create secret tls` or cert-manager
// would, so that it too turns Ready.
func createMissingFTPCertificates(ctx context.Context, c client.Client, names []string) error {
	for _, name := range names {
		var obj v1alpha1.SFTPGo
		if err := c.Get(ctx, client.ObjectKey{Namespace: demoNamespace, Name: name}, &obj); err != nil {
			return err
		}
		ref := obj.Spec.FTP.CertificateSecret
		if obj.Spec.FTP.Enabled == nil || !*obj.Spec.FTP.Enabled || ref == nil || ref.Name == "" {
			continue
		}
		err := c.Get(ctx, client.ObjectKey{Namespace: demoNamespace, Name: ref.Name}, &corev1.Secret{})
		if err == nil {
			continue
		}
		if !apierrors.IsNotFound(err) {
			return err
		}
		if ready := findCondition(obj.Status.Conditions, v1alpha1.ConditionReady); ready != nil {
			fmt.Printf("\nSFTPGo %s: Ready=%s, reason %s: %s\n", name, ready.Status, ready.Reason, ready.Message)
		}
		host := obj.Spec.Expose.Host
		if host == "" {
			host = name + "." + demoNamespace + ".svc"
		}
		secret, err := selfSignedTLSSecret(ref.Name, host)
		if err != nil {
			return err
		}
		if err := c.Create(ctx, secret); err != nil && !apierrors.IsAlreadyExists(err) {
			return fmt.Errorf("creating Secret %s: %w", ref.Name, err)
		}
		fmt.Printf("created Secret %s/%s (kubernetes.io/tls, self-signed for %s, as `kubectl create secret tls` would) for the FTPS of SFTPGo %s\n",
			demoNamespace, ref.Name, host, name)
	}
	return nil
}

func selfSignedTLSSecret(name, host string) (*corev1.Secret, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: host},
		DNSNames:     []string{host},
		NotBefore:    now.Add(-time.Minute),
		NotAfter:     now.Add(30 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	return &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: demoNamespace},
		Type:       corev1.SecretTypeTLS,
		Data: map[string][]byte{
			corev1.TLSCertKey:       pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
			corev1.TLSPrivateKeyKey: pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}),
		},
	}, nil
}

// errTimeout is what pollWithin returns when the time is up.
var errTimeout = errors.New("timed out")

// pollWithin checks cond every 250ms until it holds, fails, ctx ends or
// timeout has passed (errTimeout). Unlike wait.PollUntilContextTimeout, cond
// gets ctx itself, not a context with the deadline: a client call near the
// deadline then fails with no rate limiter error in place of the timeout.
func pollWithin(ctx context.Context, timeout time.Duration, cond wait.ConditionWithContextFunc) error {
	deadline := time.Now().Add(timeout)
	timedOut := false
	err := wait.PollUntilContextCancel(ctx, 250*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		if time.Now().After(deadline) {
			timedOut = true
			return true, nil
		}
		return cond(ctx)
	})
	if err == nil && timedOut {
		return errTimeout
	}
	return err
}

// waitReady waits until every SFTPGo is Ready=True. On timeout it says
// which are not and why: their Ready condition, their pods and claims.
func waitReady(ctx context.Context, c client.Client, op *operator, names []string) error {
	fmt.Fprintf(os.Stderr, "Waiting for %s to turn Ready (pods scheduled and played Ready by kwok, Deployments available) ...\n",
		strings.Join(names, ", "))
	notReady := map[string]*metav1.Condition{}
	err := pollWithin(ctx, readyTimeout,
		func(ctx context.Context) (bool, error) {
			select {
			case <-op.exited:
				return false, op.exitError(ctx)
			default:
			}
			clear(notReady)
			for _, name := range names {
				var obj v1alpha1.SFTPGo
				if err := c.Get(ctx, client.ObjectKey{Namespace: demoNamespace, Name: name}, &obj); err != nil {
					return false, err
				}
				ready := findCondition(obj.Status.Conditions, v1alpha1.ConditionReady)
				if ready == nil || ready.Status != metav1.ConditionTrue || obj.Status.ObservedGeneration != obj.Generation {
					notReady[name] = ready
				}
			}
			return len(notReady) == 0, nil
		})
	if err == nil {
		return nil
	}
	if !errors.Is(err, errTimeout) {
		return fmt.Errorf("waiting for Ready: %w", err)
	}
	var why []string
	for _, name := range names {
		ready, ok := notReady[name]
		switch {
		case !ok:
		case ready == nil:
			why = append(why, fmt.Sprintf("  %s: no Ready condition", name))
		default:
			why = append(why, fmt.Sprintf("  %s: Ready=%s, reason %s: %s", name, ready.Status, ready.Reason, ready.Message))
		}
	}
	// What Kubernetes made of it, to see where it stopped.
	_ = printPods(ctx, c)
	_ = printClaims(ctx, c)
	return fmt.Errorf("not Ready=True within %s:\n%s", readyTimeout, strings.Join(why, "\n"))
}

// table prints a section title and returns a table on stdout with its
// header row written; the caller flushes it.
func table(title, header string) *tabwriter.Writer {
	fmt.Printf("\n==================== %s ====================\n\n", title)
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	return tw
}

// printPods prints the pods of namespace demo like `kubectl get pods -o wide`.
func printPods(ctx context.Context, c client.Client) error {
	var pods corev1.PodList
	if err := c.List(ctx, &pods, client.InNamespace(demoNamespace)); err != nil {
		return err
	}
	tw := table(fmt.Sprintf("kubectl -n %s get pods -o wide", demoNamespace), "NAME\tREADY\tSTATUS\tIP\tNODE")
	for _, p := range pods.Items {
		ready := 0
		for _, s := range p.Status.ContainerStatuses {
			if s.Ready {
				ready++
			}
		}
		status := string(p.Status.Phase)
		if p.DeletionTimestamp != nil {
			status = "Terminating"
		}
		if p.Spec.NodeName == "" {
			for _, cond := range p.Status.Conditions {
				if cond.Type == corev1.PodScheduled && cond.Status != corev1.ConditionTrue {
					status += " (" + cond.Reason + ": " + cond.Message + ")"
				}
			}
		}
		fmt.Fprintf(tw, "%s\t%d/%d\t%s\t%s\t%s\n", p.Name, ready, len(p.Spec.Containers), status,
			orDash(p.Status.PodIP), orDash(p.Spec.NodeName))
	}
	if len(pods.Items) == 0 {
		fmt.Fprintln(tw, "(none)")
	}
	return tw.Flush()
}

func printClaims(ctx context.Context, c client.Client) error {
	var claims corev1.PersistentVolumeClaimList
	if err := c.List(ctx, &claims, client.InNamespace(demoNamespace)); err != nil {
		return err
	}
	tw := table(fmt.Sprintf("kubectl -n %s get pvc", demoNamespace), "NAME\tSTATUS\tVOLUME")
	for _, pvc := range claims.Items {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", pvc.Name, pvc.Status.Phase, orDash(pvc.Spec.VolumeName))
	}
	return tw.Flush()
}

// accountKinds are the kinds of the account samples.
var accountKinds = []string{"SFTPGoFolder", "SFTPGoGroup", "SFTPGoUser", "SFTPGoAdmin"}

// printAccounts prints the Ready condition of the account samples, which
// cannot turn True here: they are synced through the REST API of a running
// SFTPGo, and no container runs in the local cluster.
func printAccounts(ctx context.Context, c client.Client) error {
	tw := table("Accounts ("+strings.Join(accountKinds, ", ")+")", "KIND\tNAME\tSERVER\tREADY\tREASON")
	for _, kind := range accountKinds {
		list := &unstructured.UnstructuredList{}
		list.SetGroupVersionKind(v1alpha1.GroupVersion.WithKind(kind + "List"))
		if err := c.List(ctx, list, client.InNamespace(demoNamespace)); err != nil {
			return fmt.Errorf("listing %ss: %w", kind, err)
		}
		for _, item := range list.Items {
			server, _, _ := unstructured.NestedString(item.Object, "spec", "server", "name")
			status, reason := "-", "-"
			conds, _, _ := unstructured.NestedSlice(item.Object, "status", "conditions")
			for _, raw := range conds {
				cond, ok := raw.(map[string]any)
				if ok && cond["type"] == v1alpha1.ConditionReady {
					status, _ = cond["status"].(string)
					reason, _ = cond["reason"].(string)
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", kind, item.GetName(), orDash(server), status, reason)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Println("\nExpected: accounts are synced through the REST API of the running SFTPGo they name," +
		" and no container runs in this local cluster (kwok only plays the pods Running and Ready)," +
		" so they stay Ready=False here. See test/e2e for them against a real SFTPGo.")
	return nil
}

// printTryIt prints how to look at the local cluster with kubectl: a
// rollout, and what deleting an SFTPGo keeps.
func printTryIt(lc *cluster.Cluster, readyAfter time.Duration) {
	k := "kubectl -n " + demoNamespace
	fmt.Printf(`
==================== Try it ====================

Every SFTPGo above turned Ready=True %s after the demo started: the
scheduler placed the pods on the fake nodes %s, kwok played them
Running and Ready (no container runs: SFTPGo itself never executes here),
the Deployments became available and the operator reported it. The demo
played the volume provisioner: one PersistentVolume per claim (kubectl get pv).

  export KUBECONFIG=%s
  %s get sftpgo,deploy,rs,pods,pvc

Watch a rollout (a config change restarts the pods; Recreate with sqlite:
the old pod goes before the new one comes):

  %s patch sftpgo files --type merge -p '{"spec":{"config":{"common":{"idle_timeout":20}}}}'
  %s rollout status deploy/files && %s get rs,pods -l app.kubernetes.io/instance=files

Delete an SFTPGo and see what the retention policy keeps (Retain, the
default: the PersistentVolumeClaims and the Secrets <name>-keys, <name>-admin
and <name>-operator-admin, without an owner; the garbage collector removes
the rest, pods included):

  %s delete sftpgo minimal
  %s get all,cm,secret,pvc,pdb -l app.kubernetes.io/instance=minimal
  kubectl apply -n %s -f config/samples/sftpgo_v1alpha1_sftpgo_minimal.yaml   # adopts them again

Logs of the cluster's processes: %s
`, readyAfter, strings.Join(lc.Nodes, " and "), lc.KubeconfigPath, k, k, k, k, k, k, demoNamespace, lc.LogDir)
}
