package controllers

import (
	"testing"
	"time"
)

type listed struct{ name string }

func TestPrefetchTakesEachListedAccountOnce(t *testing.T) {
	var p prefetch[listed]
	now := time.Now()
	p.put("ns/files", []listed{{"alice"}, {"bob"}, {"not-wanted"}}, func(o *listed) string { return o.name },
		[]string{"alice", "bob", "carol"}, now)

	if o, ok := p.take("ns/files", "alice", now); !ok || o == nil || o.name != "alice" {
		t.Errorf("take alice = %v, %v; want the listed alice", o, ok)
	}
	if _, ok := p.take("ns/files", "alice", now); ok {
		t.Error("alice taken twice: a second reconcile must read the server")
	}
	if o, ok := p.take("ns/files", "carol", now); !ok || o != nil {
		t.Errorf("take carol = %v, %v; want known absent (nil, true)", o, ok)
	}
	if _, ok := p.take("ns/files", "not-wanted", now); ok {
		t.Error("an account no resource wants was kept")
	}
	if _, ok := p.take("ns/other", "bob", now); ok {
		t.Error("bob found on another server")
	}
	if _, ok := p.take("ns/files", "bob", now.Add(prefetchMaxAge+time.Second)); ok {
		t.Error("a stale entry was used")
	}
}
