package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

const mib = 1024 * 1024

// ownedObjects is what the operator writes per instance of the bench spec.
var ownedObjects = expectedTotal()

// printHeader prints the machine and the settings.
func printHeader(w io.Writer, o options, res results) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	m := res.Machine
	p("# sftpgo-operator bench\n\n")
	p("- machine: %d CPUs (%s), %s memory, %s, kernel %s, load average at start %s, %s\n",
		m.CPUs, m.Model, m.MemoryGiB, m.Go, m.Kernel, m.LoadAvg, m.Date)
	args := strings.Join(res.OperatorArgs, " ")
	if args == "" {
		args = "(defaults)"
	}
	if res.OperatorBin == "" {
		p("- operator built from %s\n", res.Source)
	}
	p("- operator flags: `%s`\n", args)
	if len(res.OperatorEnv) > 0 {
		p("- operator environment: `%s`\n", strings.Join(res.OperatorEnv, " "))
	}
	if res.OperatorBin != "" {
		p("- operator binary: %s (not the repository's)\n", res.OperatorBin)
	}
	k := res.Keygen
	p("- keys.Generate (RSA-3072 + ECDSA P-256 + ed25519), %d sets on one goroutine: mean %.0f ms, p50 %.0f ms, max %.0f ms wall; %.0f ms CPU per set\n",
		k.Samples, k.WallMS.Mean, k.WallMS.P50, k.WallMS.Max, k.CPUms)
	p("- one namespace per instance; SFTPGo `files` with an Ingress (files.example.com, TLS Edge, secret files-tls) and trustedProxies [10.0.0.0/16]; %d owned objects each\n", ownedObjects)
	p("- SFTPGo creates at concurrency %d; idle window %s; %d spec changes; %d unrelated objects\n",
		o.createConcurrency, o.idle, o.reaction, o.unrelated)

}

// printTargets prints issue 6's targets against every N measured.
func printTargets(w io.Writer, res results) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("\n## Targets\n\n| target | N | measured | met |\n| --- | --- | --- | --- |\n")
	for _, r := range res.Runs {
		for _, t := range targets(r) {
			p("| %s | %d | %s | %s |\n", t.name, r.N, t.measured, yesNo(t.met))
		}
	}
}

