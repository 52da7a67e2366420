package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// clockTicks is USER_HZ, the unit of utime and stime in /proc/<pid>/stat;
// 100 on every Linux architecture Go supports.
const clockTicks = 100

// cpuSeconds is the user plus system CPU time pid has used.
func cpuSeconds(pid int) (float64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) may hold spaces: fields start after ')'.
	s := string(data)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	utime, err1 := strconv.ParseFloat(fields[11], 64)
	stime, err2 := strconv.ParseFloat(fields[12], 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("parsing /proc/%d/stat", pid)
	}
	return (utime + stime) / clockTicks, nil
}

// childrenNamed returns the pids of this process's children whose command
// name is name (the envtest etcd and kube-apiserver).
func childrenNamed(name string) []int {
	self := os.Getpid()
	var out []int
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range stats {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		s := string(data)
		open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || end < open {
			continue
		}
		fields := strings.Fields(s[end+1:])
		if len(fields) < 2 || s[open+1:end] != name {
			continue
		}
		if ppid, _ := strconv.Atoi(fields[1]); ppid == self {
			pid, _ := strconv.Atoi(strings.TrimSpace(s[:open]))
			out = append(out, pid)
		}
	}
	return out
}

// cpuMeter reads the CPU time of the bench, the control plane and (when
// set) the operator.
type cpuMeter struct {
	apiserver, etcd []int
}

func newCPUMeter() cpuMeter {
	return cpuMeter{apiserver: childrenNamed("kube-apiserver"), etcd: childrenNamed("etcd")}
}

// cpuReading is CPU seconds used so far, by process.
type cpuReading map[string]float64

func (m cpuMeter) read(operatorPID int) cpuReading {
	r := cpuReading{}
	sum := func(pids []int) float64 {
		var t float64
		for _, p := range pids {
			c, _ := cpuSeconds(p)
			t += c
		}
		return t
	}
	r["kube-apiserver"] = sum(m.apiserver)
	r["etcd"] = sum(m.etcd)
	r["bench"], _ = cpuSeconds(os.Getpid())
	if operatorPID > 0 {
		r["operator"], _ = cpuSeconds(operatorPID)
	}
	return r
}

// withSFTPGo adds the CPU time of the SFTPGo process pid (nothing for 0:
// the fake server runs in the bench's process).
func (r cpuReading) withSFTPGo(pid int) cpuReading {
	if pid > 0 {
		r["sftpgo"], _ = cpuSeconds(pid)
	}
	return r
}

func (r cpuReading) minus(before cpuReading) cpuReading {
	out := cpuReading{}
	for k, v := range r {
		out[k] = v - before[k]
	}
	return out
}
