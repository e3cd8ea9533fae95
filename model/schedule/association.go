package schedule

import (
	"fmt"
	"math/bits"
	"strings"
	"time"
)

// Association limits (decision D13).
const (
	minRate       = 30 * time.Minute
	maxRate       = 31 * 24 * time.Hour // exclusive
	minCronGap    = 30                  // minutes
	maxOffset     = 6                   // ScheduleOffset, days
	maxDuration   = 24                  // Duration, hours
	minutesPerDay = 24 * 60
)

// AssociationRules is the part of an association that decides whether its
// schedule is acceptable. Zero ScheduleOffset or Duration means unset.
type AssociationRules struct {
	Expression              string // ScheduleExpression; "" for a run-once association
	ApplyOnlyAtCronInterval bool   // no run at creation; not allowed with rate()
	ScheduleOffset          int32  // days, 1..6
	Duration                int32  // hours, 1..24
}

// ParseAssociation parses expr and applies State Manager's association
// rules for a single expression (decision D13): a rate must be at least 30
// minutes and less than 31 days; a cron must leave at least 30 minutes
// between runs and must not restrict the month. Errors wrap ErrInvalid.
func ParseAssociation(expr string) (*Schedule, error) {
	s, err := Parse(expr)
	if err != nil {
		return nil, err
	}
	switch s.kind {
	case KindRate:
		if s.interval < minRate {
			return nil, invalidf("%s: a rate must be at least 30 minutes for associations", expr)
		}
		if s.interval >= maxRate {
			return nil, invalidf("%s: a rate must be less than 31 days for associations", expr)
		}
	case KindCron:
		if strings.Fields(s.text[len("cron(") : len(s.text)-1])[fMonth] != "*" {
			return nil, invalidf("%s: specifying months is not supported for associations (month must be *)", expr)
		}
		if g := s.cron.closest(); g.gap < minCronGap {
			return nil, invalidf("%s: %s; associations need at least %d minutes between runs", expr, g, minCronGap)
		}
	}
	return s, nil
}

// ValidateAssociation checks an association's schedule members together:
// ParseAssociation's rules, then ApplyOnlyAtCronInterval is not allowed
// with rate(), and ScheduleOffset (1..6 days) and Duration (1..24 hours)
// each require a cron expression and ApplyOnlyAtCronInterval. An empty
// Expression (run once) with neither ScheduleOffset nor Duration is valid
// and returns (nil, nil). Errors wrap ErrInvalid.
func ValidateAssociation(r AssociationRules) (*Schedule, error) {
	var s *Schedule
	if r.Expression != "" {
		var err error
		if s, err = ParseAssociation(r.Expression); err != nil {
			return nil, err
		}
	}
	if r.ScheduleOffset < 0 || r.ScheduleOffset > maxOffset {
		return nil, invalidf("ScheduleOffset %d is out of range 1..%d (days)", r.ScheduleOffset, maxOffset)
	}
	if r.Duration < 0 || r.Duration > maxDuration {
		return nil, invalidf("Duration %d is out of range 1..%d (hours)", r.Duration, maxDuration)
	}
	if s.Kind() == KindRate && r.ApplyOnlyAtCronInterval {
		return nil, invalidf("%s: ApplyOnlyAtCronInterval is not supported with rate expressions", r.Expression)
	}
	for _, m := range []struct {
		name string
		set  bool
	}{{"ScheduleOffset", r.ScheduleOffset != 0}, {"Duration", r.Duration != 0}} {
		switch {
		case !m.set:
		case s.Kind() != KindCron && r.Expression == "":
			return nil, invalidf("%s requires a cron expression and ApplyOnlyAtCronInterval; there is no schedule expression", m.name)
		case s.Kind() != KindCron:
			return nil, invalidf("%s requires a cron expression and ApplyOnlyAtCronInterval; %s is not a cron expression", m.name, r.Expression)
		case !r.ApplyOnlyAtCronInterval:
			return nil, invalidf("%s requires a cron expression and ApplyOnlyAtCronInterval; ApplyOnlyAtCronInterval is false", m.name)
		}
	}
	return s, nil
}

// closestPair describes the two consecutive firings closest together.
type closestPair struct {
	gap     int  // minutes
	a, b    int  // minute of the day of each
	nextDay bool // b is on the day after a
	regular bool // every gap within a day equals gap
}

func (g closestPair) String() string {
	if g.regular && !g.nextDay {
		if g.gap == 1 {
			return "fires every minute"
		}
		return fmt.Sprintf("fires every %d minutes", g.gap)
	}
	next := ""
	if g.nextDay {
		next = " the next day"
	}
	unit := "minutes"
	if g.gap == 1 {
		unit = "minute"
	}
	return fmt.Sprintf("fires only %d %s apart at its closest (%02d:%02d and %02d:%02d%s)",
		g.gap, unit, g.a/60, g.a%60, g.b/60, g.b%60, next)
}

// closest finds the minimum gap between consecutive firings exactly.
// Firings are (firing day) × (time of day), so consecutive firings are
// either neighbours in the sorted times of day, or the last time of one
// firing day and the first of the next firing day. Two firing days at
// least two calendar days apart are more than a day apart, so only
// adjacent calendar days can beat the in-day gaps: those are looked for by
// sweeping every day of 1970..2199 with the day rule, only when the
// midnight-crossing gap would be the smallest.
func (c *cronSpec) closest() closestPair {
	g := closestPair{gap: 1 << 30, regular: true}
	first, prev := -1, -1
	for hs := c.hours; hs != 0; hs &= hs - 1 {
		h := bits.TrailingZeros32(hs)
		for ms := c.minutes; ms != 0; ms &= ms - 1 {
			t := h*60 + bits.TrailingZeros64(ms)
			if first < 0 {
				first = t
			} else {
				if d := t - prev; d < g.gap {
					g.regular = g.gap == 1<<30
					g.gap, g.a, g.b = d, prev, t
				} else if d != g.gap {
					g.regular = false
				}
			}
			prev = t
		}
	}
	if cross := minutesPerDay - prev + first; cross < g.gap && c.adjacentDays() {
		return closestPair{gap: cross, a: prev, b: first, nextDay: true}
	}
	return g
}

// adjacentDays reports whether two consecutive calendar days both fire.
// Only day sets can: L, LW, nW, nL and n#k each pick at most one day a
// month, never both a month's last day and the next month's 1st.
func (c *cronSpec) adjacentDays() bool {
	if c.day.kind != daySet && c.day.kind != dayWeekdays {
		return false
	}
	prev := false
	wd1 := int(time.Date(minYear, 1, 1, 0, 0, 0, 0, time.UTC).Weekday())
	for y := minYear; y <= maxYear; y++ {
		i := y - minYear
		for mo := 1; mo <= 12; mo++ {
			n := daysIn(y, mo)
			m := uint32(0)
			if c.years[i>>6]&(1<<(i&63)) != 0 && c.months&(1<<mo) != 0 {
				m = c.day.mask(n, wd1)
			}
			if m&(m>>1) != 0 || (prev && m&2 != 0) {
				return true
			}
			prev = m&(1<<n) != 0
			wd1 = (wd1 + n) % 7
		}
	}
	return false
}
