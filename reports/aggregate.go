package reports

import (
	"math"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/result"
)

// Aggregate summarises several runs of one scenario (one per seed): for
// each association, each figure's mean and 95% confidence interval, and
// how often each stop reason stopped a run.
type Aggregate struct {
	Scenario string
	Seeds    []uint64 // in run order
	Start    time.Time
	Nodes    int // of the first run
	// Associations are matched across runs by position (their IDs
	// differ from seed to seed); parameters are the first run's.
	Associations []AssociationAggregate
	// Stops: for each stop reason, the runs in which it stopped at least
	// one execution of any association.
	Stops []StopProbability
}

// AssociationAggregate is one association's figures across runs.
type AssociationAggregate struct {
	AssociationName string
	Document        string
	Targets         []model.Target
	MaxConcurrency  string
	MaxErrors       string
	Duration        int32
	Figures         []Figure // in the order of FigureNames
	// Stops: for each stop reason, the runs in which it stopped at least
	// one execution of the association.
	Stops []StopProbability
}

// Figure is one statistic observed in every run, and its estimate. Its
// interval is clamped to the figure's range (durations and counts are not
// negative, fractions not above 1): a t interval over a skewed sample of a
// few runs can reach past it.
type Figure struct {
	Name    string    // stable key: one of FigureNames
	Unit    string    // "seconds", "fraction" or "count"
	Samples []float64 // one per run, in run order; NaN where undefined
	Estimate
}

// StopProbability is how often a stop reason stopped a run, with a 95%
// Wilson interval.
type StopProbability struct {
	Reason string // result.StopReason's name: MaxErrors, Alarm, Duration, Update, Deleted, Calendar
	Proportion
}

// figureDef computes one figure of association ai in a run.
type figureDef struct {
	name, unit string
	of         func(r RunResult, a AssociationStats, first *ExecutionStats) float64
}

// firstOr applies f to the association's first execution, NaN without one.
func firstOr(f func(e *ExecutionStats) float64) func(RunResult, AssociationStats, *ExecutionStats) float64 {
	return func(_ RunResult, _ AssociationStats, e *ExecutionStats) float64 {
		if e == nil {
			return math.NaN()
		}
		return f(e)
	}
}

var figureDefs = []figureDef{
	{"makespan", "seconds", firstOr(func(e *ExecutionStats) float64 { return e.Makespan })},
	{"time_to_50", "seconds", func(_ RunResult, a AssociationStats, _ *ExecutionStats) float64 { return a.TimeTo.P50 }},
	{"time_to_90", "seconds", func(_ RunResult, a AssociationStats, _ *ExecutionStats) float64 { return a.TimeTo.P90 }},
	{"time_to_99", "seconds", func(_ RunResult, a AssociationStats, _ *ExecutionStats) float64 { return a.TimeTo.P99 }},
	{"time_to_100", "seconds", func(_ RunResult, a AssociationStats, _ *ExecutionStats) float64 { return a.TimeTo.P100 }},
	{"final_compliance", "fraction", func(_ RunResult, a AssociationStats, _ *ExecutionStats) float64 { return a.FinalCompliance }},
	{"errors", "count", func(r RunResult, a AssociationStats, _ *ExecutionStats) float64 {
		n := 0
		for _, e := range r.Executions {
			if e.AssociationID == a.AssociationID {
				n += e.Errors
			}
		}
		return float64(n)
	}},
	{"executions", "count", func(_ RunResult, a AssociationStats, _ *ExecutionStats) float64 { return float64(a.Executions) }},
	{"stopped_after", "seconds", firstOr(func(e *ExecutionStats) float64 { return e.StopAfter })},
	{"peak_in_flight", "count", firstOr(func(e *ExecutionStats) float64 { return float64(e.PeakInFlight) })},
	{"mean_in_flight", "count", firstOr(func(e *ExecutionStats) float64 { return e.MeanInFlight })},
	{"wait_p50", "seconds", firstOr(func(e *ExecutionStats) float64 { return e.WaitTime.P50 })},
	{"wait_p90", "seconds", firstOr(func(e *ExecutionStats) float64 { return e.WaitTime.P90 })},
	{"wait_p99", "seconds", firstOr(func(e *ExecutionStats) float64 { return e.WaitTime.P99 })},
	{"run_p50", "seconds", firstOr(func(e *ExecutionStats) float64 { return e.RunTime.P50 })},
	{"run_p90", "seconds", firstOr(func(e *ExecutionStats) float64 { return e.RunTime.P90 })},
	{"run_p99", "seconds", firstOr(func(e *ExecutionStats) float64 { return e.RunTime.P99 })},
}

