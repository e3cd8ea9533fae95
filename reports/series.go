package reports

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/result"
)

// SeriesResolution is the time resolution of a Series: a point at k
// resolutions holds the value after every event up to that instant, so
// sampling at whole multiples of it (every CSV step of whole seconds) is
// exact, while a 100,000-node rollout keeps thousands of points, not
// millions. Milestones (time to 50/90/99/100% compliant) use exact event
// times.
const SeriesResolution = time.Second

// Series is a step function of virtual time: Value[i] holds from At[i]
// (an offset from the run's start) until At[i+1], and the last value holds
// to the end of the run. At is strictly increasing, in whole multiples of
// SeriesResolution.
type Series struct {
	At    []time.Duration
	Value []float64
}

// ValueAt is the value at offset d: NaN before the first point.
func (s Series) ValueAt(d time.Duration) float64 {
	i := sort.Search(len(s.At), func(i int) bool { return s.At[i] > d })
	if i == 0 {
		return math.NaN()
	}
	return s.Value[i-1]
}

// Last is the final value, NaN for an empty series.
func (s Series) Last() float64 {
	if len(s.Value) == 0 {
		return math.NaN()
	}
	return s.Value[len(s.Value)-1]
}

// step is offset d rounded up to the resolution's next multiple: where a
// value set at d is kept.
func step(d time.Duration) time.Duration {
	if r := d % SeriesResolution; r != 0 {
		d -= r
		if r > 0 {
			d += SeriesResolution
		}
	}
	return d
}

// set records value v from offset d on, merging equal instants and
// dropping points that do not change the value.
func (s *Series) set(d time.Duration, v float64) {
	d = step(d)
	n := len(s.At)
	if n > 0 && s.At[n-1] == d {
		s.Value[n-1] = v
		if n > 1 && sameValue(s.Value[n-2], v) {
			s.At, s.Value = s.At[:n-1], s.Value[:n-1]
		}
		return
	}
	if n > 0 && sameValue(s.Value[n-1], v) {
		return
	}
	if len(s.At) == cap(s.At) || len(s.Value) == cap(s.Value) {
		// Doubled, not the quarter append adds to a long slice: a day's
		// series are tens of thousands of points, copied at each growth.
		// Made, not grown by append, which zeroes the new room at once:
		// fresh memory from make is first touched as points are added, so
		// room the series never fills costs no page faults.
		n := len(s.At) + max(len(s.At), 64)
		at, v := make([]time.Duration, len(s.At), n), make([]float64, len(s.Value), n)
		copy(at, s.At)
		copy(v, s.Value)
		s.At, s.Value = at, v
	}
	s.At, s.Value = append(s.At, d), append(s.Value, v)
}

