package sim

import (
	"bufio"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/calendar"
	"github.com/ssmsim/ssmsim/model/schedule"
	"github.com/ssmsim/ssmsim/sim/compliance"
	"github.com/ssmsim/ssmsim/sim/engine"
	"github.com/ssmsim/ssmsim/sim/status"
)

// A snapshot is the whole state of a simulation, written so that a
// simulation restored from it goes on exactly as the original would have:
// same events in the same order, same draws, same IDs, same answers. It is
// what lets `ssmsim serve --state` restart in bounded time instead of
// re-simulating everything since the start.
//
// The snapshot is a gob stream of plain records written one after another
// (a header, the engine, the fleet, documents, alarms, fleet changes,
// compliance, then each association and each execution). Writing one
// first copies the state (Capture), so that the encoding and the disk do
// not hold up the simulation. Values of the API's own
// types are kept as their JSON, the form the API answers in, so that what
// the API shows (empty lists as [], absent members absent) survives
// exactly. What can be derived — parsed schedules, documents and calendars,
// lookup tables, caches — is rebuilt on restore. Nothing iterates a map
// into the stream: one state gives one byte sequence.

// SnapshotFormat names the snapshot format; a snapshot of another format
// is refused.
const SnapshotFormat = "ssmsim-snapshot/1"

// ErrSnapshotFormat is wrapped by the error for a snapshot of another
// format (or not a snapshot at all).
var ErrSnapshotFormat = errors.New("not a snapshot of format " + SnapshotFormat)

type snapHeader struct {
	Format     string
	Seed       uint64
	StartMilli int64
	Decisions  Decisions
	Prechecked bool
	Active     int
	Assocs     int // how many association records follow the fixed part
	Execs      int // how many execution records follow those
}

type snapFleet struct {
	Kind      []IDKind
	TagSets   []byte // JSON [][]model.Tag
	TagSet    []uint32
	Behaviors []Behavior
	Behavior  []uint16
	Platform  []uint8
	Override  []Override
	State     []nodeState
	RNG       []byte // per node, PCG.MarshalBinary
}

type snapDocument struct {
	Name     string
	Desc     []byte // JSON model.DocumentDescription
	Content  string
	Cmd      []byte // JSON *catalog.Document; null for none
	Calendar bool   // a Change Calendar: parsed again from Content
}

type snapAlarm struct {
	Name        string
	State       model.AlarmState
	PollFailing bool
}

type snapFleetOp struct {
	Kind  fleetOpKind
	Nodes []int32
	Tags  []byte // JSON []model.Tag
}

type snapCompliance struct {
	Resource, Type string
	Items          []byte // JSON []model.ComplianceItem
	Summary        []byte // JSON model.ComplianceExecutionSummary
	Hash           string
}

type snapVersion struct {
	Info       []byte // JSON model.AssociationVersionInfo
	Alarm      []byte // JSON *model.AlarmConfiguration
	Conc, Errs model.RateValue
	HasErrs    bool
	DocVersion string
}

type snapAssoc struct {
	Tombstone   bool // purged under retention: the shared tombstone
	Index       int32
	ID          string
	Versions    []snapVersion
	Created     engine.Time
	Updated     engine.Time
	Legacy      bool
	Deleted     bool
	Execs       []int32
	Reported    int32
	Forgotten   int32
	Running     int32
	Pending     trigger
	LastDone    int32
	LastExec    engine.Time
	LastSuccess engine.Time
	Triggered   []byte // JSON []model.AlarmStateInformation
	Joiners     []int32
	SchedGen    int32
	NextBase    engine.Time
	Spent       bool
	Tags        []byte  // JSON []model.Tag
	Status      []byte  // JSON model.AssociationStatus
	Nodes       []int32 // four per node of the window: exec, rec, compExec, compRec
	NodeBase    int32
	Agg         status.Counts
}

