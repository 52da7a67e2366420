package controllers

import (
	"context"
	"net"
	"time"

	ctrl "sigs.k8s.io/controller-runtime"

	"github.com/sftpgo-operator/sftpgo-operator/internal/accounts"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manager"
)

// RBAC of the account kinds: the resources, their status and finalizers
// (the finalizer deletes the account first). Secrets they name are read
// with the get the SFTPGo controller already has.
// +kubebuilder:rbac:groups=sftpgo.operator.dev,resources=sftpgousers;sftpgogroups;sftpgofolders;sftpgoadmins,verbs=get;list;watch;patch
// +kubebuilder:rbac:groups=sftpgo.operator.dev,resources=sftpgousers/status;sftpgogroups/status;sftpgofolders/status;sftpgoadmins/status,verbs=get;patch
// +kubebuilder:rbac:groups=sftpgo.operator.dev,resources=sftpgousers/finalizers;sftpgogroups/finalizers;sftpgofolders/finalizers;sftpgoadmins/finalizers,verbs=update

// registerAccounts adds the controllers of the four account kinds. They
// share the REST clients (one per server) and the Secret data they read.
func registerAccounts(mgr ctrl.Manager, env manager.Env, dial func(ctx context.Context, network, addr string) (net.Conn, error)) error {
	secrets := &secretMemo{References: env.References, APIReader: mgr.GetAPIReader()}
	shared := accountShared{
		mgr: mgr, env: env, secrets: secrets,
		servers: &accountServers{Cache: mgr.GetClient(), Secrets: secrets, Facts: env.Facts, Dial: dial,
			Observe: observeREST},
		opts: AccountOptions{
			MaxConcurrentReconciles: env.MaxConcurrentReconciles, SkipNameValidation: env.SkipNameValidation,
			Resync: env.AccountResync, MaxBackoff: max(env.AccountMaxBackoff, time.Second),
			DeleteGrace: env.AccountDeleteGrace,
		},
	}
	if err := setupAccount(shared, accounts.Folders); err != nil {
		return err
	}
	if err := setupAccount(shared, accounts.Groups); err != nil {
		return err
	}
	if err := setupAccount(shared, accounts.Users); err != nil {
		return err
	}
	return setupAccount(shared, accounts.Admins)
}

// accountShared is what the four account controllers share.
type accountShared struct {
	mgr     ctrl.Manager
	env     manager.Env
	secrets *secretMemo
	servers *accountServers
	opts    AccountOptions
}

func setupAccount[R accounts.Resource, O any](s accountShared, kind accounts.Kind[R, O]) error {
	r := &AccountReconciler[R, O]{
		Client: s.mgr.GetClient(), Kind: kind, Servers: s.servers, Secrets: s.secrets,
		Recorder: s.mgr.GetEventRecorder("sftpgo-operator"), Prefetched: &prefetch[O]{},
		DeleteGrace: s.opts.DeleteGrace,
	}
	return setupAccountController(s.mgr, r, s.env.References, s.opts)
}
