package validate

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/model"
)

const (
	assocID  = "8dfe3659-4309-493a-8755-0123456789ab"
	assocID2 = "fa94c678-85c6-4d40-926b-7c791EXAMPLE" // not hex: "EXAMPLE"
)

// message runs Check, requires violations and returns the full
// ValidationException message.
func message(t *testing.T, op, body string) string {
	t.Helper()
	vs, err := Check(op, []byte(body))
	require.NoError(t, err)
	require.NotEmpty(t, vs, "want violations for %s %s", op, body)
	return model.ValidationError(vs...).Message
}

// quoted joins n copies of format (with %d replaced by 1..n) as a JSON list.
func quoted(n int, format string) string {
	items := make([]string, n)
	for i := range items {
		items[i] = `"` + fmt.Sprintf(format, i+1) + `"`
	}
	return "[" + strings.Join(items, ",") + "]"
}

// plain is like quoted without the JSON quotes, as AWS prints a list.
func plain(n int, format string) string {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf(format, i+1)
	}
	return "[" + strings.Join(items, ", ") + "]"
}

func TestValidRequests(t *testing.T) {
	cases := []struct{ op, body string }{
		{"CreateAssociation", `{
			"Name": "AWS-RunShellScript", "DocumentVersion": "$DEFAULT", "AssociationName": "nightly-patch",
			"InstanceId": "i-0123456789abcdef0", "Parameters": {"commands": ["echo hi", ""], "empty": []},
			"Targets": [{"Key": "tag:Env", "Values": ["prod", "stage"]}, {"Key": "InstanceIds", "Values": ["i-0123456789abcdef0"]}],
			"ScheduleExpression": "cron(0 2 ? * SUN *)", "ScheduleOffset": 3, "Duration": 2,
			"OutputLocation": {"S3Location": {"OutputS3BucketName": "my-bucket", "OutputS3KeyPrefix": "logs/", "OutputS3Region": "us-east-1"}},
			"MaxConcurrency": "10%", "MaxErrors": "0", "ComplianceSeverity": "CRITICAL", "SyncCompliance": "AUTO",
			"ApplyOnlyAtCronInterval": true, "CalendarNames": ["freeze", "arn:aws:ssm:us-east-1:123456789012:document/cal"],
			"TargetLocations": [{"Accounts": ["123456789012"], "Regions": ["us-east-1"], "ExecutionRoleName": "AWS-SystemsManager-AutomationExecutionRole",
				"TargetLocationMaxConcurrency": "1", "TargetLocationMaxErrors": "0", "ExcludeAccounts": ["ou-abcd-12345678", "123456789012"],
				"TargetLocationAlarmConfiguration": {"Alarms": [{"Name": "cpu"}]}, "IncludeChildOrganizationUnits": false}],
			"AutomationTargetParameterName": "InstanceId",
			"AssociationDispatchAssumeRole": "arn:aws:iam::123456789012:role/dispatch",
			"Tags": [{"Key": "team", "Value": ""}],
			"AlarmConfiguration": {"IgnorePollAlarmFailure": false, "Alarms": [{"Name": "high-cpu"}]},
			"TargetMaps": [{"InstanceIds": ["i-0123456789abcdef0"]}]}`},
		{"CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "DocumentVersion": "12", "InstanceId": "mi-0123456789abcdef0"}`},
		{"CreateAssociation", `{"Name": "arn:aws:ssm:us-east-1:123456789012:document/My-Doc", "Targets": []}`},
		{"CreateAssociationBatch", `{"Entries": [{"Name": "AWS-RunPatchBaseline", "InstanceId": "i-01234567",
			"Parameters": {"Operation": ["Scan"]}, "ScheduleExpression": "rate(30 minutes)"},
			{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "tag:Role", "Values": ["web"]}], "MaxConcurrency": "100%", "MaxErrors": "5%"}]}`},
		{"DescribeAssociation", `{"AssociationId": "` + assocID + `", "AssociationVersion": "$LATEST"}`},
		{"DescribeAssociation", `{"Name": "AWS-UpdateSSMAgent", "InstanceId": "i-0123456789abcdef0"}`},
		{"DescribeAssociationExecutions", `{"AssociationId": "` + assocID + `", "MaxResults": 50, "NextToken": "abc",
			"Filters": [{"Key": "Status", "Value": "Success", "Type": "EQUAL"}, {"Key": "CreatedTime", "Value": "2020-02-20T10:00:00Z", "Type": "LESS_THAN"}]}`},
		{"DescribeAssociationExecutionTargets", `{"AssociationId": "` + assocID + `", "ExecutionId": "` + assocID + `",
			"Filters": [{"Key": "Status", "Value": "Failed"}], "MaxResults": 1}`},
		{"ListAssociations", `{"AssociationFilterList": [{"key": "Name", "value": "AWS-UpdateSSMAgent"},
			{"key": "LastExecutedBefore", "value": "2020-01-01T00:00:00Z"}], "MaxResults": 1}`},
		{"ListAssociations", `{}`},
		{"ListAssociationVersions", `{"AssociationId": "` + assocID + `"}`},
		{"StartAssociationsOnce", `{"AssociationIds": ` + quoted(10, "8dfe3659-4309-493a-8755-0000000000%02d") + `}`},
		{"UpdateAssociation", `{"AssociationId": "` + assocID + `", "AssociationVersion": "$LATEST", "ScheduleOffset": 6, "MaxConcurrency": "1"}`},
		{"UpdateAssociationStatus", `{"Name": "AWS-UpdateSSMAgent", "InstanceId": "i-0123456789abcdef0",
			"AssociationStatus": {"Date": 1585059887.692, "Name": "Success", "Message": "ok", "AdditionalInfo": "{}"}}`},
		{"UpdateAssociationStatus", `{"Name": "AWS-UpdateSSMAgent", "InstanceId": "i-01234567",
			"AssociationStatus": {"Date": 1585059887, "Name": "Failed", "Message": "x"}}`},
		{"DeleteAssociation", `{"AssociationId": "` + assocID + `"}`},
		{"GetCalendarState", `{"CalendarNames": ["weekend-freeze"], "AtTime": "2020-07-30T16:18:18Z"}`},
		{"GetCalendarState", `{"CalendarNames": []}`},
		{"CreateDocument", `{"Name": "weekend-freeze", "DocumentType": "ChangeCalendar", "DocumentFormat": "TEXT",
			"Content": "BEGIN:VCALENDAR\nEND:VCALENDAR\n", "DisplayName": "Weekend freeze", "VersionName": "v1.0",
			"TargetType": "/AWS::EC2::Instance", "Tags": [{"Key": "k", "Value": "v"}],
			"Requires": [{"Name": "base-doc", "Version": "$LATEST"}],
			"Attachments": [{"Key": "SourceUrl", "Values": ["s3://bucket/prefix"], "Name": "attach-1"}]}`},
		{"DescribeDocument", `{"Name": "weekend-freeze", "DocumentVersion": "$LATEST"}`},
		{"DescribeInstanceInformation", `{"MaxResults": 5}`},
		{"DescribeInstanceInformation", `{"MaxResults": 50, "NextToken": "t",
			"InstanceInformationFilterList": [{"key": "PingStatus", "valueSet": ["Online"]}],
			"Filters": [{"Key": "tag:Env", "Values": ["prod"]}, {"Key": "PlatformTypes", "Values": ["Linux", "Windows"]}]}`},
		{"DescribeEffectiveInstanceAssociations", `{"InstanceId": "i-0123456789abcdef0", "MaxResults": 5}`},
		{"DescribeInstanceAssociationsStatus", `{"InstanceId": "i-0123456789abcdef0", "MaxResults": 50}`},
		{"StartAutomationExecution", `{"DocumentName": "AWS-RestartEC2Instance",
			"TargetLocationsURL": "https://my-bucket.s3.amazonaws.com/locations.json"}`},
		{"PutParameter", `{"Name": "/app/db", "Value": "secret", "Type": "SecureString"}`},
	}
	for _, c := range cases {
		t.Run(c.op, func(t *testing.T) {
			vs, err := Check(c.op, []byte(c.body))
			require.NoError(t, err)
			assert.Nil(t, vs, "%v", vs)
		})
	}
}

func TestViolationMessages(t *testing.T) {
	const prefix = "1 validation error detected: "
	maxConcurrency := "Member must satisfy regular expression pattern: ^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$"
	uuidPattern := "Member must satisfy regular expression pattern: [0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
	instancePattern := `Member must satisfy regular expression pattern: (^i-(\w{8}|\w{17})$)|(^mi-\w{17}$)`
	target := `{"Key": "tag:k%d", "Values": ["v%d"]}`
	targets := make([]string, 6)
	printed := make([]string, 6)
	for i := range targets {
		targets[i] = fmt.Sprintf(target, i+1, i+1)
		printed[i] = fmt.Sprintf("Target(key=tag:k%d, values=[v%d])", i+1, i+1)
	}
	cases := []struct{ name, op, body, want string }{
		{"MaxConcurrency 0", "CreateAssociation", `{"Name": "AWS-RunShellScript", "MaxConcurrency": "0"}`,
			prefix + "Value '0' at 'maxConcurrency' failed to satisfy constraint: " + maxConcurrency},
		{"MaxConcurrency 101%", "CreateAssociation", `{"Name": "AWS-RunShellScript", "MaxConcurrency": "101%"}`,
			prefix + "Value '101%' at 'maxConcurrency' failed to satisfy constraint: " + maxConcurrency},
		{"MaxConcurrency abc", "UpdateAssociation", `{"AssociationId": "` + assocID + `", "MaxConcurrency": "abc"}`,
			prefix + "Value 'abc' at 'maxConcurrency' failed to satisfy constraint: " + maxConcurrency},
		{"MaxConcurrency too long", "CreateAssociation", `{"Name": "AWS-RunShellScript", "MaxConcurrency": "12345678"}`,
			prefix + "Value '12345678' at 'maxConcurrency' failed to satisfy constraint: Member must have length less than or equal to 7"},
		{"MaxConcurrency empty", "CreateAssociation", `{"Name": "AWS-RunShellScript", "MaxConcurrency": ""}`,
			"2 validation errors detected: Value '' at 'maxConcurrency' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
				"Value '' at 'maxConcurrency' failed to satisfy constraint: " + maxConcurrency},
		{"MaxResults 51", "ListAssociations", `{"MaxResults": 51}`,
			prefix + "Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50"},
		{"MaxResults 0", "DescribeAssociationExecutions", `{"AssociationId": "` + assocID + `", "MaxResults": 0}`,
			prefix + "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"effective associations MaxResults 6", "DescribeEffectiveInstanceAssociations", `{"InstanceId": "i-0123456789abcdef0", "MaxResults": 6}`,
			prefix + "Value '6' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 5"},
		{"instance information MaxResults 4", "DescribeInstanceInformation", `{"MaxResults": 4}`,
			prefix + "Value '4' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 5"},
		{"instance information MaxResults 51", "DescribeInstanceInformation", `{"MaxResults": 51}`,
			prefix + "Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50"},
		{"6 targets", "CreateAssociation", `{"Name": "AWS-RunShellScript", "Targets": [` + strings.Join(targets, ",") + `]}`,
			prefix + "Value '[" + strings.Join(printed, ", ") + "]' at 'targets' failed to satisfy constraint: Member must have length less than or equal to 5"},
		{"51 target values", "CreateAssociation", `{"Name": "AWS-RunShellScript", "Targets": [{"Key": "InstanceIds", "Values": ` + quoted(51, "i-%08d") + `}]}`,
			prefix + "Value '" + plain(51, "i-%08d") + "' at 'targets.1.member.values' failed to satisfy constraint: Member must have length less than or equal to 50"},
		{"target key pattern", "CreateAssociation", `{"Name": "AWS-RunShellScript", "Targets": [{"Key": "tag:ok"}, {"Key": "bad!key"}]}`,
			prefix + "Value 'bad!key' at 'targets.2.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
				`^[\p{L}\p{Z}\p{N}_.:/=\-@]*$|resource-groups:ResourceTypeFilters|resource-groups:Name`},
		{"AssociationId not a UUID", "DescribeAssociation", `{"AssociationId": "` + assocID2 + `"}`,
			prefix + "Value '" + assocID2 + "' at 'associationId' failed to satisfy constraint: " + uuidPattern},
		{"AssociationId with extra text", "DeleteAssociation", `{"AssociationId": "x` + assocID + `"}`,
			prefix + "Value 'x" + assocID + "' at 'associationId' failed to satisfy constraint: " + uuidPattern},
		{"InstanceId x-1", "DescribeEffectiveInstanceAssociations", `{"InstanceId": "x-1"}`,
			prefix + "Value 'x-1' at 'instanceId' failed to satisfy constraint: " + instancePattern},
		{"missing AssociationId", "DescribeAssociationExecutions", `{}`,
			prefix + "Value null at 'associationId' failed to satisfy constraint: Member must not be null"},
		{"null AssociationId", "UpdateAssociation", `{"AssociationId": null}`,
			prefix + "Value null at 'associationId' failed to satisfy constraint: Member must not be null"},
		{"bad enum", "CreateAssociation", `{"Name": "AWS-RunShellScript", "ComplianceSeverity": "SEVERE"}`,
			prefix + "Value 'SEVERE' at 'complianceSeverity' failed to satisfy constraint: Member must satisfy enum value set: [CRITICAL, HIGH, MEDIUM, LOW, UNSPECIFIED]"},
		{"2 alarms", "CreateAssociation", `{"Name": "AWS-RunShellScript", "AlarmConfiguration": {"Alarms": [{"Name": "a"}, {"Name": "b"}]}}`,
			prefix + "Value '[Alarm(name=a), Alarm(name=b)]' at 'alarmConfiguration.alarms' failed to satisfy constraint: Member must have length less than or equal to 1"},
		{"alarm without name", "CreateAssociation", `{"Name": "AWS-RunShellScript", "AlarmConfiguration": {"Alarms": [{}]}}`,
			prefix + "Value null at 'alarmConfiguration.alarms.1.member.name' failed to satisfy constraint: Member must not be null"},
		{"ScheduleOffset 7", "CreateAssociation", `{"Name": "AWS-RunShellScript", "ScheduleOffset": 7}`,
			prefix + "Value '7' at 'scheduleOffset' failed to satisfy constraint: Member must have value less than or equal to 6"},
		{"11 association ids", "StartAssociationsOnce", `{"AssociationIds": ` + quoted(11, "8dfe3659-4309-493a-8755-0000000000%02d") + `}`,
			prefix + "Value '" + plain(11, "8dfe3659-4309-493a-8755-0000000000%02d") + "' at 'associationIds' failed to satisfy constraint: Member must have length less than or equal to 10"},
		{"no association ids", "StartAssociationsOnce", `{"AssociationIds": []}`,
			prefix + "Value '[]' at 'associationIds' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"bad id in list", "StartAssociationsOnce", `{"AssociationIds": ["` + assocID + `", "nope"]}`,
			prefix + "Value '[" + assocID + ", nope]' at 'associationIds' failed to satisfy constraint: Member must satisfy constraint: [" + uuidPattern + "]"},
		{"two at once", "CreateAssociation", `{"Name": "AWS-RunShellScript", "ScheduleOffset": 0, "MaxConcurrency": "0"}`,
			"2 validation errors detected: Value '0' at 'maxConcurrency' failed to satisfy constraint: " + maxConcurrency +
				"; Value '0' at 'scheduleOffset' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"status name enum", "UpdateAssociationStatus", `{"Name": "AWS-UpdateSSMAgent", "InstanceId": "i-01234567",
			"AssociationStatus": {"Date": 1, "Name": "Done", "Message": ""}}`,
			"2 validation errors detected: Value '' at 'associationStatus.message' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
				"Value 'Done' at 'associationStatus.name' failed to satisfy constraint: Member must satisfy enum value set: [Pending, Success, Failed]"},
		{"association filter", "ListAssociations", `{"AssociationFilterList": [{"key": "Color", "value": ""}]}`,
			"2 validation errors detected: Value 'Color' at 'associationFilterList.1.member.key' failed to satisfy constraint: " +
				"Member must satisfy enum value set: [InstanceId, Name, AssociationId, AssociationStatusName, LastExecutedBefore, LastExecutedAfter, AssociationName, ResourceGroupName]; " +
				"Value '' at 'associationFilterList.1.member.value' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"execution filter", "DescribeAssociationExecutions", `{"AssociationId": "` + assocID + `", "Filters": [{"Key": "Status", "Value": "x"}]}`,
			prefix + "Value null at 'filters.1.member.type' failed to satisfy constraint: Member must not be null"},
		{"instance filter values", "DescribeInstanceInformation", `{"InstanceInformationFilterList": [{"key": "PingStatus", "valueSet": ["Online", ""]}]}`,
			prefix + "Value '[Online, ]' at 'instanceInformationFilterList.1.member.valueSet' failed to satisfy constraint: Member must satisfy constraint: [Member must have length greater than or equal to 1]"},
		{"document name", "CreateDocument", `{"Name": "ab", "Content": "x", "DocumentType": "Calendar"}`,
			"2 validation errors detected: Value 'Calendar' at 'documentType' failed to satisfy constraint: Member must satisfy enum value set: " +
				"[Command, Policy, Automation, Session, Package, ApplicationConfiguration, ApplicationConfigurationSchema, DeploymentStrategy, ChangeCalendar, " +
				"Automation.ChangeTemplate, ProblemAnalysis, ProblemAnalysisTemplate, CloudFormation, ConformancePackTemplate, QuickSetup, ManualApprovalPolicy, AutoApprovalPolicy]; " +
				"Value 'ab' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_\\-.]{3,128}$"},
		{"missing document content", "CreateDocument", `{"Name": "abc"}`,
			prefix + "Value null at 'content' failed to satisfy constraint: Member must not be null"},
		{"empty batch", "CreateAssociationBatch", `{"Entries": []}`,
			prefix + "Value '[]' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"batch entry", "CreateAssociationBatch", `{"Entries": [{"Name": "AWS-UpdateSSMAgent"}, {"Name": "AWS-UpdateSSMAgent", "Duration": 25}]}`,
			prefix + "Value '25' at 'entries.2.member.duration' failed to satisfy constraint: Member must have value less than or equal to 24"},
		{"empty target map", "CreateAssociation", `{"Name": "AWS-RunShellScript", "TargetMaps": [{"k": ["v"]}, {}]}`,
			prefix + "Value '[{k=[v]}, {}]' at 'targetMaps' failed to satisfy constraint: Member must satisfy constraint: " +
				"[Member must have length less than or equal to 20, Member must have length greater than or equal to 1]"},
		{"target map keys and values", "CreateAssociation", `{"Name": "AWS-RunShellScript", "TargetMaps": [{"": ["i-1"], "ok": ["", "x"]}]}`,
			"2 validation errors detected: " +
				"Value '{=[i-1], ok=[, x]}' at 'targetMaps.1.member' failed to satisfy constraint: Map keys must satisfy constraint: " +
				"[Member must have length less than or equal to 50, Member must have length greater than or equal to 1]; " +
				"Value '[, x]' at 'targetMaps.1.member.ok.member' failed to satisfy constraint: Member must satisfy constraint: " +
				"[Member must have length less than or equal to 50, Member must have length greater than or equal to 1]"},
		{"map value too long", "CreateAssociation", `{"Name": "AWS-RunShellScript", "TargetMaps": [{"k": ` + quoted(26, "v%d") + `}]}`,
			prefix + "Value '{k=" + plain(26, "v%d") + "}' at 'targetMaps.1.member' failed to satisfy constraint: Map value must satisfy constraint: " +
				"[Member must have length less than or equal to 25, Member must have length greater than or equal to 0]"},
		{"not blank", "CreateAssociation", `{"Name": "AWS-RunShellScript", "AlarmConfiguration": {"Alarms": [{"Name": "  "}]}}`,
			prefix + "Value '  ' at 'alarmConfiguration.alarms.1.member.name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?!\\s*$).+"},
		{"sensitive", "UpdateMaintenanceWindowTarget", `{"WindowId": "mw-0123456789abcdef0", "WindowTargetId": "` + assocID + `", "OwnerInformation": ""}`,
			prefix + "Value at 'ownerInformation' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"blob", "RegisterTaskWithMaintenanceWindow", `{"WindowId": "mw-0123456789abcdef0", "TaskArn": "arn", "TaskType": "LAMBDA",
			"TaskInvocationParameters": {"Lambda": {"Payload": "` + strings.Repeat("AAAA", 1366) + `"}}}`,
			prefix + "Value at 'taskInvocationParameters.lambda.payload' failed to satisfy constraint: Member must have length less than or equal to 4096"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, message(t, c.op, c.body))
		})
	}
}

// TestStructureRendering: a structure prints every member in name order, an
// absent one as null, a timestamp like java.util.Date.
func TestStructureRendering(t *testing.T) {
	s := theIndex().ops["UpdateAssociationStatus"]
	v, err := decodeBody(s, []byte(`{"AssociationStatus": {"Date": 1585059887.692, "Name": "Success", "Message": "ok"}}`))
	require.NoError(t, err)
	m := s.members[s.byName["AssociationStatus"]]
	assert.Equal(t, "AssociationStatus(additionalInfo=null, date=Tue Mar 24 14:24:47 UTC 2020, message=ok, name=Success)",
		render(m.shape, v.fields["AssociationStatus"]))
}

func TestUnknownMembersIgnored(t *testing.T) {
	vs, err := Check("ListAssociations", []byte(`{"maxResults": 500, "Bogus": {"deep": [1, {"x": null}]}, "MaxResults": 10}`))
	require.NoError(t, err)
	assert.Nil(t, vs)
}

func TestNullsAndDuplicates(t *testing.T) {
	vs, err := Check("ListAssociations", []byte(`{"MaxResults": null, "NextToken": null, "AssociationFilterList": null}`))
	require.NoError(t, err)
	assert.Nil(t, vs)
	// The last of duplicate keys wins, a later null removes the member.
	assert.Equal(t, "1 validation error detected: Value '99' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
		message(t, "ListAssociations", `{"MaxResults": 1, "MaxResults": 99}`))
	assert.Equal(t, "1 validation error detected: Value null at 'associationId' failed to satisfy constraint: Member must not be null",
		message(t, "UpdateAssociation", `{"AssociationId": "`+assocID+`", "AssociationId": null}`))
	// A null element counts toward the length and prints as null, but is
	// not checked against the element shape.
	vs, err = Check("StartAssociationsOnce", []byte(`{"AssociationIds": [null]}`))
	require.NoError(t, err)
	assert.Nil(t, vs)
	assert.Contains(t, message(t, "StartAssociationsOnce", `{"AssociationIds": [`+strings.Repeat("null,", 10)+`null]}`),
		"Value '[null, null, null, null, null, null, null, null, null, null, null]' at 'associationIds'")
}

func TestEmptyBodyIsEmptyObject(t *testing.T) {
	for _, body := range []string{"", "  \n", "{}"} {
		vs, err := Check("ListAssociations", []byte(body))
		require.NoError(t, err)
		assert.Nil(t, vs)
		assert.Equal(t, "1 validation error detected: Value null at 'associationIds' failed to satisfy constraint: Member must not be null",
			message(t, "StartAssociationsOnce", body))
	}
}

func TestUnknownOperation(t *testing.T) {
	vs, err := Check("NoSuchOperation", []byte(`{}`))
	assert.Nil(t, vs)
	require.ErrorIs(t, err, ErrUnknownOperation)
	var de *DecodeError
	assert.False(t, errors.As(err, &de))
}

func TestOperations(t *testing.T) {
	ops := Operations()
	assert.Len(t, ops, 146)
	assert.IsIncreasing(t, ops)
	for _, op := range []string{"CreateAssociation", "CreateAssociationBatch", "DescribeAssociationExecutions", "ListAssociations",
		"StartAssociationsOnce", "UpdateAssociationStatus", "GetCalendarState", "CreateDocument", "DescribeInstanceInformation"} {
		assert.Contains(t, ops, op)
	}
	ops[0] = "changed"
	assert.NotEqual(t, "changed", Operations()[0], "Operations returns a fresh slice")
	for _, op := range Operations() {
		_, err := Check(op, []byte(`{}`))
		require.NoError(t, err, op)
	}
}

func TestLowerFirst(t *testing.T) {
	for in, want := range map[string]string{"MaxResults": "maxResults", "AssociationId": "associationId",
		"InstanceId": "instanceId", "SAMLOptions": "sAMLOptions", "key": "key", "": ""} {
		assert.Equal(t, want, lowerFirst(in))
	}
}

// TestConcurrent: Check is safe for concurrent use (run with -race).
func TestConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				vs, err := Check("ListAssociations", []byte(`{"MaxResults": 51}`))
				assert.NoError(t, err)
				assert.Len(t, vs, 1)
			}
		}()
	}
	wg.Wait()
}
