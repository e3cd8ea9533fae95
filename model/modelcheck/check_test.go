package modelcheck

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// createAssociationBatchExample is the sample response of the AWS API
// reference page for CreateAssociationBatch (first entry; EXAMPLE
// placeholders replaced by zeros).
const createAssociationBatchExample = `{ "Failed": [], "Successful": [ { "ApplyOnlyAtCronInterval": false,
 "AssociationId": "33858bec-0c55-4547-a054-eb5fc0000000", "AssociationVersion": "1", "Date": 1585059887.692,
 "DocumentVersion": "$DEFAULT", "InstanceId": "i-0471e04240e000000", "LastUpdateAssociationDate": 1585059887.692,
 "Name": "AWS-UpdateSSMAgent", "Overview": { "DetailedStatus": "Creating", "Status": "Pending" },
 "Status": { "Date": 1585059887.692, "Message": "Associated with AWS-UpdateSSMAgent", "Name": "Associated" },
 "Targets": [ { "Key": "InstanceIds", "Values": [ "i-0471e04240e000000" ] } ] } ] }`

// description is a valid AssociationDescription; tests splice one member
// into it with withMember.
const description = `"AssociationId": "33858bec-0c55-4547-a054-eb5fc0000000", "Name": "AWS-UpdateSSMAgent"`

// withMember returns a DescribeAssociation response whose description has
// the extra JSON member text.
func withMember(member string) string {
	return `{"AssociationDescription": {` + description + `, ` + member + `}}`
}

// violationsOf returns err's violations, failing the test if err is not
// Violations.
func violationsOf(t *testing.T, err error) Violations {
	t.Helper()
	var vs Violations
	require.True(t, errors.As(err, &vs), "want Violations, got %v", err)
	return vs
}

func TestValidDocumentsPass(t *testing.T) {
	tests := []struct {
		name, op, body string
		input          bool
	}{
		{name: "CreateAssociationBatch API reference response", op: "CreateAssociationBatch", body: createAssociationBatchExample},
		{name: "CreateAssociationBatch API reference request", op: "CreateAssociationBatch", input: true,
			body: `{ "Entries": [ { "InstanceId": "i-0471e04240EXAMPLE", "Name": "AWS-UpdateSSMAgent" },
			{ "InstanceId": "i-07782c72faEXAMPLE", "Name": "AWS-UpdateSSMAgent" } ] }`},
		{name: "DescribeInstanceAssociationsStatus API reference response", op: "DescribeInstanceAssociationsStatus",
			body: `{ "InstanceAssociationStatusInfos": [ { "AssociationId": "fa94c678-85c6-4d40-926b-7c7910000000",
			"AssociationVersion": "1", "DetailedStatus": "Success", "DocumentVersion": "1", "ExecutionDate": 1581948052.198,
			"InstanceId": "i-02573cafcfEXAMPLE", "Name": "AWS-UpdateSSMAgent", "Status": "Success" } ] }`},
		{name: "DescribeInstanceAssociationsStatus API reference request", op: "DescribeInstanceAssociationsStatus",
			input: true, body: `{ "InstanceId": "i-02573cafcfEXAMPLE" }`},
		{name: "empty result", op: "DescribeAssociation", body: `{}`},
		{name: "maps, alarms, integers, booleans", op: "DescribeAssociation", body: withMember(
			`"Parameters": {"commands": ["echo hi", "uptime"]}, "TargetMaps": [{"k": ["v"]}], "ScheduleOffset": 6,
			 "AlarmConfiguration": {"Alarms": [{"Name": "cpu-high"}], "IgnorePollAlarmFailure": true},
			 "Date": 1585059887, "LastExecutionDate": -1.5, "Targets": []`)},
		{name: "union with one member", op: "GetExecutionPreview",
			body: `{"ExecutionPreviewId": "33858bec-0c55-4547-a054-eb5fc0000000", "ExecutionPreview": {"Automation": {}}}`},
		{name: "whitespace around an empty result", op: "DeleteAssociation", body: " {\n} \n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := CheckOutput
			if tt.input {
				check = CheckInput
			}
			assert.NoError(t, check(tt.op, []byte(tt.body)))
		})
	}
}

