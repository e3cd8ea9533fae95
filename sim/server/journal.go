package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
)

// A journal keeps a server's state across restarts. Determinism makes it
// exact: a simulation is its seed and set-up plus the calls that changed
// it, each at the point it was made — how many events the simulation had
// handled and the virtual instant. Replaying those calls at those points
// rebuilds the very same state, byte for byte.

// JournalFormat names the journal's format; a journal of another format
// is refused.
const JournalFormat = "ssmsim-journal/2"

// JournalHeader is the first line of a journal: what the simulation was
// built from. A journal is replayed only onto a simulation built the same
// way.
type JournalHeader struct {
	Format   string `json:"format"`
	Seed     uint64 `json:"seed"`
	Scenario string `json:"scenario,omitempty"`
	// ScenarioSHA256 is the scenario's text's SHA-256: a scenario file
	// edited since, or a built-in changed by an upgrade, is not replayed.
	ScenarioSHA256 string        `json:"scenario_sha256,omitempty"`
	Retention      time.Duration `json:"retention,omitempty"`
}

// JournalEntry is one state-changing call that succeeded.
type JournalEntry struct {
	Events uint64          `json:"n"`              // events the simulation had handled when the call applied
	At     int64           `json:"at"`             // the virtual instant, Unix milliseconds
	Op     string          `json:"op"`             // an AWS operation, a control path such as /_ssmsim/nodes, or JournalRestart
	Body   json.RawMessage `json:"body,omitempty"` // the request body (none for an advance)
}

// JournalRestart marks, in a journal, a restart of the server: nothing to
// apply, but each restart begins a new run of request IDs, so that no ID
// is handed out twice across restarts.
const JournalRestart = ControlPrefix + "restart"

// Journal records state-changing calls before they are answered.
type Journal interface {
	Record(JournalEntry) error
}

// FileJournal is a Journal in DIR/journal.jsonl: a header line, then one
// JSON line per call, each synced to disk before the call is answered, so
// that no acknowledged call is lost whenever the process dies.
type FileJournal struct {
	f        *os.File
	w        *bufio.Writer
	dir      string
	header   JournalHeader
	entries  int    // entries in the file, restarts included
	restarts uint64 // of which restarts
}

// OpenFileJournal opens (or creates) the journal in dir for a simulation
// built as header says, and returns the calls already recorded. A journal
// of another format, or of a simulation built otherwise, is refused with
// an error that says what differs. A last line cut short by a crash is
// dropped (its call was never answered).
func OpenFileJournal(dir string, header JournalHeader) (*FileJournal, []JournalEntry, error) {
	header.Format = JournalFormat
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	// A snapshot being written when the process died is of no use.
	if tmps, err := filepath.Glob(filepath.Join(dir, snapshotFile+".*.tmp")); err == nil {
		for _, t := range tmps {
			os.Remove(t)
		}
	}
	path := filepath.Join(dir, "journal.jsonl")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, err
	}
	entries, good, err := readJournal(f, header)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	// Drop a torn last line, then append after the good part.
	if err := f.Truncate(good); err != nil {
		f.Close()
		return nil, nil, err
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return nil, nil, err
	}
	j := &FileJournal{f: f, w: bufio.NewWriter(f), dir: dir, header: header, entries: len(entries)}
	for _, e := range entries {
		if e.Op == JournalRestart {
			j.restarts++
		}
	}
	if good == 0 {
		if err := j.write(header); err != nil {
			f.Close()
			return nil, nil, err
		}
	}
	return j, entries, nil
}

// readJournal reads a journal: its entries and the length of its intact
// part.
func readJournal(r io.Reader, want JournalHeader) ([]JournalEntry, int64, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	var entries []JournalEntry
	var good int64
	for line := 0; ; line++ {
		b, err := br.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return entries, good, nil // a line without its newline was cut short: dropped
		}
		if err != nil {
			return nil, 0, err
		}
		if line == 0 {
			var h JournalHeader
			if err := json.Unmarshal(b, &h); err != nil || h.Format == "" {
				return nil, 0, fmt.Errorf("line 1: not an ssmsim journal")
			}
			if h.Format != JournalFormat {
				return nil, 0, fmt.Errorf("format %q: this ssmsim reads %q; start with another --state directory", h.Format, JournalFormat)
			}
			if h.ScenarioSHA256 != want.ScenarioSHA256 && h.Scenario == want.Scenario && h.Seed == want.Seed && h.Retention == want.Retention {
				return nil, 0, fmt.Errorf("made for another text of scenario %q (SHA-256 %.12s…, now %.12s…): restore that text or start with another --state directory",
					h.Scenario, h.ScenarioSHA256, want.ScenarioSHA256)
			}
			if h != want {
				return nil, 0, fmt.Errorf("made for --seed %d --scenario %q --retention %v, not --seed %d --scenario %q --retention %v: start with the same options or another --state directory",
					h.Seed, h.Scenario, h.Retention, want.Seed, want.Scenario, want.Retention)
			}
		} else {
			var e JournalEntry
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&e); err != nil || e.Op == "" {
				return nil, 0, fmt.Errorf("line %d: not a journal entry", line+1)
			}
			entries = append(entries, e)
		}
		good += int64(len(b))
	}
}

