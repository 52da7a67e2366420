package main

// The accounts bench (-accounts N, make bench-accounts): N SFTPGoUser and
// -account-groups SFTPGoGroup resources on one SFTPGo, a fake SFTPGo that
// follows the real server's REST semantics (internal/sftpgoapi/fake) or,
// with -account-sftpgo-bin, a real one behind a counting proxy, against a
// floor in the same run: a plain client that creates the same
// groups and users with the fewest REST calls (one token, one POST each),
// run first and again last. It reports convergence against that floor (the
// mean of both runs, and each), REST calls per user, what a
// resync of the unchanged accounts costs (list calls, writes), and the
// operator's memory.

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

type accountsOptions struct {
	users, groups, createConcurrency, floorConcurrency int
	resync                                             time.Duration
	timeout                                            time.Duration
	// sftpgo is the real SFTPGo to run against; the fake server when unset.
	sftpgo realSFTPGo
}

func registerAccountsFlags(fs *flag.FlagSet, o *accountsOptions) {
	fs.IntVar(&o.users, "accounts", 0, "run the accounts bench with this many SFTPGoUser resources instead (0: the SFTPGo bench)")
	fs.IntVar(&o.groups, "account-groups", 100, "SFTPGoGroup resources of the accounts bench; each user is in one")
	fs.IntVar(&o.createConcurrency, "account-create-concurrency", 16, "concurrency of the accounts bench's creates")
	fs.IntVar(&o.floorConcurrency, "account-floor-concurrency", 8, "concurrency of the floor's REST calls")
	fs.DurationVar(&o.resync, "account-resync", 20*time.Second, "the operator's --account-resync-interval in the accounts bench")
	fs.StringVar(&o.sftpgo.bin, "account-sftpgo-bin", "", "a local SFTPGo binary (DEVELOPERS.md) to run the accounts bench against instead of the fake server; fresh, with SQLite, for each floor and the operator")
	fs.StringVar(&o.sftpgo.share, "account-sftpgo-share", "", "SFTPGo's source tree, for its templates, static files and OpenAPI schema (with -account-sftpgo-bin)")
}

const benchAdmin, benchAdminPassword = "automation", "bench-admin-pass"

