package calendar

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseErrorNamesTheCalendarTheLineAndTheProblem(t *testing.T) {
	text := doc("DEFAULT_OPEN", vevent("UID:x", "SUMMARY:freeze", "DTSTART:2020-07-30", "DTEND:20200731T000000Z")...)
	_, err := Parse("freeze", text)
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), `calendar "freeze": line 8: DTSTART "2020-07-30": not an iCalendar date-time`), err.Error())
	assert.ErrorIs(t, err, ErrInvalid)
	assert.NotErrorIs(t, err, ErrTooLarge)
	var pe *ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "freeze", pe.Calendar)
	assert.Equal(t, 8, pe.Line)
}

func TestParseRejectsBadDocuments(t *testing.T) {
	ev := func(props ...string) []byte { return doc("DEFAULT_OPEN", vevent(props...)...) }
	// Body lines of ev start at line 6 (BEGIN:VEVENT is line 5).
	for _, tc := range []struct {
		name string
		text []byte
		line int
		msg  string
	}{
		{"missing X-CALENDAR-TYPE", doc(""), 1, "VCALENDAR has no X-CALENDAR-TYPE"},
		{"unknown X-CALENDAR-TYPE", doc("SOMETIMES_OPEN"), 4, `X-CALENDAR-TYPE "SOMETIMES_OPEN": want DEFAULT_OPEN or DEFAULT_CLOSED`},
		{"repeated X-CALENDAR-TYPE", doc("DEFAULT_OPEN", "X-CALENDAR-TYPE:DEFAULT_CLOSED"), 5, "X-CALENDAR-TYPE repeated (first at line 4)"},
		{"unterminated VCALENDAR", []byte("BEGIN:VCALENDAR\r\nX-CALENDAR-TYPE:DEFAULT_OPEN\r\n"), 1, "BEGIN:VCALENDAR has no matching END:VCALENDAR"},
		{"unterminated VEVENT", doc("DEFAULT_OPEN", "BEGIN:VEVENT", "DTSTART:20200101T000000Z"), 7, "END:VCALENDAR does not close BEGIN:VEVENT at line 5"},
		{"unterminated VEVENT at end of text", []byte("BEGIN:VCALENDAR\nX-CALENDAR-TYPE:DEFAULT_OPEN\nBEGIN:VEVENT\n"), 3, "BEGIN:VEVENT has no matching END:VEVENT"},
		{"END for another component", doc("DEFAULT_OPEN", "BEGIN:VEVENT", "END:VTODO"), 6, "END:VTODO does not close BEGIN:VEVENT at line 5"},
		{"not starting with BEGIN:VCALENDAR", []byte("BEGIN:VEVENT\r\nEND:VEVENT\r\n"), 1, "want BEGIN:VCALENDAR first, got BEGIN:VEVENT"},
		{"content after END:VCALENDAR", append(doc("DEFAULT_OPEN"), "BEGIN:VCALENDAR\r\n"...), 6, "content after END:VCALENDAR"},
		{"empty document", []byte("\r\n\r\n"), 1, "empty document"},
		{"plain text", []byte("hello, world\n"), 1, `malformed content line "hello, world"`},
		{"binary garbage (gzip)", []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"), 1, "not UTF-8 text"},
		{"NUL bytes", []byte("BEGIN:VCALENDAR\r\nX-CALENDAR-TYPE:DEFAULT_OPEN\r\nEND:VCAL\x00ENDAR\r\n"), 3, "control character U+0000"},
		{"invalid UTF-8", []byte("BEGIN:VCALENDAR\r\nX-WR-CALDESC:\xff\xfe\r\n"), 2, "not UTF-8 text"},
		{"unquoted parameter without a value", ev("DTSTART;TZID=America/New_York"), 6, "malformed content line"},
		{"continuation line first", []byte(" BEGIN:VCALENDAR\r\n"), 1, "continuation line"},
		{"VEVENT without DTSTART", ev("DTEND:20200101T000000Z"), 5, "VEVENT has no DTSTART"},
		{"timed VEVENT without DTEND or DURATION", ev("DTSTART:20200101T000000Z"), 5, "VEVENT has neither DTEND nor DURATION"},
		{"DTEND before DTSTART", ev("DTSTART:20200102T000000Z", "DTEND:20200101T000000Z"), 7, "DTEND 2020-01-01T00:00:00Z is not after DTSTART 2020-01-02T00:00:00Z"},
		{"DTEND equal to DTSTART", ev("DTSTART:20200102T000000Z", "DTEND:20200102T000000Z"), 7, "is not after DTSTART"},
		{"DTEND a DATE-TIME when DTSTART is a DATE", ev("DTSTART;VALUE=DATE:20200102", "DTEND:20200103T000000Z"), 7, "DTEND \"20200103T000000Z\" is a DATE-TIME but DTSTART is a DATE"},
		{"both DTEND and DURATION", ev("DTSTART:20200102T000000Z", "DTEND:20200103T000000Z", "DURATION:PT1H"), 8, "VEVENT has both DTEND (line 7) and DURATION"},
		{"unparseable DURATION", ev("DTSTART:20200102T000000Z", "DURATION:1 hour"), 7, `DURATION "1 hour": not an iCalendar duration`},
		{"negative DURATION", ev("DTSTART:20200102T000000Z", "DURATION:-PT1H"), 7, `DURATION "-PT1H": must be positive`},
		{"unparseable DTSTART", ev("DTSTART:July 30", "DTEND:20200103T000000Z"), 6, `DTSTART "July 30": not an iCalendar date-time`},
		{"impossible date", ev("DTSTART:20200230T000000Z", "DTEND:20200303T000000Z"), 6, `DTSTART "20200230T000000Z": not an iCalendar date-time`},
		{"impossible DATE", ev("DTSTART;VALUE=DATE:20201301"), 6, `DTSTART "20201301": not an iCalendar date`},
		{"unsupported VALUE type", ev("DTSTART;VALUE=PERIOD:20200101T000000Z/PT1H"), 6, "DTSTART;VALUE=PERIOD is not supported"},
		{"year before 1900", ev("DTSTART:00010101T000000Z", "DTEND:00010102T000000Z"), 6, "years before 1900 are not supported"},
		{"unknown TZID", ev("DTSTART;TZID=Pacific Standard Time:20200101T000000", "DTEND:20200102T000000Z"), 6, `DTSTART TZID "Pacific Standard Time": not an IANA time zone name`},
		{"TZID=Local", ev("DTSTART;TZID=Local:20200101T000000", "DTEND:20200102T000000Z"), 6, `TZID "Local": not an IANA time zone name`},
		{"RRULE with an unknown FREQ", ev("DTSTART:20200101T000000Z", "DTEND:20200102T000000Z", "RRULE:FREQ=SOMETIMES"), 8, `RRULE "FREQ=SOMETIMES": FREQ=SOMETIMES is not supported`},
		{"RRULE with a sub-daily FREQ", ev("DTSTART:20200101T000000Z", "DTEND:20200102T000000Z", "RRULE:FREQ=HOURLY;INTERVAL=24;BYHOUR=5"), 8, "FREQ=HOURLY is not supported"},
		{"RRULE without FREQ", ev("DTSTART:20200101T000000Z", "DTEND:20200102T000000Z", "RRULE:COUNT=3"), 8, "FREQ is required"},
		{"RRULE with a bad BYDAY", ev("DTSTART:20200101T000000Z", "DTEND:20200102T000000Z", "RRULE:FREQ=WEEKLY;BYDAY=XX"), 8, `RRULE "FREQ=WEEKLY;BYDAY=XX"`},
		{"RRULE with an out-of-range BYMONTHDAY", ev("DTSTART:20200101T000000Z", "DTEND:20200102T000000Z", "RRULE:FREQ=MONTHLY;BYMONTHDAY=32"), 8, "bymonthday must be between 1 and 31"},
		{"RRULE with a BYDAY ordinal beyond a month", ev("DTSTART:20200101T000000Z", "DTEND:20200102T000000Z", "RRULE:FREQ=MONTHLY;BYDAY=10FR"), 8, "BYDAY ordinal 10: within a month it must be between -5 and 5"},
		{"RRULE with COUNT=0", ev("DTSTART:20200101T000000Z", "DTEND:20200102T000000Z", "RRULE:FREQ=DAILY;COUNT=0"), 8, "COUNT=0: want a positive integer"},
		{"RRULE with a COUNT too large to walk", ev("DTSTART:19000101T000000Z", "DTEND:19000101T010000Z", "RRULE:FREQ=DAILY;COUNT=10001"), 8, "COUNT=10001: at most 10000"},
		{"RRULE with COUNT and UNTIL", ev("DTSTART:20200101T000000Z", "DTEND:20200102T000000Z", "RRULE:FREQ=DAILY;COUNT=2;UNTIL=20200201T000000Z"), 8, "COUNT and UNTIL must not both be given"},
		{"RRULE with a repeated part", ev("DTSTART:20200101T000000Z", "DTEND:20200102T000000Z", "RRULE:FREQ=DAILY;FREQ=WEEKLY"), 8, "FREQ repeated"},
		{"RRULE with too many start times a day", ev("DTSTART:20200101T000000Z", "DTEND:20200101T000100Z", "RRULE:FREQ=DAILY;BYHOUR=1,2,3,4,5;BYMINUTE=0,10,20,30,40,50"), 8, "more than 24 start times a day"},
		{"two RRULEs", ev("DTSTART:20200101T000000Z", "DTEND:20200102T000000Z", "RRULE:FREQ=DAILY", "RRULE:FREQ=WEEKLY"), 9, "RRULE repeated (first at line 8)"},
		{"bad EXDATE among several", ev("DTSTART:20200101T000000Z", "DTEND:20200102T000000Z", "RRULE:FREQ=DAILY", "EXDATE:20200102T000000Z,2020-01-03"), 9, `EXDATE "2020-01-03": not an iCalendar date-time`},
		{"EXDATE of another value type", ev("DTSTART:20200101T000000Z", "DTEND:20200102T000000Z", "RRULE:FREQ=DAILY", "EXDATE;VALUE=DATE:20200102"), 9, "EXDATE \"20200102\" is a DATE but DTSTART is a DATE-TIME"},
		{"RDATE periods", ev("DTSTART:20200101T000000Z", "DTEND:20200102T000000Z", "RDATE;VALUE=PERIOD:20200105T000000Z/PT1H"), 8, "RDATE;VALUE=PERIOD is not supported"},
		{"RECURRENCE-ID for this and future instances", ev("UID:a", "RECURRENCE-ID;RANGE=THISANDFUTURE:20200102T000000Z", "DTSTART:20200101T000000Z", "DTEND:20200102T000000Z"), 7, "RANGE=THISANDFUTURE is not supported"},
		{"oversized document", oversized(), 0, "document is 65537 bytes; the limit is 65536 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("bad", tc.text)
			require.Error(t, err)
			assert.Nil(t, c)
			assert.ErrorIs(t, err, ErrInvalid)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tc.line, pe.Line, "line; error: %v", err)
			assert.Contains(t, err.Error(), tc.msg)
			assert.True(t, strings.HasPrefix(err.Error(), `calendar "bad": `), err.Error())
		})
	}
}

