package sim

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/status"
	"github.com/stretchr/testify/require"
)

// The completion order a reported execution drops is rebuilt by sorting
// (completion): over random sessions — durations of zero and whole
// seconds that make runs finish together, pickups, Duration cut-offs that
// cancel at a completion's instant, joins, calls, retention, snapshots
// restored mid-session — the rebuilt order of every execution is the one
// kept live while it ran, and a reader after the release gets it.
func TestProperty_RebuiltCompletionOrderIsTheLiveOne(t *testing.T) {
	seeds := propertySeedsUpTo(60)
	var ties, cancelTies, orders int
	for _, seed := range seeds {
		r := rand.New(rand.NewPCG(seed, 0x0de7))
		s := randomScenario(seed, nil)
		if seed%4 == 0 {
			s.cfg.Decisions.Retention = time.Duration(1+r.IntN(6)) * time.Hour
		}
		live := map[int32][]int32{}
		watch := func(s *Sim) {
			s.OnExecutionDone(func(ex ExecutionResult) {
				e := s.execs[ex.Index]
				got := e.sortCompletions(nil)
				if !slices.Equal(got, e.doneOrder) {
					failSeed(t, "TestProperty_RebuiltCompletionOrderIsTheLiveOne", seed, "execution %d: rebuilt order %v, live %v", ex.Index, got, e.doneOrder)
				}
				live[e.index] = slices.Clone(e.doneOrder)
				orders++
				for k := 1; k < len(got); k++ {
					a, b := &e.records[got[k-1]], &e.records[got[k]]
					if e.endAt(got[k-1], a) == e.endAt(got[k], b) {
						ties++
						if a.status != b.status && (a.status == status.Cancelled || b.status == status.Cancelled) {
							cancelTies++
						}
					}
				}
			})
		}
		watch(s)
		for round := 1; ; round++ {
			if s.RunSome(propertyHorizon, 1+r.IntN(200)) {
				break
			}
			if round%8 == 0 && round <= 40 {
				midSessionOps(s, r, round)
			}
			if round == 20 {
				s, _ = snapshotRoundTrip(t, s, nil)
				watch(s)
			}
		}
		for ei, want := range live {
			e := s.execs[ei]
			if e == nil || e.forgotten {
				continue
			}
			if e.doneOrder != nil {
				failSeed(t, "TestProperty_RebuiltCompletionOrderIsTheLiveOne", seed, "execution %d reported and still holding its completion order", ei)
			}
			var got []int32
			s.EachCompletion(int(ei), func(tr TargetRun) { got = append(got, int32(tr.Index)) })
			if !slices.Equal(got, want) {
				failSeed(t, "TestProperty_RebuiltCompletionOrderIsTheLiveOne", seed, "execution %d read after its release: %v, live %v", ei, got, want)
			}
		}
	}
	t.Logf("%d orders; %d pairs finishing at one instant, %d of them a completion and a cancellation", orders, ties, cancelTies)
	if len(seeds) >= 20 && ties == 0 {
		t.Fatalf("the sessions made no runs finishing at one instant: the test no longer tells the tie-break apart")
	}
}

// At the Duration cut-off's instant, the runs that finish come before the
// runs cancelled, whatever their dispatch order: at 03:00 the third short
// run (record 4) succeeds, the next is dispatched (record 5), and the
// cut-off cancels records 0, 1 (two long runs dispatched at 02:00) and 5.
func TestCompletionOrder_AtTheCutoffCompletionsBeforeCancellations(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(2, Behavior{Duration: Fixed(2 * time.Hour)}, OverrideNone)
	h.nodes(10, Behavior{Duration: Fixed(20 * time.Minute)}, OverrideNone)
	h.associateIn(model.CreateAssociationInput{ScheduleExpression: "cron(0 2 ? * * *)", ApplyOnlyAtCronInterval: true, Duration: 1, MaxConcurrency: "3"})
	var live []int32
	h.s.OnExecutionDone(func(ex ExecutionResult) { live = slices.Clone(h.s.execs[ex.Index].doneOrder) })
	h.s.RunUntil(DefaultStart().Add(5 * time.Hour))
	ex := h.only()
	require.Equal(t, StopDuration, ex.Stop)
	want := []int32{2, 3, 4, 0, 1, 5}
	require.Equal(t, want, live, "as the engine ran them")
	var got []int32
	h.s.EachCompletion(ex.Index, func(tr TargetRun) { got = append(got, int32(tr.Index)) })
	require.Equal(t, want, got, "rebuilt once the execution was reported")
}
