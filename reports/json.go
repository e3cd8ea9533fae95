package reports

import (
	"encoding/json"
	"io"
	"math"
	"time"

	"github.com/ssmsim/ssmsim/model"
)

// JSON schema identifiers, the first member of each document (SCHEMA.md).
const (
	SchemaRun       = "ssmsim.run/1"
	SchemaAggregate = "ssmsim.aggregate/1"
	SchemaRuns      = "ssmsim.runs/1"
)

// jsonSeconds is a number of seconds that encodes NaN as null.
type jsonSeconds float64

// MarshalJSON writes the seconds with millisecond precision, or null.
func (s jsonSeconds) MarshalJSON() ([]byte, error) { return roundedJSON(float64(s), 1e3), nil }

// jsonNumber is a number (a fraction, a mean count) that encodes NaN as
// null, rounded to 6 decimal places.
type jsonNumber float64

// MarshalJSON writes the number, or null.
func (n jsonNumber) MarshalJSON() ([]byte, error) { return roundedJSON(float64(n), 1e6), nil }

func roundedJSON(f, scale float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null")
	}
	r := math.Round(f*scale) / scale
	if r == 0 {
		r = 0 // no "-0"
	}
	return []byte(formatFloat(r))
}

func jsonTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

type runJS struct {
	Schema       string          `json:"schema,omitempty"`
	Scenario     string          `json:"scenario"`
	Seed         uint64          `json:"seed"`
	Start        time.Time       `json:"start"`
	End          time.Time       `json:"end"`
	Nodes        int             `json:"nodes"`
	Associations []associationJS `json:"associations"`
	Totals       totalsJS        `json:"totals"`
	Executions   []executionJS   `json:"executions"`
	Faults       []string        `json:"faults,omitempty"` // the scenario's fault rules, which serve applies
}

type paramsJS struct {
	AssociationID   string         `json:"association_id,omitempty"`
	AssociationName string         `json:"association_name,omitempty"`
	Document        string         `json:"document"`
	Targets         []model.Target `json:"targets"`
	MaxConcurrency  string         `json:"max_concurrency"`
	MaxErrors       string         `json:"max_errors"`
	DurationHours   *int32         `json:"duration_hours"`
}

type associationJS struct {
	paramsJS
	Executions      int          `json:"executions"`
	FirstStart      *time.Time   `json:"first_start"`
	FinalCompliance jsonNumber   `json:"final_compliance"`
	TimeTo          milestonesJS `json:"time_to_compliance_seconds"`
}

type milestonesJS struct {
	P50  jsonSeconds `json:"50%"`
	P90  jsonSeconds `json:"90%"`
	P99  jsonSeconds `json:"99%"`
	P100 jsonSeconds `json:"100%"`
}

type totalsJS struct {
	Executions    int            `json:"executions"`
	ByStatus      map[string]int `json:"by_status"`
	StoppedBy     map[string]int `json:"stopped_by"`
	Succeeded     int            `json:"succeeded"`
	Failed        int            `json:"failed"`
	Undeliverable int            `json:"undeliverable"`
	TimedOut      int            `json:"timed_out"`
	Cancelled     int            `json:"cancelled"`
	NotDispatched int            `json:"not_dispatched"`
}

type executionJS struct {
	AssociationID string      `json:"association_id"`
	ExecutionID   string      `json:"execution_id"`
	Created       time.Time   `json:"created"`
	Trigger       string      `json:"trigger"`
	Status        string      `json:"status"`
	Targets       int         `json:"targets"`
	Concurrency   int         `json:"concurrency"`
	Threshold     *int        `json:"error_threshold"`
	Succeeded     int         `json:"succeeded"`
	Failed        int         `json:"failed"`
	Undeliverable int         `json:"undeliverable"`
	TimedOut      int         `json:"timed_out"`
	Cancelled     int         `json:"cancelled"`
	Joined        int         `json:"joined"`
	NotDispatched int         `json:"not_dispatched"`
	InProgress    int         `json:"in_progress"`
	Errors        int         `json:"errors"`
	StopReason    string      `json:"stop_reason"`
	StopTime      *time.Time  `json:"stop_time"`
	StoppedAfter  jsonSeconds `json:"stopped_after_seconds"`
	Makespan      jsonSeconds `json:"makespan_seconds"`
	PeakInFlight  int         `json:"peak_in_flight"`
	MeanInFlight  jsonNumber  `json:"mean_in_flight"`
	RunTime       quantilesJS `json:"run_time_seconds"`
	WaitTime      quantilesJS `json:"wait_time_seconds"`
}

