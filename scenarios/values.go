package scenarios

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Limits that keep every virtual instant far from time.Duration overflow
// (the engine counts nanoseconds since 1970 in an int64, which ends in
// 2262): starts before 2100, offsets and durations up to 50 years, and the
// simulator clamps a drawn run time at 100 years.
const (
	maxDuration = 50 * 365 * 24 * time.Hour
	maxNodes    = 10_000_000 // a whole scenario's fleet, joins included
)

var maxStart = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)

// parseDuration reads a Go duration ("90s", "2h30m", "1.5s"), optionally
// led by whole days ("30d", "1d12h"), or "0". Signs are refused: every
// duration of a scenario is a length or an offset forward from the start.
func parseDuration(s string) (time.Duration, error) {
	bad := fmt.Errorf("%q is not a duration (like 90s, 2h30m or 30d)", s)
	if s == "0" {
		return 0, nil
	}
	if s == "" || s[0] == '+' || s[0] == '-' {
		if len(s) > 1 && s[0] == '-' && s[1] != '-' && s[1] != '+' { // one level only
			if _, err := parseDuration(s[1:]); err == nil {
				return 0, fmt.Errorf("%q is negative: a scenario's durations are lengths, or offsets forward from the start", s)
			}
		}
		return 0, bad
	}
	var days time.Duration
	if i := strings.IndexByte(s, 'd'); i > 0 {
		n, err := strconv.ParseUint(s[:i], 10, 32)
		if err != nil {
			return 0, bad
		}
		if n > uint64(maxDuration/(24*time.Hour)) {
			return 0, fmt.Errorf("%s is longer than 50 years", s)
		}
		days, s = time.Duration(n)*24*time.Hour, s[i+1:]
		if s == "" {
			return days, nil
		}
		if s[0] == '+' || s[0] == '-' {
			return 0, bad
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, bad
	}
	if d > maxDuration-days {
		return 0, fmt.Errorf("%s is longer than 50 years", s)
	}
	return days + d, nil
}

// formatDuration writes d in the form parseDuration reads back exactly:
// whole days as "30d", else hours, minutes and (fractional) seconds with
// the zero parts left out ("7h50m", "1m30.5s", "0.001s").
func formatDuration(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d == 0:
		return "0s"
	case d%day == 0:
		return strconv.FormatInt(int64(d/day), 10) + "d"
	}
	var b strings.Builder
	if h := d / time.Hour; h > 0 {
		b.WriteString(strconv.FormatInt(int64(h), 10) + "h")
	}
	if m := d % time.Hour / time.Minute; m > 0 {
		b.WriteString(strconv.FormatInt(int64(m), 10) + "m")
	}
	if s := d % time.Minute; s > 0 {
		b.WriteString(strconv.FormatInt(int64(s/time.Second), 10))
		if ns := s % time.Second; ns > 0 {
			b.WriteString(strings.TrimRight(fmt.Sprintf(".%09d", ns), "0"))
		}
		b.WriteString("s")
	}
	return b.String()
}

// parseStart reads the scenario's start: an RFC 3339 time after the Unix
// epoch (the simulator's rule) and before 2100, kept in UTC.
func parseStart(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time (like 2024-01-01T00:00:00Z)", s)
	}
	t = t.UTC()
	if t.UnixMilli() <= 0 || !t.Before(maxStart) {
		return time.Time{}, fmt.Errorf("%s is not after the Unix epoch and before 2100", s)
	}
	return t, nil
}

// parseInstant reads an instant of the scenario as an offset from start:
// a duration ("2h30m") or an RFC 3339 time at or after start.
func parseInstant(s string, start time.Time) (time.Duration, error) {
	if d, err := parseDuration(s); err == nil {
		return d, nil
	} else if !strings.Contains(s, "T") {
		return 0, err
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return 0, fmt.Errorf("%q is neither an offset from the start (like 2h30m) nor an RFC 3339 time", s)
	}
	if t.Before(start) {
		return 0, fmt.Errorf("%s is before the start (%s)", s, start.Format(time.RFC3339Nano))
	}
	d := t.Sub(start)
	if d > maxDuration {
		return 0, fmt.Errorf("%s is more than 50 years after the start", s)
	}
	return d, nil
}
