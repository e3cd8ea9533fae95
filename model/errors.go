package model

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Error codes (the `__type` of an error document). The SSM-specific codes are
// the model's error shapes; the rest are common to every AWS JSON service.
const (
	ErrCodeValidation                       = "ValidationException"
	ErrCodeSerialization                    = "SerializationException"
	ErrCodeUnknownOperation                 = "UnknownOperationException"
	ErrCodeInternalServerError              = "InternalServerError"
	ErrCodeAssociationAlreadyExists         = "AssociationAlreadyExists"
	ErrCodeAssociationDoesNotExist          = "AssociationDoesNotExist"
	ErrCodeAssociationExecutionDoesNotExist = "AssociationExecutionDoesNotExist"
	ErrCodeAssociationLimitExceeded         = "AssociationLimitExceeded"
	ErrCodeAssociationVersionLimitExceeded  = "AssociationVersionLimitExceeded"
	ErrCodeDuplicateInstanceID              = "DuplicateInstanceId"
	ErrCodeInvalidAssociation               = "InvalidAssociation"
	ErrCodeInvalidAssociationVersion        = "InvalidAssociationVersion"
	ErrCodeInvalidDocument                  = "InvalidDocument"
	ErrCodeInvalidDocumentVersion           = "InvalidDocumentVersion"
	ErrCodeInvalidInstanceID                = "InvalidInstanceId"
	ErrCodeInvalidNextToken                 = "InvalidNextToken"
	ErrCodeInvalidOutputLocation            = "InvalidOutputLocation"
	ErrCodeInvalidParameters                = "InvalidParameters"
	ErrCodeInvalidSchedule                  = "InvalidSchedule"
	ErrCodeInvalidTarget                    = "InvalidTarget"
	ErrCodeInvalidTargetMaps                = "InvalidTargetMaps"
	ErrCodeInvalidUpdate                    = "InvalidUpdate"
	ErrCodeStatusUnchanged                  = "StatusUnchanged"
	ErrCodeTooManyUpdates                   = "TooManyUpdates"
	ErrCodeUnsupportedPlatformType          = "UnsupportedPlatformType"
)

// memberlessErrors are error shapes with no members in the model: their
// documents carry only `__type`.
var memberlessErrors = map[string]bool{
	ErrCodeAssociationAlreadyExists: true, ErrCodeAssociationLimitExceeded: true,
	ErrCodeDuplicateInstanceID: true, ErrCodeInvalidOutputLocation: true,
	ErrCodeStatusUnchanged: true, "InvalidResourceId": true, "InvalidResourceType": true,
	"TooManyTagsError": true, "InvalidFilterKey": true,
}

// APIError is an SSM error: the code becomes the document's `__type`, the
// message its `message`, and HTTPStatus the response status (400 for client
// errors, 500 for InternalServerError).
type APIError struct {
	Code       string
	Message    string
	HTTPStatus int
	// Violations are the constraint failures behind a ValidationException.
	Violations []Violation
}

// Error returns "Code: message".
func (e *APIError) Error() string {
	if e.Message == "" {
		return e.Code
	}
	return e.Code + ": " + e.Message
}

// MarshalJSON writes the AWS JSON 1.1 error document
// {"__type":"Code","message":"…"}; error shapes without members get only
// `__type`.
func (e *APIError) MarshalJSON() ([]byte, error) {
	doc := struct {
		Type    string `json:"__type"`
		Message string `json:"message,omitempty"`
	}{Type: e.Code}
	if !memberlessErrors[e.Code] {
		doc.Message = e.Message
	}
	return json.Marshal(doc)
}

// NewError returns a client error (HTTP 400) with a formatted message.
func NewError(code, format string, args ...any) *APIError {
	status := http.StatusBadRequest
	if code == ErrCodeInternalServerError {
		status = http.StatusInternalServerError
	}
	return &APIError{Code: code, Message: fmt.Sprintf(format, args...), HTTPStatus: status}
}

// Violation is one model-constraint failure: the offending value, the
// member path in AWS's lower-camel form (e.g. "maxConcurrency",
// "targets.1.member.key") and the constraint text.
type Violation struct {
	Value      string
	Member     string
	Constraint string
	// Null marks a missing value: AWS prints it unquoted ("Value null at 'x'").
	Null bool
	// Redacted marks a value of a sensitive shape: AWS leaves it out ("Value at 'x'").
	Redacted bool
}

// ValidationError builds the ValidationException AWS returns for model
// constraint violations, worded as AWS words it:
// "1 validation error detected: Value 'x' at 'member' failed to satisfy
// constraint: Member must …".
func ValidationError(vs ...Violation) *APIError {
	var b strings.Builder
	n := len(vs)
	if n == 1 {
		b.WriteString("1 validation error detected: ")
	} else {
		fmt.Fprintf(&b, "%d validation errors detected: ", n)
	}
	for i, v := range vs {
		if i > 0 {
			b.WriteString("; ")
		}
		switch {
		case v.Null:
			fmt.Fprintf(&b, "Value null at '%s' failed to satisfy constraint: %s", v.Member, v.Constraint)
		case v.Redacted:
			fmt.Fprintf(&b, "Value at '%s' failed to satisfy constraint: %s", v.Member, v.Constraint)
		default:
			fmt.Fprintf(&b, "Value '%s' at '%s' failed to satisfy constraint: %s", v.Value, v.Member, v.Constraint)
		}
	}
	return &APIError{Code: ErrCodeValidation, Message: b.String(), HTTPStatus: http.StatusBadRequest, Violations: vs}
}
