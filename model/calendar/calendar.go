package calendar

import (
	"fmt"
	"strings"
	"time"
)

// State is a calendar's state at an instant, as GetCalendarState reports it.
type State string

// State values.
const (
	StateOpen   State = "OPEN"
	StateClosed State = "CLOSED"
)

// Values returns all State values.
func (State) Values() []State { return []State{StateOpen, StateClosed} }

// Type is a calendar's kind, from its X-CALENDAR-TYPE header: the state it
// is in outside its events.
type Type string

// Type values.
const (
	// TypeDefaultOpen calendars are OPEN except during events.
	TypeDefaultOpen Type = "DEFAULT_OPEN"
	// TypeDefaultClosed calendars are CLOSED except during events.
	TypeDefaultClosed Type = "DEFAULT_CLOSED"
)

// Values returns all Type values.
func (Type) Values() []Type { return []Type{TypeDefaultOpen, TypeDefaultClosed} }

// HorizonYears is how far NextTransition and Combined look ahead: a state
// that does not change within this many years of the query instant is
// reported as never changing.
const HorizonYears = 10

// Interval is the half-open time span [Start, End).
type Interval struct{ Start, End time.Time }

// Calendar is a parsed Change Calendar document. It is immutable and safe for
// concurrent use.
type Calendar struct {
	name   string
	typ    Type
	events []*event
}

// Parse reads a Change Calendar document (iCalendar 2.0 text) called name.
// Errors are *ParseError values naming the calendar, the line and the
// problem; they wrap ErrInvalid, and ErrTooLarge for documents over
// MaxDocumentSize bytes.
func Parse(name string, text []byte) (*Calendar, error) {
	if len(text) > MaxDocumentSize {
		msg := fmt.Sprintf("document is %d bytes; the limit is %d bytes", len(text), MaxDocumentSize)
		return nil, &ParseError{Calendar: name, Msg: msg, err: ErrTooLarge}
	}
	c, lerr := parse(name, text)
	if lerr != nil {
		return nil, &ParseError{Calendar: name, Line: lerr.line, Msg: lerr.msg, err: ErrInvalid}
	}
	return c, nil
}

func parse(name string, text []byte) (*Calendar, *lineError) {
	root, lerr := scan(text)
	if lerr != nil {
		return nil, lerr
	}
	c := &Calendar{name: name}
	p, ok, lerr := root.atMostOne("X-CALENDAR-TYPE")
	if lerr != nil {
		return nil, lerr
	}
	if !ok {
		return nil, errAt(root.line, "VCALENDAR has no X-CALENDAR-TYPE (want DEFAULT_OPEN or DEFAULT_CLOSED)")
	}
	switch t := Type(strings.ToUpper(strings.TrimSpace(p.value))); t {
	case TypeDefaultOpen, TypeDefaultClosed:
		c.typ = t
	default:
		return nil, errAt(p.line, "X-CALENDAR-TYPE %s: want DEFAULT_OPEN or DEFAULT_CLOSED", quote(p.value))
	}
	// Only VEVENTs directly in the VCALENDAR count; VTODO (AWS's placeholder),
	// VTIMEZONE and the rest are ignored.
	for _, child := range root.children {
		if child.name != "VEVENT" {
			continue
		}
		e, lerr := parseEvent(child)
		if lerr != nil {
			return nil, lerr
		}
		c.events = append(c.events, e)
	}
	// An instance overridden by a RECURRENCE-ID event is replaced by it.
	for _, o := range c.events {
		if o.recurrenceID == nil || o.uid == "" {
			continue
		}
		for _, m := range c.events {
			if m.recurrenceID == nil && m.uid == o.uid {
				m.exdates = append(m.exdates, *o.recurrenceID)
			}
		}
	}
	return c, nil
}

// Name returns the name the calendar was parsed with.
func (c *Calendar) Name() string { return c.name }

// Type returns the calendar's kind.
func (c *Calendar) Type() Type { return c.typ }

// StateAt returns the calendar's state at t. Events are active on
// [start, end).
func (c *Calendar) StateAt(t time.Time) State {
	s, _, _ := evaluate([]*Calendar{c}, t, t.Add(time.Nanosecond))
	return s
}

// NextTransition returns the first instant after `after` at which the
// calendar's state differs from its state at `after`, in UTC. It reports
// false if the state does not change within HorizonYears.
func (c *Calendar) NextTransition(after time.Time) (time.Time, bool) {
	_, next, ok := evaluate([]*Calendar{c}, after, horizon(after))
	return next, ok
}

// Combined returns the state of several calendars together at t, which is
// OPEN only if every calendar is OPEN, and the next instant the combined
// state changes (in UTC; false if it does not change within HorizonYears).
// No calendars at all are OPEN for ever.
func Combined(cals []*Calendar, t time.Time) (State, time.Time, bool) {
	return evaluate(cals, t, horizon(t))
}

// Events returns the calendar's event instances within [from, to), overlaps
// merged, sorted, and clipped to [from, to), in UTC. The work is
// proportional to the number of instances up to `to` from shortly before
// `from` (from DTSTART for a counted rule).
func (c *Calendar) Events(from, to time.Time) []Interval {
	if !from.Before(to) {
		return nil
	}
	next := c.active(from, to)
	var out []Interval
	for iv, ok := next(); ok; iv, ok = next() {
		out = append(out, Interval{iv.Start.UTC(), iv.End.UTC()})
	}
	return out
}

func horizon(t time.Time) time.Time { return t.AddDate(HorizonYears, 0, 0) }

// evaluate returns the combined state at lo and the first instant in
// (lo, hi) at which it changes. It works on the union of the calendars'
// CLOSED spans, clipped to [lo, hi): a boundary strictly inside the window
// is exact because every instance starting before hi has been considered.
func evaluate(cals []*Calendar, lo, hi time.Time) (State, time.Time, bool) {
	srcs := make([]source, len(cals))
	for i, c := range cals {
		srcs[i] = c.closed(lo, hi)
	}
	first, ok := union(srcs)()
	switch {
	case !ok:
		return StateOpen, time.Time{}, false
	case first.Start.After(lo):
		return StateOpen, first.Start.UTC(), true
	case first.End.Before(hi):
		return StateClosed, first.End.UTC(), true
	}
	return StateClosed, time.Time{}, false
}

// active yields the spans within [lo, hi) when some event is active.
func (c *Calendar) active(lo, hi time.Time) source {
	srcs := make([]source, len(c.events))
	for i, e := range c.events {
		srcs[i] = occurrences(e, lo, hi)
	}
	return union(srcs)
}

// closed yields the spans within [lo, hi) when the calendar is CLOSED.
func (c *Calendar) closed(lo, hi time.Time) source {
	if c.typ == TypeDefaultClosed {
		return complement(c.active(lo, hi), lo, hi)
	}
	return c.active(lo, hi)
}
