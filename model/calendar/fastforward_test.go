package calendar

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Running a rule from a fast-forwarded DTSTART yields exactly the instances
// that overlap the query window that running it from its own DTSTART
// yields — differential, over seeded random rules, zones and windows.
func TestFastForward_SameInstancesAsFromDTSTART(t *testing.T) {
	zones := []string{"UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe"}
	freqs := []string{"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
	compared, moved := 0, 0
	for seed := range uint64(600) {
		r := rand.New(rand.NewPCG(seed, 0xfa57))
		loc, err := time.LoadLocation(zones[r.IntN(len(zones))])
		require.NoError(t, err)
		start := time.Date(1900+r.IntN(110), time.Month(1+r.IntN(12)), 1+r.IntN(31), r.IntN(24), 15*r.IntN(4), 0, 0, loc)
		rule := fmt.Sprintf("FREQ=%s;INTERVAL=%d", freqs[r.IntN(4)], 1+r.IntN(5))
		switch r.IntN(6) {
		case 0:
			rule += fmt.Sprintf(";BYHOUR=%d,%d", r.IntN(12), 12+r.IntN(12))
		case 1:
			rule += ";BYDAY=MO,WE,FR"
		case 2:
			rule += fmt.Sprintf(";BYMONTHDAY=%d", 1+r.IntN(31))
		case 3:
			rule += ";BYDAY=-1FR;BYMONTH=3,9"
		case 4:
			rule += fmt.Sprintf(";UNTIL=%d0101T000000Z", 2000+r.IntN(60))
		}
		text := fmt.Sprintf("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-CALENDAR-TYPE:DEFAULT_OPEN\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;TZID=%s:%s\r\nDURATION:PT%dH\r\nRRULE:%s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
			loc, start.Format("20060102T150405"), 1+r.IntN(30), rule)
		c, err := Parse("ff", []byte(text))
		if err != nil {
			continue // a random rule the parser refuses (e.g. Feb 30 every year)
		}
		e := c.events[0]
		if e.rule == nil {
			continue
		}
		lo := time.Date(2024+r.IntN(20), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), 0, 0, 0, time.UTC)
		hi := lo.Add(time.Duration(1+r.IntN(60)) * 24 * time.Hour)
		got := collect(occurrences(e, lo, hi))
		ref := *e
		ref.fromOwnStart = true
		fromOwn := collect(occurrences(&ref, lo, hi))
		require.Equal(t, fromOwn, got, "seed %d: %s from %s, window %s", seed, rule, start, lo)
		if len(got) > 0 {
			compared++
		}
		if !e.fastForward(lo).Equal(e.start) {
			moved++
		}
	}
	t.Logf("%d windows with instances compared, %d rules fast-forwarded", compared, moved)
	require.Greater(t, compared, 200)
	require.Greater(t, moved, 300)
}

func collect(src source) []Interval {
	var out []Interval
	for iv, ok := src(); ok; iv, ok = src() {
		out = append(out, Interval{iv.Start.UTC(), iv.End.UTC()})
	}
	return slices.Clip(out)
}

// denseCalendar is the shape that used to cost 23-28 s a query: 300 daily
// events with two start hours each, from 1900 (about 58 KB).
func denseCalendar() []byte {
	var b []byte
	b = append(b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-CALENDAR-TYPE:DEFAULT_OPEN\r\n"...)
	for i := range 300 {
		b = fmt.Appendf(b, "BEGIN:VEVENT\r\nUID:e%d\r\nDTSTART:1900%02d%02dT%02d0000Z\r\nDURATION:PT%dM\r\nRRULE:FREQ=DAILY;INTERVAL=%d;BYHOUR=%d,%d\r\nSUMMARY:maintenance window number %d\r\nEND:VEVENT\r\n",
			i, 1+i%12, 1+i%28, i%24, 10+i%40, 1+i%7, i%12, 12+i%12, i)
	}
	return append(b, "END:VCALENDAR\r\n"...)
}

// BenchmarkDenseCalendarState measures one GetCalendarState-style query
// (state now and the next transition) on denseCalendar, in 2024.
func BenchmarkDenseCalendarState(b *testing.B) {
	c, err := Parse("dense", denseCalendar())
	require.NoError(b, err)
	at := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	for b.Loop() {
		c.StateAt(at)
		c.NextTransition(at)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/query")
}

// A query on the dense calendar starts every rule just before the instant
// asked, not at its 1900 DTSTART: the work is the instances near it.
func TestDenseCalendar_QueriesStartNearTheInstant(t *testing.T) {
	c, err := Parse("dense", denseCalendar())
	require.NoError(t, err)
	at := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	for _, e := range c.events {
		from := e.fastForward(at)
		require.False(t, from.After(at))
		// Two periods (INTERVAL up to 7 days), one more for the whole-period
		// step, and the DST slack: at most 24 days, not 124 years.
		require.Less(t, at.Sub(from), 25*24*time.Hour, "rule %v from %s", e.rule.Freq, e.start)
	}
}
