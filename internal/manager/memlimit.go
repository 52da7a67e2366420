package manager

import (
	"fmt"
	"math"
	"runtime/debug"
	"strconv"
	"strings"
)

// EnvMemoryLimit names the variable that carries the container's memory
// limit in bytes; config/manager/manager.yaml fills it from
// resourceFieldRef limits.memory, so the soft limit follows the container's
// and is not a second number to keep in sync.
const EnvMemoryLimit = "MEMORY_LIMIT_BYTES"

// defaultMemoryLimitRatio: with the shipped 128 MiB limit it gives a 38.4 MiB
// soft limit, between the 30 and 40 MiB that make bench measured with the
// same RSS (docs/performance.md). The rest of the limit holds the binary's
// mapped code (about 41 MiB) and what the runtime does not count.
const defaultMemoryLimitRatio = 0.3

// softMemoryLimit returns the Go soft memory limit to set, in bytes, and
// false when none is to be set: GOMEMLIMIT, when given, wins (the runtime
// already applied it), and without a container limit there is nothing to
// derive from.
func softMemoryLimit(gomemlimit, containerLimit string, ratio float64) (int64, bool, error) {
	if strings.TrimSpace(gomemlimit) != "" || strings.TrimSpace(containerLimit) == "" {
		return 0, false, nil
	}
	limit, err := strconv.ParseInt(strings.TrimSpace(containerLimit), 10, 64)
	if err != nil || limit <= 0 {
		return 0, false, fmt.Errorf("%s=%q is not a memory limit in bytes: fill it from resourceFieldRef limits.memory (divisor 1) or unset it", EnvMemoryLimit, containerLimit)
	}
	return int64(math.Floor(float64(limit) * ratio)), true, nil
}

// validMemoryLimitRatio checks the --memory-limit-ratio flag.
func validMemoryLimitRatio(ratio float64) error {
	if !(ratio > 0 && ratio <= 1) {
		return fmt.Errorf("--memory-limit-ratio=%v must be above 0 and at most 1", ratio)
	}
	return nil
}

// applyMemoryLimit sets the runtime's soft memory limit from the container
// limit and returns it (0 when unchanged).
func applyMemoryLimit(gomemlimit, containerLimit string, ratio float64) (int64, error) {
	limit, ok, err := softMemoryLimit(gomemlimit, containerLimit, ratio)
	if err != nil || !ok {
		return 0, err
	}
	debug.SetMemoryLimit(limit)
	return limit, nil
}
