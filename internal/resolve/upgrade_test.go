package resolve_test

import (
	"testing"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/fixtures"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

func TestImageVersion(t *testing.T) {
	tests := []struct {
		image string
		want  string // "" for unknown
	}{
		{"ghcr.io/drakkan/sftpgo:v2.7.5", "2.7.5"},
		{"drakkan/sftpgo:2.6.6", "2.6.6"},
		{"sftpgo:v2.7.5-alpine", "2.7.5"},
		{"ghcr.io/drakkan/sftpgo:v2.7.5-distroless-slim", "2.7.5"},
		{"ghcr.io/drakkan/sftpgo:v2.7", "2.7"},
		{"ghcr.io/drakkan/sftpgo:v2.7-plugins", "2.7"},
		{"registry.local:5000/mirror/sftpgo:v2.7.5", "2.7.5"},
		{"registry.local:5000/mirror/sftpgo", ""},
		{"ghcr.io/drakkan/sftpgo", ""},
		{"ghcr.io/drakkan/sftpgo:latest", ""},
		{"ghcr.io/drakkan/sftpgo:edge", ""},
		{"ghcr.io/drakkan/sftpgo:v2", ""},
		{"ghcr.io/drakkan/sftpgo:v2-alpine", ""},
		{"ghcr.io/drakkan/sftpgo@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", ""},
		{"ghcr.io/drakkan/sftpgo:v2.7.5@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", ""},
	}
	for _, tc := range tests {
		v, ok := resolve.ImageVersion(tc.image)
		got := ""
		if ok {
			got = v.String()
		}
		if got != tc.want {
			t.Errorf("ImageVersion(%q) = %q, %v; want %q", tc.image, got, ok, tc.want)
		}
	}
}

func TestClassifyImageChange(t *testing.T) {
	const repo = "ghcr.io/drakkan/sftpgo:"
	tests := []struct {
		running, target string
		want            resolve.ImageChange
	}{
		{"", repo + "v2.7.5", resolve.ImageUnchanged},
		{repo + "v2.7.5", repo + "v2.7.5", resolve.ImageUnchanged},
		{repo + "v2.7.5", repo + "v2.7.5-alpine", resolve.ImageSameVersion},
		{repo + "v2.7.5", "mirror.local/sftpgo:v2.7.5", resolve.ImageSameVersion},
		{repo + "v2.7.4", repo + "v2.7.5", resolve.ImageUpgrade},
		{repo + "v2.7.5", repo + "v2.7.4", resolve.ImageUpgrade}, // same minor: same schema
		{repo + "v2.6.6", repo + "v2.7.5", resolve.ImageUpgrade},
		{repo + "v2.6.6", repo + "v2.7", resolve.ImageUpgrade},
		{repo + "v2.7", repo + "v2.7.5", resolve.ImageUpgrade},
		{repo + "v2.5.6", repo + "v2.7.5", resolve.ImageUnsupportedJump},
		{repo + "v2.3.0", repo + "v2.7.5", resolve.ImageUnsupportedJump},
		{repo + "v2.7.5", repo + "v2.6.6", resolve.ImageDowngrade},
		{repo + "v3.0.0", repo + "v2.7.5", resolve.ImageDowngrade},
		{repo + "v2.7.5", repo + "v3.0.0", resolve.ImageUnknown},
		{repo + "v2.7.5", repo + "latest", resolve.ImageUnknown},
		{repo + "latest", repo + "v2.7.5", resolve.ImageUnknown},
		{repo + "v2.7.5", "ghcr.io/drakkan/sftpgo@sha256:0123", resolve.ImageUnknown},
	}
	for _, tc := range tests {
		got := resolve.ClassifyImageChange(tc.running, tc.target)
		if got != tc.want {
			t.Errorf("ClassifyImageChange(%q, %q) = %q, want %q", tc.running, tc.target, got, tc.want)
		}
		if refused := tc.want == resolve.ImageDowngrade || tc.want == resolve.ImageUnsupportedJump; got.Refused() != refused {
			t.Errorf("%q -> %q: Refused() = %v", tc.running, tc.target, got.Refused())
		}
	}
}

// What the Deployment gets and which migration Job is wanted, from what
// runs.
func TestResolveRollout(t *testing.T) {
	const (
		old    = "ghcr.io/drakkan/sftpgo:v2.6.6"
		target = "ghcr.io/drakkan/sftpgo:v2.7.5"
		other  = "ghcr.io/drakkan/sftpgo:v2.7.4"
	)
	shared := func(s *v1alpha1.SFTPGo) {
		s.Spec.Image = target
		s.Spec.DataProvider.Driver = v1alpha1.DriverPostgreSQL
	}
	sqlite := func(s *v1alpha1.SFTPGo) { s.Spec.Image = target }
	job := func(image string, finished, succeeded bool) resolve.LiveMigrationJob {
		return resolve.LiveMigrationJob{Name: "j-" + image, Image: image, Finished: finished, Succeeded: succeeded,
			Message: map[bool]string{true: "", false: "BackoffLimitExceeded: failed"}[succeeded]}
	}
	type want struct {
		deployment, migration string
		state                 resolve.MigrationState
	}
	tests := []struct {
		name string
		mut  func(*v1alpha1.SFTPGo)
		live resolve.LiveRollout
		want want
	}{
		{"offline or first deployment: spec.image, no Job", shared, resolve.LiveRollout{},
			want{target, "", resolve.MigrationNone}},
		{"nothing changes", shared, resolve.LiveRollout{RunningImage: target},
			want{target, "", resolve.MigrationNone}},
		{"sqlite upgrades in the pod", sqlite, resolve.LiveRollout{RunningImage: old},
			want{target, "", resolve.MigrationNone}},
		{"shared upgrade: Job first, old image kept", shared, resolve.LiveRollout{RunningImage: old},
			want{old, target, resolve.MigrationRunning}},
		{"shared upgrade, Job running", shared, resolve.LiveRollout{RunningImage: old, Jobs: []resolve.LiveMigrationJob{job(target, false, false)}},
			want{old, target, resolve.MigrationRunning}},
		{"shared upgrade, Job succeeded: new image", shared, resolve.LiveRollout{RunningImage: old, Jobs: []resolve.LiveMigrationJob{job(target, true, true)}},
			want{target, target, resolve.MigrationSucceeded}},
		{"shared upgrade, Job failed: old image kept", shared, resolve.LiveRollout{RunningImage: old, Jobs: []resolve.LiveMigrationJob{job(target, true, false)}},
			want{old, target, resolve.MigrationFailed}},
		{"another image's Job still runs: it stays wanted", shared, resolve.LiveRollout{RunningImage: old, Jobs: []resolve.LiveMigrationJob{job(other, false, false)}},
			want{old, other, resolve.MigrationRunning}},
		{"another image's Job finished: the target's is wanted", shared, resolve.LiveRollout{RunningImage: old, Jobs: []resolve.LiveMigrationJob{job(other, true, true)}},
			want{old, target, resolve.MigrationRunning}},
		{"a Job still runs after spec.image went back: it stays", shared, resolve.LiveRollout{RunningImage: target, Jobs: []resolve.LiveMigrationJob{job(other, false, false)}},
			want{target, other, resolve.MigrationRunning}},
		{"same version, another variant: no Job", func(s *v1alpha1.SFTPGo) { shared(s); s.Spec.Image = target + "-alpine" },
			resolve.LiveRollout{RunningImage: target}, want{target + "-alpine", "", resolve.MigrationNone}},
		{"unknown version: Job first", func(s *v1alpha1.SFTPGo) { shared(s); s.Spec.Image = "ghcr.io/drakkan/sftpgo:edge" },
			resolve.LiveRollout{RunningImage: target}, want{target, "ghcr.io/drakkan/sftpgo:edge", resolve.MigrationRunning}},
		{"downgrade refused: running image kept", func(s *v1alpha1.SFTPGo) { shared(s); s.Spec.Image = old },
			resolve.LiveRollout{RunningImage: target}, want{target, "", resolve.MigrationNone}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := fixtures.SFTPGo()
			tc.mut(s)
			in := resolve.New(s, fixtures.KubeFacts)
			in.ResolveRollout(tc.live)
			got := want{in.DeploymentImage, in.MigrationImage, in.Migration}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}
