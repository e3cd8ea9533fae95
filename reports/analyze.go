package reports

import (
	"math"
	"slices"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/result"
)

// Results is what statistics are computed from: a simulation's executions
// and their target runs (a *sim.Sim satisfies it).
type Results interface {
	Executions() []result.ExecutionResult
	EachTargetRun(exec int, fn func(result.TargetRun))
}

// Meta names what was run: the header of every report.
type Meta struct {
	Scenario     string
	Seed         uint64
	Start        time.Time
	End          time.Time // virtual time when the run stopped
	Nodes        int
	Associations []model.CreateAssociationInput
	// Faults describe the scenario's fault rules, which only ssmsim serve
	// applies: a report lists them so a reader knows they were there.
	Faults []string
	// Halts, when set, gives the exact instant each stopped execution
	// halted; without it stop times are derived where the results allow.
	Halts *HaltLog
}

// RunResult is the statistics of one simulated run: its parameters, then
// one entry per association and per execution.
type RunResult struct {
	Scenario     string
	Seed         uint64
	Start        time.Time
	End          time.Time
	Nodes        int
	Associations []AssociationStats
	Totals       Totals
	Executions   []ExecutionStats
	Faults       []string // the scenario's fault rules (Meta.Faults)
}

// Summary is the former name of RunResult.
//
// Deprecated: use RunResult.
type Summary = RunResult

// Totals add up every execution of the run.
type Totals struct {
	Executions    int
	ByStatus      map[string]int // execution Status -> count
	StoppedBy     map[string]int // stop reason -> count (runs that ran to the end are not counted)
	Succeeded     int
	Failed        int
	Undeliverable int
	TimedOut      int
	Cancelled     int
	NotDispatched int
	InProgress    int // target runs still running when the run ended
}

// AssociationStats is an association's effective parameters and its
// compliance over the run.
type AssociationStats struct {
	AssociationID   string
	AssociationName string
	Document        string
	Targets         []model.Target
	MaxConcurrency  string // as given, or "default"
	MaxErrors       string // as given, or "none"
	Duration        int32  // hours; 0 when unset

	Executions int // executions of the association, Skipped ones included
	// FirstExecution indexes RunResult.Executions: the association's first
	// execution that was not Skipped by a closed calendar (D8); -1 if none.
	FirstExecution int
	FirstStart     time.Time // its start; zero if none
	// FinalCompliance is the compliance fraction at the end of the run;
	// NaN if the association never had a target.
	FinalCompliance float64
	// TimeTo is the time from FirstStart until the
	// compliance fraction first reached 50, 90, 99 and 100%, in seconds;
	// NaN if never reached.
	TimeTo Milestones

	// Step functions of virtual time, offsets from RunResult.Start.
	// InFlight counts dispatched, unfinished target runs; Completed the
	// runs that reached a terminal status; Failed those that ended Failed
	// (undeliverable included) or TimedOut; Compliance the fraction of
	// target nodes whose latest run is Success (see Analyze).
	InFlight, Completed, Failed, Compliance Series
}

// Milestones are the times to 50, 90, 99 and 100% compliance, in seconds.
type Milestones struct {
	P50, P90, P99, P100 float64
}

// milestonePercents are the compliance levels Milestones report.
var milestonePercents = [4]int64{50, 90, 99, 100}

func (m *Milestones) at(i int) *float64 { return [4]*float64{&m.P50, &m.P90, &m.P99, &m.P100}[i] }