type snapExec struct {
	Nil         bool // freed under retention
	Index       int32
	Assoc       int32
	Version     int32
	ID          string
	Trigger     trigger
	Created     engine.Time
	Last        engine.Time
	Targets     []int32
	Total       int32
	Next        int32
	Inflight    int32
	Peak        int32
	Concurrency int32
	Threshold   int
	Errors      int32
	Stop        StopReason
	Done        bool
	// Records, column by column.
	Dispatched []engine.Time
	Finished   []engine.Time
	Node       []int32
	Status     []status.Code
	Outcome    []status.Code
	Detail     []status.Detail
	Extra      []bool
	Counts     status.Counts
	Alarm      []byte // JSON *model.AlarmConfiguration
	Triggered  []byte // JSON []model.AlarmStateInformation
	GateNames  []string
	GateOpen   bool
	GateUntil  engine.Time
	GatePrimed bool
	Skipped    bool
	HaltedAt   engine.Time
	DoneOrder  []int32
	ExtraN     int32
	ExtraFly   int32
	Gone       bool // forgotten: past the retention window
	Undeliv    int32
}

// snapEnd closes a snapshot: a stream cut short lacks it.
const snapEnd = "end of " + SnapshotFormat

// WriteSnapshot writes the simulation's whole state to w. The simulation is
// not changed. The Observer and OnExecutionDone callback are not part of
// it: a restored simulation gets its own.
func (s *Sim) WriteSnapshot(w io.Writer) error { return s.Capture().Write(w) }

// Captured is a simulation's state taken at one instant (Capture), ready
// to be written while the simulation goes on.
type Captured struct {
	header snapHeader
	eng    engine.State
	fleet  snapFleet
	docs   []snapDocument
	alarms []snapAlarm
	ops    []snapFleetOp
	comp   []snapCompliance
	assocs []snapAssoc
	execs  []snapExec
}

// Capture copies the simulation's state, so that it can be written
// (Captured.Write) while the simulation changes: a server holds its lock
// for the copy only, not for the encoding and the disk. It costs about as
// much memory as the state itself.
func (s *Sim) Capture() *Captured {
	c := &Captured{
		header: snapHeader{Format: SnapshotFormat, Seed: s.cfg.Seed, StartMilli: s.cfg.Start.UnixMilli(), Decisions: s.cfg.Decisions,
			Prechecked: s.prechecked, Active: s.active, Assocs: len(s.assocs), Execs: len(s.execs)},
		eng:   s.eng.State(),
		fleet: s.fleet.snapshot(),
	}
	c.docs = make([]snapDocument, 0, len(s.documents))
	for _, name := range slices.Sorted(maps.Keys(s.documents)) {
		d := s.documents[name]
		_, isCal := s.calendars[name]
		c.docs = append(c.docs, snapDocument{Name: name, Desc: js(d.desc), Content: d.content, Cmd: js(d.cmd), Calendar: isCal})
	}
	c.alarms = make([]snapAlarm, len(s.alarms))
	for i, a := range s.alarms {
		c.alarms[i] = snapAlarm{Name: a.name, State: a.state, PollFailing: a.pollFailing}
	}
	c.ops = make([]snapFleetOp, len(s.fleetOps))
	for i, op := range s.fleetOps {
		c.ops[i] = snapFleetOp{Kind: op.kind, Nodes: op.nodes, Tags: js(op.tags)}
	}
	for _, v := range s.compliance.Save() {
		c.comp = append(c.comp, snapCompliance{Resource: v.Resource, Type: v.Type, Items: js(v.Items), Summary: js(v.Summary), Hash: v.Hash})
	}
	c.assocs = make([]snapAssoc, len(s.assocs))
	for i, a := range s.assocs {
		c.assocs[i] = a.snapshot()
	}
	c.execs = make([]snapExec, len(s.execs))
	for i, e := range s.execs {
		c.execs[i] = e.snapshot()
	}
	return c
}

