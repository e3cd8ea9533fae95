package reports_test

import (
	"fmt"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/reports"
	"github.com/ssmsim/ssmsim/sim"
)

// Take a long run's statistics as it goes: each execution is analysed as
// it finishes, so a retention window (D19) can free old rows without
// changing them.
func ExampleNewAnalyzer() {
	s, err := sim.New(sim.Config{Seed: 7, Decisions: sim.Decisions{Retention: 24 * time.Hour}})
	if err != nil {
		panic(err)
	}
	if _, err := s.AddNodes(sim.NodeGroup{Count: 1000, Behavior: sim.Behavior{Duration: sim.Fixed(time.Minute)}}); err != nil {
		panic(err)
	}
	in := model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", AssociationName: "agent",
		Targets:            []model.Target{{Key: "InstanceIds", Values: []string{"*"}}},
		ScheduleExpression: "rate(1 day)", MaxConcurrency: "10%"}
	out, err := s.CreateAssociation(in)
	if err != nil {
		panic(err)
	}
	id := out.AssociationDescription.AssociationID

	an := reports.NewAnalyzer(s, reports.Meta{Scenario: "agent-updates", Seed: 7, Start: s.Now(),
		Associations: []model.CreateAssociationInput{in}}, []string{id})
	s.OnExecutionDone(an.Add) // each execution, once done, in order per association
	end := s.Now().Add(7 * 24 * time.Hour)
	s.RunToHorizon(end) // a week: the run due at its last instant does not start (D21)
	stats := an.Result(end, s.Fleet().Len())

	a := stats.Associations[0]
	fmt.Printf("%d executions; 90%% compliant %v after the first start\n",
		stats.Totals.Executions, time.Duration(a.TimeTo.P90*float64(time.Second)))
	// Output: 7 executions; 90% compliant 9m0s after the first start
}
