package sweep

import (
	"github.com/ssmsim/ssmsim/reports"
	"github.com/ssmsim/ssmsim/scenarios"
	"github.com/ssmsim/ssmsim/sim"
	"io"
)

// Analyze runs a scenario with one seed to its horizon and computes its
// statistics: the unit of work of sweeps and of `ssmsim run --runs`. The
// statistics are taken as executions finish, so they are exact under a
// retention window (D19) too.
func Analyze(sc scenarios.Scenario, seed uint64) (reports.RunResult, *scenarios.Run, error) {
	return AnalyzeRecorded(sc, seed, nil)
}

// AnalyzeRecorded is Analyze that also writes the run's record to w (when
// not nil) as it goes: `ssmsim report` re-reports it without simulating.
func AnalyzeRecorded(sc scenarios.Scenario, seed uint64, w io.Writer) (reports.RunResult, *scenarios.Run, error) {
	r, err := sc.Build(seed, nil)
	if err != nil {
		return reports.RunResult{}, nil, err
	}
	ids := make([]string, len(r.Created))
	for i, c := range r.Created {
		ids[i] = c.AssociationDescription.AssociationID
	}
	meta := reports.Meta{Scenario: sc.Name, Seed: seed, Start: r.Sim.Config().Start, Associations: sc.Associations}
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
