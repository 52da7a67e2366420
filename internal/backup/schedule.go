// Package backup holds the pure parts of SFTPGo backups (when one is due,
// which ones retention deletes, what a dump keeps) and the S3 store they
// are written to. The controller (controllers/backup_controller.go) calls
// them.
package backup

import (
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
)

// parser reads the five standard cron fields and the descriptors
// (@daily, @every 6h); no seconds field, as a Kubernetes CronJob.
var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseSchedule reads a cron expression, evaluated in UTC.
func ParseSchedule(spec string) (cron.Schedule, error) {
	s, err := parser.Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("spec.backup.schedule %q is not a cron expression (five fields such as \"30 2 * * *\", "+
			"or @hourly, @daily, @weekly, @every 6h): %w", spec, err)
	}
	return s, nil
}

// maxCatchUp bounds the walk over missed schedule times: a schedule of every
// minute missed for a year is half a million steps; past the bound the
// latest missed time is taken as now.
const maxCatchUp = 100000

// Due tells whether a scheduled backup is due at now, given the scheduled
// time of the last run (nil: none yet) and the time schedules count from
// when there was none (the SFTPGo's creation). It returns the scheduled
// time the run is for (the latest missed one: several missed times make
// one backup, as a CronJob without startingDeadlineSeconds would not) and,
// when none is due, the next scheduled time.
func Due(s cron.Schedule, last *time.Time, since, now time.Time) (due bool, scheduled, next time.Time) {
	from := since
	if last != nil {
		from = *last
	}
	t := s.Next(from.UTC())
	if t.IsZero() {
		return false, time.Time{}, time.Time{} // a schedule that never fires (Feb 30)
	}
	if t.After(now) {
		return false, time.Time{}, t
	}
	for range maxCatchUp {
		n := s.Next(t)
		if n.IsZero() || n.After(now) {
			return true, t, n
		}
		t = n
	}
	return true, now.UTC().Truncate(time.Second), s.Next(now.UTC())
}