func sameValue(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

// event kinds of the per-association event stream; the order is the order
// of events of one run at one instant.
const (
	evStart    uint8 = iota // an execution started: den is its target count
	evDispatch              // a target run was dispatched
	evSuccess               // a run finished Success
	evFailure               // a run finished Failed (undeliverable included) or TimedOut
	evOther                 // a run finished otherwise (Cancelled)
)

// tevent is one event of an association's stream: 24 bytes, held only
// until its execution is folded into the series.
type tevent struct {
	at   time.Duration
	seq  uint64 // execution, then run within it, then dispatch before finish
	node int32  // or the target count of an evStart
	kind uint8
}

// assocAcc turns an association's events into its series. An association
// runs one execution at a time, so each execution's events are sorted and
// folded in on their own (flush) before the next one's arrive: memory stays
// bounded by one execution, and a value set twice at one instant (the end
// of one execution, the start of the next) keeps the later, exactly as one
// sort of everything would.
type assocAcc struct {
	events  []tevent // starts and dispatches not yet folded in: already in time order
	fins    []tevent // completions not yet folded in: in dispatch order, so unsorted
	started bool
	// Per node: the seq of its latest dispatch (0: none), with the low bit
	// set once that run finished Success — one table, one cache miss.
	latest                                         []uint64
	fleet                                          int // the fleet's size if known: latest grows no further at once
	inFlight, completed, failed, num, den, reached int
}

func runSeq(exec, run int, finish bool) uint64 {
	s := uint64(exec)<<33 | uint64(run+1)<<1
	if finish {
		s |= 1
	}
	return s
}

// Buffers recycled between analyses (a sweep analyses thousands of small
// runs one after another on each worker): the statistics' event streams,
// node tables and scratch. Storage only: each is emptied (a node table
// zeroed) before it is reused.
var (
	eventPool   sync.Pool // *[]tevent
	latestPool  sync.Pool // *[]uint64
	scratchPool sync.Pool // *scratch
)

func pooledEvents() []tevent {
	if p, _ := eventPool.Get().(*[]tevent); p != nil {
		return (*p)[:0]
	}
	return nil
}

func (a *assocAcc) start(at time.Duration, exec, targets int) {
	if a.events == nil {
		a.events = pooledEvents()
	}
	if a.fins == nil { // not always with events: a pulled execution may leave completions only
		a.fins = pooledEvents()
	}
	// One dispatch and one completion per target: grown once, not doubled.
	a.events, a.fins = slices.Grow(a.events, targets+1), slices.Grow(a.fins, targets)
	a.events = append(a.events, tevent{at: at, seq: runSeq(exec, -1, false), node: int32(targets), kind: evStart})
}

func byTimeThenSeq(x, y tevent) int {
	if c := cmp.Compare(x.at, y.at); c != 0 {
		return c
	}
	return cmp.Compare(x.seq, y.seq)
}

func (a *assocAcc) run(origin int64, exec, ri int, tr result.RunTicks) {
	a.dispatched(origin, exec, ri, tr)
	a.finished(origin, exec, ri, tr)
}

// dispatched and finished take instants as Unix nanoseconds, origin the
// run's start.
func (a *assocAcc) dispatched(origin int64, exec, ri int, tr result.RunTicks) {
	a.events = append(a.events, tevent{at: time.Duration(tr.Dispatched - origin), seq: runSeq(exec, ri, false), node: tr.Node, kind: evDispatch})
}

func (a *assocAcc) finished(origin int64, exec, ri int, tr result.RunTicks) {
	tr.Index = int32(ri)
	if e, ok := finishEvent(origin, exec, &tr); ok {
		a.fins = append(a.fins, e)
	}
}

// finishEvent is run tr's completion event, if it finished. By pointer:
// runs are read from buffers just filled member by member, and a copy of
// one would wait for those stores.
func finishEvent(origin int64, exec int, tr *result.RunTicks) (tevent, bool) {
	if tr.Finished == 0 {
		return tevent{}, false
	}
	kind := evOther
	switch tr.Status {
	case result.RunSuccess:
		kind = evSuccess
	case result.RunFailed, result.RunTimedOut:
		kind = evFailure
	}
	return tevent{at: time.Duration(tr.Finished - origin), seq: runSeq(exec, int(tr.Index), true), node: tr.Node, kind: kind}, true
}

// flush folds the pending events before upTo into the association's
// series and compliance figures, sampling each series after all events of
// an instant; later events stay pending (an execution still running when
// the next one starts), so the order is that of one sort of everything.
func (a *assocAcc) flush(st *AssociationStats, origin time.Time, upTo time.Duration) {
	// Starts and dispatches come in time order already (checked, in case a
	// caller's results don't); completions are sorted, then both merged.
	a.sortPending()
	srcs := [2]source{{buf: a.events}, {buf: a.fins}}
	a.fold(st, origin, upTo, srcs[:])
	a.events = a.events[:copy(a.events, a.events[srcs[0].i:])] // the rest, in the same buffers
	a.fins = a.fins[:copy(a.fins, a.fins[srcs[1].i:])]
}

func (a *assocAcc) sortPending() {
	for _, s := range [][]tevent{a.events, a.fins} {
		if !slices.IsSortedFunc(s, byTimeThenSeq) {
			slices.SortFunc(s, byTimeThenSeq)
		}
	}
}

// source is one stream of events in (time, seq) order: a buffer, and fill
// to refill it once read (nil when there is nothing more).
type source struct {
	buf  []tevent
	i    int
	fill func(buf []tevent) []tevent
}

func (s *source) head() (tevent, bool) {
	if s.i < len(s.buf) {
		return s.buf[s.i], true
	}
	return s.refill()
}

func (s *source) refill() (tevent, bool) {
	if s.fill == nil {
		return tevent{}, false
	}
	if s.buf, s.i = s.fill(s.buf[:0]), 0; len(s.buf) == 0 {
		s.fill = nil
		return tevent{}, false
	}
	return s.buf[0], true
}

// fold folds the events of srcs before upTo, merged in (time, seq) order
// on the fly, never materialised: at a million targets the merged stream
// would be tens of megabytes written once and read once. Each source is
// left at its first event from upTo on.
func (a *assocAcc) fold(st *AssociationStats, origin time.Time, upTo time.Duration, srcs []source) {
	// Only the sources with something in them take part: a pulled
	// execution usually has nothing pending, so two streams are merged.
	var live [4]*source
	act := live[:0]
	for k := range srcs {
		if _, ok := srcs[k].head(); ok {
			act = append(act, &srcs[k])
		}
	}
	var from *source // the source peek returned
	peek := func() (tevent, bool) {
		if len(act) == 2 { // the usual case: dispatches and completions, both with events at hand
			x, y := act[0], act[1]
			if x.i < len(x.buf) && y.i < len(y.buf) {
				from = x
				e := x.buf[x.i]
				if f := y.buf[y.i]; f.at < e.at || (f.at == e.at && f.seq < e.seq) {
					from, e = y, f
				}
				return e, e.at < upTo
			}
		}
		var best tevent
		from = nil
		for k := 0; k < len(act); k++ {
			e, ok := act[k].head()
			if !ok { // spent: out of the merge
				act = append(act[:k], act[k+1:]...)
				k--
				continue
			}
			if from == nil || byTimeThenSeq(e, best) < 0 {
				best, from = e, act[k]
			}
		}
		return best, from != nil && best.at < upTo
	}
	a.begin(st, origin)
	latest := a.latest
	inFlight, completed, failed, num, den, reached := a.inFlight, a.completed, a.failed, a.num, a.den, a.reached
	first := st.FirstStart.Sub(origin)
	var bucket time.Duration // the resolution step whose values are pending
	var pending bool
	var vIn, vDone, vFail, vComp float64
	setAll := func(at time.Duration) {
		st.InFlight.set(at, vIn)
		st.Completed.set(at, vDone)
		st.Failed.set(at, vFail)
		st.Compliance.set(at, vComp)
	}
	for e, ok := peek(); ok; e, ok = peek() {
		t := e.at
		for ; ok && e.at == t; e, ok = peek() {
			from.i++
			if e.kind == evStart {
				den = int(e.node)
				continue
			}
			n := int(e.node)
			if n < 0 {
				continue
			}
			if n >= len(latest) {
				latest = a.grow(latest, n, den)
			}
			if e.kind == evDispatch {
				inFlight++
				if latest[n]&1 != 0 {
					num-- // its run is no longer the latest
				}
				latest[n] = e.seq
				continue
			}
			inFlight--
			completed++
			if e.kind == evFailure {
				failed++
			}
			if latest[n]&^1 != e.seq&^1 {
				continue // a newer run of the node has been dispatched
			}
			if ok := e.kind == evSuccess; ok != (latest[n]&1 != 0) {
				latest[n] ^= 1
				if ok {
					num++
				} else {
					num--
				}
			}
		}
		// The series keep one point per resolution step, the last value
		// of it: a step's values are set once, when the next step begins
		// (one set then is what setting each instant's would leave).
		if b := step(t); !pending || b != bucket {
			if pending {
				setAll(bucket)
			}
			bucket, pending = b, true
		}
		vIn, vDone, vFail = float64(inFlight), float64(completed), float64(failed)
		if den <= 0 {
			vComp = math.NaN()
			continue
		}
		vComp = min(1, float64(num)/float64(den))
		for ; reached < len(milestonePercents) && int64(num)*100 >= milestonePercents[reached]*int64(den); reached++ {
			*st.TimeTo.at(reached) = (t - first).Seconds()
		}
	}
	if pending {
		setAll(bucket)
	}
	a.latest = latest
	a.inFlight, a.completed, a.failed, a.num, a.den, a.reached = inFlight, completed, failed, num, den, reached
}

// begin starts the association's series at its first fold.
func (a *assocAcc) begin(st *AssociationStats, origin time.Time) {
	if a.started {
		return
	}
	a.started = true
	st.InFlight, st.Completed, st.Failed, st.Compliance = Series{}, Series{}, Series{}, Series{}
	zero := time.Duration(0) // counts are 0 from the run's start (or the first execution, if earlier)
	if st.FirstExecution >= 0 {
		zero = min(0, st.FirstStart.Sub(origin))
	}
	for _, s := range []*Series{&st.InFlight, &st.Completed, &st.Failed} {
		s.set(zero, 0)
	}
}

// grow makes room for node n in latest: doubling, as node numbers arrive
// in rising order, but at least the execution's target count (den) at
// once, so that a rollout over the whole fleet allocates its table one
// time, not twenty (at ten million nodes the copies were 200 MB).
func (a *assocAcc) grow(latest []uint64, n, den int) []uint64 {
	if latest == nil {
		if p, _ := latestPool.Get().(*[]uint64); p != nil {
			latest = (*p)[:0]
		}
	}
	target := max(2*len(latest), den)
	if a.fleet > n {
		target = min(target, a.fleet)
	}
	grow := max(n+1, target) - len(latest)
	latest = slices.Grow(latest, grow)[:len(latest)+grow]
	clear(latest[len(latest)-grow:]) // a pooled table's old entries
	return latest
}

// tickCursor is what a *sim.Sim offers for statistics beyond tickResults:
// an execution's runs read a batch at a time, in dispatch order and in
// completion order, so that its events are merged straight from the
// simulation's records instead of being copied first.
type tickCursor interface {
	TargetTicksFrom(exec int, from *int, buf []result.RunTicks) int
	CompletionTicksFrom(exec, k int, buf []result.RunTicks) int
}

// foldFinished folds a finished execution's events straight from the
// simulation (c), handing each run to fig in dispatch order as it
// passes (the execution's own figures: one pass over its records for
// both), with what is pending, up to the instant of its last
// completion; the events of that instant stay pending, as the next
// execution may start then. That is the order one sort of everything
// gives, because the simulation runs an association's executions one at a
// time: the next one is created no earlier than this one's last
// completion.
func (a *assocAcc) foldFinished(st *AssociationStats, origin time.Time, c tickCursor, ex result.ExecutionResult, fig *runFigures, b *pullBuffers) {
	a.sortPending()
	if len(a.events) == 0 && len(a.fins) == 0 && ex.Status != model.StatusSkipped && ex.Created.Before(ex.LastExecution) &&
		a.foldDense(st, origin, c, ex, fig, b) {
		return
	}
	o := origin.UnixNano()
	ticks, runs := &b.ticks, &b.runs
	started := ex.Status == model.StatusSkipped // a skipped run resolves no targets (D8)
	ri := 0
	dispatches := func(buf []tevent) []tevent {
		if !started {
			started = true
			buf = append(buf, tevent{at: ex.Created.Sub(origin), seq: runSeq(ex.Index, -1, false), node: int32(ex.Targets + ex.Joined), kind: evStart})
		}
		batch := runs[:c.TargetTicksFrom(ex.Index, &ri, runs[:])]
		fig.addAll(batch)
		for i := range batch {
			tr := &batch[i]
			buf = append(buf, tevent{at: time.Duration(tr.Dispatched - o), seq: runSeq(ex.Index, int(tr.Index), false), node: tr.Node, kind: evDispatch})
		}
		return buf
	}
	k := 0
	completions := func(buf []tevent) []tevent {
		n := c.CompletionTicksFrom(ex.Index, k, ticks[:])
		k += n
		for i := range ticks[:n] {
			if e, ok := finishEvent(o, ex.Index, &ticks[i]); ok {
				buf = append(buf, e)
			}
		}
		return buf
	}
	srcs := [4]source{{buf: a.events}, {buf: a.fins}, {buf: b.dispatches[:0], fill: dispatches}, {buf: b.completions[:0], fill: completions}}
	a.fold(st, origin, ex.LastExecution.Sub(origin), srcs[:])
	a.events = a.events[:copy(a.events, a.events[srcs[0].i:])]
	a.fins = a.fins[:copy(a.fins, a.fins[srcs[1].i:])]
	a.events = drain(&srcs[2], a.events)
	a.fins = drain(&srcs[3], a.fins)
}

// pullBuffers are foldFinished's batches, kept with the statistics'
// scratch so that an execution's fold allocates none (a sweep runs
// thousands of one-execution simulations).
type pullBuffers struct {
	ticks, runs             [pullBatch]result.RunTicks
	dispatches, completions [pullBatch + 1]tevent // a batch of runs, and the start
	steps                   []tally               // foldDense's table
	decs                    []time.Duration
}

// pullBatch is how many runs are read at a time: each batch costs two
// calls and their set-up, which at 64 runs were a twentieth of the
// statistics at 10,000 nodes; 256 runs' RunTicks (8 KB) still sit in the
// first-level cache.
const pullBatch = 256

// drain appends what is left of s to dst.
func drain(s *source, dst []tevent) []tevent {
	for e, ok := s.head(); ok; e, ok = s.head() {
		if dst == nil {
			dst = pooledEvents()
		}
		dst = append(dst, e)
		s.i++
	}
	return dst
}

// finish folds in what is pending and closes the association's figures.
func (a *assocAcc) finish(st *AssociationStats, origin time.Time) {
	a.flush(st, origin, math.MaxInt64)
	st.FinalCompliance = st.Compliance.Last()
	for _, evs := range [][]tevent{a.events, a.fins} {
		if cap(evs) > 0 {
			evs = evs[:0]
			eventPool.Put(&evs)
		}
	}
	if cap(a.latest) > 0 {
		latest := a.latest[:0]
		latestPool.Put(&latest)
	}
	a.events, a.fins, a.latest = nil, nil, nil
}
