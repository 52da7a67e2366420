package controllers

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
	"sigs.k8s.io/controller-runtime/pkg/recorder"
	"sigs.k8s.io/controller-runtime/pkg/source"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/backup"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manager"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manifests"
)

// BackupReconciler takes the backups of the SFTPGo resources with
// spec.backup: at each scheduled time (and when the annotation
// sftpgo.operator.dev/backup-now takes a new value) it asks the server for
// its dump through the REST API, as the operator's own admin, and writes it
// to the S3 bucket the spec names; then it applies the retention. It is a
// controller of its own, with its own workers: a backup takes seconds (a
// dump, an upload, a list, deletes), bounded by Timeout, and must not hold
// up the SFTPGo reconciler, which answers spec changes and drift. It
// writes status.backup only (a merge patch of that member), which the
// SFTPGo reconciler never writes. It sleeps between runs: each reconcile
// asks to be woken at the next scheduled time, no sooner.
type BackupReconciler struct {
	client.Client
	// APIReader reads the SFTPGo uncached before a run: the cache may not
	// show the status the last run wrote yet, and a run decided on it
	// would take the same backup twice.
	APIReader client.Reader
	Servers   *accountServers
	Secrets   *secretMemo
	Recorder  recorder.EventRecorder
	// Timeout bounds one run (readiness check, dump, upload, retention).
	Timeout time.Duration
	// RetryAfter is how long after a failed run the backup is tried again
	// (unless the spec or a Secret it names changes first, which retries
	// at once), until it succeeds or the next scheduled time comes.
	RetryAfter time.Duration
	// Now is the clock; nil for time.Now.
	Now func() time.Time

	// failedWith remembers, per SFTPGo, what the last failed run was taken
	// with (generation and Secret versions): a change retries at once.
	failedWith sync.Map // types.NamespacedName -> string
}

// Defaults of BackupReconciler.
const (
	defaultBackupTimeout    = 5 * time.Minute
	defaultBackupRetryAfter = 10 * time.Minute
	// maxBackupMessage bounds status.backup.lastFailureMessage.
	maxBackupMessage = 1024
)

