package sim

import (
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/engine"
	"github.com/ssmsim/ssmsim/sim/status"
)

// execution is one run of an association over a snapshot of its targets.
type execution struct {
	index       int32
	assoc       int32
	version     int32 // index into the association's versions
	id          string
	trigger     trigger
	created     engine.Time
	last        engine.Time // latest target completion (D12)
	targets     []int32     // resolved targets in dispatch order; released when done
	total       int32       // len(targets) at resolution
	next        int32       // next target to dispatch
	inflight    int32
	peak        int32
	concurrency int32
	threshold   int
	errors      int32
	stop        StopReason
	done        bool
	records     []targetRecord
	counts      status.Counts
	alarm       *model.AlarmConfiguration
	triggered   []model.AlarmStateInformation
	gate        gate
	skipped     bool                // a closed calendar skipped this run (D8)
	haltedAt    engine.Time         // when something stopped its dispatching (0: never)
	doneOrder   []int32             // records in the order they finished, until reported (completion)
	wide        map[int32]wideTimes // instants of records that whole milliseconds from creation do not hold
	extra       int32               // targets dispatched outside the budget (D4)
	extraFlying int32               // of which in flight
	forgotten   bool                // past the retention window: rows freed (D19)
	undelivered int32               // Failed rows the agent never received (D7)
	byID        []int32             // records by ResourceId (D20), built for reads; valid while len(records) == len(byID)
}

// joinRunning dispatches node n, a new target, into running execution e
// outside its concurrency budget (D4) — if e may still dispatch and its
// alarm gate lets it (D9 polls before every dispatch).
func (s *Sim) joinRunning(e *execution, n int32) {
	if !e.open() || e.has(n) {
		return
	}
	// One target, outside the budget: rate control has room for it.
	g := s.gates(e)
	d := decide(&rateState{Concurrency: 1, Remaining: 1, Errors: int(e.errors), Threshold: e.threshold}, &g)
	if d.Stop != StopNone {
		s.halt(e, d.Stop, g)
		return
	}
	s.dispatchNode(e, n, true)
}

// open reports whether the execution may still dispatch: nothing stopped it
// and its errors have not exceeded the threshold.
func (e *execution) open() bool { return e.stop == StopNone && !exceeded(int(e.errors), e.threshold) }

// has reports whether node n is among the execution's targets, dispatched or not.
func (e *execution) has(n int32) bool {
	for _, t := range e.targets {
		if t == n {
			return true
		}
	}
	for i := range e.records {
		if e.records[i].node == n {
			return true
		}
	}
	return false
}

