package sim

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/sim/status"
)

// checkLatest checks what a completion relies on without reading the
// node's reference: while an execution runs, each of its runs in flight is
// its node's latest run of the association (nothing else dispatches the
// node meanwhile); and each association's counts of nodes by latest status
// (D11) are those its references give.
func checkLatest(t *testing.T, s *Sim, seed uint64, when string) {
	t.Helper()
	for _, a := range s.assocs {
		if a == tombstone {
			continue
		}
		var recount status.Counts
		for _, ref := range a.nodes {
			switch {
			case ref.exec == refPending:
				recount[status.Pending]++
			case ref.exec >= 0:
				recount[s.execs[ref.exec].records[ref.rec].status]++
			}
		}
		if recount != a.agg {
			t.Fatalf("seed %d %s: association %s counts %v, its references %v", seed, when, a.id, a.agg, recount)
		}
		if a.running < 0 {
			continue
		}
		e := s.execs[a.running]
		for ri := range e.records {
			r := &e.records[ri]
			if r.status != status.InProgress && r.status != status.Pending {
				continue
			}
			if ref := a.ref(r.node); ref == nil || ref.exec != e.index || ref.rec != int32(ri) {
				t.Fatalf("seed %d %s: execution %d's run %d on node %d in flight, the node's latest is %+v", seed, when, e.index, ri, r.node, ref)
			}
		}
	}
}

// Over random sessions — fleet changes, updates, deletions, manual starts,
// cut-offs, retention — checked between events at random points.
func TestProperty_RunsInFlightAreTheirNodesLatest(t *testing.T) {
	seeds := propertySeedsUpTo(40)
	for _, seed := range seeds {
		r := rand.New(rand.NewPCG(seed, 0x1a7e))
		s := randomScenario(seed, nil)
		if seed%3 == 0 {
			s.cfg.Decisions.Retention = time.Duration(1+r.IntN(6)) * time.Hour
		}
		checks := 0
		for round := 1; ; round++ {
			checks++
			if s.RunSome(propertyHorizon, 1+r.IntN(60)*(1+round/500)) { // longer slices as the session goes on
				break // at the horizon
			}
			checkLatest(t, s, seed, "after "+s.Now().String())
			if round%8 == 0 && round <= 40 { // a few rounds of calls: each adds work
				midSessionOps(s, r, round)
				checkLatest(t, s, seed, "after calls at "+s.Now().String())
			}
		}
		t.Logf("seed %d: %d checks, %d executions, %d events", seed, checks, len(s.execs), s.Events())
	}
}
