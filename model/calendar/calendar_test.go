package calendar

import (
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// doc builds a calendar document of the given type from VCALENDAR body lines.
func doc(typ string, body ...string) []byte {
	lines := []string{"BEGIN:VCALENDAR", "PRODID:-//AWS//Change Calendar 1.0//EN", "VERSION:2.0"}
	if typ != "" {
		lines = append(lines, "X-CALENDAR-TYPE:"+typ)
	}
	lines = append(lines, body...)
	lines = append(lines, "END:VCALENDAR", "")
	return []byte(strings.Join(lines, "\r\n"))
}

// vevent wraps properties in BEGIN:VEVENT/END:VEVENT.
func vevent(props ...string) []string {
	return append(append([]string{"BEGIN:VEVENT"}, props...), "END:VEVENT")
}

func events(evs ...[]string) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e...)
	}
	return out
}

func mustParse(t *testing.T, name string, text []byte) *Calendar {
	t.Helper()
	c, err := Parse(name, text)
	require.NoError(t, err)
	return c
}

// ts parses an RFC 3339 instant.
func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func iv(start, end string) Interval { return Interval{ts(start), ts(end)} }

func TestTheAWSExampleDocumentParses(t *testing.T) {
	text, err := os.ReadFile("testdata/aws-example.ics")
	require.NoError(t, err)
	c := mustParse(t, "aws-example", text)
	assert.Equal(t, "aws-example", c.Name())
	assert.Equal(t, TypeDefaultOpen, c.Type())
	assert.Equal(t, StateOpen, c.StateAt(ts("2020-07-30T16:18:18Z")))
	_, ok := c.NextTransition(ts("2020-07-30T16:18:18Z"))
	assert.False(t, ok, "the VTODO placeholder is not an event")
	assert.Empty(t, c.Events(ts("2020-01-01T00:00:00Z"), ts("2030-01-01T00:00:00Z")))
}

func TestACalendarWithNoEventsIsAlwaysItsDefaultState(t *testing.T) {
	for _, tc := range []struct {
		typ  string
		want State
	}{
		{"DEFAULT_OPEN", StateOpen},
		{"DEFAULT_CLOSED", StateClosed},
	} {
		t.Run(tc.typ, func(t *testing.T) {
			c := mustParse(t, "empty", doc(tc.typ))
			assert.Equal(t, Type(tc.typ), c.Type())
			for _, at := range []string{"1900-01-01T00:00:00Z", "2020-07-30T16:18:18Z", "2100-12-31T23:59:59Z"} {
				assert.Equal(t, tc.want, c.StateAt(ts(at)), at)
				_, ok := c.NextTransition(ts(at))
				assert.False(t, ok, at)
				s, _, ok := Combined([]*Calendar{c}, ts(at))
				assert.Equal(t, tc.want, s)
				assert.False(t, ok)
			}
		})
	}
}

// weekend closes a DEFAULT_OPEN calendar from Saturday 00:00 to Monday 00:00 UTC.
var weekend = doc("DEFAULT_OPEN", vevent(
	"UID:weekend",
	"SUMMARY:weekend freeze",
	"DTSTART:20200104T000000Z",
	"DTEND:20200106T000000Z",
	"RRULE:FREQ=WEEKLY;BYDAY=SA",
)...)

func TestAWeekendEventClosesADefaultOpenCalendarEveryWeekendForAYear(t *testing.T) {
	c := mustParse(t, "weekend", weekend)
	start := ts("2021-01-01T00:00:00Z")
	for at := start; at.Before(start.AddDate(1, 0, 0)); at = at.Add(37 * time.Minute) {
		wd := at.Weekday()
		weekendDay := wd == time.Saturday || wd == time.Sunday
		want, next := StateOpen, nextMidnight(at, time.Saturday)
		if weekendDay {
			want, next = StateClosed, nextMidnight(at, time.Monday)
		}
		require.Equal(t, want, c.StateAt(at), "at %s (%s)", at, wd)
		got, ok := c.NextTransition(at)
		require.True(t, ok, "at %s", at)
		require.Equal(t, next, got, "next transition after %s (%s)", at, wd)
	}
}

