package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/model"
)

// EstimateRun counts scheduled runs times targets; a retention window
// bounds what is held, not what is run.
func TestEstimateRun(t *testing.T) {
	for _, c := range []struct {
		retention                   time.Duration
		schedule                    string
		runs, nodeExecs, heldAtMost int64
	}{
		{0, "rate(30 minutes)", 17520, 17520 * 1000, 17520 * 1000},
		{7 * 24 * time.Hour, "rate(30 minutes)", 17520, 17520 * 1000, 340 * 1000},
		{0, "cron(0 2 ? * MON *)", 53, 53 * 1000, 53 * 1000},           // 2024 from Monday 1 January: 53 Mondays
		{0, "cron(0/30 * * * ? *)", 17520, 17520 * 1000, 17520 * 1000}, // over 10,000: extrapolated
	} {
		s, err := New(Config{Seed: 1, Decisions: Decisions{Retention: c.retention}})
		require.NoError(t, err)
		_, err = s.AddNodes(NodeGroup{Count: 1000, Behavior: Behavior{Duration: Fixed(time.Second)}})
		require.NoError(t, err)
		_, err = s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", Targets: all(), ScheduleExpression: c.schedule})
		require.NoError(t, err)
		est := s.EstimateRun(s.Now().Add(365 * 24 * time.Hour))
		assert.InDelta(t, c.runs, est.Runs, float64(c.runs)/100+1, c.schedule)
		assert.InDelta(t, c.nodeExecs, est.NodeExecutions, float64(c.nodeExecs)/100+1000, c.schedule)
		assert.LessOrEqual(t, est.RetainedRecords, c.heldAtMost, "%s retention %v", c.schedule, c.retention)
		assert.Equal(t, est.RetainedRecords*bytesPerRecord+est.RetainedRecords/1000*bytesPerExecution, est.Bytes)
	}
}
