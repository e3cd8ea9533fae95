package reports

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run go test ./reports -update")
	assert.Equal(t, string(want), string(got), "golden %s differs; if intended, rerun with -update and review the diff", path)
}

var t0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func at(d time.Duration) time.Time { return t0.Add(d) }

// fakeResults are hand-made results: executions and their target runs.
type fakeResults struct {
	execs []sim.ExecutionResult
	runs  [][]sim.TargetRun
}

func (f fakeResults) Executions() []sim.ExecutionResult { return f.execs }

func (f fakeResults) EachTargetRun(i int, fn func(sim.TargetRun)) {
	if i < len(f.runs) {
		for _, r := range f.runs[i] {
			fn(r)
		}
	}
}

// add appends an execution (its Index set) with its runs.
func (f *fakeResults) add(e sim.ExecutionResult, runs ...sim.TargetRun) {
	e.Index = len(f.execs)
	f.execs = append(f.execs, e)
	f.runs = append(f.runs, runs)
}

func run(node int, dispatched, finished time.Duration, status model.ExecutionStatus) sim.TargetRun {
	tr := sim.TargetRun{Node: node, Dispatched: at(dispatched), Status: status, Detailed: string(status),
		Error: status == model.StatusFailed || status == model.StatusTimedOut} // D7, as the simulation marks it
	if status != model.StatusInProgress {
		tr.Finished = at(finished)
	}
	return tr
}

// simRun runs a real rollout: nodes nodes, MaxConcurrency 10%, MaxErrors
// 2%, a failure probability, lognormal run times.
func simRun(t testing.TB, seed uint64, nodes int, failure float64, halts *HaltLog) RunResult {
	t.Helper()
	var obs sim.Observer
	if halts != nil {
		obs = halts.Observe
	}
	s, err := sim.New(sim.Config{Seed: seed, Start: t0, Observer: obs})
	require.NoError(t, err)
	_, err = s.AddNodes(sim.NodeGroup{Count: nodes, Tags: []model.Tag{{Key: "env", Value: "prod"}},
		Behavior: sim.Behavior{Duration: sim.LogNormal(time.Minute, 0.5), FailureProbability: failure}})
	require.NoError(t, err)
	in := model.CreateAssociationInput{Name: "AWS-RunShellScript", AssociationName: "rollout",
		Targets: []model.Target{{Key: "tag:env", Values: []string{"prod"}}}, MaxConcurrency: "10%", MaxErrors: "2%",
		Parameters: map[string][]string{"commands": {"true"}}}
	out, err := s.CreateAssociation(in)
	require.NoError(t, err)
	s.Run()
	return Analyze(s, Meta{Scenario: "test-rollout", Seed: seed, Start: t0, End: s.Now(), Nodes: nodes,
		Associations: []model.CreateAssociationInput{in}, Halts: halts}, []string{out.AssociationDescription.AssociationID})
}
