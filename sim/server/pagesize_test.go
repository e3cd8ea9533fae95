package server_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
	"github.com/ssmsim/ssmsim/sim/server"
)

// pagingWorld is a server holding more of everything than one default page:
// 120 nodes, 60 associations on all of them (one with 60 executions and one
// with 55 versions).
func pagingWorld(t *testing.T) (url string, assoc string, exec string, node string) {
	t.Helper()
	srv, ts := start(t, 5, server.Options{})
	srv.Do(func(s *sim.Sim) {
		first, err := s.AddNodes(sim.NodeGroup{Count: 120, Behavior: sim.Behavior{Duration: sim.Fixed(0)}})
		require.NoError(t, err)
		node = s.Fleet().ID(first)
		all := []model.Target{{Key: "InstanceIds", Values: []string{"*"}}}
		out, err := s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", Targets: all, ScheduleExpression: "rate(30 minutes)"})
		require.NoError(t, err)
		assoc = out.AssociationDescription.AssociationID
		for range 59 {
			_, err := s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", Targets: all})
			require.NoError(t, err)
		}
		s.RunUntil(s.Now().Add(30*60*1e9*59 + 1e9))
		for range 54 {
			_, err := s.UpdateAssociation(model.UpdateAssociationInput{AssociationID: assoc, Targets: all, ScheduleExpression: "cron(0 0 ? * * *)", ApplyOnlyAtCronInterval: true})
			require.NoError(t, err)
		}
		ex, err := s.DescribeAssociationExecutions(model.DescribeAssociationExecutionsInput{AssociationID: assoc, MaxResults: 1})
		require.NoError(t, err)
		exec = ex.AssociationExecutions[0].ExecutionID
	})
	return ts.URL, assoc, exec, node
}