func runAccounts(o options, a accountsOptions) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	_, tmp, err := prepare()
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := o.operatorBin
	if bin == "" {
		logf("building the operator ...")
		if bin, err = buildOperator(ctx, tmp); err != nil {
			return err
		}
	}

	logf("floor: %d groups and %d users with a plain REST client ...", a.groups, a.users)
	floor, floorCalls, floorCPU, err := timedRESTFloor(ctx, a, filepath.Join(tmp, "rest-floor"))
	if err != nil {
		return err
	}

	logf("starting a control plane ...")
	cp, err := startControlPlane(tmp, true)
	if err != nil {
		return err
	}
	defer cp.stop()
	logf("floor with Kubernetes: the same creates, and per account its POST and a status patch ...")
	k8sFloorServer, err := newRESTServer(ctx, a.sftpgo, filepath.Join(tmp, "rest-k8s-floor"))
	if err != nil {
		return err
	}
	meter := newCPUMeter()
	cpuBefore := meter.read(0).withSFTPGo(k8sFloorServer.PID())
	k8sFloor, err := accountsKubernetesFloor(ctx, cp.client, k8sFloorServer, a)
	k8sFloorCPU := meter.read(0).withSFTPGo(k8sFloorServer.PID()).minus(cpuBefore)
	k8sFloorServer.Close()
	if err != nil {
		return err
	}
	logf("starting the operator ...")
	server, err := newRESTServer(ctx, a.sftpgo, filepath.Join(tmp, "rest-operator"))
	if err != nil {
		return err
	}
	defer server.Close()
	op, err := startOperator(ctx, bin, cp.operatorKubeconfig, filepath.Join(tmp, "operator.log"),
		// The floor's resources are in another namespace, not the operator's.
		append([]string{"--account-resync-interval=" + a.resync.String(), "--watch-namespace=" + benchNamespace},
			o.operatorArgs...), o.operatorEnv)
	if err != nil {
		return err
	}
	defer op.stop()
	started, err := op.memory(ctx)
	if err != nil {
		return err
	}

	logf("creating %d groups and %d users (and their password Secrets) ...", a.groups, a.users)
	cpuBefore = meter.read(op.pid).withSFTPGo(server.PID())
	cp.audit.mark()
	begin := time.Now()
	if err := createAccounts(ctx, cp.client, server, a); err != nil {
		return err
	}
	created := time.Since(begin)
	converged, err := waitAccountsSynced(ctx, cp.cfg, cp.client, a, begin)
	if err != nil {
		return err
	}
	operatorCPU := meter.read(op.pid).withSFTPGo(server.PID()).minus(cpuBefore)
	writes, err := cp.audit.next()
	if err != nil {
		return err
	}
	calls := server.Requests()
	convergedMem, err := op.memory(ctx)
	if err != nil {
		return err
	}

	logf("waiting for a resync of the unchanged accounts ...")
	time.Sleep(a.resync / 2) // the reconciles of the last creates are over
	server.ResetCounters()
	time.Sleep(a.resync + a.resync/2)
	resync := server.Requests()
	resyncWrites := server.Writes()
	resyncMem, err := op.memory(ctx)
	if err != nil {
		return err
	}
	// The machine's speed drifts (SFTPGo's bcrypt took 55 to 61 CPU-seconds
	// for the same accounts in one day's runs): the REST floor runs again
	// last, so that the operator's run is compared with both sides of it.
	op.stop()
	logf("floor again, after the operator's run ...")
	floorAfter, _, floorAfterCPU, err := timedRESTFloor(ctx, a, filepath.Join(tmp, "rest-floor-after"))
	if err != nil {
		return err
	}
	floorMean := (floor + floorAfter) / 2

	w := os.Stdout
	kind := "fake REST server"
	if a.sftpgo.bin != "" {
		kind = "real SFTPGo " + a.sftpgo.bin + ", SQLite"
	}
	fmt.Fprintf(w, "## Accounts: %d users in %d groups on one SFTPGo (%s)\n\n", a.users, a.groups, kind)
	fmt.Fprintf(w, "| measure | value |\n| --- | --- |\n")
	fmt.Fprintf(w, "| floor: plain client, %d groups + %d users, concurrency %d, first and last | %.2f s and %.2f s (mean %.2f s), %d REST calls |\n",
		a.groups, a.users, a.floorConcurrency, floor.Seconds(), floorAfter.Seconds(), floorMean.Seconds(), floorCalls)
	fmt.Fprintf(w, "| operator: creates sent (%d Secrets, %d groups, %d users, concurrency %d) | %.2f s |\n",
		a.users, a.groups, a.users, a.createConcurrency, created.Seconds())
	fmt.Fprintf(w, "| floor with Kubernetes: the same creates, each followed by its POST and a status patch, concurrency %d | %.2f s |\n",
		a.createConcurrency, k8sFloor.Seconds())
	fmt.Fprintf(w, "| operator: every resource Ready=True | %.2f s (%.2fx the mean REST floor: %.2fx the first, %.2fx the last; %.2fx the floor with Kubernetes) |\n",
		converged.Seconds(), converged.Seconds()/floorMean.Seconds(), converged.Seconds()/floor.Seconds(),
		converged.Seconds()/floorAfter.Seconds(), converged.Seconds()/k8sFloor.Seconds())
	fmt.Fprintf(w, "| REST calls until converged | %d (%.2f per user; floor %.2f) |\n", total(calls),
		float64(total(calls))/float64(a.users), float64(floorCalls)/float64(a.users))
	fmt.Fprintf(w, "| resync of the unchanged accounts (%s window) | %s; %d writes |\n",
		(a.resync + a.resync/2).String(), describeCalls(resync), resyncWrites)
	fmt.Fprintf(w, "| operator RSS: started / converged / after the resync | %.1f / %.1f / %.1f MiB |\n",
		started.RSSBytes/mib, convergedMem.RSSBytes/mib, resyncMem.RSSBytes/mib)
	fmt.Fprintf(w, "| operator Go heap in use: converged / after the resync | %.1f / %.1f MiB |\n\n",
		convergedMem.HeapInuseBytes/mib, resyncMem.HeapInuseBytes/mib)
	fmt.Fprintf(w, "REST calls until converged, by route: %s\n\n", describeCalls(calls))
	fmt.Fprintf(w, "The operator's Kubernetes writes until converged (audit log): %s; %.2f per account\n\n",
		writes, writes.total()/float64(a.users+a.groups))
	fmt.Fprintf(w, "CPU seconds of each run, by process (the fake server runs in the bench's):\n\n")
	fmt.Fprintf(w, "| run | SFTPGo | operator | kube-apiserver | etcd | bench | total |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, run := range []struct {
		name string
		cpu  cpuReading
	}{{"REST floor", floorCPU}, {"floor with Kubernetes", k8sFloorCPU}, {"operator", operatorCPU},
		{"REST floor, last", floorAfterCPU}} {
		c := run.cpu
		fmt.Fprintf(w, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |\n", run.name, c["sftpgo"], c["operator"],
			c["kube-apiserver"], c["etcd"], c["bench"], c["sftpgo"]+c["operator"]+c["kube-apiserver"]+c["etcd"]+c["bench"])
	}
	return nil
}

