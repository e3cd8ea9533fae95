package sweep

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/reports"
	"github.com/ssmsim/ssmsim/scenarios"
)

// A worker reuses the event wheel's chunks and the statistics' buffers of
// the runs before (engine and reports pools): a run analysed after larger
// ones, on their dirty buffers, gives exactly what it gave on fresh ones.
func TestAnalyze_RecycledBuffersChangeNothing(t *testing.T) {
	result := func(name string, seed uint64) []byte {
		sc, ok := scenarios.Builtin(name)
		require.True(t, ok, name)
		r, _, err := Analyze(sc, seed)
		require.NoError(t, err)
		var b bytes.Buffer
		require.NoError(t, reports.WriteRunsJSON(&b, []reports.RunResult{r}, reports.AggregateRuns([]reports.RunResult{r})))
		return b.Bytes()
	}
	first := result("default", 4)
	for _, name := range scenarios.Names() { // dirty every pool with other shapes and sizes
		result(name, 7)
	}
	require.JSONEq(t, string(first), string(result("default", 4)))
	second := result("patch-tuesday", 3)
	result("autoscaling", 1)
	require.JSONEq(t, string(second), string(result("patch-tuesday", 3)))
}