type quantilesJS struct {
	P50 jsonSeconds `json:"p50"`
	P90 jsonSeconds `json:"p90"`
	P99 jsonSeconds `json:"p99"`
}

func quantilesJSON(q Quantiles) quantilesJS {
	return quantilesJS{jsonSeconds(q.P50), jsonSeconds(q.P90), jsonSeconds(q.P99)}
}

func durationJSON(h int32) *int32 {
	if h == 0 {
		return nil
	}
	return &h
}

func (r RunResult) jsonDoc(schema string) runJS {
	d := runJS{Schema: schema, Scenario: r.Scenario, Seed: r.Seed, Start: r.Start.UTC(), End: r.End.UTC(), Nodes: r.Nodes,
		Associations: []associationJS{}, Executions: []executionJS{}, Faults: r.Faults}
	for _, a := range r.Associations {
		d.Associations = append(d.Associations, associationJS{
			paramsJS: paramsJS{AssociationID: a.AssociationID, AssociationName: a.AssociationName, Document: a.Document,
				Targets: a.Targets, MaxConcurrency: a.MaxConcurrency, MaxErrors: a.MaxErrors, DurationHours: durationJSON(a.Duration)},
			Executions: a.Executions, FirstStart: jsonTime(a.FirstStart), FinalCompliance: jsonNumber(a.FinalCompliance),
			TimeTo: milestonesJS{jsonSeconds(a.TimeTo.P50), jsonSeconds(a.TimeTo.P90), jsonSeconds(a.TimeTo.P99), jsonSeconds(a.TimeTo.P100)},
		})
	}
	t := r.Totals
	d.Totals = totalsJS{Executions: t.Executions, ByStatus: nonNil(t.ByStatus), StoppedBy: nonNil(t.StoppedBy), Succeeded: t.Succeeded,
		Failed: t.Failed, Undeliverable: t.Undeliverable, TimedOut: t.TimedOut, Cancelled: t.Cancelled, NotDispatched: t.NotDispatched}
	for _, e := range r.Executions {
		x := executionJS{AssociationID: e.AssociationID, ExecutionID: e.ExecutionID, Created: e.Created.UTC(), Trigger: e.Trigger,
			Status: e.Status, Targets: e.Targets, Concurrency: e.Concurrency, Succeeded: e.Succeeded, Failed: e.Failed,
			Undeliverable: e.Undeliverable, TimedOut: e.TimedOut, Cancelled: e.Cancelled, Joined: e.Joined,
			NotDispatched: e.NotDispatched, InProgress: e.InProgress, Errors: e.Errors, StopReason: e.Stop.String(),
			StoppedAfter: jsonSeconds(e.StopAfter), Makespan: jsonSeconds(e.Makespan), PeakInFlight: e.PeakInFlight,
			MeanInFlight: jsonNumber(e.MeanInFlight), RunTime: quantilesJSON(e.RunTime), WaitTime: quantilesJSON(e.WaitTime)}
		if e.Threshold != model.Unlimited {
			th := e.Threshold
			x.Threshold = &th
		}
		if at, ok := e.StopTime(); ok {
			x.StopTime = jsonTime(at)
		}
		d.Executions = append(d.Executions, x)
	}
	return d
}

func nonNil(m map[string]int) map[string]int {
	if m == nil {
		return map[string]int{}
	}
	return m
}

// WriteJSON writes the run as an indented JSON document of schema
// ssmsim.run/1 (reports/SCHEMA.md): durations in seconds, null where
// undefined.
func (r RunResult) WriteJSON(w io.Writer) error { return writeJSON(w, r.jsonDoc(SchemaRun)) }

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

