package reports

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/result"
)

// A record is a run as data: what Analyze reads of a simulation —
// the run's Meta, then each execution with its target runs as it finishes —
// so a run can be reported again, in any format, without simulating it
// again (`ssmsim run --record FILE`, `ssmsim report FILE`). It is a stream:
// written while the simulation runs, read back in one pass.
//
// Format (version 1): the line "ssmsim-record/1\n", then gob values: the
// header (Meta, ids), one frame per execution, and a last frame with the
// run's end and fleet size. A record of another version is refused.

// RecordFormat is the first line of a record.
const RecordFormat = "ssmsim-record/1\n"

// recordHeader opens a record: Meta's members (stop times are in the
// executions themselves) and the association IDs.
type recordHeader struct {
	Scenario     string
	Seed         uint64
	Start        time.Time
	Associations []model.CreateAssociationInput
	IDs          []string
	Faults       []string
}

// recordFrame is one execution, or (End set) the end of the run.
type recordFrame struct {
	Exec       *result.ExecutionResult
	Runs       []recordRun // in dispatch order
	Completion []int32     // indices into Runs, in completion order
	End        time.Time
	Nodes      int
}

// recordRun is one target run, times as offsets from the execution's
// creation (small varints in gob).
type recordRun struct {
	Index              int32 // the run's place in the execution's dispatch order (TargetRun.Index)
	Node               int32
	Dispatched, Finish int64 // nanoseconds after Created; Finish -1 while in flight
	Status             string
	Detailed           string
	Outside, Error     bool
}

// Recorder writes a record as the run goes: pass its Add to
// sim.OnExecutionDone (alongside an Analyzer's, if any) and call Close at
// the end.
type Recorder struct {
	res  Results
	w    *bufio.Writer
	enc  *gob.Encoder
	err  error
	seen map[int]bool // executions recorded
}

// NewRecorder starts a record of a run whose results res gives (a
// *sim.Sim), with meta and ids as for Analyze.
func NewRecorder(w io.Writer, res Results, meta Meta, ids []string) (*Recorder, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	if _, err := bw.WriteString(RecordFormat); err != nil {
		return nil, err
	}
	r := &Recorder{res: res, w: bw, enc: gob.NewEncoder(bw), seen: map[int]bool{}}
	if err := r.enc.Encode(recordHeader{Scenario: meta.Scenario, Seed: meta.Seed, Start: meta.Start, Associations: meta.Associations, IDs: ids, Faults: meta.Faults}); err != nil {
		return nil, err
	}
	return r, nil
}

// Add records one finished execution with its target runs.
func (r *Recorder) Add(ex result.ExecutionResult) {
	if r.err != nil {
		return
	}
	r.seen[ex.Index] = true
	var runs []recordRun
	pos := map[int]int32{} // TargetRun.Index -> place in runs
	r.res.EachTargetRun(ex.Index, func(tr result.TargetRun) {
		finish := int64(-1)
		if !tr.Finished.IsZero() {
			finish = int64(tr.Finished.Sub(ex.Created))
		}
		pos[tr.Index] = int32(len(runs))
		runs = append(runs, recordRun{Index: int32(tr.Index), Node: int32(tr.Node), Dispatched: int64(tr.Dispatched.Sub(ex.Created)), Finish: finish,
			Status: string(tr.Status), Detailed: tr.Detailed, Outside: tr.OutsideBudget, Error: tr.Error})
	})
	f := recordFrame{Exec: &ex, Runs: runs}
	if bc, ok := r.res.(completionOrder); ok {
		bc.EachCompletion(ex.Index, func(tr result.TargetRun) { f.Completion = append(f.Completion, pos[tr.Index]) })
	}
	r.err = r.enc.Encode(f)
}

// Close ends the record with the executions still running (as they stand
// at the end), the run's end and its fleet size.
func (r *Recorder) Close(end time.Time, nodes int) error {
	for _, ex := range r.res.Executions() {
		if !r.seen[ex.Index] {
			r.Add(ex)
		}
	}
	if r.err != nil {
		return r.err
	}
	if err := r.enc.Encode(recordFrame{End: end, Nodes: nodes}); err != nil {
		return err
	}
	return r.w.Flush()
}

