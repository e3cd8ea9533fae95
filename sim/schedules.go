package sim

import (
	"github.com/ssmsim/ssmsim/model/schedule"
	"github.com/ssmsim/ssmsim/sim/engine"
)

// planTick queues the association's next schedule tick:
//   - cron: the first occurrence after `from`, shifted by ScheduleOffset whole
//     days (the time of day kept); an occurrence at or before creation is
//     never used, so an offset date of the current period that has passed
//     starts the next period (user guide, cron and rate expressions);
//   - rate: `from` + the interval, `from` being the previous tick (the
//     first: the creation or the update that planned it), whether or not
//     that tick ran or was missed (D15); StartAssociationsOnce does not
//     move it;
//   - at(): the instant, or now if it has passed (AWS CLI example).
//
// Ticks carry the association's schedule generation; an update or delete
// bumps it, so stale ticks are ignored.
func (s *Sim) planTick(a *association, from engine.Time) {
	v := a.version()
	if v.sched == nil || a.deleted {
		return
	}
	var fire engine.Time
	switch v.sched.Kind() {
	case schedule.KindCron:
		next, ok := v.sched.Next(from.Std())
		if !ok {
			return // the expression's years are over
		}
		a.nextBase = engine.TimeOf(next)
		fire = engine.TimeOf(next.AddDate(0, 0, int(v.info.ScheduleOffset)))
	case schedule.KindRate:
		fire = from.Add(v.sched.Interval())
	case schedule.KindAt:
		fire = max(engine.TimeOf(v.sched.At()), s.eng.Now())
	}
	s.eng.Schedule(fire, classStart, kindTick, a.index, a.schedGen)
}

// tick is a schedule tick: the association runs, unless an execution of it
// is still running — then the interval is missed and the next one tried
// (user guide: "If an interval is missed, the association is attempted
// again in the next interval").
func (s *Sim) tick(ai, gen int32) {
	a := s.assocs[ai]
	if a.deleted || gen != a.schedGen {
		return
	}
	now := s.eng.Now()
	if a.running < 0 {
		s.startExecution(ai, triggerSchedule)
	}
	switch a.version().sched.Kind() {
	case schedule.KindCron:
		s.planTick(a, a.nextBase)
	case schedule.KindRate:
		s.planTick(a, now)
	}
}