func TestViolations(t *testing.T) {
	sixTargets := strings.TrimSuffix(strings.Repeat(`{"Key": "tag:a", "Values": ["b"]}, `, 6), ", ")
	tests := []struct {
		name, op, body string
		path, rule     string
	}{
		{"unknown member", "DescribeAssociation", withMember(`"Bogus": 1`), "AssociationDescription.Bogus", RuleUnknownMember},
		{"member names are case-sensitive", "DescribeAssociation", withMember(`"instanceId": "i-0471e04240e000000"`),
			"AssociationDescription.instanceId", RuleUnknownMember},
		{"unknown top-level member", "DescribeAssociation", `{"ResponseMetadata": {}}`, "ResponseMetadata", RuleUnknownMember},
		{"null member", "DescribeAssociation", withMember(`"AssociationName": null`), "AssociationDescription.AssociationName", RuleNull},
		{"null list element", "DescribeAssociation", withMember(`"Targets": [null]`), "AssociationDescription.Targets[0]", RuleNull},
		{"null map value", "DescribeAssociation", withMember(`"Parameters": {"commands": null}`),
			`AssociationDescription.Parameters["commands"]`, RuleNull},
		{"boolean as string", "DescribeAssociation", withMember(`"ApplyOnlyAtCronInterval": "false"`),
			"AssociationDescription.ApplyOnlyAtCronInterval", RuleType},
		{"string as number", "DescribeAssociation", withMember(`"AssociationVersion": 1`), "AssociationDescription.AssociationVersion", RuleType},
		{"list as object", "DescribeAssociation", withMember(`"Targets": {"Key": "k"}`), "AssociationDescription.Targets", RuleType},
		{"structure as array", "DescribeAssociation", `{"AssociationDescription": []}`, "AssociationDescription", RuleType},
		{"map value of wrong type", "DescribeAssociation", withMember(`"Parameters": {"commands": "uptime"}`),
			`AssociationDescription.Parameters["commands"]`, RuleType},
		{"integer as string", "DescribeAssociation", withMember(`"ScheduleOffset": "3"`), "AssociationDescription.ScheduleOffset", RuleType},
		{"integer with fraction", "DescribeAssociation", withMember(`"ScheduleOffset": 3.0`), "AssociationDescription.ScheduleOffset", RuleType},
		{"integer with exponent", "DescribeAssociation", withMember(`"ScheduleOffset": 3e0`), "AssociationDescription.ScheduleOffset", RuleType},
		{"integer beyond int32", "DescribeAssociation", withMember(`"Duration": 2147483648`), "AssociationDescription.Duration", RuleType},
		{"timestamp as string", "DescribeAssociation", withMember(`"Date": "2020-03-24T14:24:47.692Z"`), "AssociationDescription.Date", RuleTimestamp},
		{"timestamp with microseconds", "DescribeAssociation", withMember(`"Date": 1585059887.6921`), "AssociationDescription.Date", RuleTimestamp},
		{"timestamp with exponent", "DescribeAssociation", withMember(`"Date": 1.585059887692e9`), "AssociationDescription.Date", RuleTimestamp},
		{"bad enum", "DescribeAssociation", withMember(`"Status": {"Date": 1, "Message": "m", "Name": "Bogus"}`),
			"AssociationDescription.Status.Name", RuleEnum},
		{"enum is case-sensitive", "DescribeAssociation", withMember(`"ComplianceSeverity": "critical"`),
			"AssociationDescription.ComplianceSeverity", RuleEnum},
		{"pattern miss", "DescribeAssociation", withMember(`"InstanceId": "x-123"`), "AssociationDescription.InstanceId", RulePattern},
		{"map key too short", "DescribeAssociation", withMember(`"TargetMaps": [{"": ["v"]}]`),
			`AssociationDescription.TargetMaps[0][""]`, RuleMin},
		{"over-long string", "DescribeAssociation", withMember(`"Targets": [{"Key": "` + strings.Repeat("k", 164) + `"}]`),
			"AssociationDescription.Targets[0].Key", RuleMax},
		{"empty string below min", "DescribeAssociation", withMember(`"Targets": [{"Key": ""}]`), "AssociationDescription.Targets[0].Key", RuleMin},
		{"list too long", "DescribeAssociation", withMember(`"Targets": [` + sixTargets + `]`), "AssociationDescription.Targets", RuleMax},
		{"list too short", "DescribeAssociation", withMember(`"AlarmConfiguration": {"Alarms": []}`),
			"AssociationDescription.AlarmConfiguration.Alarms", RuleMin},
		{"map with too few entries", "DescribeAssociation", withMember(`"TargetMaps": [{}]`), "AssociationDescription.TargetMaps[0]", RuleMin},
		{"missing required member", "DescribeAssociation", withMember(`"AlarmConfiguration": {"IgnorePollAlarmFailure": true}`),
			"AssociationDescription.AlarmConfiguration.Alarms", RuleRequired},
		{"missing required nested member", "DescribeAssociation", withMember(`"Status": {"Date": 1, "Name": "Pending"}`),
			"AssociationDescription.Status.Message", RuleRequired},
		{"integer above max", "DescribeAssociation", withMember(`"ScheduleOffset": 7`), "AssociationDescription.ScheduleOffset", RuleMax},
		{"integer below min", "DescribeAssociation", withMember(`"ScheduleOffset": 0`), "AssociationDescription.ScheduleOffset", RuleMin},
		{"empty union", "GetExecutionPreview", `{"ExecutionPreview": {}}`, "ExecutionPreview", RuleUnion},
		{"duplicate key", "DescribeAssociation", `{"AssociationDescription": {"Name": "a", "Name": "b"}}`,
			"AssociationDescription.Name", RuleDuplicateKey},
		{"malformed JSON", "DescribeAssociation", `{"AssociationDescription": `, "", RuleJSON},
		{"trailing data", "DescribeAssociation", `{} {}`, "", RuleJSON},
		{"invalid UTF-8", "DescribeAssociation", "{\"AssociationDescription\": {\"Name\": \"\xff\"}}", "", RuleJSON},
		{"document is not an object", "DescribeAssociation", `[]`, "", RuleType},
		{"document is null", "DescribeAssociation", `null`, "", RuleNull},
		{"unknown operation", "DescribeAssociations", `{}`, "", RuleOperation},
		{"input missing required member", "CreateAssociationBatch", `{"Entries": [{"InstanceId": "i-0471e04240e000000"}]}`,
			"Entries[0].Name", RuleRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := CheckOutput
			if strings.HasPrefix(tt.name, "input") { // cases named "input ..." check a request
				check = CheckInput
			}
			err := check(tt.op, []byte(tt.body))
			require.Error(t, err)
			vs := violationsOf(t, err)
			var found bool
			for _, v := range vs {
				found = found || (v.Path == tt.path && v.Rule == tt.rule)
			}
			assert.True(t, found, "want %s at %q, got:\n%v", tt.rule, tt.path, err)
		})
	}
}