// startExecution resolves the association's targets and starts dispatching.
func (s *Sim) startExecution(ai int32, trig trigger) {
	a := s.assocs[ai]
	if a.deleted || (a.spent && trig != triggerManual) {
		return
	}
	v := a.version()
	g := gate{names: v.info.CalendarNames}
	if !s.isOpen(&g) {
		s.calendarClosed(a, trig, g)
		return
	}
	var targets []int32
	if trig == triggerTargetChange {
		set := s.fleet.compile(v.info.Targets)
		seen := make(map[int32]bool, len(a.joiners))
		for _, n := range a.joiners { // in join order; a node may have appeared twice
			if !seen[n] && set.matches(s.fleet, n) {
				targets = append(targets, n)
			}
			seen[n] = true
		}
		a.joiners = nil
		if a.running >= 0 { // a run began meanwhile: join it, outside its budget (D4)
			e := s.execs[a.running]
			for _, n := range targets {
				s.joinRunning(e, n)
			}
			return
		}
	}
	if a.running >= 0 {
		a.pending = trig // one execution at a time: run again when this one ends
		return
	}
	if trig != triggerTargetChange {
		// A schedule's executions over an unchanged fleet select the same
		// nodes: resolved once (a million-node rollout resolves 48 times a
		// day otherwise).
		if !v.hasResolved || v.resolvedAt != s.fleet.gen {
			v.resolved, v.resolvedAt, v.hasResolved = s.fleet.resolve(v.info.Targets), s.fleet.gen, true
		}
		targets = v.resolved
	}
	n := len(targets)
	d := s.cfg.Decisions
	threshold := model.Unlimited // D3: no MaxErrors, never stop for errors
	if v.hasErrs {
		threshold = v.errs.ErrorThreshold(n, d.ErrorRounding)
	}
	ei := int32(len(s.execs))
	id := s.streams.UUID(streamExecID, uint64(ai), uint64(len(a.execs)))
	if a.runOnce() && len(a.execs) == 0 {
		id = a.id // D17: a run-once association's execution reuses its AssociationId
	}
	e := &execution{
		index: ei, assoc: ai, version: int32(len(a.versions) - 1), id: id, trigger: trig,
		created: s.eng.Now(), targets: targets, total: int32(n),
		concurrency: int32(min(v.conc.Concurrency(n, d.ConcurrencyRounding), max(n, 1))),
		threshold:   threshold, alarm: v.alarm, gate: g,
	}
	e.records, e.doneOrder = s.rows(n)
	s.execs = append(s.execs, e)
	a.execs = append(a.execs, ei)
	a.running = ei
	a.cover(targets)
	for _, n := range targets { // targets that never ran the association are Pending until they do
		if ref := a.node(n, s.fleet.Len()); ref.exec == -1 {
			ref.exec = refPending
			a.agg[status.Pending]++
		}
	}
	s.trace(Trace{Kind: TraceExecutionStarted, At: s.Now(), Execution: int(ei), Node: -1,
		Status: model.StatusInProgress, Concurrency: int(e.concurrency), Threshold: threshold})
	if v.info.Duration > 0 {
		s.eng.Schedule(e.created.Add(time.Duration(v.info.Duration)*time.Hour), classCutoff, kindCutoff, ei, 0)
	}
	s.step(e, true)
}

// calendarClosed handles a run due while one of the association's change
// calendars is closed (D8): the interval is recorded as a Skipped execution
// (no target runs, ResourceCountByStatus "{}"); a run-once association
// never runs (user guide: the window has passed); new targets wait for the
// calendar to open.
func (s *Sim) calendarClosed(a *association, trig trigger, g gate) {
	if trig == triggerTargetChange {
		if g.until != 0 { // retry the joiners when the calendars next change
			s.eng.Schedule(g.until, classStart, kindExecStart, a.index, int32(triggerTargetChange))
		}
		return
	}
	if a.runOnce() && trig != triggerManual {
		a.spent = true
	}
	if s.cfg.Decisions.UnrecordedCalendarSkips {
		return
	}
	now := s.eng.Now()
	ei := int32(len(s.execs))
	e := &execution{index: ei, assoc: a.index, version: int32(len(a.versions) - 1), trigger: trig,
		id:      s.streams.UUID(streamExecID, uint64(a.index), uint64(len(a.execs))),
		created: now, last: now, done: true, skipped: true, threshold: model.Unlimited, gate: g}
	if a.runOnce() && len(a.execs) == 0 {
		e.id = a.id // D17
	}
	s.execs = append(s.execs, e)
	a.execs = append(a.execs, ei)
	s.trace(Trace{Kind: TraceExecutionStarted, At: s.Now(), Execution: int(ei), Node: -1, Status: model.StatusSkipped, Threshold: model.Unlimited})
	s.trace(Trace{Kind: TraceExecutionFinished, At: s.Now(), Execution: int(ei), Node: -1, Status: model.StatusSkipped, Threshold: model.Unlimited})
	s.retire(a)
}

// stop ends an execution's dispatching for good; in-flight targets finish.
func (s *Sim) stop(e *execution, why StopReason) {
	if e.done || e.stop != StopNone {
		return
	}
	e.stop, e.haltedAt = why, s.eng.Now()
	s.trace(Trace{Kind: TraceHalted, At: s.Now(), Execution: int(e.index), Node: -1,
		InFlight: int(e.inflight), Concurrency: int(e.concurrency), Errors: int(e.errors),
		Threshold: e.threshold, Stop: why})
	s.pump(e)
}

