package sim

import (
	"math/rand/v2"
	"testing"
	"time"
	"unsafe"

	"github.com/ssmsim/ssmsim/sim/engine"
	"github.com/ssmsim/ssmsim/sim/status"
)

// A record is 16 bytes: what a million-node rollout's day of records costs
// rests on it (issue 14: <= 16 B per record kept).
func TestTargetRecord_Is16Bytes(t *testing.T) {
	if n := unsafe.Sizeof(targetRecord{}); n != 16 {
		t.Fatalf("targetRecord is %d bytes, want 16", n)
	}
}

// Every instant a record is given comes back exactly: whole milliseconds
// in the record, the rest (nanoseconds, runs longer than 49 days, an
// instant before the execution's creation) in the wide table — and, after
// retention compacts the rows, under their new indices.
func TestTargetRecord_InstantsRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 16))
	created := engine.Time(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC).UnixNano())
	offsets := []engine.Time{0, engine.Time(time.Millisecond), engine.Time(1500 * time.Microsecond), 1,
		engine.Time(49 * 24 * time.Hour), engine.Time(50 * 24 * time.Hour), engine.Time(400 * 24 * time.Hour),
		(inWide - 1) * engine.Time(time.Millisecond), inWide * engine.Time(time.Millisecond), running * engine.Time(time.Millisecond), -engine.Time(time.Second)}
	for trial := range 200 {
		e := &execution{created: created + engine.Time(rng.IntN(3))}
		var want []wideTimes
		for ri := range 40 {
			d := created + offsets[rng.IntN(len(offsets))] + engine.Time(rng.IntN(2))*engine.Time(time.Millisecond)
			f := engine.Time(0)
			if rng.IntN(4) > 0 {
				f = d + offsets[rng.IntN(len(offsets)-1)] + engine.Time(rng.IntN(2))*engine.Time(time.Millisecond)
			}
			e.records = append(e.records, targetRecord{node: int32(ri), status: status.Success})
			r := &e.records[ri]
			e.setDispatched(int32(ri), r, d)
			if f != 0 {
				e.setFinished(int32(ri), r, f)
			}
			want = append(want, wideTimes{d, f})
		}
		for ri, w := range want {
			r := &e.records[ri]
			if d, f := e.dispatchedAt(int32(ri), r), e.finishedAt(int32(ri), r); d != w.dispatched || f != w.finished {
				t.Fatalf("trial %d record %d: dispatched %d finished %d, want %d and %d", trial, ri, d, f, w.dispatched, w.finished)
			}
			// In flight, a run's planned end is kept but it has not finished.
			r.status = status.InProgress
			if f, end := e.finishedAt(int32(ri), r), e.endAt(int32(ri), r); f != 0 || end != w.finished {
				t.Fatalf("trial %d record %d in flight: finished %d, end %d, want 0 and %d", trial, ri, f, end, w.finished)
			}
			r.status = status.Success
		}
		// Retention keeps the rows nodes' latest runs point at (every
		// third here), compacted.
		a := &association{nodes: make([]nodeRef, len(want))}
		for n := range a.nodes {
			a.nodes[n] = noRef
			if n%3 == 0 {
				a.nodes[n] = nodeRef{exec: e.index, rec: int32(n), compExec: -1, compRec: -1}
			}
		}
		(&Sim{}).forget(a, e)
		if len(e.records) != (len(want)+2)/3 {
			t.Fatalf("trial %d: %d rows kept, want %d", trial, len(e.records), (len(want)+2)/3)
		}
		for ri := range e.records {
			r := &e.records[ri]
			w := want[r.node]
			if d, f := e.dispatchedAt(int32(ri), r), e.finishedAt(int32(ri), r); d != w.dispatched || f != w.finished {
				t.Fatalf("trial %d: kept row %d (node %d): dispatched %d finished %d, want %d and %d", trial, ri, r.node, d, f, w.dispatched, w.finished)
			}
		}
	}
}

// setRun, dispatchNode's inlined way of setting both instants, sets a
// record exactly as setDispatched then setFinished do whenever it reports
// true, and reports false (setting nothing) whenever either would need the
// wide table or the end is "none" (0).
func TestSetRun_AsSetDispatchedAndSetFinished(t *testing.T) {
	const ms = engine.Time(time.Millisecond)
	rng := rand.New(rand.NewPCG(14, 17))
	offsets := []engine.Time{0, ms, 1500 * engine.Time(time.Microsecond), 1, -1, -ms, engine.Time(49 * 24 * time.Hour),
		(inWide - 1) * ms, (inWide-1)*ms + 1, inWide * ms, inWide*ms - 1, running * ms, engine.Time(60 * time.Second)}
	for _, created := range []engine.Time{0, engine.Time(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC).UnixNano())} {
		for trial := range 20000 {
			t0 := created + offsets[rng.IntN(len(offsets))] + engine.Time(rng.IntN(3))*ms
			end := t0 + offsets[rng.IntN(len(offsets))] + engine.Time(rng.IntN(3))*ms
			if trial%50 == 0 {
				end = 0
			}
			e := &execution{created: created}
			var got, want targetRecord
			ok := e.setRun(&got, t0, end)
			e.setDispatched(0, &want, t0)
			e.setFinished(0, &want, end)
			wide := e.wide != nil || want.ran == running
			if ok == wide {
				t.Fatalf("created %d, dispatched %d, end %d: setRun says %v, but the pair needs the wide table or none: %v", created, t0, end, ok, wide)
			}
			if ok && got != want {
				t.Fatalf("created %d, dispatched %d, end %d: setRun gave %+v, the pair %+v", created, t0, end, got, want)
			}
		}
	}
}