// Write writes the captured state as a snapshot (ReadSnapshot reads it).
func (c *Captured) Write(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := gob.NewEncoder(bw)
	for _, v := range []any{c.header, c.eng, c.fleet, c.docs, c.alarms, c.ops, c.comp} {
		if err := enc.Encode(v); err != nil {
			return err
		}
	}
	for i := range c.assocs {
		if err := enc.Encode(&c.assocs[i]); err != nil {
			return err
		}
	}
	for i := range c.execs {
		if err := enc.Encode(&c.execs[i]); err != nil {
			return err
		}
	}
	if err := enc.Encode(snapEnd); err != nil {
		return err
	}
	return bw.Flush()
}

// RestoreOptions is what a restored simulation gets that a snapshot does
// not hold.
type RestoreOptions struct {
	Observer Observer
}

// ReadSnapshot rebuilds a simulation from a snapshot WriteSnapshot wrote.
// A snapshot of another format, cut short or damaged is refused with an
// error (wrapping ErrSnapshotFormat when it is not this format at all).
func ReadSnapshot(r io.Reader, opts RestoreOptions) (s *Sim, err error) {
	dec := gob.NewDecoder(bufio.NewReaderSize(r, 1<<16))
	step := "header"
	get := func(what string, v any) error {
		step = what
		return dec.Decode(v)
	}
	defer func() {
		if err != nil {
			err = fmt.Errorf("snapshot: reading the %s: %w", step, err)
		}
	}()
	var h snapHeader
	if err := get("header", &h); err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrSnapshotFormat, err)
	}
	if h.Format != SnapshotFormat {
		return nil, fmt.Errorf("%w: format %q", ErrSnapshotFormat, h.Format)
	}
	s, err = New(Config{Seed: h.Seed, Start: time.UnixMilli(h.StartMilli).UTC(), Decisions: h.Decisions, Observer: opts.Observer})
	if err != nil {
		return nil, err
	}
	s.prechecked, s.active = h.Prechecked, h.Active
	var st engine.State
	if err := get("engine", &st); err != nil {
		return nil, err
	}
	s.eng = engine.Restore(st, s)
	var sf snapFleet
	if err := get("fleet", &sf); err != nil {
		return nil, err
	}
	if err := s.fleet.restore(sf); err != nil {
		return nil, err
	}
	var docs []snapDocument
	if err := get("documents", &docs); err != nil {
		return nil, err
	}
	for _, sd := range docs {
		d := &document{content: sd.Content}
		if err := unjs(sd.Desc, &d.desc); err != nil {
			return nil, err
		}
		if err := unjs(sd.Cmd, &d.cmd); err != nil {
			return nil, err
		}
		if sd.Calendar {
			c, err := calendar.Parse(sd.Name, []byte(sd.Content))
			if err != nil {
				return nil, fmt.Errorf("calendar %s: %w", sd.Name, err)
			}
			s.calendars[sd.Name] = c
		}
		s.documents[sd.Name] = d
	}
	var alarms []snapAlarm
	if err := get("alarms", &alarms); err != nil {
		return nil, err
	}
	for i, a := range alarms {
		s.alarms = append(s.alarms, &alarm{name: a.Name, state: a.State, pollFailing: a.PollFailing})
		s.alarmByName[a.Name] = int32(i)
	}
	var ops []snapFleetOp
	if err := get("fleet changes", &ops); err != nil {
		return nil, err
	}
	for _, op := range ops {
		f := fleetOp{kind: op.Kind, nodes: op.Nodes}
		if err := unjs(op.Tags, &f.tags); err != nil {
			return nil, err
		}
		s.fleetOps = append(s.fleetOps, f)
	}
	var comp []snapCompliance
	if err := get("compliance", &comp); err != nil {
		return nil, err
	}
	for _, c := range comp {
		v := compliance.Saved{Resource: c.Resource, Type: c.Type, Hash: c.Hash}
		if err := errors.Join(unjs(c.Items, &v.Items), unjs(c.Summary, &v.Summary)); err != nil {
			return nil, err
		}
		s.compliance.Restore(v)
	}
	s.assocs = make([]*association, h.Assocs)
	for i := range s.assocs {
		var sa snapAssoc
		if err := get(fmt.Sprintf("association %d", i+1), &sa); err != nil {
			return nil, err
		}
		a, err := s.restoreAssoc(sa)
		if err != nil {
			return nil, fmt.Errorf("association %d: %w", i+1, err)
		}
		s.assocs[i] = a
		if a != tombstone {
			a.windows = &s.windows
			if len(a.nodes) > 0 {
				s.windows.grew(a.index, 0, 0, a.nodeBase, a.nodeBase+int32(len(a.nodes)))
			}
		}
		if !sa.Tombstone && !sa.Deleted { // a deleted association is found by no ID
			s.byID[a.id] = int32(i)
		}
	}
	s.execs = make([]*execution, h.Execs)
	for i := range s.execs {
		var se snapExec
		if err := get(fmt.Sprintf("execution %d", i+1), &se); err != nil {
			return nil, err
		}
		if s.execs[i], err = restoreExec(se); err != nil {
			return nil, fmt.Errorf("execution %d: %w", i+1, err)
		}
	}
	var end string
	if err := get("end", &end); err != nil || end != snapEnd {
		return nil, fmt.Errorf("the snapshot is cut short or damaged (%v)", err)
	}
	return s, nil
}

