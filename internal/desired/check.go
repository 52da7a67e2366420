package desired

import (
	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/security"
)

// BlockedError says an Error finding blocks the rollout.
type BlockedError struct {
	Finding v1alpha1.Finding
}

func (e *BlockedError) Error() string { return e.Finding.Rule + ": " + e.Finding.Message }

// Check evaluates the security rules and tells whether the instance may be
// deployed, in the one order the controller and the render share: first
// what Kubernetes or this cluster cannot take (an *UnsupportedError), then
// the first Error finding (a *BlockedError). Findings are returned either
// way, for the status.
func Check(in *resolve.Instance) ([]v1alpha1.Finding, error) {
	findings := security.Evaluate(in)
	if err := Supported(in); err != nil {
		return findings, err
	}
	if first := security.FirstError(findings); first != nil {
		return findings, &BlockedError{Finding: *first}
	}
	return findings, nil
}
