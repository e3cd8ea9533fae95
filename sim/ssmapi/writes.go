package ssmapi

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/calendar"
	"github.com/ssmsim/ssmsim/sim/catalog"
)

// Control is the simulation as the write operations see it: Core's
// queries, what validating a request needs besides, and the commands that
// change the simulation. A command is given only what was validated
// here; it does not fail.
type Control interface {
	Core
	// DefaultConcurrency is MaxConcurrency when a request leaves it out
	// (D2).
	DefaultConcurrency() model.RateValue
	// CommandDocument finds a Command document associations can run,
	// created in the simulation or AWS-managed, by name or ARN.
	CommandDocument(name string) (*catalog.Document, bool)
	// Platform is node n's platform.
	Platform(n int32) model.PlatformType
	// Active is the number of live associations, MaxActive the quota.
	Active() int
	MaxActive() int

	// Create makes an association of d (legacy: created with InstanceId)
	// now, and queues its first execution unless the definition applies
	// only at cron intervals.
	Create(d Definition, legacy bool, tags []model.Tag) int32
	// Update makes d association a's new version: a running execution
	// stops dispatching, the new version runs (at once unless it applies
	// only at cron intervals) and its schedule replaces the old one's.
	Update(a int32, d Definition)
	// Delete deletes association a: it never runs again.
	Delete(a int32)
	// Start runs association a once now, or after its running execution.
	Start(a int32)
	// SetLegacyStatus sets a legacy association's root Status.
	SetLegacyStatus(a int32, st model.AssociationStatus)
	// SetTags replaces the tags of a resource Tags found.
	SetTags(resourceType, id string, tags []model.Tag)
	// PutCompliance records compliance items (package compliance);
	// manual reports whether an association's compliance is MANUAL.
	PutCompliance(in model.PutComplianceItemsInput, manual func(id string) bool) error
	// AddDocument stores a parsed document (cmd set for one associations
	// can run) and returns its description; AddCalendar parses and stores
	// a Change Calendar.
	AddDocument(in model.CreateDocumentInput, d, cmd *catalog.Document) model.DocumentDescription
	AddCalendar(name string, text []byte, tags []model.Tag) error
}

// MaxVersions is how many versions an association may have
// (AssociationVersionLimitExceeded; decision D18).
const MaxVersions = 1000

// MaxTagsPerResource is how many tags a resource may carry ("most
// resources 50", AddTagsToResource API reference).
const MaxTagsPerResource = 50

// CreateAssociation creates an association at the current virtual time and,
// unless ApplyOnlyAtCronInterval is set, queues its first execution at the
// same instant (after every control action of that instant).
func CreateAssociation(c Control, in model.CreateAssociationInput) (*model.CreateAssociationOutput, error) {
	if err := c.Check("CreateAssociation", in); err != nil {
		return nil, err
	}
	d, err := create(c, SpecOf(in), in.Tags)
	if err != nil {
		return nil, err
	}
	return &model.CreateAssociationOutput{AssociationDescription: d}, nil
}

// create validates and creates one association (CreateAssociation and each
// CreateAssociationBatch entry).
func create(c Control, sp Spec, tags []model.Tag) (*model.AssociationDescription, error) {
	if c.Active() >= c.MaxActive() {
		return nil, model.NewError(model.ErrCodeAssociationLimitExceeded, "You can have at most %d active associations.", c.MaxActive())
	}
	def, err := Define(c, sp)
	if err != nil {
		return nil, err
	}
	if sp.InstanceID != "" {
		if _, ok := c.LegacyAssociation(sp.Name, sp.InstanceID); ok {
			return nil, model.NewError(model.ErrCodeAssociationAlreadyExists, "Association Already Exists")
		}
	}
	if err := checkTags(tags); err != nil {
		return nil, err
	}
	a := c.Create(def, sp.InstanceID != "", tags)
	st, v := c.Association(a), c.Version(a, 0)
	d := Describe(&st, &v)
	d.Status = &st.Status // the creation response always carries it
	return d, nil
}

