package sim

import (
	"fmt"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/engine"
	"github.com/ssmsim/ssmsim/sim/status"
)

// fleetOpKind is a change to the fleet.
type fleetOpKind uint8

const (
	opJoin fleetOpKind = iota + 1
	opTerminate
	opOffline
	opOnline
	opRetag
)

// fleetOp is a scheduled change to some nodes.
type fleetOp struct {
	kind  fleetOpKind
	nodes []int32
	tags  []model.Tag
}

// AddNodesAt schedules a group of nodes to join the fleet at `at` (now or
// later). Their node numbers, and so their IDs, are fixed at once; until
// they join they are no one's target. Associations already applied whose
// targets they match run on them when they join (decision D4).
func (s *Sim) AddNodesAt(at time.Time, g NodeGroup) (first int, err error) {
	t, err := s.future(at)
	if err != nil {
		return 0, err
	}
	first, err = s.fleet.Add(g)
	if err != nil {
		return 0, err
	}
	nodes := make([]int32, g.Count)
	for i := range nodes {
		nodes[i] = int32(first + i)
		s.fleet.state[first+i] = nodePending
	}
	s.fleet.gen++
	s.scheduleFleetOp(t, fleetOp{kind: opJoin, nodes: nodes})
	return first, nil
}

// TerminateNodesAt removes nodes from the fleet at `at`: they are never a
// target again. A run already in flight on one finishes as drawn.
func (s *Sim) TerminateNodesAt(at time.Time, nodes []int) error {
	return s.nodeOp(at, opTerminate, nodes, nil)
}

// SetNodesOnlineAt takes nodes offline (runs sent to them are
// Undeliverable, D7) or brings them back at `at`. A node coming back online
// after missing a run runs again at once (user guide: "When are
// associations applied").
func (s *Sim) SetNodesOnlineAt(at time.Time, nodes []int, online bool) error {
	kind := opOffline
	if online {
		kind = opOnline
	}
	return s.nodeOp(at, kind, nodes, nil)
}

// SetNodeTagsAt replaces the nodes' tags at `at`. A node whose new tags
// make it an association's target runs it at once (D4).
func (s *Sim) SetNodeTagsAt(at time.Time, nodes []int, tags []model.Tag) error {
	if _, err := s.fleet.internTags(tags); err != nil {
		return err
	}
	return s.nodeOp(at, opRetag, nodes, tags)
}

func (s *Sim) nodeOp(at time.Time, kind fleetOpKind, nodes []int, tags []model.Tag) error {
	t, err := s.future(at)
	if err != nil {
		return err
	}
	ns := make([]int32, len(nodes))
	for i, n := range nodes {
		if n < 0 || n >= s.fleet.Len() {
			return fmt.Errorf("fleet: no node %d (fleet has %d)", n, s.fleet.Len())
		}
		ns[i] = int32(n)
	}
	s.scheduleFleetOp(t, fleetOp{kind: kind, nodes: ns, tags: tags})
	return nil
}

func (s *Sim) future(at time.Time) (engine.Time, error) {
	t := engine.TimeOf(at)
	if t < s.eng.Now() {
		return 0, fmt.Errorf("fleet: %s is before the current time %s", at.UTC(), s.Now())
	}
	return t, nil
}

func (s *Sim) scheduleFleetOp(t engine.Time, op fleetOp) {
	s.fleetOps = append(s.fleetOps, op)
	s.eng.Schedule(t, classControl, kindFleet, int32(len(s.fleetOps)-1), 0)
}

// applyFleetOp carries out a scheduled fleet change.
func (s *Sim) applyFleetOp(i int32) {
	op := s.fleetOps[i]
	s.fleetOps[i] = fleetOp{} // done: release it
	f := s.fleet
	f.gen++
	switch op.kind {
	case opJoin:
		for _, n := range op.nodes {
			f.state[n] = nodeOnline
		}
		s.appear(op.nodes, nil)
	case opTerminate:
		for _, n := range op.nodes {
			f.state[n] = nodeTerminated
		}
	case opOffline:
		for _, n := range op.nodes {
			if f.state[n] == nodeOnline {
				f.state[n] = nodeOffline
			}
		}
	case opOnline:
		var back []int32
		for _, n := range op.nodes {
			if f.state[n] == nodeOffline {
				f.state[n] = nodeOnline
				back = append(back, n)
			}
		}
		// Only associations whose latest run on the node it missed.
		s.appear(back, func(a *association, n int32) bool { return !a.missed(n, s.execs) })
	case opRetag:
		sets := make([]*targetSet, len(s.assocs))
		before := make(map[[2]int32]bool)
		for ai, a := range s.assocs {
			if s.applied(a) {
				sets[ai] = f.compile(a.version().info.Targets)
				for _, n := range op.nodes {
					before[[2]int32{int32(ai), n}] = sets[ai].matches(f, n)
				}
			}
		}
		for _, n := range op.nodes {
			_ = f.setTags(int(n), op.tags) // validated when scheduled
		}
		s.appear(op.nodes, func(a *association, n int32) bool { return before[[2]int32{a.index, n}] })
	}
}

// applied reports whether an association has been applied at least once,
// so that new targets are its business (before that, its first run
// resolves them anyway).
func (s *Sim) applied(a *association) bool { return !a.deleted && len(a.execs) > 0 }

// appear runs, for every applied association, the given nodes that match
// its targets and that skip does not exclude: at once inside a running
// execution, outside its concurrency budget (D4, the API reference's
// reading); otherwise in a new execution of just those nodes. With
// Decisions.DeferNewTargets they wait for the association's next run
// instead (the user guide's reading).
func (s *Sim) appear(nodes []int32, skip func(a *association, n int32) bool) {
	if len(nodes) == 0 || s.cfg.Decisions.DeferNewTargets {
		return
	}
	for _, a := range s.assocs {
		if !s.applied(a) {
			continue
		}
		set := s.fleet.compile(a.version().info.Targets)
		for _, n := range nodes {
			if !set.matches(s.fleet, n) || (skip != nil && skip(a, n)) {
				continue
			}
			if a.running >= 0 {
				e := s.execs[a.running]
				s.joinRunning(e, n)
				continue
			}
			if len(a.joiners) == 0 {
				s.eng.Schedule(s.eng.Now(), classStart, kindExecStart, a.index, int32(triggerTargetChange))
			}
			a.joiners = append(a.joiners, n)
		}
	}
}

// missed reports whether node n's latest run of the association was
// undeliverable.
func (a *association) missed(n int32, execs []*execution) bool {
	ei, ri, ok := a.latest(n)
	if !ok {
		return false
	}
	r := &execs[ei].records[ri]
	return r.detail == status.Undeliverable
}
