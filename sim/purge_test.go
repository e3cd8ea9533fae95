package sim

import (
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/model"
)

// Under a retention window (D19; ssmsim serve's default), a deleted
// association's history is freed once nothing of it runs: 50,000
// create/delete pairs leave small tombstones, not their executions, rows
// and node tables. Without a window everything stays (a library user may
// still read the results).
func TestDeleteAssociation_FreesHistoryUnderRetention(t *testing.T) {
	perPair := func(retention time.Duration) float64 {
		s, err := New(Config{Seed: 1, Decisions: Decisions{Retention: retention}})
		require.NoError(t, err)
		_, err = s.AddNodes(NodeGroup{Count: 20, Behavior: Behavior{Duration: Fixed(time.Second)}})
		require.NoError(t, err)
		pairs := func(n int) {
			for range n {
				out, err := s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", Targets: all()})
				require.NoError(t, err)
				s.RunUntil(s.Now().Add(2 * time.Second))
				_, err = s.DeleteAssociation(model.DeleteAssociationInput{AssociationID: out.AssociationDescription.AssociationID})
				require.NoError(t, err)
			}
		}
		pairs(1000)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		pairs(20_000)
		runtime.GC()
		runtime.ReadMemStats(&after)
		assert.Equal(t, 21_000*20, len(s.execs)*20, "one execution each")
		runtime.KeepAlive(s)
		return float64(after.HeapAlloc-before.HeapAlloc) / 20_000
	}
	kept, freed := perPair(0), perPair(time.Hour)
	t.Logf("bytes per create/delete pair: %.0f kept, %.0f under retention", kept, freed)
	assert.Less(t, freed, kept/2, "most of a pair's memory is freed")
}

// Under a window an execution nothing rests on any more is dropped whole,
// not only its rows: a long session keeps about the window's executions.
func TestRetention_DropsForgottenExecutions(t *testing.T) {
	s, err := New(Config{Seed: 1, Decisions: Decisions{Retention: 24 * time.Hour}})
	require.NoError(t, err)
	_, err = s.AddNodes(NodeGroup{Count: 20, Behavior: Behavior{Duration: Fixed(time.Minute)}})
	require.NoError(t, err)
	_, err = s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", Targets: all(), ScheduleExpression: "rate(30 minutes)"})
	require.NoError(t, err)
	s.RunUntil(DefaultStart().Add(30 * 24 * time.Hour))
	held := 0
	for _, e := range s.execs {
		if e != nil {
			held++
		}
	}
	assert.Len(t, s.execs, 30*48+1, "every execution ran")
	assert.LessOrEqual(t, held, 48+2, "about a day's executions are held")
	assert.Len(t, s.Executions(), held)
}
