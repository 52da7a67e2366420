package main

// releaseDates is the createdAt of each released bundle version. The
// bundle's createdAt comes from here, not from the clock, so that
// `make bundle` gives the same bytes every time. Add the new version with its
// release date (UTC, RFC 3339) when bumping VERSION in the Makefile, or pass
// --created-at.
var releaseDates = map[string]string{
	"0.1.0": "2026-11-27T00:00:00Z",
}
