package sim

import (
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/schedule"
	"github.com/ssmsim/ssmsim/sim/catalog"
	"github.com/ssmsim/ssmsim/sim/engine"
	"github.com/ssmsim/ssmsim/sim/status"
)

// version is one stored version of an association: the AssociationVersionInfo
// snapshot (UpdateAssociation replaces, never merges) plus the settings
// parsed from it and the members the model keeps outside that snapshot.
type version struct {
	info    model.AssociationVersionInfo
	alarm   *model.AlarmConfiguration
	conc    model.RateValue
	errs    model.RateValue
	hasErrs bool
	sched   *schedule.Schedule // nil: run once
	doc     *catalog.Document
	// docVersion is the document version the association runs: $DEFAULT
	// and $LATEST resolved to a number, as DescribeInstanceAssociationsStatus
	// and compliance Details show it (CLI examples: "DocumentVersion": "1").
	docVersion string
}

// association is the control plane's record of one association.
type association struct {
	index    int32
	id       string
	versions []version
	created  engine.Time
	updated  engine.Time
	legacy   bool // created with the deprecated InstanceId member
	deleted  bool

	execs       []int32 // executions, oldest first
	reported    int32   // of execs, how many OnExecutionDone has seen
	forgotten   int32   // of execs, how many Retention has forgotten
	running     int32   // execution in progress, or -1
	pending     trigger // a start requested while one ran, or 0
	lastDone    int32   // newest finished execution, or -1
	lastExec    engine.Time
	lastSuccess engine.Time
	triggered   []model.AlarmStateInformation // of the newest finished execution
	joiners     []int32                       // new targets waiting for their own execution (D4)
	schedGen    int32                         // bumped by update and delete: older ticks are stale
	nextBase    engine.Time                   // the cron occurrence the next tick stands for
	spent       bool                          // a run-once association whose one run met a closed calendar (D8)
	tags        []model.Tag
	status      model.AssociationStatus // the legacy root Status (UpdateAssociationStatus)

	// Per node: the execution and record of the node's latest run, -1 if
	// none. A window of node numbers, [nodeBase, nodeBase+len(nodes)),
	// grown to the nodes the association has touched: an association of
	// 50 nodes in a fleet of 100,000 holds 50 entries, not 100,000.
	nodes    []nodeRef
	nodeBase int32
	windows  *windowIndex  // the simulation's, told when the window grows
	agg      status.Counts // nodes by latest status (D11)
}

// nodeRef is what an association remembers of one node: the execution and
// record of its latest run, and of the run deciding its compliance (-1:
// none). One 16-byte struct rather than four arrays, because completions
// arrive in random node order and each would otherwise miss the cache four
// times.
type nodeRef struct {
	exec, rec         int32 // refPending: a target that has not run the association yet
	compExec, compRec int32
}

// refPending marks a node targeted by an execution that has not run the
// association yet: its status is Pending (describe-association CLI
// example: Overview {"Pending": 1} before the node ran).
const refPending = -2

// noRef is a node the association has no run of.
var noRef = nodeRef{-1, -1, -1, -1}

// node returns node n's reference, growing the window to take n in.
func (a *association) node(n int32, fleetLen int) *nodeRef {
	if i := int(n) - int(a.nodeBase); i >= 0 && i < len(a.nodes) {
		return &a.nodes[i]
	}
	oldLo, oldHi := a.nodeBase, a.nodeBase+int32(len(a.nodes))
	switch {
	case len(a.nodes) == 0:
		a.nodeBase = n
		a.nodes = append(a.nodes, noRef)
	case n < a.nodeBase:
		front := make([]nodeRef, int(a.nodeBase-n), int(a.nodeBase-n)+len(a.nodes))
		for i := range front {
			front[i] = noRef
		}
		a.nodes, a.nodeBase = append(front, a.nodes...), n
	case int(n-a.nodeBase) >= len(a.nodes):
		want := int(n-a.nodeBase) + 1
		if cap(a.nodes) < want {
			// Double, within the fleet: a fleet-wide association grows
			// in a few steps, a small one stays small.
			a.nodes = slices.Grow(a.nodes, min(max(want, 2*len(a.nodes)), max(want, fleetLen-int(a.nodeBase)))-len(a.nodes))
		}
		for len(a.nodes) < want {
			a.nodes = append(a.nodes, noRef)
		}
	}
	if a.windows != nil {
		a.windows.grew(a.index, oldLo, oldHi, a.nodeBase, a.nodeBase+int32(len(a.nodes)))
	}
	return &a.nodes[n-a.nodeBase]
}

