package result

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
	Node       int // node number; the simulation's Fleet().ID gives its InstanceId
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

// RunTicks is a target run as statistics read it: instants as Unix
// nanoseconds and the status as a code, so that counting millions of runs
// builds no time.Time and compares no strings. TicksOf converts a
// TargetRun.
type RunTicks struct {
	Index, Node int32
	Dispatched  int64 // Unix nanoseconds
	Finished    int64 // Unix nanoseconds; 0 while in flight
	Status      RunStatus
	// Undeliverable marks a Failed run the agent never received (D7).
	Undeliverable bool
	// OutsideBudget and Error are TargetRun's.
	OutsideBudget, Error bool
}

// RunStatus is a target run's status as a code.
type RunStatus uint8

// RunStatus values; RunOther is any status statistics do not tell apart.
const (
	RunOther RunStatus = iota
	RunSuccess
	RunFailed
	RunTimedOut
	RunCancelled
)

// TicksOf is tr as RunTicks.
func TicksOf(tr TargetRun) RunTicks {
	t := RunTicks{Index: int32(tr.Index), Node: int32(tr.Node), Dispatched: tr.Dispatched.UnixNano(),
		Undeliverable: tr.Detailed == model.DetailedUndeliverable, OutsideBudget: tr.OutsideBudget, Error: tr.Error}
	if !tr.Finished.IsZero() {
		t.Finished = tr.Finished.UnixNano()
	}
	switch tr.Status {
	case model.StatusSuccess:
		t.Status = RunSuccess
	case model.StatusFailed:
		t.Status = RunFailed
	case model.StatusTimedOut:
		t.Status = RunTimedOut
	case model.StatusCancelled:
		t.Status = RunCancelled
	}
	return t
}
