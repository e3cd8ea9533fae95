package ssmapi

import (
	"errors"
	"reflect"
	"strconv"
	"strings"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/schedule"
	"github.com/ssmsim/ssmsim/sim/catalog"
)

// Spec is what CreateAssociation, a CreateAssociationBatch entry and
// UpdateAssociation have in common: the association's whole definition.
type Spec struct {
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

// SpecOf reads an association's definition out of a CreateAssociation,
// CreateAssociationBatch entry or UpdateAssociation request: each member
// Spec has, found by name in the request (Spec's own field list is the one
// list of them; TestSpecOf_EveryMember checks the requests still have
// every one).
func SpecOf(in any) Spec {
	var sp Spec
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

// Definition is a validated Spec, ready to become an association's
// version: the AssociationVersionInfo it will show (its ID, number and
// date still unset) and what was parsed from it.
type Definition struct {
	Info  model.AssociationVersionInfo
	Alarm *model.AlarmConfiguration
	// Concurrency and Errors are the parsed rate controls; HasErrors says
	// whether MaxErrors was given.
	Concurrency, Errors model.RateValue
	HasErrors           bool
	Schedule            *schedule.Schedule // nil: run once
	Document            *catalog.Document
	// DocVersion is the document version it runs ($DEFAULT and $LATEST
	// resolved to a number).
	DocVersion string
}

// Define validates a Spec against the simulation (its documents, nodes
// and calendars) and the rules the service model cannot state; the
// model's own constraints (lengths, patterns, ranges) were applied to the
// request before (Core.Check).
func Define(c Control, in Spec) (Definition, error) {
	var vs []model.Violation
	add := func(value, member, constraint string) {
		vs = append(vs, model.Violation{Value: value, Member: member, Constraint: constraint})
	}
	v := Definition{Concurrency: c.DefaultConcurrency(), Alarm: in.AlarmConfiguration}
	if in.MaxConcurrency != "" {
		r, err := model.ParseMaxConcurrency(in.MaxConcurrency, "maxConcurrency")
		vs = append(vs, violationsOf(err)...)
		v.Concurrency = r
	}
	if in.MaxErrors != "" {
		r, err := model.ParseMaxErrors(in.MaxErrors, "maxErrors")
		vs = append(vs, violationsOf(err)...)
		v.Errors, v.HasErrors = r, true
	}
	if ac := in.AlarmConfiguration; ac != nil {
		if len(ac.Alarms) != 1 {
			add(strconv.Itoa(len(ac.Alarms))+" alarms", "alarmConfiguration.alarms", "Member must have length between 1 and 1")
		} else if strings.TrimSpace(ac.Alarms[0].Name) == "" {
			add(ac.Alarms[0].Name, "alarmConfiguration.alarms.1.member.name", "Member must have length between 1 and 255 and not be blank")
		}
	}
	if len(vs) > 0 {
		return Definition{}, model.ValidationError(vs...)
	}
	// Cross-field rules of the API reference. TargetMaps, TargetLocations and
	// AutomationTargetParameterName belong to Automation runbooks, which the
	// simulation does not run; their combination rules are still checked.
	if len(in.TargetMaps) > 0 && len(in.Targets) > 0 {
		return Definition{}, model.NewError(model.ErrCodeInvalidTargetMaps, "TargetMaps can't be specified together with Targets.")
	}
	if len(in.TargetMaps) > 0 {
		return Definition{}, model.NewError(model.ErrCodeInvalidTargetMaps, "TargetMaps apply to Automation runbooks; %s is a Command document.", in.Name)
	}
	if len(in.TargetLocations) > 0 {
		return Definition{}, model.NewError(model.ErrCodeInvalidTarget, "TargetLocations apply to Automation runbooks; %s is a Command document.", in.Name)
	}
	if in.AutomationTargetParameterName != "" {
		return Definition{}, model.NewError(model.ErrCodeInvalidParameters, "AutomationTargetParameterName applies to Automation runbooks; %s is a Command document.", in.Name)
	}
	if in.InstanceID != "" && len(in.Targets) > 0 {
		return Definition{}, model.NewError(model.ErrCodeInvalidTarget, "Specify either InstanceId or Targets, not both.")
	}
	if in.InstanceID == "" && len(in.Targets) == 0 {
		return Definition{}, model.NewError(model.ErrCodeInvalidTarget, "Targets must be specified.")
	}
	sched, err := schedule.ValidateAssociation(schedule.AssociationRules{
		Expression: in.ScheduleExpression, ApplyOnlyAtCronInterval: in.ApplyOnlyAtCronInterval,
		ScheduleOffset: in.ScheduleOffset, Duration: in.Duration,
	})
	if err != nil {
		return Definition{}, model.NewError(model.ErrCodeInvalidSchedule, "%s", err.Error())
	}
	v.Schedule = sched
	doc, err := associationDocument(c, in.Name, in.DocumentVersion, in.Parameters)
	if err != nil {
		return Definition{}, err
	}
	v.Document = doc
	if err := legacyRules(in, doc); err != nil {
		return Definition{}, err
	}
	if in.InstanceID != "" {
		n, ok := c.Node(in.InstanceID)
		if !ok {
			return Definition{}, model.NewError(model.ErrCodeInvalidInstanceID, "Instance %s is not a managed node of this simulation.", in.InstanceID)
		}
		if p := c.Platform(n); !doc.Supports(p) {
			return Definition{}, model.NewError(model.ErrCodeUnsupportedPlatformType, "Document %s does not support the %s platform of %s.", doc.Name, p, in.InstanceID)
		}
	}
	if err := checkTargets(in.Targets); err != nil {
		return Definition{}, err
	}
	for _, name := range in.CalendarNames {
		if !c.HasCalendar(name) {
			return Definition{}, model.NewError(model.ErrCodeInvalidDocument, "Change Calendar %s does not exist.", name)
		}
	}
	v.Info = model.AssociationVersionInfo{
		Name: in.Name, DocumentVersion: in.DocumentVersion, Parameters: in.Parameters,
		Targets: in.Targets, ScheduleExpression: in.ScheduleExpression, OutputLocation: in.OutputLocation,
		AssociationName: in.AssociationName, MaxErrors: in.MaxErrors, MaxConcurrency: in.MaxConcurrency,
		ComplianceSeverity: in.ComplianceSeverity, SyncCompliance: in.SyncCompliance,
		ApplyOnlyAtCronInterval: in.ApplyOnlyAtCronInterval, CalendarNames: in.CalendarNames,
		TargetLocations: in.TargetLocations, ScheduleOffset: in.ScheduleOffset, Duration: in.Duration,
		TargetMaps: in.TargetMaps, AssociationDispatchAssumeRole: in.AssociationDispatchAssumeRole,
	}
	v.DocVersion = doc.Resolve(in.DocumentVersion)
	if in.InstanceID != "" {
		// Legacy associations echo Targets [{InstanceIds, [id]}] (API reference sample).
		v.Info.Targets = []model.Target{{Key: "InstanceIds", Values: []string{in.InstanceID}}}
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
func legacyRules(in Spec, doc *catalog.Document) error {
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

// checkTargets accepts the target keys the simulation resolves:
// InstanceIds, tag:<key> and tag-key, each with values.
func checkTargets(ts []model.Target) error {
	for _, t := range ts {
		k := strings.ToLower(t.Key)
		switch {
		case k == "instanceids", k == "tag-key":
		case strings.HasPrefix(k, "tag:") && len(t.Key) > len("tag:"):
		case strings.HasPrefix(k, "resource-groups:"):
			return model.NewError(model.ErrCodeInvalidTarget, "Target key %s: resource groups are not simulated; target the group's tags instead.", t.Key)
		default:
			return model.NewError(model.ErrCodeInvalidTarget, "Target key %s is not valid. Use InstanceIds, tag:<key> or tag-key.", t.Key)
		}
		if len(t.Values) == 0 {
			return model.NewError(model.ErrCodeInvalidTarget, "Target %s has no values.", t.Key)
		}
	}
	return nil
}

// associationDocument applies what CreateAssociation checks of the
// document: it exists and associations can run it (InvalidDocument), and
// its version and the parameters given (catalog.Document.CheckAssociation).
func associationDocument(c Control, name, version string, params map[string][]string) (*catalog.Document, error) {
	d, ok := c.CommandDocument(name)
	if !ok {
		if doc, exists := c.Document(name); exists {
			return nil, model.NewError(model.ErrCodeInvalidDocument, "Document %s is of type %s: associations in this simulation run Command documents.", name, doc.DocumentType)
		}
		return nil, model.NewError(model.ErrCodeInvalidDocument, "Document %s does not exist in your account.", name)
	}
	if err := d.CheckAssociation(version, params); err != nil {
		return nil, err
	}
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
