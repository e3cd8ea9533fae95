package engine

import "slices"

// State is everything an engine holds, for a snapshot: the clock, the
// counters and the pending events in delivery order.
type State struct {
	Now     Time
	Seq     uint64
	Handled uint64
	Events  []Event
}

// State returns the engine's state. The queue is unchanged.
func (e *Engine) State() State {
	q := &e.q
	evs := make([]Event, 0, q.n)
	evs = append(evs, q.run[q.pos:]...)
	evs = append(evs, q.late...)
	for i := range q.slots {
		for part := range q.slots[i].parts {
			evs = append(evs, part...)
		}
	}
	evs = append(evs, q.far...)
	slices.SortFunc(evs, compare)
	return State{Now: e.now, Seq: e.seq, Handled: e.handled, Events: evs}
}

// Restore returns an engine in state st whose events go to h: it delivers
// exactly the events, in exactly the order, the engine st was taken from
// would have (the order is total, so the queue's layout does not matter).
func Restore(st State, h Handler) *Engine {
	e := &Engine{now: st.Now, seq: st.Seq, handled: st.Handled, h: h}
	e.q.start(st.Now)
	for _, ev := range st.Events {
		e.q.push(ev)
	}
	return e
}
