package validate

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeErrors(t *testing.T) {
	cases := []struct{ name, op, body, path, msg string }{
		{"array body", "ListAssociations", `[]`, "", "Start of list found where not expected"},
		{"string body", "ListAssociations", `"x"`, "", "Unexpected field type"},
		{"number body", "ListAssociations", `12`, "", "Unexpected field type"},
		{"null body", "ListAssociations", `null`, "", "Unexpected null value where a JSON object is expected"},
		{"malformed", "ListAssociations", `{"MaxResults": 1,}`, "", "Malformed JSON: invalid character '}' looking for beginning of object key string"},
		{"truncated", "ListAssociations", `{"MaxResults": 1`, "", "Malformed JSON: unexpected EOF"},
		{"truncated nested", "CreateAssociation", `{"Targets": [{"Key": "k"`, "targets.1.member", "Malformed JSON: unexpected EOF"},
		{"not JSON", "ListAssociations", `MaxResults=1`, "", "Malformed JSON: invalid character 'M' looking for beginning of value"},
		{"trailing content", "ListAssociations", `{} {}`, "", "Unexpected content after the JSON object"},
		{"invalid UTF-8", "ListAssociations", "{\"NextToken\": \"\xff\"}", "", "Invalid UTF-8 in request body"},
		{"MaxResults string", "ListAssociations", `{"MaxResults": "10"}`, "maxResults", "STRING_VALUE cannot be converted to Integer"},
		{"MaxResults decimal", "ListAssociations", `{"MaxResults": 1.5}`, "maxResults", "DECIMAL_VALUE cannot be converted to Integer"},
		{"MaxResults true", "ListAssociations", `{"MaxResults": true}`, "maxResults", "TRUE_VALUE cannot be converted to Integer"},
		{"MaxResults array", "ListAssociations", `{"MaxResults": [1]}`, "maxResults", "Unrecognized collection type class java.lang.Integer"},
		{"MaxResults object", "ListAssociations", `{"MaxResults": {}}`, "maxResults", "Start of structure or map found where not expected"},
		{"MaxResults too big", "ListAssociations", `{"MaxResults": 2147483648}`, "maxResults",
			"Numeric value (2147483648) out of range of int (-2147483648 - 2147483647)"},
		{"MaxResults huge exponent", "ListAssociations", `{"MaxResults": 1e400}`, "maxResults",
			"Numeric value (1e400) out of range of int (-2147483648 - 2147483647)"},
		{"Targets object", "CreateAssociation", `{"Name": "AWS-RunShellScript", "Targets": {"Key": "k"}}`, "targets", "Start of structure or map found where not expected"},
		{"Targets string", "CreateAssociation", `{"Targets": "k"}`, "targets", "Unexpected field type"},
		{"Target array", "CreateAssociation", `{"Targets": [[]]}`, "targets.1.member", "Start of list found where not expected"},
		{"Target value number", "CreateAssociation", `{"Targets": [{"Key": "k", "Values": ["a", 2]}]}`, "targets.1.member.values.2.member",
			"NUMBER_VALUE cannot be converted to String"},
		{"name decimal", "CreateAssociation", `{"Name": 2.5}`, "name", "DECIMAL_VALUE cannot be converted to String"},
		{"name false", "CreateAssociation", `{"Name": false}`, "name", "FALSE_VALUE cannot be converted to String"},
		{"name array", "CreateAssociation", `{"Name": []}`, "name", "Unrecognized collection type class java.lang.String"},
		{"boolean string", "CreateAssociation", `{"ApplyOnlyAtCronInterval": "true"}`, "applyOnlyAtCronInterval", "Unexpected token received from parser"},
		{"boolean number", "CreateAssociation", `{"ApplyOnlyAtCronInterval": 1}`, "applyOnlyAtCronInterval", "NUMBER_VALUE cannot be converted to Boolean"},
		{"parameters list", "CreateAssociation", `{"Parameters": []}`, "parameters", "Start of list found where not expected"},
		{"parameter value string", "CreateAssociation", `{"Parameters": {"commands": "ls"}}`, "parameters.commands.member", "Unexpected field type"},
		{"timestamp string", "UpdateAssociationStatus", `{"AssociationStatus": {"Date": "2020-01-01T00:00:00Z"}}`, "associationStatus.date",
			"STRING_VALUE cannot be converted to Date"},
		{"timestamp array", "UpdateAssociationStatus", `{"AssociationStatus": {"Date": []}}`, "associationStatus.date",
			"Unrecognized collection type class java.util.Date"},
		{"blob number", "RegisterTaskWithMaintenanceWindow", `{"TaskInvocationParameters": {"Lambda": {"Payload": 1}}}`,
			"taskInvocationParameters.lambda.payload", "only base-64-encoded strings are convertible to bytes"},
		{"blob length", "RegisterTaskWithMaintenanceWindow", `{"TaskInvocationParameters": {"Lambda": {"Payload": "abcde"}}}`,
			"taskInvocationParameters.lambda.payload", "Base64 encoded length is expected a multiple of 4 bytes but found: 5"},
		{"blob character", "RegisterTaskWithMaintenanceWindow", `{"TaskInvocationParameters": {"Lambda": {"Payload": "ab!d"}}}`,
			"taskInvocationParameters.lambda.payload", "Invalid Base64 value"},
		{"unknown member malformed", "ListAssociations", `{"Other": [1, }`, "other", "Malformed JSON: invalid character '}' looking for beginning of value"},
		{"too deep", "ListAssociations", `{"Other": ` + strings.Repeat("[", 600) + strings.Repeat("]", 600) + `}`, "other", "JSON nesting is too deep"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			vs, err := Check(c.op, []byte(c.body))
			assert.Nil(t, vs)
			var de *DecodeError
			require.True(t, errors.As(err, &de), "want *DecodeError, got %v", err)
			assert.Equal(t, c.path, de.Path)
			assert.Equal(t, c.msg, de.Msg)
		})
	}
}

