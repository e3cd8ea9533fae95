package sim

import (
	"github.com/ssmsim/ssmsim/sim/engine"
	"github.com/ssmsim/ssmsim/sim/result"
	"github.com/ssmsim/ssmsim/sim/status"
)

// The run's data types are package result's; sim re-exports them so that
// a library user needs only this package.
type (
	// ExecutionResult summarises one execution for statistics and reports.
	ExecutionResult = result.ExecutionResult
	// StatusCounts counts an execution's target rows by status.
	StatusCounts = result.StatusCounts
	// TargetRun is one dispatched target of an execution.
	TargetRun = result.TargetRun
)

// Executions summarises every execution on record, oldest first (under
// Retention, forgotten executions are left out; Index keeps counting them).
func (s *Sim) Executions() []ExecutionResult {
	out := make([]ExecutionResult, 0, len(s.execs))
	for _, e := range s.execs {
		if e != nil && s.visible(e) { // nil: purged with its deleted association
			out = append(out, s.result(e))
		}
	}
	return out
}

// result summarises execution e.
func (s *Sim) result(e *execution) ExecutionResult {
	a := s.assocs[e.assoc]
	r := ExecutionResult{
		Index: int(e.index), Trigger: e.trigger.String(), AssociationID: a.id, AssociationVersion: a.versions[e.version].info.AssociationVersion,
		ExecutionID: e.id, Created: e.created.Std(), Targets: int(e.total), Dispatched: int(e.next + e.extra),
		Concurrency: int(e.concurrency), Threshold: e.threshold, PeakInFlight: int(e.peak),
		Errors: int(e.errors), Stop: e.stop, Status: e.statusName(), Done: e.done, Joined: int(e.extra),
	}
	if e.last != 0 {
		r.LastExecution = e.last.Std()
	}
	if e.haltedAt != 0 {
		r.HaltedAt = e.haltedAt.Std()
	}
	c := &e.counts
	r.Counts = StatusCounts{InProgress: int(c[status.InProgress] + c[status.Pending]), Pending: int(c[status.Pending]), Success: int(c[status.Success]), Failed: int(c[status.Failed]),
		TimedOut: int(c[status.TimedOut]), Cancelled: int(c[status.Cancelled]), Skipped: int(c[status.Skipped]), Undeliverable: int(e.undelivered)}
	return r
}

// EachTargetRun calls fn for each dispatched target of execution i, in
// dispatch order.
func (s *Sim) EachTargetRun(i int, fn func(TargetRun)) {
	e := s.execs[i]
	for ri := range e.records {
		r := &e.records[ri]
		if r.status == status.Skipped {
			continue
		}
		fn(e.runOf(ri, r))
	}
}

// AssociationIDs lists the IDs of the associations not deleted, in
// creation order.
func (s *Sim) AssociationIDs() []string {
	ids := make([]string, 0, s.active)
	for _, a := range s.assocs {
		if !a.deleted {
			ids = append(ids, a.id)
		}
	}
	return ids
}

// EachCompletion calls fn for each finished target run of execution i in
// the order the runs finished (by finish time, then dispatch order), which
// lets statistics avoid sorting them.
func (s *Sim) EachCompletion(i int, fn func(TargetRun)) {
	e := s.execs[i]
	eachDone(e, s.completion(e), func(ri int32, r *targetRecord) { fn(e.runOf(int(ri), r)) })
}

// runOf is record ri as a TargetRun.
func (e *execution) runOf(ri int, r *targetRecord) TargetRun {
	tr := TargetRun{Index: ri, Node: int(r.node), Dispatched: e.dispatchedAt(int32(ri), r).Std(), Status: r.status.API(), Detailed: status.DetailedName(r.status, r.detail),
		OutsideBudget: r.extra, Error: status.IsError(r.status, r.detail)}
	if f := e.finishedAt(int32(ri), r); f != 0 {
		tr.Finished = f.Std()
	}
	return tr
}

// eachDone calls fn for each finished record of e in the order they
// finished (done, its completion order). Records are gathered a batch at
// a time before fn sees them: runs end in random order, and a tight loop
// of independent reads lets the CPU fetch many missing cache lines at
// once, where one read per call would wait for each in turn.
func eachDone(e *execution, done []int32, fn func(ri int32, r *targetRecord)) {
	const batch = 64
	var buf [batch]targetRecord
	for start := 0; start < len(done); start += batch {
		order := done[start:min(start+batch, len(done))]
		for k, ri := range order {
			buf[k] = e.records[ri]
		}
		for k, ri := range order {
			fn(ri, &buf[k])
		}
	}
}

