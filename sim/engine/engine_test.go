package engine

import (
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type recorder struct{ got []Event }

func (r *recorder) Handle(e Event) { r.got = append(r.got, e) }

func TestOrder_TimeThenClassThenSequence(t *testing.T) {
	r := &recorder{}
	e := New(100, r)
	e.Schedule(300, 0, 1, 0, 0)
	e.Schedule(200, 2, 2, 0, 0) // same time, higher class: after the class-1 event
	e.Schedule(200, 1, 3, 0, 0)
	e.Schedule(200, 1, 4, 0, 0) // same time and class: in scheduling order
	e.Schedule(100, 5, 5, 0, 0) // at "now" is allowed
	e.Run()
	var kinds []uint8
	for _, ev := range r.got {
		kinds = append(kinds, ev.Kind)
	}
	assert.Equal(t, []uint8{5, 3, 4, 2, 1}, kinds)
	assert.Equal(t, Time(300), e.Now())
	assert.Equal(t, uint64(5), e.Handled())
}

func TestRunUntil_StopsAtBoundaryAndAdvancesClock(t *testing.T) {
	r := &recorder{}
	e := New(0, r)
	e.Schedule(10, 0, 1, 0, 0)
	e.Schedule(20, 0, 2, 0, 0)
	e.Schedule(21, 0, 3, 0, 0)
	e.RunUntil(20) // inclusive
	require.Len(t, r.got, 2)
	assert.Equal(t, Time(20), e.Now())
	e.RunUntil(15) // never moves backwards
	assert.Equal(t, Time(20), e.Now())
	e.RunUntil(1000)
	assert.Len(t, r.got, 3)
	assert.Equal(t, Time(1000), e.Now(), "the clock moves to the requested instant even with no event there")
	at, ok := e.PeekTime()
	assert.False(t, ok)
	assert.Zero(t, at)
}

func TestHandlerMaySchedule(t *testing.T) {
	var e *Engine
	n := 0
	e = New(0, HandlerFunc(func(ev Event) {
		n++
		if ev.A < 3 {
			e.Schedule(e.Now(), 0, 0, ev.A+1, 0) // same instant: still delivered
		}
	}))
	e.Schedule(0, 0, 0, 0, 0)
	e.Run()
	assert.Equal(t, 4, n)
}

func TestScheduleInThePastPanics(t *testing.T) {
	e := New(50, &recorder{})
	assert.PanicsWithValue(t, "engine: event at 49 scheduled in the past (now 50)", func() { e.Schedule(49, 0, 0, 0, 0) })
}

// Property: over random schedules, events come out sorted by (At, Class, Seq).
func TestQueueProperty_SortedOutput(t *testing.T) {
	for seed := uint64(1); seed <= 50; seed++ {
		rng := rand.New(rand.NewPCG(seed, 0))
		r := &recorder{}
		e := New(0, r)
		for i := 0; i < 500; i++ {
			e.Schedule(Time(rng.IntN(100)), Class(rng.IntN(4)), 0, int32(i), 0)
		}
		e.Run()
		for i := 1; i < len(r.got); i++ {
			if less(&r.got[i], &r.got[i-1]) {
				t.Fatalf("seed=%d: event %d out of order (rerun: go test ./sim/engine -run TestQueueProperty_SortedOutput)", seed, i)
			}
		}
	}
}

// Events stay 32 bytes: two to a cache line in the queue's buckets.
func TestEvent_Is32Bytes(t *testing.T) {
	assert.Equal(t, uintptr(32), unsafe.Sizeof(Event{}))
}

// Running in slices delivers the same events in the same order as one
// RunUntil, and reports when it got there.
func TestRunSome_SlicesChangeNothing(t *testing.T) {
	record := func(slice int) ([]Event, Time) {
		var got []Event
		var e *Engine
		e = New(0, HandlerFunc(func(ev Event) {
			got = append(got, ev)
			if ev.A < 300 {
				e.Schedule(e.Now()+Time(1+ev.A%7), Class(ev.A%3), 0, ev.A+1, 0)
			}
		}))
		for i := range int32(5) {
			e.Schedule(Time(i), 0, 0, i*100, 0)
		}
		if slice == 0 {
			e.RunUntil(1000)
			return got, e.Now()
		}
		for !e.RunSome(1000, slice) {
		}
		return got, e.Now()
	}
	want, wantNow := record(0)
	for _, slice := range []int{1, 2, 7, 1000} {
		got, now := record(slice)
		assert.Equal(t, want, got, "slice %d", slice)
		assert.Equal(t, wantNow, now)
	}
	e := New(0, HandlerFunc(func(Event) {}))
	e.Schedule(5, 0, 0, 0, 0)
	e.Schedule(6, 0, 0, 0, 0)
	assert.False(t, e.RunSome(10, 1))
	assert.Equal(t, Time(5), e.Now(), "stopped at the last event delivered")
	assert.True(t, e.RunSome(10, 1))
	assert.Equal(t, Time(10), e.Now())
}

// A slice ends between two instants: every event of the last instant it
// touched is handled.
func TestRunSome_StopsBetweenInstants(t *testing.T) {
	n := 0
	e := New(0, HandlerFunc(func(Event) { n++ }))
	for _, at := range []Time{5, 5, 5, 6} {
		e.Schedule(at, 0, 0, 0, 0)
	}
	assert.False(t, e.RunSome(10, 1))
	assert.Equal(t, 3, n, "the rest of instant 5")
	assert.Equal(t, Time(5), e.Now())
	e.StepTo(4, 8)
	assert.Equal(t, 4, n)
	assert.Equal(t, Time(8), e.Now())
}

// An event's Aux byte reaches the handler as scheduled, survives State and
// Restore, and is 0 for events scheduled without one.
func TestScheduleAux_DeliveredAndRestored(t *testing.T) {
	r := &recorder{}
	e := New(0, r)
	e.ScheduleAux(20, 1, 7, 0xa5, 1, 2, 3)
	e.Schedule3(10, 1, 8, 4, 5, 6)
	back := &recorder{}
	Restore(e.State(), back).Run()
	e.Run()
	for _, got := range [][]Event{r.got, back.got} {
		require.Len(t, got, 2)
		assert.Equal(t, uint8(0), got[0].Aux)
		assert.Equal(t, [4]int32{8, 4, 5, 6}, [4]int32{int32(got[0].Kind), got[0].A, got[0].B, got[0].C})
		assert.Equal(t, uint8(0xa5), got[1].Aux)
		assert.Equal(t, [3]int32{1, 2, 3}, [3]int32{got[1].A, got[1].B, got[1].C})
	}
}

// ScheduleAux writes a wheel event straight into its slot and RunUntil
// delivers the run's front itself, each member by member: every member
// must reach the handler, wherever the event was filed (the wheel, late,
// far) and whichever way it is delivered (RunUntil, Step).
func TestEngine_EveryMemberReachesTheHandler(t *testing.T) {
	const sec = Time(1_000_000_000)
	for _, tc := range []struct {
		name string
		at   Time // from the clock, 100 s
		step bool
	}{
		{"wheel/RunUntil", 30 * sec, false},
		{"wheel/Step", 30 * sec, true},
		{"late/RunUntil", 0, false},
		{"far/RunUntil", 3000 * sec, false},
		{"far/Step", 3000 * sec, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []Event
			e := New(100*sec, HandlerFunc(func(ev Event) { got = append(got, ev) }))
			at := 100*sec + tc.at
			e.ScheduleAux(at, 3, 4, 5, -6, 7, 8)
			e.ScheduleAux(at, 3, 9, 10, 11, -12, 13)
			if tc.step {
				for e.Step() {
				}
			} else {
				e.RunUntil(at)
			}
			want := []Event{
				{At: at, Seq: 1, A: -6, B: 7, C: 8, Class: 3, Kind: 4, Aux: 5},
				{At: at, Seq: 2, A: 11, B: -12, C: 13, Class: 3, Kind: 9, Aux: 10},
			}
			assert.Equal(t, want, got)
			assert.Equal(t, at, e.Now())
			assert.Zero(t, e.Pending())
		})
	}
}