// oversized is a valid calendar padded with a long description to one byte
// over the limit.
func oversized() []byte {
	head := doc("DEFAULT_OPEN", "X-WR-CALDESC:")
	pad := MaxDocumentSize + 1 - len(head)
	return bytes.Replace(head, []byte("X-WR-CALDESC:"), []byte("X-WR-CALDESC:"+strings.Repeat("x", pad)), 1)
}

func TestAnOversizedDocumentIsErrTooLargeAndTheLimitItselfIsAccepted(t *testing.T) {
	text := oversized()
	require.Len(t, text, MaxDocumentSize+1)
	_, err := Parse("big", text)
	assert.True(t, errors.Is(err, ErrTooLarge))
	assert.True(t, errors.Is(err, ErrInvalid))

	text = bytes.Replace(text, []byte("xx"), []byte("x"), 1)
	require.Len(t, text, MaxDocumentSize)
	c, err := Parse("big", text)
	require.NoError(t, err)
	assert.Equal(t, StateOpen, c.StateAt(ts("2024-01-01T00:00:00Z")))
}

func TestParseAcceptsCommonVariations(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
	}{
		{"LF line endings", "BEGIN:VCALENDAR\nX-CALENDAR-TYPE:DEFAULT_CLOSED\nEND:VCALENDAR\n"},
		{"no final newline", "BEGIN:VCALENDAR\r\nX-CALENDAR-TYPE:DEFAULT_CLOSED\r\nEND:VCALENDAR"},
		{"a byte-order mark", "\xef\xbb\xbfBEGIN:VCALENDAR\r\nX-CALENDAR-TYPE:DEFAULT_CLOSED\r\nEND:VCALENDAR\r\n"},
		{"blank lines", "BEGIN:VCALENDAR\r\n\r\nX-CALENDAR-TYPE:DEFAULT_CLOSED\r\n\r\nEND:VCALENDAR\r\n\r\n"},
		{"lower-case type", "BEGIN:VCALENDAR\r\nX-CALENDAR-TYPE:default_closed\r\nEND:VCALENDAR\r\n"},
		{"a folded type", "BEGIN:VCALENDAR\r\nX-CALENDAR-TYPE:DEFAULT_\r\n\tCLOSED\r\nEND:VCALENDAR\r\n"},
		{"VTIMEZONE and VALARM", "BEGIN:VCALENDAR\r\nX-CALENDAR-TYPE:DEFAULT_CLOSED\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\nEND:VTIMEZONE\r\n" +
			"BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240101\r\nBEGIN:VALARM\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"},
		{"quoted parameter and colons in values", "BEGIN:VCALENDAR\r\nX-CALENDAR-TYPE:DEFAULT_CLOSED\r\nBEGIN:VEVENT\r\nDESCRIPTION:a: b; c\\, d\r\n" +
			"DTSTART;TZID=\"Europe/Paris\":20240101T000000\r\nDURATION:P1W\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("ok", []byte(tc.text))
			require.NoError(t, err)
			assert.Equal(t, TypeDefaultClosed, c.Type())
		})
	}
}
