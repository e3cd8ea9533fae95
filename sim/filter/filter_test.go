package filter

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/model"
)

func code(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	e, ok := errors.AsType[*model.APIError](err)
	require.True(t, ok, "%v is not an API error", err)
	return e.Code
}

func at(s string) model.Timestamp {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return model.TimestampOf(t)
}

func TestExecutions(t *testing.T) {
	ex := &model.AssociationExecution{ExecutionID: "e-1", Status: "Success", CreatedTime: at("2019-02-18T16:00:00.500Z")}
	f := func(key, value, typ string) model.AssociationExecutionFilter {
		return model.AssociationExecutionFilter{Key: model.AssociationExecutionFilterKey(key), Value: value, Type: model.AssociationFilterOperatorType(typ)}
	}
	for _, tc := range []struct {
		name    string
		filters []model.AssociationExecutionFilter
		match   bool
		err     string
	}{
		{"none", nil, true, ""},
		{"status equal", []model.AssociationExecutionFilter{f("Status", "Success", "EQUAL")}, true, ""},
		{"status other", []model.AssociationExecutionFilter{f("Status", "Failed", "EQUAL")}, false, ""},
		{"id equal", []model.AssociationExecutionFilter{f("ExecutionId", "e-1", "EQUAL")}, true, ""},
		{"every filter must pass", []model.AssociationExecutionFilter{f("ExecutionId", "e-1", "EQUAL"), f("Status", "Failed", "EQUAL")}, false, ""},
		{"status less than", []model.AssociationExecutionFilter{f("Status", "Success", "LESS_THAN")}, false, model.ErrCodeValidation},
		{"created after", []model.AssociationExecutionFilter{f("CreatedTime", "2019-02-18T16:00:00Z", "GREATER_THAN")}, true, ""},
		{"created before", []model.AssociationExecutionFilter{f("CreatedTime", "2019-02-18T16:00:00Z", "LESS_THAN")}, false, ""},
		{"created equal to the millisecond", []model.AssociationExecutionFilter{f("CreatedTime", "2019-02-18T16:00:00.5Z", "EQUAL")}, true, ""},
		{"created not a time", []model.AssociationExecutionFilter{f("CreatedTime", "yesterday", "EQUAL")}, false, model.ErrCodeValidation},
		{"created bad type", []model.AssociationExecutionFilter{f("CreatedTime", "2019-02-18T16:00:00Z", "BEGIN_WITH")}, false, model.ErrCodeValidation},
		{"unknown key", []model.AssociationExecutionFilter{f("Name", "x", "EQUAL")}, false, model.ErrCodeValidation},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keep, err := Executions(tc.filters)
			require.Equal(t, tc.err, code(t, err))
			if err == nil {
				assert.Equal(t, tc.match, keep(ex))
			}
		})
	}
}

