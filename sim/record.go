package sim

import (
	"math"
	"time"

	"github.com/ssmsim/ssmsim/sim/engine"
	"github.com/ssmsim/ssmsim/sim/status"
)

// targetRecord is one dispatched target of an execution, from which its
// AssociationExecutionTarget and status documents are rendered: 16 bytes,
// as a day of a million-node rollout makes 48 million. Its instants are
// whole milliseconds (every duration the simulation draws is): the
// dispatch after the execution's creation, the finish after the dispatch.
// One that is not — a cut-off at an API call's nanosecond, a run longer
// than 49 days — is kept exactly in the execution's wide table.
type targetRecord struct {
	at      uint32 // dispatch, milliseconds after the execution's creation, or inWide
	ran     uint32 // finish, milliseconds after the dispatch, or running or inWide
	node    int32
	status  status.Code // current status
	outcome status.Code // the status it will end in, drawn at dispatch
	detail  status.Detail
	extra   bool // dispatched outside the concurrency budget (D4)
}

const (
	running = math.MaxUint32     // ran of a run not finished
	inWide  = math.MaxUint32 - 1 // the instant is in the execution's wide table
)

// wideTimes are a record's instants when milliseconds do not hold them.
type wideTimes struct{ dispatched, finished engine.Time }

// millis is d in whole milliseconds if it is a whole number of them that a
// record holds.
func millis(d engine.Time) (uint32, bool) {
	const ms = engine.Time(time.Millisecond)
	if d < 0 || d%ms != 0 || d/ms >= inWide {
		return 0, false
	}
	return uint32(d / ms), true
}

// dispatchedAt is the dispatch instant of record r, the execution's ri-th
// (r may be a copy of it).
func (e *execution) dispatchedAt(ri int32, r *targetRecord) engine.Time {
	if r.at == inWide {
		return e.wide[ri].dispatched
	}
	return e.created + engine.Time(r.at)*engine.Time(time.Millisecond)
}

// finishedAt is the finish instant of record r, the execution's ri-th, 0
// while it runs.
func (e *execution) finishedAt(ri int32, r *targetRecord) engine.Time {
	if inFlight(r.status) {
		return 0
	}
	return e.endAt(ri, r)
}

// endAt is the instant record r's run ends, or ended: planned at dispatch
// (a completion then only sets its status), set anew by a cut-off; 0 if
// the record holds none.
func (e *execution) endAt(ri int32, r *targetRecord) engine.Time {
	switch r.ran {
	case running:
		return 0
	case inWide:
		return e.wide[ri].finished
	}
	return e.dispatchedAt(ri, r) + engine.Time(r.ran)*engine.Time(time.Millisecond)
}

// inFlight reports whether a run with status c has not finished.
func inFlight(c status.Code) bool { return c == status.Pending || c == status.InProgress }

// msTimes are record r's instants when the record holds both and the run
// has finished (not ok: one is in the wide table, or it runs).
func (e *execution) msTimes(r *targetRecord) (dispatched, finished engine.Time, ok bool) {
	dispatched = e.created + engine.Time(r.at)*engine.Time(time.Millisecond)
	return dispatched, dispatched + engine.Time(r.ran)*engine.Time(time.Millisecond), r.at < inWide && r.ran < inWide && !inFlight(r.status)
}

// slowTimes are record r's instants (finished 0 while it runs) when
// msTimes does not have them.
func (e *execution) slowTimes(ri int32, r *targetRecord) (dispatched, finished engine.Time) {
	return e.dispatchedAt(ri, r), e.finishedAt(ri, r)
}

// setRun sets record r dispatched at t and planned to end at end, when
// both are whole milliseconds a record holds (most runs): small enough to
// inline in dispatchNode. It reports false, having set nothing, when they
// are not; then setDispatched and setFinished keep them.
func (e *execution) setRun(r *targetRecord, t, end engine.Time) bool {
	const ms, most = engine.Time(time.Millisecond), engine.Time(inWide) * engine.Time(time.Millisecond)
	at, ran := t-e.created, end-t // as millis checks them, written out to stay inlinable
	if at < 0 || ran < 0 || at >= most || ran >= most || at%ms != 0 || ran%ms != 0 || end == 0 {
		return false
	}
	r.at, r.ran = uint32(at/ms), uint32(ran/ms)
	return true
}

// setDispatched sets record ri (r) dispatched at t, running.
func (e *execution) setDispatched(ri int32, r *targetRecord, t engine.Time) {
	r.ran = running
	if ms, ok := millis(t - e.created); ok {
		r.at = ms
		return
	}
	r.at = inWide
	e.widen(ri, t, true)
}

// setFinished sets the instant record ri (r) ends at: t, or none (0).
func (e *execution) setFinished(ri int32, r *targetRecord, t engine.Time) {
	if t == 0 {
		r.ran = running
		return
	}
	if ms, ok := millis(t - e.dispatchedAt(ri, r)); ok {
		r.ran = ms
		return
	}
	r.ran = inWide
	e.widen(ri, t, false)
}

// widen keeps record ri's dispatch (or finish) instant t in the wide table.
func (e *execution) widen(ri int32, t engine.Time, dispatch bool) {
	if e.wide == nil {
		e.wide = map[int32]wideTimes{}
	}
	w := e.wide[ri]
	if dispatch {
		w.dispatched = t
	} else {
		w.finished = t
	}
	e.wide[ri] = w
}
