package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"regexp"
	"strings"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/calendar"
)

// AccountID is the account that owns documents created in a simulation.
const AccountID = "123456789012"

var documentNewNameRE = regexp.MustCompile(model.DocumentNamePattern)

// document is an SSM document created in the simulation.
type document struct {
	desc    model.DocumentDescription
	content string
	cmd     *commandDoc // set for Command documents
}

// CreateDocument creates a Command document (schema 2.2, JSON or YAML;
// DocumentType Command is the default), which associations can then run,
// or a Change Calendar document (DocumentType ChangeCalendar, DocumentFormat
// TEXT, iCalendar content), which associations name in CalendarNames. The
// response's Status is Creating, as AWS answers; the document is Active at
// once.
func (s *Sim) CreateDocument(in model.CreateDocumentInput) (*model.CreateDocumentOutput, error) {
	if err := s.checkRequest("CreateDocument", in); err != nil {
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
	if _, ok := s.documents[in.Name]; ok {
		return nil, model.NewError(model.ErrCodeDocumentAlreadyExists, "Document with name %s already exists.", in.Name)
	}
	if len(in.Content) > calendar.MaxDocumentSize {
		return nil, model.NewError(model.ErrCodeMaxDocumentSizeExceeded, "The size limit of a document is 64 KB.")
	}
	switch in.DocumentType {
	case "", "Command":
		return s.createCommandDocument(in)
	case "Automation":
		return s.createAutomationDocument(in)
	case "ChangeCalendar":
	default:
		return nil, model.NewError("InvalidDocumentType", "DocumentType %s: this simulation creates Command, Automation and ChangeCalendar documents.", in.DocumentType)
	}
	if in.DocumentFormat != "" && in.DocumentFormat != "TEXT" {
		return nil, model.NewError(model.ErrCodeInvalidDocumentContent, "A ChangeCalendar document's DocumentFormat must be TEXT, not %s.", in.DocumentFormat)
	}
	if err := s.addCalendar(in.Name, []byte(in.Content), in.Tags); err != nil {
		return nil, err
	}
	d := s.documents[in.Name].desc
	d.Status = "Creating"
	return &model.CreateDocumentOutput{DocumentDescription: &d}, nil
}

// DescribeDocument describes an AWS-managed Command document or a document
// created in the simulation.
func (s *Sim) DescribeDocument(in model.DescribeDocumentInput) (*model.DescribeDocumentOutput, error) {
	if err := s.checkRequest("DescribeDocument", in); err != nil {
		return nil, err
	}
	switch in.DocumentVersion {
	case "", "1", "$LATEST", "$DEFAULT":
	default:
		return nil, model.NewError(model.ErrCodeInvalidDocumentVersion, "Document %s has no version %s.", in.Name, in.DocumentVersion)
	}
	if d, ok := s.documents[in.Name]; ok {
		desc := d.desc
		return &model.DescribeDocumentOutput{Document: &desc}, nil
	}
	if c, ok := lookupCommandDoc(in.Name); ok {
		return &model.DescribeDocumentOutput{Document: c.describe()}, nil
	}
	return nil, model.NewError(model.ErrCodeInvalidDocument, "Document %s does not exist.", in.Name)
}

// addCalendar parses and registers a calendar and its document.
func (s *Sim) addCalendar(name string, text []byte, tags []model.Tag) error {
	c, err := calendar.Parse(name, text)
	switch {
	case errors.Is(err, calendar.ErrTooLarge):
		return model.NewError(model.ErrCodeMaxDocumentSizeExceeded, "%s", err.Error())
	case err != nil:
		return model.NewError(model.ErrCodeInvalidDocumentContent, "%s", err.Error())
	}
	s.calendars[name] = c
	sum := sha256.Sum256(text)
	s.documents[name] = &document{content: string(text), desc: model.DocumentDescription{
		Hash: hex.EncodeToString(sum[:]), HashType: "Sha256", Name: name, Owner: AccountID,
		CreatedDate: stamp(s.eng.Now()), Status: "Active", DocumentVersion: "1",
		DocumentType: "ChangeCalendar", LatestVersion: "1", DefaultVersion: "1", DocumentFormat: "TEXT", Tags: nonNil(tags),
	}}
	return nil
}

// automationPlatforms are the PlatformTypes of an Automation runbook
// (create-document CLI example, 2020).
var automationPlatforms = []model.PlatformType{model.PlatformWindows, model.PlatformLinux}

// createAutomationDocument stores an Automation runbook (schema 0.3): it
// can be described and tagged, but associations cannot run it.
func (s *Sim) createAutomationDocument(in model.CreateDocumentInput) (*model.CreateDocumentOutput, error) {
	c, err := decodeDocument(in.DocumentFormat, in.Content)
	if err != nil {
		return nil, model.NewError(model.ErrCodeInvalidDocumentContent, "%s", err.Error())
	}
	if c.SchemaVersion != "0.3" {
		return nil, model.NewError("InvalidDocumentSchemaVersion", "schemaVersion must be 0.3 for an Automation document")
	}
	params, err := documentParams(c)
	if err != nil {
		return nil, model.NewError(model.ErrCodeInvalidDocumentContent, "%s", err.Error())
	}
	d := &commandDoc{Name: in.Name, Description: c.Description, Platforms: automationPlatforms, Params: params,
		SchemaVersion: c.SchemaVersion, DocumentType: "Automation", Content: in.Content}
	desc := d.describe()
	desc.Owner, desc.CreatedDate, desc.DocumentFormat, desc.Tags = AccountID, stamp(s.eng.Now()), orDefault(in.DocumentFormat, "JSON"), nonNil(in.Tags)
	s.documents[in.Name] = &document{desc: *desc, content: in.Content}
	out := *desc
	out.Status = "Creating"
	return &model.CreateDocumentOutput{DocumentDescription: &out}, nil
}

// createCommandDocument creates a Command document from JSON or YAML content.
func (s *Sim) createCommandDocument(in model.CreateDocumentInput) (*model.CreateDocumentOutput, error) {
	d, err := parseCommandDocument(in.Name, in.DocumentFormat, in.Content)
	switch {
	case errors.Is(err, errSchema):
		return nil, model.NewError("InvalidDocumentSchemaVersion", "%s", err.Error())
	case err != nil:
		return nil, model.NewError(model.ErrCodeInvalidDocumentContent, "%s", err.Error())
	}
	desc := d.describe()
	desc.Owner, desc.CreatedDate, desc.DocumentFormat, desc.Tags = AccountID, stamp(s.eng.Now()), orDefault(in.DocumentFormat, "JSON"), nonNil(in.Tags)
	s.documents[in.Name] = &document{desc: *desc, content: in.Content, cmd: d}
	out := *desc
	out.Status = "Creating"
	return &model.CreateDocumentOutput{DocumentDescription: &out}, nil
}