func TestEnumAllowList(t *testing.T) {
	require.Equal(t, []AllowedEnumValue{{Shape: "AssociationStatusName", Value: "Associated",
		Source: EnumAllowList()[0].Source}}, EnumAllowList())
	assert.Contains(t, EnumAllowList()[0].Source, "CreateAssociationBatch")
	assert.NotContains(t, Model().Shapes["AssociationStatusName"].Enum, "Associated", "model enum lacks the value")

	status := func(name string) []byte {
		return []byte(fmt.Sprintf(`{"Date": 1585059887.692, "Message": "m", "Name": %q}`, name))
	}
	assert.NoError(t, CheckShape("AssociationStatus", status("Associated")))
	assert.NoError(t, CheckShape("AssociationStatus", status("Pending")))
	err := CheckShape("AssociationStatus", status("Bogus"))
	assert.Equal(t, []string{RuleEnum}, violationsOf(t, err).Rules())
	assert.NoError(t, CheckShape("AssociationStatusName", []byte(`"Associated"`)))
	// The allowance is for that shape only.
	err = CheckShape("AssociationComplianceSeverity", []byte(`"Associated"`))
	assert.Equal(t, []string{RuleEnum}, violationsOf(t, err).Rules())
}

func TestAllViolationsReportedInOrder(t *testing.T) {
	body := []byte(withMember(`"Targets": [{"Key": "", "Bogus": 1}], "ScheduleOffset": 9, "Date": "now", "Zed": null`))
	err := CheckOutput("DescribeAssociation", body)
	want := Violations{
		{Path: "AssociationDescription.Date", Rule: RuleTimestamp},
		{Path: "AssociationDescription.ScheduleOffset", Rule: RuleMax},
		{Path: "AssociationDescription.Targets[0].Bogus", Rule: RuleUnknownMember},
		{Path: "AssociationDescription.Targets[0].Key", Rule: RuleMin},
		{Path: "AssociationDescription.Zed", Rule: RuleUnknownMember},
	}
	got := violationsOf(t, err)
	require.Len(t, got, len(want), "%v", err)
	for i := range want {
		assert.Equal(t, want[i].Path, got[i].Path)
		assert.Equal(t, want[i].Rule, got[i].Rule)
		assert.NotEmpty(t, got[i].Detail)
	}
	assert.Equal(t, err.Error(), CheckOutput("DescribeAssociation", body).Error(), "deterministic")
	assert.True(t, strings.HasPrefix(err.Error(), "5 model violation(s):\n  AssociationDescription.Date: timestamp: "), err.Error())

	var one Violation
	require.True(t, errors.As(err, &one))
	assert.Equal(t, "AssociationDescription.Date", one.Path)
	assert.Equal(t, "(root): json: body is not valid UTF-8", Violation{Rule: RuleJSON, Detail: "body is not valid UTF-8"}.Error())
}

