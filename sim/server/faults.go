package server

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ssmsim/ssmsim/model"
)

// Fault injection: rules that make AWS calls fail the ways the real
// service can — an InternalServerError (HTTP 500), a ThrottlingException,
// a connection reset, or added latency — so that a client's error handling
// can be tested. Which calls a rule hits is decided by the server's seed
// and the order calls arrive in, never by the wall clock: the same seed
// and the same sequence of calls give the same faults.

// Fault kinds.
const (
	FaultInternal   = "InternalServerError" // HTTP 500, the model's InternalServerError
	FaultThrottling = "ThrottlingException" // HTTP 400 "Rate exceeded", as a throttle answers
	FaultReset      = "reset"               // the connection is closed with a TCP reset, no answer
	FaultLatency    = "latency"             // the call waits LatencyMs of wall time, then is served
)

// maxFaultLatency bounds a latency fault, so that no rule holds a
// connection for long.
const maxFaultLatency = 30 * time.Second

// FaultRule is one rule: which calls, how often, what happens, and when.
type FaultRule struct {
	// Operations the rule applies to; empty or "*" for every operation.
	Operations []string `json:"Operations,omitempty"`
	// Probability that a matching call is hit, or EveryNth: every Nth
	// matching call (1: all). Exactly one of them.
	Probability float64 `json:"Probability,omitempty"`
	EveryNth    int     `json:"EveryNth,omitempty"`
	// Fault is one of InternalServerError, ThrottlingException, reset,
	// latency.
	Fault     string `json:"Fault"`
	LatencyMs int    `json:"LatencyMs,omitempty"`
	// From and Until bound the rule in virtual time (epoch seconds; 0:
	// unbounded), so a scenario can break the service for a while.
	From  float64 `json:"From,omitempty"`
	Until float64 `json:"Until,omitempty"`
}

func (r FaultRule) check(i int) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("rule %d: "+format, append([]any{i + 1}, args...)...)
	}
	switch {
	case (r.Probability != 0) == (r.EveryNth != 0):
		return bad("give exactly one of Probability (0 to 1) and EveryNth (1 or more)")
	case r.Probability < 0 || r.Probability > 1 || r.Probability != r.Probability:
		return bad("Probability %v is not between 0 and 1", r.Probability)
	case r.EveryNth < 0:
		return bad("EveryNth %d is negative", r.EveryNth)
	case !slices.Contains([]string{FaultInternal, FaultThrottling, FaultReset, FaultLatency}, r.Fault):
		return bad("Fault %q is not one of %s, %s, %s, %s", r.Fault, FaultInternal, FaultThrottling, FaultReset, FaultLatency)
	case r.Fault == FaultLatency && (r.LatencyMs <= 0 || time.Duration(r.LatencyMs)*time.Millisecond > maxFaultLatency):
		return bad("LatencyMs %d must be between 1 and %d", r.LatencyMs, maxFaultLatency.Milliseconds())
	case r.Fault != FaultLatency && r.LatencyMs != 0:
		return bad("LatencyMs applies to latency faults only")
	case r.Until != 0 && r.Until <= r.From:
		return bad("Until %v is not after From %v", r.Until, r.From)
	}
	return nil
}

func (r FaultRule) matches(op string, now time.Time) bool {
	if len(r.Operations) > 0 && !slices.Contains(r.Operations, op) && !slices.Contains(r.Operations, "*") {
		return false
	}
	t := float64(now.UnixMilli()) / 1000
	return (r.From == 0 || t >= r.From) && (r.Until == 0 || t < r.Until)
}

// faults holds the rules in force and what they did.
type faults struct {
	mu       sync.Mutex
	seed     uint64
	rules    []FaultRule
	seen     []uint64 // matching calls so far, per rule
	rngs     []*rand.PCG
	injected []int // faults injected, per rule
}

