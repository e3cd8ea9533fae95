package reports

import (
	"bytes"
	"encoding/json"
	"errors"
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
	// value is the response still to be rendered into Body, by whoever
	// writes it (ExportDocuments: rendering in parallel, the same bytes).
	value any
}

// renderInto is the document's body, rendering it if it was not: into
// r's buffer when r is not nil (the body is then r's until its next use),
// as a writer renders thousands of documents and json.Marshal would
// allocate and copy each one.
func (d *Document) renderInto(r *renderer) ([]byte, error) {
	if d.Body != nil || d.value == nil {
		return d.Body, nil
	}
	var b []byte
	var err error
	if r == nil {
		b, err = json.Marshal(d.value)
	} else {
		b, err = r.encode(d.value)
	}
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", d.Operation, d.Path, err)
	}
	return b, nil
}

// renderer encodes values as json.Marshal does, into one buffer reused.
type renderer struct {
	buf bytes.Buffer
	enc *json.Encoder
}

func (r *renderer) encode(v any) ([]byte, error) {
	if r.enc == nil {
		r.enc = json.NewEncoder(&r.buf) // HTML escaped, as json.Marshal
	}
	r.buf.Reset()
	if err := r.enc.Encode(v); err != nil {
		return nil, err
	}
	b := r.buf.Bytes()
	return b[:len(b)-1], nil // Encode ends the value with a newline; Marshal does not
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
	var docs []Document
	err := EachDocument(src, created, instanceIDs, func(d Document) error {
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return docs, nil
}

// EachDocument renders the documents Documents returns, handing each to
// emit in the same order as it is made, so that none needs to be kept;
// it stops at emit's first error and returns it.
func EachDocument(src DocumentSource, created []*model.CreateAssociationOutput, instanceIDs []string, emit func(Document) error) error {
	return eachDocument(&exporter{emit: emit}, src, created, instanceIDs)
}

// eachDocument makes the documents and hands them to x.
func eachDocument(x *exporter, src DocumentSource, created []*model.CreateAssociationOutput, instanceIDs []string) error {
	for _, c := range created {
		if err := x.add("CreateAssociation", "CreateAssociation/"+c.AssociationDescription.AssociationID+".json", c, nil); err != nil {
			return err
		}
	}
	if _, err := paged(x, "ListAssociations", "ListAssociations", func(token string) (*model.ListAssociationsOutput, string, error) {
		out, err := src.ListAssociations(model.ListAssociationsInput{NextToken: token})
		return out, next(out, err, func() string { return out.NextToken }), err
	}); err != nil {
		return err
	}
	for _, id := range src.AssociationIDs() {
		d, err := src.DescribeAssociation(model.DescribeAssociationInput{AssociationID: id})
		if err := x.add("DescribeAssociation", "DescribeAssociation/"+id+".json", d, err); err != nil {
			return err
		}
		if _, err := paged(x, "ListAssociationVersions", "ListAssociationVersions/"+id, func(token string) (*model.ListAssociationVersionsOutput, string, error) {
			out, err := src.ListAssociationVersions(model.ListAssociationVersionsInput{AssociationID: id, NextToken: token})
			return out, next(out, err, func() string { return out.NextToken }), err
		}); err != nil {
			return err
		}
		pages, err := paged(x, "DescribeAssociationExecutions", "DescribeAssociationExecutions/"+id, func(token string) (*model.DescribeAssociationExecutionsOutput, string, error) {
			out, err := src.DescribeAssociationExecutions(model.DescribeAssociationExecutionsInput{AssociationID: id, NextToken: token})
			return out, next(out, err, func() string { return out.NextToken }), err
		})
		if err != nil {
			return err
		}
		for _, pg := range pages {
			for _, e := range pg.AssociationExecutions {
				if _, err := paged(x, "DescribeAssociationExecutionTargets", "DescribeAssociationExecutionTargets/"+id+"/"+e.ExecutionID, func(token string) (*model.DescribeAssociationExecutionTargetsOutput, string, error) {
					out, err := src.DescribeAssociationExecutionTargets(model.DescribeAssociationExecutionTargetsInput{AssociationID: id, ExecutionID: e.ExecutionID, NextToken: token})
					return out, next(out, err, func() string { return out.NextToken }), err
				}); err != nil {
					return err
				}
			}
		}
	}
	for _, node := range instanceIDs {
		if _, err := paged(x, "DescribeInstanceAssociationsStatus", "DescribeInstanceAssociationsStatus/"+node, func(token string) (*model.DescribeInstanceAssociationsStatusOutput, string, error) {
			out, err := src.DescribeInstanceAssociationsStatus(model.DescribeInstanceAssociationsStatusInput{InstanceID: node, NextToken: token})
			return out, next(out, err, func() string { return out.NextToken }), err
		}); err != nil {
			return err
		}
	}
	return nil
}

// exporter renders documents and hands them on; deferred, it hands them
// on unrendered (the response, which nothing changes meanwhile).
type exporter struct {
	emit     func(Document) error
	deferred bool
}

func (x *exporter) add(op, path string, v any, err error) error {
	if err != nil {
		return fmt.Errorf("%s %s: %w", op, path, err)
	}
	d := Document{Operation: op, Path: path, value: v}
	if !x.deferred {
		if d.Body, err = d.renderInto(nil); err != nil {
			return err
		}
		d.value = nil
	}
	return x.emit(d)
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

// documentWriters is how many files are written at once.
const documentWriters = 8

// WriteDocuments writes documents under dir. The tree is written into a
// temporary directory beside dir first and moved into place entry by entry
// (ListAssociations.json, DescribeAssociation/, …) once complete, so a
// failure (a full disk) leaves no partial document and no half-written
// tree; an entry of an earlier run with the same name is replaced whole,
// and anything else in dir is left alone.
func WriteDocuments(dir string, docs []Document) error {
	return writeTree(dir, func(stage string) error {
		// Every directory first: a document's path may name another's
		// directory, which then fails the same way however writers race.
		made := map[string]bool{}
		for _, d := range docs {
			if parent := filepath.Dir(filepath.Join(stage, filepath.FromSlash(d.Path))); !made[parent] {
				if err := os.MkdirAll(parent, 0o755); err != nil {
					return err
				}
				made[parent] = true
			}
		}
		return nil
	}, func(put func(Document) error) error {
		for _, d := range docs {
			if err := put(d); err != nil {
				return err
			}
		}
		return nil
	})
}

// ExportDocuments renders the documents EachDocument makes and writes
// them under dir as WriteDocuments does, in one pass: each response is
// handed to the writers as soon as the source answers, and they render
// and write it, so answering, rendering and writing overlap and at most a
// few hundred documents are held at once, however large the fleet. src
// is only read, by this goroutine; the writers read its answers.
func ExportDocuments(dir string, src DocumentSource, created []*model.CreateAssociationOutput, instanceIDs []string) error {
	return writeTree(dir, nil, func(put func(Document) error) error {
		return eachDocument(&exporter{emit: put, deferred: true}, src, created, instanceIDs)
	})
}

// writeTree stages a tree beside dir — prepare, then every document produce
// puts, written by documentWriters writers — and moves it in.
func writeTree(dir string, prepare func(stage string) error, produce func(put func(Document) error) error) (err error) {
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
	if prepare != nil {
		if err := prepare(stage); err != nil {
			return err
		}
	}
	if err := writeFiles(stage, produce); err != nil {
		return err
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

// writeFiles writes the documents produce puts under stage, by several
// writers: creating a file costs a round trip to the file system that
// writers can overlap (each file's bytes are the same whoever writes it).
// A document's directory is made before it is handed on. The failure of
// the earliest document that failed is the one reported; once one has
// failed, put refuses the rest.
func writeFiles(stage string, produce func(put func(Document) error) error) error {
	type job struct {
		i    int
		path string
		doc  Document
	}
	var (
		mu     sync.Mutex
		first  = -1 // the earliest document that failed, and why
		why    error
		failed atomic.Bool
	)
	fail := func(i int, err error) {
		mu.Lock()
		if first < 0 || i < first {
			first, why = i, err
		}
		mu.Unlock()
		failed.Store(true)
	}
	// Documents go to the writers a batch at a time: waking a writer costs
	// about what writing a small file does.
	const batch = 32
	jobs := make(chan []job, 4*documentWriters)
	var wg sync.WaitGroup
	for range documentWriters {
		wg.Go(func() {
			var r renderer
			for js := range jobs {
				for _, j := range js {
					body, err := j.doc.renderInto(&r)
					if err == nil {
						err = writeFile(j.path, body)
					}
					if err != nil {
						fail(j.i, err)
					}
				}
			}
		})
	}
	next := make([]job, 0, batch)
	made := map[string]bool{stage: true}
	n := 0
	perr := produce(func(d Document) error {
		i := n
		n++
		if failed.Load() {
			return errStopped
		}
		path := filepath.Join(stage, filepath.FromSlash(d.Path))
		if parent := filepath.Dir(path); !made[parent] {
			if err := os.MkdirAll(parent, 0o755); err != nil {
				fail(i, err)
				return errStopped
			}
			made[parent] = true
		}
		if next = append(next, job{i, path, d}); len(next) == batch {
			jobs <- next
			next = make([]job, 0, batch)
		}
		return nil
	})
	if len(next) > 0 {
		jobs <- next
	}
	close(jobs)
	wg.Wait()
	switch {
	case first >= 0:
		return why
	case perr != nil:
		return perr
	}
	return nil
}

// errStopped ends rendering once a document could not be written.
var errStopped = errors.New("reports: a document could not be written")