func (f *Fleet) snapshot() snapFleet {
	rng := make([]byte, 0, 16*len(f.rng))
	for i := range f.rng {
		b, _ := f.rng[i].MarshalBinary() // "pcg:" and two 8-byte words
		rng = append(rng, b[len(b)-16:]...)
	}
	// Capture copies what changes in place (a node's tags, override and
	// state) and shares what only grows: an append never touches the part
	// a capture holds.
	return snapFleet{Kind: f.kind, TagSets: js(f.tagSets), TagSet: slices.Clone(f.tagSet), Behaviors: f.behaviors,
		Behavior: f.behavior, Platform: f.platform, Override: slices.Clone(f.override), State: slices.Clone(f.state), RNG: rng}
}

func (f *Fleet) restore(sf snapFleet) error {
	n := len(sf.Kind)
	if len(sf.TagSet) != n || len(sf.Behavior) != n || len(sf.Platform) != n || len(sf.Override) != n || len(sf.State) != n || len(sf.RNG) != 16*n {
		return fmt.Errorf("fleet: columns of different lengths")
	}
	if err := unjs(sf.TagSets, &f.tagSets); err != nil {
		return err
	}
	f.kind, f.tagSet, f.behaviors, f.behavior = sf.Kind, sf.TagSet, sf.Behaviors, sf.Behavior
	f.setSize = nil
	f.platform, f.override, f.state = sf.Platform, sf.Override, sf.State
	f.rng = make([]rand.PCG, n)
	for i := range f.rng {
		b := append([]byte("pcg:"), sf.RNG[16*i:16*i+16]...)
		if err := f.rng[i].UnmarshalBinary(b); err != nil {
			return err
		}
	}
	f.samplers = make([]behaviorSamplers, len(f.behaviors))
	for i, b := range f.behaviors {
		f.samplers[i] = b.samplers()
		if f.behaviorN == nil {
			f.behaviorN = map[Behavior]uint16{}
		}
		if _, ok := f.behaviorN[b]; !ok {
			f.behaviorN[b] = uint16(i)
		}
	}
	for _, ts := range f.tagSet {
		if int(ts) >= len(f.tagSets) {
			return fmt.Errorf("fleet: tag set %d of %d", ts, len(f.tagSets))
		}
		f.countSet(ts, 1)
	}
	for _, b := range f.behavior {
		if int(b) >= len(f.behaviors) {
			return fmt.Errorf("fleet: behaviour %d of %d", b, len(f.behaviors))
		}
	}
	return nil
}

