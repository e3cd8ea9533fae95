package schedule

import (
	"math/bits"
	"time"
)

// cronSpec is a parsed cron expression reduced to what decides its firing
// times. It is comparable, and two specs are == exactly when their fields
// match the same values (Schedule.Equal).
type cronSpec struct {
	minutes uint64    // bit m for minute m (0..59)
	hours   uint32    // bit h for hour h (0..23)
	months  uint16    // bit m for month m (1..12)
	years   [4]uint64 // bit y-1970 for year y (1970..2199)
	day     dayRule
}

// dayKind is the form of the day rule: day-of-month or day-of-week,
// whichever is not "?".
type dayKind uint8

const (
	daySet            dayKind = iota // set: days of the month (bit d)
	dayWeekdays                      // set: weekdays (bit w, 1=SUN … 7=SAT)
	dayLast                          // L: the last day of the month
	dayLastWeekday                   // LW: the last Monday..Friday of the month
	dayNearestWeekday                // nW: the Monday..Friday nearest day n, within the month
	dayLastOf                        // nL: the last weekday n of the month
	dayNth                           // n#k: the k-th weekday n of the month
)

const (
	allDays     = 0xFFFFFFFE // bits 1..31
	allWeekdays = 0xFE       // bits 1..7
)

// dayRule decides which days of a month fire.
type dayRule struct {
	kind dayKind
	set  uint32
	n, k uint8
}

// mask returns the days of a month that fire, as bit d for day d, given
// the month's length n and the weekday of its 1st, wd1 (0=Sunday, Go's
// numbering; AWS weekday w is Go weekday w-1).
func (r dayRule) mask(n int, wd1 int) uint32 {
	valid := uint32(1)<<(n+1) - 2 // bits 1..n
	wd := func(d int) int { return (wd1 + d - 1) % 7 }
	// first returns the first day of the month that is AWS weekday w.
	first := func(w int) int { return 1 + (w-1-wd1+7)%7 }
	switch r.kind {
	case daySet:
		return r.set & valid
	case dayWeekdays:
		var m uint32
		for w := 1; w <= 7; w++ {
			if r.set&(1<<w) != 0 {
				for d := first(w); d <= n; d += 7 {
					m |= 1 << d
				}
			}
		}
		return m
	case dayLast:
		return 1 << n
	case dayLastWeekday:
		switch wd(n) {
		case 6: // Saturday: Friday before
			return 1 << (n - 1)
		case 0: // Sunday: Friday before
			return 1 << (n - 2)
		}
		return 1 << n
	case dayNearestWeekday:
		d := int(r.n)
		if d > n {
			return 0 // like a plain day number, absent days never fire
		}
		switch wd(d) {
		case 6: // Saturday: Friday before, or Monday after the 1st
			if d == 1 {
				return 1 << 3
			}
			return 1 << (d - 1)
		case 0: // Sunday: Monday after, or Friday before the last day
			if d == n {
				return 1 << (d - 2)
			}
			return 1 << (d + 1)
		}
		return 1 << d
	case dayLastOf:
		d := first(int(r.n))
		return 1 << (d + (n-d)/7*7)
	default: // dayNth
		d := first(int(r.n)) + 7*(int(r.k)-1)
		if d > n {
			return 0
		}
		return 1 << d
	}
}

// next returns the first whole minute strictly after `after` that matches.
// It walks years, months, days, hours and minutes from the start instant,
// skipping whole units that cannot match, so it needs at most a few
// thousand cheap steps even when the next firing is years away.
func (c *cronSpec) next(after time.Time) (time.Time, bool) {
	after = after.UTC()
	if after.Year() > maxYear {
		return time.Time{}, false
	}
	y, mo, d, h, mi := minYear, 1, 1, 0, 0
	if after.Year() >= minYear {
		t := after.Truncate(time.Minute).Add(time.Minute)
		var m time.Month
		y, m, d = t.Date()
		mo, h, mi = int(m), t.Hour(), t.Minute()
	}
	for ; y <= maxYear; y, mo, d, h, mi = y+1, 1, 1, 0, 0 {
		if i := y - minYear; c.years[i>>6]&(1<<(i&63)) == 0 {
			continue
		}
		for ; mo <= 12; mo, d, h, mi = mo+1, 1, 0, 0 {
			if c.months&(1<<mo) == 0 {
				continue
			}
			wd1 := int(time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC).Weekday())
			days := c.day.mask(daysIn(y, mo), wd1) &^ (1<<d - 1)
			for ; days != 0; days &= days - 1 {
				day := bits.TrailingZeros32(days)
				fh, fm := 0, 0
				if day == d {
					fh, fm = h, mi
				}
				if hh, mm, ok := c.timeFrom(fh, fm); ok {
					return time.Date(y, time.Month(mo), day, hh, mm, 0, 0, time.UTC), true
				}
			}
		}
	}
	return time.Time{}, false
}

// timeFrom returns the first matching time of day at or after h:m.
func (c *cronSpec) timeFrom(h, m int) (int, int, bool) {
	for hs := c.hours &^ (1<<h - 1); hs != 0; hs &= hs - 1 {
		hh := bits.TrailingZeros32(hs)
		ms := c.minutes
		if hh == h {
			ms &^= 1<<m - 1
		}
		if ms != 0 {
			return hh, bits.TrailingZeros64(ms), true
		}
	}
	return 0, 0, false
}