// CreateAssociationBatch creates several associations; an entry that fails
// is reported in Failed with its message and Fault (Client, or Server for
// an internal error) rather than failing the call (API reference).
func CreateAssociationBatch(c Control, in model.CreateAssociationBatchInput) (*model.CreateAssociationBatchOutput, error) {
	if err := c.Check("CreateAssociationBatch", in); err != nil {
		return nil, err
	}
	specs := make([]Spec, len(in.Entries))
	for i, e := range in.Entries {
		specs[i] = SpecOf(e)
		specs[i].AssociationDispatchAssumeRole = in.AssociationDispatchAssumeRole // a member of the request, not of the entry
	}
	// Model constraints were checked on the whole request (Check) before
	// any entry is processed: a violation anywhere fails the call.
	out := &model.CreateAssociationBatchOutput{Successful: []model.AssociationDescription{}, Failed: []model.FailedCreateAssociation{}}
	for i, sp := range specs {
		d, err := create(c, sp, nil)
		if err != nil {
			fault, msg := model.FaultClient, err.Error()
			if apiErr, ok := err.(*model.APIError); ok {
				msg = apiErr.Message
				if apiErr.HTTPStatus >= 500 {
					fault = model.FaultServer
				}
			}
			out.Failed = append(out.Failed, model.FailedCreateAssociation{Entry: &in.Entries[i], Message: msg, Fault: fault})
			continue
		}
		out.Successful = append(out.Successful, *d)
	}
	return out, nil
}

// UpdateAssociation replaces an association's definition with a new
// version. Per the API reference it is a full replace: optional members
// left out are reset, not kept (terraform-provider-aws #3407: Parameters
// emptied, AssociationName lost) — except Name and Targets, which the real
// service keeps when they are left out (update-association CLI examples:
// --document-version or --schedule-expression alone keep both), and a
// legacy association's node. Unless ApplyOnlyAtCronInterval is set the
// new version runs at once; if an execution is running, its in-flight
// targets finish, its undispatched targets are dropped, and the new
// version runs after it (the user guide's "targets and rate controls"
// page).
func UpdateAssociation(c Control, in model.UpdateAssociationInput) (*model.UpdateAssociationOutput, error) {
	if err := c.Check("UpdateAssociation", in); err != nil {
		return nil, err
	}
	a, err := LookupAssociation(c, in.AssociationID)
	if err != nil {
		return nil, err
	}
	n := c.Versions(a)
	latest := strconv.Itoa(n)
	if in.AssociationVersion != "" && in.AssociationVersion != "$LATEST" && in.AssociationVersion != latest {
		return nil, model.NewError(model.ErrCodeInvalidAssociationVersion,
			"Association version %s is not the latest version (%s) of association %s.", in.AssociationVersion, latest, in.AssociationID)
	}
	if n >= MaxVersions {
		return nil, model.NewError(model.ErrCodeAssociationVersionLimitExceeded,
			"Association %s has reached the limit of %d versions.", in.AssociationID, MaxVersions)
	}
	cur, legacy := c.Version(a, n-1).Info, c.Association(a).Legacy
	sp := SpecOf(in)
	if sp.Name == "" {
		sp.Name = cur.Name
	}
	if len(sp.Targets) == 0 && len(sp.TargetMaps) == 0 && !legacy {
		sp.Targets = cur.Targets
	}
	if legacy {
		sp.InstanceID, sp.Targets = cur.Targets[0].Values[0], nil
	}
	def, err := Define(c, sp)
	if err != nil {
		return nil, err
	}
	c.Update(a, def)
	st, v := c.Association(a), c.Version(a, n)
	return &model.UpdateAssociationOutput{AssociationDescription: Describe(&st, &v)}, nil
}

// DeleteAssociation deletes an association by AssociationId (or a legacy
// one by Name and InstanceId). It never runs again; a running execution
// dispatches nothing more, and its in-flight targets finish.
func DeleteAssociation(c Control, in model.DeleteAssociationInput) (*model.DeleteAssociationOutput, error) {
	if err := c.Check("DeleteAssociation", in); err != nil {
		return nil, err
	}
	a, err := FindAssociation(c, in.AssociationID, in.Name, in.InstanceID)
	if err != nil {
		return nil, err
	}
	c.Delete(a)
	return &model.DeleteAssociationOutput{}, nil
}