// Record appends an entry and syncs it to disk.
func (j *FileJournal) Record(e JournalEntry) error {
	if err := j.write(e); err != nil {
		return err
	}
	j.entries++
	if e.Op == JournalRestart {
		j.restarts++
	}
	return nil
}

func (j *FileJournal) write(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := j.w.Write(append(b, '\n')); err != nil {
		return err
	}
	if err := j.w.Flush(); err != nil {
		return err
	}
	return j.f.Sync()
}

// Close closes the journal file.
func (j *FileJournal) Close() error { return j.f.Close() }

// readOnly reports whether an operation only reads.
func readOnly(op string) bool {
	return strings.HasPrefix(op, "Describe") || strings.HasPrefix(op, "List") || strings.HasPrefix(op, "Get")
}

// record journals a call that succeeded, at the point it applied. The
// caller holds the lock, so the journal's order is the order calls applied
// in; a call is answered only after its entry is on disk.
func (srv *Server) record(events uint64, at time.Time, op string, body []byte) error {
	if srv.journal == nil {
		return nil
	}
	e := JournalEntry{Events: events, At: at.UnixMilli(), Op: op}
	if len(body) > 0 {
		var buf bytes.Buffer
		if err := json.Compact(&buf, body); err != nil {
			return err
		}
		e.Body = buf.Bytes()
	}
	if err := srv.journal.Record(e); err != nil {
		return model.NewError(model.ErrCodeInternalServerError, "The call was applied but could not be journaled: %v. The server stops taking calls.", err)
	}
	srv.lastEvents, srv.lastAt = events, e.At
	srv.maybeSnapshot()
	return nil
}

// Replay applies recorded calls, each at the point it was made, to a
// server built as the journal's header says; it is how `ssmsim serve
// --state` restarts. Every call must succeed again: one that does not
// means the journal does not belong to this simulation. The restart itself
// is journaled, and request IDs continue in a run of their own.
func (srv *Server) Replay(entries []JournalEntry) error {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return srv.replay(entries, 0, 0)
}

// ReplayFrom is Replay from a snapshot (FileJournal.LoadSnapshot): the
// server takes s, restored from it, in place of its own simulation and
// replays only the entries after those the snapshot stands for.
func (srv *Server) ReplayFrom(s *sim.Sim, info SnapshotInfo, entries []JournalEntry) error {
	if info.Entries > len(entries) {
		return fmt.Errorf("the snapshot stands for %d journal entries; the journal holds %d", info.Entries, len(entries))
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	s.AssumeCheckedRequests(true)
	srv.sim, srv.ops, srv.virtStart = s, operations(s), s.Now()
	srv.snapEvents = s.Events()
	return srv.replay(entries[info.Entries:], info.Entries, info.Restarts)
}

// replay applies entries, the first of which is entry skip+1 of the
// journal, after restarts earlier restarts. The caller holds the lock.
func (srv *Server) replay(entries []JournalEntry, skip int, restarts uint64) error {
	for i, e := range entries {
		i += skip
		if e.Events < srv.sim.Events() || e.At < srv.sim.Now().UnixMilli() {
			return fmt.Errorf("journal entry %d (%s) goes back in time", i+1, e.Op)
		}
		srv.sim.StepTo(e.Events, time.UnixMilli(e.At).UTC())
		if srv.sim.Events() != e.Events {
			return fmt.Errorf("journal entry %d (%s): the simulation ran out of events before the point it was made", i+1, e.Op)
		}
		var err error
		switch {
		case e.Op == JournalRestart:
			restarts++
		case e.Op == ControlPrefix+"advance":
			// The clock is where the advance got to: nothing to apply.
		case strings.HasPrefix(e.Op, ControlPrefix):
			route, ok := controlRoutes[e.Op]
			if !ok || route.handle == nil {
				return fmt.Errorf("journal entry %d: no control call %s", i+1, e.Op)
			}
			_, err = route.handle(srv, e.Body)
		default:
			op, ok := srv.ops[e.Op]
			if !ok {
				return fmt.Errorf("journal entry %d: no operation %s", i+1, e.Op)
			}
			in := reflect.New(op.in)
			if err = json.Unmarshal(orEmpty(e.Body), in.Interface()); err == nil {
				_, err = call(op, in.Elem())
			}
		}
		if err != nil {
			return fmt.Errorf("journal entry %d (%s) failed on replay: %v", i+1, e.Op, err)
		}
	}
	srv.run.Store(restarts + 1)
	return srv.record(srv.sim.Events(), srv.sim.Now(), JournalRestart, nil)
}

func orEmpty(b []byte) []byte {
	if len(b) == 0 {
		return []byte("{}")
	}
	return b
}
