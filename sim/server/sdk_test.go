package server_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/sim"
	"github.com/ssmsim/ssmsim/sim/server"
)

// An association's whole life through the real AWS SDK: nodes from the
// control API, rate-controlled runs, a manual run, an update, a delete.
func TestSDK_AssociationLifecycle(t *testing.T) {
	ctx := context.Background()
	_, ts := start(t, 7, server.Options{Seed: 7})
	c := client(ts.URL, nil)

	okNodes := addNodes(t, ts.URL, `{"Count": 3, "Tags": {"env": "prod", "app": "web"}, "Behavior": {"Outcome": "succeed", "DurationSeconds": 30}}`)
	badNode := addNodes(t, ts.URL, `{"Count": 1, "Tags": {"env": "prod"}, "Behavior": {"Outcome": "fail"}}`)[0]
	require.Len(t, okNodes, 3)
	all := append(append([]string{}, okNodes...), badNode)

	created, err := c.CreateAssociation(ctx, &ssm.CreateAssociationInput{
		Name:           aws.String("AWS-RunShellScript"),
		Parameters:     shellParams,
		Targets:        []types.Target{{Key: aws.String("tag:env"), Values: []string{"prod"}}},
		MaxConcurrency: aws.String("2"),
		MaxErrors:      aws.String("1"),
	})
	require.NoError(t, err)
	ad := created.AssociationDescription
	id := aws.ToString(ad.AssociationId)
	assert.Len(t, id, 36)
	assert.Equal(t, "1", aws.ToString(ad.AssociationVersion))
	assert.Equal(t, sim.DefaultStart(), aws.ToTime(ad.Date))
	assert.Equal(t, types.AssociationStatusName("Associated"), ad.Status.Name)
	reqID, ok := middleware.GetRequestIDMetadata(created.ResultMetadata)
	require.True(t, ok)
	assert.Len(t, reqID, 36)

	// Two at a time, 30 s and 60 s runs: everything is over within 10 minutes.
	advance(t, ts.URL, 600)
	execs, err := c.DescribeAssociationExecutions(ctx, &ssm.DescribeAssociationExecutionsInput{AssociationId: aws.String(id)})
	require.NoError(t, err)
	require.Len(t, execs.AssociationExecutions, 1)
	e := execs.AssociationExecutions[0]
	assert.Equal(t, "Failed", aws.ToString(e.Status))
	assert.Equal(t, "{Failed=1, Success=3}", aws.ToString(e.ResourceCountByStatus))
	assert.Equal(t, sim.DefaultStart(), aws.ToTime(e.CreatedTime))

	targets, err := c.DescribeAssociationExecutionTargets(ctx, &ssm.DescribeAssociationExecutionTargetsInput{AssociationId: aws.String(id), ExecutionId: e.ExecutionId})
	require.NoError(t, err)
	require.Len(t, targets.AssociationExecutionTargets, 4)
	got := map[string]string{}
	for _, tg := range targets.AssociationExecutionTargets {
		got[aws.ToString(tg.ResourceId)] = aws.ToString(tg.Status)
		assert.Equal(t, "ManagedInstance", aws.ToString(tg.ResourceType))
	}
	for _, n := range okNodes {
		assert.Equal(t, "Success", got[n], n)
	}
	assert.Equal(t, "Failed", got[badNode])

	st, err := c.DescribeInstanceAssociationsStatus(ctx, &ssm.DescribeInstanceAssociationsStatusInput{InstanceId: aws.String(badNode)})
	require.NoError(t, err)
	require.Len(t, st.InstanceAssociationStatusInfos, 1)
	assert.Equal(t, id, aws.ToString(st.InstanceAssociationStatusInfos[0].AssociationId))
	assert.Equal(t, "Failed", aws.ToString(st.InstanceAssociationStatusInfos[0].Status))

	desc, err := c.DescribeAssociation(ctx, &ssm.DescribeAssociationInput{AssociationId: aws.String(id)})
	require.NoError(t, err)
	ov := desc.AssociationDescription.Overview
	require.NotNil(t, ov)
	assert.Equal(t, "Failed", aws.ToString(ov.Status))
	assert.Equal(t, map[string]int32{"Failed": 1, "Success": 3}, ov.AssociationStatusAggregatedCount)

	list, err := c.ListAssociations(ctx, &ssm.ListAssociationsInput{})
	require.NoError(t, err)
	require.Len(t, list.Associations, 1)
	assert.Equal(t, id, aws.ToString(list.Associations[0].AssociationId))

	// A manual run.
	_, err = c.StartAssociationsOnce(ctx, &ssm.StartAssociationsOnceInput{AssociationIds: []string{id}})
	require.NoError(t, err)
	advance(t, ts.URL, 600)
	execs, err = c.DescribeAssociationExecutions(ctx, &ssm.DescribeAssociationExecutionsInput{AssociationId: aws.String(id)})
	require.NoError(t, err)
	require.Len(t, execs.AssociationExecutions, 2)
	assert.Equal(t, sim.DefaultStart().Add(10*time.Minute), aws.ToTime(execs.AssociationExecutions[0].CreatedTime), "newest first")

	// An update is a new version and runs again at once.
	upd, err := c.UpdateAssociation(ctx, &ssm.UpdateAssociationInput{
		AssociationId:  aws.String(id),
		Name:           aws.String("AWS-RunShellScript"),
		Parameters:     shellParams,
		Targets:        []types.Target{{Key: aws.String("InstanceIds"), Values: okNodes}},
		MaxConcurrency: aws.String("1"),
	})
	require.NoError(t, err)
	assert.Equal(t, "2", aws.ToString(upd.AssociationDescription.AssociationVersion))
	assert.Equal(t, "1", aws.ToString(upd.AssociationDescription.MaxConcurrency))
	advance(t, ts.URL, 600)
	execs, err = c.DescribeAssociationExecutions(ctx, &ssm.DescribeAssociationExecutionsInput{AssociationId: aws.String(id)})
	require.NoError(t, err)
	require.Len(t, execs.AssociationExecutions, 3)
	assert.Equal(t, "Success", aws.ToString(execs.AssociationExecutions[0].Status))
	assert.Equal(t, "{Success=3}", aws.ToString(execs.AssociationExecutions[0].ResourceCountByStatus))
	assert.Len(t, all, 4)

	// Deleted: gone from the list, and describing it is a typed SDK error.
	_, err = c.DeleteAssociation(ctx, &ssm.DeleteAssociationInput{AssociationId: aws.String(id)})
	require.NoError(t, err)
	_, err = c.DescribeAssociation(ctx, &ssm.DescribeAssociationInput{AssociationId: aws.String(id)})
	var notFound *types.AssociationDoesNotExist
	require.True(t, errors.As(err, &notFound), "got %v", err)
	assert.Contains(t, notFound.ErrorMessage(), id)
	list, err = c.ListAssociations(ctx, &ssm.ListAssociationsInput{})
	require.NoError(t, err)
	assert.Empty(t, list.Associations)
}

// A model-constraint violation surfaces in the SDK as a smithy.APIError with
// AWS's code and message (D16).
func TestSDK_ValidationException(t *testing.T) {
	_, ts := start(t, 1, server.Options{})
	_, err := client(ts.URL, nil).CreateAssociation(context.Background(), &ssm.CreateAssociationInput{
		Name:           aws.String("AWS-RunShellScript"),
		Parameters:     shellParams,
		Targets:        []types.Target{{Key: aws.String("InstanceIds"), Values: []string{"*"}}},
		MaxConcurrency: aws.String("0"),
	})
	var apiErr smithy.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "ValidationException", apiErr.ErrorCode())
	assert.Equal(t, smithy.FaultClient, apiErr.ErrorFault())
	assert.Contains(t, apiErr.ErrorMessage(), "1 validation error detected: Value '0' at 'maxConcurrency' failed to satisfy constraint")
	var re interface{ HTTPStatusCode() int }
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 400, re.HTTPStatusCode())
}