func (a *association) snapshot() snapAssoc {
	if a == tombstone {
		return snapAssoc{Tombstone: true}
	}
	sa := snapAssoc{Index: a.index, ID: a.id, Created: a.created, Updated: a.updated, Legacy: a.legacy, Deleted: a.deleted,
		Execs: a.execs, Reported: a.reported, Forgotten: a.forgotten, Running: a.running, Pending: a.pending,
		LastDone: a.lastDone, LastExec: a.lastExec, LastSuccess: a.lastSuccess, Triggered: js(a.triggered),
		Joiners: a.joiners, SchedGen: a.schedGen, NextBase: a.nextBase, Spent: a.spent, Tags: js(a.tags),
		Status: js(a.status), Agg: a.agg, NodeBase: a.nodeBase}
	for _, v := range a.versions {
		sa.Versions = append(sa.Versions, snapVersion{Info: js(v.info), Alarm: js(v.alarm), Conc: v.conc, Errs: v.errs, HasErrs: v.hasErrs, DocVersion: v.docVersion})
	}
	sa.Nodes = make([]int32, 0, 4*len(a.nodes))
	for _, r := range a.nodes {
		sa.Nodes = append(sa.Nodes, r.exec, r.rec, r.compExec, r.compRec)
	}
	return sa
}

func (s *Sim) restoreAssoc(sa snapAssoc) (*association, error) {
	if sa.Tombstone {
		return tombstone, nil
	}
	a := &association{index: sa.Index, id: sa.ID, created: sa.Created, updated: sa.Updated, legacy: sa.Legacy, deleted: sa.Deleted,
		execs: sa.Execs, reported: sa.Reported, forgotten: sa.Forgotten, running: sa.Running, pending: sa.Pending,
		lastDone: sa.LastDone, lastExec: sa.LastExec, lastSuccess: sa.LastSuccess, joiners: sa.Joiners,
		schedGen: sa.SchedGen, nextBase: sa.NextBase, spent: sa.Spent, agg: sa.Agg, nodeBase: sa.NodeBase}
	if err := errors.Join(unjs(sa.Triggered, &a.triggered), unjs(sa.Tags, &a.tags), unjs(sa.Status, &a.status)); err != nil {
		return nil, err
	}
	for _, sv := range sa.Versions {
		v := version{conc: sv.Conc, errs: sv.Errs, hasErrs: sv.HasErrs, docVersion: sv.DocVersion}
		if err := errors.Join(unjs(sv.Info, &v.info), unjs(sv.Alarm, &v.alarm)); err != nil {
			return nil, err
		}
		sched, err := schedule.ValidateAssociation(schedule.AssociationRules{
			Expression: v.info.ScheduleExpression, ApplyOnlyAtCronInterval: v.info.ApplyOnlyAtCronInterval,
			ScheduleOffset: v.info.ScheduleOffset, Duration: v.info.Duration,
		})
		if err != nil {
			return nil, fmt.Errorf("schedule %q: %w", v.info.ScheduleExpression, err)
		}
		v.sched = sched
		doc, ok := s.commandDoc(v.info.Name)
		if !ok {
			return nil, fmt.Errorf("no document %q", v.info.Name)
		}
		v.doc = doc
		a.versions = append(a.versions, v)
	}
	if len(sa.Nodes)%4 != 0 {
		return nil, fmt.Errorf("node table of %d values", len(sa.Nodes))
	}
	a.nodes = make([]nodeRef, len(sa.Nodes)/4)
	for i := range a.nodes {
		n := sa.Nodes[4*i:]
		a.nodes[i] = nodeRef{exec: n[0], rec: n[1], compExec: n[2], compRec: n[3]}
	}
	return a, nil
}

