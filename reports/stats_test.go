package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
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

// Ranked quantiles of an ascending sample of known size are QuantilesOf's
// to the bit; a sample out of order, of another size or with NaN says so.
func TestRanked_EqualsQuantilesOfSortedSamples(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	for range 500 {
		n := rng.IntN(300)
		sample := make([]float64, n)
		for i := range sample {
			sample[i] = math.Round(rng.ExpFloat64()*100) / 10 // ties happen
		}
		slices.Sort(sample)
		r := newRanked(n)
		for _, v := range sample {
			r.add(v)
		}
		got, ok := r.quantiles()
		require.True(t, ok, "n %d", n)
		require.Equal(t, fmt.Sprint(QuantilesOf(slices.Clone(sample))), fmt.Sprint(got), "n %d", n)
		short := newRanked(n + 1)
		for _, v := range sample {
			short.add(v)
		}
		_, ok = short.quantiles()
		require.False(t, ok, "a sample shorter than announced")
		if n > 1 {
			slices.Reverse(sample)
			if sample[0] != sample[n-1] {
				back := newRanked(n)
				for _, v := range sample {
					back.add(v)
				}
				_, ok = back.quantiles()
				require.False(t, ok, "a sample out of order")
			}
		}
	}
	nan := newRanked(2)
	nan.add(1)
	nan.add(math.NaN())
	_, ok := nan.quantiles()
	assert.False(t, ok)
}