type aggregateJS struct {
	Schema       string              `json:"schema,omitempty"`
	Scenario     string              `json:"scenario"`
	Seeds        []uint64            `json:"seeds"`
	Runs         int                 `json:"runs"`
	Start        *time.Time          `json:"start"`
	Nodes        int                 `json:"nodes"`
	Confidence   float64             `json:"confidence"`
	Associations []assocAggregateJS  `json:"associations"`
	Stops        []stopProbabilityJS `json:"stops"`
}

type assocAggregateJS struct {
	paramsJS
	Figures []figureJS          `json:"figures"`
	Stops   []stopProbabilityJS `json:"stops"`
}

type figureJS struct {
	Name    string        `json:"name"`
	Unit    string        `json:"unit"`
	N       int           `json:"n"`
	Missing int           `json:"missing"`
	Mean    jsonNumber    `json:"mean"`
	SD      jsonNumber    `json:"sd"`
	CI      [2]jsonNumber `json:"ci95"`
	Samples []jsonNumber  `json:"samples"`
}

type stopProbabilityJS struct {
	Reason string        `json:"reason"`
	Runs   int           `json:"runs"`
	Of     int           `json:"of"`
	P      jsonNumber    `json:"p"`
	CI     [2]jsonNumber `json:"ci95"`
}

func stopsJSON(ss []StopProbability) []stopProbabilityJS {
	out := []stopProbabilityJS{}
	for _, s := range ss {
		out = append(out, stopProbabilityJS{Reason: s.Reason, Runs: s.K, Of: s.N, P: jsonNumber(s.P), CI: [2]jsonNumber{jsonNumber(s.Lo), jsonNumber(s.Hi)}})
	}
	return out
}

func (a Aggregate) jsonDoc(schema string) aggregateJS {
	d := aggregateJS{Schema: schema, Scenario: a.Scenario, Seeds: a.Seeds, Runs: len(a.Seeds), Start: jsonTime(a.Start), Nodes: a.Nodes,
		Confidence: Confidence, Associations: []assocAggregateJS{}, Stops: stopsJSON(a.Stops)}
	if d.Seeds == nil {
		d.Seeds = []uint64{}
	}
	for _, aa := range a.Associations {
		x := assocAggregateJS{paramsJS: paramsJS{AssociationName: aa.AssociationName, Document: aa.Document, Targets: aa.Targets,
			MaxConcurrency: aa.MaxConcurrency, MaxErrors: aa.MaxErrors, DurationHours: durationJSON(aa.Duration)},
			Figures: []figureJS{}, Stops: stopsJSON(aa.Stops)}
		for _, f := range aa.Figures {
			fj := figureJS{Name: f.Name, Unit: f.Unit, N: f.N, Missing: f.Missing, Mean: jsonNumber(f.Mean), SD: jsonNumber(f.SD),
				CI: [2]jsonNumber{jsonNumber(f.Lo), jsonNumber(f.Hi)}, Samples: make([]jsonNumber, len(f.Samples))}
			for i, s := range f.Samples {
				fj.Samples[i] = jsonNumber(s)
			}
			x.Figures = append(x.Figures, fj)
		}
		d.Associations = append(d.Associations, x)
	}
	return d
}

// WriteJSON writes the aggregate as an indented JSON document of schema
// ssmsim.aggregate/1 (reports/SCHEMA.md).
func (a Aggregate) WriteJSON(w io.Writer) error { return writeJSON(w, a.jsonDoc(SchemaAggregate)) }

// WriteRunsJSON writes one JSON document of schema ssmsim.runs/1 holding
// the aggregate and every run (reports/SCHEMA.md).
func WriteRunsJSON(w io.Writer, runs []RunResult, agg Aggregate) error {
	doc := struct {
		Schema    string      `json:"schema"`
		Aggregate aggregateJS `json:"aggregate"`
		Runs      []runJS     `json:"runs"`
	}{Schema: SchemaRuns, Aggregate: agg.jsonDoc(""), Runs: []runJS{}}
	for _, r := range runs {
		doc.Runs = append(doc.Runs, r.jsonDoc(""))
	}
	return writeJSON(w, doc)
}
