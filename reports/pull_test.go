package reports

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
	"github.com/ssmsim/ssmsim/sim/result"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copied is a simulation seen without its batch readers: the statistics
// copy every event before folding it, as they do for any Results.
type copied struct{ s *sim.Sim }

func (c copied) Executions() []result.ExecutionResult            { return c.s.Executions() }
func (c copied) EachTargetRun(i int, fn func(result.TargetRun))  { c.s.EachTargetRun(i, fn) }
func (c copied) EachCompletion(i int, fn func(result.TargetRun)) { c.s.EachCompletion(i, fn) }
func (c copied) EachTargetTicks(i int, fn func(result.RunTicks)) { c.s.EachTargetTicks(i, fn) }
func (c copied) EachCompletionTicks(i int, fn func(result.RunTicks)) {
	c.s.EachCompletionTicks(i, fn)
}

// A finished execution's events folded straight from the simulation's
// records give the statistics that copying them first gives, over random
// sessions in which executions follow each other at the very instant the
// previous one ended (StartAssociationsOnce and UpdateAssociation while
// one runs), nodes join and leave, and runs fail, time out or are lost.
//
// Both ways of folding a finished execution from the records are
// compared: one pass with a table of steps (foldDense) and, with the table
// turned off, merging its events (what an execution spanning too many
// steps gets).
func TestAnalyze_PulledEventsEqualCopiedOnes(t *testing.T) { eachFold(t, pulledEqualsCopied) }

// eachFold runs test with finished executions folded in one pass
// (foldDense), then with every one merged event by event.
func eachFold(t *testing.T, test func(t *testing.T)) {
	for _, mode := range []struct {
		name string
		runs int
	}{{"one pass", denseRuns}, {"merged", 0}} {
		t.Run(mode.name, func(t *testing.T) {
			defer func(r int) { denseRuns = r }(denseRuns)
			denseRuns = mode.runs
			test(t)
		})
	}
}

func pulledEqualsCopied(t *testing.T) {
	back2back := 0
	for seed := uint64(1); seed <= 40; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		s, err := sim.New(sim.Config{Seed: seed, Start: t0})
		require.NoError(t, err)
		nodes := 20 + rng.IntN(200)
		b := sim.Behavior{Duration: sim.LogNormal(time.Duration(20+rng.IntN(100))*time.Second, 0.6),
			FailureProbability: rng.Float64() * 0.1, TimeoutProbability: rng.Float64() * 0.05, Timeout: 5 * time.Minute}
		_, err = s.AddNodes(sim.NodeGroup{Count: nodes, Tags: []model.Tag{{Key: "env", Value: "prod"}}, Behavior: b})
		require.NoError(t, err)
		in := model.CreateAssociationInput{Name: "AWS-RunShellScript", AssociationName: "pulled",
			Targets: []model.Target{{Key: "tag:env", Values: []string{"prod"}}}, MaxConcurrency: []string{"1", "10%", "7", "50%"}[rng.IntN(4)],
			Parameters: map[string][]string{"commands": {"true"}}, ScheduleExpression: []string{"", "rate(30 minutes)"}[rng.IntN(2)]}
		if rng.IntN(2) == 0 {
			in.MaxErrors = "5%"
		}
		out, err := s.CreateAssociation(in)
		require.NoError(t, err)
		id := out.AssociationDescription.AssociationID
		for step := range 6 {
			s.RunUntil(s.Now().Add(time.Duration(1+rng.IntN(20)) * time.Minute))
			switch rng.IntN(4) {
			case 0:
				_, err = s.StartAssociationsOnce(model.StartAssociationsOnceInput{AssociationIDs: []string{id}})
			case 1:
				_, err = s.UpdateAssociation(model.UpdateAssociationInput{AssociationID: id, MaxConcurrency: "2", ScheduleExpression: in.ScheduleExpression, Parameters: in.Parameters})
			case 2:
				_, err = s.AddNodes(sim.NodeGroup{Count: 1 + rng.IntN(10), Tags: []model.Tag{{Key: "env", Value: "prod"}}, Behavior: b})
			case 3:
				err = s.TerminateNodesAt(s.Now(), []int{rng.IntN(nodes)})
			}
			require.NoError(t, err, "seed %d step %d", seed, step)
		}
		s.RunUntil(s.Now().Add(3 * time.Hour))
		execs := s.Executions()
		for i := 1; i < len(execs); i++ {
			if execs[i].Done && execs[i-1].Done && execs[i].Created.Equal(execs[i-1].LastExecution) {
				back2back++
			}
		}
		meta := Meta{Scenario: "pull", Seed: seed, Start: t0, End: s.Now(), Nodes: s.Fleet().Len(), Associations: []model.CreateAssociationInput{in}}
		// %+v: every float to the bit (NaN included), maps in key order.
		want := fmt.Sprintf("%+v", Analyze(copied{s}, meta, []string{id}))
		got := fmt.Sprintf("%+v", Analyze(s, meta, []string{id}))
		if want != got {
			wl, gl := strings.Fields(want), strings.Fields(got)
			for i := range min(len(wl), len(gl)) {
				if wl[i] != gl[i] {
					t.Fatalf("seed %d: the statistics differ at field %d: copied %q, pulled %q (%d executions)", seed, i, wl[i], gl[i], len(execs))
				}
			}
			t.Fatalf("seed %d: the statistics differ in length", seed)
		}
	}
	t.Logf("%d executions started at the instant the previous one ended", back2back)
	assert.Greater(t, back2back, 10, "executions that start at the instant the previous one ended")
}