// timedRESTFloor runs the REST floor on a fresh server in dir and returns
// its time, REST calls and the CPU it took (the server's and the bench's).
func timedRESTFloor(ctx context.Context, a accountsOptions, dir string) (time.Duration, int, cpuReading, error) {
	server, err := newRESTServer(ctx, a.sftpgo, dir)
	if err != nil {
		return 0, 0, nil, err
	}
	defer server.Close()
	before := cpuMeter{}.read(0).withSFTPGo(server.PID())
	elapsed, calls, err := accountsFloor(ctx, server, a)
	return elapsed, calls, cpuMeter{}.read(0).withSFTPGo(server.PID()).minus(before), err
}

func total(calls map[string]int) int {
	n := 0
	for _, c := range calls {
		n += c
	}
	return n
}

func describeCalls(calls map[string]int) string {
	keys := make([]string, 0, len(calls))
	for k := range calls {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s ×%d", k, calls[k]))
	}
	if len(parts) == 0 {
		return "no REST call"
	}
	return strings.Join(parts, ", ")
}

func groupName(i int) string { return fmt.Sprintf("group-%03d", i) }
func userName(i int) string  { return fmt.Sprintf("user-%05d", i) }

// accountsFloor creates the groups, then the users, on a fresh server with
// one token and one POST each.
func accountsFloor(ctx context.Context, server restServer, a accountsOptions) (time.Duration, int, error) {
	c, err := sftpgoapi.New(sftpgoapi.Config{URL: server.Endpoint(), Username: benchAdmin, Password: benchAdminPassword})
	if err != nil {
		return 0, 0, err
	}
	begin := time.Now()
	if err := parallel(ctx, a.groups, a.floorConcurrency, func(ctx context.Context, i int) error {
		_, err := c.CreateGroup(ctx, &sftpgoapi.Group{Name: groupName(i), UserSettings: sftpgoapi.GroupUserSettings{}})
		return err
	}); err != nil {
		return 0, 0, err
	}
	if err := parallel(ctx, a.users, a.floorConcurrency, func(ctx context.Context, i int) error {
		_, err := c.CreateUser(ctx, &sftpgoapi.User{Username: userName(i), Status: sftpgoapi.StatusEnabled,
			Password: "password-" + userName(i), Permissions: sftpgoapi.Permissions{"/": {"*"}},
			Groups: []sftpgoapi.GroupMapping{{Name: groupName(i % a.groups), Type: sftpgoapi.GroupTypeSecondary}}})
		return err
	}); err != nil {
		return 0, 0, err
	}
	return time.Since(begin), total(server.Requests()), nil
}

const benchNamespace = "accounts"

