package scenarios

import (
	"fmt"
	"strings"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
)

// Scenario is a complete, seeded simulation set-up: what a scenario file
// (SCHEMA.md) describes. Instants are offsets from Start.
type Scenario struct {
	Name        string
	Description string
	Seed        uint64        // default seed; a run may override it
	Start       time.Time     // virtual start, UTC (zero: sim.DefaultStart())
	Horizon     time.Duration // how long to simulate, events at Start+Horizon included; 0 runs until no event is left
	Decisions   sim.Decisions
	Fleet       []Group
	// Documents are created at Start, in order, with the CreateDocument
	// request members verbatim: Command documents and Change Calendars.
	Documents []model.CreateDocumentInput
	// Alarms are CloudWatch alarms' state timelines.
	Alarms []Alarm
	// Associations are created at Start, in order, with the
	// CreateAssociation request members verbatim.
	Associations []model.CreateAssociationInput
	// Actions are API calls made later, in order of At.
	Actions []Action
	// Faults are the failures `ssmsim serve --scenario` injects into the
	// AWS calls its clients make (a run makes no such calls: its report
	// lists them).
	Faults []Fault
}

// Fault is a fault rule: matching AWS calls fail as the real service can.
// Exactly one of Probability and EveryNth is set; From and Until are
// offsets from Start (Until 0: no end).
type Fault struct {
	Operations  []string // empty: every operation
	Probability float64
	EveryNth    int
	Fault       string // InternalServerError, ThrottlingException, reset or latency
	LatencyMs   int
	From, Until time.Duration
}

// FaultKinds are the faults a rule can inject.
var FaultKinds = []string{"InternalServerError", "ThrottlingException", "reset", "latency"}

// String says what the rule does, for reports.
func (f Fault) String() string {
	ops := "every operation"
	if len(f.Operations) > 0 {
		ops = strings.Join(f.Operations, ", ")
	}
	how := fmt.Sprintf("%g%% of calls", 100*f.Probability)
	if f.EveryNth > 0 {
		how = fmt.Sprintf("every %d call(s)", f.EveryNth)
	}
	what := f.Fault
	if f.Fault == "latency" {
		what = fmt.Sprintf("latency %d ms", f.LatencyMs)
	}
	when := "from " + formatDuration(f.From)
	if f.Until > 0 {
		when += " until " + formatDuration(f.Until)
	}
	return fmt.Sprintf("%s: %s, %s, %s", ops, what, how, when)
}

// defaultDuration is a node's run time when its group's behavior names no
// distribution (as for nodes added through the control API).
var defaultDuration = sim.Fixed(time.Minute)

// Group is a group of alike nodes: Count of them at Start, more joining
// later, some leaving, going offline or changing tags. The group's nodes
// are numbered from 0 in the order they join: those at Start, then each
// Join in turn.
type Group struct {
	sim.NodeGroup // the nodes at Start (a zero Behavior.Duration means a fixed minute)
	Join          []Join
	Leave         []Leave
	Offline       []Offline
	Retag         []Retag
}

// Join adds Count more of the group's nodes at Start+At.
type Join struct {
	At    time.Duration
	Count int
}

// Nodes selects nodes of a group by their number in it: List if set, else
// First..First+Count-1.
type Nodes struct {
	First, Count int
	List         []int
}

// Leave terminates nodes at Start+At: they are never a target again.
type Leave struct {
	At    time.Duration
	Nodes Nodes
}

// Offline takes nodes offline at Start+From and back online at Start+To
// (To 0: they stay offline).
type Offline struct {
	From, To time.Duration
	Nodes    Nodes
}

// Retag replaces the nodes' tags at Start+At.
type Retag struct {
	At    time.Duration
	Nodes Nodes
	Tags  []model.Tag
}

// Alarm is a CloudWatch alarm's timeline. An alarm is INSUFFICIENT_DATA
// until its first state; polling it fails during each PollFailures window.
type Alarm struct {
	Name         string
	States       []AlarmState
	PollFailures []Window
}

// AlarmState sets an alarm's state at Start+At.
type AlarmState struct {
	At    time.Duration
	State model.AlarmState
}

// Window is the span [Start+From, Start+To).
type Window struct{ From, To time.Duration }

// Operation names the API call of an Action.
type Operation string

// Operations an Action can make.
const (
	OpStartAssociationsOnce Operation = "StartAssociationsOnce"
	OpUpdateAssociation     Operation = "UpdateAssociation"
	OpDeleteAssociation     Operation = "DeleteAssociation"
)

// Action is an API call at Start+At, made after every event of that
// instant. Associations are indices into Scenario.Associations: 1 to 10
// for StartAssociationsOnce, one otherwise. Update holds UpdateAssociation's
// members (its AssociationID is filled in when the call is made).
type Action struct {
	At           time.Duration
	Op           Operation
	Associations []int
	Update       *model.UpdateAssociationInput
}