// nextMidnight returns the first midnight UTC after t that starts weekday wd.
func nextMidnight(t time.Time, wd time.Weekday) time.Time {
	d := t.Truncate(24*time.Hour).AddDate(0, 0, 1)
	for d.Weekday() != wd {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

func TestADefaultClosedCalendarIsOpenOnlyInsideItsWeeklyMaintenanceWindow(t *testing.T) {
	// Tuesdays 02:00-04:00 UTC.
	c := mustParse(t, "maintenance", doc("DEFAULT_CLOSED", vevent(
		"DTSTART:20240102T020000Z",
		"DTEND:20240102T040000Z",
		"RRULE:FREQ=WEEKLY",
	)...))
	start := ts("2024-01-01T00:00:00Z")
	for at := start; at.Before(start.AddDate(0, 3, 0)); at = at.Add(10 * time.Minute) {
		inside := at.Weekday() == time.Tuesday && at.Hour() >= 2 && at.Hour() < 4
		want := StateClosed
		if inside {
			want = StateOpen
		}
		require.Equal(t, want, c.StateAt(at), "at %s", at)
	}
	next, ok := c.NextTransition(ts("2024-01-03T00:00:00Z"))
	require.True(t, ok)
	assert.Equal(t, ts("2024-01-09T02:00:00Z"), next, "opens at the next window")
	next, ok = c.NextTransition(ts("2024-01-09T02:00:00Z"))
	require.True(t, ok)
	assert.Equal(t, ts("2024-01-09T04:00:00Z"), next, "closes at the window's end")
}

// TestEventExpansion checks Events over January-March 2024 against the
// documented rules, one sentence per case.
func TestEventExpansion(t *testing.T) {
	from, to := ts("2024-01-01T00:00:00Z"), ts("2024-04-01T00:00:00Z")
	daily := func(extra ...string) []string {
		return vevent(append([]string{"UID:d", "DTSTART:20240101T090000Z", "DTEND:20240101T100000Z"}, extra...)...)
	}
	for _, tc := range []struct {
		name string
		body []string
		want []Interval
	}{
		{"a single event is active from DTSTART to DTEND", vevent("DTSTART:20240105T120000Z", "DTEND:20240105T133000Z"),
			[]Interval{iv("2024-01-05T12:00:00Z", "2024-01-05T13:30:00Z")}},
		{"COUNT ends a recurrence", daily("RRULE:FREQ=DAILY;COUNT=3"),
			[]Interval{iv("2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z"), iv("2024-01-02T09:00:00Z", "2024-01-02T10:00:00Z"), iv("2024-01-03T09:00:00Z", "2024-01-03T10:00:00Z")}},
		{"UNTIL ends a recurrence and is inclusive", daily("RRULE:FREQ=DAILY;UNTIL=20240102T090000Z"),
			[]Interval{iv("2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z"), iv("2024-01-02T09:00:00Z", "2024-01-02T10:00:00Z")}},
		{"EXDATE removes occurrences, over several lines and comma-separated values",
			daily("RRULE:FREQ=DAILY;COUNT=5", "EXDATE:20240102T090000Z,20240104T090000Z", "EXDATE;TZID=Europe/Paris:20240105T100000"),
			[]Interval{iv("2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z"), iv("2024-01-03T09:00:00Z", "2024-01-03T10:00:00Z")}},
		{"EXDATE can remove DTSTART itself", daily("RRULE:FREQ=DAILY;COUNT=2", "EXDATE:20240101T090000Z"),
			[]Interval{iv("2024-01-02T09:00:00Z", "2024-01-02T10:00:00Z")}},
		{"RDATE adds occurrences", daily("RDATE:20240110T090000Z,20240111T090000Z"),
			[]Interval{iv("2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z"), iv("2024-01-10T09:00:00Z", "2024-01-10T10:00:00Z"), iv("2024-01-11T09:00:00Z", "2024-01-11T10:00:00Z")}},
		{"a TZID event keeps its wall-clock time across the March DST change",
			vevent("DTSTART;TZID=America/New_York:20240308T090000", "DTEND;TZID=America/New_York:20240308T100000", "RRULE:FREQ=DAILY;COUNT=4"),
			[]Interval{iv("2024-03-08T14:00:00Z", "2024-03-08T15:00:00Z"), iv("2024-03-09T14:00:00Z", "2024-03-09T15:00:00Z"), iv("2024-03-10T13:00:00Z", "2024-03-10T14:00:00Z"), iv("2024-03-11T13:00:00Z", "2024-03-11T14:00:00Z")}},
		{"a DTEND gives every instance the same exact length, even across DST",
			vevent("DTSTART;TZID=America/New_York:20240309T120000", "DTEND;TZID=America/New_York:20240310T120000", "RRULE:FREQ=WEEKLY;COUNT=2"),
			[]Interval{iv("2024-03-09T17:00:00Z", "2024-03-10T16:00:00Z"), iv("2024-03-16T16:00:00Z", "2024-03-17T15:00:00Z")}},
		{"a DURATION's days are wall-clock days in the event's zone",
			vevent("DTSTART;TZID=America/New_York:20240302T120000", "DURATION:P1D", "RRULE:FREQ=WEEKLY;COUNT=2"),
			[]Interval{iv("2024-03-02T17:00:00Z", "2024-03-03T17:00:00Z"), iv("2024-03-09T17:00:00Z", "2024-03-10T16:00:00Z")}},
		{"a DURATION's hours are exact", vevent("DTSTART:20240101T220000Z", "DURATION:PT3H30M"),
			[]Interval{iv("2024-01-01T22:00:00Z", "2024-01-02T01:30:00Z")}},
		{"a floating time is read as UTC", vevent("DTSTART:20240101T090000", "DTEND:20240101T100000"),
			[]Interval{iv("2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z")}},
		{"an all-day event runs midnight to midnight UTC", vevent("DTSTART;VALUE=DATE:20240301", "DTEND;VALUE=DATE:20240303"),
			[]Interval{iv("2024-03-01T00:00:00Z", "2024-03-03T00:00:00Z")}},
		{"an all-day event without DTEND lasts one day", vevent("DTSTART;VALUE=DATE:20240214"),
			[]Interval{iv("2024-02-14T00:00:00Z", "2024-02-15T00:00:00Z")}},
		{"a recurring all-day event with a DATE UNTIL", vevent("DTSTART;VALUE=DATE:20240101", "DTEND;VALUE=DATE:20240102", "RRULE:FREQ=MONTHLY;UNTIL=20240201"),
			[]Interval{iv("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"), iv("2024-02-01T00:00:00Z", "2024-02-02T00:00:00Z")}},
		{"overlapping and back-to-back events merge",
			events(vevent("DTSTART:20240101T100000Z", "DTEND:20240101T120000Z"), vevent("DTSTART:20240101T110000Z", "DTEND:20240101T130000Z"), vevent("DTSTART:20240101T130000Z", "DTEND:20240101T140000Z")),
			[]Interval{iv("2024-01-01T10:00:00Z", "2024-01-01T14:00:00Z")}},
		{"instances of one event that overlap merge", vevent("DTSTART:20240101T000000Z", "DURATION:P2D", "RRULE:FREQ=DAILY;COUNT=3"),
			[]Interval{iv("2024-01-01T00:00:00Z", "2024-01-05T00:00:00Z")}},
		{"BYDAY ordinals pick the nth weekday of the month", vevent("DTSTART:20240111T080000Z", "DTEND:20240111T090000Z", "RRULE:FREQ=MONTHLY;BYDAY=2TH;COUNT=3"),
			[]Interval{iv("2024-01-11T08:00:00Z", "2024-01-11T09:00:00Z"), iv("2024-02-08T08:00:00Z", "2024-02-08T09:00:00Z"), iv("2024-03-14T08:00:00Z", "2024-03-14T09:00:00Z")}},
		{"negative BYDAY ordinals count from the month's end", vevent("DTSTART:20240126T080000Z", "DTEND:20240126T090000Z", "RRULE:FREQ=MONTHLY;BYDAY=-1FR"),
			[]Interval{iv("2024-01-26T08:00:00Z", "2024-01-26T09:00:00Z"), iv("2024-02-23T08:00:00Z", "2024-02-23T09:00:00Z"), iv("2024-03-29T08:00:00Z", "2024-03-29T09:00:00Z")}},
		{"BYMONTHDAY=-1 is the month's last day", vevent("DTSTART:20240131T230000Z", "DTEND:20240201T000000Z", "RRULE:FREQ=MONTHLY;BYMONTHDAY=-1"),
			[]Interval{iv("2024-01-31T23:00:00Z", "2024-02-01T00:00:00Z"), iv("2024-02-29T23:00:00Z", "2024-03-01T00:00:00Z"), iv("2024-03-31T23:00:00Z", "2024-04-01T00:00:00Z")}},
		{"BYSETPOS picks the last weekday of the month", vevent("DTSTART:20240131T200000Z", "DTEND:20240131T210000Z", "RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"),
			[]Interval{iv("2024-01-31T20:00:00Z", "2024-01-31T21:00:00Z"), iv("2024-02-29T20:00:00Z", "2024-02-29T21:00:00Z"), iv("2024-03-29T20:00:00Z", "2024-03-29T21:00:00Z")}},
		{"INTERVAL skips periods", vevent("DTSTART:20240101T000000Z", "DTEND:20240101T010000Z", "RRULE:FREQ=WEEKLY;INTERVAL=4;BYMONTH=1,2"),
			[]Interval{iv("2024-01-01T00:00:00Z", "2024-01-01T01:00:00Z"), iv("2024-01-29T00:00:00Z", "2024-01-29T01:00:00Z"), iv("2024-02-26T00:00:00Z", "2024-02-26T01:00:00Z")}},
		{"YEARLY with BYMONTH repeats in those months", vevent("DTSTART:20231215T000000Z", "DTEND:20231215T060000Z", "RRULE:FREQ=YEARLY;BYMONTH=2,12;BYMONTHDAY=15"),
			[]Interval{iv("2024-02-15T00:00:00Z", "2024-02-15T06:00:00Z")}},
		{"DTSTART is an instance even when the rule does not match it", vevent("DTSTART:20240105T000000Z", "DTEND:20240105T010000Z", "RRULE:FREQ=WEEKLY;BYDAY=SA;COUNT=1"),
			[]Interval{iv("2024-01-05T00:00:00Z", "2024-01-05T01:00:00Z"), iv("2024-01-06T00:00:00Z", "2024-01-06T01:00:00Z")}},
		{"a rule that can never match leaves only DTSTART", vevent("DTSTART:20240101T000000Z", "DTEND:20240101T010000Z", "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"),
			[]Interval{iv("2024-01-01T00:00:00Z", "2024-01-01T01:00:00Z")}},
		{"a rule whose first match is years after DTSTART", vevent("DTSTART:20210101T000000Z", "DTEND:20210101T010000Z", "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"),
			[]Interval{iv("2024-02-29T00:00:00Z", "2024-02-29T01:00:00Z")}},
		{"a RECURRENCE-ID event replaces that instance of its series",
			events(daily("RRULE:FREQ=DAILY;COUNT=3"), vevent("UID:d", "RECURRENCE-ID:20240102T090000Z", "DTSTART:20240102T150000Z", "DTEND:20240102T160000Z")),
			[]Interval{iv("2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z"), iv("2024-01-02T15:00:00Z", "2024-01-02T16:00:00Z"), iv("2024-01-03T09:00:00Z", "2024-01-03T10:00:00Z")}},
		{"intervals are clipped to the window", vevent("DTSTART:20231231T000000Z", "DTEND:20240101T060000Z", "RRULE:FREQ=DAILY;INTERVAL=91"),
			[]Interval{iv("2024-01-01T00:00:00Z", "2024-01-01T06:00:00Z"), iv("2024-03-31T00:00:00Z", "2024-04-01T00:00:00Z")}},
		{"property names, parameters and RRULE are case-insensitive; lines may be folded; a trailing ; is ignored",
			[]string{"begin:vevent", "dtstart;tzid=UTC:20240101T0", " 90000", "dtend:20240101T100000z", "rrule:freq=daily;count=1;", "end:vevent"},
			[]Interval{iv("2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustParse(t, "t", doc("DEFAULT_OPEN", tc.body...))
			assert.Equal(t, tc.want, c.Events(from, to))
		})
	}
}

func TestAnAllDayEventRunsMidnightToMidnightUTC(t *testing.T) {
	c := mustParse(t, "holiday", doc("DEFAULT_OPEN", vevent("DTSTART;VALUE=DATE:20240704", "DTEND;VALUE=DATE:20240706")...))
	assert.Equal(t, []Interval{iv("2024-07-04T00:00:00Z", "2024-07-06T00:00:00Z")}, c.Events(ts("2024-07-01T00:00:00Z"), ts("2024-08-01T00:00:00Z")))
	assert.Equal(t, StateOpen, c.StateAt(ts("2024-07-03T23:59:59Z")))
	assert.Equal(t, StateClosed, c.StateAt(ts("2024-07-04T00:00:00Z")))
	assert.Equal(t, StateClosed, c.StateAt(ts("2024-07-05T23:59:59Z")))
	assert.Equal(t, StateOpen, c.StateAt(ts("2024-07-06T00:00:00Z")))
}

func TestOverlappingEventsMergeWithNoSpuriousTransition(t *testing.T) {
	c := mustParse(t, "overlap", doc("DEFAULT_OPEN", events(
		vevent("DTSTART:20240101T100000Z", "DTEND:20240101T120000Z"),
		vevent("DTSTART:20240101T110000Z", "DTEND:20240101T130000Z"),
		vevent("DTSTART:20240101T130000Z", "DTEND:20240101T140000Z"),
	)...))
	for _, at := range []string{"2024-01-01T10:00:00Z", "2024-01-01T11:59:59Z", "2024-01-01T12:00:00Z", "2024-01-01T13:00:00Z"} {
		assert.Equal(t, StateClosed, c.StateAt(ts(at)), at)
		next, ok := c.NextTransition(ts(at))
		require.True(t, ok)
		assert.Equal(t, ts("2024-01-01T14:00:00Z"), next, at)
	}
	next, ok := c.NextTransition(ts("2024-01-01T00:00:00Z"))
	require.True(t, ok)
	assert.Equal(t, ts("2024-01-01T10:00:00Z"), next)
	_, ok = c.NextTransition(ts("2024-01-01T14:00:00Z"))
	assert.False(t, ok, "no more events")
}

func TestNextTransitionIsStrictlyAfterItsArgumentAndInUTC(t *testing.T) {
	c := mustParse(t, "weekend", weekend)
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	at := ts("2024-01-06T00:00:00Z").In(ny) // exactly when the weekend starts
	assert.Equal(t, StateClosed, c.StateAt(at))
	next, ok := c.NextTransition(at)
	require.True(t, ok)
	assert.Equal(t, ts("2024-01-08T00:00:00Z"), next)
	assert.Equal(t, time.UTC, next.Location())
}

func TestNextTransitionLooksAtMostHorizonYearsAhead(t *testing.T) {
	c := mustParse(t, "far", doc("DEFAULT_OPEN", events(
		vevent("DTSTART:20350101T000000Z", "DTEND:20350102T000000Z"),
		vevent("DTSTART:20200101T000000Z", "DTEND:20450101T000000Z", "RRULE:FREQ=YEARLY;COUNT=1"),
	)...))
	_, ok := c.NextTransition(ts("2024-01-01T00:00:00Z"))
	assert.False(t, ok, "closed until 2045: beyond the horizon")
	next, ok := c.NextTransition(ts("2036-01-01T00:00:00Z"))
	require.True(t, ok)
	assert.Equal(t, ts("2045-01-01T00:00:00Z"), next)

	c = mustParse(t, "far", doc("DEFAULT_OPEN", vevent("DTSTART:20350101T000000Z", "DTEND:20350102T000000Z")...))
	_, ok = c.NextTransition(ts("2024-01-01T00:00:00Z"))
	assert.False(t, ok, "11 years ahead is beyond the horizon")
	next, ok = c.NextTransition(ts("2026-01-01T00:00:00Z"))
	require.True(t, ok)
	assert.Equal(t, ts("2035-01-01T00:00:00Z"), next)
}

func TestCombinedIsOpenOnlyWhenAllCalendarsAreOpen(t *testing.T) {
	// a: closed on weekends. b: open only 2024-01-05 08:00 - 2024-01-08 12:00.
	a := mustParse(t, "a", weekend)
	b := mustParse(t, "b", doc("DEFAULT_CLOSED", vevent("DTSTART:20240105T080000Z", "DTEND:20240108T120000Z")...))
	cals := []*Calendar{a, b}
	for _, tc := range []struct {
		at    string
		state State
		next  string // "" for none within the horizon
	}{
		{"2024-01-04T00:00:00Z", StateClosed, "2024-01-05T08:00:00Z"}, // b closed, a open
		{"2024-01-05T08:00:00Z", StateOpen, "2024-01-06T00:00:00Z"},   // both open until the weekend
		{"2024-01-06T12:00:00Z", StateClosed, "2024-01-08T00:00:00Z"}, // a closed, b open
		{"2024-01-08T00:00:00Z", StateOpen, "2024-01-08T12:00:00Z"},   // both open until b closes
		{"2024-01-08T12:00:00Z", StateClosed, ""},                     // b never opens again
	} {
		state, next, ok := Combined(cals, ts(tc.at))
		assert.Equal(t, tc.state, state, tc.at)
		if tc.next == "" {
			assert.False(t, ok, tc.at)
			continue
		}
		require.True(t, ok, tc.at)
		assert.Equal(t, ts(tc.next), next, tc.at)
		// The combined state is the all-open rule over the single states.
		want := StateOpen
		for _, c := range cals {
			if c.StateAt(ts(tc.at)) == StateClosed {
				want = StateClosed
			}
		}
		assert.Equal(t, want, state)
	}
}

func TestCombinedSkipsInstantsWhereOnlyOneCalendarFlips(t *testing.T) {
	// a closes 10-12, b closes 11-13: the combined state closes at 10 and
	// opens at 13, although a reopens at 12 and b closes at 11.
	a := mustParse(t, "a", doc("DEFAULT_OPEN", vevent("DTSTART:20240101T100000Z", "DTEND:20240101T120000Z")...))
	b := mustParse(t, "b", doc("DEFAULT_OPEN", vevent("DTSTART:20240101T110000Z", "DTEND:20240101T130000Z")...))
	state, next, ok := Combined([]*Calendar{a, b}, ts("2024-01-01T10:30:00Z"))
	assert.Equal(t, StateClosed, state)
	require.True(t, ok)
	assert.Equal(t, ts("2024-01-01T13:00:00Z"), next)
}

func TestCombinedWithNoCalendarsIsOpen(t *testing.T) {
	state, _, ok := Combined(nil, ts("2024-01-01T00:00:00Z"))
	assert.Equal(t, StateOpen, state)
	assert.False(t, ok)
}

func TestStateAndTypeValuesAreTheAPIEnums(t *testing.T) {
	assert.Equal(t, []State{"OPEN", "CLOSED"}, State("").Values())
	assert.Equal(t, []Type{"DEFAULT_OPEN", "DEFAULT_CLOSED"}, Type("").Values())
}

func TestACalendarIsSafeForConcurrentUse(t *testing.T) {
	c := mustParse(t, "weekend", weekend)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			at := ts("2024-01-01T00:00:00Z").Add(time.Duration(g) * 7 * time.Hour)
			for range 50 {
				c.StateAt(at)
				c.NextTransition(at)
				c.Events(at, at.AddDate(0, 1, 0))
				at = at.Add(13 * time.Hour)
			}
		}()
	}
	wg.Wait()
}