// printSize prints the results of one N.
func printSize(w io.Writer, r sizeResults, keygen keygenCost) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	n := float64(r.N)
	p("\n## N = %d\n", r.N)
	if len(r.Floor) > 0 {
		p("\n### Floor: a plain client creates the same end state (no operator)\n\n")
		p("Per instance: the SFTPGo, the keys, admin and operator admin Secrets, 2 PVCs, ConfigMap, 2 Services, Ingress, NetworkPolicy, Deployment, one status patch (%d writes). No client-side rate limit.\n\n", floorWritesPerInstance)
		p("| concurrency | keys | seconds | instances/s | p50 s | p99 s | CPU s apiserver / etcd / bench |\n| --- | --- | --- | --- | --- | --- | --- |\n")
		for _, f := range r.Floor {
			keys := "pre-generated"
			if f.Keygen {
				keys = "generated per instance"
			}
			p("| %d | %s | %.2f | %.1f | %.3f | %.3f | %.1f / %.1f / %.1f |\n", f.Concurrency, keys, f.Seconds, f.Rate,
				f.Latency.P50, f.Latency.P99, f.CPU["kube-apiserver"], f.CPU["etcd"], f.CPU["bench"])
		}
	}
	c := r.Convergence
	p("\n### Convergence\n\n")
	p("| instances | seconds | instances/s | p50 s | p90 s | p99 s | max s | complete | vs best floor | vs best keygen floor |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	plain, withKeys := bestFloor(r.Floor, false), bestFloor(r.Floor, true)
	p("| %d | %.2f | %.1f | %.2f | %.2f | %.2f | %.2f | %d/%d | %s | %s |\n", c.Instances, c.Seconds, c.Rate,
		c.Latency.P50, c.Latency.P90, c.Latency.P99, c.Latency.Max, c.Complete, c.Instances, ratio(c.Seconds, plain), ratio(c.Seconds, withKeys))
	if plain != nil {
		p("\nBest floor: %.2f s at concurrency %d", plain.Seconds, plain.Concurrency)
		if withKeys != nil {
			p("; with keygen %.2f s at concurrency %d", withKeys.Seconds, withKeys.Concurrency)
		}
		p(".\n")
	}
	p("\nCPU seconds during convergence: operator %.1f (%.0f ms per instance; keygen alone ~%.0f ms), kube-apiserver %.1f, etcd %.1f, bench %.1f; wall %.1f s x %d CPUs = %.1f CPU s available.\n",
		c.CPU["operator"], c.CPU["operator"]*1000/n, keygen.CPUms, c.CPU["kube-apiserver"], c.CPU["etcd"], c.CPU["bench"],
		c.Settled.Seconds, machineCPUs(), c.Settled.Seconds*float64(machineCPUs()))

	p("\n### Operator API requests during convergence (until idle for 5 s)\n\n")
	p("| | total | per instance |\n| --- | --- | --- |\n")
	p("| writes (POST/PUT/PATCH/DELETE, rest_client_requests_total) | %.0f | %.2f |\n", c.Settled.Writes, c.Settled.Writes/n)
	p("| writes when the last instance converged | %.0f | %.2f |\n", c.AtConverged.Writes, c.AtConverged.Writes/n)
	p("| all requests | %.0f | %.2f |\n", c.Settled.Requests.total(), c.Settled.Requests.total()/n)
	p("| reconciles | %.0f | %.2f |\n", c.Settled.reconcileTotal(), c.Settled.reconcileTotal()/n)
	p("\nBy method and code: %s. Reconciles by result: %s. %s.\n", c.Settled.Requests, mapString(c.Settled.Reconciles), r.CounterCheck)
	if c.Audit != nil {
		p("\nWrites by resource (API server audit log, user %s):\n\n| resource verb code | count | per instance |\n| --- | --- | --- |\n", operatorUser)
		for _, key := range c.Audit.keys() {
			p("| %s | %.0f | %.2f |\n", key, c.Audit[key], c.Audit[key]/n)
		}
		p("| total | %.0f | %.2f |\n", c.Audit.total(), c.Audit.total()/n)
	}

	p("\n### Forced resync and idle\n\n")
	p("| | seconds | reconciles | writes | requests |\n| --- | --- | --- | --- | --- |\n")
	p("| restart until idle (full resync) | %.1f | %.0f | %.0f | %s |\n", r.ResyncSeconds, r.Resync.reconcileTotal(), r.Resync.Writes, r.Resync.Requests)
	if r.Idle != nil {
		p("| idle window | %.0f | %.0f | %.0f | %s |\n", r.Idle.Seconds, r.Idle.reconcileTotal(), r.Idle.Writes, r.Idle.Requests)
	}
	if r.ResyncAudit != nil || r.IdleAudit != nil {
		p("\nAudit log: resync %.0f writes%s; idle %.0f writes%s.\n", r.ResyncAudit.total(), parenthesised(r.ResyncAudit.String()),
			r.IdleAudit.total(), parenthesised(r.IdleAudit.String()))
	}

	p("\n### Memory (operator process; median of 5 readings 1 s apart)\n\n")
	p("| when | RSS MiB | RSS anon / file MiB | Go heap in use MiB | Go heap allocated MiB | Go heap live MiB | Go sys MiB |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	row := func(name string, m memory) {
		p("| %s | %.1f | %.1f / %.1f | %.1f | %.1f | %.1f | %.1f |\n", name, m.RSSBytes/mib, m.RSSAnonBytes/mib, m.RSSFileBytes/mib,
			m.HeapInuseBytes/mib, m.HeapAllocBytes/mib, m.HeapLiveBytes/mib, m.GoSysBytes/mib)
	}
	row("started, no SFTPGo yet", r.StartMemory)
	row("after convergence (process that converged)", r.ConvergedMemory)
	row("after restart and resync (new process)", r.ResyncMemory)
	if u := r.Unrelated; u != nil {
		row("before the unrelated objects", u.Before)
		row(fmt.Sprintf("%d unrelated Secrets/ConfigMaps created, %.0f s later", u.Count, u.WaitSeconds), u.After)
		p("\nGrowth from %d unrelated objects (created in %.1f s): RSS %+.1f%%, heap in use %+.1f%%; the operator made %.0f writes and %.0f reconciles meanwhile.\n",
			u.Count, u.CreateSeconds, growth(u.Before.RSSBytes, u.After.RSSBytes), growth(u.Before.HeapInuseBytes, u.After.HeapInuseBytes),
			u.Counters.Writes, u.Counters.reconcileTotal())
	}

	if rr := r.Reaction; rr != nil {
		p("\n### Reaction to a spec change (%d changes, one at a time, %d instances present)\n\n", rr.Changes, r.N)
		p("| until | p50 s | p90 s | p99 s | max s |\n| --- | --- | --- | --- | --- |\n")
		for _, x := range []struct {
			name string
			d    dist
		}{{"ConfigMap content changed", rr.ConfigMap}, {"pod template config-hash changed", rr.Template}, {"both", rr.Both}} {
			p("| %s | %.3f | %.3f | %.3f | %.3f |\n", x.name, x.d.P50, x.d.P90, x.d.P99, x.d.Max)
		}
		ch := float64(rr.Changes)
		p("\nPer change: %.2f writes, %.2f reconciles (%s)", rr.Counters.Writes/ch, rr.Counters.reconcileTotal()/ch, rr.Counters.Requests)
		if rr.Audit != nil {
			p("; audit: %s", rr.Audit)
		}
		p(".\n")
	}
}