// accountsKubernetesFloor is the least a program that keeps accounts as
// Kubernetes resources must do, in namespace accounts-floor of the same
// control plane, on a fresh server: the same creates as the bench
// (groups, then each user's Secret and resource), and right after each
// resource its POST to SFTPGo and a status patch that says it is synced.
// It knows each password from its own create, so it reads nothing back;
// the operator must read each Secret, and add its finalizer.
func accountsKubernetesFloor(ctx context.Context, c client.Client, server restServer, a accountsOptions) (time.Duration, error) {
	rest, err := sftpgoapi.New(sftpgoapi.Config{URL: server.Endpoint(), Username: benchAdmin, Password: benchAdminPassword})
	if err != nil {
		return 0, err
	}
	const ns = benchNamespace + "-floor"
	synced := func(obj client.Object, status *v1alpha1.AccountStatus, id int64) error {
		base := obj.DeepCopyObject().(client.Object)
		status.ID, status.ObservedGeneration = id, obj.GetGeneration()
		status.Conditions = []metav1.Condition{{Type: v1alpha1.ConditionReady, Status: metav1.ConditionTrue,
			Reason: v1alpha1.ReasonSynced, ObservedGeneration: obj.GetGeneration(), LastTransitionTime: metav1.Now()}}
		return c.Status().Patch(ctx, obj, client.MergeFrom(base))
	}
	begin := time.Now()
	if err := c.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}); err != nil {
		return 0, err
	}
	srv := v1alpha1.ServerReference{ConnectionSecret: &v1alpha1.SecretReference{Name: "ext"}}
	if err := parallel(ctx, a.groups, a.createConcurrency, func(ctx context.Context, i int) error {
		g := &v1alpha1.SFTPGoGroup{ObjectMeta: metav1.ObjectMeta{Name: groupName(i), Namespace: ns},
			Spec: v1alpha1.SFTPGoGroupSpec{Server: srv}}
		if err := c.Create(ctx, g); err != nil {
			return err
		}
		created, err := rest.CreateGroup(ctx, &sftpgoapi.Group{Name: groupName(i)})
		if err != nil {
			return err
		}
		return synced(g, &g.Status, created.ID)
	}); err != nil {
		return 0, err
	}
	err = parallel(ctx, a.users, a.createConcurrency, func(ctx context.Context, i int) error {
		password := "password-" + userName(i)
		if err := c.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: userName(i), Namespace: ns},
			StringData: map[string]string{"password": password}}); err != nil {
			return err
		}
		u := &v1alpha1.SFTPGoUser{ObjectMeta: metav1.ObjectMeta{Name: userName(i), Namespace: ns},
			Spec: v1alpha1.SFTPGoUserSpec{Server: srv,
				PasswordSecret: &v1alpha1.SecretKeyReference{SecretReference: v1alpha1.SecretReference{Name: userName(i)}},
				Groups:         []v1alpha1.UserGroup{{Name: v1alpha1.SFTPGoName(groupName(i % a.groups))}}}}
		if err := c.Create(ctx, u); err != nil {
			return err
		}
		created, err := rest.CreateUser(ctx, &sftpgoapi.User{Username: userName(i), Status: sftpgoapi.StatusEnabled,
			Password: password, Permissions: sftpgoapi.Permissions{"/": {"*"}},
			Groups: []sftpgoapi.GroupMapping{{Name: groupName(i % a.groups), Type: sftpgoapi.GroupTypeSecondary}}})
		if err != nil {
			return err
		}
		return synced(u, &u.Status, created.ID)
	})
	return time.Since(begin), err
}

// createAccounts creates the namespace, the connection Secret, the groups,
// and the users with their password Secrets, at once as kubectl apply of
// one file would (the operator sorts out the order).
func createAccounts(ctx context.Context, c client.Client, server restServer, a accountsOptions) error {
	if err := c.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: benchNamespace}}); err != nil {
		return err
	}
	if err := c.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "ext", Namespace: benchNamespace},
		StringData: map[string]string{"url": server.Endpoint(), "username": benchAdmin, "password": benchAdminPassword}}); err != nil {
		return err
	}
	srv := v1alpha1.ServerReference{ConnectionSecret: &v1alpha1.SecretReference{Name: "ext"}}
	if err := parallel(ctx, a.groups, a.createConcurrency, func(ctx context.Context, i int) error {
		return c.Create(ctx, &v1alpha1.SFTPGoGroup{ObjectMeta: metav1.ObjectMeta{Name: groupName(i), Namespace: benchNamespace},
			Spec: v1alpha1.SFTPGoGroupSpec{Server: srv}})
	}); err != nil {
		return err
	}
	return parallel(ctx, a.users, a.createConcurrency, func(ctx context.Context, i int) error {
		if err := c.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: userName(i), Namespace: benchNamespace},
			StringData: map[string]string{"password": "password-" + userName(i)}}); err != nil {
			return err
		}
		return c.Create(ctx, &v1alpha1.SFTPGoUser{ObjectMeta: metav1.ObjectMeta{Name: userName(i), Namespace: benchNamespace},
			Spec: v1alpha1.SFTPGoUserSpec{Server: srv,
				PasswordSecret: &v1alpha1.SecretKeyReference{SecretReference: v1alpha1.SecretReference{Name: userName(i)}},
				Groups:         []v1alpha1.UserGroup{{Name: v1alpha1.SFTPGoName(groupName(i % a.groups))}}}})
	})
}

