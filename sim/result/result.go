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
