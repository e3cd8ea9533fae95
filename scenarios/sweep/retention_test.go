package sweep

import (
	"bytes"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/reports"
	"github.com/ssmsim/ssmsim/scenarios"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// D19: statistics are taken as executions finish, so a retention window
// that forgets most of the run changes nothing in them — for every
// built-in scenario small enough for a test — while it bounds the rows
// kept: Analyze's own (it keeps no history) and a scenario's hour alike;
// and the streamed statistics equal one pass over everything kept.
func TestRetention_StatisticsUnchanged(t *testing.T) {
	for _, name := range []string{"default", "patch-tuesday", "weekend-freeze", "alarm-stop", "autoscaling", "maxerrors-examples"} {
		t.Run(name, func(t *testing.T) {
			sc, ok := scenarios.Builtin(name)
			require.True(t, ok)
			full, fullRun, err := AnalyzeKeeping(sc, 3)
			require.NoError(t, err)
			lean, leanRun, err := Analyze(sc, 3)
			require.NoError(t, err)
			assert.Equal(t, jsonOf(t, full), jsonOf(t, lean), "Analyze keeps no history, and its statistics are the same")
			assert.LessOrEqual(t, leanRun.Sim.RetainedRecords(), fullRun.Sim.RetainedRecords())
			if len(full.Executions) > 10 {
				assert.Less(t, leanRun.Sim.RetainedRecords(), fullRun.Sim.RetainedRecords(), "Analyze frees what it has analysed")
			}
			sc.Decisions.Retention = time.Hour
			short, shortRun, err := Analyze(sc, 3)
			require.NoError(t, err)
			assert.Equal(t, jsonOf(t, full), jsonOf(t, short))

			ids := fullRun.Sim.AssociationIDs()
			meta := reports.Meta{Scenario: sc.Name, Seed: 3, Start: fullRun.Sim.Config().Start, End: fullRun.Sim.Now(),
				Nodes: fullRun.Sim.Fleet().Len(), Associations: sc.Associations}
			assert.Equal(t, jsonOf(t, full), jsonOf(t, reports.Analyze(fullRun.Sim, meta, ids)), "streamed = one pass at the end")

			assert.LessOrEqual(t, shortRun.Sim.RetainedRecords(), fullRun.Sim.RetainedRecords())
			if len(full.Executions) > 10 {
				assert.Less(t, len(shortRun.Sim.Executions()), len(full.Executions), "old executions are forgotten")
			}
		})
	}
}

func jsonOf(t *testing.T, r reports.RunResult) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, r.WriteJSON(&b))
	return b.String()
}
