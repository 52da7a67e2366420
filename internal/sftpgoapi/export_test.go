package sftpgoapi

import "time"

// SetClock replaces the clock c measures token lifetimes with, for tests
// that move time forward.
func SetClock(c *Client, now func() time.Time) {
	c.now = now
}