// ExecutionStats describes one execution: its counts from the simulator
// and the statistics of its target runs. Durations are in seconds; NaN
// where undefined.
type ExecutionStats struct {
	Index         int
	AssociationID string
	ExecutionID   string
	Created       time.Time
	Trigger       string
	Status        string
	Done          bool
	Targets       int
	Concurrency   int
	Threshold     int // model.Unlimited when MaxErrors is unset
	Succeeded     int
	Failed        int
	Undeliverable int
	TimedOut      int
	Cancelled     int
	Joined        int // new targets run outside the budget (D4)
	NotDispatched int
	InProgress    int
	Errors        int // outcomes that count toward MaxErrors (D7)
	Stop          result.StopReason
	// StopAfter is the time from Created until dispatching halted; NaN if
	// the execution was not stopped or the instant is not known (see
	// Analyze).
	StopAfter float64
	// Makespan is the time from Created to the last completion; NaN while
	// the execution runs.
	Makespan float64
	// PeakInFlight is the most target runs in flight at once (after all
	// events of an instant); MeanInFlight the time-weighted mean over the
	// execution's span (Created to its last completion, or the run's end
	// while it runs), NaN for an empty span.
	PeakInFlight int
	MeanInFlight float64
	RunTime      Quantiles // dispatch to completion; undeliverable and unfinished runs excluded
	WaitTime     Quantiles // Created to dispatch
}

// StopTime is the instant dispatching halted, if known.
func (e ExecutionStats) StopTime() (time.Time, bool) {
	if math.IsNaN(e.StopAfter) {
		return time.Time{}, false
	}
	return e.Created.Add(secondsDuration(e.StopAfter)), true
}

// HaltLog records, from the simulation's traces, the instant each execution
// stopped dispatching early. Pass its Observe method as (or from)
// sim.Config.Observer, and the log as Meta.Halts.
type HaltLog struct {
	at []time.Time
}

// Observe records a TraceHalted trace; other traces are ignored.
func (h *HaltLog) Observe(t result.Trace) {
	if t.Kind != result.TraceHalted || t.Execution < 0 {
		return
	}
	for len(h.at) <= t.Execution {
		h.at = append(h.at, time.Time{})
	}
	h.at[t.Execution] = t.At
}

// HaltedAt is the instant execution exec halted, if it did.
func (h *HaltLog) HaltedAt(exec int) (time.Time, bool) {
	if h == nil || exec < 0 || exec >= len(h.at) || h.at[exec].IsZero() {
		return time.Time{}, false
	}
	return h.at[exec], true
}

// Analyze computes the statistics of a run. ids are the created
// associations' IDs, in the order of meta.Associations; executions of
// other associations are reported after them, in order of appearance.
//
// Stop times come from the execution's HaltedAt (the simulation records
// them), else from meta.Halts when set; for results that carry neither
// they are derived: a MaxErrors stop happened at the completion of the
// error that exceeded the threshold (D1); a Duration stop at the cut-off
// (the cancelled runs' completion, else Created plus the association's
// Duration when the execution ran its first version); a stop before any
// dispatch at Created. Other stops (an alarm, a calendar, an update or a
// delete mid-run) are not derivable from the results and are NaN.
//
// Compliance is a step function: at each instant, the number of the
// association's nodes whose latest run is Success (a node being run again
// is not counted until the new run succeeds) over the targets of the
// association's latest execution that was not Skipped (its Targets plus
// Joined), capped at 1 since nodes that succeeded and then left the target
// set are still counted; NaN while there is no target.
func Analyze(res Results, meta Meta, ids []string) RunResult {
	an := NewAnalyzer(res, meta, ids)
	for _, ex := range res.Executions() {
		an.Add(ex)
	}
	return an.Result(meta.End, meta.Nodes)
}

// Summarize is Analyze under its former name.
//
// Deprecated: use Analyze.
func Summarize(res Results, meta Meta, associationIDs []string) Summary {
	return Analyze(res, meta, associationIDs)
}

func (t *Totals) add(e ExecutionStats) {
	t.Executions++
	t.ByStatus[e.Status]++
	if e.Stop != result.StopNone {
		t.StoppedBy[e.Stop.String()]++
	}
	t.Succeeded += e.Succeeded
	t.Failed += e.Failed
	t.Undeliverable += e.Undeliverable
	t.TimedOut += e.TimedOut
	t.Cancelled += e.Cancelled
	t.NotDispatched += e.NotDispatched
	t.InProgress += e.InProgress
}

