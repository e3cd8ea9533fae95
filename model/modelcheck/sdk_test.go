package modelcheck

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseWithSDKOutput(t *testing.T) {
	out, err := ParseWithSDK(context.Background(), "CreateAssociationBatch", http.StatusOK, []byte(createAssociationBatchExample))
	require.NoError(t, err)
	batch, ok := out.(*ssm.CreateAssociationBatchOutput)
	require.True(t, ok, "got %T", out)
	require.Len(t, batch.Successful, 1)
	assert.Empty(t, batch.Failed)

	a := batch.Successful[0]
	want := time.Unix(1585059887, 692e6).UTC()
	require.NotNil(t, a.Date)
	assert.True(t, want.Equal(*a.Date), "Date %v, want %v", a.Date, want)
	assert.Equal(t, time.UTC, a.Date.Location())
	assert.Equal(t, "Pending", *a.Overview.Status)
	assert.Equal(t, "Creating", *a.Overview.DetailedStatus)
	assert.Equal(t, types.AssociationStatusName("Associated"), a.Status.Name)
	require.Len(t, a.Targets, 1)
	assert.Equal(t, "InstanceIds", *a.Targets[0].Key)
	assert.Equal(t, []string{"i-0471e04240e000000"}, a.Targets[0].Values)
	assert.Equal(t, "$DEFAULT", *a.DocumentVersion)
	assert.False(t, a.ApplyOnlyAtCronInterval)
}

func TestParseWithSDKTypedError(t *testing.T) {
	_, err := ParseWithSDK(context.Background(), "DescribeAssociation", http.StatusBadRequest,
		[]byte(`{"__type":"AssociationDoesNotExist","message":"x"}`))
	require.Error(t, err)

	var notFound *types.AssociationDoesNotExist
	require.True(t, errors.As(err, &notFound), "got %T: %v", err, err)
	assert.Equal(t, "x", notFound.ErrorMessage())

	var apiErr smithy.APIError
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, "AssociationDoesNotExist", apiErr.ErrorCode())
	assert.Contains(t, err.Error(), SDKRequestID)
}

func TestParseWithSDKCommonError(t *testing.T) {
	_, err := ParseWithSDK(context.Background(), "DescribeAssociation", http.StatusBadRequest,
		[]byte(`{"__type":"com.amazonaws.coral.validate#ValidationException","message":"bad"}`))
	var apiErr smithy.APIError
	require.True(t, errors.As(err, &apiErr), "%v", err)
	assert.Equal(t, "ValidationException", apiErr.ErrorCode())
	assert.Equal(t, "bad", apiErr.ErrorMessage())
}

func TestParseWithSDKSendsZeroInputForOperationsWithRequiredMembers(t *testing.T) {
	// CreateAssociationBatch requires Entries; client-side validation is off.
	out, err := ParseWithSDK(context.Background(), "CreateAssociationBatch", http.StatusOK, []byte(`{}`))
	require.NoError(t, err)
	assert.IsType(t, &ssm.CreateAssociationBatchOutput{}, out)

	// DescribeAssociation has no required input members, hence no validator.
	out, err = ParseWithSDK(context.Background(), "DescribeAssociation", http.StatusOK, []byte(`{}`))
	require.NoError(t, err)
	assert.Nil(t, out.(*ssm.DescribeAssociationOutput).AssociationDescription)
}

func TestParseWithSDKRejectsNonOperations(t *testing.T) {
	for _, name := range []string{"NoSuchOperation", "Options", "describeAssociation", ""} {
		t.Run(name, func(t *testing.T) {
			var out any
			var err error
			require.NotPanics(t, func() {
				out, err = ParseWithSDK(context.Background(), name, http.StatusOK, []byte(`{}`))
			})
			assert.Error(t, err)
			assert.Nil(t, out)
		})
	}
}

func TestParseWithSDKMalformedBody(t *testing.T) {
	_, err := ParseWithSDK(context.Background(), "DescribeAssociation", http.StatusOK, []byte(`{"AssociationDescription":`))
	assert.Error(t, err)
}

func TestParseWithSDKCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ParseWithSDK(ctx, "DescribeAssociation", http.StatusOK, []byte(`{}`))
	assert.ErrorIs(t, err, context.Canceled)
}

func TestCheckTarget(t *testing.T) {
	assert.NoError(t, checkTarget("DescribeAssociation", []string{"AmazonSSM.DescribeAssociation"}, nil))
	assert.ErrorContains(t, checkTarget("DescribeAssociation", []string{"AmazonSSM.ListAssociations"}, nil),
		`the SDK sent X-Amz-Target ["AmazonSSM.ListAssociations"], want exactly one request with "AmazonSSM.DescribeAssociation"`)
	assert.Error(t, checkTarget("DescribeAssociation", []string{"AmazonSSM.DescribeAssociation", "AmazonSSM.DescribeAssociation"}, nil))
	sdkErr := errors.New("boom")
	assert.ErrorIs(t, checkTarget("DescribeAssociation", nil, sdkErr), sdkErr)
}

// Every model operation exists in the SDK client, and the SDK accepts {} as
// its response.
func TestParseWithSDKEveryModelOperation(t *testing.T) {
	for _, name := range slices.Sorted(maps.Keys(Model().Operations)) {
		out, err := ParseWithSDK(context.Background(), name, http.StatusOK, []byte(`{}`))
		if assert.NoError(t, err, name) {
			assert.NotNil(t, out, name)
		}
	}
}
