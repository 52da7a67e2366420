package cluster

import "syscall"

// sysProcAttr kills a process of the cluster when the process that started
// it dies without calling Stop (a test binary killed by its timeout, say).
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
