package controllers

import (
	"context"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/sftpgo-operator/sftpgo-operator/internal/accounts"
)

// accountResync compares, every period, each account of one kind with its
// server: it lists the accounts of each server that resources name (one
// call per 500), keeps the list for the reconciles, and enqueues every
// resource. Those reconciles then write nothing unless someone changed an
// account in the web UI, which they put back.
type accountResync[R accounts.Resource, O any] struct {
	r      *AccountReconciler[R, O]
	every  time.Duration
	events chan<- event.TypedGenericEvent[client.Object]
}

// Start runs until ctx ends; only the leader resyncs.
func (a *accountResync[R, O]) Start(ctx context.Context) error {
	t := time.NewTicker(a.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			a.resync(ctx)
		}
	}
}

func (a *accountResync[R, O]) resync(ctx context.Context) {
	logger := log.FromContext(ctx).WithName("resync").WithValues("kind", a.r.Kind.Name)
	list := a.r.Kind.NewList()
	if err := a.r.List(ctx, list); err != nil {
		logger.Error(err, "listing resources")
		return
	}
	items, err := meta.ExtractList(list)
	if err != nil {
		logger.Error(err, "listing resources")
		return
	}
	byServer := map[string][]R{}
	for _, item := range items {
		res := item.(R)
		if res.GetDeletionTimestamp().IsZero() {
			key := serverKey(res.GetNamespace(), res.Server())
			byServer[key] = append(byServer[key], res)
		}
	}
	for key, resources := range byServer {
		first := resources[0]
		// A server that cannot be reached is skipped: the reconciles
		// below read it themselves and report why.
		if srv, err := a.r.Servers.For(ctx, first.GetNamespace(), first.Server()); err == nil {
			if listed, err := a.r.Kind.API.List(ctx, srv.Client); err == nil {
				wanted := make([]string, 0, len(resources))
				for _, res := range resources {
					wanted = append(wanted, res.AccountName())
				}
				a.r.Prefetched.put(key, listed, a.r.Kind.Object.Name, wanted, a.r.clock())
			}
		}
		for _, res := range resources {
			select {
			case a.events <- event.TypedGenericEvent[client.Object]{Object: res}:
			case <-ctx.Done():
				return
			}
		}
	}
}
