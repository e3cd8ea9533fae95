package calendar

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// FuzzParse: Parse never panics, rejects only with a *ParseError wrapping
// ErrInvalid, and a calendar it accepts answers every query without
// panicking, with a next transition after the query instant.
func FuzzParse(f *testing.F) {
	aws, err := os.ReadFile("testdata/aws-example.ics")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(aws)
	f.Add(weekend)
	f.Add(doc("DEFAULT_CLOSED", events(
		vevent("DTSTART;TZID=America/New_York:20240308T090000", "DURATION:P1DT2H", "RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=12", "EXDATE;TZID=America/New_York:20240329T090000"),
		vevent("UID:u", "DTSTART;VALUE=DATE:20240101", "RRULE:FREQ=YEARLY;BYMONTH=1,7;BYMONTHDAY=1,15;UNTIL=20300101", "RDATE;VALUE=DATE:20240301"),
		vevent("UID:u", "RECURRENCE-ID;VALUE=DATE:20240115", "DTSTART;VALUE=DATE:20240116"),
		vevent("DTSTART:20240101T000000", "DTEND:20240101T010000", "RRULE:FREQ=DAILY;BYHOUR=1,5;BYSETPOS=2;INTERVAL=3"),
	)...))
	f.Add([]byte("BEGIN:VCALENDAR\r\nX-CALENDAR-TYPE:DEFAULT_OPEN\r\nBEGIN:VEVENT\r\nDTSTART;TZID=\"x\"y:1\r\n"))
	f.Add([]byte("\x00\xff"))
	f.Fuzz(func(t *testing.T, text []byte) {
		c, err := Parse("fuzz", text)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), `calendar "fuzz": `) {
				t.Fatalf("error %v is not a ParseError wrapping ErrInvalid", err)
			}
			return
		}
		for _, at := range []time.Time{
			time.Date(2020, 7, 30, 16, 18, 18, 0, time.UTC),
			time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC),
		} {
			s := c.StateAt(at)
			if s != StateOpen && s != StateClosed {
				t.Fatalf("StateAt(%s) = %q", at, s)
			}
			if next, ok := c.NextTransition(at); ok && (!next.After(at) || c.StateAt(next) == s) {
				t.Fatalf("NextTransition(%s) = %s, state %s both sides", at, next, s)
			}
			Combined([]*Calendar{c, c}, at)
			c.Events(at, at.AddDate(0, 1, 0))
		}
	})
}
