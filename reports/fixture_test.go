package reports

import (
	"slices"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
)

// rolloutFixture is a small hand-computed rollout that varies with the
// seed: 8 targets, 3 at a time, at most 1 error; run times and failures
// are arithmetic in the node number and the seed. It stands in for the
// simulator so that golden files change only when reports do.
func rolloutFixture(f *fakeResults, seed uint64, assoc string, created time.Duration) {
	const n, conc, threshold = 8, 3, 1
	free := make([]time.Duration, conc)
	for i := range free {
		free[i] = created
	}
	ex := sim.ExecutionResult{AssociationID: assoc, AssociationVersion: "1", ExecutionID: assoc + "-exec", Trigger: "create",
		Created: at(created), Targets: n, Concurrency: conc, Threshold: threshold, Done: true, Status: model.StatusSuccess}
	var runs []sim.TargetRun
	last := created
	for i := range n {
		slot := 0
		for s := range free {
			if free[s] < free[slot] {
				slot = s
			}
		}
		t := free[slot]
		errs := 0
		for _, r := range runs {
			if r.Status == model.StatusFailed && !r.Finished.After(at(t)) {
				errs++
			}
		}
		if errs > threshold {
			ex.Stop = sim.StopMaxErrors
			break
		}
		dur := time.Duration(60+(uint64(i)*37+seed*11)%90) * time.Second
		status := model.StatusSuccess
		if (uint64(i)+seed)%4 == 0 {
			status = model.StatusFailed
			ex.Errors++
			ex.Counts.Failed++
		} else {
			ex.Counts.Success++
		}
		runs = append(runs, sim.TargetRun{Node: i, Dispatched: at(t), Finished: at(t + dur), Status: status, Detailed: string(status),
			Error: status == model.StatusFailed})
		free[slot] = t + dur
		last = max(last, t+dur)
		ex.Dispatched++
	}
	ex.LastExecution = at(last)
	if ex.Stop != sim.StopNone || ex.Errors > 0 {
		ex.Status = model.StatusFailed
	}
	f.add(ex, runs...)
}

var fixtureAssociation = model.CreateAssociationInput{Name: "AWS-RunShellScript", AssociationName: "rollout",
	Targets: []model.Target{{Key: "tag:env", Values: []string{"prod"}}}, MaxConcurrency: "3", MaxErrors: "1"}

// fixtureRun is one run of the rollout fixture.
func fixtureRun(seed uint64) RunResult {
	var f fakeResults
	rolloutFixture(&f, seed, "assoc-1", 0)
	end := f.execs[0].LastExecution
	return Analyze(f, Meta{Scenario: "fixture", Seed: seed, Start: t0, End: end, Nodes: 8,
		Associations: []model.CreateAssociationInput{fixtureAssociation}}, []string{"assoc-1"})
}

// fixtureRuns are runs of the rollout fixture with seeds 1-5.
func fixtureRuns() []RunResult {
	var runs []RunResult
	for s := uint64(1); s <= 5; s++ {
		runs = append(runs, fixtureRun(s))
	}
	return runs
}

// twoAssociationsRun has the rollout fixture and, from 2 minutes in, the
// compliance fixture's association "a".
func twoAssociationsRun() RunResult {
	var f fakeResults
	rolloutFixture(&f, 1, "assoc-1", 0)
	c := complianceFixture()
	for i, e := range c.execs {
		e.Created = e.Created.Add(2 * time.Minute)
		e.LastExecution = e.LastExecution.Add(2 * time.Minute)
		runs := slices.Clone(c.runs[i])
		for j := range runs {
			runs[j].Dispatched = runs[j].Dispatched.Add(2 * time.Minute)
			runs[j].Finished = runs[j].Finished.Add(2 * time.Minute)
		}
		f.add(e, runs...)
	}
	second := model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", Targets: []model.Target{{Key: "InstanceIds", Values: []string{"*"}}}}
	return Analyze(f, Meta{Scenario: "fixture-two", Seed: 1, Start: t0, End: at(15 * time.Minute), Nodes: 8,
		Associations: []model.CreateAssociationInput{fixtureAssociation, second}}, []string{"assoc-1", "a"})
}

// fourExecutionsRun is the rollout fixture run four times, 10 minutes
// apart, with seeds 1-4 (seed 3 stops at MaxErrors).
func fourExecutionsRun() RunResult {
	var f fakeResults
	for i := range 4 {
		rolloutFixture(&f, uint64(i+1), "assoc-1", time.Duration(i)*10*time.Minute)
	}
	return Analyze(f, Meta{Scenario: "fixture-four", Seed: 1, Start: t0, End: at(40 * time.Minute), Nodes: 8,
		Associations: []model.CreateAssociationInput{fixtureAssociation}}, []string{"assoc-1"})
}
