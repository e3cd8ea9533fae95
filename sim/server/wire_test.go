package server_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/smithy-go"
	"github.com/ssmsim/ssmsim/model/modelcheck"
	"github.com/ssmsim/ssmsim/sim/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

// exchange is one AWS call as it crossed the wire.
type exchange struct {
	op     string
	status int
	body   []byte
}

// wireLog records every AWS call the SDK makes, with the raw response.
type wireLog struct {
	mu  sync.Mutex
	log []exchange
}

func (w *wireLog) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	w.mu.Lock()
	w.log = append(w.log, exchange{strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AmazonSSM."), resp.StatusCode, b})
	w.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, err
}

const weekend = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-CALENDAR-TYPE:DEFAULT_OPEN\r\nBEGIN:VEVENT\r\nUID:w\r\nDTSTART:20240106T000000Z\r\nDTEND:20240108T000000Z\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

// Every operation of the endpoint, driven by the real aws-sdk-go-v2 client
// (paginators for the list operations, typed errors with errors.As) over a
// fixed scenario. Each raw response is held in a golden file and checked
// against the SSM service model: output documents for 200s, error documents
// for the rest.
func TestWire_EveryOperationThroughTheSDK(t *testing.T) {
	_, ts := start(t, 42, server.Options{Seed: 42})
	wl := &wireLog{}
	c := client(ts.URL, &http.Client{Transport: wl})
	ctx := context.Background()
	must := func(_ any, err error) {
		t.Helper()
		require.NoError(t, err)
	}
	nodes := addNodes(t, ts.URL, `{"Count": 6, "Tags": {"env": "prod"}, "Behavior": {"Outcome": "succeed", "DurationSeconds": 30}}`)
	addNodes(t, ts.URL, `{"Count": 2, "Tags": {"env": "prod"}, "Behavior": {"Outcome": "fail", "DurationSeconds": 10}}`)

	must(c.CreateDocument(ctx, &ssm.CreateDocumentInput{Name: aws.String("weekend"), Content: aws.String(weekend), DocumentType: types.DocumentTypeChangeCalendar, DocumentFormat: types.DocumentFormatText}))
	must(c.DescribeDocument(ctx, &ssm.DescribeDocumentInput{Name: aws.String("AWS-RunShellScript")}))
	must(c.GetCalendarState(ctx, &ssm.GetCalendarStateInput{CalendarNames: []string{"weekend"}, AtTime: aws.String("2024-01-06T12:00:00Z")}))
	created, err := c.CreateAssociation(ctx, &ssm.CreateAssociationInput{
		Name: aws.String("AWS-RunShellScript"), Parameters: shellParams, AssociationName: aws.String("web-patch"),
		Targets:            []types.Target{{Key: aws.String("tag:env"), Values: []string{"prod"}}},
		ScheduleExpression: aws.String("rate(1 hour)"), MaxConcurrency: aws.String("50%"), MaxErrors: aws.String("3"),
		CalendarNames: []string{"weekend"}, Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("ops")}},
	})
	require.NoError(t, err)
	id := created.AssociationDescription.AssociationId
	batch, err := c.CreateAssociationBatch(ctx, &ssm.CreateAssociationBatchInput{Entries: []types.CreateAssociationBatchRequestEntry{
		{Name: aws.String("AWS-UpdateSSMAgent"), InstanceId: aws.String(nodes[0])},
		{Name: aws.String("AWS-UpdateSSMAgent"), InstanceId: aws.String(nodes[0])},
	}})
	require.NoError(t, err)
	require.Len(t, batch.Failed, 1)
	assert.Equal(t, types.FaultClient, batch.Failed[0].Fault)
	advance(t, ts.URL, 2*3600+60)

	d, err := c.DescribeAssociation(ctx, &ssm.DescribeAssociationInput{AssociationId: id})
	require.NoError(t, err)
	assert.Equal(t, "Failed", aws.ToString(d.AssociationDescription.Overview.Status), "two of eight nodes always fail")
	assert.Equal(t, map[string]int32{"Failed": 2, "Success": 6}, d.AssociationDescription.Overview.AssociationStatusAggregatedCount)
	pages := func(next func() bool) int {
		n := 0
		for next() {
			n++
		}
		return n
	}
	var listed, execs, targets, statuses, effective, infos, items, sums int
	lp := ssm.NewListAssociationsPaginator(c, &ssm.ListAssociationsInput{MaxResults: aws.Int32(1)})
	pages(func() bool {
		if !lp.HasMorePages() {
			return false
		}
		p, err := lp.NextPage(ctx)
		require.NoError(t, err)
		listed += len(p.Associations)
		return true
	})
	assert.Equal(t, 2, listed)
	must(ssm.NewListAssociationVersionsPaginator(c, &ssm.ListAssociationVersionsInput{AssociationId: id}).NextPage(ctx))
	ep := ssm.NewDescribeAssociationExecutionsPaginator(c, &ssm.DescribeAssociationExecutionsInput{AssociationId: id, MaxResults: aws.Int32(2)})
	var firstExec *string
	for ep.HasMorePages() {
		p, err := ep.NextPage(ctx)
		require.NoError(t, err)
		execs += len(p.AssociationExecutions)
		if firstExec == nil {
			firstExec = p.AssociationExecutions[0].ExecutionId
		}
	}
	assert.Equal(t, 3, execs, "at 0:00, 1:00 and 2:00")
	tp := ssm.NewDescribeAssociationExecutionTargetsPaginator(c, &ssm.DescribeAssociationExecutionTargetsInput{AssociationId: id, ExecutionId: firstExec, MaxResults: aws.Int32(3)})
	for tp.HasMorePages() {
		p, err := tp.NextPage(ctx)
		require.NoError(t, err)
		targets += len(p.AssociationExecutionTargets)
	}
	assert.Equal(t, 8, targets)
	sp := ssm.NewDescribeInstanceAssociationsStatusPaginator(c, &ssm.DescribeInstanceAssociationsStatusInput{InstanceId: aws.String(nodes[0]), MaxResults: aws.Int32(1)})
	for sp.HasMorePages() {
		p, err := sp.NextPage(ctx)
		require.NoError(t, err)
		statuses += len(p.InstanceAssociationStatusInfos)
	}
	assert.Equal(t, 2, statuses)
	fp := ssm.NewDescribeEffectiveInstanceAssociationsPaginator(c, &ssm.DescribeEffectiveInstanceAssociationsInput{InstanceId: aws.String(nodes[0]), MaxResults: aws.Int32(1)})
	for fp.HasMorePages() {
		p, err := fp.NextPage(ctx)
		require.NoError(t, err)
		effective += len(p.Associations)
	}
	assert.Equal(t, 2, effective)
	ip := ssm.NewDescribeInstanceInformationPaginator(c, &ssm.DescribeInstanceInformationInput{MaxResults: aws.Int32(5)})
	for ip.HasMorePages() {
		p, err := ip.NextPage(ctx)
		require.NoError(t, err)
		infos += len(p.InstanceInformationList)
	}
	assert.Equal(t, 8, infos)

	must(c.UpdateAssociation(ctx, &ssm.UpdateAssociationInput{AssociationId: id, Parameters: shellParams,
		Targets: []types.Target{{Key: aws.String("tag:env"), Values: []string{"prod"}}}, ScheduleExpression: aws.String("rate(2 hours)")}))
	must(c.StartAssociationsOnce(ctx, &ssm.StartAssociationsOnceInput{AssociationIds: []string{aws.ToString(id)}}))
	must(c.UpdateAssociationStatus(ctx, &ssm.UpdateAssociationStatusInput{Name: aws.String("AWS-UpdateSSMAgent"), InstanceId: aws.String(nodes[0]),
		AssociationStatus: &types.AssociationStatus{Name: types.AssociationStatusNameSuccess, Message: aws.String("ok"), Date: aws.Time(mustTime("2024-01-01T02:00:00Z"))}}))
	must(c.AddTagsToResource(ctx, &ssm.AddTagsToResourceInput{ResourceType: types.ResourceTypeForTaggingAssociation, ResourceId: id, Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}}}))
	tags, err := c.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: types.ResourceTypeForTaggingAssociation, ResourceId: id})
	require.NoError(t, err)
	assert.Len(t, tags.TagList, 2)
	must(c.RemoveTagsFromResource(ctx, &ssm.RemoveTagsFromResourceInput{ResourceType: types.ResourceTypeForTaggingAssociation, ResourceId: id, TagKeys: []string{"team"}}))
	must(c.PutComplianceItems(ctx, &ssm.PutComplianceItemsInput{ResourceId: aws.String(nodes[1]), ResourceType: aws.String("ManagedInstance"),
		ComplianceType: aws.String("Custom:Antivirus"), ExecutionSummary: &types.ComplianceExecutionSummary{ExecutionTime: aws.Time(mustTime("2024-01-01T02:00:00Z"))},
		Items: []types.ComplianceItemEntry{{Id: aws.String("av"), Severity: types.ComplianceSeverityHigh, Status: types.ComplianceStatusNonCompliant}}}))
	cp := ssm.NewListComplianceItemsPaginator(c, &ssm.ListComplianceItemsInput{ResourceIds: []string{nodes[1]}, ResourceTypes: []string{"ManagedInstance"}, MaxResults: aws.Int32(1)})
	for cp.HasMorePages() {
		p, err := cp.NextPage(ctx)
		require.NoError(t, err)
		items += len(p.ComplianceItems)
	}
	assert.Equal(t, 2, items, "the AUTO association item and the custom one")
	rp := ssm.NewListResourceComplianceSummariesPaginator(c, &ssm.ListResourceComplianceSummariesInput{MaxResults: aws.Int32(5)})
	for rp.HasMorePages() {
		p, err := rp.NextPage(ctx)
		require.NoError(t, err)
		sums += len(p.ResourceComplianceSummaryItems)
	}
	assert.Equal(t, 9, sums, "one Association summary per node, one Custom:Antivirus")
	must(c.DeleteAssociation(ctx, &ssm.DeleteAssociationInput{AssociationId: id}))

	// Errors, typed as the SDK types them.
	var notExist *types.AssociationDoesNotExist
	_, err = c.DescribeAssociation(ctx, &ssm.DescribeAssociationInput{AssociationId: id})
	assert.True(t, errors.As(err, &notExist), "%v", err)
	var noExec *types.AssociationExecutionDoesNotExist
	_, err = c.DescribeAssociationExecutionTargets(ctx, &ssm.DescribeAssociationExecutionTargetsInput{AssociationId: batch.Successful[0].AssociationId, ExecutionId: aws.String("00000000-0000-4000-8000-000000000000")})
	assert.True(t, errors.As(err, &noExec), "%v", err)
	var badToken *types.InvalidNextToken
	_, err = c.ListAssociations(ctx, &ssm.ListAssociationsInput{NextToken: aws.String("forged")})
	assert.True(t, errors.As(err, &badToken), "%v", err)
	var badDoc *types.InvalidDocument
	_, err = c.CreateAssociation(ctx, &ssm.CreateAssociationInput{Name: aws.String("No-Such-Doc"), Targets: []types.Target{{Key: aws.String("InstanceIds"), Values: []string{"*"}}}})
	assert.True(t, errors.As(err, &badDoc), "%v", err)
	var badSchedule *types.InvalidSchedule
	_, err = c.CreateAssociation(ctx, &ssm.CreateAssociationInput{Name: aws.String("AWS-RunShellScript"), Parameters: shellParams,
		Targets: []types.Target{{Key: aws.String("InstanceIds"), Values: []string{"*"}}}, ScheduleExpression: aws.String("rate(5 hour)")})
	assert.True(t, errors.As(err, &badSchedule), "%v", err)
	var badParams *types.InvalidParameters
	_, err = c.CreateAssociation(ctx, &ssm.CreateAssociationInput{Name: aws.String("AWS-RunShellScript"), Targets: []types.Target{{Key: aws.String("InstanceIds"), Values: []string{"*"}}}})
	assert.True(t, errors.As(err, &badParams), "%v", err)
	var unchanged *types.StatusUnchanged
	_, err = c.UpdateAssociationStatus(ctx, &ssm.UpdateAssociationStatusInput{Name: aws.String("AWS-UpdateSSMAgent"), InstanceId: aws.String(nodes[0]),
		AssociationStatus: &types.AssociationStatus{Name: types.AssociationStatusNameSuccess, Message: aws.String("ok"), Date: aws.Time(mustTime("2024-01-01T02:00:00Z"))}})
	assert.True(t, errors.As(err, &unchanged), "%v", err)
	var apiErr smithy.APIError
	_, err = c.CreateAssociation(ctx, &ssm.CreateAssociationInput{Name: aws.String("AWS-RunShellScript"), Parameters: shellParams,
		Targets: []types.Target{{Key: aws.String("InstanceIds"), Values: []string{"*"}}}, MaxConcurrency: aws.String("0")})
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, "ValidationException", apiErr.ErrorCode())

	// Every response on the wire is a valid document of its operation.
	var golden strings.Builder
	ops := map[string]bool{}
	for i, x := range wl.log {
		ops[x.op] = true
		if x.status == 200 {
			assert.NoError(t, modelcheck.CheckOutput(x.op, x.body), "%d %s: %s", i, x.op, x.body)
		} else {
			assert.NoError(t, modelcheck.CheckError(x.op, x.body), "%d %s: %s", i, x.op, x.body)
		}
		fmt.Fprintf(&golden, "%03d %s %d %s\n", i, x.op, x.status, x.body)
	}
	for _, op := range []string{"CreateAssociation", "CreateAssociationBatch", "DeleteAssociation", "DescribeAssociation",
		"DescribeAssociationExecutionTargets", "DescribeAssociationExecutions", "DescribeEffectiveInstanceAssociations",
		"DescribeInstanceAssociationsStatus", "ListAssociationVersions", "ListAssociations", "StartAssociationsOnce",
		"UpdateAssociation", "UpdateAssociationStatus", "GetCalendarState", "CreateDocument", "DescribeDocument",
		"DescribeInstanceInformation", "AddTagsToResource", "ListTagsForResource", "RemoveTagsFromResource",
		"ListComplianceItems", "ListResourceComplianceSummaries", "PutComplianceItems"} {
		assert.True(t, ops[op], "%s was not exercised", op)
	}
	path := filepath.Join("testdata", "wire.golden.txt")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(golden.String()), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./sim/server -update")
	assert.Equal(t, string(want), golden.String(), "wire documents changed; if intended, rerun with -update and review the diff")
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}
