package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/calendar"
	"github.com/ssmsim/ssmsim/sim/catalog"
	"github.com/ssmsim/ssmsim/sim/ssmapi"
)

// AccountID is the account that owns documents created in a simulation.
const AccountID = "123456789012"

// document is an SSM document created in the simulation.
type document struct {
	desc    model.DocumentDescription
	content string
	cmd     *catalog.Document // set for Command documents
}

// CreateDocument creates a Command document (schema 2.2, JSON or YAML;
// DocumentType Command is the default), which associations can then run,
// an Automation runbook, or a Change Calendar document (DocumentType
// ChangeCalendar, DocumentFormat TEXT, iCalendar content), which
// associations name in CalendarNames.
func (s *Sim) CreateDocument(in model.CreateDocumentInput) (*model.CreateDocumentOutput, error) {
	return ssmapi.CreateDocument(s.read(), in)
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
