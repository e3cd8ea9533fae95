package sim

import (
	"fmt"
	"slices"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/engine"
)

// alarm is the simulated state of one CloudWatch alarm.
type alarm struct {
	name        string
	state       model.AlarmState
	pollFailing bool // polling the alarm fails (injected fault)
}

// Alarm-event codes carried in an event's B payload.
const (
	alarmSetOK int32 = iota
	alarmSetAlarm
	alarmSetInsufficient
	alarmPollFailOn
	alarmPollFailOff
)

func (s *Sim) alarmIndex(name string) int32 {
	if i, ok := s.alarmByName[name]; ok {
		return i
	}
	s.alarms = append(s.alarms, &alarm{name: name, state: model.AlarmStateInsufficientData})
	i := int32(len(s.alarms) - 1)
	s.alarmByName[name] = i
	return i
}

func alarmCode(st model.AlarmState) (int32, error) {
	switch st {
	case model.AlarmStateOK:
		return alarmSetOK, nil
	case model.AlarmStateAlarm:
		return alarmSetAlarm, nil
	case model.AlarmStateInsufficientData:
		return alarmSetInsufficient, nil
	}
	return 0, fmt.Errorf("alarm state %q is not one of OK, ALARM, INSUFFICIENT_DATA", st)
}

// SetAlarmState sets a CloudWatch alarm's state from now on. An alarm never
// set is INSUFFICIENT_DATA.
func (s *Sim) SetAlarmState(name string, st model.AlarmState) error {
	return s.ScheduleAlarmState(s.Now(), name, st)
}

// ScheduleAlarmState sets an alarm's state at a future instant (before any
// other event of that instant).
func (s *Sim) ScheduleAlarmState(at time.Time, name string, st model.AlarmState) error {
	code, err := alarmCode(st)
	if err != nil {
		return err
	}
	return s.scheduleAlarm(at, name, code)
}

// ScheduleAlarmPollFailure makes polling the alarm fail during [from, to):
// the fault that IgnorePollAlarmFailure tolerates.
func (s *Sim) ScheduleAlarmPollFailure(name string, from, to time.Time) error {
	if !to.After(from) {
		return fmt.Errorf("alarm %q: poll failure window ends (%s) before it starts (%s)", name, to, from)
	}
	if err := s.scheduleAlarm(from, name, alarmPollFailOn); err != nil {
		return err
	}
	return s.scheduleAlarm(to, name, alarmPollFailOff)
}

func (s *Sim) scheduleAlarm(at time.Time, name string, code int32) error {
	if name == "" || len(name) > 255 {
		return fmt.Errorf("alarm name %q must be 1..255 characters", name)
	}
	t := engine.TimeOf(at)
	if t < s.eng.Now() {
		return fmt.Errorf("alarm %q: %s is before the current time %s", name, at.UTC(), s.Now())
	}
	s.eng.Schedule(t, classControl, kindAlarm, s.alarmIndex(name), code)
	return nil
}

func (s *Sim) applyAlarm(i, code int32) {
	a := s.alarms[i]
	switch code {
	case alarmSetOK:
		a.state = model.AlarmStateOK
	case alarmSetAlarm:
		a.state = model.AlarmStateAlarm
	case alarmSetInsufficient:
		a.state = model.AlarmStateInsufficientData
	case alarmPollFailOn:
		a.pollFailing = true
	case alarmPollFailOff:
		a.pollFailing = false
	}
}

// AlarmState is an alarm's current state (INSUFFICIENT_DATA if never set).
func (s *Sim) AlarmState(name string) model.AlarmState {
	if i, ok := s.alarmByName[name]; ok {
		return s.alarms[i].state
	}
	return model.AlarmStateInsufficientData
}

// pollAlarm is the alarm gate (D9) as a decision: whether the configured
// alarm stops dispatch, and the TriggeredAlarms entry that records it. An
// alarm in ALARM stops it; a failed poll (an injected fault, or an alarm the
// simulation never heard of) stops it with State UNKNOWN unless
// IgnorePollAlarmFailure; OK and INSUFFICIENT_DATA let it go on (the
// AlarmConfiguration API reference).
func (s *Sim) pollAlarm(cfg *model.AlarmConfiguration) (model.AlarmStateInformation, bool) {
	if cfg == nil || len(cfg.Alarms) == 0 {
		return model.AlarmStateInformation{}, false
	}
	name := cfg.Alarms[0].Name
	i, known := s.alarmByName[name]
	failed := !known || s.alarms[i].pollFailing
	switch {
	case failed && !cfg.IgnorePollAlarmFailure:
		return model.AlarmStateInformation{Name: name, State: model.ExternalAlarmStateUnknown}, true
	case !failed && s.alarms[i].state == model.AlarmStateAlarm:
		return model.AlarmStateInformation{Name: name, State: model.ExternalAlarmStateAlarm}, true
	}
	return model.AlarmStateInformation{}, false
}

// AlarmNames lists the CloudWatch alarms the simulation knows, sorted.
func (s *Sim) AlarmNames() []string {
	names := make([]string, 0, len(s.alarms))
	for _, a := range s.alarms {
		names = append(names, a.name)
	}
	slices.Sort(names)
	return names
}