// Run is a scenario after it was built (and perhaps ran).
type Run struct {
	Scenario Scenario
	Seed     uint64
	Sim      *sim.Sim
	// Created are the CreateAssociation responses, in creation order.
	Created []*model.CreateAssociationOutput

	next int // the first action not made yet
}

// Build creates the scenario's simulation with the given seed: its fleet,
// documents, alarm timelines and fleet changes, then its associations, at
// Start, without running it. Actions are made by Advance.
func (sc Scenario) Build(seed uint64, obs sim.Observer) (*Run, error) {
	fail := func(where string, err error) (*Run, error) {
		return nil, fmt.Errorf("scenario %s: %s: %w", sc.Name, where, err)
	}
	s, err := sim.New(sim.Config{Seed: seed, Start: sc.Start, Decisions: sc.Decisions, Observer: obs})
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", sc.Name, err)
	}
	start := s.Config().Start
	members := make([]groupNodes, len(sc.Fleet)) // group -> its nodes' numbers
	for i, g := range sc.Fleet {
		first, err := s.AddNodes(g.group(g.Count))
		if err != nil {
			return fail(fmt.Sprintf("fleet[%d]", i), err)
		}
		members[i] = members[i].add(first, g.Count)
	}
	for i, d := range sc.Documents {
		if _, err := s.CreateDocument(d); err != nil {
			return fail(fmt.Sprintf("documents[%d]", i), err)
		}
	}
	for i, a := range sc.Alarms {
		for j, st := range a.States {
			if err := s.ScheduleAlarmState(start.Add(st.At), a.Name, st.State); err != nil {
				return fail(fmt.Sprintf("alarms[%d].states[%d]", i, j), err)
			}
		}
		for j, w := range a.PollFailures {
			if err := s.ScheduleAlarmPollFailure(a.Name, start.Add(w.From), start.Add(w.To)); err != nil {
				return fail(fmt.Sprintf("alarms[%d].pollFailures[%d]", i, j), err)
			}
		}
	}
	// Joins take node numbers in time order (ties in file order), so the
	// fleet order is the order nodes join.
	for _, j := range sc.joins() {
		first, err := s.AddNodesAt(start.Add(j.at), sc.Fleet[j.group].group(j.count))
		if err != nil {
			return fail(fmt.Sprintf("fleet[%d].join[%d]", j.group, j.index), err)
		}
		members[j.group] = members[j.group].add(first, j.count)
	}
	if err := sc.scheduleChanges(s, members); err != nil {
		return nil, fmt.Errorf("scenario %s: %w", sc.Name, err)
	}
	r := &Run{Scenario: sc, Seed: seed, Sim: s}
	for i, in := range sc.Associations {
		out, err := s.CreateAssociation(in)
		if err != nil {
			return fail(fmt.Sprintf("associations[%d]", i), err)
		}
		r.Created = append(r.Created, out)
	}
	return r, nil
}

// group is the sim.NodeGroup of n of the group's nodes.
func (g Group) group(n int) sim.NodeGroup {
	ng := g.NodeGroup
	ng.Count = n
	if ng.Behavior.Duration.Kind == "" {
		ng.Behavior.Duration = defaultDuration
	}
	return ng
}

// groupNodes are a group's node numbers, in the order it got them: runs
// of consecutive numbers (the group's nodes, then each join's), not a
// number per node — ten million nodes would be 80 MB.
type groupNodes []nodeRun

type nodeRun struct{ first, count int }

func (g groupNodes) add(first, count int) groupNodes {
	if n := len(g); n > 0 && g[n-1].first+g[n-1].count == first {
		g[n-1].count += count
		return g
	}
	return append(g, nodeRun{first, count})
}

// at is the group's i-th node.
func (g groupNodes) at(i int) (int, bool) {
	for _, r := range g {
		if i < 0 {
			return 0, false
		}
		if i < r.count {
			return r.first + i, true
		}
		i -= r.count
	}
	return 0, false
}

type plannedJoin struct {
	at                  time.Duration
	group, index, count int
}

// joins lists every group's joins in time order, ties in file order.
func (sc Scenario) joins() []plannedJoin {
	var js []plannedJoin
	for gi, g := range sc.Fleet {
		for ji, j := range g.Join {
			js = append(js, plannedJoin{j.At, gi, ji, j.Count})
		}
	}
	// Insertion sort: stable, and the lists are short.
	for i := 1; i < len(js); i++ {
		for k := i; k > 0 && js[k].at < js[k-1].at; k-- {
			js[k], js[k-1] = js[k-1], js[k]
		}
	}
	return js
}

