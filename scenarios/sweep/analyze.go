package sweep

import (
	"github.com/ssmsim/ssmsim/reports"
	"github.com/ssmsim/ssmsim/scenarios"
)

// Analyze runs a scenario with one seed to its horizon and computes its
// statistics: the unit of work of sweeps and of `ssmsim run --runs`.
func Analyze(sc scenarios.Scenario, seed uint64) (reports.RunResult, *scenarios.Run, error) {
	r, err := sc.Execute(seed, nil)
	if err != nil {
		return reports.RunResult{}, nil, err
	}
	ids := make([]string, len(r.Created))
	for i, c := range r.Created {
		ids[i] = c.AssociationDescription.AssociationID
	}
	return reports.Analyze(r.Sim, reports.Meta{
		Scenario: sc.Name, Seed: seed, Start: r.Sim.Config().Start, End: r.Sim.Now(),
		Nodes: r.Sim.Fleet().Len(), Associations: sc.Associations,
	}, ids), r, nil
}
