package reports

import (
	"math"
	"slices"
	"time"

	"github.com/ssmsim/ssmsim/sim/result"
)

// denseRuns is how many runs each step of foldDense's table must stand for
// at least (once the table is past denseFloor steps): the table costs 24
// bytes a step, so it stays within 12 bytes a run however long the
// execution; a longer one is merged event by event (foldFinished). Tests
// set it to 0 to merge every execution.
var denseRuns, denseFloor = 2, 1 << 16

// foldDense is foldFinished for an execution with nothing pending before
// it (the usual case: Add has folded everything before its creation),
// without merging its events. The series keep one point per resolution
// step, the value after its last event, so one pass over the runs in
// dispatch order counts them into a table of steps: each run adds its
// dispatch to its dispatch's step and its completion to its completion's
// step (node n's run is the only one of n in the execution, so it is n's
// latest when it finishes, as in the merged fold). The completion order
// is read only for a step in which a milestone may be reached — where
// compliance before it plus every run made compliant in it reaches the
// next milestone — to find the instant; a rollout that has reached its
// milestones never reads it. It reports false, having done nothing, when
// the table would be too large.
func (a *assocAcc) foldDense(st *AssociationStats, origin time.Time, c tickCursor, ex result.ExecutionResult, fig *runFigures, b *pullBuffers) bool {
	created, upTo := ex.Created.Sub(origin), ex.LastExecution.Sub(origin)
	base := step(created)
	span := int((step(upTo)-base)/SeriesResolution) + 1
	if denseRuns == 0 || span > max(ex.Dispatched/denseRuns, denseFloor) {
		return false
	}
	a.begin(st, origin)
	o := origin.UnixNano()
	den := ex.Targets + ex.Joined
	latest := a.latest
	watch := a.reached < len(milestonePercents) && den > 0
	if a.events == nil {
		a.events = pooledEvents()
	}
	if a.fins == nil {
		a.fins = pooledEvents()
	}
	bins := b.steps[:0] // tallies by step from the start's
	bins = slices.Grow(bins, span)[:span]
	clear(bins)
	bins[0].seen = true // the start
	pass := denseTally{a: a, bins: bins, latest: latest, decs: b.decs[:0], o: o, upTo: upTo, exec: ex.Index, den: den,
		watch: watch, steps: newStepCache(base)}
	for ri := 0; ; {
		n := c.TargetTicksFrom(ex.Index, &ri, b.runs[:])
		if n == 0 {
			break
		}
		fig.addAll(b.runs[:n])
		pass.add(b.runs[:n])
	}
	latest, decs := pass.latest, pass.decs
	first := st.FirstStart.Sub(origin)
	inFlight, completed, failed, num, reached := a.inFlight, a.completed, a.failed, a.num, a.reached
	k, dp := 0, 0 // completions in the steps before; dispatches that took compliance away before the step
	for i := range bins {
		x := &bins[i]
		if !x.seen {
			continue
		}
		at := base + time.Duration(i)*SeriesResolution
		if watch && reached < len(milestonePercents) && int64(num+int(x.gained))*100 >= milestonePercents[reached]*int64(den) {
			for dp < len(decs) && step(decs[dp]) < at {
				dp++
			}
			reached = a.milestonesIn(st, c, ex, b, origin, first, created, at, k, int(x.done), num, decs[dp:], den, reached)
		}
		inFlight += int(x.dispatched - x.done)
		completed += int(x.done)
		failed += int(x.failed)
		num += int(x.gained - x.lost)
		k += int(x.done)
		vComp := math.NaN()
		if den > 0 {
			vComp = min(1, float64(num)/float64(den))
		}
		st.InFlight.set(at, float64(inFlight))
		st.Completed.set(at, float64(completed))
		st.Failed.set(at, float64(failed))
		st.Compliance.set(at, vComp)
	}
	b.steps, b.decs = bins, decs
	a.latest = latest
	a.inFlight, a.completed, a.failed, a.num, a.den, a.reached = inFlight, completed, failed, num, den, reached
	return true
}

// milestonesIn finds the milestones reached in the step ending at at: the
// instants are the start (if in it) and the step's completions, the k-th
// to the (k+done-1)-th in completion order; num is compliance before the
// step and decs, from the step on, the dispatches that took it away.
func (a *assocAcc) milestonesIn(st *AssociationStats, c tickCursor, ex result.ExecutionResult, b *pullBuffers, origin time.Time, first, created, at time.Duration, k, done, num int, decs []time.Duration, den, reached int) int {
	o := origin.UnixNano()
	gained, lost := 0, 0
	check := func(t time.Duration) {
		for lost < len(decs) && decs[lost] <= t {
			lost++
		}
		for n := num + gained - lost; reached < len(milestonePercents) && int64(n)*100 >= milestonePercents[reached]*int64(den); reached++ {
			*st.TimeTo.at(reached) = (t - first).Seconds()
		}
	}
	cur, due := created, step(created) == at
	for done > 0 {
		n := c.CompletionTicksFrom(ex.Index, k, b.ticks[:min(done, len(b.ticks))])
		if n == 0 {
			break
		}
		k, done = k+n, done-n
		for i := range b.ticks[:n] {
			e, _ := finishEvent(o, ex.Index, &b.ticks[i])
			if due && e.at != cur {
				check(cur)
			}
			cur, due = e.at, true
			if e.kind == evSuccess {
				gained++
			}
		}
	}
	if due {
		check(cur)
	}
	return reached
}

