package sim

import (
	"time"

	"github.com/ssmsim/ssmsim/model"
)

// ExecutionResult summarises one execution for statistics and reports.
type ExecutionResult struct {
	Index              int
	Trigger            string // create, manual, update, target-change or schedule
	AssociationID      string
	AssociationVersion string
	ExecutionID        string
	Created            time.Time
	LastExecution      time.Time // latest target completion (Created if none ran)
	Targets            int       // resolved targets (the snapshot N)
	Dispatched         int       // including targets that joined during the run (D4)
	Joined             int       // targets that joined during the run and ran outside the budget
	Concurrency        int       // resolved MaxConcurrency, capped at N
	Threshold          int       // resolved MaxErrors threshold; model.Unlimited when unset
	PeakInFlight       int
	Errors             int // outcomes that count toward MaxErrors (D7)
	Stop               StopReason
	HaltedAt           time.Time // when Stop stopped the dispatching (zero when it ran to completion)
	Status             model.ExecutionStatus
	Done               bool
	Counts             StatusCounts
}

// StatusCounts counts an execution's target rows by status; Undeliverable
// (Failed rows the agent never received) are also counted on their own.
type StatusCounts struct {
	// InProgress counts the targets in flight: sent and not finished,
	// Pending (not yet picked up, Behavior.Pickup) included.
	InProgress, Success, Failed, TimedOut, Cancelled, Skipped, Undeliverable int
	// Pending counts the in-flight targets not yet picked up.
	Pending int
}

// TargetRun is one dispatched target of an execution.
type TargetRun struct {
	Index      int // its place in the execution's dispatch order
	Node       int // node number; Fleet().ID gives its InstanceId
	Dispatched time.Time
	Finished   time.Time // zero while in flight
	Status     model.ExecutionStatus
	Detailed   string
	// OutsideBudget marks a target that joined during the run and ran
	// outside the concurrency budget (D4).
	OutsideBudget bool
	// Error reports whether the run counts toward MaxErrors: the rule the
	// simulation itself applies (D7), for reports to count by.
	Error bool
}

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
	r.Counts = StatusCounts{InProgress: int(c[stInProgress] + c[stPending]), Pending: int(c[stPending]), Success: int(c[stSuccess]), Failed: int(c[stFailed]),
		TimedOut: int(c[stTimedOut]), Cancelled: int(c[stCancelled]), Skipped: int(c[stSkipped]), Undeliverable: int(e.undelivered)}
	return r
}

// EachTargetRun calls fn for each dispatched target of execution i, in
// dispatch order.
func (s *Sim) EachTargetRun(i int, fn func(TargetRun)) {
	e := s.execs[i]
	for ri := range e.records {
		r := &e.records[ri]
		if r.status == stSkipped {
			continue
		}
		tr := TargetRun{Index: ri, Node: int(r.node), Dispatched: r.dispatched.Std(), Status: r.status.api(), Detailed: detailName(r.status, r.detail),
			OutsideBudget: r.extra, Error: r.status.isError(r.detail)}
		if r.finished != 0 {
			tr.Finished = r.finished.Std()
		}
		fn(tr)
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
	// Records are gathered a batch at a time before fn sees them: runs end
	// in random order, and a tight loop of independent reads lets the CPU
	// fetch many missing cache lines at once, where one read per call
	// would wait for each in turn.
	const batch = 64
	var buf [batch]targetRecord
	for start := 0; start < len(e.doneOrder); start += batch {
		order := e.doneOrder[start:min(start+batch, len(e.doneOrder))]
		for k, ri := range order {
			buf[k] = e.records[ri]
		}
		for k, ri := range order {
			r := &buf[k]
			fn(TargetRun{Index: int(ri), Node: int(r.node), Dispatched: r.dispatched.Std(), Finished: r.finished.Std(), Status: r.status.api(),
				Detailed: detailName(r.status, r.detail), OutsideBudget: r.extra, Error: r.status.isError(r.detail)})
		}
	}
}
