package reports

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ssmsim/ssmsim/model"
)

// DocumentSource answers the read operations whose responses are exported
// (a *sim.Sim satisfies it).
type DocumentSource interface {
	AssociationIDs() []string
	DescribeAssociation(model.DescribeAssociationInput) (*model.DescribeAssociationOutput, error)
	DescribeAssociationExecutions(model.DescribeAssociationExecutionsInput) (*model.DescribeAssociationExecutionsOutput, error)
	DescribeAssociationExecutionTargets(model.DescribeAssociationExecutionTargetsInput) (*model.DescribeAssociationExecutionTargetsOutput, error)
	DescribeInstanceAssociationsStatus(model.DescribeInstanceAssociationsStatusInput) (*model.DescribeInstanceAssociationsStatusOutput, error)
	ListAssociations(model.ListAssociationsInput) (*model.ListAssociationsOutput, error)
	ListAssociationVersions(model.ListAssociationVersionsInput) (*model.ListAssociationVersionsOutput, error)
}

// Document is one API response body and the file it is exported to.
type Document struct {
	Operation string // e.g. "DescribeAssociation"
	Path      string // slash-separated, relative to the export directory
	Body      []byte // exactly the response body, as the API sends it
}

// Documents renders the responses of every read call a user would make
// after the run: ListAssociations; per association DescribeAssociation,
// ListAssociationVersions and DescribeAssociationExecutions; per execution
// DescribeAssociationExecutionTargets; per node
// DescribeInstanceAssociationsStatus. created are the CreateAssociation
// responses (they describe the moment of creation, so the caller keeps them).
// Calls carry no MaxResults, so each answer is one page of every item.
func Documents(src DocumentSource, created []*model.CreateAssociationOutput, instanceIDs []string) ([]Document, error) {
	var docs []Document
	add := func(op, path string, v any, err error) error {
		if err != nil {
			return fmt.Errorf("%s %s: %w", op, path, err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("%s %s: %w", op, path, err)
		}
		docs = append(docs, Document{Operation: op, Path: path, Body: b})
		return nil
	}
	for _, c := range created {
		if err := add("CreateAssociation", "CreateAssociation/"+c.AssociationDescription.AssociationID+".json", c, nil); err != nil {
			return nil, err
		}
	}
	list, err := src.ListAssociations(model.ListAssociationsInput{})
	if err := add("ListAssociations", "ListAssociations.json", list, err); err != nil {
		return nil, err
	}
	for _, id := range src.AssociationIDs() {
		d, err := src.DescribeAssociation(model.DescribeAssociationInput{AssociationID: id})
		if err := add("DescribeAssociation", "DescribeAssociation/"+id+".json", d, err); err != nil {
			return nil, err
		}
		v, err := src.ListAssociationVersions(model.ListAssociationVersionsInput{AssociationID: id})
		if err := add("ListAssociationVersions", "ListAssociationVersions/"+id+".json", v, err); err != nil {
			return nil, err
		}
		ex, err := src.DescribeAssociationExecutions(model.DescribeAssociationExecutionsInput{AssociationID: id})
		if err := add("DescribeAssociationExecutions", "DescribeAssociationExecutions/"+id+".json", ex, err); err != nil {
			return nil, err
		}
		for _, e := range ex.AssociationExecutions {
			t, err := src.DescribeAssociationExecutionTargets(model.DescribeAssociationExecutionTargetsInput{AssociationID: id, ExecutionID: e.ExecutionID})
			if err := add("DescribeAssociationExecutionTargets", "DescribeAssociationExecutionTargets/"+id+"/"+e.ExecutionID+".json", t, err); err != nil {
				return nil, err
			}
		}
	}
	for _, node := range instanceIDs {
		st, err := src.DescribeInstanceAssociationsStatus(model.DescribeInstanceAssociationsStatusInput{InstanceID: node})
		if err := add("DescribeInstanceAssociationsStatus", "DescribeInstanceAssociationsStatus/"+node+".json", st, err); err != nil {
			return nil, err
		}
	}
	return docs, nil
}

// WriteDocuments writes documents under dir, creating directories as needed.
func WriteDocuments(dir string, docs []Document) error {
	for _, d := range docs {
		path := filepath.Join(dir, filepath.FromSlash(d.Path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, d.Body, 0o644); err != nil {
			return err
		}
	}
	return nil
}
