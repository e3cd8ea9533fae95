package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/sim"
	"github.com/ssmsim/ssmsim/sim/server"
)

func frontFor(t *testing.T, opts server.FrontOptions) (*server.Front, *httptest.Server) {
	t.Helper()
	s, err := sim.New(sim.Config{Seed: 1})
	require.NoError(t, err)
	opts.Options.Seed = 1
	f := server.NewFront(server.New(s, opts.Options), opts)
	ts := httptest.NewServer(f)
	t.Cleanup(ts.Close)
	return f, ts
}

func regionClient(url, region, key string) *ssm.Client {
	return ssm.New(ssm.Options{Region: region, BaseEndpoint: aws.String(url),
		Credentials: credentials.NewStaticCredentialsProvider(key, "SECRET", ""), Retryer: aws.NopRetryer{}})
}

func createIn(t *testing.T, c *ssm.Client, name string) string {
	t.Helper()
	out, err := c.CreateAssociation(context.Background(), &ssm.CreateAssociationInput{Name: aws.String("AWS-RunShellScript"), AssociationName: aws.String(name),
		Parameters: shellParams, Targets: []types.Target{{Key: aws.String("tag:env"), Values: []string{"prod"}}}})
	require.NoError(t, err)
	return aws.ToString(out.AssociationDescription.AssociationId)
}

func listIn(t *testing.T, c *ssm.Client) []string {
	t.Helper()
	out, err := c.ListAssociations(context.Background(), &ssm.ListAssociationsInput{})
	require.NoError(t, err)
	var names []string
	for _, a := range out.Associations {
		names = append(names, aws.ToString(a.AssociationName))
	}
	return names
}

// Two Regions never see each other's associations (issue 15's acceptance:
// us-east-1 and eu-west-1 clients see disjoint associations), their IDs
// differ, a call without credentials is the default Region's, and one
// advance moves every Region's clock.
func TestFront_RegionsAreApart(t *testing.T) {
	f, ts := frontFor(t, server.FrontOptions{})
	east, west := regionClient(ts.URL, "us-east-1", "AKID"), regionClient(ts.URL, "eu-west-1", "AKID")
	eastID := createIn(t, east, "in-east")
	westID := createIn(t, west, "in-west")
	assert.NotEqual(t, eastID, westID, "each Region's IDs come from its own seed")
	assert.Equal(t, []string{"in-east"}, listIn(t, east))
	assert.Equal(t, []string{"in-west"}, listIn(t, west))
	_, err := west.DescribeAssociation(context.Background(), &ssm.DescribeAssociationInput{AssociationId: aws.String(eastID)})
	var missing *types.AssociationDoesNotExist
	assert.ErrorAs(t, err, &missing, "an association of us-east-1 does not exist in eu-west-1")

	rep := send(t, http.MethodPost, ts.URL, map[string]string{"Content-Type": server.ContentType, "X-Amz-Target": "AmazonSSM.ListAssociations"}, `{}`)
	require.Equal(t, 200, rep.Status)
	assert.Contains(t, string(rep.Body), "in-east", "no credentials: the default Region")
	assert.NotContains(t, string(rep.Body), "in-west")

	require.Equal(t, 200, send(t, http.MethodPost, ts.URL+"/_ssmsim/advance", jsonCT, `{"Seconds": 3600}`).Status)
	clock := func(region string) string {
		return string(send(t, http.MethodGet, ts.URL+"/_ssmsim/clock?region="+region, nil, "").Body)
	}
	assert.Equal(t, clock("us-east-1"), clock("eu-west-1"), "one clock for every Region")
	assert.Contains(t, clock("eu-west-1"), "1704070800", "an hour after the start")
	assert.Equal(t, []server.Scope{{Account: sim.AccountID, Region: "us-east-1"}, {Account: sim.AccountID, Region: "eu-west-1"}}, f.Scopes())

	// Nodes added in eu-west-1 run eu-west-1's association, not us-east-1's.
	nodes := send(t, http.MethodPost, ts.URL+"/_ssmsim/nodes?region=eu-west-1", jsonCT, `{"Count": 2, "Tags": {"env": "prod"}}`)
	require.Equal(t, 200, nodes.Status, "%s", nodes.Body)
	require.Equal(t, 200, send(t, http.MethodPost, ts.URL+"/_ssmsim/advance", jsonCT, `{"Seconds": 600}`).Status)
	ex, err := west.DescribeAssociationExecutions(context.Background(), &ssm.DescribeAssociationExecutionsInput{AssociationId: aws.String(westID)})
	require.NoError(t, err)
	require.NotEmpty(t, ex.AssociationExecutions)
	assert.Equal(t, "{Success=2}", aws.ToString(ex.AssociationExecutions[0].ResourceCountByStatus))
	ex, err = east.DescribeAssociationExecutions(context.Background(), &ssm.DescribeAssociationExecutionsInput{AssociationId: aws.String(eastID)})
	require.NoError(t, err)
	for _, e := range ex.AssociationExecutions {
		assert.NotEqual(t, "{Success=2}", aws.ToString(e.ResourceCountByStatus), "us-east-1 has no nodes")
	}
}