func parenthesised(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

var machineCPUsValue int

func machineCPUs() int {
	if machineCPUsValue == 0 {
		machineCPUsValue = describeMachine().CPUs
	}
	return machineCPUsValue
}

func bestFloor(fs []floorResult, keygen bool) *floorResult {
	var best *floorResult
	for i := range fs {
		if fs[i].Keygen == keygen && (best == nil || fs[i].Seconds < best.Seconds) {
			best = &fs[i]
		}
	}
	return best
}

func ratio(x float64, f *floorResult) string {
	if f == nil || f.Seconds == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", x/f.Seconds)
}

func growth(before, after float64) float64 {
	if before == 0 {
		return 0
	}
	return (after - before) * 100 / before
}

func mapString(m map[string]float64) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %.0f", k, m[k])
	}
	return strings.Join(parts, ", ")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "**no**"
}

type target struct {
	name, measured string
	met            bool
}

// targets are issue 6's, for one N.
func targets(r sizeResults) []target {
	n := float64(r.N)
	c := r.Convergence
	var out []target
	if f := bestFloor(r.Floor, false); f != nil {
		x := c.Seconds / f.Seconds
		out = append(out, target{"convergence within 1.5x of the floor", fmt.Sprintf("%.2f s / %.2f s = %.2fx", c.Seconds, f.Seconds, x), x <= 1.5})
	}
	out = append(out, target{"no per-instance latency over 10 s", fmt.Sprintf("max %.2f s (p99 %.2f s)", c.Latency.Max, c.Latency.P99), c.Latency.Max <= 10})
	limit := float64(ownedObjects + 2)
	out = append(out, target{fmt.Sprintf("at most %d writes per instance", ownedObjects+2), fmt.Sprintf("%.2f", c.Settled.Writes/n), c.Settled.Writes/n <= limit})
	if r.Idle != nil {
		out = append(out, target{"0 writes in the idle window after a resync", fmt.Sprintf("%.0f (resync itself: %.0f)", r.Idle.Writes, r.Resync.Writes), r.Idle.Writes == 0})
	}
	rss := max(r.ConvergedMemory.RSSBytes, r.ResyncMemory.RSSBytes)
	out = append(out, target{"RSS under 80 MiB", fmt.Sprintf("%.1f MiB after convergence, %.1f MiB after resync", r.ConvergedMemory.RSSBytes/mib, r.ResyncMemory.RSSBytes/mib), rss < 80*mib})
	if u := r.Unrelated; u != nil {
		g := growth(u.Before.RSSBytes, u.After.RSSBytes)
		out = append(out, target{"RSS growth under 10% from unrelated objects", fmt.Sprintf("%+.1f%% (heap %+.1f%%)", g, growth(u.Before.HeapInuseBytes, u.After.HeapInuseBytes)), g < 10})
	}
	if rr := r.Reaction; rr != nil {
		out = append(out, target{"spec change p99 under 1 s", fmt.Sprintf("p99 %.3f s (max %.3f s)", rr.Both.P99, rr.Both.Max), rr.Both.P99 < 1})
	}
	return out
}