// A milestone is reached at the instant compliance gets there, counting the
// dispatches that took it away within the same step only up to that
// instant and none of the step before: ten nodes, one second a run, one at
// a time, each run failing with probability 0.2. With seed 3 the first
// execution fails nodes 5 and 7 (80% compliant) and the second none: 90%
// is first reached 1,807 s after the first execution began, when node 6's
// run ends and node 7, not compliant, is dispatched — one second after the
// dispatch of node 6 took its compliant run away, in the step before.
func TestAnalyze_MilestoneAtTheInstantNotTheStepBefore(t *testing.T) {
	eachFold(t, func(t *testing.T) {
		s, err := sim.New(sim.Config{Seed: 3, Start: t0})
		require.NoError(t, err)
		_, err = s.AddNodes(sim.NodeGroup{Count: 10, Tags: []model.Tag{{Key: "env", Value: "prod"}},
			Behavior: sim.Behavior{Duration: sim.Fixed(time.Second), FailureProbability: 0.2}})
		require.NoError(t, err)
		in := model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: map[string][]string{"commands": {"true"}},
			Targets: []model.Target{{Key: "tag:env", Values: []string{"prod"}}}, MaxConcurrency: "1", ScheduleExpression: "rate(30 minutes)"}
		out, err := s.CreateAssociation(in)
		require.NoError(t, err)
		s.RunUntil(t0.Add(40 * time.Minute))
		ex := s.Executions()
		require.Len(t, ex, 2)
		var fails []int
		s.EachTargetRun(ex[0].Index, func(tr result.TargetRun) {
			if tr.Status != model.StatusSuccess {
				fails = append(fails, tr.Node)
			}
		})
		require.Equal(t, []int{5, 7}, fails, "the first execution's failures")
		require.Zero(t, ex[1].Counts.Failed, "the second execution's failures")
		meta := Meta{Scenario: "milestone", Seed: 3, Start: t0, End: s.Now(), Nodes: 10, Associations: []model.CreateAssociationInput{in}}
		ids := []string{out.AssociationDescription.AssociationID}
		got := Analyze(s, meta, ids)
		require.Len(t, got.Associations, 1)
		assert.Equal(t, 1807.0, got.Associations[0].TimeTo.P90)
		assert.Equal(t, fmt.Sprintf("%+v", Analyze(copied{s}, meta, ids)), fmt.Sprintf("%+v", got))
	})
}