// ticksOf is record r as RunTicks: Unix nanoseconds are the engine's own
// instants, so no time.Time is built.
func (e *execution) ticksOf(ri int, r *targetRecord) result.RunTicks {
	var t result.RunTicks
	e.setTicksOf(&t, ri, r)
	return t
}

// setTicksOf sets t to ticksOf(ri, r) (member by member: see setTicks).
func (e *execution) setTicksOf(t *result.RunTicks, ri int, r *targetRecord) {
	d, f, ok := e.msTimes(r)
	if !ok {
		d, f = e.slowTimes(int32(ri), r)
	}
	setTicks(t, ri, r, d, f)
}

// setTicks sets t to record ri (r) as RunTicks, dispatched at d and
// finished at f, member by member: building the value and copying it in
// stalls the copy's wide loads on the narrow stores that built it (a
// third of the statistics' reading at 10,000 nodes).
func setTicks(t *result.RunTicks, ri int, r *targetRecord, d, f engine.Time) {
	k := &runKinds[r.status&7][r.detail&3] // the masks: no bounds checks
	t.Index, t.Node, t.Dispatched, t.Finished = int32(ri), r.node, int64(d), int64(f)
	t.Status, t.Undeliverable, t.OutsideBudget, t.Error = k.status, k.undeliverable, r.extra, k.error
}

// runKind is what statistics tell apart of a status and detail.
type runKind struct {
	status               result.RunStatus
	undeliverable, error bool
}

// Every status and detail has its place in runKinds.
var (
	_ [8 - status.N]struct{}
	_ [3 - status.InvalidPlatform]struct{}
)

// runKinds is each status and detail's runKind, looked up once per run
// read (the rules are status.IsError's and the detail's own).
var runKinds = func() (t [8][4]runKind) {
	statuses := [status.N]result.RunStatus{status.Success: result.RunSuccess, status.Failed: result.RunFailed,
		status.TimedOut: result.RunTimedOut, status.Cancelled: result.RunCancelled}
	for c := range status.N {
		for d := range status.Detail(4) {
			t[c][d] = runKind{statuses[c], d == status.Undeliverable, status.IsError(c, d)}
		}
	}
	return t
}()

// EachTargetTicks is EachTargetRun for statistics: the same runs in the
// same order, as RunTicks.
func (s *Sim) EachTargetTicks(i int, fn func(result.RunTicks)) {
	e := s.execs[i]
	for ri := range e.records {
		r := &e.records[ri]
		if r.status == status.Skipped {
			continue
		}
		fn(e.ticksOf(ri, r))
	}
}

// EachCompletionTicks is EachCompletion for statistics, as RunTicks.
func (s *Sim) EachCompletionTicks(i int, fn func(result.RunTicks)) {
	e := s.execs[i]
	eachDone(e, s.completion(e), func(ri int32, r *targetRecord) { fn(e.ticksOf(int(ri), r)) })
}

// TargetTicksFrom fills buf with execution i's target runs in dispatch
// order (as EachTargetTicks gives them), starting at record *from and
// moving *from past what it read; 0 means none are left. Statistics read
// an execution this way, a batch at a time, to merge its runs with their
// completions (CompletionTicksFrom) straight from the records.
func (s *Sim) TargetTicksFrom(i int, from *int, buf []result.RunTicks) int {
	e := s.execs[i]
	n := 0
	ri := *from
	for ; ri < len(e.records) && n < len(buf); ri++ {
		r := &e.records[ri]
		if r.status == status.Skipped {
			continue
		}
		d, f, ok := e.msTimes(r) // setTicksOf written out: a call per run was a tenth of the statistics
		if !ok {
			d, f = e.slowTimes(int32(ri), r)
		}
		setTicks(&buf[n], ri, r, d, f)
		n++
	}
	*from = ri
	return n
}

// CompletionTicksFrom fills buf with execution i's finished runs in the
// order they finished (as EachCompletionTicks gives them), from the k-th;
// 0 means none are left.
func (s *Sim) CompletionTicksFrom(i, k int, buf []result.RunTicks) int {
	e := s.execs[i]
	done := s.completion(e)
	if k >= len(done) {
		return 0
	}
	order := done[k:min(k+len(buf), len(done))]
	var recs [64]targetRecord // gathered first: independent reads overlap (see eachDone)
	n := 0
	for len(order) > 0 {
		part := order[:min(len(order), len(recs))]
		for j, ri := range part {
			recs[j] = e.records[ri]
		}
		for j, ri := range part {
			e.setTicksOf(&buf[n], int(ri), &recs[j])
			n++
		}
		order = order[len(part):]
	}
	return n
}
