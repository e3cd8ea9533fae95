package sim

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/engine"
)

// association is the control plane's record of one association: its
// versions (full snapshots, UpdateAssociation replaces) and runtime state.
type association struct {
	index    int32
	id       string
	versions []model.AssociationVersionInfo
	created  engine.Time
	updated  engine.Time
	legacy   bool // created with the deprecated InstanceId member
	conc     model.RateValue
	errs     model.RateValue
	hasErrs  bool
	runOnce  bool // no schedule: runs once (D17: its first execution reuses the AssociationId)

	execs       []int32 // executions, oldest first
	running     int32   // execution in progress, or -1
	lastDone    int32   // newest finished execution, or -1
	lastExec    engine.Time
	lastSuccess engine.Time

	// Per node: the execution and record of the node's latest run, -1 if none.
	latestExec []int32
	latestRec  []int32
	agg        statusCounts // nodes by latest status (D11)
}

func (a *association) version() *model.AssociationVersionInfo { return &a.versions[len(a.versions)-1] }

// trigger says why an execution started.
type trigger uint8

const (
	triggerCreate trigger = iota + 1
	triggerManual
)

var (
	documentNameRE    = regexp.MustCompile(model.DocumentARNPattern)
	associationNameRE = regexp.MustCompile(model.AssociationNamePattern)
	documentVersionRE = regexp.MustCompile(`([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)`)
)