// No list operation answers more than its default page without being
// asked, and the SDK's paginators still collect every item.
func TestDefaultPageSizes_AndFollowingTokensCollectsEverything(t *testing.T) {
	url, assoc, exec, node := pagingWorld(t)
	c := client(url, nil)
	ctx := context.Background()

	// page makes one call through the SDK client (token nil: the first
	// page) and returns how many items it held and its NextToken.
	type page func(token *string) (int, *string, error)
	cases := []struct {
		op              string
		pageSize, total int
		page            page
	}{
		{"ListAssociations", 50, 60, func(token *string) (int, *string, error) {
			o, err := c.ListAssociations(ctx, &ssm.ListAssociationsInput{NextToken: token})
			if err != nil {
				return 0, nil, err
			}
			return len(o.Associations), o.NextToken, nil
		}},
		{"ListAssociationVersions", 50, 55, func(token *string) (int, *string, error) {
			o, err := c.ListAssociationVersions(ctx, &ssm.ListAssociationVersionsInput{AssociationId: &assoc, NextToken: token})
			if err != nil {
				return 0, nil, err
			}
			return len(o.AssociationVersions), o.NextToken, nil
		}},
		{"DescribeAssociationExecutions", 50, 60, func(token *string) (int, *string, error) {
			o, err := c.DescribeAssociationExecutions(ctx, &ssm.DescribeAssociationExecutionsInput{AssociationId: &assoc, NextToken: token})
			if err != nil {
				return 0, nil, err
			}
			return len(o.AssociationExecutions), o.NextToken, nil
		}},
		{"DescribeAssociationExecutionTargets", 50, 120, func(token *string) (int, *string, error) {
			o, err := c.DescribeAssociationExecutionTargets(ctx, &ssm.DescribeAssociationExecutionTargetsInput{AssociationId: &assoc, ExecutionId: &exec, NextToken: token})
			if err != nil {
				return 0, nil, err
			}
			return len(o.AssociationExecutionTargets), o.NextToken, nil
		}},
		{"DescribeInstanceAssociationsStatus", 50, 60, func(token *string) (int, *string, error) {
			o, err := c.DescribeInstanceAssociationsStatus(ctx, &ssm.DescribeInstanceAssociationsStatusInput{InstanceId: &node, NextToken: token})
			if err != nil {
				return 0, nil, err
			}
			return len(o.InstanceAssociationStatusInfos), o.NextToken, nil
		}},
		{"DescribeEffectiveInstanceAssociations", 5, 60, func(token *string) (int, *string, error) {
			o, err := c.DescribeEffectiveInstanceAssociations(ctx, &ssm.DescribeEffectiveInstanceAssociationsInput{InstanceId: &node, NextToken: token})
			if err != nil {
				return 0, nil, err
			}
			return len(o.Associations), o.NextToken, nil
		}},
		{"DescribeInstanceInformation", 10, 120, func(token *string) (int, *string, error) {
			o, err := c.DescribeInstanceInformation(ctx, &ssm.DescribeInstanceInformationInput{NextToken: token})
			if err != nil {
				return 0, nil, err
			}
			return len(o.InstanceInformationList), o.NextToken, nil
		}},
		{"ListComplianceItems", 50, 60, func(token *string) (int, *string, error) {
			o, err := c.ListComplianceItems(ctx, &ssm.ListComplianceItemsInput{ResourceIds: []string{node}, NextToken: token})
			if err != nil {
				return 0, nil, err
			}
			return len(o.ComplianceItems), o.NextToken, nil
		}},
		{"ListResourceComplianceSummaries", 50, 120, func(token *string) (int, *string, error) {
			o, err := c.ListResourceComplianceSummaries(ctx, &ssm.ListResourceComplianceSummariesInput{NextToken: token})
			if err != nil {
				return 0, nil, err
			}
			return len(o.ResourceComplianceSummaryItems), o.NextToken, nil
		}},
	}
	for _, tc := range cases {
		n, next, err := tc.page(nil)
		require.NoError(t, err, tc.op)
		assert.Equal(t, tc.pageSize, n, "%s: the default page", tc.op)
		require.NotNil(t, next, "%s: a NextToken for the rest", tc.op)
		total := n
		for pages := 1; next != nil; pages++ {
			require.Less(t, pages, 1000, tc.op)
			n, next, err = tc.page(next)
			require.NoError(t, err, tc.op)
			total += n
		}
		assert.Equal(t, tc.total, total, "%s: following NextToken collects every item", tc.op)
	}
	// And the SDK's paginator, on one of them.
	n, p := 0, ssm.NewListAssociationsPaginator(c, &ssm.ListAssociationsInput{})
	for p.HasMorePages() {
		o, err := p.NextPage(ctx)
		require.NoError(t, err)
		n += len(o.Associations)
	}
	assert.Equal(t, 60, n, "the SDK paginator")
}

// The AWS CLI paginates by itself (every item) unless told not to; with
// --no-paginate it prints the first, default-sized page and its NextToken.
func TestDefaultPageSizes_AWSCLI(t *testing.T) {
	awsCLI, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("SKIP: the aws command is not installed; CLI pagination was not checked")
	}
	url, _, _, _ := pagingWorld(t)
	env := append(os.Environ(), "AWS_ACCESS_KEY_ID=x", "AWS_SECRET_ACCESS_KEY=x", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=")
	run := func(args ...string) map[string]any {
		cmd := exec.Command(awsCLI, append([]string{"ssm"}, append(args, "--endpoint-url", url, "--output", "json")...)...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		var doc map[string]any
		require.NoError(t, json.Unmarshal(out, &doc), "%s", out)
		return doc
	}
	all := run("list-associations")
	assert.Len(t, all["Associations"], 60, "auto-pagination")
	assert.Nil(t, all["NextToken"])
	first := run("list-associations", "--no-paginate")
	assert.Len(t, first["Associations"], 50, "one default page")
	assert.NotEmpty(t, first["NextToken"])
	info := run("describe-instance-information")
	assert.Len(t, info["InstanceInformationList"], 120, "auto-pagination over pages of 10")
}
