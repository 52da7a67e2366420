package controllers

import (
	"sync"
	"time"
)

// prefetchMaxAge bounds how old a listed account may be when a reconcile
// takes it instead of reading the server: the resync enqueues the
// resources right after its list, so a reconcile usually takes it within
// seconds; an older one is read again.
const prefetchMaxAge = time.Minute

// prefetch holds the accounts a resync listed, per server and name, each
// taken once by the reconcile of its resource: a resync of N accounts costs
// one list call per 500 of them, not N reads. A resource whose account the
// list lacks gets a nil entry (the account does not exist).
type prefetch[O any] struct {
	mu sync.Mutex
	m  map[string]map[string]prefetched[O]
}

type prefetched[O any] struct {
	obj *O
	at  time.Time
}

// put records the accounts listed on server at now, and the absence of
// the other names the resources want.
func (p *prefetch[O]) put(server string, listed []O, name func(*O) string, wanted []string, now time.Time) {
	entries := make(map[string]prefetched[O], len(wanted))
	for _, n := range wanted {
		entries[n] = prefetched[O]{at: now}
	}
	for i := range listed {
		o := &listed[i]
		if _, ok := entries[name(o)]; ok {
			entries[name(o)] = prefetched[O]{obj: o, at: now}
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil {
		p.m = map[string]map[string]prefetched[O]{}
	}
	p.m[server] = entries
}

// take returns the listed account (nil when the list lacked it) and true,
// or false when there is no fresh entry.
func (p *prefetch[O]) take(server, name string, now time.Time) (*O, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e, ok := p.m[server][name]
	if !ok {
		return nil, false
	}
	delete(p.m[server], name)
	if now.Sub(e.at) > prefetchMaxAge {
		return nil, false
	}
	return e.obj, true
}
