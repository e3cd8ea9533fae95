package sim

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"regexp"
	"strings"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/calendar"
	"github.com/ssmsim/ssmsim/sim/catalog"
)

// AccountID is the account that owns documents created in a simulation.
const AccountID = "123456789012"

var documentNewNameRE = regexp.MustCompile(model.DocumentNamePattern)

// document is an SSM document created in the simulation.
type document struct {
	desc    model.DocumentDescription
	content string
	cmd     *catalog.Document // set for Command documents
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

// createAutomationDocument stores an Automation runbook (schema 0.3): it
// can be described and tagged, but associations cannot run it.
func (s *Sim) createAutomationDocument(in model.CreateDocumentInput) (*model.CreateDocumentOutput, error) {
	d, err := catalog.ParseAutomation(in.Name, in.DocumentFormat, in.Content)
	if err != nil {
		return nil, documentError(err)
	}
	return s.storeDocument(in, d, nil), nil
}

// createCommandDocument creates a Command document from JSON or YAML content.
func (s *Sim) createCommandDocument(in model.CreateDocumentInput) (*model.CreateDocumentOutput, error) {
	d, err := catalog.Parse(in.Name, in.DocumentFormat, in.Content)
	if err != nil {
		return nil, documentError(err)
	}
	return s.storeDocument(in, d, d), nil
}

// storeDocument keeps a document created in the simulation (cmd set for
// one associations can run) and answers as CreateDocument does.
func (s *Sim) storeDocument(in model.CreateDocumentInput, d, cmd *catalog.Document) *model.CreateDocumentOutput {
	desc := d.Describe()
	desc.Owner, desc.CreatedDate, desc.DocumentFormat, desc.Tags = AccountID, stamp(s.eng.Now()), cmp.Or(in.DocumentFormat, "JSON"), nonNil(in.Tags)
	s.documents[in.Name] = &document{desc: *desc, content: in.Content, cmd: cmd}
	out := *desc
	out.Status = "Creating"
	return &model.CreateDocumentOutput{DocumentDescription: &out}
}

// documentError is the API error for content the catalog cannot read.
func documentError(err error) error {
	var schema catalog.SchemaError
	if errors.As(err, &schema) {
		return model.NewError("InvalidDocumentSchemaVersion", "%s", err.Error())
	}
	return model.NewError(model.ErrCodeInvalidDocumentContent, "%s", err.Error())
}

// commandDoc finds a Command document, created in the simulation or
// AWS-managed, by name or ARN (arn:aws:ssm:<region>:<account>:document/<name>).
func (s *Sim) commandDoc(name string) (*catalog.Document, bool) {
	if i := strings.LastIndex(name, ":document/"); i >= 0 {
		name = name[i+len(":document/"):]
	}
	if d, ok := s.documents[name]; ok {
		return d.cmd, d.cmd != nil
	}
	return catalog.Builtin(name)
}

// checkAssociationDocument applies what CreateAssociation checks of the
// document: it exists and associations can run it (InvalidDocument), and
// its version and the parameters given (catalog.Document.CheckAssociation).
func (s *Sim) checkAssociationDocument(name, version string, params map[string][]string) (*catalog.Document, error) {
	d, ok := s.commandDoc(name)
	if !ok {
		if doc, exists := s.documents[name]; exists {
			return nil, model.NewError(model.ErrCodeInvalidDocument, "Document %s is of type %s: associations in this simulation run Command documents.", name, doc.desc.DocumentType)
		}
		return nil, model.NewError(model.ErrCodeInvalidDocument, "Document %s does not exist in your account.", name)
	}
	if err := d.CheckAssociation(version, params); err != nil {
		return nil, err
	}
	return d, nil
}