// StartAssociationsOnce runs each association once, now, without changing
// its schedule (1 to 10 IDs). An association already running runs again
// when its current execution finishes.
func StartAssociationsOnce(c Control, in model.StartAssociationsOnceInput) (*model.StartAssociationsOnceOutput, error) {
	if err := c.Check("StartAssociationsOnce", in); err != nil {
		return nil, err
	}
	if len(in.AssociationIDs) < 1 || len(in.AssociationIDs) > 10 {
		return nil, model.ValidationError(model.Violation{Value: "[" + strconv.Itoa(len(in.AssociationIDs)) + " ids]", Member: "associationIds", Constraint: "Member must have length between 1 and 10"})
	}
	var idx []int32
	for _, id := range in.AssociationIDs {
		a, err := LookupAssociation(c, id)
		if err != nil {
			return nil, err
		}
		idx = append(idx, a)
	}
	for _, a := range idx {
		c.Start(a)
	}
	return &model.StartAssociationsOnceOutput{}, nil
}

// UpdateAssociationStatus sets the legacy status of an association created
// with the deprecated InstanceId (the SSM Agent's call). Setting the status
// it already has answers StatusUnchanged.
func UpdateAssociationStatus(c Control, in model.UpdateAssociationStatusInput) (*model.UpdateAssociationStatusOutput, error) {
	if err := c.Check("UpdateAssociationStatus", in); err != nil {
		return nil, err
	}
	a, err := FindAssociation(c, "", in.Name, in.InstanceID)
	if err != nil {
		return nil, err
	}
	st := in.AssociationStatus
	switch st.Name {
	case model.AssociationStatusPending, model.AssociationStatusSuccess, model.AssociationStatusFailed:
	default:
		return nil, model.ValidationError(model.Violation{Value: string(st.Name), Member: "associationStatus.name",
			Constraint: "Member must satisfy enum value set: [Pending, Success, Failed]"})
	}
	if st.Name == c.Association(a).Status.Name {
		return nil, model.NewError(model.ErrCodeStatusUnchanged, "The updated status is the same as the current status.")
	}
	if st.Date == 0 {
		st.Date = Stamp(c.Now())
	}
	c.SetLegacyStatus(a, st)
	as, v := c.Association(a), c.Version(a, c.Versions(a)-1)
	return &model.UpdateAssociationStatusOutput{AssociationDescription: Describe(&as, &v)}, nil
}

func checkTags(tags []model.Tag) error {
	if len(tags) > MaxTagsPerResource {
		return model.NewError(model.ErrCodeTooManyTagsError, "")
	}
	for _, t := range tags {
		if len(t.Key) < 1 || len(t.Key) > 128 || len(t.Value) > 256 {
			return model.NewError("InvalidTag", "Tag %q=%q: keys are 1..128 characters and values 0..256.", t.Key, t.Value)
		}
	}
	return nil
}

// AddTagsToResource adds or overwrites tags on an association (or a
// document created in the simulation).
func AddTagsToResource(c Control, in model.AddTagsToResourceInput) (*model.AddTagsToResourceOutput, error) {
	if err := c.Check("AddTagsToResource", in); err != nil {
		return nil, err
	}
	tags, err := c.Tags(in.ResourceType, in.ResourceID)
	if err != nil {
		return nil, err
	}
	merged := slices.Clone(tags)
	for _, t := range in.Tags {
		if i := slices.IndexFunc(merged, func(x model.Tag) bool { return x.Key == t.Key }); i >= 0 {
			merged[i].Value = t.Value
		} else {
			merged = append(merged, t)
		}
	}
	if err := checkTags(merged); err != nil {
		return nil, err
	}
	c.SetTags(in.ResourceType, in.ResourceID, merged)
	return &model.AddTagsToResourceOutput{}, nil
}

// RemoveTagsFromResource removes tags by key from an association (or a
// document created in the simulation); keys it does not carry are ignored.
func RemoveTagsFromResource(c Control, in model.RemoveTagsFromResourceInput) (*model.RemoveTagsFromResourceOutput, error) {
	if err := c.Check("RemoveTagsFromResource", in); err != nil {
		return nil, err
	}
	tags, err := c.Tags(in.ResourceType, in.ResourceID)
	if err != nil {
		return nil, err
	}
	c.SetTags(in.ResourceType, in.ResourceID, slices.DeleteFunc(slices.Clone(tags), func(t model.Tag) bool { return slices.Contains(in.TagKeys, t.Key) }))
	return &model.RemoveTagsFromResourceOutput{}, nil
}

