package sweep

import (
	"github.com/ssmsim/ssmsim/reports"
	"github.com/ssmsim/ssmsim/scenarios"
)

// Analyze runs a scenario with one seed to its horizon and computes its
// statistics: the unit of work of sweeps and of `ssmsim run --runs`. The
// statistics are taken as executions finish, so they are exact under a
// retention window (D19) too.
func Analyze(sc scenarios.Scenario, seed uint64) (reports.RunResult, *scenarios.Run, error) {
	r, err := sc.Build(seed, nil)
	if err != nil {
		return reports.RunResult{}, nil, err
	}
	ids := make([]string, len(r.Created))
	for i, c := range r.Created {
		ids[i] = c.AssociationDescription.AssociationID
	}
	an := reports.NewAnalyzer(r.Sim, reports.Meta{Scenario: sc.Name, Seed: seed, Start: r.Sim.Config().Start, Associations: sc.Associations}, ids)
	r.Sim.OnExecutionDone(an.Add)
	if err := r.Complete(); err != nil {
		return reports.RunResult{}, nil, err
	}
	return an.Result(r.Sim.Now(), r.Sim.Fleet().Len()), r, nil
}
