package security

import (
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

const fieldImage = "spec.image"

// imageChange: SEC015 refuses an image SFTPGo cannot run on the running
// instance's database schema; SEC111 warns when the operator cannot tell.
// What SFTPGo supports (docs/upgrades.md): each minor release migrates the
// schema of the previous minor release only (internal/dataprovider/pgsql.go
// migrateDatabase, "database schema version %d is too old"), and an older
// release runs on a newer schema without knowing it ("is newer than the
// supported one") until `sftpgo revertprovider` is run by hand.
func imageChange(f *findings, in *resolve.Instance) {
	running, _ := resolve.ImageVersion(in.RunningImage)
	target, _ := resolve.ImageVersion(in.Spec.Image)
	switch in.ImageChange {
	case resolve.ImageDowngrade:
		f.err(RuleUnsupportedImageChange, fieldImage,
			"%s (SFTPGo %s) is older than the running %s (SFTPGo %s): SFTPGo cannot downgrade its database schema by itself, and an older release runs on the newer schema without knowing its changes. The operator keeps running %s. Set spec.image back to SFTPGo %d.%d or later; to really downgrade, restore a backup of the database taken before the upgrade (or run `sftpgo revertprovider` by hand), then change spec.image.",
			in.Spec.Image, target, in.RunningImage, running, in.RunningImage, running.Major, running.Minor)
	case resolve.ImageUnsupportedJump:
		f.err(RuleUnsupportedImageChange, fieldImage,
			"%s (SFTPGo %s) cannot upgrade from the running %s (SFTPGo %s): each SFTPGo minor release migrates the database schema of the previous minor release only, and refuses an older one (\"database schema version ... is too old\"). The operator keeps running %s. Upgrade one minor release at a time: set spec.image to the latest SFTPGo %d.%d first, wait for status.version to report it, then to %s.",
			in.Spec.Image, target, in.RunningImage, running, in.RunningImage, running.Major, running.Minor+1, in.Spec.Image)
	case resolve.ImageUnknown:
		f.warn(RuleUncheckedImageChange, fieldImage,
			"the operator cannot tell whether going from %s to %s is an upgrade SFTPGo supports: %s. It runs the schema migration first as for an upgrade (with a shared data provider), but cannot refuse a downgrade or a jump of more than one minor release. Use image tags that name the release (ghcr.io/drakkan/sftpgo:v2.7.5).",
			in.RunningImage, in.Spec.Image, unknownWhy(in.RunningImage, in.Spec.Image))
	}
}

func unknownWhy(running, target string) string {
	_, rok := resolve.ImageVersion(running)
	_, tok := resolve.ImageVersion(target)
	switch {
	case !rok && !tok:
		return "neither image tag names an SFTPGo release (digest, latest, edge or a major version only)"
	case !rok:
		return "the running image's tag names no SFTPGo release (digest, latest, edge or a major version only)"
	case !tok:
		return "the new image's tag names no SFTPGo release (digest, latest, edge or a major version only)"
	default:
		return "the major version changes"
	}
}
