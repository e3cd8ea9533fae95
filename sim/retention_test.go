package sim

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// retentionRun is a day of a half-hourly association over 20 nodes, five
// of which leave the target set after the second run (their latest status
// then rests on an old execution) and one of which is terminated.
func retentionRun(t *testing.T, retention time.Duration) (*Sim, string, []ExecutionResult) {
	t.Helper()
	s, err := New(Config{Seed: 7, Decisions: Decisions{Retention: retention}})
	require.NoError(t, err)
	_, err = s.AddNodes(NodeGroup{Count: 20, Tags: []model.Tag{{Key: "env", Value: "test"}},
		Behavior: Behavior{Duration: Uniform(30*time.Second, 3*time.Minute), FailureProbability: 0.1}})
	require.NoError(t, err)
	out, err := s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams,
		Targets: []model.Target{{Key: "tag:env", Values: []string{"test"}}}, ScheduleExpression: "rate(30 minutes)"})
	require.NoError(t, err)
	start := s.Config().Start
	require.NoError(t, s.SetNodeTagsAt(start.Add(45*time.Minute), []int{3, 8, 12, 15, 19}, []model.Tag{{Key: "env", Value: "gone"}}))
	require.NoError(t, s.TerminateNodesAt(start.Add(5*time.Hour), []int{5}))
	var done []ExecutionResult
	s.OnExecutionDone(func(ex ExecutionResult) {
		records := 0
		s.EachTargetRun(ex.Index, func(TargetRun) { records++ })
		require.Equal(t, ex.Dispatched, records, "execution %d must still have its rows when reported", ex.Index)
		done = append(done, ex)
	})
	s.RunUntil(start.Add(24*time.Hour - time.Second))
	return s, out.AssociationDescription.AssociationID, done
}

func asJSON(t *testing.T, v any, err error) string {
	t.Helper()
	require.NoError(t, err)
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// D19: a retention window forgets old executions and frees their rows, but
// every node's status, compliance and the association's description read
// exactly as with everything kept.
func TestRetention_ForgetsOldExecutions_KeepsNodeStatus(t *testing.T) {
	all, id, doneAll := retentionRun(t, 0)
	kept, _, doneKept := retentionRun(t, 2*time.Hour)

	require.Len(t, doneAll, 48)
	assert.Equal(t, doneAll, doneKept, "every execution is reported once, in order, with or without retention")

	for n := range all.Fleet().Len() {
		iid := all.Fleet().ID(n)
		a, errA := all.DescribeInstanceAssociationsStatus(model.DescribeInstanceAssociationsStatusInput{InstanceID: iid})
		k, errK := kept.DescribeInstanceAssociationsStatus(model.DescribeInstanceAssociationsStatusInput{InstanceID: iid})
		assert.Equal(t, asJSON(t, a, errA), asJSON(t, k, errK), "node %d status", n)
		ca, errA := all.ListComplianceItems(model.ListComplianceItemsInput{ResourceIDs: []string{iid}, ResourceTypes: []string{"ManagedInstance"}})
		ck, errK := kept.ListComplianceItems(model.ListComplianceItemsInput{ResourceIDs: []string{iid}, ResourceTypes: []string{"ManagedInstance"}})
		assert.Equal(t, asJSON(t, ca, errA), asJSON(t, ck, errK), "node %d compliance", n)
	}
	da, errA := all.DescribeAssociation(model.DescribeAssociationInput{AssociationID: id})
	dk, errK := kept.DescribeAssociation(model.DescribeAssociationInput{AssociationID: id})
	assert.Equal(t, asJSON(t, da, errA), asJSON(t, dk, errK))

	// Only executions that finished within the window (or still run) remain.
	now := kept.Now()
	var want []model.AssociationExecution
	ea, err := all.DescribeAssociationExecutions(model.DescribeAssociationExecutionsInput{AssociationID: id, MaxResults: 50})
	require.NoError(t, err)
	ended := map[string]time.Time{}
	for _, r := range all.Executions() {
		ended[r.ExecutionID] = r.LastExecution
	}
	for _, e := range ea.AssociationExecutions {
		if ended[e.ExecutionID].After(now.Add(-2 * time.Hour)) {
			want = append(want, e)
		}
	}
	require.NotEmpty(t, want)
	require.Less(t, len(want), 48)
	ek, err := kept.DescribeAssociationExecutions(model.DescribeAssociationExecutionsInput{AssociationID: id, MaxResults: 50})
	require.NoError(t, err)
	assert.Equal(t, want, ek.AssociationExecutions)
	for _, e := range want {
		in := model.DescribeAssociationExecutionTargetsInput{AssociationID: id, ExecutionID: e.ExecutionID, MaxResults: 50}
		a, errA := all.DescribeAssociationExecutionTargets(in)
		k, errK := kept.DescribeAssociationExecutionTargets(in)
		assert.Equal(t, asJSON(t, a, errA), asJSON(t, k, errK))
	}
	old := ea.AssociationExecutions[len(ea.AssociationExecutions)-1].ExecutionID
	_, err = kept.DescribeAssociationExecutionTargets(model.DescribeAssociationExecutionTargetsInput{AssociationID: id, ExecutionID: old})
	var apiErr *model.APIError
	require.True(t, errors.As(err, &apiErr), "%v", err)
	assert.Equal(t, model.ErrCodeAssociationExecutionDoesNotExist, apiErr.Code)
	assert.Len(t, kept.Executions(), len(want))

	// Memory: rows of the executions in the window, plus the rows five
	// untargeted nodes' status still rests on.
	assert.Equal(t, 48*20-5*46-1*38, all.RetainedRecords()) // 5 nodes leave after 2 runs; node 5 after 10
	assert.LessOrEqual(t, kept.RetainedRecords(), (len(want)+1)*20+6)
	assert.Greater(t, kept.RetainedRecords(), 0)
}

// A run that is still going is never forgotten, however old.
func TestRetention_KeepsRunningExecutions(t *testing.T) {
	s, err := New(Config{Seed: 1, Decisions: Decisions{Retention: time.Minute}})
	require.NoError(t, err)
	_, err = s.AddNodes(NodeGroup{Count: 3, Tags: []model.Tag{{Key: "env", Value: "test"}}, Behavior: Behavior{Duration: Fixed(3 * time.Hour)}})
	require.NoError(t, err)
	out, err := s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams,
		Targets: []model.Target{{Key: "tag:env", Values: []string{"test"}}}, MaxConcurrency: "1"})
	require.NoError(t, err)
	s.RunUntil(s.Config().Start.Add(8 * time.Hour))
	ex, err := s.DescribeAssociationExecutions(model.DescribeAssociationExecutionsInput{AssociationID: out.AssociationDescription.AssociationID})
	require.NoError(t, err)
	require.Len(t, ex.AssociationExecutions, 1)
	assert.Equal(t, "InProgress", ex.AssociationExecutions[0].Status)
	assert.Equal(t, 3, s.RetainedRecords())
	s.RunUntil(s.Config().Start.Add(9*time.Hour + time.Minute))
	ex, err = s.DescribeAssociationExecutions(model.DescribeAssociationExecutionsInput{AssociationID: out.AssociationDescription.AssociationID})
	require.NoError(t, err)
	assert.Empty(t, ex.AssociationExecutions, "finished a minute ago: past the window")
	assert.Equal(t, 3, s.RetainedRecords(), "still every node's latest run")
}
