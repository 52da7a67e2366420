package security

import (
	"strings"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// distrolessImage reports whether image is one of SFTPGo's distroless
// images (tags v2.7.5-distroless, distroless-slim, v2-distroless-slim, ...),
// wherever it is mirrored: a repository whose last path element is sftpgo,
// with a tag naming the variant (a digest is hex and never does). SFTPGo's
// release workflow builds them with the nosqlite tag (SQLite needs cgo,
// which the distroless/static base cannot run), so SFTPGo exits at start
// with "SQLite disabled at build time". The CRD's SEC008 CEL rule is the
// same expression (CEL's regular expressions cost too much on a 512-byte
// field).
func distrolessImage(image string) bool {
	return (strings.HasPrefix(image, "sftpgo:") || strings.Contains(image, "/sftpgo:")) &&
		strings.Contains(image, "distroless")
}

func imageDataProvider(f *findings, in *resolve.Instance) {
	sp := &in.Spec
	if sp.DataProvider.Driver == v1alpha1.DriverSQLite && distrolessImage(sp.Image) {
		f.err(RuleImageWithoutSQLite, "spec.image",
			"%s is a distroless SFTPGo image, built without SQLite (it needs a C runtime the image lacks): SFTPGo would exit at start with \"SQLite disabled at build time\". Use an image with SQLite (ghcr.io/drakkan/sftpgo:v2.7.5, or its -alpine or -slim variants), or set spec.dataProvider.driver to postgresql, mysql or cockroachdb.",
			sp.Image)
	}
}