func (r *BackupReconciler) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// Reconcile takes the backup of one SFTPGo when one is due, and asks to be
// woken when the next one is.
func (r *BackupReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	ref := backupRef(req.Namespace, req.Name)
	var s v1alpha1.SFTPGo
	if err := r.Get(ctx, req.NamespacedName, &s); err != nil {
		if apierrors.IsNotFound(err) {
			forgetBackup(ref)
			r.failedWith.Delete(req.NamespacedName)
		}
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	if !s.DeletionTimestamp.IsZero() {
		return ctrl.Result{}, nil
	}
	if s.Spec.Backup == nil {
		forgetBackup(ref)
		r.failedWith.Delete(req.NamespacedName)
		return ctrl.Result{}, nil
	}
	observeBackup(ref, s.Status.Backup)
	plan, err := r.plan(ctx, &s)
	if err != nil {
		return ctrl.Result{}, err
	}
	if plan.invalid != "" {
		return ctrl.Result{}, r.reportInvalid(ctx, &s, plan.invalid)
	}
	if !plan.run {
		return plan.wait(r.now()), nil
	}
	// Decided on the cache: confirm on the API server, so that a status
	// the cache does not show yet is not run again.
	var live v1alpha1.SFTPGo
	if err := r.APIReader.Get(ctx, req.NamespacedName, &live); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	if plan, err = r.plan(ctx, &live); err != nil || plan.invalid != "" || !plan.run {
		return plan.wait(r.now()), err
	}
	if live.Status.ReadyReplicas == 0 {
		// No pod serves (yet, or any more): the run waits for one, woken
		// when the SFTPGo starts serving (startedServing), so that an
		// outage records no failed backup and uses up no backup-now
		// request. The last-success metric tells how long it has waited.
		return ctrl.Result{}, nil
	}
	return r.run(ctx, &live, plan)
}

// backupPlan is what one reconcile decided.
type backupPlan struct {
	// invalid is why the spec cannot be followed (a schedule that does
	// not parse).
	invalid string
	// run: a backup is due now, for scheduledFor.
	run          bool
	scheduledFor time.Time
	// request is the backup-now value to record.
	request string
	// next is the next scheduled time (zero: none, suspended); retryAt
	// the time a failed run is tried again (zero: none).
	next, retryAt time.Time
	fingerprint   string
}

// wait is the result that wakes the reconciler at the next time something
// is due.
func (p backupPlan) wait(now time.Time) ctrl.Result {
	at := p.next
	if !p.retryAt.IsZero() && (at.IsZero() || p.retryAt.Before(at)) {
		at = p.retryAt
	}
	if at.IsZero() {
		return ctrl.Result{}
	}
	return ctrl.Result{RequeueAfter: max(at.Sub(now), time.Second)}
}

func (r *BackupReconciler) plan(ctx context.Context, s *v1alpha1.SFTPGo) (backupPlan, error) {
	spec := s.Spec.Backup
	st := s.Status.Backup
	if st == nil {
		st = &v1alpha1.BackupStatus{}
	}
	sched, err := backup.ParseSchedule(spec.Schedule)
	if err != nil {
		return backupPlan{invalid: err.Error()}, nil
	}
	now := r.now()
	var p backupPlan
	if p.fingerprint, err = r.fingerprint(ctx, s); err != nil {
		return p, err
	}
	var last *time.Time
	if st.LastScheduleTime != nil {
		last = &st.LastScheduleTime.Time
	}
	due, scheduled, next := backup.Due(sched, last, s.CreationTimestamp.Time, now)
	if !spec.Suspend {
		p.next = next
	}
	requested := s.Annotations[v1alpha1.AnnotationBackupNow]
	onDemand := requested != "" && requested != st.LastRequest
	p.request = st.LastRequest
	if requested != "" {
		p.request = requested
	}
	// A failed run is tried again (not while suspended: a suspension
	// quiets a backup that keeps failing too).
	retry := false
	if failedLast(st) && last != nil && !spec.Suspend {
		p.retryAt = st.LastFailureTime.Add(r.retryAfter())
		before, known := r.failedWith.Load(client.ObjectKeyFromObject(s))
		retry = !p.retryAt.After(now) || (known && before.(string) != p.fingerprint)
	}
	switch {
	case due && !spec.Suspend:
		p.run, p.scheduledFor = true, scheduled
	case onDemand:
		p.run, p.scheduledFor = true, now.UTC().Truncate(time.Second)
	case retry:
		p.run, p.scheduledFor = true, *last
	}
	return p, nil
}

func (r *BackupReconciler) retryAfter() time.Duration {
	if r.RetryAfter > 0 {
		return r.RetryAfter
	}
	return defaultBackupRetryAfter
}

// fingerprint is what a run is taken with that may change for the
// better: the spec, whether a pod serves, and the Secrets the spec names
// (their versions in the reference cache, no data read).
func (r *BackupReconciler) fingerprint(ctx context.Context, s *v1alpha1.SFTPGo) (string, error) {
	out := fmt.Sprint(s.Generation, "/", s.Status.ReadyReplicas > 0)
	for _, name := range backupSecrets(s) {
		m := metadataOf("Secret")
		err := r.Secrets.References.Get(ctx, client.ObjectKey{Namespace: s.Namespace, Name: name}, m)
		if client.IgnoreNotFound(err) != nil {
			return "", err
		}
		out += "/" + string(m.UID) + ":" + m.ResourceVersion
	}
	return out, nil
}

// backupSecrets names the Secrets spec.backup reads.
func backupSecrets(s *v1alpha1.SFTPGo) []string {
	b := s.Spec.Backup
	if b == nil {
		return nil
	}
	out := []string{b.S3.CredentialsSecret.Name}
	if b.S3.CASecret != nil && b.S3.CASecret.Name != b.S3.CredentialsSecret.Name {
		out = append(out, b.S3.CASecret.Name)
	}
	return out
}

// run takes one backup and records how it went.
func (r *BackupReconciler) run(ctx context.Context, s *v1alpha1.SFTPGo, plan backupPlan) (ctrl.Result, error) {
	logger := log.FromContext(ctx)
	key := client.ObjectKeyFromObject(s)
	ref := backupRef(s.Namespace, s.Name)
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = defaultBackupTimeout
	}
	runCtx, cancel := context.WithTimeout(ctx, timeout)
	done, err := r.take(runCtx, s)
	cancel()
	before := s.Status.Backup
	st := &v1alpha1.BackupStatus{}
	if before != nil {
		st = before.DeepCopy()
	}
	now := metav1.NewTime(r.now().UTC().Truncate(time.Second))
	st.LastScheduleTime = &metav1.Time{Time: plan.scheduledFor}
	st.LastRequest = plan.request
	if err != nil {
		msg := backupMessage(err)
		st.LastFailureTime, st.LastFailureMessage = &now, msg
		countBackup(ref, backupResultFailure)
		r.failedWith.Store(key, plan.fingerprint)
		logger.Info("backup failed", "error", msg)
		if before == nil || before.LastFailureMessage != msg || !failedLast(before) {
			r.event(s, corev1.EventTypeWarning, "BackupFailed", "%s", msg)
		}
	} else {
		uri := done.uri
		st.LastSuccessTime, st.LastSuccessObject = &now, uri
		countBackup(ref, backupResultSuccess)
		r.failedWith.Delete(key)
		logger.Info("backup written", "object", uri)
		if before == nil || before.LastSuccessTime == nil || failedLast(before) {
			r.event(s, corev1.EventTypeNormal, "BackupSucceeded", "Backup written to %s.", uri)
		}
		if done.retention != nil {
			logger.Info("retention failed", "error", backupMessage(done.retention))
			r.event(s, corev1.EventTypeWarning, "BackupRetentionFailed", "%s", backupMessage(done.retention))
		}
	}
	if err := r.writeStatus(ctx, s, st); err != nil {
		return ctrl.Result{}, err
	}
	observeBackup(ref, st)
	// The next wake-up: the next scheduled time, or the retry.
	s.Status.Backup = st
	next, err := r.plan(ctx, s)
	if err != nil {
		return ctrl.Result{}, err
	}
	return next.wait(r.now()), nil
}

