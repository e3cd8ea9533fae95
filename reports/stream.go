package reports

import (
	"math"
	"slices"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/result"
)

// Analyzer computes a run's statistics one execution at a time, so that
// they can be taken while the simulation runs and stay exact when the
// simulation forgets old executions (sim.Decisions.Retention, D19): feed it
// from sim.OnExecutionDone, then call Result at the end. Analyze is the
// same computation over the executions on record at the end.
type Analyzer struct {
	res   Results
	meta  Meta
	r     RunResult
	byID  map[string]int // lookups only
	accs  []*assocAcc
	last  []int // per association: Index of the newest execution added, -1 if none
	sc    scratch
	known int // associations named by meta; later ones are ordered at Result
}

// NewAnalyzer starts the statistics of a run: meta and ids as for Analyze
// (meta.End and meta.Nodes are taken by Result).
func NewAnalyzer(res Results, meta Meta, ids []string) *Analyzer {
	an := &Analyzer{res: res, meta: meta, byID: map[string]int{},
		r: RunResult{Scenario: meta.Scenario, Seed: meta.Seed, Start: meta.Start.UTC(), Nodes: meta.Nodes, Faults: meta.Faults,
			Associations: []AssociationStats{}, Executions: []ExecutionStats{},
			Totals: Totals{ByStatus: map[string]int{}, StoppedBy: map[string]int{}}}}
	for i, in := range meta.Associations {
		a := AssociationStats{Document: in.Name, AssociationName: in.AssociationName, Targets: in.Targets,
			MaxConcurrency: orDefault(in.MaxConcurrency, "default"), MaxErrors: orDefault(in.MaxErrors, "none"), Duration: in.Duration}
		if i < len(ids) {
			a.AssociationID = ids[i]
		}
		an.addAssoc(a)
	}
	an.known = len(an.r.Associations)
	if sc, _ := scratchPool.Get().(*scratch); sc != nil {
		an.sc = *sc
	}
	return an
}

func (an *Analyzer) addAssoc(a AssociationStats) int {
	a.FirstExecution, a.FinalCompliance = -1, math.NaN()
	a.TimeTo = Milestones{math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	an.r.Associations = append(an.r.Associations, a)
	an.accs = append(an.accs, &assocAcc{fleet: an.meta.Nodes})
	an.last = append(an.last, -1)
	if a.AssociationID != "" {
		if _, dup := an.byID[a.AssociationID]; !dup {
			an.byID[a.AssociationID] = len(an.r.Associations) - 1
		}
	}
	return len(an.r.Associations) - 1
}

// Add folds in one execution. Executions of one association must come in
// creation (Index) order; executions of different associations may
// interleave in any order. An execution added twice is ignored.
func (an *Analyzer) Add(ex result.ExecutionResult) {
	ai, ok := an.byID[ex.AssociationID]
	if !ok {
		ai = an.addAssoc(AssociationStats{AssociationID: ex.AssociationID, MaxConcurrency: "unknown", MaxErrors: "unknown"})
	}
	if ex.Index <= an.last[ai] {
		return
	}
	an.last[ai] = ex.Index
	a := &an.r.Associations[ai]
	if a.FirstExecution < 0 && ex.Status != model.StatusSkipped {
		a.FirstExecution, a.FirstStart = ex.Index, ex.Created.UTC() // an Index until Result
	}
	a.Executions++
	var duration int32
	if ai < len(an.meta.Associations) && ex.AssociationVersion == "1" {
		duration = an.meta.Associations[ai].Duration
	}
	an.accs[ai].flush(a, an.meta.Start, ex.Created.Sub(an.meta.Start)) // fold in what happened before this execution
	// A finished execution of a simulation is folded straight from its
	// records (no copy of its events); others go through the accumulator.
	c, pull := an.res.(tickCursor)
	_, ordered := an.res.(completionOrder)
	_, fast := an.res.(tickResults)
	pull = pull && ordered && fast && ex.Done
	var read func(*runFigures)
	if pull {
		if an.sc.pull == nil {
			an.sc.pull = new(pullBuffers)
		}
		read = func(fig *runFigures) {
			an.accs[ai].foldFinished(a, an.meta.Start, c, ex, fig, an.sc.pull)
		}
	}
	e := analyzeExecution(an.res, ex, an.meta, duration, an.accs[ai], &an.sc, read)
	an.r.Executions = append(an.r.Executions, e)
	an.r.Totals.add(e)
}

// Result adds the executions still on record that were not added (those
// running at the end), closes every association's figures at end, and
// returns the statistics of a run that ended at end with nodes nodes. The
// Analyzer is spent afterwards.
func (an *Analyzer) Result(end time.Time, nodes int) RunResult {
	an.meta.End = end
	for _, ex := range an.res.Executions() {
		an.Add(ex)
	}
	r := an.r
	r.End, r.Nodes = end.UTC(), nodes
	for i := range r.Associations {
		an.accs[i].finish(&r.Associations[i], an.meta.Start)
		an.accs[i] = nil // free the events as soon as they are summarised
	}
	// Executions in creation order; associations the meta did not name in
	// order of their first execution, as one pass over the results would
	// have met them.
	slices.SortStableFunc(r.Executions, func(x, y ExecutionStats) int { return x.Index - y.Index })
	extra := r.Associations[an.known:]
	first := map[string]int{}
	for _, e := range slices.Backward(r.Executions) {
		first[e.AssociationID] = e.Index
	}
	slices.SortStableFunc(extra, func(x, y AssociationStats) int { return first[x.AssociationID] - first[y.AssociationID] })
	pos := make(map[int]int, len(r.Executions)) // Index -> place in r.Executions
	for i, e := range r.Executions {
		pos[e.Index] = i
	}
	for i := range r.Associations {
		if f := r.Associations[i].FirstExecution; f >= 0 {
			r.Associations[i].FirstExecution = pos[f]
		}
	}
	an.r = RunResult{}
	sc := an.sc
	an.sc = scratch{}
	scratchPool.Put(&sc)
	return r
}
