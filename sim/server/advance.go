package server

import (
	"encoding/json"
	"math"
	"net/http"
	"runtime/metrics"
	"time"

	"github.com/ssmsim/ssmsim/model"
)

// advanceSlice is how many events an advance handles per hold of the lock:
// about 5-20 ms of simulation, so other clients' calls interleave and a
// read never waits long behind a long advance.
const advanceSlice = 20_000

// ErrCodeLimitExceeded answers an advance that the memory limit refuses or
// stops.
const ErrCodeLimitExceeded = "LimitExceededException"

// advanceRequest is the body of POST /_ssmsim/advance: exactly one member.
type advanceRequest struct {
	Seconds *float64 `json:"Seconds"`
	Until   *float64 `json:"Until"`
}

// advanceResponse answers an advance that got where it was asked.
type advanceResponse struct {
	Now model.Timestamp `json:"Now"`
}

// serveAdvance runs the simulation forward by Seconds or to Until (epoch
// seconds, millisecond resolution) in slices of advanceSlice events,
// releasing the lock between slices: reads see the state reached so far,
// and a state-changing call that arrives meanwhile is applied at the
// virtual instant reached (slicing never changes the simulation itself:
// events are handled in the same order). Advances run one at a time. It
// stops where it is when the client goes away, when the server shuts down
// (answering 503 with the instant reached), and when the live heap passes
// the memory limit (LimitExceededException, likewise); an advance whose
// estimate would pass the limit is refused before it starts.
func (srv *Server) serveAdvance(w http.ResponseWriter, r *http.Request, body []byte) {
	fail := func(err error) { writeError(w, controlContentType, err) }
	var req advanceRequest
	if err := decodeStrict(body, &req); err != nil {
		fail(err)
		return
	}
	srv.advanceMu.Lock()
	defer srv.advanceMu.Unlock()
	var to time.Time
	var err error
	if _, lerr := srv.locked(func() ([]byte, error) {
		to, err = srv.advanceTarget(req)
		if err == nil {
			err = srv.checkBudget(to)
		}
		return nil, nil
	}); lerr != nil {
		fail(lerr)
		return
	}
	if err != nil {
		fail(err)
		return
	}
	// However it ends, the point reached is journaled: later calls are
	// recorded at their own points, and this one keeps the last advance.
	ran := false
	defer func() {
		if ran {
			_, _ = srv.locked(func() ([]byte, error) {
				return nil, srv.record(srv.sim.Events(), srv.sim.Now(), ControlPrefix+"advance", nil)
			})
		}
	}()
	for slices := 0; ; slices++ {
		var done bool
		var now time.Time
		if _, err := srv.locked(func() ([]byte, error) {
			done = srv.sim.RunSome(to, advanceSlice)
			now = srv.sim.Now()
			return nil, nil
		}); err != nil {
			fail(err)
			return
		}
		ran = true
		if done {
			if _, err := srv.locked(func() ([]byte, error) {
				return nil, srv.record(srv.sim.Events(), srv.sim.Now(), ControlPrefix+"advance", nil)
			}); err != nil {
				ran = false
				fail(err)
				return
			}
			ran = false
			writeJSON(w, advanceResponse{Now: model.TimestampOf(now)})
			return
		}
		select {
		case <-r.Context().Done():
			return // the client is gone: stop where the simulation is
		case <-srv.stopping:
			e := model.NewError(model.ErrCodeInternalServerError, "The server is shutting down: the advance stopped at %s, before %s.", model.TimestampOf(now), model.TimestampOf(to))
			e.HTTPStatus = http.StatusServiceUnavailable
			fail(e)
			return
		default:
		}
		if slices%16 == 15 && srv.maxMemory > 0 {
			if live := liveHeap(); live > uint64(srv.maxMemory) {
				fail(model.NewError(ErrCodeLimitExceeded, "The advance stopped at %s, before %s: the simulation holds %d MB, over the limit of %d MB (serve --max-memory; a retention window, D19, bounds history).",
					model.TimestampOf(now), model.TimestampOf(to), live>>20, srv.maxMemory>>20))
				return
			}
		}
	}
}

// advanceTarget turns a request into the instant to run to. The caller
// holds the lock.
func (srv *Server) advanceTarget(req advanceRequest) (time.Time, error) {
	now := srv.sim.Now()
	switch {
	case (req.Seconds == nil) == (req.Until == nil):
		return time.Time{}, invalid("Give exactly one of Seconds and Until.")
	case req.Seconds != nil:
		s := *req.Seconds
		if math.IsNaN(s) || s < 0 || s > maxVirtual.Sub(now).Seconds() {
			return time.Time{}, invalid("Seconds %v must be at least 0 and keep virtual time before %s.", s, maxVirtual.Format(time.RFC3339))
		}
		return now.Add(time.Duration(math.Round(s*1000)) * time.Millisecond), nil
	}
	u := *req.Until
	if math.IsNaN(u) || u < 0 || u*1000 > float64(maxVirtual.UnixMilli()) {
		return time.Time{}, invalid("Until %v must be epoch seconds before %s.", u, maxVirtual.Format(time.RFC3339))
	}
	to := time.UnixMilli(int64(math.Round(u * 1000))).UTC()
	if to.Before(now) {
		return time.Time{}, invalid("Until %s is in the past: virtual time is %s.", model.TimestampOf(to), model.TimestampOf(now))
	}
	return to, nil
}

// checkBudget refuses an advance whose estimated memory would pass the
// limit. The caller holds the lock.
func (srv *Server) checkBudget(to time.Time) error {
	if srv.maxMemory <= 0 {
		return nil
	}
	est := srv.sim.EstimateRun(to)
	live := int64(liveHeap())
	if live+est.Bytes <= srv.maxMemory {
		return nil
	}
	return model.NewError(ErrCodeLimitExceeded, "Advancing to %s would run about %d executions (%d target runs) and hold about %d MB, over the limit of %d MB (the simulation holds %d MB now). Advance less far, delete associations, or set a retention window (D19); serve --max-memory raises the limit.",
		model.TimestampOf(to), est.Runs, est.NodeExecutions, (live+est.Bytes)>>20, srv.maxMemory>>20, live>>20)
}

// Interrupt makes advances in progress stop and answer (503, with the
// instant reached), as on SIGTERM before the server shuts down.
func (srv *Server) Interrupt() {
	srv.stopOnce.Do(func() { close(srv.stopping) })
}

// liveHeap is the heap the last garbage collection found live, in bytes
// (cheap to read: no stop of the world).
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// writeJSON answers 200 with a control API document.
func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, controlContentType, err)
		return
	}
	writeBody(w, http.StatusOK, controlContentType, b)
}