// scratch holds per-execution buffers reused across executions.
type scratch struct {
	run              []time.Duration
	sample           []time.Duration    // run times sampled when there are too many to keep
	in               [3][]time.Duration // run times inside the quantiles' brackets
	wait, errs       []float64
	dispatch, finish []time.Duration
	pull             *pullBuffers
}

// completionOrder is what a *sim.Sim offers beyond Results: an execution's
// finished runs in the order they finished.
type completionOrder interface {
	EachCompletion(exec int, fn func(result.TargetRun))
}

// tickResults is what a *sim.Sim offers for statistics beyond Results:
// the same target runs as RunTicks, with no time.Time built per run.
type tickResults interface {
	EachTargetTicks(exec int, fn func(result.RunTicks))
	EachCompletionTicks(exec int, fn func(result.RunTicks))
}

// analyzeExecution computes execution ex's figures and hands its events to
// acc — unless pull is set: then pull reads the runs (in dispatch order)
// and folds their events itself (assocAcc.foldFinished).
func analyzeExecution(res Results, ex result.ExecutionResult, meta Meta, duration int32, acc *assocAcc, sc *scratch, pull func(*runFigures)) ExecutionStats {
	pulled := pull != nil
	byCompletion, ordered := res.(completionOrder)
	e := ExecutionStats{
		Index: ex.Index, AssociationID: ex.AssociationID, ExecutionID: ex.ExecutionID, Created: ex.Created.UTC(),
		Trigger: ex.Trigger, Status: string(ex.Status), Done: ex.Done, Targets: ex.Targets, Concurrency: ex.Concurrency,
		Threshold: ex.Threshold, Succeeded: ex.Counts.Success, Failed: ex.Counts.Failed, Undeliverable: ex.Counts.Undeliverable,
		TimedOut: ex.Counts.TimedOut, Cancelled: ex.Counts.Cancelled, Joined: ex.Joined,
		NotDispatched: ex.Targets - (ex.Dispatched - ex.Joined), InProgress: ex.Counts.InProgress,
		Errors: ex.Errors, Stop: ex.Stop, StopAfter: math.NaN(), Makespan: math.NaN(), MeanInFlight: math.NaN(),
	}
	end := meta.End
	if ex.Done {
		end = ex.LastExecution
		e.Makespan = ex.LastExecution.Sub(ex.Created).Seconds()
	}
	n := ex.Dispatched   // each buffer holds at most one value per run: grown once
	spill := n > keepMax // too many run times to keep: sample them
	sc.run, sc.wait, sc.errs, sc.sample = slices.Grow(sc.run[:0], min(n, keepMax)), sc.wait[:0], sc.errs[:0], sc.sample[:0]
	// Intervals only for a peak the simulation did not count (records
	// read back, or targets that joined mid-run: D4); at ten million
	// targets they are 160 MB.
	intervals := ex.PeakInFlight == 0
	sc.dispatch, sc.finish = sc.dispatch[:0], sc.finish[:0]
	if intervals {
		sc.dispatch, sc.finish = slices.Grow(sc.dispatch, n), slices.Grow(sc.finish, n)
	}
	if ex.Status != model.StatusSkipped && !pulled { // a skipped run resolves no targets (D8)
		acc.start(ex.Created.Sub(meta.Start), ex.Index, ex.Targets+ex.Joined)
	}
	// Instants as Unix nanoseconds: a difference of two is the Duration
	// time.Time.Sub gives, so every figure is the same to the bit.
	created, origin := ex.Created.UnixNano(), meta.Start.UnixNano()
	// Waits come in dispatch order, which is time order: their quantiles
	// are the waits at the quantiles' ranks, taken as they pass, with no
	// array of them (80 MB at ten million targets). Should the runs not be
	// ex.Dispatched or not in time order, the waits are read again below.
	fig := runFigures{created: created, end: end.UnixNano(), intervals: intervals, waits: newRanked(ex.Dispatched), sc: sc}
	if spill {
		fig.every = max(1, n/sampleSize)
	}
	ri := 0
	visit := func(tr result.RunTicks) {
		fig.add(tr)
		if ordered {
			acc.dispatched(origin, ex.Index, int(tr.Index), tr)
		} else {
			acc.run(origin, ex.Index, ri, tr)
		}
		ri++
	}
	ticks, fast := res.(tickResults)
	switch {
	case pulled:
		pull(&fig)
	case fast:
		ticks.EachTargetTicks(ex.Index, visit)
	default:
		res.EachTargetRun(ex.Index, func(tr result.TargetRun) { visit(result.TicksOf(tr)) })
	}
	if ordered && !pulled { // completions arrive sorted: nothing to sort later
		finished := func(tr result.RunTicks) { acc.finished(origin, ex.Index, int(tr.Index), tr) }
		if fast {
			ticks.EachCompletionTicks(ex.Index, finished)
		} else {
			byCompletion.EachCompletion(ex.Index, func(tr result.TargetRun) { finished(result.TicksOf(tr)) })
		}
	}
	e.RunTime = fig.runTime(func(fn func([]time.Duration)) {
		var batch [pullBatch]time.Duration
		k := 0
		visit := func(tr result.RunTicks) {
			if tr.Finished != 0 && !tr.Undeliverable {
				batch[k] = time.Duration(tr.Finished - tr.Dispatched)
				if k++; k == len(batch) {
					fn(batch[:])
					k = 0
				}
			}
		}
		eachRunAgain(res, ex.Index, visit)
		fn(batch[:k])
	})
	if q, ok := fig.waits.quantiles(); ok {
		e.WaitTime = q
	} else {
		eachRunAgain(res, ex.Index, func(tr result.RunTicks) { sc.wait = append(sc.wait, time.Duration(tr.Dispatched-created).Seconds()) })
		e.WaitTime = QuantilesOf(sc.wait)
	}
	// The simulation's own peak counts the concurrency budget only, leaving
	// out targets that joined mid-run (D4); fall back to the intervals.
	e.PeakInFlight = ex.PeakInFlight
	if e.PeakInFlight == 0 {
		e.PeakInFlight = peakLevel(sc.dispatch, sc.finish)
	}
	if span := end.Sub(ex.Created); span > 0 {
		e.MeanInFlight = fig.busy.Seconds() / span.Seconds()
	}
	var cut time.Time
	if fig.cutoff != 0 {
		cut = time.Unix(0, fig.cutoff).UTC()
	}
	e.StopAfter = stopAfter(ex, meta.Halts, sc.errs, cut, duration)
	return e
}

