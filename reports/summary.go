package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
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
	Executions   []ExecutionEntry   `json:"executions"`
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
	Status         string      `json:"status"`
	Targets        int         `json:"targets"`
	Concurrency    int         `json:"concurrency"`
	Threshold      *int        `json:"error_threshold"` // null when MaxErrors is unset
	Succeeded      int         `json:"succeeded"`
	Failed         int         `json:"failed"`
	Undeliverable  int         `json:"undeliverable"`
	TimedOut       int         `json:"timed_out"`
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
		Associations: []AssociationEntry{}, Executions: []ExecutionEntry{}}
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
	}
	return s
}

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

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
