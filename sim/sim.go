package sim

import (
	"fmt"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/calendar"
	"github.com/ssmsim/ssmsim/sim/compliance"
	"github.com/ssmsim/ssmsim/sim/engine"
)

// DefaultStart returns the virtual instant a simulation starts at when its
// Config names none: 2024-01-01T00:00:00Z. It is never the wall clock.
func DefaultStart() time.Time { return defaultStart }

var defaultStart = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Decisions are the switches for behaviour AWS leaves open (the decisions
// D1–D20 of the README's Semantics section). The zero value is ssmsim's
// documented default for each.
type Decisions struct {
	// ConcurrencyRounding turns a MaxConcurrency percentage into a count
	// (D1; default up, never below 1).
	ConcurrencyRounding model.Rounding
	// ErrorRounding turns a MaxErrors percentage into a threshold (D1;
	// default down).
	ErrorRounding model.Rounding
	// DefaultMaxConcurrency applies when an association sets none (D2):
	// empty means 100% of targets (the API reference); "50" is the user
	// guide's reading. It is never echoed in documents.
	DefaultMaxConcurrency string
	// DeferNewTargets makes a node that newly matches an applied
	// association wait for the association's next run instead of running
	// at once outside the concurrency budget (D4; default: at once).
	DeferNewTargets bool
	// UnrecordedCalendarSkips makes a run due while a calendar is closed
	// leave no trace (D8; default: an execution recorded as Skipped).
	UnrecordedCalendarSkips bool
	// MaxActiveAssociations is the quota of associations not deleted (D18;
	// 0 means AWS's 2,000): past it CreateAssociation answers
	// AssociationLimitExceeded.
	MaxActiveAssociations int
	// SkippedTargetRows makes targets that a stopped execution never
	// dispatched appear as AssociationExecutionTarget rows with Status
	// Skipped (D5; default: no row, counted nowhere).
	SkippedTargetRows bool
	// Retention is how long a finished execution stays on record (D19;
	// 0: for the whole simulation). Past it the execution is forgotten and
	// its target rows freed, bounding memory on long horizons.
	Retention time.Duration
}

// Config configures a simulation.
type Config struct {
	Seed      uint64
	Start     time.Time // default DefaultStart()
	Decisions Decisions
	Observer  Observer // optional; sees every dispatch and completion
}

// Event classes: at one instant, control actions (alarm changes, fleet
// changes) run first, then target completions (freeing slots), then
// Duration cut-offs (so a run ending exactly at the cut-off succeeds), then
// execution starts.
const (
	classControl    engine.Class = 0
	classCompletion engine.Class = 1
	classCutoff     engine.Class = 2
	classStart      engine.Class = 3
)

// Event kinds.
const (
	kindTargetDone uint8 = iota + 1
	kindExecStart
	kindAlarm
	kindCutoff
	kindFleet
	kindTick
	kindPickedUp // a node's agent picks a Pending run up (Behavior.Pickup)
)

// Sim is one simulation: a fleet, its associations and their executions
// over a virtual clock. It is not safe for concurrent use; run independent
// simulations in parallel instead.
type Sim struct {
	cfg     Config
	streams Streams
	eng     *engine.Engine
	fleet   *Fleet
	defConc model.RateValue
	assocs  []*association
	byID    map[string]int32
	windows windowIndex // which associations' node windows cover each node
	// The rows of the last execution retention forgot, for the next one of
	// about its size: a rollout at a million nodes otherwise faults in 24
	// MB of fresh memory every execution. Likewise the completion order of
	// the last execution reported, which is dropped then (order.go).
	spareRecords []targetRecord
	spareDone    []int32
	rebuilt      rebuiltOrder // the completion order last rebuilt for a reader
	execs        []*execution
	observer     Observer
	onDone       func(ExecutionResult) // OnExecutionDone

	alarms      []*alarm
	alarmByName map[string]int32
	fleetOps    []fleetOp

	calendars map[string]*calendar.Calendar
	documents map[string]*document
	active    int // associations not deleted (the D18 quota)
	// compliance is what PutComplianceItems stored.
	compliance compliance.Store
	// prechecked: requests were checked against the service model before
	// they reached the simulation (AssumeCheckedRequests).
	prechecked bool
}

// AssumeCheckedRequests tells the simulation that whoever calls its
// operations has already checked every request against the service model
// with model/validate, as the HTTP front does with each raw body, so the
// operations skip that check instead of repeating it.
func (s *Sim) AssumeCheckedRequests(on bool) { s.prechecked = on }

// New builds an empty simulation.
func New(cfg Config) (*Sim, error) {
	if cfg.Start.IsZero() {
		cfg.Start = DefaultStart()
	}
	cfg.Start = cfg.Start.UTC().Truncate(time.Millisecond)
	if cfg.Start.UnixMilli() <= 0 {
		return nil, fmt.Errorf("sim: start %s must be after the Unix epoch", cfg.Start)
	}
	s := &Sim{cfg: cfg, streams: NewStreams(cfg.Seed), byID: map[string]int32{}, observer: cfg.Observer, alarmByName: map[string]int32{}, calendars: map[string]*calendar.Calendar{}, documents: map[string]*document{}}
	s.defConc = model.RateValue{N: 100, Percent: true}
	if v := cfg.Decisions.DefaultMaxConcurrency; v != "" {
		r, err := model.ParseMaxConcurrency(v, "defaultMaxConcurrency")
		if err != nil {
			return nil, fmt.Errorf("sim: decisions: %w", err)
		}
		s.defConc = r
	}
	s.fleet = newFleet(s.streams)
	s.eng = engine.New(engine.TimeOf(cfg.Start), s)
	return s, nil
}

// Seed is the simulation's seed.
func (s *Sim) Seed() uint64 { return s.cfg.Seed }

// Config is the configuration the simulation was built with (Start filled in).
func (s *Sim) Config() Config { return s.cfg }

// Fleet is the virtual fleet.
func (s *Sim) Fleet() *Fleet { return s.fleet }

// Now is the current virtual time.
func (s *Sim) Now() time.Time { return s.eng.Now().Std() }

// Events is the number of events handled so far.
func (s *Sim) Events() uint64 { return s.eng.Handled() }

// AddNodes adds a group of nodes to the fleet now and returns their node
// numbers' start: they are [first, first+Count). Associations already
// applied whose targets they match run on them (D4).
func (s *Sim) AddNodes(g NodeGroup) (first int, err error) {
	first, err = s.fleet.Add(g)
	if err != nil || len(s.execs) == 0 {
		return first, err
	}
	nodes := make([]int32, g.Count)
	for i := range nodes {
		nodes[i] = int32(first + i)
	}
	s.appear(nodes, nil)
	return first, nil
}

// Step handles the next event; it reports whether there was one.
func (s *Sim) Step() bool { return s.eng.Step() }

// RunUntil handles every event up to and including t, then sets the clock to t.
func (s *Sim) RunUntil(t time.Time) { s.eng.RunUntil(engine.TimeOf(t)) }

// RunSome handles at most max events up to t (RunUntil in slices): it
// reports whether it reached t. The result of a simulation does not depend
// on how it was sliced.
func (s *Sim) RunSome(t time.Time, max int) bool { return s.eng.RunSome(engine.TimeOf(t), max) }

// Events handled reports how many events the simulation has handled; with
// StepTo it names a point of a simulation exactly (see server.Journal).

// StepTo handles events until n have been handled in all (or none is
// left), then moves the clock to t if t is later: the point a call was
// made at, rebuilt exactly.
func (s *Sim) StepTo(n uint64, t time.Time) { s.eng.StepTo(n, engine.TimeOf(t)) }

// RunToHorizon ends a simulation at t: it handles every event before t
// and, at t itself, what ends or changes things — completions, Duration
// cut-offs, alarm and fleet changes — but starts no execution (no
// schedule tick, no start) at t. So a horizon of 7 days over rate(1 day)
// covers 7 runs, not an 8th that would show as just begun. The clock
// then reads t.
func (s *Sim) RunToHorizon(t time.Time) { s.eng.RunBefore(engine.TimeOf(t), classStart) }

// Run handles events until none is left.
func (s *Sim) Run() { s.eng.Run() }

// Handle implements engine.Handler.
func (s *Sim) Handle(ev engine.Event) {
	switch ev.Kind {
	case kindTargetDone:
		s.targetDone(ev.A, ev.B, ev.C, ev.Aux)
	case kindPickedUp:
		s.pickedUp(ev.A, ev.B, ev.C)
	case kindExecStart:
		s.startExecution(ev.A, trigger(ev.B))
	case kindAlarm:
		s.applyAlarm(ev.A, ev.B)
	case kindCutoff:
		s.cutoff(ev.A)
	case kindFleet:
		s.applyFleetOp(ev.A)
	case kindTick:
		s.tick(ev.A, ev.B)
	default:
		panic(fmt.Sprintf("sim: unknown event kind %d", ev.Kind))
	}
}

func (s *Sim) trace(t Trace) {
	if s.observer != nil {
		s.observer(t)
	}
}