// PutComplianceItems records compliance items for a managed node: COMPLETE
// replaces every item of the type, PARTIAL (association compliance of
// SyncCompliance MANUAL associations only) updates the items given; a
// request whose ItemContentHash equals the stored one is ignored (API
// reference).
func PutComplianceItems(c Control, in model.PutComplianceItemsInput) (*model.PutComplianceItemsOutput, error) {
	if err := c.Check("PutComplianceItems", in); err != nil {
		return nil, err
	}
	if in.ResourceType != model.ResourceTypeManagedInstance {
		return nil, model.NewError(model.ErrCodeInvalidResourceType, "")
	}
	n, ok := c.Node(in.ResourceID)
	if !ok {
		return nil, model.NewError(model.ErrCodeInvalidResourceID, "")
	}
	in.ResourceID = c.NodeID(n) // the spelling Node accepts, and the items are read by
	manual := func(id string) bool {
		a, ok := c.AssociationIndex(id)
		return ok && c.Version(a, c.Versions(a)-1).Info.SyncCompliance == model.SyncComplianceManual
	}
	if err := c.PutCompliance(in, manual); err != nil {
		return nil, err
	}
	return &model.PutComplianceItemsOutput{}, nil
}

var documentNewNameRE = regexp.MustCompile(model.DocumentNamePattern)

// CreateDocument creates a Command document (schema 2.2, JSON or YAML;
// DocumentType Command is the default), which associations can then run,
// an Automation runbook (described and tagged, never run), or a Change
// Calendar document (DocumentType ChangeCalendar, DocumentFormat TEXT,
// iCalendar content), which associations name in CalendarNames. The
// response's Status is Creating, as AWS answers; the document is Active at
// once.
func CreateDocument(c Control, in model.CreateDocumentInput) (*model.CreateDocumentOutput, error) {
	if err := c.Check("CreateDocument", in); err != nil {
		return nil, err
	}
	var vs []model.Violation
	if !documentNewNameRE.MatchString(in.Name) {
		vs = append(vs, model.Violation{Value: in.Name, Member: "name", Constraint: "Member must satisfy regular expression pattern: " + model.DocumentNamePattern})
	}
	if in.Content == "" {
		vs = append(vs, model.Violation{Value: "", Member: "content", Constraint: "Member must have length greater than or equal to 1"})
	}
	if len(vs) > 0 {
		return nil, model.ValidationError(vs...)
	}
	if lower := strings.ToLower(in.Name); strings.HasPrefix(lower, "aws") || strings.HasPrefix(lower, "amazon") {
		return nil, model.ValidationError(model.Violation{Value: in.Name, Member: "name", Constraint: "Document names can't start with aws, amazon or amzn: those prefixes are reserved"})
	}
	if _, ok := c.Document(in.Name); ok {
		return nil, model.NewError(model.ErrCodeDocumentAlreadyExists, "Document with name %s already exists.", in.Name)
	}
	if len(in.Content) > calendar.MaxDocumentSize {
		return nil, model.NewError(model.ErrCodeMaxDocumentSizeExceeded, "The size limit of a document is 64 KB.")
	}
	var d model.DocumentDescription
	switch in.DocumentType {
	case "", "Command":
		cmd, err := catalog.Parse(in.Name, in.DocumentFormat, in.Content)
		if err != nil {
			return nil, documentError(err)
		}
		d = c.AddDocument(in, cmd, cmd)
	case "Automation":
		auto, err := catalog.ParseAutomation(in.Name, in.DocumentFormat, in.Content)
		if err != nil {
			return nil, documentError(err)
		}
		d = c.AddDocument(in, auto, nil)
	case "ChangeCalendar":
		if in.DocumentFormat != "" && in.DocumentFormat != "TEXT" {
			return nil, model.NewError(model.ErrCodeInvalidDocumentContent, "A ChangeCalendar document's DocumentFormat must be TEXT, not %s.", in.DocumentFormat)
		}
		if err := c.AddCalendar(in.Name, []byte(in.Content), in.Tags); err != nil {
			return nil, err
		}
		d, _ = c.Document(in.Name)
	default:
		return nil, model.NewError("InvalidDocumentType", "DocumentType %s: this simulation creates Command, Automation and ChangeCalendar documents.", in.DocumentType)
	}
	d.Status = "Creating"
	return &model.CreateDocumentOutput{DocumentDescription: &d}, nil
}

// documentError is the API error for content the catalog cannot read.
func documentError(err error) error {
	var schema catalog.SchemaError
	if errors.As(err, &schema) {
		return model.NewError("InvalidDocumentSchemaVersion", "%s", err.Error())
	}
	return model.NewError(model.ErrCodeInvalidDocumentContent, "%s", err.Error())
}