// FigureNames lists the figures of an AssociationAggregate, in order.
// makespan, stopped_after, in-flight and the wait/run quantiles are of the
// association's first execution (AssociationStats.FirstExecution); errors
// and executions count all of them.
func FigureNames() []string {
	names := make([]string, len(figureDefs))
	for i, d := range figureDefs {
		names[i] = d.name
	}
	return names
}

// Figure returns the named figure.
func (a AssociationAggregate) Figure(name string) (Figure, bool) {
	for _, f := range a.Figures {
		if f.Name == name {
			return f, true
		}
	}
	return Figure{}, false
}

// Stop returns the probability of the named stop reason.
func (a Aggregate) Stop(reason string) (StopProbability, bool) {
	return findStop(a.Stops, reason)
}

// Stop returns the probability of the named stop reason.
func (a AssociationAggregate) Stop(reason string) (StopProbability, bool) {
	return findStop(a.Stops, reason)
}

func findStop(stops []StopProbability, reason string) (StopProbability, bool) {
	for _, s := range stops {
		if s.Reason == reason {
			return s, true
		}
	}
	return StopProbability{}, false
}

// stopReasons are the reasons a run can be stopped by, in sim's order.
func stopReasons() []result.StopReason {
	var out []result.StopReason
	for _, r := range result.StopReasons() {
		if r != result.StopNone {
			out = append(out, r)
		}
	}
	return out
}

// AggregateRuns combines runs of one scenario, one per seed. With no run,
// every estimate is undefined (NaN) and every proportion 0 of 0.
func AggregateRuns(runs []RunResult) Aggregate {
	agg := Aggregate{Seeds: make([]uint64, len(runs)), Associations: []AssociationAggregate{}}
	nAssoc := 0
	for i, r := range runs {
		agg.Seeds[i] = r.Seed
		nAssoc = max(nAssoc, len(r.Associations))
	}
	if len(runs) > 0 {
		agg.Scenario, agg.Start, agg.Nodes = runs[0].Scenario, runs[0].Start, runs[0].Nodes
	}
	reasons := stopReasons()
	anyStop := make([]int, len(reasons))
	for _, r := range runs {
		for ri, reason := range reasons {
			for _, e := range r.Executions {
				if e.Stop == reason {
					anyStop[ri]++
					break
				}
			}
		}
	}
	for ri, reason := range reasons {
		agg.Stops = append(agg.Stops, StopProbability{Reason: reason.String(), Proportion: Wilson(anyStop[ri], len(runs))})
	}
	for ai := range nAssoc {
		var aa AssociationAggregate
		for _, r := range runs {
			if ai < len(r.Associations) {
				p := r.Associations[ai]
				aa = AssociationAggregate{AssociationName: p.AssociationName, Document: p.Document, Targets: p.Targets,
					MaxConcurrency: p.MaxConcurrency, MaxErrors: p.MaxErrors, Duration: p.Duration}
				break
			}
		}
		for _, d := range figureDefs {
			f := Figure{Name: d.name, Unit: d.unit, Samples: make([]float64, len(runs))}
			for ri, r := range runs {
				f.Samples[ri] = math.NaN()
				if ai < len(r.Associations) {
					a := r.Associations[ai]
					var first *ExecutionStats
					if a.FirstExecution >= 0 && a.FirstExecution < len(r.Executions) {
						first = &r.Executions[a.FirstExecution]
					}
					f.Samples[ri] = d.of(r, a, first)
				}
			}
			f.Estimate = MeanCI(f.Samples)
			f.Lo, f.Hi = clampToUnit(f.Lo, f.Unit), clampToUnit(f.Hi, f.Unit)
			aa.Figures = append(aa.Figures, f)
		}
		for _, reason := range reasons {
			k := 0
			for _, r := range runs {
				if ai < len(r.Associations) && stoppedBy(r, r.Associations[ai].AssociationID, reason) {
					k++
				}
			}
			aa.Stops = append(aa.Stops, StopProbability{Reason: reason.String(), Proportion: Wilson(k, len(runs))})
		}
		agg.Associations = append(agg.Associations, aa)
	}
	return agg
}

func stoppedBy(r RunResult, associationID string, reason result.StopReason) bool {
	for _, e := range r.Executions {
		if e.AssociationID == associationID && e.Stop == reason {
			return true
		}
	}
	return false
}

// clampToUnit bounds an interval end to the range of a figure's unit.
func clampToUnit(v float64, unit string) float64 {
	if math.IsNaN(v) {
		return v
	}
	v = math.Max(v, 0)
	if unit == "fraction" {
		v = math.Min(v, 1)
	}
	return v
}