// snapshot shares the execution's targets, which only grow, with Capture;
// the records are copied into columns, and the completion order is copied
// (only a running execution has one, and its buffer is reused once the
// execution is reported).
func (e *execution) snapshot() snapExec {
	if e == nil {
		return snapExec{Nil: true}
	}
	se := snapExec{Index: e.index, Assoc: e.assoc, Version: e.version, ID: e.id, Trigger: e.trigger, Created: e.created, Last: e.last,
		Targets: e.targets, Total: e.total, Next: e.next, Inflight: e.inflight, Peak: e.peak, Concurrency: e.concurrency,
		Threshold: e.threshold, Errors: e.errors, Stop: e.stop, Done: e.done, Counts: e.counts,
		Alarm: js(e.alarm), Triggered: js(e.triggered), GateNames: e.gate.names, GateOpen: e.gate.open, GateUntil: e.gate.until,
		GatePrimed: e.gate.primed, Skipped: e.skipped, HaltedAt: e.haltedAt, DoneOrder: slices.Clone(e.doneOrder), ExtraN: e.extra,
		ExtraFly: e.extraFlying, Gone: e.forgotten, Undeliv: e.undelivered}
	n := len(e.records)
	se.Dispatched, se.Finished, se.Node = make([]engine.Time, n), make([]engine.Time, n), make([]int32, n)
	se.Status, se.Outcome, se.Detail, se.Extra = make([]status.Code, n), make([]status.Code, n), make([]status.Detail, n), make([]bool, n)
	for i := range e.records {
		r := &e.records[i]
		se.Dispatched[i], se.Finished[i], se.Node[i] = e.dispatchedAt(int32(i), r), e.endAt(int32(i), r), r.node // a run in flight: its planned end
		se.Status[i], se.Outcome[i], se.Detail[i], se.Extra[i] = r.status, r.outcome, r.detail, r.extra
	}
	return se
}

func restoreExec(se snapExec) (*execution, error) {
	if se.Nil {
		return nil, nil
	}
	e := &execution{index: se.Index, assoc: se.Assoc, version: se.Version, id: se.ID, trigger: se.Trigger, created: se.Created,
		last: se.Last, targets: se.Targets, total: se.Total, next: se.Next, inflight: se.Inflight, peak: se.Peak,
		concurrency: se.Concurrency, threshold: se.Threshold, errors: se.Errors, stop: se.Stop, done: se.Done, counts: se.Counts,
		gate:    gate{names: se.GateNames, open: se.GateOpen, until: se.GateUntil, primed: se.GatePrimed},
		skipped: se.Skipped, haltedAt: se.HaltedAt, doneOrder: se.DoneOrder, extra: se.ExtraN, extraFlying: se.ExtraFly,
		forgotten: se.Gone, undelivered: se.Undeliv}
	if err := errors.Join(unjs(se.Alarm, &e.alarm), unjs(se.Triggered, &e.triggered)); err != nil {
		return nil, err
	}
	n := len(se.Node)
	if len(se.Dispatched) != n || len(se.Finished) != n || len(se.Status) != n || len(se.Outcome) != n || len(se.Detail) != n || len(se.Extra) != n {
		return nil, fmt.Errorf("record columns of different lengths")
	}
	if n > 0 {
		e.records = make([]targetRecord, n)
	}
	for i := range e.records {
		r := &e.records[i]
		*r = targetRecord{node: se.Node[i], status: se.Status[i], outcome: se.Outcome[i], detail: se.Detail[i], extra: se.Extra[i]}
		e.setDispatched(int32(i), r, se.Dispatched[i])
		e.setFinished(int32(i), r, se.Finished[i])
	}
	return e, nil
}

// js is v as JSON, the API's own form of its types (none of which fails to
// encode).
func js(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("sim: snapshot: " + err.Error())
	}
	return b
}

func unjs(b []byte, v any) error {
	if len(b) == 0 {
		return nil
	}
	return json.Unmarshal(b, v)
}