// waitAccountsSynced watches the groups and users, as `kubectl wait`
// does, until every one is Ready=True for its generation, and returns the
// time since begin. A watch costs the API server next to nothing; a full
// list of 1,100 custom resources every second cost it 1.5 to 3 of its
// 17-20 CPU-seconds in a 45 s run (docs/performance.md), CPU the operator
// lacked on 2 cores.
func waitAccountsSynced(ctx context.Context, cfg *rest.Config, c client.Client, a accountsOptions,
	begin time.Time) (time.Duration, error) {
	wc, err := client.NewWithWatch(cfg, client.Options{Scheme: c.Scheme()})
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	var mu sync.Mutex
	synced := map[string]bool{} // by kind/name
	changed := make(chan struct{}, 1)
	observe := func(kind string, obj client.Object) {
		generation := obj.GetGeneration()
		var st v1alpha1.AccountStatus
		switch o := obj.(type) {
		case *v1alpha1.SFTPGoUser:
			st = o.Status
		case *v1alpha1.SFTPGoGroup:
			st = o.Status
		}
		mu.Lock()
		synced[kind+"/"+obj.GetName()] = isSynced(generation, st) == 1
		mu.Unlock()
		select {
		case changed <- struct{}{}:
		default:
		}
	}
	errs := make(chan error, 2)
	go func() { errs <- watchAll(ctx, wc, &v1alpha1.SFTPGoUserList{}, "user", observe) }()
	go func() { errs <- watchAll(ctx, wc, &v1alpha1.SFTPGoGroupList{}, "group", observe) }()
	count := func() int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, ok := range synced {
			if ok {
				n++
			}
		}
		return n
	}
	for {
		if count() == a.users+a.groups {
			return time.Since(begin), nil
		}
		select {
		case <-changed:
		case err := <-errs:
			return 0, err
		case <-ctx.Done():
			return 0, fmt.Errorf("%d of %d accounts synced after %s: %w", count(), a.users+a.groups, a.timeout, ctx.Err())
		}
	}
}

// watchAll lists the bench namespace's objects of list's kind and watches
// them from that list's resourceVersion, calling observe for each, until
// ctx ends; a watch that ends resumes from the last version seen, one that
// fails starts over with a list.
func watchAll(ctx context.Context, c client.WithWatch, list client.ObjectList, kind string,
	observe func(kind string, obj client.Object)) error {
	for ctx.Err() == nil {
		if err := c.List(ctx, list, client.InNamespace(benchNamespace)); err != nil {
			return err
		}
		if err := meta.EachListItem(list, func(o runtime.Object) error {
			observe(kind, o.(client.Object))
			return nil
		}); err != nil {
			return err
		}
		for version, failed := list.GetResourceVersion(), false; !failed && ctx.Err() == nil; {
			w, err := c.Watch(ctx, list, client.InNamespace(benchNamespace),
				&client.ListOptions{Raw: &metav1.ListOptions{ResourceVersion: version, AllowWatchBookmarks: true}})
			if err != nil {
				return err
			}
			for ev := range w.ResultChan() {
				obj, ok := ev.Object.(client.Object)
				if ev.Type == watch.Error || !ok {
					failed = true
					break
				}
				version = obj.GetResourceVersion()
				if ev.Type == watch.Added || ev.Type == watch.Modified {
					observe(kind, obj)
				}
			}
			w.Stop()
		}
	}
	return nil
}

func isSynced(generation int64, st v1alpha1.AccountStatus) int {
	c := meta.FindStatusCondition(st.Conditions, v1alpha1.ConditionReady)
	if c != nil && c.Status == metav1.ConditionTrue && c.ObservedGeneration == generation {
		return 1
	}
	return 0
}
