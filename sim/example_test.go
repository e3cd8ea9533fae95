package sim_test

import (
	"fmt"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
)

// Run a rollout in process: 500 nodes, MaxConcurrency 10%, MaxErrors 3.
// The clock moves only when you say so.
func Example() {
	s, err := sim.New(sim.Config{Seed: 42}) // virtual clock starts at 2024-01-01T00:00:00Z
	if err != nil {
		panic(err)
	}
	_, err = s.AddNodes(sim.NodeGroup{
		Count:    500,
		Tags:     []model.Tag{{Key: "env", Value: "prod"}},
		Behavior: sim.Behavior{Duration: sim.LogNormal(time.Minute, 0.5), FailureProbability: 0.05},
	})
	if err != nil {
		panic(err)
	}
	out, err := s.CreateAssociation(model.CreateAssociationInput{
		Name:           "AWS-RunShellScript",
		Parameters:     map[string][]string{"commands": {"yum -y update"}},
		Targets:        []model.Target{{Key: "tag:env", Values: []string{"prod"}}},
		MaxConcurrency: "10%",
		MaxErrors:      "3",
	})
	if err != nil {
		panic(err) // a *model.APIError carrying the AWS error code, e.g. ValidationException
	}
	s.Run() // or s.RunUntil(t), or s.Step()

	execs, err := s.DescribeAssociationExecutions(model.DescribeAssociationExecutionsInput{
		AssociationID: out.AssociationDescription.AssociationID,
	})
	if err != nil {
		panic(err)
	}
	e := execs.AssociationExecutions[0]
	fmt.Println(e.Status, e.ResourceCountByStatus) // MaxErrors 3 stopped it at the 4th error; runs in flight finished
	// Output: Failed {Failed=7, Success=109}
}