func TestAssociations(t *testing.T) {
	ran := time.Date(2024, 1, 2, 3, 0, 0, 0, time.UTC)
	asked := 0
	legacy := &Association{ID: "a-1", DocumentName: "AWS-RunShellScript", AssociationName: "n", LegacyInstanceID: "i-1", LastExecuted: ran,
		Status: func() string { asked++; return "Success" }}
	fresh := &Association{ID: "a-2", DocumentName: "AWS-RunShellScript", Status: func() string { asked++; return "Pending" }}
	f := func(key, value string) model.AssociationFilter {
		return model.AssociationFilter{Key: model.AssociationFilterKey(key), Value: value}
	}
	for _, tc := range []struct {
		name          string
		filters       []model.AssociationFilter
		legacy, fresh bool
		err           string
	}{
		{"none", nil, true, true, ""},
		{"document", []model.AssociationFilter{f("Name", "AWS-RunShellScript")}, true, true, ""},
		{"id", []model.AssociationFilter{f("AssociationId", "a-2")}, false, true, ""},
		{"name", []model.AssociationFilter{f("AssociationName", "n")}, true, false, ""},
		{"InstanceId matches only a legacy association", []model.AssociationFilter{f("InstanceId", "i-1")}, true, false, ""},
		{"InstanceId with no value matches none", []model.AssociationFilter{f("InstanceId", "")}, false, false, ""},
		{"status", []model.AssociationFilter{f("AssociationStatusName", "Pending")}, false, true, ""},
		{"resource group matches none", []model.AssociationFilter{f("ResourceGroupName", "g")}, false, false, ""},
		{"executed before", []model.AssociationFilter{f("LastExecutedBefore", "2024-01-02T03:00:01Z")}, true, false, ""},
		{"executed before, at the instant", []model.AssociationFilter{f("LastExecutedBefore", "2024-01-02T03:00:00Z")}, false, false, ""},
		{"executed after", []model.AssociationFilter{f("LastExecutedAfter", "2024-01-02T03:00:00Z")}, false, false, ""},
		{"executed after, earlier", []model.AssociationFilter{f("LastExecutedAfter", "2024-01-02T02:59:59Z")}, true, false, ""},
		{"bad time", []model.AssociationFilter{f("LastExecutedAfter", "2024-01-02")}, false, false, model.ErrCodeValidation},
		{"unknown key", []model.AssociationFilter{f("Status", "x")}, false, false, model.ErrCodeValidation},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keep, err := Associations(tc.filters)
			require.Equal(t, tc.err, code(t, err))
			if err == nil {
				assert.Equal(t, tc.legacy, keep(legacy), "legacy")
				assert.Equal(t, tc.fresh, keep(fresh), "fresh")
			}
		})
	}
	asked = 0
	keep, err := Associations([]model.AssociationFilter{f("Name", "AWS-RunShellScript")})
	require.NoError(t, err)
	keep(legacy)
	assert.Zero(t, asked, "a filter that does not ask for the status must not compute it")
}

func TestInstances(t *testing.T) {
	info := &model.InstanceInformation{InstanceID: "mi-1", PingStatus: "Online", PlatformType: model.PlatformLinux,
		AgentVersion: "3.3.987.0", ResourceType: "EC2Instance", AssociationStatus: "Success"}
	tags := []model.Tag{{Key: "env", Value: "prod"}, {Key: "team", Value: "a"}}
	old := func(key string, values ...string) model.DescribeInstanceInformationInput {
		return model.DescribeInstanceInformationInput{InstanceInformationFilterList: []model.InstanceInformationFilter{{Key: key, ValueSet: values}}}
	}
	nu := func(key string, values ...string) model.DescribeInstanceInformationInput {
		return model.DescribeInstanceInformationInput{Filters: []model.InstanceInformationStringFilter{{Key: key, Values: values}}}
	}
	for _, tc := range []struct {
		name  string
		in    model.DescribeInstanceInformationInput
		match bool
		err   string
	}{
		{"none", model.DescribeInstanceInformationInput{}, true, ""},
		{"id, old form", old("InstanceIds", "mi-2", "mi-1"), true, ""},
		{"id, new form", nu("InstanceIds", "mi-2"), false, ""},
		{"ping", nu("PingStatus", "Online"), true, ""},
		{"platform", nu("PlatformTypes", "Windows"), false, ""},
		{"agent", old("AgentVersion", "3.3.987.0"), true, ""},
		{"resource type", nu("ResourceType", "EC2Instance"), true, ""},
		{"association status", nu("AssociationStatus", "Failed"), false, ""},
		{"tag value", nu("tag:env", "prod"), true, ""},
		{"tag other value", nu("tag:env", "dev"), false, ""},
		{"tag key", nu("tag-key", "team"), true, ""},
		{"activation matches no virtual node", nu("ActivationIds", "x"), false, ""},
		{"unknown key", nu("Name", "x"), false, model.ErrCodeInvalidFilterKey},
		{"no values", nu("PingStatus"), false, model.ErrCodeInvalidFilterValue},
		{"both forms must pass", model.DescribeInstanceInformationInput{
			InstanceInformationFilterList: old("InstanceIds", "mi-1").InstanceInformationFilterList,
			Filters:                       nu("tag:env", "dev").Filters}, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keep, err := Instances(tc.in)
			require.Equal(t, tc.err, code(t, err))
			if err == nil {
				assert.Equal(t, tc.match, keep(info, tags))
			}
		})
	}
}

