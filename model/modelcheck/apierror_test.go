package modelcheck

import (
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckError(t *testing.T) {
	tests := []struct {
		name, op, body string
		path, rule     string // empty: the body is valid
	}{
		{"model error with Message", "DescribeAssociation", `{"__type":"AssociationDoesNotExist","Message":"gone"}`, "", ""},
		{"namespaced __type", "DescribeAssociation", `{"__type":"com.amazonaws.ssm#AssociationDoesNotExist","Message":"gone"}`, "", ""},
		{"only __type", "DescribeAssociation", `{"__type":"InvalidAssociationVersion"}`, "", ""},
		{"shape with lower-case message", "GetParameter", `{"__type":"ParameterNotFound","message":"x"}`, "", ""},
		{"shape with extra members", "StartAccessRequest",
			`{"__type":"ServiceQuotaExceededException","Message":"m","QuotaCode":"q","ServiceCode":"ssm"}`, "", ""},
		{"member-less error shape", "CreateAssociationBatch", `{"__type":"DuplicateInstanceId"}`, "", ""},
		{"common error with message", "DescribeAssociation", `{"__type":"ThrottlingException","message":"Rate exceeded"}`, "", ""},
		{"common error with Message", "CreateAssociation", `{"__type":"ValidationException","Message":"1 validation error"}`, "", ""},
		{"common error bare", "CreateAssociation", `{"__type":"InternalFailure"}`, "", ""},
		{"model error in the model but the model lists ThrottlingException for this op", "StartAccessRequest",
			`{"__type":"ThrottlingException","Message":"m","QuotaCode":"q"}`, "", ""},

		{"error of another operation", "DescribeAssociation", `{"__type":"ParameterNotFound"}`, "__type", RuleErrorType},
		{"invented error", "DescribeAssociation", `{"__type":"NoSuchThing","Message":"x"}`, "__type", RuleErrorType},
		{"missing __type", "DescribeAssociation", `{"Message":"x"}`, "__type", RuleRequired},
		{"null __type", "DescribeAssociation", `{"__type":null}`, "__type", RuleNull},
		{"numeric __type", "DescribeAssociation", `{"__type":400}`, "__type", RuleType},
		{"lower-case message for a Message shape (D16)", "DescribeAssociation", `{"__type":"AssociationDoesNotExist","message":"x"}`, "", ""},
		{"both spellings at once", "DescribeAssociation", `{"__type":"AssociationDoesNotExist","message":"x","Message":"y"}`,
			"message", RuleUnknownMember},
		{"message on a member-less shape", "CreateAssociationBatch", `{"__type":"DuplicateInstanceId","Message":"x"}`,
			"Message", RuleUnknownMember},
		{"common error with other member", "DescribeAssociation", `{"__type":"ThrottlingException","Reason":"x"}`,
			"Reason", RuleUnknownMember},
		{"common error null message", "DescribeAssociation", `{"__type":"InternalFailure","message":null}`, "message", RuleNull},
		{"common error numeric message", "DescribeAssociation", `{"__type":"InternalFailure","message":1}`, "message", RuleType},
		{"null Message", "DescribeAssociation", `{"__type":"AssociationDoesNotExist","Message":null}`, "Message", RuleNull},
		{"not an object", "DescribeAssociation", `"AssociationDoesNotExist"`, "", RuleType},
		{"malformed", "DescribeAssociation", `{"__type":`, "", RuleJSON},
		{"unknown operation", "Nope", `{"__type":"InternalFailure"}`, "", RuleOperation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckError(tt.op, []byte(tt.body))
			if tt.rule == "" {
				assert.NoError(t, err)
				return
			}
			vs := violationsOf(t, err)
			require.Len(t, vs, 1, "%v", err)
			assert.Equal(t, tt.path, vs[0].Path)
			assert.Equal(t, tt.rule, vs[0].Rule)
		})
	}
}

func TestCheckErrorNamesTheAllowedErrors(t *testing.T) {
	err := CheckError("DescribeAssociation", []byte(`{"__type":"ParameterNotFound"}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `DescribeAssociation cannot return "ParameterNotFound"; its model errors are [AssociationDoesNotExist, InternalServerError, InvalidAssociationVersion, InvalidDocument, InvalidInstanceId]`)
}

func TestCommonErrors(t *testing.T) {
	common := CommonErrors()
	assert.Len(t, common, 12)
	assert.True(t, slices.IsSorted(common))
	common[0] = "changed"
	assert.Equal(t, "AccessDeniedException", CommonErrors()[0], "returns a copy")
}

// Every error shape an operation lists must be an exception in the model.
func TestOperationErrorsAreExceptions(t *testing.T) {
	for _, name := range slices.Sorted(maps.Keys(Model().Operations)) {
		for _, e := range Model().Operations[name].Errors {
			assert.True(t, Model().Shapes[e.Shape].Exception, "%s error %s", name, e.Shape)
		}
	}
}
