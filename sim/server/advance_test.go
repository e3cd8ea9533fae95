package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
	"github.com/ssmsim/ssmsim/sim/server"
)

// busyServer is a server with n nodes and one association every 30
// minutes: each simulated day is 48 executions of n target runs.
func busyServer(t *testing.T, n int, opts server.Options) (*server.Server, string) {
	t.Helper()
	srv, ts := start(t, 3, opts)
	srv.Do(func(s *sim.Sim) {
		_, err := s.AddNodes(sim.NodeGroup{Count: n, Behavior: sim.Behavior{Duration: sim.Uniform(time.Second, time.Minute)}})
		require.NoError(t, err)
		_, err = s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent",
			Targets: []model.Target{{Key: "InstanceIds", Values: []string{"*"}}}, ScheduleExpression: "rate(30 minutes)", MaxConcurrency: "10%"})
		require.NoError(t, err)
	})
	return srv, ts.URL
}

func clockOf(t *testing.T, url string) float64 {
	t.Helper()
	rep := send(t, http.MethodGet, url+"/_ssmsim/clock", nil, "")
	require.Equal(t, 200, rep.Status, "%s", rep.Body)
	var c struct{ Now float64 }
	require.NoError(t, json.Unmarshal(rep.Body, &c))
	return c.Now
}

var jsonCT = map[string]string{"Content-Type": "application/json"}

// 10,000 nodes, rate(30 minutes), {"Seconds": 5000000000}: refused up
// front with the estimate, instead of growing to out-of-memory while every
// other call waits.
func TestAdvance_RefusedUpFrontWhenItCannotFit(t *testing.T) {
	_, url := busyServer(t, 10_000, server.Options{})
	before := clockOf(t, url)
	rep := send(t, http.MethodPost, url+"/_ssmsim/advance", jsonCT, `{"Seconds": 5000000000}`)
	require.Equal(t, 400, rep.Status, "%s", rep.Body)
	code, msg := rep.errorDoc(t)
	assert.Equal(t, server.ErrCodeLimitExceeded, code)
	assert.Contains(t, msg, "would run about 2777777 executions")
	assert.Contains(t, msg, "over the limit of 1024 MB")
	assert.Equal(t, before, clockOf(t, url), "nothing ran")
	// A day fits.
	assert.Equal(t, 200, send(t, http.MethodPost, url+"/_ssmsim/advance", jsonCT, `{"Seconds": 86400}`).Status)
}

// While a long advance runs, other calls are answered between its slices
// (they see the state reached so far), and the advance stops when its
// client goes away.
func TestAdvance_InSlices_OthersServed_StopsWhenTheClientLeaves(t *testing.T) {
	_, url := busyServer(t, 10_000, server.Options{MaxMemoryBytes: -1})
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url+"/_ssmsim/advance", strings.NewReader(`{"Seconds": 31536000}`))
		req.Header.Set("Content-Type", "application/json")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	start := clockOf(t, url)
	var slowest time.Duration
	moved := false
	for range 20 {
		t0 := time.Now()
		now := clockOf(t, url)
		rep := send(t, http.MethodPost, url, map[string]string{"Content-Type": server.ContentType, "X-Amz-Target": "AmazonSSM.ListAssociations"}, `{}`)
		require.Equal(t, 200, rep.Status)
		slowest = max(slowest, time.Since(t0))
		moved = moved || now > start
		time.Sleep(20 * time.Millisecond)
	}
	assert.True(t, moved, "reads see the advance's progress")
	t.Logf("slowest clock + ListAssociations pair during the advance: %v", slowest)
	// Generous for a loaded CI machine; measured well under 100 ms.
	assert.Less(t, slowest, 2*time.Second, "a read waits at most about one slice")
	cancel()
	wg.Wait()
	require.Eventually(t, func() bool {
		a := clockOf(t, url)
		time.Sleep(100 * time.Millisecond)
		return clockOf(t, url) == a
	}, 10*time.Second, 50*time.Millisecond, "the advance stopped with its client")
	assert.Less(t, clockOf(t, url), start+31536000, "stopped before the end")
}

// On shutdown (SIGTERM in ssmsim serve) an advance in progress answers
// with the instant it reached.
func TestAdvance_Interrupt_AnswersWhereItStopped(t *testing.T) {
	srv, url := busyServer(t, 10_000, server.Options{MaxMemoryBytes: -1})
	done := make(chan reply)
	go func() { done <- send(t, http.MethodPost, url+"/_ssmsim/advance", jsonCT, `{"Seconds": 31536000}`) }()
	require.Eventually(t, func() bool { return clockOf(t, url) > 1704067200 }, 10*time.Second, 10*time.Millisecond)
	srv.Interrupt()
	select {
	case rep := <-done:
		assert.Equal(t, 503, rep.Status)
		_, msg := rep.errorDoc(t)
		assert.Contains(t, msg, "The server is shutting down: the advance stopped at")
	case <-time.After(10 * time.Second):
		t.Fatal("the advance did not answer after Interrupt")
	}
}

// 2,000 associations on 100,000 nodes, advance one day: refused up front
// with the estimate (it used to be killed at 7.6 GB).
func TestAdvance_TwoThousandAssociationsOnAHundredThousandNodes_Refused(t *testing.T) {
	srv, ts := start(t, 3, server.Options{})
	srv.Do(func(s *sim.Sim) {
		_, err := s.AddNodes(sim.NodeGroup{Count: 100_000, Behavior: sim.Behavior{Duration: sim.Fixed(time.Minute)}})
		require.NoError(t, err)
		for range 2000 {
			_, err := s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent",
				Targets: []model.Target{{Key: "InstanceIds", Values: []string{"*"}}}, ScheduleExpression: "cron(0 2 ? * * *)", ApplyOnlyAtCronInterval: true})
			require.NoError(t, err)
		}
	})
	rep := send(t, http.MethodPost, ts.URL+"/_ssmsim/advance", jsonCT, `{"Seconds": 86400}`)
	require.Equal(t, 400, rep.Status, "%s", rep.Body)
	code, msg := rep.errorDoc(t)
	assert.Equal(t, server.ErrCodeLimitExceeded, code)
	assert.Contains(t, msg, "would run about 2000 executions (200000000 target runs)")
}
