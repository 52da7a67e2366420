package resolve

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Version is an SFTPGo release as an image tag names it: v2.7.5, 2.7.5,
// v2.7 (a floating tag of the latest patch), with any variant suffix
// (-alpine, -slim, -distroless-slim, -plugins).
type Version struct {
	Major, Minor int
	// Patch is -1 for a tag that names only the minor release (v2.7).
	Patch int
}

func (v Version) String() string {
	if v.Patch < 0 {
		return fmt.Sprintf("%d.%d", v.Major, v.Minor)
	}
	return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
}

var versionTag = regexp.MustCompile(`^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?$`)

// ImageVersion reads the SFTPGo version from an image reference's tag. An
// image pinned by digest (…@sha256:…, with or without a tag: the tag may
// lie about what the digest holds), without a tag (latest), or with a tag
// that names no minor release (edge, v2, v2-alpine) has no version the
// operator can know: ok is false.
func ImageVersion(image string) (v Version, ok bool) {
	if strings.Contains(image, "@") {
		return Version{}, false
	}
	slash := strings.LastIndex(image, "/")
	colon := strings.LastIndex(image, ":")
	if colon <= slash {
		return Version{}, false // no tag (a colon before the last slash is a registry port)
	}
	m := versionTag.FindStringSubmatch(image[colon+1:])
	if m == nil {
		return Version{}, false
	}
	v.Major, _ = strconv.Atoi(m[1])
	v.Minor, _ = strconv.Atoi(m[2])
	v.Patch = -1
	if m[3] != "" {
		v.Patch, _ = strconv.Atoi(m[3])
	}
	return v, true
}

// ImageChange is what changing the running image to spec.image means for
// SFTPGo's database schema.
type ImageChange string

const (
	// ImageUnchanged means spec.image is what the Deployment runs, or nothing
	// runs yet (a first deployment initializes the schema at start).
	ImageUnchanged ImageChange = ""
	// ImageSameVersion means another image of the same release (a variant, a
	// mirror): the schema is the same.
	ImageSameVersion ImageChange = "SameVersion"
	// ImageUpgrade means a later patch or the next minor release, which
	// migrates the schema of the running one; a patch downgrade within a
	// minor release (SFTPGo changes its schema in minor releases only).
	ImageUpgrade ImageChange = "Upgrade"
	// ImageUnknown means the version of either image cannot be read (a digest,
	// a tag such as latest or edge), or the major version changes upwards:
	// the operator cannot check the change and treats it as an upgrade.
	ImageUnknown ImageChange = "Unknown"
	// ImageDowngrade means an earlier minor or major release, which does not
	// know the newer schema (rule SEC015).
	ImageDowngrade ImageChange = "Downgrade"
	// ImageUnsupportedJump means more than one minor release up; SFTPGo
	// migrates the schema of the previous minor release only (rule SEC015).
	ImageUnsupportedJump ImageChange = "UnsupportedJump"
)

// Refused reports whether the change is refused (rule SEC015).
func (c ImageChange) Refused() bool { return c == ImageDowngrade || c == ImageUnsupportedJump }

// ClassifyImageChange compares the running image with the target one.
func ClassifyImageChange(running, target string) ImageChange {
	if running == "" || running == target {
		return ImageUnchanged
	}
	rv, rok := ImageVersion(running)
	tv, tok := ImageVersion(target)
	switch {
	case !rok || !tok:
		return ImageUnknown
	case tv.Major < rv.Major:
		return ImageDowngrade
	case tv.Major > rv.Major:
		return ImageUnknown
	case tv.Minor < rv.Minor:
		return ImageDowngrade
	case tv.Minor > rv.Minor+1:
		return ImageUnsupportedJump
	case tv == rv:
		return ImageSameVersion
	default:
		return ImageUpgrade
	}
}

// MigrationState is where the schema migration Job of an upgrade is.
type MigrationState string

const (
	// MigrationNone means no migration Job is wanted.
	MigrationNone MigrationState = ""
	// MigrationRunning means the Job is wanted and has not finished (or does
	// not exist yet).
	MigrationRunning MigrationState = "Running"
	// MigrationSucceeded means the Job of the target image completed.
	MigrationSucceeded MigrationState = "Succeeded"
	// MigrationFailed means the Job of the target image failed.
	MigrationFailed MigrationState = "Failed"
)

// LiveRollout is what the controller reads from the cluster about the
// running SFTPGo; empty offline and before the first deployment.
type LiveRollout struct {
	// RunningImage is the SFTPGo container's image in the pod template of
	// the live Deployment: what the pods run, or roll to.
	RunningImage string
	// Jobs are the instance's live migration Jobs.
	Jobs []LiveMigrationJob
}

// LiveMigrationJob is one live migration Job.
type LiveMigrationJob struct {
	Name  string
	Image string
	// Finished: the Job has its Complete or Failed condition.
	Finished, Succeeded bool
	// Message is the Failed condition's reason and message.
	Message string
}

// ResolveRollout decides, from what runs, which image the Deployment gets
// and whether a migration Job runs first. Resolve calls it with nothing
// live (offline: spec.image, no Job); the controller calls it again with
// what it read.
//
// With a shared data provider, an image change that may change the schema
// runs `sftpgo initprovider` with the new image in a Job first; the
// Deployment keeps the running image until that Job succeeds. A Job that
// has not finished is never replaced (two versions must not migrate one
// database at once): while one runs, it stays the wanted one, whatever
// spec.image says now. With SQLite the single pod migrates at start.
func (in *Instance) ResolveRollout(live LiveRollout) {
	in.RunningImage = live.RunningImage
	target := in.Spec.Image
	in.ImageChange = ClassifyImageChange(in.RunningImage, target)
	in.DeploymentImage = target
	in.MigrationImage, in.Migration, in.MigrationMessage, in.MigrationJob = "", MigrationNone, "", ""
	if in.ImageChange.Refused() {
		in.DeploymentImage = in.RunningImage
		return
	}
	for _, j := range live.Jobs {
		if !j.Finished {
			// A migration still running (for this image or another one).
			in.MigrationImage, in.Migration, in.MigrationJob = j.Image, MigrationRunning, j.Name
			if in.RunningImage != "" {
				in.DeploymentImage = in.RunningImage
			}
			return
		}
	}
	needsJob := in.SharedDataProvider() &&
		(in.ImageChange == ImageUpgrade || in.ImageChange == ImageUnknown)
	if !needsJob {
		return
	}
	in.MigrationImage, in.Migration = target, MigrationRunning
	in.DeploymentImage = in.RunningImage
	for _, j := range live.Jobs {
		if j.Image != target {
			continue
		}
		in.MigrationJob = j.Name
		switch {
		case j.Succeeded:
			in.Migration, in.DeploymentImage = MigrationSucceeded, target
		default:
			in.Migration, in.MigrationMessage = MigrationFailed, j.Message
		}
	}
}
