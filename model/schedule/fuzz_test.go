package schedule

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// specMatches reports whether t is a whole UTC minute that c matches.
func specMatches(c cronSpec, t time.Time) bool {
	y, mo, d := t.Date()
	if t.Second() != 0 || t.Nanosecond() != 0 || y < minYear || y > maxYear {
		return false
	}
	i := y - minYear
	wd1 := int(time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC).Weekday())
	return c.years[i>>6]&(1<<(i&63)) != 0 && c.months&(1<<int(mo)) != 0 &&
		c.day.mask(daysIn(y, int(mo)), wd1)&(1<<d) != 0 &&
		c.hours&(1<<t.Hour()) != 0 && c.minutes&(1<<t.Minute()) != 0
}

// FuzzParse: Parse never panics; errors wrap ErrInvalid and start with the
// expression; the canonical text parses back Equal and stable; Next never
// returns a time at or before its argument, and a cron's Next matches.
func FuzzParse(f *testing.F) {
	for _, e := range []string{
		"cron(0 2 ? * SUN *)", "cron(0 00 12 ? * SUN *)", "cron(0 0 0/4 1/1 * ? *)",
		"cron(0 0 ? * THU#2 *)", "cron(15 10 ? * 6L 2022-2030)", "cron(0 9 L * ? *)",
		"cron(0 8 1W * ? *)", "cron(0 8 LW * ? *)", "cron(30 * * * ? *)", "cron(0 0 ? * fril *)",
		"cron(0-30/10 1-21/5 * jan-dec/2 ? 1970-2199/10)", "cron(0 0 31W * ? *)", "cron(0 0 ? * L *)",
		"cron(0 0 ? * THU#6 *)", "cron(0 0 1 * MON *)", "cron(0/15 * * * ? *)", "cron(0 0 1 1 ? *)",
		"cron(0 0 30 FEB ? *)", "cron(5-1 * * * ? *)", "cron(0 0 L-2 * ? *)", "cron(0 0 ? * ſun *)",
		"rate(1 minute)", "rate(30 minutes)", "rate(5 hour)", "rate(1 hours)", "rate(1day)",
		"rate(05 minutes)", "rate(999999999 days)", "at(2024-03-01T10:00:00)", "at(2024-02-30T10:00:00)",
		"", "cron()", "rate()", "at()",
	} {
		f.Add(e, int64(1704067200)) // 2024-01-01
	}
	f.Add("cron(0 0 * * ? 2199)", int64(7258032000)) // 2199-12-31
	f.Add("rate(1 day)", int64(1<<63-1-62135596800))
	f.Fuzz(func(t *testing.T, expr string, sec int64) {
		s, err := Parse(expr)
		if _, aerr := ParseAssociation(expr); err != nil && aerr == nil {
			t.Fatalf("ParseAssociation accepts what Parse rejects: %v", err)
		}
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error does not wrap ErrInvalid: %v", err)
			}
			if expr != "" && !strings.HasPrefix(err.Error(), expr+": ") {
				t.Fatalf("error does not start with the expression: %v", err)
			}
			return
		}
		again, err := Parse(s.String())
		if err != nil {
			t.Fatalf("Parse(%q) of the canonical text of %q: %v", s.String(), expr, err)
		}
		if !s.Equal(again) || again.String() != s.String() {
			t.Fatalf("round trip %q → %q → %q is not Equal and stable", expr, s.String(), again.String())
		}
		after := time.Unix(sec, 0)
		next, ok := s.Next(after)
		if !ok {
			return
		}
		if !next.After(after) {
			t.Fatalf("%s: Next(%v) = %v is not after", expr, after, next)
		}
		if s.Kind() != KindCron {
			return
		}
		if !specMatches(s.cron, next) {
			t.Fatalf("%s: Next(%v) = %v does not match", expr, after, next)
		}
		if again, _ := s.Next(next.Add(-time.Nanosecond)); !again.Equal(next) {
			t.Fatalf("%s: Next(Next(t)-1ns) = %v, want %v", expr, again, next)
		}
	})
}