func failedLast(st *v1alpha1.BackupStatus) bool {
	return st.LastFailureTime != nil && (st.LastSuccessTime == nil || !st.LastSuccessTime.After(st.LastFailureTime.Time))
}

// backupMessage is an error as status and events show it: one line, bounded.
func backupMessage(err error) string {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	if len(msg) > maxBackupMessage {
		msg = msg[:maxBackupMessage-3] + "..."
	}
	return msg
}

// taken is a backup written.
type taken struct {
	// uri names the object: s3://bucket/key.
	uri string
	// retention is what went wrong applying the retention after it,
	// which does not fail the backup.
	retention error
}

// take writes a backup of s and applies the retention.
func (r *BackupReconciler) take(ctx context.Context, s *v1alpha1.SFTPGo) (taken, error) {
	spec := s.Spec.Backup
	store, err := r.store(ctx, s)
	if err != nil {
		return taken{}, err
	}
	// The bucket first: a store that cannot take the backup costs SFTPGo no dump.
	if err := store.Check(ctx); err != nil {
		return taken{}, err
	}
	srv, err := r.Servers.For(ctx, s.Namespace, v1alpha1.ServerReference{Name: s.Name})
	if err != nil {
		return taken{}, fmt.Errorf("reaching SFTPGo: %w", err)
	}
	dump, err := srv.Client.DumpData(ctx)
	if err != nil {
		return taken{}, fmt.Errorf("dumping SFTPGo's data: %w", err)
	}
	dump, err = backup.WithoutAdmin(dump, manifests.OperatorAdminUsername)
	if err != nil {
		return taken{}, fmt.Errorf("reading SFTPGo's dump: %w", err)
	}
	objectKey := backup.ObjectKey(spec.S3.Prefix, s.Namespace, s.Name, r.now())
	if err := store.Put(ctx, objectKey, dump); err != nil {
		return taken{}, err
	}
	return taken{uri: store.URI(objectKey), retention: r.applyRetention(ctx, s, store)}, nil
}

