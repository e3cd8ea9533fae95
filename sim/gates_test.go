package sim

import (
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func (h *harness) associateIn(in model.CreateAssociationInput) string {
	h.t.Helper()
	if in.Name == "" {
		in.Name = "AWS-RunShellScript"
	}
	if in.Name == "AWS-RunShellScript" && in.Parameters == nil {
		in.Parameters = shellParams
	}
	if in.Targets == nil && in.InstanceID == "" {
		in.Targets = []model.Target{{Key: "tag:env", Values: []string{"test"}}}
	}
	out, err := h.s.CreateAssociation(in)
	require.NoError(h.t, err)
	return out.AssociationDescription.AssociationID
}

func alarmOn(name string, ignore bool) *model.AlarmConfiguration {
	return &model.AlarmConfiguration{IgnorePollAlarmFailure: ignore, Alarms: []model.Alarm{{Name: name}}}
}

// "If the alarm activates, pending command invocations of the association
// do not run" (State Manager console note) — in-flight runs finish (D9).
func TestAlarmEnteringALARMMidRollout_StopsDispatch_InFlightFinish_TriggeredAlarmsSet(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(40, Behavior{Duration: Fixed(time.Minute)}, OverrideNone)
	require.NoError(t, h.s.SetAlarmState("cpu-high", model.AlarmStateOK))
	require.NoError(t, h.s.ScheduleAlarmState(DefaultStart().Add(150*time.Second), "cpu-high", model.AlarmStateAlarm))
	id := h.associateIn(model.CreateAssociationInput{MaxConcurrency: "10", AlarmConfiguration: alarmOn("cpu-high", false)})
	h.s.Run()
	ex := h.only()
	assert.Equal(t, StopAlarm, ex.Stop)
	// Waves at 0, 1m and 2m; the alarm fires at 2m30s, while the third wave runs: it finishes, nothing more starts.
	assert.Equal(t, 30, ex.Dispatched)
	assert.Equal(t, 30, ex.Counts.Success)
	assert.Equal(t, DefaultStart().Add(3*time.Minute), ex.LastExecution)
	for _, tr := range h.traces {
		if tr.Kind == TraceDispatched {
			assert.True(t, tr.At.Before(DefaultStart().Add(150*time.Second)), "dispatched at %s while the alarm was in ALARM", tr.At)
		}
	}
	execs, err := h.s.DescribeAssociationExecutions(execsOf(id))
	require.NoError(t, err)
	e := execs.AssociationExecutions[0]
	assert.Equal(t, "Failed", e.Status)
	assert.Equal(t, []model.AlarmStateInformation{{Name: "cpu-high", State: "ALARM"}}, e.TriggeredAlarms)
	assert.Equal(t, alarmOn("cpu-high", false), e.AlarmConfiguration)
	d, _ := h.s.DescribeAssociation(describeByID(id))
	assert.Equal(t, e.TriggeredAlarms, d.AssociationDescription.TriggeredAlarms)
}

func TestAlarmGate_Table(t *testing.T) {
	tests := []struct {
		name       string
		state      model.AlarmState // "" = the alarm is never defined
		pollFails  bool
		ignore     bool
		wantStop   StopReason
		wantState  model.ExternalAlarmState
		dispatched int
	}{
		{"ALARM at start: nothing runs", model.AlarmStateAlarm, false, false, StopAlarm, "ALARM", 0},
		{"ALARM stops even with IgnorePollAlarmFailure", model.AlarmStateAlarm, false, true, StopAlarm, "ALARM", 0},
		{"OK runs", model.AlarmStateOK, false, false, StopNone, "", 10},
		{"INSUFFICIENT_DATA runs", model.AlarmStateInsufficientData, false, false, StopNone, "", 10},
		{"poll failure stops with UNKNOWN", model.AlarmStateOK, true, false, StopAlarm, "UNKNOWN", 0},
		{"poll failure ignored with IgnorePollAlarmFailure", model.AlarmStateOK, true, true, StopNone, "", 10},
		{"an alarm that does not exist cannot be polled", "", false, false, StopAlarm, "UNKNOWN", 0},
		{"an alarm that does not exist, ignored", "", false, true, StopNone, "", 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, 1, Decisions{})
			h.nodes(10, Behavior{}, OverrideNone)
			if tt.state != "" {
				require.NoError(t, h.s.SetAlarmState("a", tt.state))
			}
			if tt.pollFails {
				require.NoError(t, h.s.ScheduleAlarmPollFailure("a", DefaultStart(), DefaultStart().Add(time.Hour)))
			}
			id := h.associateIn(model.CreateAssociationInput{AlarmConfiguration: alarmOn("a", tt.ignore)})
			h.s.Run()
			ex := h.only()
			assert.Equal(t, tt.wantStop, ex.Stop)
			assert.Equal(t, tt.dispatched, ex.Dispatched)
			execs, _ := h.s.DescribeAssociationExecutions(execsOf(id))
			if tt.wantState == "" {
				assert.Empty(t, execs.AssociationExecutions[0].TriggeredAlarms)
				assert.Equal(t, "Success", execs.AssociationExecutions[0].Status)
			} else {
				assert.Equal(t, []model.AlarmStateInformation{{Name: "a", State: tt.wantState}}, execs.AssociationExecutions[0].TriggeredAlarms)
				assert.Equal(t, "Failed", execs.AssociationExecutions[0].Status)
				assert.Equal(t, "{}", execs.AssociationExecutions[0].ResourceCountByStatus)
			}
		})
	}
}

