package sim

import (
	"fmt"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// weekendFreeze is closed from Saturday 00:00 to Monday 00:00 UTC, every week.
const weekendFreeze = `BEGIN:VCALENDAR
PRODID:-//AWS//Change Calendar 1.0//EN
VERSION:2.0
X-CALENDAR-TYPE:DEFAULT_OPEN
X-WR-CALDESC:weekend change freeze
BEGIN:VEVENT
UID:weekend-freeze
DTSTAMP:20231201T000000Z
SUMMARY:Weekend freeze
DTSTART:20231230T000000Z
DTEND:20240101T000000Z
RRULE:FREQ=WEEKLY;BYDAY=SA
END:VEVENT
END:VCALENDAR
`

// window returns a calendar of the given type with one event [from, to).
func calendarWindow(kind string, from, to time.Time) string {
	return fmt.Sprintf("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-CALENDAR-TYPE:%s\r\nBEGIN:VEVENT\r\nUID:w\r\nDTSTART:%s\r\nDTEND:%s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		kind, from.UTC().Format("20060102T150405Z"), to.UTC().Format("20060102T150405Z"))
}

// User guide (Change Calendar): associations with CalendarNames run only
// while the calendar is open; State Manager records history for skipped
// intervals (D8: an execution with Status Skipped).
func TestDefaultOpenCalendarWithWeekendEvent_BlocksSaturdayRuns_RecordsThemSkipped(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(5, Behavior{}, OverrideNone)
	require.NoError(t, h.s.AddCalendar("weekend-freeze", []byte(weekendFreeze)))
	id := h.associateIn(model.CreateAssociationInput{ScheduleExpression: "cron(0 2 ? * * *)", ApplyOnlyAtCronInterval: true, CalendarNames: []string{"weekend-freeze"}})
	h.s.RunUntil(DefaultStart().AddDate(0, 0, 14)) // two weeks from Monday 1 Jan 2024
	ex := h.s.Executions()
	require.Len(t, ex, 14)
	for _, e := range ex {
		weekend := e.Created.Weekday() == time.Saturday || e.Created.Weekday() == time.Sunday
		if weekend {
			assert.Equal(t, model.StatusSkipped, e.Status, e.Created.String())
			assert.Zero(t, e.Dispatched)
		} else {
			assert.Equal(t, model.StatusSuccess, e.Status, e.Created.String())
			assert.Equal(t, 5, e.Dispatched)
		}
	}
	execs, err := h.s.DescribeAssociationExecutions(execsOf(id))
	require.NoError(t, err)
	sunday := execs.AssociationExecutions[0] // newest first: Sunday 14 Jan
	assert.Equal(t, "Skipped", sunday.Status)
	assert.Equal(t, "Skipped", sunday.DetailedStatus)
	assert.Equal(t, "{}", sunday.ResourceCountByStatus)
	d, _ := h.s.DescribeAssociation(describeByID(id))
	assert.Equal(t, "Success", d.AssociationDescription.Overview.Status, "a skipped interval leaves the overview as it was")
	assert.Equal(t, time.Date(2024, 1, 12, 2, 0, 0, 0, time.UTC), d.AssociationDescription.LastExecutionDate.Time().Truncate(time.Hour), "Friday's run")
}

// User guide: a run-once association whose run meets a closed calendar
// never runs.
func TestRunOnceAssociation_MeetingAClosedCalendar_NeverRuns(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(3, Behavior{}, OverrideNone)
	require.NoError(t, h.s.AddCalendar("closed-now", []byte(calendarWindow("DEFAULT_OPEN", DefaultStart(), DefaultStart().Add(time.Hour)))))
	id := h.associateIn(model.CreateAssociationInput{CalendarNames: []string{"closed-now"}})
	_, err := h.s.AddNodesAt(DefaultStart().Add(2*time.Hour), NodeGroup{Count: 2, Tags: testTags, Behavior: Behavior{Duration: Fixed(time.Second)}})
	require.NoError(t, err)
	h.s.RunUntil(DefaultStart().Add(24 * time.Hour))
	ex := h.only()
	assert.Equal(t, model.StatusSkipped, ex.Status)
	assert.Equal(t, id, ex.ExecutionID)
	// A manual start is a new request: it runs.
	_, err = h.s.StartAssociationsOnce(model.StartAssociationsOnceInput{AssociationIDs: []string{id}})
	require.NoError(t, err)
	h.s.RunUntil(DefaultStart().Add(25 * time.Hour))
	assert.Equal(t, 5, h.s.Executions()[1].Dispatched)
}

// User guide: nodes added to the targets while the calendar is closed get
// the association once it opens.
func TestNodesJoiningWhileClosed_RunWhenItOpens(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(3, Behavior{}, OverrideNone)
	opens := DefaultStart().Add(5 * time.Hour)
	require.NoError(t, h.s.AddCalendar("night", []byte(calendarWindow("DEFAULT_OPEN", DefaultStart().Add(time.Hour), opens))))
	h.associateIn(model.CreateAssociationInput{CalendarNames: []string{"night"}})
	_, err := h.s.AddNodesAt(DefaultStart().Add(2*time.Hour), NodeGroup{Count: 2, Tags: testTags, Behavior: Behavior{Duration: Fixed(time.Second)}})
	require.NoError(t, err)
	h.s.RunUntil(DefaultStart().Add(24 * time.Hour))
	ex := h.s.Executions()
	require.Len(t, ex, 2)
	assert.Equal(t, opens, ex[1].Created)
	assert.Equal(t, 2, ex[1].Targets)
}

func TestCalendarClosingMidRun_StopsDispatch_InFlightFinish(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(10, Behavior{Duration: Fixed(time.Minute)}, OverrideNone)
	require.NoError(t, h.s.AddCalendar("c", []byte(calendarWindow("DEFAULT_OPEN", DefaultStart().Add(90*time.Second), DefaultStart().Add(time.Hour)))))
	h.associateIn(model.CreateAssociationInput{CalendarNames: []string{"c"}, MaxConcurrency: "2"})
	h.s.RunUntil(DefaultStart().Add(24 * time.Hour))
	ex := h.only()
	assert.Equal(t, StopCalendar, ex.Stop)
	assert.Equal(t, 4, ex.Dispatched, "waves at 0 and 1m; the calendar closes at 1m30s")
	assert.Equal(t, 4, ex.Counts.Success)
}

func TestSeveralCalendars_AllMustBeOpen(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(1, Behavior{}, OverrideNone)
	require.NoError(t, h.s.AddCalendar("open", []byte(calendarWindow("DEFAULT_OPEN", DefaultStart().Add(10*time.Hour), DefaultStart().Add(11*time.Hour)))))
	require.NoError(t, h.s.AddCalendar("closed", []byte(calendarWindow("DEFAULT_CLOSED", DefaultStart().Add(48*time.Hour), DefaultStart().Add(49*time.Hour)))))
	h.associateIn(model.CreateAssociationInput{CalendarNames: []string{"open", "closed"}})
	h.s.RunUntil(DefaultStart().Add(time.Hour))
	assert.Equal(t, model.StatusSkipped, h.only().Status)
	state, next, changes, err := h.s.CalendarState([]string{"open", "closed"}, DefaultStart())
	require.NoError(t, err)
	assert.Equal(t, "CLOSED", string(state))
	assert.True(t, changes)
	assert.Equal(t, DefaultStart().Add(48*time.Hour), next, "the first instant both are open (the 10:00 closing of the other changes nothing)")
}

func TestCalendarErrors(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	_, err := h.s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams, Targets: all(), CalendarNames: []string{"missing"}})
	var apiErr *model.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, model.ErrCodeInvalidDocument, apiErr.Code)
	assert.Error(t, h.s.AddCalendar("bad", []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")))
	_, _, _, err = h.s.CalendarState([]string{"missing"}, DefaultStart())
	assert.ErrorContains(t, err, `"missing"`)
}

func TestUnrecordedCalendarSkips_Switch(t *testing.T) {
	h := newHarness(t, 1, Decisions{UnrecordedCalendarSkips: true})
	h.nodes(1, Behavior{}, OverrideNone)
	require.NoError(t, h.s.AddCalendar("weekend-freeze", []byte(weekendFreeze)))
	h.associateIn(model.CreateAssociationInput{ScheduleExpression: "cron(0 2 ? * * *)", ApplyOnlyAtCronInterval: true, CalendarNames: []string{"weekend-freeze"}})
	h.s.RunUntil(DefaultStart().AddDate(0, 0, 7))
	assert.Len(t, h.s.Executions(), 5, "weekdays only; weekend intervals leave no row")
}