// CreateAssociation creates an association at the current virtual time and,
// unless ApplyOnlyAtCronInterval is set, queues its first execution at the
// same instant (after every control action of that instant).
func (s *Sim) CreateAssociation(in model.CreateAssociationInput) (*model.CreateAssociationOutput, error) {
	var vs []model.Violation
	if !documentNameRE.MatchString(in.Name) {
		vs = append(vs, model.Violation{Value: in.Name, Member: "name", Constraint: "Member must satisfy regular expression pattern: " + model.DocumentARNPattern})
	}
	if in.AssociationName != "" && !associationNameRE.MatchString(in.AssociationName) {
		vs = append(vs, model.Violation{Value: in.AssociationName, Member: "associationName", Constraint: "Member must satisfy regular expression pattern: " + model.AssociationNamePattern})
	}
	if in.DocumentVersion != "" && !documentVersionRE.MatchString(in.DocumentVersion) {
		vs = append(vs, model.Violation{Value: in.DocumentVersion, Member: "documentVersion", Constraint: `Member must satisfy regular expression pattern: ([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)`})
	}
	if len(in.Targets) > 5 {
		vs = append(vs, model.Violation{Value: targetsString(in.Targets), Member: "targets", Constraint: "Member must have length less than or equal to 5"})
	}
	for i, t := range in.Targets {
		if len(t.Values) > 50 {
			vs = append(vs, model.Violation{Value: "[" + strings.Join(t.Values, ", ") + "]", Member: "targets." + strconv.Itoa(i+1) + ".member.values", Constraint: "Member must have length less than or equal to 50"})
		}
		if len(t.Key) < 1 || len(t.Key) > 163 {
			vs = append(vs, model.Violation{Value: t.Key, Member: "targets." + strconv.Itoa(i+1) + ".member.key", Constraint: "Member must have length between 1 and 163"})
		}
	}
	conc, errs := s.defConc, model.RateValue{}
	hasErrs := false
	if in.MaxConcurrency != "" {
		r, err := model.ParseMaxConcurrency(in.MaxConcurrency, "maxConcurrency")
		if err != nil {
			vs = append(vs, violationsOf(err)...)
		}
		conc = r
	}
	if in.MaxErrors != "" {
		r, err := model.ParseMaxErrors(in.MaxErrors, "maxErrors")
		if err != nil {
			vs = append(vs, violationsOf(err)...)
		}
		errs, hasErrs = r, true
	}
	if len(vs) > 0 {
		return nil, model.ValidationError(vs...)
	}
	if in.InstanceID != "" && len(in.Targets) > 0 {
		return nil, model.NewError(model.ErrCodeInvalidTarget, "Specify either InstanceId or Targets, not both.")
	}
	if in.InstanceID == "" && len(in.Targets) == 0 {
		return nil, model.NewError(model.ErrCodeInvalidTarget, "Targets must be specified.")
	}
	if in.ScheduleExpression != "" {
		return nil, model.NewError(model.ErrCodeInvalidSchedule, "Schedule expression %s is not supported by this version of ssmsim: associations run once, at creation or on StartAssociationsOnce.", in.ScheduleExpression)
	}
	if in.InstanceID != "" {
		if _, ok := s.fleet.Lookup(in.InstanceID); !ok {
			return nil, model.NewError(model.ErrCodeInvalidInstanceID, "Instance %s is not a managed node of this simulation.", in.InstanceID)
		}
	}
	if err := s.fleet.checkTargets(in.Targets); err != nil {
		return nil, err
	}

	now := s.eng.Now()
	idx := int32(len(s.assocs))
	a := &association{
		index: idx, id: s.streams.UUID(streamAssocID, uint64(idx), 0),
		created: now, updated: now, legacy: in.InstanceID != "",
		conc: conc, errs: errs, hasErrs: hasErrs, runOnce: in.ScheduleExpression == "",
		running: -1, lastDone: -1,
	}
	v := model.AssociationVersionInfo{
		AssociationID: a.id, AssociationVersion: "1", CreatedDate: stamp(now),
		Name: in.Name, DocumentVersion: in.DocumentVersion, Parameters: in.Parameters,
		Targets: in.Targets, ScheduleExpression: in.ScheduleExpression, OutputLocation: in.OutputLocation,
		AssociationName: in.AssociationName, MaxErrors: in.MaxErrors, MaxConcurrency: in.MaxConcurrency,
		ComplianceSeverity: in.ComplianceSeverity, SyncCompliance: in.SyncCompliance,
		ApplyOnlyAtCronInterval: in.ApplyOnlyAtCronInterval, CalendarNames: in.CalendarNames,
		TargetLocations: in.TargetLocations, ScheduleOffset: in.ScheduleOffset, Duration: in.Duration,
		TargetMaps: in.TargetMaps, AssociationDispatchAssumeRole: in.AssociationDispatchAssumeRole,
	}
	if v.DocumentVersion == "" {
		v.DocumentVersion = "$DEFAULT" // echoed as $DEFAULT when not given (CLI examples)
	}
	if a.legacy {
		// Legacy associations echo Targets [{InstanceIds, [id]}] (API reference sample).
		v.Targets = []model.Target{{Key: "InstanceIds", Values: []string{in.InstanceID}}}
	}
	a.versions = append(a.versions, v)
	s.assocs = append(s.assocs, a)
	s.byID[a.id] = idx
	if !in.ApplyOnlyAtCronInterval {
		s.eng.Schedule(now, classStart, kindExecStart, idx, int32(triggerCreate))
	}
	d := s.describe(a, a.version())
	// The creation response carries the legacy Status object (API reference
	// sample: Name "Associated", Message "Associated with <document>").
	d.Status = &model.AssociationStatus{Date: stamp(now), Name: model.AssociationStatusAssociated, Message: "Associated with " + in.Name}
	return &model.CreateAssociationOutput{AssociationDescription: d}, nil
}

// violationsOf returns the constraint failures behind a ValidationException.
func violationsOf(err error) []model.Violation {
	var e *model.APIError
	if errors.As(err, &e) {
		return e.Violations
	}
	return nil
}

func targetsString(ts []model.Target) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = "Target(key=" + t.Key + ", values=[" + strings.Join(t.Values, ", ") + "])"
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// stamp converts virtual time to a wire timestamp.
func stamp(t engine.Time) model.Timestamp { return model.TimestampOf(t.Std()) }
