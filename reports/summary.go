package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
)

// Results is what a summary is computed from: a simulation's executions and
// their target runs (a *sim.Sim satisfies it).
type Results interface {
	Executions() []sim.ExecutionResult
	EachTargetRun(exec int, fn func(sim.TargetRun))
}

// Meta names what was run: the header of every report.
type Meta struct {
	Scenario     string
	Seed         uint64
	Start        time.Time
	End          time.Time // virtual time when the run stopped
	Nodes        int
	Associations []model.CreateAssociationInput
}

// Summary is the run summary: parameters first, then one entry per execution.
type Summary struct {
	Scenario     string             `json:"scenario"`
	Seed         uint64             `json:"seed"`
	Start        time.Time          `json:"start"`
	End          time.Time          `json:"end"`
	Nodes        int                `json:"nodes"`
	Associations []AssociationEntry `json:"associations"`
	Totals       Totals             `json:"totals"`
	Executions   []ExecutionEntry   `json:"executions"`
}

// Totals add up every execution of the run.
type Totals struct {
	Executions    int            `json:"executions"`
	ByStatus      map[string]int `json:"by_status"`  // execution Status -> count
	StoppedBy     map[string]int `json:"stopped_by"` // stop reason -> count (runs that ran to the end are not counted)
	Succeeded     int            `json:"succeeded"`
	Failed        int            `json:"failed"`
	Undeliverable int            `json:"undeliverable"`
	TimedOut      int            `json:"timed_out"`
	Cancelled     int            `json:"cancelled"`
	NotDispatched int            `json:"not_dispatched"`
}

// AssociationEntry is an association's effective parameters.
type AssociationEntry struct {
	AssociationID   string         `json:"association_id"`
	AssociationName string         `json:"association_name,omitempty"`
	Document        string         `json:"document"`
	Targets         []model.Target `json:"targets"`
	MaxConcurrency  string         `json:"max_concurrency"` // as given, or "default"
	MaxErrors       string         `json:"max_errors"`      // as given, or "none"
}

// ExecutionEntry summarises one execution.
type ExecutionEntry struct {
	AssociationID  string      `json:"association_id"`
	ExecutionID    string      `json:"execution_id"`
	Created        time.Time   `json:"created"`
	Trigger        string      `json:"trigger"`
	Status         string      `json:"status"`
	Targets        int         `json:"targets"`
	Concurrency    int         `json:"concurrency"`
	Threshold      *int        `json:"error_threshold"` // null when MaxErrors is unset
	Succeeded      int         `json:"succeeded"`
	Failed         int         `json:"failed"`
	Undeliverable  int         `json:"undeliverable"`
	TimedOut       int         `json:"timed_out"`
	Cancelled      int         `json:"cancelled"`
	Joined         int         `json:"joined"` // new targets run outside the budget (D4)
	NotDispatched  int         `json:"not_dispatched"`
	InProgress     int         `json:"in_progress"`
	StopReason     string      `json:"stop_reason"`
	Makespan       jsonSeconds `json:"makespan_seconds"`
	PeakInFlight   int         `json:"peak_in_flight"`
	RunTime        quantilesJS `json:"run_time_seconds"`
	WaitTime       quantilesJS `json:"wait_time_seconds"`
	runQ, waitQ    Quantiles
	makespanString string
}

type quantilesJS struct {
	P50 jsonSeconds `json:"p50"`
	P90 jsonSeconds `json:"p90"`
	P99 jsonSeconds `json:"p99"`
}

// Summarize computes the summary of a run. associationIDs are the created
// associations' IDs, in the order of meta.Associations.
func Summarize(res Results, meta Meta, associationIDs []string) Summary {
	s := Summary{Scenario: meta.Scenario, Seed: meta.Seed, Start: meta.Start.UTC(), End: meta.End.UTC(), Nodes: meta.Nodes,
		Associations: []AssociationEntry{}, Executions: []ExecutionEntry{},
		Totals: Totals{ByStatus: map[string]int{}, StoppedBy: map[string]int{}}}
	for i, in := range meta.Associations {
		e := AssociationEntry{Document: in.Name, AssociationName: in.AssociationName, Targets: in.Targets,
			MaxConcurrency: orDefault(in.MaxConcurrency, "default"), MaxErrors: orDefault(in.MaxErrors, "none")}
		if i < len(associationIDs) {
			e.AssociationID = associationIDs[i]
		}
		s.Associations = append(s.Associations, e)
	}
	for _, ex := range res.Executions() {
		var run, wait []float64
		res.EachTargetRun(ex.Index, func(tr sim.TargetRun) {
			wait = append(wait, tr.Dispatched.Sub(ex.Created).Seconds())
			if !tr.Finished.IsZero() && tr.Detailed != model.DetailedUndeliverable {
				run = append(run, tr.Finished.Sub(tr.Dispatched).Seconds())
			}
		})
		e := ExecutionEntry{
			AssociationID: ex.AssociationID, ExecutionID: ex.ExecutionID, Status: string(ex.Status),
			Created: ex.Created.UTC(), Trigger: ex.Trigger, Cancelled: ex.Counts.Cancelled, Joined: ex.Joined,
			Targets: ex.Targets, Concurrency: ex.Concurrency,
			Succeeded: ex.Counts.Success, Failed: ex.Counts.Failed, Undeliverable: ex.Counts.Undeliverable,
			TimedOut: ex.Counts.TimedOut, NotDispatched: ex.Targets - (ex.Dispatched - ex.Joined), InProgress: ex.Counts.InProgress,
			StopReason: ex.Stop.String(), PeakInFlight: ex.PeakInFlight,
			runQ: QuantilesOf(run), waitQ: QuantilesOf(wait),
		}
		if ex.Threshold != model.Unlimited {
			th := ex.Threshold
			e.Threshold = &th
		}
		e.Makespan = jsonSeconds(math.NaN())
		if ex.Done {
			e.Makespan = jsonSeconds(ex.LastExecution.Sub(ex.Created).Seconds())
		}
		e.RunTime = quantilesJS{jsonSeconds(e.runQ.P50), jsonSeconds(e.runQ.P90), jsonSeconds(e.runQ.P99)}
		e.WaitTime = quantilesJS{jsonSeconds(e.waitQ.P50), jsonSeconds(e.waitQ.P90), jsonSeconds(e.waitQ.P99)}
		s.Executions = append(s.Executions, e)
		t := &s.Totals
		t.Executions++
		t.ByStatus[e.Status]++
		if e.StopReason != sim.StopNone.String() {
			t.StoppedBy[e.StopReason]++
		}
		t.Succeeded += e.Succeeded
		t.Failed += e.Failed
		t.Undeliverable += e.Undeliverable
		t.TimedOut += e.TimedOut
		t.Cancelled += e.Cancelled
		t.NotDispatched += e.NotDispatched
	}
	return s
}

