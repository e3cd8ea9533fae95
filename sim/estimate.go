package sim

import (
	"time"

	"github.com/ssmsim/ssmsim/model/schedule"
)

// Estimate is what running a simulation forward is expected to cost.
type Estimate struct {
	Runs            int64 // scheduled executions in the window
	NodeExecutions  int64 // target runs they dispatch
	RetainedRecords int64 // execution-target rows held at the end (Retention frees older ones)
	Bytes           int64 // memory those rows and executions take
}

// Memory the simulation holds per retained row and per execution, as
// measured by the bench workloads (27-41 B per row in the live heap; an
// execution's struct, IDs and slices).
const (
	bytesPerRecord    = 48
	bytesPerExecution = 512
)

// EstimateRun estimates running until t: for every active association
// with a schedule, its occurrences in the window times its targets (the
// latest execution's, else the whole fleet). Cron occurrences are counted
// for up to 10,000 and extrapolated; joins, updates and API calls to come
// are not foreseen.
func (s *Sim) EstimateRun(t time.Time) Estimate {
	var est Estimate
	now := s.eng.Now().Std()
	if !t.After(now) {
		return est
	}
	window := t.Sub(now)
	keep := window
	if r := s.cfg.Decisions.Retention; r > 0 && r < keep {
		keep = r
	}
	for _, a := range s.assocs {
		v := a.version()
		if a.deleted || v.sched == nil {
			continue
		}
		runs := occurrences(v.sched, now, t)
		targets := int64(s.fleet.Len())
		if a.lastDone >= 0 {
			targets = int64(s.execs[a.lastDone].total)
		}
		kept := runs
		if keep < window {
			kept = int64(float64(runs)*float64(keep)/float64(window)) + 1
		}
		est.Runs += runs
		est.NodeExecutions += runs * targets
		est.RetainedRecords += kept * targets
		est.Bytes += kept*targets*bytesPerRecord + kept*bytesPerExecution
	}
	return est
}

// occurrences counts a schedule's occurrences in (from, to], counting at
// most 10,000 and extrapolating the rest by their pace.
func occurrences(sc *schedule.Schedule, from, to time.Time) int64 {
	switch sc.Kind() {
	case schedule.KindAt:
		return 1
	case schedule.KindRate:
		return int64(to.Sub(from) / sc.Interval())
	}
	const sample = 10_000
	n, at := int64(0), from
	for n < sample {
		next, ok := sc.Next(at)
		if !ok || next.After(to) {
			return n
		}
		n, at = n+1, next
	}
	spanned := at.Sub(from)
	return int64(float64(n) * float64(to.Sub(from)) / float64(spanned))
}