// Access keys map to accounts: two accounts in one Region are apart,
// unmapped keys are the default account.
func TestFront_AccountsAreApart(t *testing.T) {
	_, ts := frontFor(t, server.FrontOptions{Accounts: map[string]string{"KEY-B": "222222222222"}})
	a1, a2, b := regionClient(ts.URL, "us-east-1", "KEY-A"), regionClient(ts.URL, "us-east-1", "KEY-C"), regionClient(ts.URL, "us-east-1", "KEY-B")
	createIn(t, a1, "of-a")
	createIn(t, b, "of-b")
	assert.Equal(t, []string{"of-a"}, listIn(t, a2), "unmapped keys share the default account")
	assert.Equal(t, []string{"of-b"}, listIn(t, b))
}

// With one scope only (serve --state), other Regions are refused with a
// message saying why; past MaxScopes, new scopes are refused too.
func TestFront_Limits(t *testing.T) {
	_, ts := frontFor(t, server.FrontOptions{OneScope: true})
	_, err := regionClient(ts.URL, "eu-west-1", "K").ListAssociations(context.Background(), &ssm.ListAssociationsInput{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "keeps its state (--state) for account 123456789012 in us-east-1 only")
	_, err = regionClient(ts.URL, "us-east-1", "K").ListAssociations(context.Background(), &ssm.ListAssociationsInput{})
	assert.NoError(t, err)

	_, ts = frontFor(t, server.FrontOptions{MaxScopes: 2})
	_, err = regionClient(ts.URL, "eu-west-1", "K").ListAssociations(context.Background(), &ssm.ListAssociationsInput{})
	assert.NoError(t, err)
	_, err = regionClient(ts.URL, "ap-south-1", "K").ListAssociations(context.Background(), &ssm.ListAssociationsInput{})
	assert.ErrorContains(t, err, "at most 2 account/Region pairs")
}

// Fault rules apply to every Region, those made later included.
func TestFront_FaultsEverywhere(t *testing.T) {
	_, ts := frontFor(t, server.FrontOptions{})
	_, err := regionClient(ts.URL, "eu-west-1", "K").ListAssociations(context.Background(), &ssm.ListAssociationsInput{})
	require.NoError(t, err)
	rep := send(t, http.MethodPost, ts.URL+"/_ssmsim/faults", jsonCT, `{"Rules": [{"Operations": ["ListAssociations"], "EveryNth": 1, "Fault": "InternalServerError"}]}`)
	require.Equal(t, 200, rep.Status, "%s", rep.Body)
	var st struct{ Rules []json.RawMessage }
	require.NoError(t, json.Unmarshal(rep.Body, &st))
	assert.Len(t, st.Rules, 1)
	for _, region := range []string{"us-east-1", "eu-west-1", "sa-east-1"} {
		_, err := regionClient(ts.URL, region, "K").ListAssociations(context.Background(), &ssm.ListAssociationsInput{})
		var ise *types.InternalServerError
		assert.ErrorAs(t, err, &ise, region)
	}
}