// eachRunAgain hands fn execution exec's runs in dispatch order, for a
// figure its first pass could not take: from a simulation's records a
// batch at a time, as RunTicks, or made from TargetRuns, as res allows.
func eachRunAgain(res Results, exec int, fn func(result.RunTicks)) {
	switch r := res.(type) {
	case tickCursor:
		var runs [pullBatch]result.RunTicks
		for ri := 0; ; {
			n := r.TargetTicksFrom(exec, &ri, runs[:])
			if n == 0 {
				return
			}
			for i := range runs[:n] {
				fn(runs[i])
			}
		}
	case tickResults:
		r.EachTargetTicks(exec, fn)
	default:
		res.EachTargetRun(exec, func(tr result.TargetRun) { fn(result.TicksOf(tr)) })
	}
}

// runFigures are an execution's own figures, taken run by run in dispatch
// order: waits, run times, errors, busy time, a cut-off.
type runFigures struct {
	created, end int64 // Unix ns: the execution's creation and the end of its span
	intervals    bool  // keep each run's interval (sc.dispatch, sc.finish)
	waits        ranked
	busy         time.Duration // target-run time within [created, end]
	cutoff       int64         // Unix ns of a Duration cut-off seen, or 0
	sc           *scratch
	every        int // when not 0, sc.run is sampled (every every-th run time kept) after each batch
	runs         int // run times sampled from
}

// add takes run tr's figures.
func (f *runFigures) add(tr result.RunTicks) { f.addAll([]result.RunTicks{tr}) }

