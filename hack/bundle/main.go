// Command bundle writes the OLM bundle of the operator (bundle/, and
// bundle.Dockerfile at the repository root) from the CSV base in
// config/manifests/bases, `kustomize build config/default-with-monitoring`
// (CRD, RBAC, manager Deployment, metrics Service and ServiceMonitor) and
// `kustomize build config/samples`.
// The output is byte-for-byte reproducible: keys are sorted and createdAt
// comes from releaseDates, not the clock.
//
// It lives in its own module so that the operator's go.mod stays free of
// operator-framework. Run it through `make bundle`, or from hack/bundle:
//
//	go run . --root ../.. --version 0.1.0 --image ghcr.io/sftpgo-operator/sftpgo-operator \
//	    --sftpgo-image ghcr.io/drakkan/sftpgo:v2.7.5
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	var o Options
	var kustomize string
	flag.StringVar(&o.Root, "root", "../..", "Repository root.")
	flag.StringVar(&o.Version, "version", "", "Bundle version, MAJOR.MINOR.PATCH (the CSV is sftpgo-operator.v<version>).")
	flag.StringVar(&o.Image, "image", "", "Operator image; without a tag or digest it is tagged v<version>.")
	flag.StringVar(&o.SFTPGoImage, "sftpgo-image", "", "SFTPGo image for relatedImages; must be the CRD default of spec.image (empty: that default).")
	flag.StringVar(&o.CreatedAt, "created-at", "", "createdAt (RFC 3339); default: the release date of --version in releases.go.")
	flag.StringVar(&kustomize, "kustomize", strings.Join(defaultKustomize, " "), "Command that runs kustomize from the root.")
	flag.Parse()
	o.Kustomize = strings.Fields(kustomize)

	files, err := Generate(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bundle:", err)
		os.Exit(1)
	}
	if err := write(o.Root, files, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bundle:", err)
		os.Exit(1)
	}
}

// write replaces bundle/manifests and bundle/metadata, so that objects removed
// from config/ leave the bundle too, and writes the other files in place.
func write(root string, files Files, log io.Writer) error {
	for _, dir := range []string{manifestsDir, metadataDir} {
		if err := os.RemoveAll(filepath.Join(root, filepath.FromSlash(dir))); err != nil {
			return err
		}
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, files[p], 0o644); err != nil {
			return err
		}
		fmt.Fprintln(log, "wrote", p)
	}
	return nil
}