// set replaces the rules; their counters start again.
func (f *faults) set(rules []FaultRule) error {
	for i, r := range rules {
		if err := r.check(i); err != nil {
			return err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rules = slices.Clone(rules)
	f.seen = make([]uint64, len(rules))
	f.injected = make([]int, len(rules))
	f.rngs = make([]*rand.PCG, len(rules))
	for i := range rules {
		var key [8]byte
		binary.LittleEndian.PutUint64(key[:], uint64(i))
		f.rngs[i] = rand.NewPCG(f.seed^0x6661756c74, binary.LittleEndian.Uint64(key[:])) // "fault"
	}
	return nil
}

// pick returns the fault for a call of op at virtual time now, if a rule
// hits it: the first rule that matches and fires. Every matching rule
// counts the call, so one rule's decisions never depend on another's.
func (f *faults) pick(op string, now time.Time) (FaultRule, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var hit FaultRule
	found := false
	for i, r := range f.rules {
		if !r.matches(op, now) {
			continue
		}
		f.seen[i]++
		var fire bool
		if r.EveryNth > 0 {
			fire = f.seen[i]%uint64(r.EveryNth) == 0
		} else {
			fire = float64(f.rngs[i].Uint64()>>11)/(1<<53) < r.Probability
		}
		if fire && !found {
			hit, found = r, true
			f.injected[i]++
		}
	}
	return hit, found
}

// faultsState answers POST /_ssmsim/faults: the rules and how many faults
// each injected.
type faultsState struct {
	Rules    []FaultRule `json:"Rules"`
	Injected []int       `json:"Injected"`
}

func (f *faults) state() faultsState {
	f.mu.Lock()
	defer f.mu.Unlock()
	return faultsState{Rules: append([]FaultRule{}, f.rules...), Injected: append([]int{}, f.injected...)}
}

// setFaults serves POST /_ssmsim/faults {"Rules": [...]}: the rules
// replace those in force ([] removes them all). Not journaled: faults are
// no simulation state.
func (srv *Server) setFaults(body []byte) (any, error) {
	var req struct {
		Rules []FaultRule `json:"Rules"`
	}
	if err := decodeStrict(body, &req); err != nil {
		return nil, err
	}
	for i, r := range req.Rules {
		for _, op := range r.Operations {
			if _, ok := srv.ops[op]; !ok && op != "*" {
				return nil, invalid("rule %d: Operation %s is not one this server serves.", i+1, op)
			}
		}
	}
	if err := srv.faults.set(req.Rules); err != nil {
		return nil, invalid("%v", strings.TrimSpace(err.Error()))
	}
	return srv.faults.state(), nil
}

// SetFaults replaces the fault rules in force, as POST /_ssmsim/faults
// does (serve sets a scenario's this way).
func (srv *Server) SetFaults(rules []FaultRule) error {
	b, err := json.Marshal(struct{ Rules []FaultRule }{rules})
	if err != nil {
		return err
	}
	_, err = srv.setFaults(b)
	return err
}

// injectFault applies the fault a rule picked for this call: it reports
// whether the call is answered (or dropped) and must go no further.
func (srv *Server) injectFault(w http.ResponseWriter, r *http.Request, rule FaultRule) bool {
	switch rule.Fault {
	case FaultLatency:
		select {
		case <-time.After(time.Duration(rule.LatencyMs) * time.Millisecond):
		case <-r.Context().Done():
		}
		return false
	case FaultThrottling:
		writeError(w, ContentType, throttled())
	case FaultReset:
		resetConnection(w)
	default:
		e := model.NewError(model.ErrCodeInternalServerError, "An internal error occurred (injected fault).")
		writeError(w, ContentType, e)
	}
	return true
}

// resetConnection closes the client's connection with a TCP reset and no
// answer, as a dropped connection looks to a client.
func resetConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		writeError(w, ContentType, model.NewError(model.ErrCodeInternalServerError, "An internal error occurred (injected fault)."))
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0) // close sends RST
	}
	_ = conn.Close()
}