func TestAlarmInputErrors(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	assert.ErrorContains(t, h.s.SetAlarmState("a", "RED"), `"RED" is not one of OK, ALARM, INSUFFICIENT_DATA`)
	assert.ErrorContains(t, h.s.SetAlarmState("", model.AlarmStateOK), "1..255")
	assert.ErrorContains(t, h.s.ScheduleAlarmPollFailure("a", DefaultStart().Add(time.Hour), DefaultStart()), "ends")
	assert.ErrorContains(t, h.s.ScheduleAlarmState(DefaultStart().Add(-time.Second), "a", model.AlarmStateOK), "before the current time")
	_, err := h.s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams, Targets: all(),
		AlarmConfiguration: &model.AlarmConfiguration{Alarms: []model.Alarm{{Name: "a"}, {Name: "b"}}}})
	var apiErr *model.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.Message, "alarmConfiguration.alarms")
}

// "If you update an association while it is running, targets in progress
// finish, targets not yet started are stopped, and all targets run again
// under the new version" (user guide, targets and rate controls).
func TestUpdateDuringRun_InFlightFinish_UndispatchedDropped_NewVersionRuns(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(20, Behavior{Duration: Fixed(time.Minute)}, OverrideNone)
	id := h.associateIn(model.CreateAssociationInput{MaxConcurrency: "5", MaxErrors: "2"})
	h.s.RunUntil(DefaultStart().Add(90 * time.Second)) // two waves dispatched, the second in flight
	out, err := h.s.UpdateAssociation(model.UpdateAssociationInput{AssociationID: id, Parameters: shellParams,
		Targets: []model.Target{{Key: "tag:env", Values: []string{"test"}}}, MaxConcurrency: "10"})
	require.NoError(t, err)
	ad := out.AssociationDescription
	assert.Equal(t, "2", ad.AssociationVersion)
	assert.Empty(t, ad.MaxErrors, "a full replace: MaxErrors left out is reset, not kept")
	assert.Equal(t, "AWS-RunShellScript", ad.Name, "Name left out is kept")
	assert.Equal(t, model.TimestampOf(DefaultStart().Add(90*time.Second)), ad.LastUpdateAssociationDate)
	assert.Equal(t, model.TimestampOf(DefaultStart()), ad.Date)
	h.s.Run()
	ex := h.s.Executions()
	require.Len(t, ex, 2)
	assert.Equal(t, StopUpdate, ex[0].Stop)
	assert.Equal(t, 10, ex[0].Dispatched, "the second wave finished; the rest was dropped")
	assert.Equal(t, 10, ex[0].Counts.Success)
	assert.Equal(t, "2", ex[1].AssociationVersion)
	assert.Equal(t, 20, ex[1].Dispatched)
	assert.Equal(t, 10, ex[1].PeakInFlight)
	assert.Equal(t, DefaultStart().Add(2*time.Minute), ex[1].Created, "the new version starts when the old run ends")

	versions, err := h.s.ListAssociationVersions(model.ListAssociationVersionsInput{AssociationID: id})
	require.NoError(t, err)
	require.Len(t, versions.AssociationVersions, 2)
	assert.Equal(t, "2", versions.AssociationVersions[0].MaxErrors, "old versions keep their snapshot")
	old, err := h.s.DescribeAssociation(model.DescribeAssociationInput{AssociationID: id, AssociationVersion: "1"})
	require.NoError(t, err)
	assert.Equal(t, "5", old.AssociationDescription.MaxConcurrency)
}