// detailLimit is how many executions the text summary describes in full;
// past it, one line each.
const detailLimit = 3

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// WriteJSON writes the summary as indented JSON (schema: the json tags of
// Summary; durations in seconds, null when undefined).
func (s Summary) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

// WriteText writes the summary as aligned text.
func (s Summary) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format+"\n", args...) }
	p("ssmsim run\tscenario %s\tseed %d", s.Scenario, s.Seed)
	p("virtual time\t%s → %s", s.Start.Format(time.RFC3339), s.End.Format(time.RFC3339))
	p("nodes\t%d", s.Nodes)
	for _, a := range s.Associations {
		name := a.Document
		if a.AssociationName != "" {
			name = a.AssociationName + " (" + a.Document + ")"
		}
		p("association\t%s\t%s", name, a.AssociationID)
		p("  targets\t%s", targetsText(a.Targets))
		p("  MaxConcurrency\t%s", a.MaxConcurrency)
		p("  MaxErrors\t%s", a.MaxErrors)
	}
	t := s.Totals
	p("")
	p("executions\t%d\t%s", t.Executions, countsText(t.ByStatus))
	if len(t.StoppedBy) > 0 {
		p("stopped by\t%s", countsText(t.StoppedBy))
	}
	p("target runs\tsucceeded %d, failed %d (undeliverable %d), timed out %d, cancelled %d, not dispatched %d",
		t.Succeeded, t.Failed, t.Undeliverable, t.TimedOut, t.Cancelled, t.NotDispatched)
	if len(s.Executions) > detailLimit {
		p("")
		p("created\ttrigger\tstatus\ttargets\tsucceeded\tfailed\tcancelled\tnot dispatched\tstop\tmakespan\tpeak")
		for _, e := range s.Executions {
			p("%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%d", e.Created.Format(time.RFC3339), e.Trigger, e.Status,
				e.Targets, e.Succeeded, e.Failed, e.Cancelled, e.NotDispatched, e.StopReason, formatSeconds(float64(e.Makespan)), e.PeakInFlight)
		}
		return tw.Flush()
	}
	for _, e := range s.Executions {
		threshold := "none"
		if e.Threshold != nil {
			threshold = strconv.Itoa(*e.Threshold)
		}
		p("")
		p("execution\t%s\t%s", e.ExecutionID, e.Status)
		p("  targets\t%d\tconcurrency %d, error threshold %s", e.Targets, e.Concurrency, threshold)
		p("  succeeded\t%d", e.Succeeded)
		p("  failed\t%d\t(undeliverable %d)", e.Failed, e.Undeliverable)
		p("  timed out\t%d", e.TimedOut)
		if e.Cancelled > 0 {
			p("  cancelled\t%d", e.Cancelled)
		}
		if e.Joined > 0 {
			p("  joined during the run\t%d", e.Joined)
		}
		p("  not dispatched\t%d", e.NotDispatched)
		if e.InProgress > 0 {
			p("  in progress\t%d", e.InProgress)
		}
		p("  stop reason\t%s", e.StopReason)
		p("  makespan\t%s", formatSeconds(float64(e.Makespan)))
		p("  peak in flight\t%d", e.PeakInFlight)
		p("  run time\tp50 %s\tp90 %s\tp99 %s", formatSeconds(e.runQ.P50), formatSeconds(e.runQ.P90), formatSeconds(e.runQ.P99))
		p("  wait time\tp50 %s\tp90 %s\tp99 %s", formatSeconds(e.waitQ.P50), formatSeconds(e.waitQ.P90), formatSeconds(e.waitQ.P99))
	}
	return tw.Flush()
}

func targetsText(ts []model.Target) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.Key + "=" + strings.Join(t.Values, ",")
	}
	return strings.Join(parts, " AND ")
}

// countsText prints "A 1, B 2" in key order.
func countsText(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + " " + strconv.Itoa(m[k])
	}
	return strings.Join(parts, ", ")
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
