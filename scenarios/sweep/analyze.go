package sweep

import (
	"io"
	"time"

	"github.com/ssmsim/ssmsim/reports"
	"github.com/ssmsim/ssmsim/scenarios"
	"github.com/ssmsim/ssmsim/sim"
)

// Analyze runs a scenario with one seed to its horizon and computes its
// statistics: the unit of work of sweeps and of `ssmsim run`. The
// statistics are taken as executions finish, so they are exact under a
// retention window (D19) too — which is why Analyze keeps no history the
// statistics do not read: unless the scenario sets its own retention, a
// finished execution's target rows are freed as soon as it has been
// analysed (and another has finished), keeping only the rows nodes' latest
// statuses rest on. A million nodes for a day then hold one day's
// statistics, not 48 million rows. The returned simulation answers for
// what it kept; AnalyzeKeeping keeps everything, for the API documents.
func Analyze(sc scenarios.Scenario, seed uint64) (reports.RunResult, *scenarios.Run, error) {
	return AnalyzeRecorded(sc, seed, nil)
}

// AnalyzeKeeping is Analyze keeping the whole history (the scenario's own
// retention aside), as the API documents of the run need it.
func AnalyzeKeeping(sc scenarios.Scenario, seed uint64) (reports.RunResult, *scenarios.Run, error) {
	return analyze(sc, seed, nil, false)
}

// AnalyzeRecorded is Analyze that also writes the run's record to w (when
// not nil) as it goes: `ssmsim report` re-reports it without simulating.
func AnalyzeRecorded(sc scenarios.Scenario, seed uint64, w io.Writer) (reports.RunResult, *scenarios.Run, error) {
	return analyze(sc, seed, w, true)
}

// streamingRetention is the window Analyze forgets finished executions
// after: the shortest there is.
const streamingRetention = time.Nanosecond

func analyze(sc scenarios.Scenario, seed uint64, w io.Writer, lean bool) (reports.RunResult, *scenarios.Run, error) {
	if lean && sc.Decisions.Retention == 0 {
		sc.Decisions.Retention = streamingRetention
	}
	r, err := sc.Build(seed, nil)
	if err != nil {
		return reports.RunResult{}, nil, err
	}
	ids := make([]string, len(r.Created))
	for i, c := range r.Created {
		ids[i] = c.AssociationDescription.AssociationID
	}
	meta := reports.Meta{Scenario: sc.Name, Seed: seed, Start: r.Sim.Config().Start, Associations: sc.Associations}
	for _, f := range sc.Faults {
		meta.Faults = append(meta.Faults, f.String())
	}
	an := reports.NewAnalyzer(r.Sim, meta, ids)
	var rec *reports.Recorder
	if w != nil {
		if rec, err = reports.NewRecorder(w, r.Sim, meta, ids); err != nil {
			return reports.RunResult{}, nil, err
		}
	}
	r.Sim.OnExecutionDone(func(ex sim.ExecutionResult) {
		an.Add(ex)
		if rec != nil {
			rec.Add(ex)
		}
	})
	if err := r.Complete(); err != nil {
		return reports.RunResult{}, nil, err
	}
	if rec != nil {
		if err := rec.Close(r.Sim.Now(), r.Sim.Fleet().Len()); err != nil {
			return reports.RunResult{}, nil, err
		}
	}
	return an.Result(r.Sim.Now(), r.Sim.Fleet().Len()), r, nil
}