func TestUpdate_Errors(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(2, Behavior{}, OverrideNone)
	id := h.associate("", "")
	var apiErr *model.APIError
	_, err := h.s.UpdateAssociation(model.UpdateAssociationInput{AssociationID: id, Parameters: shellParams, AssociationVersion: "7", Targets: all()})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, model.ErrCodeInvalidAssociationVersion, apiErr.Code)
	_, err = h.s.UpdateAssociation(model.UpdateAssociationInput{AssociationID: id})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, model.ErrCodeInvalidParameters, apiErr.Code, "Parameters left out are reset, and AWS-RunShellScript requires commands")
	_, err = h.s.UpdateAssociation(model.UpdateAssociationInput{AssociationID: "00000000-0000-4000-8000-000000000000", Targets: all()})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, model.ErrCodeAssociationDoesNotExist, apiErr.Code)
	_, err = h.s.UpdateAssociation(model.UpdateAssociationInput{AssociationID: id, Parameters: shellParams, AssociationVersion: "1", Targets: all(), ApplyOnlyAtCronInterval: true})
	require.NoError(t, err)
	h.s.Run()
	assert.Len(t, h.s.Executions(), 1, "ApplyOnlyAtCronInterval: the update does not run it")
}

func TestDelete_NeverRunsAgain_InFlightFinish(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(10, Behavior{Duration: Fixed(time.Minute)}, OverrideNone)
	id := h.associate("2", "")
	h.s.RunUntil(DefaultStart().Add(30 * time.Second))
	_, err := h.s.StartAssociationsOnce(model.StartAssociationsOnceInput{AssociationIDs: []string{id}})
	require.NoError(t, err)
	_, err = h.s.DeleteAssociation(model.DeleteAssociationInput{AssociationID: id})
	require.NoError(t, err)
	h.s.Run()
	ex := h.only()
	assert.Equal(t, StopDeleted, ex.Stop)
	assert.Equal(t, 2, ex.Counts.Success, "the in-flight pair finished")
	var apiErr *model.APIError
	_, err = h.s.DescribeAssociation(describeByID(id))
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, model.ErrCodeAssociationDoesNotExist, apiErr.Code)
	_, err = h.s.DeleteAssociation(model.DeleteAssociationInput{AssociationID: id})
	require.ErrorAs(t, err, &apiErr)
	list, _ := h.s.ListAssociations(model.ListAssociationsInput{})
	assert.Empty(t, list.Associations)
	st, _ := h.s.DescribeInstanceAssociationsStatus(model.DescribeInstanceAssociationsStatusInput{InstanceID: h.s.Fleet().ID(0)})
	assert.Empty(t, st.InstanceAssociationStatusInfos)
}

func TestStartAssociationsOnce_WhileRunning_RunsAgainAfter(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(4, Behavior{Duration: Fixed(time.Minute)}, OverrideNone)
	id := h.associate("2", "")
	h.s.RunUntil(DefaultStart().Add(30 * time.Second))
	_, err := h.s.StartAssociationsOnce(model.StartAssociationsOnceInput{AssociationIDs: []string{id}})
	require.NoError(t, err)
	h.s.Run()
	ex := h.s.Executions()
	require.Len(t, ex, 2)
	assert.Equal(t, ex[0].LastExecution, ex[1].Created)
}