// cover grows the window to take in every node of targets at once: an
// execution's targets arrive together, and growing one node at a time
// would allocate the window of a fleet-wide association some twenty times
// (400 MB of copies at ten million nodes for a 160 MB window).
func (a *association) cover(targets []int32) {
	if len(targets) == 0 {
		return
	}
	lo, hi := targets[0], targets[0]
	for _, n := range targets[1:] {
		lo, hi = min(lo, n), max(hi, n)
	}
	oldLo, oldHi := a.nodeBase, a.nodeBase+int32(len(a.nodes))
	if len(a.nodes) > 0 {
		if lo >= oldLo && hi < oldHi {
			return
		}
		lo, hi = min(lo, oldLo), max(hi, oldHi-1)
	}
	nodes := make([]nodeRef, hi-lo+1)
	for i := range nodes {
		nodes[i] = noRef
	}
	if len(a.nodes) > 0 {
		copy(nodes[oldLo-lo:], a.nodes)
	}
	a.nodes, a.nodeBase = nodes, lo
	if a.windows != nil {
		a.windows.grew(a.index, oldLo, oldHi, lo, hi+1)
	}
}

// ref returns node n's reference, or nil outside the window.
func (a *association) ref(n int32) *nodeRef {
	i := int(n) - int(a.nodeBase)
	if i < 0 || i >= len(a.nodes) {
		return nil
	}
	return &a.nodes[i]
}

// latest returns node n's latest run, if it has one.
func (a *association) latest(n int32) (exec, rec int32, ok bool) {
	r := a.ref(n)
	if r == nil || r.exec < 0 {
		return 0, 0, false
	}
	return r.exec, r.rec, true
}

func (a *association) version() *version { return &a.versions[len(a.versions)-1] }

// runOnce reports whether the association has no schedule (D17).
func (a *association) runOnce() bool { return a.version().info.ScheduleExpression == "" }

// trigger says why an execution started.
type trigger uint8

const (
	triggerCreate trigger = iota + 1
	triggerManual
	triggerUpdate
	triggerTargetChange
	triggerSchedule
)

var triggerNames = [...]string{"", "create", "manual", "update", "target-change", "schedule"}

func (t trigger) String() string { return triggerNames[t] }

// spec is what CreateAssociation, a CreateAssociationBatch entry and
// UpdateAssociation have in common: the association's whole definition.
type spec struct {
	Name                          string
	DocumentVersion               string
	InstanceID                    string
	Parameters                    map[string][]string
	Targets                       []model.Target
	ScheduleExpression            string
	OutputLocation                *model.InstanceAssociationOutputLocation
	AssociationName               string
	AutomationTargetParameterName string
	MaxErrors                     string
	MaxConcurrency                string
	ComplianceSeverity            model.ComplianceSeverity
	SyncCompliance                model.SyncCompliance
	ApplyOnlyAtCronInterval       bool
	CalendarNames                 []string
	TargetLocations               []model.TargetLocation
	ScheduleOffset                int32
	Duration                      int32
	TargetMaps                    []map[string][]string
	AlarmConfiguration            *model.AlarmConfiguration
	AssociationDispatchAssumeRole string
}

// specOf reads an association's definition out of a CreateAssociation,
// CreateAssociationBatch entry or UpdateAssociation request: each member
// spec has, found by name in the request (spec's own field list is the one
// list of them; TestSpecOf_EveryMember checks the requests still have
// every one).
func specOf(in any) spec {
	var sp spec
	dst := reflect.ValueOf(&sp).Elem()
	src := reflect.ValueOf(in)
	for i := range dst.NumField() {
		f := dst.Type().Field(i)
		if sf := src.FieldByName(f.Name); sf.IsValid() && sf.Type() == f.Type {
			dst.Field(i).Set(sf)
		}
	}
	return sp
}

// constraints parses the rate controls and applies the few rules the
// service model cannot state; the model's own constraints (lengths,
// patterns, ranges) were applied to the request before (checkRequest).
func (s *Sim) constraints(in spec) (version, error) {
	var vs []model.Violation
	add := func(value, member, constraint string) {
		vs = append(vs, model.Violation{Value: value, Member: member, Constraint: constraint})
	}
	v := version{conc: s.defConc, alarm: in.AlarmConfiguration}
	if in.MaxConcurrency != "" {
		r, err := model.ParseMaxConcurrency(in.MaxConcurrency, "maxConcurrency")
		vs = append(vs, violationsOf(err)...)
		v.conc = r
	}
	if in.MaxErrors != "" {
		r, err := model.ParseMaxErrors(in.MaxErrors, "maxErrors")
		vs = append(vs, violationsOf(err)...)
		v.errs, v.hasErrs = r, true
	}
	if ac := in.AlarmConfiguration; ac != nil {
		if len(ac.Alarms) != 1 {
			add(strconv.Itoa(len(ac.Alarms))+" alarms", "alarmConfiguration.alarms", "Member must have length between 1 and 1")
		} else if strings.TrimSpace(ac.Alarms[0].Name) == "" {
			add(ac.Alarms[0].Name, "alarmConfiguration.alarms.1.member.name", "Member must have length between 1 and 255 and not be blank")
		}
	}
	if len(vs) > 0 {
		return version{}, model.ValidationError(vs...)
	}
	return v, nil
}