// cutoff is the Duration cut-off: in-flight targets are cancelled (D7:
// Cancelled, not an error) and nothing more is dispatched.
func (s *Sim) cutoff(ei int32) {
	e := s.execs[ei]
	if e == nil || e.done { // nil: purged with its deleted association
		return
	}
	now := s.eng.Now()
	a := s.assocs[e.assoc]
	for ri := range e.records {
		r := &e.records[ri]
		if r.status != status.InProgress && r.status != status.Pending {
			continue
		}
		from := r.status
		e.counts[from]--
		r.status, r.outcome, r.detail = status.Cancelled, status.Cancelled, status.Same
		e.setFinished(int32(ri), r, now)
		e.counts[status.Cancelled]++
		e.land(r.extra)
		e.doneOrder = append(e.doneOrder, int32(ri))
		e.last = now
		if ref := a.node(r.node, s.fleet.Len()); ref.exec == ei && ref.rec == int32(ri) {
			a.moveLatest(ref, ei, int32(ri), from, status.Cancelled, s.execs)
		}
		s.trace(Trace{Kind: TraceFinished, At: s.Now(), Execution: int(ei), Node: int(r.node),
			Status: model.StatusCancelled, InFlight: int(e.inflight), Concurrency: int(e.concurrency),
			Errors: int(e.errors), Threshold: e.threshold})
	}
	if e.next < e.total || e.counts[status.Cancelled] > 0 {
		s.stop(e, StopDuration)
	}
}

// pump lets rate control act after a change (a completion, a stop), and
// finishes the execution when nothing is in flight and nothing more will
// be sent.
func (s *Sim) pump(e *execution) { s.step(e, false) }

// step decides what the execution does next and applies it (decide.go):
// dispatch, stop, or wait; then finishes it when nothing is in flight and
// nothing more will be sent.
func (s *Sim) step(e *execution, starting bool) {
	if e.stop == StopNone {
		// Member by member, and decide reads it where it is: a literal is
		// built aside and copied with wide loads, which wait for its
		// narrow stores (see setTicks).
		var r rateState
		r.InFlight, r.Concurrency, r.Errors, r.Threshold = int(e.inflight), int(e.concurrency), int(e.errors), e.threshold
		r.Remaining, r.Starting = int(e.total-e.next), starting
		var g gateState
		if (starting || (r.Concurrency > r.InFlight && r.Remaining > 0)) && e.gated() { // the gates matter only then
			g = s.gates(e)
		}
		d := decide(&r, &g)
		if d.Stop != StopNone {
			s.halt(e, d.Stop, g)
			return
		}
		for range d.Dispatch {
			s.dispatch(e)
		}
	}
	if !e.done && e.inflight == 0 && e.extraFlying == 0 && (e.next == e.total || e.stop != StopNone) {
		s.finish(e)
	}
}

// gated reports whether the execution has gates at all (most have none:
// their decisions skip reading them).
func (e *execution) gated() bool { return len(e.gate.names) > 0 || e.alarm != nil }

// gates reads an execution's gates at this instant: its change calendars
// (D8) and its alarm (D9).
func (s *Sim) gates(e *execution) gateState {
	var g gateState
	g.CalendarClosed = !s.isOpen(&e.gate)
	g.Alarm, g.AlarmClosed = s.pollAlarm(e.alarm)
	return g
}

// halt applies a decision to stop: an alarm stop records TriggeredAlarms.
func (s *Sim) halt(e *execution, why StopReason, g gateState) {
	if why == StopAlarm && g.AlarmClosed {
		e.triggered = []model.AlarmStateInformation{g.Alarm}
	}
	s.stop(e, why)
}

// dispatch sends the run to the next target: the outcome and duration are
// drawn now from the node's own stream, and its completion is scheduled.
func (s *Sim) dispatch(e *execution) {
	n := e.targets[e.next]
	e.next++
	s.dispatchNode(e, n, false)
}

