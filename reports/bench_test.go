package reports

import (
	"io"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
	"github.com/stretchr/testify/require"
)

// BenchmarkAnalyze_100kNodes analyses a 100,000-node rollout and writes
// its CSV and HTML.
func BenchmarkAnalyze_100kNodes(b *testing.B) {
	s, err := sim.New(sim.Config{Seed: 1, Start: t0})
	require.NoError(b, err)
	_, err = s.AddNodes(sim.NodeGroup{Count: 100_000, Tags: []model.Tag{{Key: "env", Value: "prod"}},
		Behavior: sim.Behavior{Duration: sim.LogNormal(time.Minute, 0.5), FailureProbability: 0.01}})
	require.NoError(b, err)
	in := model.CreateAssociationInput{Name: "AWS-RunShellScript", Targets: []model.Target{{Key: "tag:env", Values: []string{"prod"}}},
		MaxConcurrency: "10%", MaxErrors: "2%", Parameters: map[string][]string{"commands": {"true"}}}
	out, err := s.CreateAssociation(in)
	require.NoError(b, err)
	s.Run()
	meta := Meta{Scenario: "bench", Seed: 1, Start: t0, End: s.Now(), Nodes: 100_000, Associations: []model.CreateAssociationInput{in}}
	ids := []string{out.AssociationDescription.AssociationID}
	b.ResetTimer()
	for range b.N {
		r := Analyze(s, meta, ids)
		require.NoError(b, r.WriteCSV(io.Discard, time.Minute))
		require.NoError(b, WriteHTML(io.Discard, []RunResult{r}, AggregateRuns([]RunResult{r})))
	}
}