// applyRetention deletes the backups of s the retention does not keep.
func (r *BackupReconciler) applyRetention(ctx context.Context, s *v1alpha1.SFTPGo, store *backup.Store) error {
	spec := s.Spec.Backup
	objects, err := store.List(ctx, backup.InstancePrefix(spec.S3.Prefix, s.Namespace, s.Name))
	if err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	keep := 7
	if spec.Retention.Keep != nil {
		keep = int(*spec.Retention.Keep)
	}
	var maxAge time.Duration
	if spec.Retention.MaxAge != nil {
		maxAge = spec.Retention.MaxAge.Duration
	}
	var errs []error
	for _, o := range backup.Expired(objects, keep, maxAge, r.now()) {
		if err := store.Remove(ctx, o.Key); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	return nil
}

// store returns the S3 store spec.backup names, with the credentials and
// CA from their Secrets.
func (r *BackupReconciler) store(ctx context.Context, s *v1alpha1.SFTPGo) (*backup.Store, error) {
	spec := s.Spec.Backup.S3
	creds := spec.CredentialsSecret
	idKey := orDefault(creds.AccessKeyIDKey, v1alpha1.DefaultAccessKeyIDKey)
	secretKey := orDefault(creds.SecretAccessKeyKey, v1alpha1.DefaultSecretAccessKeyKey)
	data, err := r.secretKeys(ctx, s.Namespace, creds.Name, "spec.backup.s3.credentialsSecret", idKey, secretKey)
	if err != nil {
		return nil, err
	}
	cfg := backup.S3Config{
		Endpoint: spec.Endpoint, Bucket: spec.Bucket, Region: spec.Region, ForcePathStyle: spec.ForcePathStyle,
		AccessKeyID: string(data[idKey]), SecretAccessKey: string(data[secretKey]),
	}
	if spec.CASecret != nil {
		caKey := spec.CASecret.KeyOrDefault(v1alpha1.DefaultCAKey)
		ca, err := r.secretKeys(ctx, s.Namespace, spec.CASecret.Name, "spec.backup.s3.caSecret", caKey)
		if err != nil {
			return nil, err
		}
		cfg.CA = ca[caKey]
	}
	return backup.NewS3(cfg)
}

// secretKeys reads a Secret the backup spec names and checks its keys.
func (r *BackupReconciler) secretKeys(ctx context.Context, namespace, name, field string, keys ...string) (map[string][]byte, error) {
	data, _, err := r.Secrets.Get(ctx, namespace, name)
	if err != nil {
		return nil, err
	}
	if data == nil {
		return nil, fmt.Errorf("secret %q named by %s does not exist in namespace %s: create it with keys %v",
			name, field, namespace, keys)
	}
	for _, k := range keys {
		if len(data[k]) == 0 {
			return nil, fmt.Errorf("secret %q named by %s has no key %q: add it", name, field, k)
		}
	}
	return data, nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// reportInvalid records a spec that cannot be followed as the last
// failure, once per message: no run is counted, none is retried until the
// spec changes.
func (r *BackupReconciler) reportInvalid(ctx context.Context, s *v1alpha1.SFTPGo, msg string) error {
	before := s.Status.Backup
	if before != nil && before.LastFailureMessage == msg && failedLast(before) {
		return nil
	}
	st := &v1alpha1.BackupStatus{}
	if before != nil {
		st = before.DeepCopy()
	}
	now := metav1.NewTime(r.now().UTC().Truncate(time.Second))
	st.LastFailureTime, st.LastFailureMessage = &now, backupMessage(errors.New(msg))
	r.event(s, corev1.EventTypeWarning, "BackupFailed", "%s", st.LastFailureMessage)
	if err := r.writeStatus(ctx, s, st); err != nil {
		return err
	}
	observeBackup(backupRef(s.Namespace, s.Name), st)
	return nil
}

// writeStatus writes status.backup alone (a merge patch of that member:
// the SFTPGo reconciler writes the rest of the status).
func (r *BackupReconciler) writeStatus(ctx context.Context, s *v1alpha1.SFTPGo, st *v1alpha1.BackupStatus) error {
	live := s.DeepCopy()
	patch := client.MergeFrom(live.DeepCopy())
	live.Status.Backup = st
	if err := r.Status().Patch(ctx, live, patch); err != nil {
		return client.IgnoreNotFound(err)
	}
	return nil
}

func (r *BackupReconciler) event(s *v1alpha1.SFTPGo, eventType, reason, format string, args ...any) {
	if r.Recorder != nil {
		r.Recorder.Eventf(s, nil, eventType, reason, "Backup", format, args...)
	}
}

// indexBackupSecrets indexes SFTPGo objects by the Secrets spec.backup names.
const indexBackupSecrets = "sftpgo.operator.dev/backup-secrets"

// SetupWithManager registers the backup controller: SFTPGo objects (a
// spec or annotation change, and a first ready pod, when a backup may have
// waited for one) and the Secrets their backups name, through the
// metadata-only reference cache.
func (r *BackupReconciler) SetupWithManager(mgr ctrl.Manager, env manager.Env) error {
	if err := mgr.GetFieldIndexer().IndexField(context.Background(), &v1alpha1.SFTPGo{}, indexBackupSecrets,
		func(obj client.Object) []string { return backupSecrets(obj.(*v1alpha1.SFTPGo)) }); err != nil {
		return err
	}
	return ctrl.NewControllerManagedBy(mgr).
		For(&v1alpha1.SFTPGo{}, builder.WithPredicates(predicate.Or(
			predicate.GenerationChangedPredicate{}, predicate.AnnotationChangedPredicate{}, startedServing()))).
		WatchesRawSource(source.Kind(env.References, client.Object(metadataOf("Secret")),
			handler.EnqueueRequestsFromMapFunc(r.instancesBackingUpWith), predicate.ResourceVersionChangedPredicate{})).
		WithOptions(controller.Options{
			MaxConcurrentReconciles: max(env.MaxConcurrentReconciles, 1),
			SkipNameValidation:      &env.SkipNameValidation,
		}).
		Named("sftpgobackup").
		Complete(r)
}

// instancesBackingUpWith maps a Secret to the SFTPGo objects whose backups
// read it.
func (r *BackupReconciler) instancesBackingUpWith(ctx context.Context, obj client.Object) []reconcile.Request {
	var list v1alpha1.SFTPGoList
	if err := r.List(ctx, &list, client.InNamespace(obj.GetNamespace()),
		client.MatchingFields{indexBackupSecrets: obj.GetName()}); err != nil {
		return nil
	}
	out := make([]reconcile.Request, 0, len(list.Items))
	for i := range list.Items {
		out = append(out, reconcile.Request{NamespacedName: client.ObjectKeyFromObject(&list.Items[i])})
	}
	return out
}

// registerBackups adds the backup controller, with REST clients and Secret
// data of its own (a backup is rare; sharing the account controllers'
// would tie them together for nothing).
func registerBackups(mgr ctrl.Manager, env manager.Env, dial func(ctx context.Context, network, addr string) (net.Conn, error)) error {
	secrets := &secretMemo{References: env.References, APIReader: mgr.GetAPIReader()}
	r := &BackupReconciler{
		Client: mgr.GetClient(), APIReader: mgr.GetAPIReader(), Secrets: secrets,
		// The SFTPGo is read uncached, as the run decided on it: a pod
		// that started serving is seen at once.
		Servers: &accountServers{Cache: mgr.GetAPIReader(), Secrets: secrets, Facts: env.Facts, Dial: dial,
			Observe: observeREST},
		Recorder: mgr.GetEventRecorder("sftpgo-operator"),
	}
	return r.SetupWithManager(mgr, env)
}
