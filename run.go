package main

import (
	"github.com/sftpgo-operator/sftpgo-operator/internal/manager"
)

// run dispatches sub-commands; without one it runs the manager.
func run(args []string) error {
	return manager.Run(args)
}