// build validates a spec and turns it into a version (numbered later).
func (s *Sim) build(in spec) (version, error) {
	v, err := s.constraints(in)
	if err != nil {
		return version{}, err
	}
	// Cross-field rules of the API reference. TargetMaps, TargetLocations and
	// AutomationTargetParameterName belong to Automation runbooks, which the
	// simulation does not run; their combination rules are still checked.
	if len(in.TargetMaps) > 0 && len(in.Targets) > 0 {
		return version{}, model.NewError(model.ErrCodeInvalidTargetMaps, "TargetMaps can't be specified together with Targets.")
	}
	if len(in.TargetMaps) > 0 {
		return version{}, model.NewError(model.ErrCodeInvalidTargetMaps, "TargetMaps apply to Automation runbooks; %s is a Command document.", in.Name)
	}
	if len(in.TargetLocations) > 0 {
		return version{}, model.NewError(model.ErrCodeInvalidTarget, "TargetLocations apply to Automation runbooks; %s is a Command document.", in.Name)
	}
	if in.AutomationTargetParameterName != "" {
		return version{}, model.NewError(model.ErrCodeInvalidParameters, "AutomationTargetParameterName applies to Automation runbooks; %s is a Command document.", in.Name)
	}
	if in.InstanceID != "" && len(in.Targets) > 0 {
		return version{}, model.NewError(model.ErrCodeInvalidTarget, "Specify either InstanceId or Targets, not both.")
	}
	if in.InstanceID == "" && len(in.Targets) == 0 {
		return version{}, model.NewError(model.ErrCodeInvalidTarget, "Targets must be specified.")
	}
	sched, err := schedule.ValidateAssociation(schedule.AssociationRules{
		Expression: in.ScheduleExpression, ApplyOnlyAtCronInterval: in.ApplyOnlyAtCronInterval,
		ScheduleOffset: in.ScheduleOffset, Duration: in.Duration,
	})
	if err != nil {
		return version{}, model.NewError(model.ErrCodeInvalidSchedule, "%s", err.Error())
	}
	v.sched = sched
	doc, err := s.checkAssociationDocument(in.Name, in.DocumentVersion, in.Parameters)
	if err != nil {
		return version{}, err
	}
	v.doc = doc
	if err := legacyRules(in, doc); err != nil {
		return version{}, err
	}
	if in.InstanceID != "" {
		n, ok := s.fleet.Lookup(in.InstanceID)
		if !ok {
			return version{}, model.NewError(model.ErrCodeInvalidInstanceID, "Instance %s is not a managed node of this simulation.", in.InstanceID)
		}
		if p := s.fleet.Platform(n); !doc.Supports(p) {
			return version{}, model.NewError(model.ErrCodeUnsupportedPlatformType, "Document %s does not support the %s platform of %s.", doc.Name, p, in.InstanceID)
		}
	}
	if err := s.fleet.checkTargets(in.Targets); err != nil {
		return version{}, err
	}
	for _, c := range in.CalendarNames {
		if _, ok := s.calendars[c]; !ok {
			return version{}, model.NewError(model.ErrCodeInvalidDocument, "Change Calendar %s does not exist.", c)
		}
	}
	v.info = model.AssociationVersionInfo{
		Name: in.Name, DocumentVersion: in.DocumentVersion, Parameters: in.Parameters,
		Targets: in.Targets, ScheduleExpression: in.ScheduleExpression, OutputLocation: in.OutputLocation,
		AssociationName: in.AssociationName, MaxErrors: in.MaxErrors, MaxConcurrency: in.MaxConcurrency,
		ComplianceSeverity: in.ComplianceSeverity, SyncCompliance: in.SyncCompliance,
		ApplyOnlyAtCronInterval: in.ApplyOnlyAtCronInterval, CalendarNames: in.CalendarNames,
		TargetLocations: in.TargetLocations, ScheduleOffset: in.ScheduleOffset, Duration: in.Duration,
		TargetMaps: in.TargetMaps, AssociationDispatchAssumeRole: in.AssociationDispatchAssumeRole,
	}
	v.docVersion = doc.Resolve(in.DocumentVersion)
	if in.InstanceID != "" {
		// Legacy associations echo Targets [{InstanceIds, [id]}] (API reference sample).
		v.info.Targets = []model.Target{{Key: "InstanceIds", Values: []string{in.InstanceID}}}
	}
	return v, nil
}

