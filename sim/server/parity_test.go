package server_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
	"github.com/ssmsim/ssmsim/sim/server"
)

// parityCases are invalid requests, each well-typed JSON that a Go caller
// can build as is (no zero value standing for a member given on the wire,
// such as MaxResults 0): the Go library and the wire must refuse every one
// with the same error code and message.
var parityCases = []struct{ op, body string }{
	{"CreateAssociation", `{}`},
	{"CreateAssociation", `{"Name": "a", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}]}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "MaxConcurrency": "0"}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "MaxErrors": "-1"}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "MaxConcurrency": "101%"}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "DocumentVersion": "x$LATESTy"}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "DocumentVersion": "7"}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "ScheduleOffset": 7, "ScheduleExpression": "cron(0 0 ? * THU#2 *)", "ApplyOnlyAtCronInterval": true}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "Duration": 25, "ScheduleExpression": "cron(0 0 ? * * *)", "ApplyOnlyAtCronInterval": true}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "tag:a", "Values": ["1"]}, {"Key": "tag:b", "Values": ["1"]}, {"Key": "tag:c", "Values": ["1"]}, {"Key": "tag:d", "Values": ["1"]}, {"Key": "tag:e", "Values": ["1"]}, {"Key": "tag:f", "Values": ["1"]}]}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "", "Values": ["*"]}]}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "AssociationName": "has space"}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "ComplianceSeverity": "SEVERE"}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "SyncCompliance": "SOMETIMES"}`},
	{"CreateAssociation", `{"Name": "No-Such-Doc", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}]}`},
	{"CreateAssociation", `{"Name": "AWS-RunShellScript", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}]}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "Parameters": {"colour": ["blue"]}}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "Parameters": {"allowDowngrade": ["maybe"]}}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "ScheduleExpression": "rate(5 hour)"}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "ScheduleExpression": "cron(0/29 * * * ? *)"}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "ScheduleExpression": "rate(1 day)", "ApplyOnlyAtCronInterval": true}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "ScheduleOffset": 2}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "InstanceId": "${node}", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}]}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent"}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "TargetMaps": [{"a": ["b"]}]}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "CalendarNames": ["no-such-calendar"]}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "InstanceId": "i-0123456789abcdef0"}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "AlarmConfiguration": {"Alarms": [{"Name": "a"}, {"Name": "b"}]}}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "AlarmConfiguration": {"Alarms": [{"Name": " "}]}}`},
	{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "AutomationTargetParameterName": "InstanceId"}`},
	{"CreateAssociationBatch", `{"Entries": []}`},
	{"CreateAssociationBatch", `{"Entries": [{"Name": "AWS-UpdateSSMAgent", "InstanceId": "${node}", "MaxConcurrency": "0%"}]}`},
	{"UpdateAssociation", `{"AssociationId": "nope"}`},
	{"UpdateAssociation", `{"AssociationId": "00000000-0000-4000-8000-000000000000"}`},
	{"UpdateAssociation", `{"AssociationId": "${assoc}", "AssociationVersion": "7"}`},
	{"UpdateAssociation", `{"AssociationId": "${assoc}", "MaxErrors": "abc"}`},
	{"UpdateAssociation", `{"AssociationId": "${assoc}", "DocumentVersion": "x$LATESTy"}`},
	{"UpdateAssociation", `{"AssociationId": "${assoc}", "ScheduleExpression": "rate(29 minutes)"}`},
	{"DeleteAssociation", `{"AssociationId": "00000000-0000-4000-8000-000000000000"}`},
	{"DeleteAssociation", `{"AssociationId": "not-a-uuid"}`},
	{"DescribeAssociation", `{"AssociationId": "00000000-0000-4000-8000-000000000000"}`},
	{"DescribeAssociation", `{"AssociationId": "${assoc}", "AssociationVersion": "latest"}`},
	{"DescribeAssociationExecutions", `{"AssociationId": "${assoc}", "MaxResults": 51}`},
	{"DescribeAssociationExecutions", `{"AssociationId": "${assoc}", "Filters": [{"Key": "Colour", "Value": "x", "Type": "EQUAL"}]}`},
	{"DescribeAssociationExecutions", `{"AssociationId": "${assoc}", "Filters": [{"Key": "CreatedTime", "Value": "yesterday", "Type": "EQUAL"}]}`},
	{"DescribeAssociationExecutions", `{"AssociationId": "${assoc}", "NextToken": "garbage"}`},
	{"DescribeAssociationExecutionTargets", `{"AssociationId": "${assoc}", "ExecutionId": "00000000-0000-4000-8000-000000000000"}`},
	{"DescribeAssociationExecutionTargets", `{"AssociationId": "${assoc}", "ExecutionId": "00000000-0000-4000-8000-000000000000", "Filters": [{"Key": "Colour", "Value": "x"}]}`},
	{"DescribeInstanceAssociationsStatus", `{"InstanceId": "x"}`},
	{"DescribeInstanceAssociationsStatus", `{"InstanceId": "i-0123456789abcdef0"}`},
	{"DescribeEffectiveInstanceAssociations", `{"InstanceId": "${node}", "MaxResults": 6}`},
	{"ListAssociations", `{"AssociationFilterList": [{"key": "Colour", "value": "x"}]}`},
	{"ListAssociations", `{"MaxResults": 100}`},
	{"ListAssociations", `{"NextToken": "AAAA"}`},
	{"ListAssociationVersions", `{"AssociationId": "00000000-0000-4000-8000-000000000000"}`},
	{"StartAssociationsOnce", `{"AssociationIds": []}`},
	{"StartAssociationsOnce", `{"AssociationIds": ["00000000-0000-4000-8000-000000000000"]}`},
	{"UpdateAssociationStatus", `{"Name": "AWS-UpdateSSMAgent", "InstanceId": "${node}"}`},
	{"UpdateAssociationStatus", `{"Name": "AWS-UpdateSSMAgent", "InstanceId": "${node}", "AssociationStatus": {"Date": 1, "Name": "Weird", "Message": "m"}}`},
	{"GetCalendarState", `{"CalendarNames": ["no-such-calendar"]}`},
	{"GetCalendarState", `{"CalendarNames": ["weekend"], "AtTime": "yesterday"}`},
	{"CreateDocument", `{"Name": "aws-mine", "Content": "{}"}`},
	{"CreateDocument", `{"Name": "Mine", "Content": "{\"schemaVersion\": \"2.2\"}"}`},
	{"CreateDocument", `{"Name": "Mine", "Content": "{}", "DocumentType": "Session"}`},
	{"DescribeDocument", `{"Name": "Nope-Doc"}`},
	{"AddTagsToResource", `{"ResourceType": "Bogus", "ResourceId": "x", "Tags": [{"Key": "a", "Value": "b"}]}`},
	{"AddTagsToResource", `{"ResourceType": "Association", "ResourceId": "00000000-0000-4000-8000-000000000000", "Tags": [{"Key": "a", "Value": "b"}]}`},
	{"ListTagsForResource", `{"ResourceType": "Bogus", "ResourceId": "x"}`},
	{"RemoveTagsFromResource", `{"ResourceType": "Document", "ResourceId": "Nope-Doc", "TagKeys": ["a"]}`},
	{"PutComplianceItems", `{"ResourceId": "${node}", "ResourceType": "ManagedInstance", "ComplianceType": "Custom:X", "ExecutionSummary": {"ExecutionTime": 1}, "Items": []}`},
	{"ListComplianceItems", `{"Filters": [{"Key": "Colour", "Values": ["x"]}]}`},
	{"ListComplianceItems", `{"ResourceTypes": ["Document"]}`},
	{"ListResourceComplianceSummaries", `{"MaxResults": 5000}`},
	{"DescribeInstanceInformation", `{"MaxResults": 4}`},
}

// The Go library and the wire answer the same request the same way: one
// validation path (the service model, then the simulation's own rules).
func TestLibraryAndWire_SameErrors(t *testing.T) {
	require.GreaterOrEqual(t, len(parityCases), 50)
	s, err := sim.New(sim.Config{Seed: 3})
	require.NoError(t, err)
	srv := server.New(s, server.Options{})
	var vars = map[string]string{}
	srv.Do(func(s *sim.Sim) {
		first, err := s.AddNodes(sim.NodeGroup{Count: 2, Behavior: sim.Behavior{Duration: sim.Fixed(0)}})
		require.NoError(t, err)
		vars["node"] = s.Fleet().ID(first)
		out, err := s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", Targets: []model.Target{{Key: "InstanceIds", Values: []string{"*"}}}})
		require.NoError(t, err)
		vars["assoc"] = out.AssociationDescription.AssociationID
		_, err = s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", InstanceID: vars["node"]})
		require.NoError(t, err)
	})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	url := ts.URL
	lib := reflect.ValueOf(s)
	codes := map[string]int{}
	for _, c := range parityCases {
		body := c.body
		for k, v := range vars {
			body = strings.ReplaceAll(body, "${"+k+"}", v)
		}
		rep := send(t, http.MethodPost, url, map[string]string{
			"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AmazonSSM." + c.op}, body)
		require.NotEqual(t, http.StatusOK, rep.Status, "%s %s: the table holds invalid requests only", c.op, body)
		wireCode, wireMsg := rep.errorDoc(t)

		m := lib.MethodByName(c.op)
		require.True(t, m.IsValid(), c.op)
		in := reflect.New(m.Type().In(0))
		require.NoError(t, json.Unmarshal([]byte(body), in.Interface()), "%s %s", c.op, body)
		var libErr error
		srv.Do(func(*sim.Sim) {
			res := m.Call([]reflect.Value{in.Elem()})
			libErr, _ = res[1].Interface().(error)
		})
		var apiErr *model.APIError
		require.True(t, errors.As(libErr, &apiErr), "%s %s: library answered %v", c.op, body, libErr)
		assert.Equal(t, wireCode, apiErr.Code, "%s %s", c.op, body)
		assert.Equal(t, wireMsg, apiErr.Message, "%s %s", c.op, body)
		codes[wireCode]++
	}
	t.Logf("%d invalid requests, codes %v", len(parityCases), codes)
}
