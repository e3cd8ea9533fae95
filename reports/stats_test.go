package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/ssmsim/ssmsim/sim/result"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuantilesOf(t *testing.T) {
	q := QuantilesOf([]float64{5, 1, 4, 2, 3})
	assert.Equal(t, 5, q.N)
	assert.Equal(t, 3.0, q.P50)
	assert.Equal(t, 5.0, q.P90)
	assert.Equal(t, 5.0, q.P99)

	// An empty sample has no quantiles: NaN, printed n/a, encoded null — never a made-up zero.
	q = QuantilesOf(nil)
	assert.True(t, math.IsNaN(q.P50) && math.IsNaN(q.P90) && math.IsNaN(q.P99))
	assert.Equal(t, "n/a", formatSeconds(q.P50))
	b, err := json.Marshal(jsonSeconds(q.P90))
	require.NoError(t, err)
	assert.Equal(t, "null", string(b))
}

type emptyResults struct{ execs []sim.ExecutionResult }

func (e emptyResults) Executions() []sim.ExecutionResult    { return e.execs }
func (emptyResults) EachTargetRun(int, func(sim.TargetRun)) {}

func TestSummary_ExecutionWithNoTargets(t *testing.T) {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	res := emptyResults{execs: []sim.ExecutionResult{{Index: 0, ExecutionID: "e", Created: start, LastExecution: start, Done: true, Status: "Success", Threshold: 3}}}
	s := Analyze(res, Meta{Scenario: "empty", Seed: 9, Start: start, End: start}, nil)
	var text, js bytes.Buffer
	require.NoError(t, s.WriteText(&text))
	require.NoError(t, s.WriteJSON(&js))
	assert.Contains(t, text.String(), "p50 n/a")
	assert.Contains(t, text.String(), "seed 9")
	assert.Contains(t, js.String(), `"p50": null`)
	assert.Contains(t, js.String(), `"makespan_seconds": 0`)
	assert.Contains(t, js.String(), `"error_threshold": 3`)
}

// Ranked quantiles of an ascending sample of durations of known size are
// QuantilesOf's of their seconds to the bit; a sample out of order or of
// another size says so.
func TestRanked_EqualsQuantilesOfSortedSamples(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	for range 500 {
		n := rng.IntN(300)
		sample := make([]time.Duration, n)
		for i := range sample {
			sample[i] = time.Duration(rng.ExpFloat64()*1e4) * time.Millisecond // ties happen
			if rng.IntN(10) == 0 {
				sample[i] = time.Duration(rng.Int64())
			}
		}
		slices.Sort(sample)
		seconds := make([]float64, n)
		for i, d := range sample {
			seconds[i] = d.Seconds()
		}
		r := newRanked(n)
		for _, d := range sample {
			r.add(d)
		}
		got, ok := r.quantiles()
		require.True(t, ok, "n %d", n)
		require.Equal(t, fmt.Sprint(QuantilesOf(seconds)), fmt.Sprint(got), "n %d", n)
		short := newRanked(n + 1)
		for _, d := range sample {
			short.add(d)
		}
		_, ok = short.quantiles()
		require.False(t, ok, "a sample shorter than announced")
		if n > 1 {
			slices.Reverse(sample)
			if sample[0] != sample[n-1] {
				back := newRanked(n)
				for _, d := range sample {
					back.add(d)
				}
				_, ok = back.quantiles()
				require.False(t, ok, "a sample out of order")
			}
		}
	}
}

// Quantiles of durations, selected as durations, are QuantilesOf's of their
// seconds to the bit: random, sorted, reversed and constant samples, ties,
// durations whose seconds round together, sizes across the selection's
// thresholds.
func TestQuantilesOfDurations_EqualsQuantilesOfSeconds(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 1))
	for trial := range 600 {
		n := []int{0, 1, 2, 17, 130, 1100, 5000}[trial%7] + rng.IntN(40)
		sample := make([]time.Duration, n)
		for i := range sample {
			switch trial % 5 {
			case 0:
				sample[i] = time.Duration(rng.ExpFloat64()*6e4) * time.Millisecond
			case 1:
				sample[i] = time.Duration(rng.IntN(5)) * time.Second
			case 2:
				sample[i] = 1<<60 + time.Duration(rng.IntN(1000)) // seconds that round together
			default:
				sample[i] = time.Duration(rng.Int64N(1 << 50))
			}
		}
		switch trial % 3 {
		case 1:
			slices.Sort(sample)
		case 2:
			slices.Sort(sample)
			slices.Reverse(sample)
		}
		seconds := make([]float64, n)
		for i, d := range sample {
			seconds[i] = d.Seconds()
		}
		want := QuantilesOf(seconds)
		got := quantilesOfDurations(sample)
		require.Equal(t, fmt.Sprint(want), fmt.Sprint(got), "trial %d, n %d", trial, n)
	}
}

// An execution's figures are the same whether its runs come one at a time
// or in batches of any size (more than the 64 a caller hands at once
// included): waits' ranks, run times, errors, busy time, the cut-off and
// the intervals.
func TestRunFigures_BatchesAsOneByOne(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 2))
	for trial := range 300 {
		n := rng.IntN(400)
		created := int64(1e18)
		runs := make([]result.RunTicks, n)
		at := created
		for i := range runs {
			at += int64(rng.IntN(3)) * 1e9
			tr := result.RunTicks{Index: int32(i), Node: int32(i), Dispatched: at}
			if rng.IntN(8) > 0 {
				tr.Finished = at + int64(rng.IntN(5000))*1e6
				tr.Status = result.RunStatus(rng.IntN(5))
				tr.Undeliverable = rng.IntN(10) == 0
				tr.Error = rng.IntN(5) == 0
			}
			if trial%7 == 0 && i == n/2 {
				tr.Dispatched = at - 5e9 // out of order: the ranks must say so
			}
			runs[i] = tr
		}
		figures := func(batches bool) (runFigures, scratch) {
			var sc scratch
			f := runFigures{created: created, end: at + 2e12, intervals: trial%2 == 0, waits: newRanked(n), sc: &sc}
			for rest := runs; len(rest) > 0; {
				k := 1
				if batches {
					k = min(1+rng.IntN(150), len(rest))
				}
				if k == 1 {
					f.add(rest[0])
				} else {
					f.addAll(rest[:k])
				}
				rest = rest[k:]
			}
			f.sc = nil
			return f, sc
		}
		f1, sc1 := figures(false)
		f2, sc2 := figures(true)
		require.Equal(t, f1, f2, "trial %d", trial)
		require.Equal(t, sc1, sc2, "trial %d", trial)
	}
}
