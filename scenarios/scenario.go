package scenarios

import (
	"fmt"
	"sort"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
)

// Scenario is a complete, seeded simulation set-up.
type Scenario struct {
	Name        string
	Description string
	Seed        uint64        // default seed; a run may override it
	Start       time.Time     // virtual start (default sim.DefaultStart)
	Horizon     time.Duration // how long to simulate, events at Start+Horizon included; 0 runs until no event is left
	Decisions   sim.Decisions
	Fleet       []sim.NodeGroup
	// Associations are created at Start, in order, with the
	// CreateAssociation request members verbatim.
	Associations []model.CreateAssociationInput
	// Calendars are Change Calendar documents (iCalendar text) by name.
	Calendars []CalendarDoc
	// Alarms are CloudWatch alarm state changes, at offsets from Start.
	Alarms []AlarmChange
	// Waves change the fleet over time: nodes joining and leaving.
	Waves []Wave
}

// CalendarDoc is a named Change Calendar document.
type CalendarDoc struct {
	Name    string
	Content string // iCalendar text with X-CALENDAR-TYPE
}

// AlarmChange sets an alarm's state at Start+At.
type AlarmChange struct {
	At    time.Duration
	Name  string
	State model.AlarmState
}

// Wave is a fleet change at Start+At: Join adds nodes; Terminate removes
// the nodes numbered [TerminateFirst, TerminateFirst+TerminateCount).
type Wave struct {
	At             time.Duration
	Join           *sim.NodeGroup
	TerminateFirst int
	TerminateCount int
}

// Run is a scenario after it ran.
type Run struct {
	Scenario Scenario
	Seed     uint64
	Sim      *sim.Sim
	// Created are the CreateAssociation responses, in creation order.
	Created []*model.CreateAssociationOutput
}

// Build creates the scenario's simulation with the given seed, adds its
// fleet and creates its associations, without running it.
func (sc Scenario) Build(seed uint64, obs sim.Observer) (*Run, error) {
	s, err := sim.New(sim.Config{Seed: seed, Start: sc.Start, Decisions: sc.Decisions, Observer: obs})
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", sc.Name, err)
	}
	for i, g := range sc.Fleet {
		if _, err := s.AddNodes(g); err != nil {
			return nil, fmt.Errorf("scenario %s: fleet[%d]: %w", sc.Name, i, err)
		}
	}
	for i, c := range sc.Calendars {
		if err := s.AddCalendar(c.Name, []byte(c.Content)); err != nil {
			return nil, fmt.Errorf("scenario %s: calendars[%d]: %w", sc.Name, i, err)
		}
	}
	start := s.Config().Start
	for i, a := range sc.Alarms {
		if err := s.ScheduleAlarmState(start.Add(a.At), a.Name, a.State); err != nil {
			return nil, fmt.Errorf("scenario %s: alarms[%d]: %w", sc.Name, i, err)
		}
	}
	for i, w := range sc.Waves {
		at := start.Add(w.At)
		if w.Join != nil {
			if _, err := s.AddNodesAt(at, *w.Join); err != nil {
				return nil, fmt.Errorf("scenario %s: waves[%d].join: %w", sc.Name, i, err)
			}
		}
		if w.TerminateCount > 0 {
			nodes := make([]int, w.TerminateCount)
			for j := range nodes {
				nodes[j] = w.TerminateFirst + j
			}
			if err := s.TerminateNodesAt(at, nodes); err != nil {
				return nil, fmt.Errorf("scenario %s: waves[%d].terminate: %w", sc.Name, i, err)
			}
		}
	}
	r := &Run{Scenario: sc, Seed: seed, Sim: s}
	for i, in := range sc.Associations {
		out, err := s.CreateAssociation(in)
		if err != nil {
			return nil, fmt.Errorf("scenario %s: associations[%d]: %w", sc.Name, i, err)
		}
		r.Created = append(r.Created, out)
	}
	return r, nil
}

// Execute builds the scenario and runs it to its horizon (or until nothing
// is left to do).
func (sc Scenario) Execute(seed uint64, obs sim.Observer) (*Run, error) {
	r, err := sc.Build(seed, obs)
	if err != nil {
		return nil, err
	}
	if sc.Horizon > 0 {
		r.Sim.RunUntil(r.Sim.Config().Start.Add(sc.Horizon))
	} else {
		r.Sim.Run()
	}
	return r, nil
}

// Nodes is the scenario's fleet size at Start.
func (sc Scenario) Nodes() int {
	n := 0
	for _, g := range sc.Fleet {
		n += g.Count
	}
	return n
}

var builtins = map[string]func() Scenario{
	"default":        Default,
	"patch-tuesday":  PatchTuesday,
	"alarm-stop":     AlarmStop,
	"autoscaling":    Autoscaling,
	"weekend-freeze": WeekendFreeze,
}

// Builtin returns the built-in scenario with that name.
func Builtin(name string) (Scenario, bool) {
	f, ok := builtins[name]
	if !ok {
		return Scenario{}, false
	}
	return f(), true
}

// Names lists the built-in scenarios, sorted.
func Names() []string {
	names := make([]string, 0, len(builtins))
	for n := range builtins {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Default is the built-in default scenario: a 1,000-node production fleet
// patched by one association at MaxConcurrency 10% and MaxErrors 5%, with
// 2% of runs failing and lognormal run times around a minute.
func Default() Scenario {
	return Scenario{
		Name:        "default",
		Description: "1,000 nodes, one association, MaxConcurrency 10%, MaxErrors 5%, 2% failures, lognormal run times",
		Seed:        1,
		Fleet: []sim.NodeGroup{{
			Count:    1000,
			Tags:     []model.Tag{{Key: "Environment", Value: "production"}},
			Platform: model.PlatformLinux,
			Behavior: sim.Behavior{
				Name:               "linux-patch",
				Duration:           sim.LogNormal(60*time.Second, 0.5),
				FailureProbability: 0.02,
			},
		}},
		Associations: []model.CreateAssociationInput{{
			Name:            "AWS-RunShellScript",
			AssociationName: "patch-production",
			Parameters:      map[string][]string{"commands": {"sudo yum -y update"}},
			Targets:         []model.Target{{Key: "tag:Environment", Values: []string{"production"}}},
			MaxConcurrency:  "10%",
			MaxErrors:       "5%",
		}},
	}
}
