package sim

import (
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func created(s *Sim) []time.Time {
	var out []time.Time
	for _, e := range s.Executions() {
		out = append(out, e.Created)
	}
	return out
}

// User guide (cron and rate expressions): cron(0 0 ? * THU#2 *) with
// ScheduleOffset 3 runs on the Sunday after the second Thursday.
func TestCronTHU2WithScheduleOffset3_RunsTheSundayAfterTheSecondThursday_24Months(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(3, Behavior{}, OverrideNone)
	h.associateIn(model.CreateAssociationInput{ScheduleExpression: "cron(0 0 ? * THU#2 *)", ScheduleOffset: 3, ApplyOnlyAtCronInterval: true})
	h.s.RunUntil(DefaultStart().AddDate(2, 0, 0))
	got := created(h.s)
	require.Len(t, got, 24)
	for i, at := range got {
		month := DefaultStart().AddDate(0, i, 0)
		secondThursday := time.Date(month.Year(), month.Month(), 1, 0, 0, 0, 0, time.UTC)
		for secondThursday.Weekday() != time.Thursday {
			secondThursday = secondThursday.AddDate(0, 0, 1)
		}
		secondThursday = secondThursday.AddDate(0, 0, 7)
		assert.Equal(t, secondThursday.AddDate(0, 0, 3), at, "month %d", i)
		assert.Equal(t, time.Sunday, at.Weekday())
	}
}

// User guide: if the cron date of the current period has passed at creation,
// the offset date in the future is not used; the association starts next period.
func TestScheduleOffset_PassedOccurrenceStartsNextPeriod(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(1, Behavior{}, OverrideNone)
	h.s.RunUntil(time.Date(2024, 1, 12, 0, 0, 0, 0, time.UTC)) // after Thu 11 Jan (the 2nd Thursday), before Sun 14 Jan
	h.associateIn(model.CreateAssociationInput{ScheduleExpression: "cron(0 0 ? * THU#2 *)", ScheduleOffset: 3, ApplyOnlyAtCronInterval: true})
	h.s.RunUntil(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC))
	assert.Equal(t, []time.Time{time.Date(2024, 2, 11, 0, 0, 0, 0, time.UTC)}, created(h.s), "not 14 Jan: 8 Feb + 3 days")
}

func TestRateSchedule_RunsAtCreationThenEveryInterval(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(2, Behavior{}, OverrideNone)
	id := h.associateIn(model.CreateAssociationInput{ScheduleExpression: "rate(30 minutes)"})
	h.s.RunUntil(DefaultStart().Add(2 * time.Hour))
	assert.Equal(t, []time.Time{DefaultStart(), DefaultStart().Add(30 * time.Minute), DefaultStart().Add(time.Hour),
		DefaultStart().Add(90 * time.Minute), DefaultStart().Add(2 * time.Hour)}, created(h.s))
	ex := h.s.Executions()
	assert.NotEqual(t, id, ex[0].ExecutionID, "a scheduled association's executions get fresh IDs (D17)")
	// StartAssociationsOnce runs now without moving the schedule.
	_, err := h.s.StartAssociationsOnce(model.StartAssociationsOnceInput{AssociationIDs: []string{id}})
	require.NoError(t, err)
	h.s.RunUntil(DefaultStart().Add(150 * time.Minute))
	assert.Equal(t, []time.Time{DefaultStart().Add(2 * time.Hour), DefaultStart().Add(2 * time.Hour).Add(time.Minute), DefaultStart().Add(150 * time.Minute)}, created(h.s)[4:])
}

func TestScheduleValidation_InvalidSchedule(t *testing.T) {
	tests := []struct {
		name string
		in   model.CreateAssociationInput
		ok   bool
	}{
		{"rate(30 minutes) is accepted", model.CreateAssociationInput{ScheduleExpression: "rate(30 minutes)"}, true},
		{"rate(29 minutes) is too frequent", model.CreateAssociationInput{ScheduleExpression: "rate(29 minutes)"}, false},
		{"rate(1 hours): plural with 1", model.CreateAssociationInput{ScheduleExpression: "rate(1 hours)"}, false},
		{"rate(5 hour): singular with 5", model.CreateAssociationInput{ScheduleExpression: "rate(5 hour)"}, false},
		{"ApplyOnlyAtCronInterval with rate", model.CreateAssociationInput{ScheduleExpression: "rate(1 day)", ApplyOnlyAtCronInterval: true}, false},
		{"ScheduleOffset without ApplyOnlyAtCronInterval", model.CreateAssociationInput{ScheduleExpression: "cron(0 0 ? * THU#2 *)", ScheduleOffset: 3}, false},
		{"Duration without a cron", model.CreateAssociationInput{Duration: 2}, false},
		{"cron with Duration and ApplyOnlyAtCronInterval", model.CreateAssociationInput{ScheduleExpression: "cron(0 2 ? * SUN *)", Duration: 2, ApplyOnlyAtCronInterval: true}, true},
		{"cron every 15 minutes", model.CreateAssociationInput{ScheduleExpression: "cron(0/15 * * * ? *)"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, 1, Decisions{})
			tt.in.Name, tt.in.Targets, tt.in.Parameters = "AWS-RunShellScript", all(), shellParams
			_, err := h.s.CreateAssociation(tt.in)
			if tt.ok {
				require.NoError(t, err)
				return
			}
			var apiErr *model.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, model.ErrCodeInvalidSchedule, apiErr.Code)
			assert.NotEmpty(t, apiErr.Message)
		})
	}
}