// Record is a run read back from a record: it is the Results Analyze
// takes, and Meta and IDs are what the run was analysed with.
type Record struct {
	Meta  Meta
	IDs   []string
	execs []result.ExecutionResult
	runs  [][]recordRun
	order [][]int32
}

// ReadRecord reads a whole record. A record that is not one, of another
// version, or cut short is refused with what is wrong.
func ReadRecord(r io.Reader) (*Record, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	line, err := br.ReadString('\n')
	if err != nil || line != RecordFormat {
		if len(line) > 0 && line[:min(len(line), 14)] == "ssmsim-record/" {
			return nil, fmt.Errorf("record format %q: this ssmsim reads %q", line[:len(line)-1], RecordFormat[:len(RecordFormat)-1])
		}
		return nil, errors.New("not an ssmsim record")
	}
	dec := gob.NewDecoder(br)
	var h recordHeader
	if err := dec.Decode(&h); err != nil {
		return nil, fmt.Errorf("record header: %w", err)
	}
	rec := &Record{Meta: Meta{Scenario: h.Scenario, Seed: h.Seed, Start: h.Start, Associations: h.Associations, Faults: h.Faults}, IDs: h.IDs}
	for n := 0; ; n++ {
		var f recordFrame
		if err := dec.Decode(&f); err != nil {
			if errors.Is(err, io.EOF) {
				return nil, errors.New("the record is cut short: it has no end (was the run interrupted?)")
			}
			return nil, fmt.Errorf("record frame %d: %w", n+1, err)
		}
		if f.Exec == nil {
			rec.Meta.End, rec.Meta.Nodes = f.End, f.Nodes
			return rec, nil
		}
		// Executions are recorded as they finish (per association, in
		// order); Analyze reads them by index.
		i := f.Exec.Index
		if i < 0 || i > 1<<30 {
			return nil, fmt.Errorf("record frame %d: execution index %d", n+1, i)
		}
		for len(rec.execs) <= i {
			rec.execs = append(rec.execs, result.ExecutionResult{Index: -1})
			rec.runs, rec.order = append(rec.runs, nil), append(rec.order, nil)
		}
		rec.execs[i], rec.runs[i], rec.order[i] = *f.Exec, f.Runs, f.Completion
	}
}

// Executions lists the recorded executions by index.
func (rec *Record) Executions() []result.ExecutionResult {
	out := make([]result.ExecutionResult, 0, len(rec.execs))
	for _, e := range rec.execs {
		if e.Index >= 0 {
			out = append(out, e)
		}
	}
	return out
}

// EachTargetRun calls fn for each target run of execution i, in dispatch
// order.
func (rec *Record) EachTargetRun(i int, fn func(result.TargetRun)) {
	for k := range rec.runs[i] {
		fn(rec.targetRun(i, k))
	}
}

// EachCompletion calls fn for each finished target run of execution i in
// the order they finished.
func (rec *Record) EachCompletion(i int, fn func(result.TargetRun)) {
	for _, k := range rec.order[i] {
		fn(rec.targetRun(i, int(k)))
	}
}

func (rec *Record) targetRun(i, k int) result.TargetRun {
	r := rec.runs[i][k]
	created := rec.execs[i].Created
	tr := result.TargetRun{Index: int(r.Index), Node: int(r.Node), Dispatched: created.Add(time.Duration(r.Dispatched)),
		Status: model.ExecutionStatus(r.Status), Detailed: r.Detailed, OutsideBudget: r.Outside, Error: r.Error}
	if r.Finish >= 0 {
		tr.Finished = created.Add(time.Duration(r.Finish))
	}
	return tr
}

// Analyze computes the recorded run's statistics, exactly as they were
// computed live.
func (rec *Record) Analyze() RunResult { return Analyze(rec, rec.Meta, rec.IDs) }
