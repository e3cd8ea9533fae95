package model

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAPIErrorDocument(t *testing.T) {
	tests := []struct {
		name string
		err  *APIError
		want string
		code int
	}{
		{"client error carries message", NewError(ErrCodeAssociationDoesNotExist, "Association %s does not exist", "abc"),
			`{"__type":"AssociationDoesNotExist","message":"Association abc does not exist"}`, 400},
		{"memberless shape carries only __type", NewError(ErrCodeAssociationAlreadyExists, "ignored"),
			`{"__type":"AssociationAlreadyExists"}`, 400},
		{"server fault is 500", NewError(ErrCodeInternalServerError, "boom"),
			`{"__type":"InternalServerError","message":"boom"}`, 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.err)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(b))
			assert.Equal(t, tt.code, tt.err.HTTPStatus)
		})
	}
}

func TestValidationErrorWording(t *testing.T) {
	// The wording AWS uses for model-constraint violations (spec §1, D16).
	e := ValidationError(Violation{Value: "x", Member: "maxResults", Constraint: "Member must have value less than or equal to 50"})
	assert.Equal(t, "1 validation error detected: Value 'x' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50", e.Message)
	e = ValidationError(Violation{Value: "null", Member: "associationId", Constraint: "Member must not be null", Null: true})
	assert.Equal(t, "1 validation error detected: Value null at 'associationId' failed to satisfy constraint: Member must not be null", e.Message, "AWS prints null unquoted")
	e = ValidationError(Violation{Value: "secret", Member: "parameters", Constraint: "c", Redacted: true})
	assert.Equal(t, "1 validation error detected: Value at 'parameters' failed to satisfy constraint: c", e.Message, "sensitive values are left out")
	e = ValidationError(Violation{Value: "a", Member: "m1", Constraint: "c1"}, Violation{Value: "b", Member: "m2", Constraint: "c2"})
	assert.Equal(t, "2 validation errors detected: Value 'a' at 'm1' failed to satisfy constraint: c1; Value 'b' at 'm2' failed to satisfy constraint: c2", e.Message)
}

func TestIdentifiers(t *testing.T) {
	assert.True(t, ValidInstanceID("i-0123456789abcdef0"))
	assert.True(t, ValidInstanceID("i-01234567"))
	assert.True(t, ValidInstanceID("mi-0123456789abcdef0"))
	assert.False(t, ValidInstanceID("i-0123"))
	assert.False(t, ValidInstanceID("x-0123456789abcdef0"))
	assert.True(t, ValidAssociationID("8dfe3659-4309-493a-8755-0123456789ab"))
	assert.False(t, ValidAssociationID("8dfe3659-4309-493a-8755"))
}