// addAll takes the figures of runs, in dispatch order: a batch at a time,
// so that the sums and the run times' slice stay in registers rather than
// being read back from memory for every run.
func (f *runFigures) addAll(runs []result.RunTicks) {
	created, end, waits := f.created, f.end, &f.waits
	run, busy := f.sc.run, f.busy
	for i := range runs {
		tr := &runs[i]
		waits.add(time.Duration(tr.Dispatched - created))
		stop := end
		if tr.Finished != 0 {
			stop = min(tr.Finished, end)
			if !tr.Undeliverable {
				run = append(run, time.Duration(tr.Finished-tr.Dispatched))
			}
			if tr.Error || tr.Status == result.RunCancelled {
				f.rare(tr)
			}
		}
		busy += max(0, time.Duration(stop-max(tr.Dispatched, created)))
	}
	f.sc.run, f.busy = run, busy
	if f.every != 0 {
		f.sample()
	}
	if f.intervals {
		for i := range runs {
			f.interval(&runs[i])
		}
	}
}

// rare takes the figures of tr, a finished run that was an error (the
// simulation's own rule, D7) or cut off.
func (f *runFigures) rare(tr *result.RunTicks) {
	if tr.Error {
		f.sc.errs = append(f.sc.errs, time.Duration(tr.Finished-f.created).Seconds())
	}
	if tr.Status == result.RunCancelled {
		f.cutoff = tr.Finished
	}
}

// interval keeps tr's interval, for a peak the simulation did not count.
func (f *runFigures) interval(tr *result.RunTicks) {
	f.sc.dispatch = append(f.sc.dispatch, time.Duration(tr.Dispatched-f.created))
	if tr.Finished != 0 {
		f.sc.finish = append(f.sc.finish, time.Duration(tr.Finished-f.created))
	}
}

// stopAfter is the time from Created to the halt, or NaN (see Analyze).
func stopAfter(ex result.ExecutionResult, halts *HaltLog, errs []float64, cutoff time.Time, duration int32) float64 {
	if ex.Stop == result.StopNone {
		return math.NaN()
	}
	if !ex.HaltedAt.IsZero() {
		return ex.HaltedAt.Sub(ex.Created).Seconds()
	}
	if at, ok := halts.HaltedAt(ex.Index); ok {
		return at.Sub(ex.Created).Seconds()
	}
	switch {
	case ex.Dispatched == 0 && ex.Targets > 0:
		return 0 // the first dispatch is attempted at the start
	case ex.Stop == result.StopMaxErrors && ex.Threshold >= 0 && len(errs) > ex.Threshold:
		slices.Sort(errs)
		return errs[ex.Threshold]
	case ex.Stop == result.StopDuration && !cutoff.IsZero():
		return cutoff.Sub(ex.Created).Seconds()
	case ex.Stop == result.StopDuration && duration > 0:
		return (time.Duration(duration) * time.Hour).Seconds()
	}
	return math.NaN()
}

// peakLevel is the highest number of intervals [dispatch, finish) open at
// once, counted after all events of an instant; unfinished runs never close.
// Both slices are sorted in place.
func peakLevel(dispatch, finish []time.Duration) int {
	slices.Sort(dispatch)
	slices.Sort(finish)
	level, peak, i, j := 0, 0, 0, 0
	for i < len(dispatch) {
		t := dispatch[i]
		if j < len(finish) && finish[j] < t {
			t = finish[j]
		}
		for ; i < len(dispatch) && dispatch[i] == t; i++ {
			level++
		}
		for ; j < len(finish) && finish[j] == t; j++ {
			level--
		}
		peak = max(peak, level)
	}
	return peak
}

func secondsDuration(s float64) time.Duration {
	return time.Duration(math.Round(s * float64(time.Second)))
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// WithoutSeries returns a copy of the run without its time series, for
// keeping many runs' statistics in little memory (AggregateRuns needs no
// series).
func (r RunResult) WithoutSeries() RunResult {
	r.Associations = slices.Clone(r.Associations)
	for i := range r.Associations {
		a := &r.Associations[i]
		a.InFlight, a.Completed, a.Failed, a.Compliance = Series{}, Series{}, Series{}, Series{}
	}
	return r
}
