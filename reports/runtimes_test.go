package reports

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
	"github.com/ssmsim/ssmsim/sim/result"
	"github.com/stretchr/testify/require"
)

// sampledRunTime is runTime of vals as an execution too large to keep
// them sees them: sampled every every-th in batches of batch, then reread
// in slices of batch.
func sampledRunTime(vals []time.Duration, every, batch int) (Quantiles, int) {
	sc := &scratch{}
	f := runFigures{sc: sc, every: every}
	for i := 0; i < len(vals); i += batch {
		sc.run = append(sc.run, vals[i:min(i+batch, len(vals))]...)
		f.sample()
	}
	reads := 0
	q := f.runTime(func(fn func([]time.Duration)) {
		reads++
		for i := 0; i < len(vals); i += batch {
			fn(vals[i:min(i+batch, len(vals))])
		}
	})
	return q, reads
}

// The quantiles of sampled run times are those of every run time kept, to
// the bit, over random samples: spread, many equal values, one value, and
// orders in which the values sampled mislead the brackets (then the run
// times are read a third time, kept).
func TestRunTime_SampledAsKept(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 3))
	misled := 0
	for trial := range 600 {
		n := 1 + rng.IntN(20_000)
		vals := make([]time.Duration, n)
		for i := range vals {
			switch trial % 5 {
			case 0, 1: // lognormal, to the millisecond
				vals[i] = time.Duration(60_000*rng.ExpFloat64()) * time.Millisecond
			case 2: // few distinct values
				vals[i] = time.Duration(rng.IntN(4)) * time.Second
			case 3: // one value
				vals[i] = 42 * time.Second
			case 4: // nanoseconds, zero and negative included
				vals[i] = time.Duration(rng.Int64N(2e9) - 1e3)
			}
		}
		every := 1 + rng.IntN(64)
		if trial%3 == 0 { // the values sampled are the smallest: the brackets miss
			slices.Sort(vals)
			rest := vals[(n+every-1)/every:]
			rng.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
			out := make([]time.Duration, 0, n)
			for i, k := 0, 0; i < n; i++ {
				if i%every == 0 {
					out = append(out, vals[i/every])
				} else {
					out = append(out, rest[k])
					k++
				}
			}
			vals = out
		}
		want := quantilesOfDurations(slices.Clone(vals))
		got, reads := sampledRunTime(vals, every, 1+rng.IntN(300))
		require.Equal(t, fmt.Sprint(want), fmt.Sprint(got), "trial %d, n %d, every %d", trial, n, every)
		if reads > 1 {
			misled++
		}
	}
	t.Logf("%d of 600 samples misled their brackets", misled)
	require.Greater(t, misled, 0, "samples that misled their brackets (the fallback went untested)")
}

// randomSession is a simulation of a few hundred nodes whose runs
// succeed, fail, time out or are undeliverable, under two associations,
// for three hours.
func randomSession(t *testing.T, seed uint64) (*sim.Sim, Meta, []string) {
	rng := rand.New(rand.NewPCG(seed, 11))
	s, err := sim.New(sim.Config{Seed: seed, Start: t0})
	require.NoError(t, err)
	b := sim.Behavior{Duration: sim.LogNormal(time.Duration(20+rng.IntN(100))*time.Second, 0.6),
		FailureProbability: rng.Float64() * 0.1, TimeoutProbability: rng.Float64() * 0.05, Timeout: 5 * time.Minute}
	_, err = s.AddNodes(sim.NodeGroup{Count: 100 + rng.IntN(400), Tags: []model.Tag{{Key: "env", Value: "prod"}}, Behavior: b})
	require.NoError(t, err)
	var ins []model.CreateAssociationInput
	var ids []string
	for _, mc := range []string{"10%", "25", "1"} {
		in := model.CreateAssociationInput{Name: "AWS-RunShellScript", AssociationName: "sampled-" + strings.TrimSuffix(mc, "%"), MaxConcurrency: mc,
			Targets:    []model.Target{{Key: "tag:env", Values: []string{"prod"}}},
			Parameters: map[string][]string{"commands": {"true"}}, ScheduleExpression: "rate(30 minutes)"}
		if mc == "1" { // one at a time, cut off after an hour: runs Cancelled
			in.ScheduleExpression, in.ApplyOnlyAtCronInterval, in.Duration = "cron(0 * ? * * *)", true, 1
		}
		out, err := s.CreateAssociation(in)
		require.NoError(t, err)
		ins, ids = append(ins, in), append(ids, out.AssociationDescription.AssociationID)
	}
	// A tenth of the fleet offline for the second hour: its runs are
	// Undeliverable (D7), finished with no run time.
	var off []int
	for n := range s.Fleet().Len() / 10 {
		off = append(off, n)
	}
	require.NoError(t, s.SetNodesOnlineAt(t0.Add(time.Hour), off, false))
	require.NoError(t, s.SetNodesOnlineAt(t0.Add(2*time.Hour), off, true))
	s.RunUntil(t0.Add(3 * time.Hour))
	return s, Meta{Scenario: "sampled", Seed: seed, Start: t0, End: s.Now(), Nodes: s.Fleet().Len(), Associations: ins}, ids
}

// onlyResults is a simulation seen through Results alone.
type onlyResults struct{ s *sim.Sim }

func (p onlyResults) Executions() []result.ExecutionResult           { return p.s.Executions() }
func (p onlyResults) EachTargetRun(i int, fn func(result.TargetRun)) { p.s.EachTargetRun(i, fn) }

// A run's statistics are the same, to the bit, however the results are
// read (from the simulation's records, as RunTicks, or as TargetRuns), and
// when every execution is too large to keep its run times (keepMax
// lowered to a few).
func TestAnalyze_SampledRunTimesAsKept(t *testing.T) {
	cancelled := 0
	for seed := uint64(1); seed <= 6; seed++ {
		s, meta, ids := randomSession(t, seed)
		want := Analyze(s, meta, ids)
		cancelled += want.Totals.Cancelled
		for _, res := range []Results{s, copied{s}, onlyResults{s}} {
			require.Equal(t, fmt.Sprintf("%+v", want), fmt.Sprintf("%+v", Analyze(res, meta, ids)), "seed %d, %T", seed, res)
			func() {
				defer func(k, m int) { keepMax, sampleSize = k, m }(keepMax, sampleSize)
				keepMax, sampleSize = 4, 8
				require.Equal(t, fmt.Sprintf("%+v", want), fmt.Sprintf("%+v", Analyze(res, meta, ids)), "seed %d, %T, sampled", seed, res)
			}()
		}
	}
	require.Greater(t, cancelled, 0, "runs cut off by Duration")
}