// dispatchNode sends the run to node n, inside the concurrency budget or
// (extra) outside it.
func (s *Sim) dispatchNode(e *execution, n int32, extra bool) {
	now := s.eng.Now()
	outcome, det, dur, pickup := s.draw(n)
	if d := s.assocs[e.assoc].versions[e.version].doc; d != nil && !d.Supports(s.fleet.Platform(int(n))) {
		outcome, det, dur, pickup = status.Failed, status.InvalidPlatform, 0, 0 // Run Command: Invalid Platform, not an error
	}
	first := status.InProgress
	if pickup > 0 {
		first = status.Pending // until the agent picks it up
	}
	ri := int32(len(e.records))
	e.records = append(e.records, targetRecord{}) // set member by member: a literal copied in stalls (setTicks)
	r := &e.records[ri]
	r.node, r.status, r.outcome, r.detail, r.extra = n, first, outcome, det, extra
	if end := now + engine.Time(pickup+dur); !e.setRun(r, now, end) { // planned: the completion only sets the status
		e.setDispatched(ri, r, now)
		e.setFinished(ri, r, end)
	}
	if extra {
		e.extra++
		e.extraFlying++
	} else {
		e.inflight++
		e.peak = max(e.peak, e.inflight)
	}
	e.counts[first]++
	a := s.assocs[e.assoc]
	ref := a.ref(n) // no call: the window took in the targets as the execution started
	if ref == nil {
		ref = a.node(n, s.fleet.Len())
	}
	a.moveLatest(ref, e.index, ri, status.None, first, s.execs)
	if pickup > 0 { // scheduled first: at one instant the pickup comes before the completion
		s.eng.Schedule3(now+engine.Time(pickup), classCompletion, kindPickedUp, e.index, ri, n)
	}
	s.eng.ScheduleAux(now+engine.Time(pickup+dur), classCompletion, kindTargetDone, doneAux(outcome, det, extra), e.index, ri, n)
	if s.observer != nil { // per run: the trace is not even built without one
		s.trace(Trace{Kind: TraceDispatched, At: s.Now(), Execution: int(e.index), Node: int(n),
			Status: model.StatusInProgress, InFlight: int(e.inflight), Concurrency: int(e.concurrency),
			Errors: int(e.errors), Threshold: e.threshold, OutsideBudget: extra})
	}
}

// pickedUp moves a Pending target to InProgress: its node's agent has
// picked the run up (Behavior.Pickup).
func (s *Sim) pickedUp(ei, ri, n int32) {
	e := s.execs[ei]
	r := &e.records[ri]
	if r.status != status.Pending {
		return // cancelled by the Duration cut-off meanwhile
	}
	e.counts[status.Pending]--
	r.status = status.InProgress
	e.counts[status.InProgress]++
	a := s.assocs[e.assoc]
	if ref := a.node(n, s.fleet.Len()); ref.exec == ei && ref.rec == ri {
		a.moveLatest(ref, ei, ri, status.Pending, status.InProgress, s.execs)
	}
}

// land takes a finished run off the in-flight count it was on: the
// budget's, or (extra) that of the runs outside it (D4).
func (e *execution) land(extra bool) {
	if extra {
		e.extraFlying--
	} else {
		e.inflight--
	}
}

