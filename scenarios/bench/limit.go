package bench

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// The limit is what the rollout costs with nothing but its work: per
// execution, MaxConcurrency targets in flight on a typed binary heap of
// completions, the next target dispatched inline as one finishes, and per
// dispatch the draws ssmsim makes (a uniform for the outcome, a lognormal
// for the duration, from a per-node PCG) — no records, no statistics, no
// API. A rollout workload runs it in the same process right after itself
// and reports its efficiency as the limit's CPU time over its own.

// limitEvent is a target run's completion.
type limitEvent struct {
	at   int64 // milliseconds
	node int32
}

type limitHeap []limitEvent

func (h limitHeap) less(i, j int) bool {
	return h[i].at < h[j].at || (h[i].at == h[j].at && h[i].node < h[j].node)
}

func (h *limitHeap) push(e limitEvent) {
	*h = append(*h, e)
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if !s.less(i, p) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (h *limitHeap) pop() limitEvent {
	s := *h
	top := s[0]
	n := len(s) - 1
	s[0] = s[n]
	s = s[:n]
	for i := 0; ; {
		l := 2*i + 1
		if l >= n {
			break
		}
		if r := l + 1; r < n && s.less(r, l) {
			l = r
		}
		if !s.less(l, i) {
			break
		}
		s[i], s[l] = s[l], s[i]
		i = l
	}
	*h = s
	return top
}

// limitRollout runs the rollout's work for n nodes over horizon: an
// execution every 30 minutes at MaxConcurrency 10%, lognormal 60 s (sigma
// 0.5) run times, 2% failures. It returns the target runs made and failed.
func limitRollout(n int, horizon time.Duration) (runs, failed int64) {
	rngs := make([]rand.PCG, n)
	for i := range rngs {
		rngs[i].Seed(1, uint64(i))
	}
	const sigma = 0.5
	mu := math.Log(60) - sigma*sigma/2
	conc := (n + 9) / 10 // 10%, rounded up (D1)
	h := make(limitHeap, 0, conc)
	dispatch := func(node int32, now int64) {
		src := &rngs[node]
		u := float64(src.Uint64()>>11) / (1 << 53)
		secs := math.Exp(rand.New(src).NormFloat64()*sigma + mu)
		if u < 0.02 {
			failed++
		}
		runs++
		h.push(limitEvent{at: now + int64(math.Round(secs*1000)), node: node})
	}
	for start := int64(0); start < horizon.Milliseconds(); start += (30 * time.Minute).Milliseconds() {
		next := 0
		for ; next < conc && next < n; next++ {
			dispatch(int32(next), start)
		}
		for len(h) > 0 {
			e := h.pop()
			if next < n {
				dispatch(int32(next), e.at)
				next++
			}
		}
	}
	return runs, failed
}

// limitWorkload runs the limit alone at 100,000 nodes for a day.
func limitWorkload(ctx context.Context) (Result, error) {
	const n, horizon = 100_000, 24 * time.Hour
	t0 := time.Now()
	runs, failed := limitRollout(n, horizon)
	wall := time.Since(t0)
	if want := int64(horizon/(30*time.Minute)) * n; runs != want {
		return Result{}, fmt.Errorf("limit: %d target runs, want %d", runs, want)
	}
	_ = ctx
	return Result{Name: "limit", Wall: wall, Nodes: n, NodeExecutions: runs, NodeExecutionsPerSec: float64(runs) / wall.Seconds(),
		Extra: map[string]float64{"failure_share": round3(float64(failed) / float64(runs))}}, nil
}
