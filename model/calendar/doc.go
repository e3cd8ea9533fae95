// Package calendar evaluates AWS Systems Manager Change Calendar documents
// (DocumentType ChangeCalendar, DocumentFormat TEXT): iCalendar 2.0 text
// whose VCALENDAR carries X-CALENDAR-TYPE:DEFAULT_OPEN or DEFAULT_CLOSED.
//
// It is pure and deterministic: no clock, no package-level mutable state,
// and no I/O beyond the standard library reading zoneinfo for TZID (the
// host's, else the copy embedded by importing time/tzdata).
//
// # Semantics
//
// A DEFAULT_OPEN calendar is CLOSED while any of its events is active and
// OPEN otherwise; a DEFAULT_CLOSED calendar is OPEN while an event is active
// and CLOSED otherwise. An event instance is active on [start, end);
// overlapping or back-to-back instances merge, so there is no transition
// between them. Several calendars together (GetCalendarState with several
// names, an association's CalendarNames) are OPEN only if all are OPEN.
//
// Events are the VEVENTs directly inside the VCALENDAR; other components
// (AWS's placeholder VTODO, VTIMEZONE, ...) are ignored. An event has:
//   - DTSTART: a UTC date-time (…Z), a date-time with TZID naming an IANA
//     zone (VTIMEZONE definitions are not read), a floating date-time,
//     read as UTC, or a DATE (VALUE=DATE, or any 8-digit value), which is
//     midnight UTC. Years before 1900 are refused.
//   - DTEND of the same value type, later than DTSTART, or a positive
//     DURATION; an all-day event with neither lasts one day, a timed one is
//     refused (RFC 5545 would make it an instant, which never gates
//     anything). A DTEND gives every instance the same exact length; a
//     DURATION's days and weeks are wall-clock days in the event's zone.
//   - Optionally one RRULE (FREQ DAILY, WEEKLY, MONTHLY or YEARLY, with
//     INTERVAL, COUNT or UNTIL, WKST and the BYxxx parts including BYDAY
//     ordinals such as 2TH and -1FR, and BYSETPOS; at most 24 start times a
//     day), RDATEs and EXDATEs (several lines, comma-separated values, of
//     DTSTART's value type). DTSTART itself is always an instance. An event
//     with a RECURRENCE-ID replaces that instance of the series with the same
//     UID (RANGE=THISANDFUTURE is refused). A rule without COUNT or UNTIL
//     stops about 292 years after its DTSTART (a limit of the library).
//
// # Bounded expansion
//
// Instances are generated lazily and a query stops pulling them once it has
// its answer. A rule without COUNT starts from a DTSTART fast-forwarded by
// whole periods to just before the query (the instances are the same), so
// the work for a query at t is proportional to the instances near t and up
// to the answer, however old DTSTART is; a counted rule (COUNT at most
// 10,000) is walked from its own DTSTART.
// NextTransition and Combined search at most HorizonYears ahead and report
// no transition beyond that. Parse finds each rule's first instance once,
// with a probe that takes tens of milliseconds at most even for a rule that
// never matches (BYMONTH=2;BYMONTHDAY=30), which the library would search
// for up to year 9999; queries that end before a rule's first instance skip
// the rule.
// Sub-daily frequencies and BYDAY ordinals beyond ±5 in monthly rules are
// refused because the library can loop forever or panic on them.
//
// # Libraries
//
// Content lines are parsed by github.com/arran4/golang-ical (ParseProperty)
// rather than github.com/emersion/go-ical, which has no tagged release and
// panics on malformed parameters such as "DTSTART;TZID=x"; golang-ical has
// maintained releases and its own fuzz target. Recurrences are expanded by
// github.com/teambition/rrule-go, the usual Go port of python-dateutil's
// rrule (go-ical builds on it too). This package does the line unfolding,
// BEGIN/END nesting and date-time values itself, so that every error names
// its line and floating times never depend on the machine's zone.
//
// # Imports
//
// It imports nothing of ssmsim's (not even model): it evaluates iCalendar
// text only.
package calendar
