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
func TestDefaultPageSizes_AndSDKPaginatorsCollectEverything(t *testing.T) {
	url, assoc, exec, node := pagingWorld(t)
	c := client(url, nil)
	ctx := context.Background()

	cases := []struct {
		op       string
		pageSize int
		total    int
		first    func() (int, bool, error)
		all      func() (int, error)
	}{
		{"ListAssociations", 50, 60,
			func() (int, bool, error) {
				o, err := c.ListAssociations(ctx, &ssm.ListAssociationsInput{})
				return lenOr(o, func() int { return len(o.Associations) }), o != nil && o.NextToken != nil, err
			},
			func() (int, error) {
				n, p := 0, ssm.NewListAssociationsPaginator(c, &ssm.ListAssociationsInput{})
				for p.HasMorePages() {
					o, err := p.NextPage(ctx)
					if err != nil {
						return n, err
					}
					n += len(o.Associations)
				}
				return n, nil
			}},
		{"ListAssociationVersions", 50, 55,
			func() (int, bool, error) {
				o, err := c.ListAssociationVersions(ctx, &ssm.ListAssociationVersionsInput{AssociationId: &assoc})
				return lenOr(o, func() int { return len(o.AssociationVersions) }), o != nil && o.NextToken != nil, err
			},
			func() (int, error) {
				n, p := 0, ssm.NewListAssociationVersionsPaginator(c, &ssm.ListAssociationVersionsInput{AssociationId: &assoc})
				for p.HasMorePages() {
					o, err := p.NextPage(ctx)
					if err != nil {
						return n, err
					}
					n += len(o.AssociationVersions)
				}
				return n, nil
			}},
		{"DescribeAssociationExecutions", 50, 60,
			func() (int, bool, error) {
				o, err := c.DescribeAssociationExecutions(ctx, &ssm.DescribeAssociationExecutionsInput{AssociationId: &assoc})
				return lenOr(o, func() int { return len(o.AssociationExecutions) }), o != nil && o.NextToken != nil, err
			},
			func() (int, error) {
				n, p := 0, ssm.NewDescribeAssociationExecutionsPaginator(c, &ssm.DescribeAssociationExecutionsInput{AssociationId: &assoc})
				for p.HasMorePages() {
					o, err := p.NextPage(ctx)
					if err != nil {
						return n, err
					}
					n += len(o.AssociationExecutions)
				}
				return n, nil
			}},
		{"DescribeAssociationExecutionTargets", 50, 120,
			func() (int, bool, error) {
				o, err := c.DescribeAssociationExecutionTargets(ctx, &ssm.DescribeAssociationExecutionTargetsInput{AssociationId: &assoc, ExecutionId: &exec})
				return lenOr(o, func() int { return len(o.AssociationExecutionTargets) }), o != nil && o.NextToken != nil, err
			},
			func() (int, error) {
				n, p := 0, ssm.NewDescribeAssociationExecutionTargetsPaginator(c, &ssm.DescribeAssociationExecutionTargetsInput{AssociationId: &assoc, ExecutionId: &exec})
				for p.HasMorePages() {
					o, err := p.NextPage(ctx)
					if err != nil {
						return n, err
					}
					n += len(o.AssociationExecutionTargets)
				}
				return n, nil
			}},
		{"DescribeInstanceAssociationsStatus", 50, 60,
			func() (int, bool, error) {
				o, err := c.DescribeInstanceAssociationsStatus(ctx, &ssm.DescribeInstanceAssociationsStatusInput{InstanceId: &node})
				return lenOr(o, func() int { return len(o.InstanceAssociationStatusInfos) }), o != nil && o.NextToken != nil, err
			},
			func() (int, error) {
				n, p := 0, ssm.NewDescribeInstanceAssociationsStatusPaginator(c, &ssm.DescribeInstanceAssociationsStatusInput{InstanceId: &node})
				for p.HasMorePages() {
					o, err := p.NextPage(ctx)
					if err != nil {
						return n, err
					}
					n += len(o.InstanceAssociationStatusInfos)
				}
				return n, nil
			}},
		{"DescribeEffectiveInstanceAssociations", 5, 60,
			func() (int, bool, error) {
				o, err := c.DescribeEffectiveInstanceAssociations(ctx, &ssm.DescribeEffectiveInstanceAssociationsInput{InstanceId: &node})
				return lenOr(o, func() int { return len(o.Associations) }), o != nil && o.NextToken != nil, err
			},
			func() (int, error) {
				n, p := 0, ssm.NewDescribeEffectiveInstanceAssociationsPaginator(c, &ssm.DescribeEffectiveInstanceAssociationsInput{InstanceId: &node})
				for p.HasMorePages() {
					o, err := p.NextPage(ctx)
					if err != nil {
						return n, err
					}
					n += len(o.Associations)
				}
				return n, nil
			}},
		{"DescribeInstanceInformation", 10, 120,
			func() (int, bool, error) {
				o, err := c.DescribeInstanceInformation(ctx, &ssm.DescribeInstanceInformationInput{})
				return lenOr(o, func() int { return len(o.InstanceInformationList) }), o != nil && o.NextToken != nil, err
			},
			func() (int, error) {
				n, p := 0, ssm.NewDescribeInstanceInformationPaginator(c, &ssm.DescribeInstanceInformationInput{})
				for p.HasMorePages() {
					o, err := p.NextPage(ctx)
					if err != nil {
						return n, err
					}
					n += len(o.InstanceInformationList)
				}
				return n, nil
			}},
		{"ListComplianceItems", 50, 60, // one node's items
			func() (int, bool, error) {
				o, err := c.ListComplianceItems(ctx, &ssm.ListComplianceItemsInput{ResourceIds: []string{node}})
				return lenOr(o, func() int { return len(o.ComplianceItems) }), o != nil && o.NextToken != nil, err
			},
			func() (int, error) {
				n, p := 0, ssm.NewListComplianceItemsPaginator(c, &ssm.ListComplianceItemsInput{ResourceIds: []string{node}})
				for p.HasMorePages() {
					o, err := p.NextPage(ctx)
					if err != nil {
						return n, err
					}
					n += len(o.ComplianceItems)
				}
				return n, nil
			}},
		{"ListResourceComplianceSummaries", 50, 120,
			func() (int, bool, error) {
				o, err := c.ListResourceComplianceSummaries(ctx, &ssm.ListResourceComplianceSummariesInput{})
				return lenOr(o, func() int { return len(o.ResourceComplianceSummaryItems) }), o != nil && o.NextToken != nil, err
			},
			func() (int, error) {
				n, p := 0, ssm.NewListResourceComplianceSummariesPaginator(c, &ssm.ListResourceComplianceSummariesInput{})
				for p.HasMorePages() {
					o, err := p.NextPage(ctx)
					if err != nil {
						return n, err
					}
					n += len(o.ResourceComplianceSummaryItems)
				}
				return n, nil
			}},
	}
	for _, tc := range cases {
		n, more, err := tc.first()
		require.NoError(t, err, tc.op)
		assert.Equal(t, tc.pageSize, n, "%s: the default page", tc.op)
		assert.True(t, more, "%s: a NextToken for the rest", tc.op)
		total, err := tc.all()
		require.NoError(t, err, tc.op)
		assert.Equal(t, tc.total, total, "%s: the SDK paginator collects every item", tc.op)
	}
}

func lenOr[T any](o *T, n func() int) int {
	if o == nil {
		return 0
	}
	return n()
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