// draw decides how node n's run will end, how long it takes and how long
// the agent takes to pick it up. It always makes the same two draws from
// the node's stream (outcome, then duration), so changing a probability
// never shifts the durations; a behaviour with a Pickup distribution makes
// a third, for a run that reaches the agent.
func (s *Sim) draw(n int32) (st status.Code, det status.Detail, dur, pickup int64) {
	f := s.fleet
	rng := &f.rng[n]
	u := float64(rng.Uint64()>>11) / (1 << 53)
	bi := f.behavior[n]
	b, sp := &f.behaviors[bi], &f.samplers[bi]
	dur = int64(sp.duration.sample(rng))
	if f.state[n] != nodeOnline {
		return status.Failed, status.Undeliverable, 0, 0 // D7: unreachable, not an error
	}
	if f.override[n] == OverrideOffline {
		return status.Failed, status.Undeliverable, 0, 0 // D7: undeliverable at once, not an error
	}
	if b.Pickup.Kind != "" {
		pickup = int64(sp.pickup.sample(rng))
	}
	switch f.override[n] {
	case OverrideAlwaysFail:
		return status.Failed, status.Same, dur, pickup
	case OverrideAlwaysSucceed:
		return status.Success, status.Same, dur, pickup
	}
	switch {
	case u < b.FailureProbability:
		return status.Failed, status.Same, dur, pickup
	case u < b.FailureProbability+b.TimeoutProbability:
		return status.TimedOut, status.ExecTimedOut, int64(b.Timeout), pickup
	}
	return status.Success, status.Same, dur, pickup
}

// doneAux packs what a completion needs of its run into its event's Aux
// byte: the outcome (3 bits), the detail (2), whether it was outside the
// budget, and a high bit so that 0 means none (events restored from a
// snapshot that predates it).
func doneAux(st status.Code, d status.Detail, extra bool) uint8 {
	aux := 0x80 | uint8(st) | uint8(d)<<3
	if extra {
		aux |= 0x20
	}
	return aux
}

// targetDone records a target's terminal status and lets rate control react.
// At a million nodes runs end in random order, and reading the run's
// record and its node's reference cost a cache miss each: so the outcome
// comes with the event (doneAux), the finish instant was planned at
// dispatch, and the node's reference is this run (nothing else dispatches
// the node while the execution runs: TestProperty_RunsInFlightAreTheirNodesLatest),
// so the completion only writes. Once a cut-off has cancelled runs, or
// for an event without the outcome, it reads them (targetDoneRead).
func (s *Sim) targetDone(ei, ri, n int32, aux uint8) {
	e := s.execs[ei]
	if aux == 0 || e.counts[status.Cancelled] > 0 {
		s.targetDoneRead(ei, ri, n)
		return
	}
	a := s.assocs[e.assoc]
	st, det := status.Code(aux&7), status.Detail(aux>>3&3)
	e.records[ri].status = st
	e.ended(ri, st, det, aux&0x20 != 0, s.eng.Now())
	a.agg[status.InProgress]-- // moveLatest of the node's latest run
	a.agg[st]++
	if decidesCompliance(st, det) {
		ref := a.ref(n) // no call: the window took n in when it was dispatched
		if ref == nil {
			ref = a.node(n, s.fleet.Len())
		}
		ref.compExec, ref.compRec = ei, ri
	}
	if s.observer != nil { // afterRun, written out: a call less a run
		s.traceFinished(e, n, st)
	}
	s.pump(e)
}

// ended counts record ri's run, in flight until now, as ended with status
// st and detail d; extra: it ran outside the budget (D4).
func (e *execution) ended(ri int32, st status.Code, d status.Detail, extra bool, now engine.Time) {
	e.counts[status.InProgress]--
	e.counts[st]++
	e.land(extra)
	e.doneOrder = append(e.doneOrder, ri)
	e.last = now
	if status.IsError(st, d) {
		e.errors++
	}
	if st == status.Failed && d == status.Undeliverable {
		e.undelivered++
	}
}

// afterRun traces node n's run ending with status st and lets rate
// control react.
func (s *Sim) afterRun(e *execution, n int32, st status.Code) {
	if s.observer != nil {
		s.traceFinished(e, n, st)
	}
	s.pump(e)
}

// traceFinished traces node n's run ending with status st.
func (s *Sim) traceFinished(e *execution, n int32, st status.Code) {
	s.trace(Trace{Kind: TraceFinished, At: s.Now(), Execution: int(e.index), Node: int(n),
		Status: st.API(), InFlight: int(e.inflight), Concurrency: int(e.concurrency),
		Errors: int(e.errors), Threshold: e.threshold})
}

