package schedule

import (
	"math"
	"strings"
	"time"
)

// rateUnit returns the singular and plural spelling and the length of a
// rate unit given in either spelling.
func rateUnit(unit string) (one, many string, d time.Duration, ok bool) {
	switch unit {
	case "minute", "minutes":
		return "minute", "minutes", time.Minute, true
	case "hour", "hours":
		return "hour", "hours", time.Hour, true
	case "day", "days":
		return "day", "days", 24 * time.Hour, true
	}
	return "", "", 0, false
}

// parseRate parses rate(N unit) as State Manager does: N a positive integer
// without sign or leading zeros, exactly one space, a lower-case unit that
// is singular iff N is 1. Accepted text is already canonical.
func parseRate(expr string) (*Schedule, error) {
	body, err := inner(expr, "rate")
	if err != nil {
		return nil, err
	}
	num, unit, ok := strings.Cut(body, " ")
	if !ok || strings.Contains(unit, " ") || num == "" || unit == "" {
		return nil, invalidf("%s: want rate(<value> <unit>) with exactly one space between value and unit, e.g. rate(30 minutes)", expr)
	}
	for _, c := range []byte(num) {
		if c < '0' || c > '9' {
			return nil, invalidf("%s: value %q must be a positive whole number (digits only, no sign)", expr, num)
		}
	}
	if num[0] == '0' {
		if num == "0" {
			return nil, invalidf("%s: value must be at least 1", expr)
		}
		return nil, invalidf("%s: value %q must not have leading zeros", expr, num)
	}
	if len(num) > 12 {
		return nil, invalidf("%s: value %s is too large", expr, num)
	}
	n := int64(0)
	for _, c := range []byte(num) {
		n = n*10 + int64(c-'0')
	}
	one, many, d, ok := rateUnit(unit)
	switch {
	case !ok:
		return nil, invalidf("%s: unknown unit %q: want minute(s), hour(s) or day(s) in lower case", expr, unit)
	case n == 1 && unit == many:
		return nil, invalidf("%s: unit must be singular (%q) when the value is 1", expr, one)
	case n != 1 && unit == one:
		return nil, invalidf("%s: unit must be plural (%q) when the value is not 1", expr, many)
	case n > math.MaxInt64/int64(d):
		return nil, invalidf("%s: value %s is too large", expr, num)
	}
	return &Schedule{kind: KindRate, text: expr, interval: time.Duration(n) * d}, nil
}

// parseAt parses at(yyyy-mm-ddThh:mm:ss), a single instant in UTC.
func parseAt(expr string) (*Schedule, error) {
	body, err := inner(expr, "at")
	if err != nil {
		return nil, err
	}
	const layout = "dddd-dd-ddTdd:dd:dd"
	ok := len(body) == len(layout)
	for i := 0; ok && i < len(layout); i++ {
		if layout[i] == 'd' {
			ok = body[i] >= '0' && body[i] <= '9'
		} else {
			ok = body[i] == layout[i]
		}
	}
	if !ok {
		return nil, invalidf("%s: want at(yyyy-mm-ddThh:mm:ss) in UTC, e.g. at(2024-03-01T10:00:00)", expr)
	}
	num := func(i, j int) int {
		v := 0
		for _, c := range []byte(body[i:j]) {
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, mo, d := num(0, 4), num(5, 7), num(8, 10)
	h, mi, s := num(11, 13), num(14, 16), num(17, 19)
	switch {
	case mo < 1 || mo > 12:
		return nil, invalidf("%s: month %02d is out of range 01..12", expr, mo)
	case d < 1 || d > daysIn(y, mo):
		return nil, invalidf("%s: day %02d is out of range for %s %04d (01..%02d)", expr, d, time.Month(mo), y, daysIn(y, mo))
	case h > 23:
		return nil, invalidf("%s: hour %02d is out of range 00..23", expr, h)
	case mi > 59:
		return nil, invalidf("%s: minute %02d is out of range 00..59", expr, mi)
	case s > 59:
		return nil, invalidf("%s: second %02d is out of range 00..59", expr, s)
	}
	at := time.Date(y, time.Month(mo), d, h, mi, s, 0, time.UTC)
	return &Schedule{kind: KindAt, text: expr, at: at}, nil
}

// daysIn returns the number of days in month mo (1..12) of year y.
func daysIn(y, mo int) int {
	switch mo {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