// stepIndex is the index of step(at) among the steps from base, a step:
// (step(at)-base)/SeriesResolution, for at > base-SeriesResolution (an
// execution's instants, from its creation on), with one division.
func stepIndex(base, at time.Duration) int {
	return int((at - base + SeriesResolution - 1) / SeriesResolution)
}

// tally is what one resolution step of an execution's events changes in
// the association's figures: 24 bytes.
type tally struct {
	dispatched, done, failed int32
	gained, lost             int32 // runs that made their node compliant; dispatches that took a compliant node's latest run away
	seen                     bool  // an event fell in it
}

// stepCache is stepIndex from base, keeping the last step found: instants
// that come in time order mostly fall in the step of the one before, found
// then without a division.
type stepCache struct {
	base, from time.Duration // the last step is (from, from+SeriesResolution]
	i          int           // and its index
}

func newStepCache(base time.Duration) stepCache {
	return stepCache{base: base, from: base - 2*SeriesResolution, i: -1}
}

func (c *stepCache) index(at time.Duration) int {
	if uint64(at-c.from-1) >= uint64(SeriesResolution) {
		c.i = stepIndex(c.base, at)
		c.from = c.base + time.Duration(c.i-1)*SeriesResolution
	}
	return c.i
}

// denseTally is foldDense's pass over an execution's runs: each run's
// dispatch and completion counted into the table of steps, and its node's
// latest run set. A function of its own, with what every run needs in
// locals: in foldDense they were read back from the stack at every run.
type denseTally struct {
	a      *assocAcc
	bins   []tally
	latest []uint64
	decs   []time.Duration // dispatches that took compliance away, while milestones are watched
	o      int64           // the run's start, Unix ns
	upTo   time.Duration   // events from here on stay pending
	exec   int
	den    int
	watch  bool
	steps  stepCache // dispatches come in time order: most fall in the step of the one before
}

// add counts runs, in dispatch order: most in fast, which makes no call
// (so what every run needs stays in registers: a call would have it all
// saved and read back from the stack), the others in one.
func (d *denseTally) add(runs []result.RunTicks) {
	for i := 0; i < len(runs); i++ {
		if i = d.fast(runs, i); i < len(runs) {
			d.one(runs, i)
		}
	}
}

// fast counts runs from the i-th on until one needs more than counting —
// an event from upTo on, a node past the latest table, no room for a
// dispatch to watch — and returns its index (len(runs) if none does).
func (d *denseTally) fast(runs []result.RunTicks, i int) int {
	bins, latest, decs, o, upTo, exec, watch := d.bins, d.latest, d.decs, d.o, d.upTo, d.exec, d.watch
	steps := d.steps
	base := steps.base
	for ; i < len(runs); i++ {
		tr := &runs[i] // not a copy: it would wait for the stores that filled the buffer
		at := time.Duration(tr.Dispatched - o)
		fat := time.Duration(tr.Finished - o)
		nd := int(tr.Node)
		if at >= upTo || fat >= upTo || uint(nd) >= uint(len(latest)) || (watch && len(decs) == cap(decs)) {
			break
		}
		bk := &bins[steps.index(at)]
		bk.seen = true
		bk.dispatched++
		if latest[nd]&1 != 0 {
			bk.lost++
			if watch {
				decs = decs[:len(decs)+1] // room checked: no append, whose growth is a call
				decs[len(decs)-1] = at
			}
		}
		latest[nd] = runSeq(exec, int(tr.Index), false)
		if tr.Finished == 0 {
			continue
		}
		fb := &bins[stepIndex(base, fat)]
		fb.seen = true
		fb.done++
		switch tr.Status { // as finishEvent's kinds
		case result.RunFailed, result.RunTimedOut:
			fb.failed++
		case result.RunSuccess:
			latest[nd] |= 1
			fb.gained++
		}
	}
	d.decs, d.steps = decs, steps
	return i
}

// one counts runs[i], which fast left: it keeps the events from upTo on
// pending, makes room for the node and the dispatch to watch, and has
// fast count the rest.
func (d *denseTally) one(runs []result.RunTicks, i int) {
	a, o, upTo, exec := d.a, d.o, d.upTo, d.exec
	tr := runs[i]
	if at := time.Duration(tr.Dispatched - o); at >= upTo {
		a.events = append(a.events, tevent{at: at, seq: runSeq(exec, int(tr.Index), false), node: tr.Node, kind: evDispatch})
		if fin, done := finishEvent(o, exec, &tr); done {
			a.fins = append(a.fins, fin)
		}
		return
	}
	if nd := int(tr.Node); nd >= len(d.latest) {
		d.latest = a.grow(d.latest, nd, d.den)
	}
	if d.watch && len(d.decs) == cap(d.decs) {
		d.decs = slices.Grow(d.decs, 1)
	}
	if tr.Finished != 0 && time.Duration(tr.Finished-o) >= upTo {
		fin, _ := finishEvent(o, exec, &tr)
		a.fins = append(a.fins, fin)
		tr.Finished = 0 // its dispatch is counted, its completion pending
	}
	if d.fast([]result.RunTicks{tr}, 0) != 1 {
		panic("reports: a run left uncounted")
	}
}
