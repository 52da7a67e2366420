package main

import (
	"os"

	"github.com/sftpgo-operator/sftpgo-operator/controllers"
	"github.com/sftpgo-operator/sftpgo-operator/internal/manager"
	"github.com/sftpgo-operator/sftpgo-operator/internal/render"
)

// run dispatches sub-commands; without one it runs the manager.
//
//	sftpgo-operator render -f FILE [...]   print the objects for SFTPGo resources, offline
//	sftpgo-operator [manager flags]        run the operator
func run(args []string) error {
	if len(args) > 0 && args[0] == "render" {
		os.Exit(render.Run(args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	return manager.Run(args, controllers.Manager())
}