func TestComplianceItems(t *testing.T) {
	it := &model.ComplianceItem{ComplianceType: "Association", Status: "COMPLIANT", Severity: "HIGH", ID: "a-1", Title: "t",
		ExecutionSummary: &model.ComplianceExecutionSummary{ExecutionTime: at("2019-02-18T16:00:00Z"), ExecutionID: "x", ExecutionType: "Command"}}
	bare := &model.ComplianceItem{ComplianceType: "Custom:Patch", Status: "NON_COMPLIANT", ID: "b"}
	f := func(key, typ string, values ...string) model.ComplianceStringFilter {
		return model.ComplianceStringFilter{Key: key, Type: typ, Values: values}
	}
	for _, tc := range []struct {
		name     string
		filters  []model.ComplianceStringFilter
		it, bare bool
		err      string
	}{
		{"none", nil, true, true, ""},
		{"type, no operator is EQUAL", []model.ComplianceStringFilter{f("ComplianceType", "", "Association")}, true, false, ""},
		{"any value", []model.ComplianceStringFilter{f("Status", "EQUAL", "X", "NON_COMPLIANT")}, false, true, ""},
		{"not equal", []model.ComplianceStringFilter{f("Status", "NOT_EQUAL", "COMPLIANT")}, false, true, ""},
		{"begin with", []model.ComplianceStringFilter{f("ComplianceType", "BEGIN_WITH", "Custom:")}, false, true, ""},
		{"id less than", []model.ComplianceStringFilter{f("Id", "LESS_THAN", "b")}, true, false, ""},
		{"title", []model.ComplianceStringFilter{f("Title", "EQUAL", "t")}, true, false, ""},
		{"severity", []model.ComplianceStringFilter{f("Severity", "EQUAL", "HIGH")}, true, false, ""},
		{"execution id", []model.ComplianceStringFilter{f("ExecutionId", "EQUAL", "x")}, true, false, ""},
		{"execution type", []model.ComplianceStringFilter{f("ExecutionType", "EQUAL", "Command")}, true, false, ""},
		// list-compliance-items CLI example: ExecutionTime GREATER_THAN 2019-02-18T16:00:00Z.
		{"execution time is a time, not a string", []model.ComplianceStringFilter{f("ExecutionTime", "GREATER_THAN", "2019-02-18T15:59:59+00:00")}, true, false, ""},
		{"execution time later", []model.ComplianceStringFilter{f("ExecutionTime", "GREATER_THAN", "2019-02-18T16:00:00Z")}, false, false, ""},
		{"execution time not a time", []model.ComplianceStringFilter{f("ExecutionTime", "EQUAL", "monday")}, false, false, "InvalidFilter"},
		{"unknown key", []model.ComplianceStringFilter{f("OverallSeverity", "EQUAL", "HIGH")}, false, false, "InvalidFilter"},
		{"unknown type", []model.ComplianceStringFilter{f("Status", "CONTAINS", "C")}, false, false, "InvalidFilter"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keep, err := ComplianceItems(tc.filters)
			require.Equal(t, tc.err, code(t, err))
			if err == nil {
				assert.Equal(t, tc.it, keep(it), "item")
				assert.Equal(t, tc.bare, keep(bare), "item without an execution summary")
			}
		})
	}
}

func TestComplianceSummaries(t *testing.T) {
	sum := &model.ResourceComplianceSummaryItem{ComplianceType: "Association", Status: "NON_COMPLIANT", OverallSeverity: "CRITICAL", ResourceID: "mi-1"}
	for _, tc := range []struct {
		key, value string
		match      bool
		err        string
	}{
		{"ComplianceType", "Association", true, ""},
		{"Status", "COMPLIANT", false, ""},
		{"OverallSeverity", "CRITICAL", true, ""},
		{"ResourceId", "mi-1", true, ""},
		{"Severity", "CRITICAL", false, "InvalidFilter"}, // an item's key, not a summary's
	} {
		t.Run(tc.key, func(t *testing.T) {
			keep, err := ComplianceSummaries([]model.ComplianceStringFilter{{Key: tc.key, Type: "EQUAL", Values: []string{tc.value}}})
			require.Equal(t, tc.err, code(t, err))
			if err == nil {
				assert.Equal(t, tc.match, keep(sum))
			}
		})
	}
}
