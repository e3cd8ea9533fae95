package sim

// rateState is what rate control looks at when deciding to dispatch.
type rateState struct {
	InFlight    int // targets dispatched and not finished
	Concurrency int // resolved MaxConcurrency
	Errors      int // Failed and TimedOut outcomes so far (D7)
	Threshold   int // resolved MaxErrors threshold (model.Unlimited when unset)
	Remaining   int // resolved targets not yet dispatched
}

// rateDecision is what rate control decided.
type rateDecision struct {
	Dispatch int  // how many more targets to send now
	Halt     bool // the error threshold is exceeded: send nothing more, ever
}

// exceeded is the MaxErrors rule, the one place it is written: errors past
// the threshold stop an execution's dispatching (D1: MaxErrors N stops at
// error N+1; model.Unlimited is never exceeded).
func exceeded(errors, threshold int) bool { return errors > threshold }

// decideDispatch is State Manager's rate control as a pure function. Per the
// CreateAssociation API reference, MaxErrors N stops sending to further
// targets once error N+1 arrives (errors > threshold); runs already in
// flight finish. MaxConcurrency caps how many run at once.
func decideDispatch(s rateState) rateDecision {
	if exceeded(s.Errors, s.Threshold) {
		return rateDecision{Halt: true}
	}
	n := min(s.Concurrency-s.InFlight, s.Remaining)
	return rateDecision{Dispatch: max(n, 0)}
}