// legacyRules applies the deprecated InstanceId member's restrictions
// (CreateAssociation API reference, InstanceId): not with AssociationName,
// DocumentVersion, MaxErrors, MaxConcurrency, OutputLocation or
// ScheduleExpression (InvalidTarget: "use the Targets parameter"; the code
// is a decision), and not with documents of schema 2.0 or later
// (InvalidDocument, worded as a real CloudFormation failure quoted it:
// "Document schema version, 2.2, is not supported by association that is
// created with instance id").
func legacyRules(in spec, doc *catalog.Document) error {
	if in.InstanceID == "" {
		return nil
	}
	var used []string
	for _, m := range []struct {
		name string
		set  bool
	}{
		{"AssociationName", in.AssociationName != ""}, {"DocumentVersion", in.DocumentVersion != ""},
		{"MaxErrors", in.MaxErrors != ""}, {"MaxConcurrency", in.MaxConcurrency != ""},
		{"OutputLocation", in.OutputLocation != nil}, {"ScheduleExpression", in.ScheduleExpression != ""},
	} {
		if m.set {
			used = append(used, m.name)
		}
	}
	if len(used) > 0 {
		return model.NewError(model.ErrCodeInvalidTarget, "InstanceId can't be used with %s: specify the managed node with Targets instead.", strings.Join(used, ", "))
	}
	if doc.SchemaVersion != "1.2" {
		return model.NewError(model.ErrCodeInvalidDocument, "Document schema version, %s, is not supported by association that is created with instance id", doc.SchemaVersion)
	}
	return nil
}

// CreateAssociation creates an association at the current virtual time and,
// unless ApplyOnlyAtCronInterval is set, queues its first execution at the
// same instant (after every control action of that instant).
func (s *Sim) CreateAssociation(in model.CreateAssociationInput) (*model.CreateAssociationOutput, error) {
	if err := s.checkRequest("CreateAssociation", in); err != nil {
		return nil, err
	}
	d, err := s.create(specOf(in), in.Tags)
	if err != nil {
		return nil, err
	}
	return &model.CreateAssociationOutput{AssociationDescription: d}, nil
}

// create validates and creates one association (CreateAssociation and each
// CreateAssociationBatch entry).
func (s *Sim) create(sp spec, tags []model.Tag) (*model.AssociationDescription, error) {
	if s.active >= s.maxActive() {
		return nil, model.NewError(model.ErrCodeAssociationLimitExceeded, "You can have at most %d active associations.", s.maxActive())
	}
	v, err := s.build(sp)
	if err != nil {
		return nil, err
	}
	if sp.InstanceID != "" {
		if _, err := s.findAssociation("", sp.Name, sp.InstanceID); err == nil {
			return nil, model.NewError(model.ErrCodeAssociationAlreadyExists, "Association Already Exists")
		}
	}
	if err := checkTags(tags); err != nil {
		return nil, err
	}
	in := sp
	now := s.eng.Now()
	idx := int32(len(s.assocs))
	a := &association{
		index: idx, id: s.streams.UUID(streamAssocID, uint64(idx), 0),
		created: now, updated: now, legacy: in.InstanceID != "", running: -1, lastDone: -1, windows: &s.windows,
	}
	v.info.AssociationID, v.info.AssociationVersion, v.info.CreatedDate = a.id, "1", stamp(now)
	a.versions = append(a.versions, v)
	a.tags = append([]model.Tag(nil), tags...)
	// The legacy Status object (API reference sample: Name "Associated",
	// Message "Associated with <document>").
	a.status = model.AssociationStatus{Date: stamp(now), Name: model.AssociationStatusAssociated, Message: "Associated with " + in.Name}
	s.assocs = append(s.assocs, a)
	s.byID[a.id] = idx
	s.active++
	if !in.ApplyOnlyAtCronInterval {
		s.eng.Schedule(now, classStart, kindExecStart, idx, int32(triggerCreate))
	}
	s.planTick(a, now)
	d := s.describe(a, a.version())
	d.Status = &a.status // the creation response always carries it
	return d, nil
}

// violationsOf returns the constraint failures behind a ValidationException.
func violationsOf(err error) []model.Violation {
	var e *model.APIError
	if errors.As(err, &e) {
		return e.Violations
	}
	return nil
}
