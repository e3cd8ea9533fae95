package engine

import (
	"fmt"
	"time"
)

// Time is a virtual instant: nanoseconds since the Unix epoch, UTC.
type Time int64

// TimeOf converts a time.Time to virtual time.
func TimeOf(t time.Time) Time { return Time(t.UnixNano()) }

// Std converts virtual time to a UTC time.Time.
func (t Time) Std() time.Time { return time.Unix(0, int64(t)).UTC() }

// Add returns t+d.
func (t Time) Add(d time.Duration) Time { return t + Time(d) }

// Sub returns t-u as a duration.
func (t Time) Sub(u Time) time.Duration { return time.Duration(t - u) }

// Class orders events that fall at the same instant: lower classes run first.
type Class uint8

// Event is one scheduled happening. Kind, A, B and C are the handler's to
// interpret (e.g. "target finished", execution index, record index, node);
// they keep events small (32 bytes) and free of pointers so the queue
// never allocates per event once warm.
type Event struct {
	At    Time
	Seq   uint64
	A     int32
	B     int32
	C     int32
	Class Class
	Kind  uint8
	Aux   uint8 // a byte more for the handler: 0 when none was given
}

// Handler receives each event as the clock reaches it. It may schedule more
// events, at the current instant or later.
type Handler interface {
	Handle(e Event)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(Event)

// Handle calls f(e).
func (f HandlerFunc) Handle(e Event) { f(e) }

// Engine is a virtual clock with an event queue.
type Engine struct {
	now     Time
	seq     uint64
	handled uint64
	q       queue
	h       Handler
}

// New returns an engine whose clock reads start and whose events go to h.
func New(start Time, h Handler) *Engine {
	e := &Engine{now: start, h: h}
	e.q.start(start)
	return e
}

// Now is the current virtual time.
func (e *Engine) Now() Time { return e.now }

// Pending is the number of events waiting in the queue.
func (e *Engine) Pending() int { return e.q.n }

// Handled is the number of events delivered so far.
func (e *Engine) Handled() uint64 { return e.handled }

// Schedule queues an event at `at`, which must not be in the past.
func (e *Engine) Schedule(at Time, class Class, kind uint8, a, b int32) {
	e.Schedule3(at, class, kind, a, b, 0)
}

// Schedule3 is Schedule with a third argument for the handler.
func (e *Engine) Schedule3(at Time, class Class, kind uint8, a, b, c int32) {
	e.ScheduleAux(at, class, kind, 0, a, b, c)
}

// ScheduleAux is Schedule3 with the event's Aux byte.
func (e *Engine) ScheduleAux(at Time, class Class, kind, aux uint8, a, b, c int32) {
	if at < e.now {
		e.past(at)
	}
	e.seq++
	q := &e.q
	// Most events fall on the wheel: written straight into their slot's
	// tail, with no Event built and passed down (queue.place).
	if bk := bucketOf(at); bk > q.cb && bk-q.cb < wheelSlots {
		i := int(bk & slotMask)
		s := &q.slots[i] // queue.tail written out: too big for the inliner
		if s.tailN == chunkEvents || s.head == nil {
			q.extend(i)
		}
		d := &s.tail.ev[s.tailN]
		s.tailN++
		q.inWh++
		q.n++
		d.At, d.Seq, d.A, d.B, d.C, d.Class, d.Kind, d.Aux = at, e.seq, a, b, c, class, kind, aux
		return
	}
	q.push(Event{At: at, Seq: e.seq, A: a, B: b, C: c, Class: class, Kind: kind, Aux: aux})
}

// past refuses an event scheduled before the clock (apart, so that
// ScheduleAux stays small).
//
//go:noinline
func (e *Engine) past(at Time) {
	panic(fmt.Sprintf("engine: event at %d scheduled in the past (now %d)", at, e.now))
}

// PeekTime returns the time of the next event, if any.
func (e *Engine) PeekTime() (Time, bool) {
	if e.q.n == 0 {
		return 0, false
	}
	return e.q.top().At, true
}

// Step delivers the next event, advancing the clock to it. It reports
// whether there was one.
func (e *Engine) Step() bool {
	if e.q.n == 0 {
		return false
	}
	var ev Event
	e.q.popInto(&ev)
	e.now = ev.At
	e.handled++
	e.h.Handle(ev)
	if e.q.n == 0 {
		e.q.lend() // nothing pending: its chunks can serve another simulation
	}
	return true
}

// RunUntil delivers every event at or before t, then sets the clock to t
// (if t is later than the clock).
func (e *Engine) RunUntil(t Time) {
	q := &e.q
	for q.n > 0 {
		if q.pos < len(q.run) && len(q.late) == 0 {
			// The run's front is the least event: delivered here, without
			// the calls top and Step make to find it again; copied out
			// (copyEvent) before the handler runs.
			src := &q.run[q.pos]
			if src.At > t {
				break
			}
			var ev Event
			copyEvent(&ev, src)
			q.pos++
			q.n--
			e.now = ev.At
			e.handled++
			e.h.Handle(ev)
			if q.n == 0 {
				q.lend()
			}
			continue
		}
		if q.top().At > t {
			break
		}
		e.Step()
	}
	if t > e.now {
		e.now = t
	}
}

// RunBefore delivers every event before t and those at t of a class lower
// than class, then sets the clock to t (if t is later): the instant t is
// reached, but what is scheduled at it from class on does not happen.
func (e *Engine) RunBefore(t Time, class Class) {
	for e.q.n > 0 {
		if top := e.q.top(); top.At > t || (top.At == t && top.Class >= class) {
			break
		}
		e.Step()
	}
	if t > e.now {
		e.now = t
	}
}

// RunSome delivers about max events due at or before t: at least max
// unless it gets to t first, and then the rest of the last instant's
// events, so that it stops between two instants (the clock reads an
// instant whose events are all handled, as after RunUntil). It reports
// whether it got to t: then no event at or before t is left and the clock
// reads t. Events are delivered in the same order whatever max is, so
// running in slices never changes a simulation.
func (e *Engine) RunSome(t Time, max int) bool {
	for ; max > 0; max-- {
		if e.q.n == 0 || e.q.top().At > t {
			break
		}
		e.Step()
	}
	for e.q.n > 0 && e.q.top().At == e.now && e.handled > 0 && e.now <= t {
		e.Step() // finish the instant
	}
	if e.q.n > 0 && e.q.top().At <= t {
		return false
	}
	if t > e.now {
		e.now = t
	}
	return true
}

// StepTo delivers events until handled reaches n (or the queue runs dry),
// then moves the clock to t if t is later: it rebuilds the exact point a
// simulation had reached, counted in events, when a call was made at t.
func (e *Engine) StepTo(n uint64, t Time) {
	for e.handled < n && e.Step() {
	}
	if t > e.now {
		e.now = t
	}
}

// Run delivers events until the queue is empty.
func (e *Engine) Run() {
	for e.Step() {
	}
}
