package model_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/smithy-go"
	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/modelcheck"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Error documents are valid for their operation and arrive in the AWS SDK
// as its typed errors, with code and message intact (D16).
func TestErrorDocuments_ParsedByTheAWSSDK(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		op   string
		err  *model.APIError
		want any
	}{
		{"DescribeAssociation", model.NewError(model.ErrCodeAssociationDoesNotExist, "Association with id x does not exist."), &types.AssociationDoesNotExist{}},
		{"DescribeAssociationExecutionTargets", model.NewError(model.ErrCodeAssociationExecutionDoesNotExist, "no such execution"), &types.AssociationExecutionDoesNotExist{}},
		{"CreateAssociation", model.NewError(model.ErrCodeAssociationAlreadyExists, "ignored"), &types.AssociationAlreadyExists{}},
		{"CreateAssociation", model.NewError(model.ErrCodeInvalidTarget, "Target key color is not valid."), &types.InvalidTarget{}},
		{"DescribeInstanceAssociationsStatus", model.NewError(model.ErrCodeInvalidInstanceID, "not a node"), &types.InvalidInstanceId{}},
		{"DescribeAssociation", model.NewError(model.ErrCodeInternalServerError, "boom"), &types.InternalServerError{}},
	}
	for _, tt := range tests {
		t.Run(tt.err.Code, func(t *testing.T) {
			body, err := json.Marshal(tt.err)
			require.NoError(t, err)
			require.NoError(t, modelcheck.CheckError(tt.op, body))
			_, err = modelcheck.ParseWithSDK(ctx, tt.op, tt.err.HTTPStatus, body)
			require.Error(t, err)
			var apiErr smithy.APIError
			require.True(t, errors.As(err, &apiErr))
			assert.Equal(t, tt.err.Code, apiErr.ErrorCode())
			if tt.err.Code != model.ErrCodeAssociationAlreadyExists {
				assert.Equal(t, tt.err.Message, apiErr.ErrorMessage())
			}
			target := tt.want
			assert.True(t, errors.As(err, &target), "typed as %T", tt.want)
		})
	}

	// A ValidationException from a bad MaxConcurrency is a common error the SDK surfaces by code.
	_, perr := model.ParseMaxConcurrency("0", "maxConcurrency")
	var ve *model.APIError
	require.ErrorAs(t, perr, &ve)
	body, _ := json.Marshal(ve)
	require.NoError(t, modelcheck.CheckError("CreateAssociation", body))
	_, err := modelcheck.ParseWithSDK(ctx, "CreateAssociation", 400, body)
	var apiErr smithy.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "ValidationException", apiErr.ErrorCode())
	assert.Contains(t, apiErr.ErrorMessage(), "Value '0' at 'maxConcurrency'")
}