// targetDoneRead is targetDone reading the record and the node's reference.
func (s *Sim) targetDoneRead(ei, ri, n int32) {
	e := s.execs[ei]
	a := s.assocs[e.assoc]
	ref := a.node(n, s.fleet.Len())
	r := &e.records[ri]
	if r.status != status.InProgress {
		return // already cancelled by the Duration cut-off
	}
	now := s.eng.Now()
	r.status = r.outcome
	e.setFinished(ri, r, now)
	e.ended(ri, r.status, r.detail, r.extra, now)
	a.moveLatest(ref, ei, ri, status.InProgress, r.status, s.execs)
	a.noteCompliance(ref, r.status, r.detail, ei, ri)
	s.afterRun(e, n, r.status)
}

// rows returns empty buffers for n targets' rows and completion order
// (one per target: never regrown), reusing the rows of the execution
// retention forgot last and the order of the one reported last when they
// are of about that size.
func (s *Sim) rows(n int) ([]targetRecord, []int32) {
	done := s.spareDone
	if cap(done) >= n && cap(done) <= 2*n+64 {
		s.spareDone = nil
	} else {
		done = make([]int32, 0, n)
	}
	if r := s.spareRecords; cap(r) >= n && cap(r) <= 2*n+64 {
		s.spareRecords = nil
		return r, done
	}
	return make([]targetRecord, 0, n), done
}

// finish closes an execution: its status (D6), dates (D12) and the
// association's overview.
func (s *Sim) finish(e *execution) {
	now := s.eng.Now()
	e.done = true
	if e.last == 0 {
		e.last = now // nothing ran: the execution ends where it began
	}
	if s.cfg.Decisions.SkippedTargetRows && e.stop != StopNone {
		for _, n := range e.targets[e.next:] { // D5 switch: rows for never-dispatched targets
			ri := int32(len(e.records))
			e.records = append(e.records, targetRecord{node: n, status: status.Skipped, outcome: status.Skipped})
			e.setDispatched(ri, &e.records[ri], now)
			e.setFinished(ri, &e.records[ri], now)
			e.counts[status.Skipped]++
		}
	}
	e.targets = nil // the snapshot is no longer needed
	a := s.assocs[e.assoc]
	a.running = -1
	a.lastDone = e.index
	a.lastExec = e.last
	a.triggered = e.triggered
	if e.succeeded() {
		a.lastSuccess = e.last
	}
	if a.pending != 0 && !a.deleted {
		s.eng.Schedule(now, classStart, kindExecStart, a.index, int32(a.pending))
		a.pending = 0
	}
	s.trace(Trace{Kind: TraceExecutionFinished, At: s.Now(), Execution: int(e.index), Node: -1,
		Status: e.statusName(), Concurrency: int(e.concurrency), Errors: int(e.errors),
		Threshold: e.threshold, Stop: e.stop})
	s.retire(a)
}

// succeeded reports D6's success rule: nothing stopped the run and every
// dispatched target succeeded.
func (e *execution) succeeded() bool {
	return e.done && e.stop == StopNone && int(e.counts[status.Success]) == len(e.records)
}

// statusName is the execution's Status (D6).
func (e *execution) statusName() model.ExecutionStatus {
	switch {
	case e.skipped:
		return model.StatusSkipped
	case !e.done:
		return model.StatusInProgress
	case e.succeeded():
		return model.StatusSuccess
	}
	return model.StatusFailed
}

// moveLatest makes record ri of execution ei the node's latest run, with
// status st; from is the record's status before, when it already was the
// latest (a run moving on: Pending, InProgress, its outcome).
func (a *association) moveLatest(ref *nodeRef, ei, ri int32, from, st status.Code, execs []*execution) {
	switch pe, pr := ref.exec, ref.rec; {
	case pe == ei && pr == ri:
		a.agg[from]--
	case pe == refPending:
		a.agg[status.Pending]-- // a target that had not run the association yet
	case pe >= 0:
		a.agg[execs[pe].records[pr].status]--
	}
	ref.exec, ref.rec = ei, ri
	a.agg[st]++
}
