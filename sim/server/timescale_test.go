package server_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/jonboulle/clockwork"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/sim"
	"github.com/ssmsim/ssmsim/sim/server"
)

// With TimeScale 60, ten wall seconds are ten virtual minutes; an explicit
// advance ahead of scaled time is kept until scaled time catches up.
func TestTimeScale_FollowsTheWallClock(t *testing.T) {
	clock := clockwork.NewFakeClockAt(time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC))
	srv, ts := start(t, 1, server.Options{Clock: clock, TimeScale: 60})
	c := client(ts.URL, nil)

	assert.Equal(t, startEpoch, clockNow(t, ts.URL))
	clock.Advance(10 * time.Second)
	assert.Equal(t, startEpoch+600, clockNow(t, ts.URL), "10 s × 60 = 10 min")

	// Any request catches up, AWS side included: a 30 s run started now
	// has finished once the wall clock moves a second (60 virtual seconds).
	addNodes(t, ts.URL, `{"Count": 1, "Behavior": {"Outcome": "succeed", "DurationSeconds": 30}}`)
	out, err := c.CreateAssociation(context.Background(), &ssm.CreateAssociationInput{
		Name: aws.String("AWS-RunShellScript"), Parameters: shellParams,
		Targets: []types.Target{{Key: aws.String("InstanceIds"), Values: []string{"*"}}},
	})
	require.NoError(t, err)
	assert.Equal(t, sim.DefaultStart().Add(10*time.Minute), aws.ToTime(out.AssociationDescription.Date))
	clock.Advance(time.Second)
	ex, err := c.DescribeAssociationExecutions(context.Background(), &ssm.DescribeAssociationExecutionsInput{AssociationId: out.AssociationDescription.AssociationId})
	require.NoError(t, err)
	require.Len(t, ex.AssociationExecutions, 1)
	assert.Equal(t, "Success", aws.ToString(ex.AssociationExecutions[0].Status))

	// Fractions of a wall second: millisecond resolution.
	clock.Advance(1234567 * time.Microsecond) // 74.074 virtual seconds
	assert.InDelta(t, startEpoch+660+74.074, clockNow(t, ts.URL), 1e-6)

	// Ahead by hand, never backwards.
	advance(t, ts.URL, 3600)
	ahead := clockNow(t, ts.URL)
	clock.Advance(30 * time.Second) // scaled: 42.2 min past start, behind the advance's 72.2 min
	assert.Equal(t, ahead, clockNow(t, ts.URL))
	clock.Advance(time.Hour) // scaled: 60.7 h past start
	assert.InDelta(t, startEpoch+60*(10+1+1.234567+30+3600), clockNow(t, ts.URL), 0.001)

	// Do catches up too.
	clock.Advance(time.Second)
	srv.Do(func(s *sim.Sim) {
		assert.Equal(t, sim.DefaultStart().Add(time.Duration(60*(10+1+1.234567+30+3600+1)*float64(time.Second))).Truncate(time.Millisecond), s.Now())
	})
}

// Without a time scale, wall time never moves the simulation.
func TestTimeScale_Zero(t *testing.T) {
	clock := clockwork.NewFakeClockAt(time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC))
	_, ts := start(t, 1, server.Options{Clock: clock})
	clock.Advance(24 * time.Hour)
	assert.Equal(t, startEpoch, clockNow(t, ts.URL))
	r := control(t, ts.URL, http.MethodGet, "clock", "")
	assert.Equal(t, 200, r.Status)
}