func TestCheckShapeScalarsAndBlobs(t *testing.T) {
	tests := []struct {
		shape, body, rule string
	}{
		{"PSParameterVersion", `9223372036854775807`, ""},
		{"PSParameterVersion", `9223372036854775808`, RuleType},
		{"MaintenanceWindowLambdaParameters", `{"Payload": "aGVsbG8="}`, ""},
		{"MaintenanceWindowLambdaParameters", `{"Payload": "not base64!"}`, RuleType},
		{"MaintenanceWindowLambdaParameters", `{"Payload": 12}`, RuleType},
		{"MaintenanceWindowLambdaParameters", `{"Payload": "` + strings.Repeat("AAAA", 1366) + `"}`, RuleMax},
		{"DateTime", `1585059887.692`, ""},
		{"DateTime", `true`, RuleTimestamp},
		{"AssociationStatusName", `"Failed"`, ""},
		{"NoSuchShape", `{}`, RuleOperation},
	}
	for _, tt := range tests {
		t.Run(tt.shape+" "+tt.body[:min(len(tt.body), 20)], func(t *testing.T) {
			err := CheckShape(tt.shape, []byte(tt.body))
			if tt.rule == "" {
				assert.NoError(t, err)
				return
			}
			assert.Equal(t, []string{tt.rule}, violationsOf(t, err).Rules())
		})
	}
}

func TestNoShapeMeansEmptyObject(t *testing.T) {
	assert.NoError(t, checkRef(nil, []byte(`{}`)))
	assert.Equal(t, []string{RuleUnknownMember}, violationsOf(t, checkRef(nil, []byte(`{"A": 1}`))).Rules())
	assert.Equal(t, []string{RuleType}, violationsOf(t, checkRef(nil, []byte(`[]`))).Rules())
	assert.Equal(t, []string{RuleJSON}, violationsOf(t, checkRef(nil, []byte(``))).Rules())
}

// Every operation's output shape accepts {} unless it has required members,
// which shows the checker copes with the whole model.
func TestEmptyOutputsAcrossTheModel(t *testing.T) {
	for _, name := range slices.Sorted(maps.Keys(Model().Operations)) {
		op := Model().Operations[name]
		err := CheckOutput(name, []byte(`{}`))
		if op.Output == nil || len(Model().Shapes[op.Output.Shape].Required) == 0 {
			assert.NoError(t, err, name)
		} else {
			assert.Equal(t, []string{RuleRequired}, violationsOf(t, err).Rules(), name)
		}
	}
}

// The API reference prints the sample verbatim with EXAMPLE placeholders,
// which break the AssociationId pattern (and nothing else): why the tests use
// zero-filled copies.
func TestVerbatimReferenceSampleBreaksOnlyPlaceholders(t *testing.T) {
	verbatim := strings.NewReplacer("eb5fc0000000", "eb5fcEXAMPLE", "i-0471e04240e000000", "i-0471e04240EXAMPLE").
		Replace(createAssociationBatchExample)
	vs := violationsOf(t, CheckOutput("CreateAssociationBatch", []byte(verbatim)))
	require.Len(t, vs, 1, "%v", vs)
	assert.Equal(t, "Successful[0].AssociationId", vs[0].Path)
	assert.Equal(t, RulePattern, vs[0].Rule)
}
