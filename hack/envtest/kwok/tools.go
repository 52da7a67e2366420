//go:build tools

// Package tools pins kwok (fake nodes and pods) for the local cluster
// hack/envtest/build.sh --cluster builds beside the envtest binaries.
package tools

import _ "sigs.k8s.io/kwok/cmd/kwok"