// CreateAssociation API reference: after the Duration, running executions
// are cancelled and no pending targets are started (D7: Cancelled).
func TestDuration_CancelsInFlight_AndDispatchesNothingMore(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(10, Behavior{Duration: Fixed(40 * time.Minute)}, OverrideNone)
	id := h.associateIn(model.CreateAssociationInput{ScheduleExpression: "cron(0 2 ? * * *)", ApplyOnlyAtCronInterval: true, Duration: 1, MaxConcurrency: "4"})
	h.s.RunUntil(DefaultStart().Add(5 * time.Hour))
	ex := h.only()
	assert.Equal(t, StopDuration, ex.Stop)
	assert.Equal(t, 4, ex.Counts.Success, "the first wave ends at 02:40")
	assert.Equal(t, 4, ex.Counts.Cancelled, "the second is cut off at 03:00")
	assert.Equal(t, 8, ex.Dispatched)
	assert.Equal(t, 0, ex.Errors)
	assert.Equal(t, DefaultStart().Add(3*time.Hour), ex.LastExecution)
	execs, _ := h.s.DescribeAssociationExecutions(execsOf(id))
	assert.Equal(t, "Failed", execs.AssociationExecutions[0].Status)
	assert.Equal(t, "Cancelled", execs.AssociationExecutions[0].DetailedStatus)
	assert.Equal(t, "{Cancelled=4, Success=4}", execs.AssociationExecutions[0].ResourceCountByStatus)
}

func TestDuration_RunEndingExactlyAtTheCutoffSucceeds(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(2, Behavior{Duration: Fixed(time.Hour)}, OverrideNone)
	h.associateIn(model.CreateAssociationInput{ScheduleExpression: "cron(0 2 ? * * *)", ApplyOnlyAtCronInterval: true, Duration: 1})
	h.s.RunUntil(DefaultStart().Add(5 * time.Hour))
	ex := h.only()
	assert.Equal(t, StopNone, ex.Stop)
	assert.Equal(t, 2, ex.Counts.Success)
}

func TestTickWhileRunning_IsMissed(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(1, Behavior{Duration: Fixed(45 * time.Minute)}, OverrideNone)
	h.associateIn(model.CreateAssociationInput{ScheduleExpression: "rate(30 minutes)"})
	h.s.RunUntil(DefaultStart().Add(100 * time.Minute))
	// 0:00 runs until 0:45; the 0:30 tick is missed; 1:00 runs until 1:45; 1:30 missed.
	assert.Equal(t, []time.Time{DefaultStart(), DefaultStart().Add(time.Hour)}, created(h.s))
}

func TestAtSchedule_RunsOnceAtTheInstant(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(1, Behavior{}, OverrideNone)
	h.associateIn(model.CreateAssociationInput{ScheduleExpression: "at(2024-01-03T10:00:00)", ApplyOnlyAtCronInterval: true})
	h.associateIn(model.CreateAssociationInput{ScheduleExpression: "at(2023-06-01T00:00:00)", ApplyOnlyAtCronInterval: true}) // passed: runs now
	h.s.Run()
	assert.Equal(t, []time.Time{DefaultStart(), time.Date(2024, 1, 3, 10, 0, 0, 0, time.UTC)}, created(h.s))
}

func TestUpdateReplansTheSchedule_DeleteStopsIt(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(1, Behavior{}, OverrideNone)
	id := h.associateIn(model.CreateAssociationInput{ScheduleExpression: "rate(1 hour)"})
	h.s.RunUntil(DefaultStart().Add(90 * time.Minute)) // runs at 0:00 and 1:00
	_, err := h.s.UpdateAssociation(model.UpdateAssociationInput{AssociationID: id, Parameters: shellParams, Targets: []model.Target{{Key: "tag:env", Values: []string{"test"}}}, ScheduleExpression: "rate(2 hours)"})
	require.NoError(t, err)
	h.s.RunUntil(DefaultStart().Add(6 * time.Hour)) // update run at 1:30, then 3:30, 5:30
	_, err = h.s.DeleteAssociation(model.DeleteAssociationInput{AssociationID: id})
	require.NoError(t, err)
	h.s.RunUntil(DefaultStart().Add(24 * time.Hour))
	assert.Equal(t, []time.Time{DefaultStart(), DefaultStart().Add(time.Hour), DefaultStart().Add(90 * time.Minute),
		DefaultStart().Add(210 * time.Minute), DefaultStart().Add(330 * time.Minute)}, created(h.s))
}
