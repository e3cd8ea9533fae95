package reports

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

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
// Calls carry no MaxResults, so each answer is a page of the operation's
// default size; a list that needs more pages is followed with NextToken as
// a client would, page n going to NAME.page-n.json beside NAME.json.
func Documents(src DocumentSource, created []*model.CreateAssociationOutput, instanceIDs []string) ([]Document, error) {
	x := &exporter{}
	for _, c := range created {
		if err := x.add("CreateAssociation", "CreateAssociation/"+c.AssociationDescription.AssociationID+".json", c, nil); err != nil {
			return nil, err
		}
	}
	if _, err := paged(x, "ListAssociations", "ListAssociations", func(token string) (*model.ListAssociationsOutput, string, error) {
		out, err := src.ListAssociations(model.ListAssociationsInput{NextToken: token})
		return out, next(out, err, func() string { return out.NextToken }), err
	}); err != nil {
		return nil, err
	}
	for _, id := range src.AssociationIDs() {
		d, err := src.DescribeAssociation(model.DescribeAssociationInput{AssociationID: id})
		if err := x.add("DescribeAssociation", "DescribeAssociation/"+id+".json", d, err); err != nil {
			return nil, err
		}
		if _, err := paged(x, "ListAssociationVersions", "ListAssociationVersions/"+id, func(token string) (*model.ListAssociationVersionsOutput, string, error) {
			out, err := src.ListAssociationVersions(model.ListAssociationVersionsInput{AssociationID: id, NextToken: token})
			return out, next(out, err, func() string { return out.NextToken }), err
		}); err != nil {
			return nil, err
		}
		pages, err := paged(x, "DescribeAssociationExecutions", "DescribeAssociationExecutions/"+id, func(token string) (*model.DescribeAssociationExecutionsOutput, string, error) {
			out, err := src.DescribeAssociationExecutions(model.DescribeAssociationExecutionsInput{AssociationID: id, NextToken: token})
			return out, next(out, err, func() string { return out.NextToken }), err
		})
		if err != nil {
			return nil, err
		}
		for _, pg := range pages {
			for _, e := range pg.AssociationExecutions {
				if _, err := paged(x, "DescribeAssociationExecutionTargets", "DescribeAssociationExecutionTargets/"+id+"/"+e.ExecutionID, func(token string) (*model.DescribeAssociationExecutionTargetsOutput, string, error) {
					out, err := src.DescribeAssociationExecutionTargets(model.DescribeAssociationExecutionTargetsInput{AssociationID: id, ExecutionID: e.ExecutionID, NextToken: token})
					return out, next(out, err, func() string { return out.NextToken }), err
				}); err != nil {
					return nil, err
				}
			}
		}
	}
	for _, node := range instanceIDs {
		if _, err := paged(x, "DescribeInstanceAssociationsStatus", "DescribeInstanceAssociationsStatus/"+node, func(token string) (*model.DescribeInstanceAssociationsStatusOutput, string, error) {
			out, err := src.DescribeInstanceAssociationsStatus(model.DescribeInstanceAssociationsStatusInput{InstanceID: node, NextToken: token})
			return out, next(out, err, func() string { return out.NextToken }), err
		}); err != nil {
			return nil, err
		}
	}
	return x.docs, nil
}

// exporter collects documents.
type exporter struct{ docs []Document }

func (x *exporter) add(op, path string, v any, err error) error {
	if err != nil {
		return fmt.Errorf("%s %s: %w", op, path, err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("%s %s: %w", op, path, err)
	}
	x.docs = append(x.docs, Document{Operation: op, Path: path, Body: b})
	return nil
}

// next is a page's NextToken, "" after an error.
func next[T any](out *T, err error, token func() string) string {
	if err != nil || out == nil {
		return ""
	}
	return token()
}

// paged adds every page of one list call, following NextToken.
func paged[T any](x *exporter, op, path string, call func(token string) (*T, string, error)) ([]*T, error) {
	var pages []*T
	token := ""
	for n := 1; ; n++ {
		out, nextToken, err := call(token)
		name := path + ".json"
		if n > 1 {
			name = fmt.Sprintf("%s.page-%d.json", path, n)
		}
		if err := x.add(op, name, out, err); err != nil {
			return nil, err
		}
		pages = append(pages, out)
		if nextToken == "" {
			return pages, nil
		}
		token = nextToken
	}
}

// documentWriters is how many files WriteDocuments writes at once.
const documentWriters = 8

// WriteDocuments writes documents under dir. The tree is written into a
// temporary directory beside dir first and moved into place entry by entry
// (ListAssociations.json, DescribeAssociation/, …) once complete, so a
// failure (a full disk) leaves no partial document and no half-written
// tree; an entry of an earlier run with the same name is replaced whole,
// and anything else in dir is left alone.
func WriteDocuments(dir string, docs []Document) (err error) {
	dir = filepath.Clean(dir)
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	stage, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if rerr := os.RemoveAll(stage); err == nil {
			err = rerr
		}
	}()
	made := map[string]bool{}
	paths := make([]string, len(docs))
	for i, d := range docs {
		paths[i] = filepath.Join(stage, filepath.FromSlash(d.Path))
		if parent := filepath.Dir(paths[i]); !made[parent] {
			if err := os.MkdirAll(parent, 0o755); err != nil {
				return err
			}
			made[parent] = true
		}
	}
	// The files, by several writers: creating a file costs a round trip to
	// the file system that writers can overlap (each file's bytes are the
	// same whoever writes it). The first failure in document order is the
	// one reported.
	errs := make([]error, len(docs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range documentWriters {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(docs); i = int(next.Add(1) - 1) {
				errs[i] = os.WriteFile(paths[i], docs[i].Body, 0o644)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	if err := os.Chmod(stage, 0o755); err != nil {
		return err
	}
	if _, err := os.Lstat(dir); os.IsNotExist(err) {
		return os.Rename(stage, dir) // the whole tree at once
	}
	entries, err := os.ReadDir(stage)
	if err != nil {
		return err
	}
	trash := filepath.Join(stage, ".replaced")
	if err := os.Mkdir(trash, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		target := filepath.Join(dir, e.Name())
		if _, err := os.Lstat(target); err == nil {
			if err := os.Rename(target, filepath.Join(trash, e.Name())); err != nil {
				return err
			}
		}
		if err := os.Rename(filepath.Join(stage, e.Name()), target); err != nil {
			return err
		}
	}
	return nil
}
