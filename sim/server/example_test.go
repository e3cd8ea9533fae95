package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/ssmsim/ssmsim/sim"
	"github.com/ssmsim/ssmsim/sim/server"
)

// Serve a simulation to the AWS SDK: add nodes and move time through the
// control API, everything else through SSM calls.
func Example() {
	s, _ := sim.New(sim.Config{Seed: 1})
	ts := httptest.NewServer(server.New(s, server.Options{Seed: 1}))
	defer ts.Close()

	post := func(path, body string) {
		res, err := http.Post(ts.URL+path, "application/json", strings.NewReader(body))
		if err != nil {
			panic(err)
		}
		res.Body.Close()
	}
	post("/_ssmsim/nodes", `{"Count": 10, "Tags": {"env": "prod"}}`)

	ctx := context.Background()
	c := ssm.New(ssm.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(ts.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
	})
	out, err := c.CreateAssociation(ctx, &ssm.CreateAssociationInput{
		Name:           aws.String("AWS-RunShellScript"),
		Parameters:     map[string][]string{"commands": {"echo hello"}},
		Targets:        []types.Target{{Key: aws.String("tag:env"), Values: []string{"prod"}}},
		MaxConcurrency: aws.String("50%"),
	})
	if err != nil {
		panic(err)
	}
	post("/_ssmsim/advance", `{"Seconds": 600}`)

	ex, err := c.DescribeAssociationExecutions(ctx, &ssm.DescribeAssociationExecutionsInput{
		AssociationId: out.AssociationDescription.AssociationId,
	})
	if err != nil {
		panic(err)
	}
	e := ex.AssociationExecutions[0]
	fmt.Println(aws.ToString(e.Status), aws.ToString(e.ResourceCountByStatus))
	// Output: Success {Success=10}
}
