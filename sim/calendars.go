package sim

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/ssmsim/ssmsim/model/calendar"
	"github.com/ssmsim/ssmsim/sim/engine"
)

// AddCalendar registers a Change Calendar document (iCalendar text) under
// its name, replacing any calendar of that name; DescribeDocument then
// describes it. Errors carry InvalidDocumentContent or
// MaxDocumentSizeExceeded.
func (s *Sim) AddCalendar(name string, text []byte) error { return s.addCalendar(name, text, nil) }

// Calendar returns a registered calendar.
func (s *Sim) Calendar(name string) (*calendar.Calendar, bool) {
	c, ok := s.calendars[name]
	return c, ok
}

// CalendarState is the combined state of the named calendars at t: OPEN
// only if all are open (GetCalendarState), and when it next changes.
func (s *Sim) CalendarState(names []string, t time.Time) (state calendar.State, next time.Time, changes bool, err error) {
	cals := make([]*calendar.Calendar, len(names))
	for i, n := range names {
		c, ok := s.calendars[n]
		if !ok {
			return "", time.Time{}, false, fmt.Errorf("calendar %q does not exist", n)
		}
		cals[i] = c
	}
	state, next, changes = calendar.Combined(cals, t)
	return state, next, changes, nil
}

// gate is an execution's view of its association's calendars (D8), cached
// until the next transition so that checking before every dispatch is cheap.
type gate struct {
	names  []string
	open   bool
	until  engine.Time // the state holds until here; 0 = forever
	primed bool
}

// isOpen reports whether every calendar of the gate is open now.
func (s *Sim) isOpen(g *gate) bool {
	if len(g.names) == 0 {
		return true
	}
	now := s.eng.Now()
	if g.primed && (g.until == 0 || now < g.until) {
		return g.open
	}
	state, next, changes, err := s.CalendarState(g.names, now.Std())
	g.open, g.primed, g.until = err == nil && state == calendar.StateOpen, true, 0
	if changes {
		g.until = engine.TimeOf(next)
	}
	return g.open
}

// CalendarNames lists the Change Calendars registered, sorted.
func (s *Sim) CalendarNames() []string { return slices.Sorted(maps.Keys(s.calendars)) }
