package reports

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
)

// Series is a step function of virtual time: Value[i] holds from At[i]
// (an offset from the run's start) until At[i+1], and the last value holds
// to the end of the run. At is strictly increasing.
type Series struct {
	At    []time.Duration
	Value []float64
}

// ValueAt is the value at offset d: NaN before the first point.
func (s Series) ValueAt(d time.Duration) float64 {
	i := sort.Search(len(s.At), func(i int) bool { return s.At[i] > d })
	if i == 0 {
		return math.NaN()
	}
	return s.Value[i-1]
}

// Last is the final value, NaN for an empty series.
func (s Series) Last() float64 {
	if len(s.Value) == 0 {
		return math.NaN()
	}
	return s.Value[len(s.Value)-1]
}

// set records value v from offset d on, merging equal instants and
// dropping points that do not change the value.
func (s *Series) set(d time.Duration, v float64) {
	n := len(s.At)
	if n > 0 && s.At[n-1] == d {
		s.Value[n-1] = v
		if n > 1 && sameValue(s.Value[n-2], v) {
			s.At, s.Value = s.At[:n-1], s.Value[:n-1]
		}
		return
	}
	if n > 0 && sameValue(s.Value[n-1], v) {
		return
	}
	s.At, s.Value = append(s.At, d), append(s.Value, v)
}

func sameValue(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

// event kinds of the per-association event stream; the order is the order
// of events of one run at one instant.
const (
	evStart    uint8 = iota // an execution started: den is its target count
	evDispatch              // a target run was dispatched
	evSuccess               // a run finished Success
	evFailure               // a run finished Failed (undeliverable included) or TimedOut
	evOther                 // a run finished otherwise (Cancelled)
)

// tevent is one event of an association's stream: 24 bytes, freed once the
// association's series are built.
type tevent struct {
	at   time.Duration
	seq  uint64 // execution, then run within it, then dispatch before finish
	node int32  // or the target count of an evStart
	kind uint8
}

// assocAcc gathers an association's events across its executions.
type assocAcc struct {
	events []tevent
}

func runSeq(exec, run int, finish bool) uint64 {
	s := uint64(exec)<<33 | uint64(run+1)<<1
	if finish {
		s |= 1
	}
	return s
}

func (a *assocAcc) start(at time.Duration, exec, targets int) {
	a.events = append(a.events, tevent{at: at, seq: runSeq(exec, -1, false), node: int32(targets), kind: evStart})
}

func (a *assocAcc) run(origin time.Time, exec, ri int, tr sim.TargetRun) {
	a.events = append(a.events, tevent{at: tr.Dispatched.Sub(origin), seq: runSeq(exec, ri, false), node: int32(tr.Node), kind: evDispatch})
	if tr.Finished.IsZero() {
		return
	}
	kind := evOther
	switch tr.Status {
	case model.StatusSuccess:
		kind = evSuccess
	case model.StatusFailed, model.StatusTimedOut:
		kind = evFailure
	}
	a.events = append(a.events, tevent{at: tr.Finished.Sub(origin), seq: runSeq(exec, ri, true), node: int32(tr.Node), kind: kind})
}

// finish builds the association's series and compliance figures from its
// events, sampling each series after all events of an instant.
func (a *assocAcc) finish(st *AssociationStats, origin time.Time) {
	ev := a.events
	slices.SortFunc(ev, func(x, y tevent) int {
		if c := cmp.Compare(x.at, y.at); c != 0 {
			return c
		}
		return cmp.Compare(x.seq, y.seq)
	})
	st.InFlight, st.Completed, st.Failed, st.Compliance = Series{}, Series{}, Series{}, Series{}
	zero := time.Duration(0) // counts are 0 from the run's start (or the first execution, if earlier)
	if st.FirstExecution >= 0 {
		zero = min(0, st.FirstStart.Sub(origin))
	}
	for _, s := range []*Series{&st.InFlight, &st.Completed, &st.Failed} {
		s.set(zero, 0)
	}
	var (
		latest                                []uint64 // per node: seq of its latest dispatch (0: none)
		success                               []bool   // per node: its latest run finished Success
		inFlight, completed, failed, num, den int
		first                                 = st.FirstStart.Sub(origin)
		reached                               int
	)
	for i := 0; i < len(ev); {
		t := ev[i].at
		for ; i < len(ev) && ev[i].at == t; i++ {
			e := ev[i]
			if e.kind == evStart {
				den = int(e.node)
				continue
			}
			n := int(e.node)
			if n < 0 {
				continue
			}
			if n >= len(latest) {
				latest = append(latest, make([]uint64, n+1-len(latest))...)
				success = append(success, make([]bool, n+1-len(success))...)
			}
			if e.kind == evDispatch {
				inFlight++
				latest[n] = e.seq
				if success[n] {
					success[n] = false
					num--
				}
				continue
			}
			inFlight--
			completed++
			if e.kind == evFailure {
				failed++
			}
			if latest[n] != e.seq&^1 {
				continue // a newer run of the node has been dispatched
			}
			if ok := e.kind == evSuccess; ok != success[n] {
				success[n] = ok
				if ok {
					num++
				} else {
					num--
				}
			}
		}
		st.InFlight.set(t, float64(inFlight))
		st.Completed.set(t, float64(completed))
		st.Failed.set(t, float64(failed))
		if den <= 0 {
			st.Compliance.set(t, math.NaN())
			continue
		}
		st.Compliance.set(t, min(1, float64(num)/float64(den)))
		for ; reached < len(milestonePercents) && int64(num)*100 >= milestonePercents[reached]*int64(den); reached++ {
			*st.TimeTo.at(reached) = (t - first).Seconds()
		}
	}
	st.FinalCompliance = st.Compliance.Last()
	a.events = nil
}