// scheduleChanges schedules every group's leaves, offline windows and
// retags, in that order and in file order within each.
func (sc Scenario) scheduleChanges(s *sim.Sim, members []groupNodes) error {
	start := s.Config().Start
	for gi, g := range sc.Fleet {
		for i, l := range g.Leave {
			if err := s.TerminateNodesAt(start.Add(l.At), l.Nodes.of(members[gi])); err != nil {
				return fmt.Errorf("fleet[%d].leave[%d]: %w", gi, i, err)
			}
		}
	}
	for gi, g := range sc.Fleet {
		for i, o := range g.Offline {
			ns := o.Nodes.of(members[gi])
			err := s.SetNodesOnlineAt(start.Add(o.From), ns, false)
			if err == nil && o.To > 0 {
				err = s.SetNodesOnlineAt(start.Add(o.To), ns, true)
			}
			if err != nil {
				return fmt.Errorf("fleet[%d].offline[%d]: %w", gi, i, err)
			}
		}
	}
	for gi, g := range sc.Fleet {
		for i, rt := range g.Retag {
			if err := s.SetNodeTagsAt(start.Add(rt.At), rt.Nodes.of(members[gi]), rt.Tags); err != nil {
				return fmt.Errorf("fleet[%d].retag[%d]: %w", gi, i, err)
			}
		}
	}
	return nil
}

// of maps the selection to node numbers; members are the group's node
// numbers. Selections out of range are dropped (Parse refuses them).
func (n Nodes) of(members groupNodes) []int {
	var out []int
	pick := func(i int) {
		if node, ok := members.at(i); ok {
			out = append(out, node)
		}
	}
	if n.List != nil {
		for _, i := range n.List {
			pick(i)
		}
		return out
	}
	for i := range n.Count {
		pick(n.First + i)
	}
	return out
}

// Execute builds the scenario and runs it to its horizon (or until nothing
// is left to do), making its actions on the way.
func (sc Scenario) Execute(seed uint64, obs sim.Observer) (*Run, error) {
	r, err := sc.Build(seed, obs)
	if err != nil {
		return nil, err
	}
	if err := r.Complete(); err != nil {
		return nil, err
	}
	return r, nil
}

// Complete runs a built scenario to its horizon (or, without one, until
// nothing is left to happen), making its actions on the way.
func (r *Run) Complete() error {
	sc := r.Scenario
	var err error
	start := r.Sim.Config().Start
	if sc.Horizon > 0 {
		err = r.advance(start.Add(sc.Horizon), true)
	} else {
		if len(sc.Actions) > 0 {
			err = r.Advance(start.Add(sc.Actions[len(sc.Actions)-1].At))
		}
		r.Sim.Run()
	}
	return err
}

// Advance runs the simulation to t (events at t included), making each
// action due by then once every event of its instant has happened.
func (r *Run) Advance(t time.Time) error { return r.advance(t, false) }

// advance is Advance; at the horizon, t is the end of the run: nothing
// starts at t itself (Sim.RunToHorizon), an action due then included.
func (r *Run) advance(t time.Time, horizon bool) error {
	start := r.Sim.Config().Start
	runTo := r.Sim.RunUntil
	for r.next < len(r.Scenario.Actions) {
		a := r.Scenario.Actions[r.next]
		at := start.Add(a.At)
		if at.After(t) {
			break
		}
		if horizon && at.Equal(t) {
			runTo = r.Sim.RunToHorizon
		}
		runTo(at)
		if err := r.act(a); err != nil {
			return fmt.Errorf("scenario %s: actions[%d]: %w", r.Scenario.Name, r.next, err)
		}
		r.next++
	}
	if horizon {
		r.Sim.RunToHorizon(t)
	} else {
		r.Sim.RunUntil(t)
	}
	return nil
}

// act makes one API call.
func (r *Run) act(a Action) error {
	ids := make([]string, len(a.Associations))
	for i, n := range a.Associations {
		if n < 0 || n >= len(r.Created) {
			return fmt.Errorf("no association %d", n)
		}
		ids[i] = r.Created[n].AssociationDescription.AssociationID
	}
	var err error
	switch a.Op {
	case OpStartAssociationsOnce:
		_, err = r.Sim.StartAssociationsOnce(model.StartAssociationsOnceInput{AssociationIDs: ids})
	case OpUpdateAssociation:
		if len(ids) != 1 || a.Update == nil {
			return fmt.Errorf("UpdateAssociation needs one association and its members")
		}
		in := *a.Update
		in.AssociationID = ids[0]
		_, err = r.Sim.UpdateAssociation(in)
	case OpDeleteAssociation:
		if len(ids) != 1 {
			return fmt.Errorf("DeleteAssociation needs one association")
		}
		_, err = r.Sim.DeleteAssociation(model.DeleteAssociationInput{AssociationID: ids[0]})
	default:
		return fmt.Errorf("unknown operation %q", a.Op)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", a.Op, err)
	}
	return nil
}

// Nodes is the scenario's fleet size at Start.
func (sc Scenario) Nodes() int {
	n := 0
	for _, g := range sc.Fleet {
		n += g.Count
	}
	return n
}