func TestDecodeErrorText(t *testing.T) {
	assert.Equal(t, "Unexpected field type", (&DecodeError{Msg: "Unexpected field type"}).Error())
	assert.Equal(t, "STRING_VALUE cannot be converted to Integer (at 'maxResults')",
		(&DecodeError{Path: "maxResults", Msg: "STRING_VALUE cannot be converted to Integer"}).Error())
}

// TestIntegralNumbers: integral values written with a fraction or an
// exponent are integers; range limits hold for both int and long.
func TestIntegralNumbers(t *testing.T) {
	for _, body := range []string{`{"MaxResults": 10.0}`, `{"MaxResults": 1e1}`, `{"MaxResults": 1.0E1}`, `{"MaxResults": -0}`} {
		vs, err := Check("ListAssociations", []byte(body))
		require.NoError(t, err, body)
		if body == `{"MaxResults": -0}` {
			require.Len(t, vs, 1)
			assert.Equal(t, "0", vs[0].Value)
		} else {
			assert.Nil(t, vs, body)
		}
	}
	vs, err := Check("ListAssociations", []byte(`{"MaxResults": 5.1e2}`))
	require.NoError(t, err)
	require.Len(t, vs, 1)
	assert.Equal(t, "510", vs[0].Value)

	long := &shape{name: "L", typ: typeLong}
	for num, ok := range map[string]bool{"9223372036854775807": true, "9223372036854775808": false,
		"-9223372036854775808": true, "9.2e18": true, "9.3e18": false, "-9.3e18": false, "1.25": false} {
		_, err := decodeInteger(long, json.Number(num), "p")
		assert.Equal(t, ok, err == nil, num)
	}
	integer := &shape{name: "I", typ: typeInteger}
	for num, ok := range map[string]bool{"2147483647": true, "-2147483648": true, "-2147483649": false, "2.147483647e9": true, "2.147483648e9": false} {
		_, err := decodeInteger(integer, json.Number(num), "p")
		assert.Equal(t, ok, err == nil, num)
	}
}

func TestTimestampsAcceptNumbers(t *testing.T) {
	for _, date := range []string{"1585059887", "1585059887.692", "1.585059887692E9", "0"} {
		vs, err := Check("UpdateAssociationStatus", []byte(`{"Name": "AWS-UpdateSSMAgent", "InstanceId": "i-01234567",
			"AssociationStatus": {"Date": `+date+`, "Name": "Success", "Message": "ok"}}`))
		require.NoError(t, err, date)
		assert.Nil(t, vs, date)
	}
}
