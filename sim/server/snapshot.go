package server

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ssmsim/ssmsim/sim"
)

// Snapshots bound the time a journaled server takes to restart. Replaying
// a journal re-simulates everything since the start — a year of 10,000
// nodes takes seconds to minutes — so, every SnapshotEvery events, the
// server writes its whole simulation (sim.WriteSnapshot) next to the
// journal, with how many journal entries it stands for. A restart reads
// the snapshot and replays only the entries after it. The journal stays
// the record of truth: a snapshot that is missing, damaged, of another
// format or of another simulation is set aside and the whole journal is
// replayed instead.

// DefaultSnapshotEvery is how many simulation events a journaled server
// handles between two snapshots when Options sets none: a few seconds of
// replay at most.
const DefaultSnapshotEvery = 4_000_000

// SnapshotFormat names the format of a server snapshot's first line.
const SnapshotFormat = "ssmsim-server-snapshot/1"

// SnapshotInfo is a snapshot's first line: which simulation and which
// part of its journal it stands for.
type SnapshotInfo struct {
	Format   string        `json:"format"`
	Journal  JournalHeader `json:"journal"`
	Entries  int           `json:"entries"`  // journal entries, restarts included, whose effect it holds
	Restarts uint64        `json:"restarts"` // restart entries among them
	Events   uint64        `json:"n"`        // events the simulation had handled
	At       int64         `json:"at"`       // the virtual instant, Unix milliseconds
}

// SnapshotStore keeps the snapshots of a journaled server: a Journal that
// also implements it gets them.
type SnapshotStore interface {
	// SnapshotInfo describes a snapshot of the simulation as it is now,
	// at the journal's end: events handled and the virtual instant.
	SnapshotInfo(events uint64, atMilli int64) SnapshotInfo
	// SaveSnapshot stores the snapshot write produces, described by info,
	// in place of any earlier one, atomically.
	SaveSnapshot(info SnapshotInfo, write func(io.Writer) error) error
}

const snapshotFile = "snapshot"

// SnapshotInfo implements SnapshotStore: the snapshot stands for every
// entry recorded so far.
func (j *FileJournal) SnapshotInfo(events uint64, atMilli int64) SnapshotInfo {
	return SnapshotInfo{Format: SnapshotFormat, Journal: j.header, Entries: j.entries, Restarts: j.restarts, Events: events, At: atMilli}
}

// SaveSnapshot implements SnapshotStore: DIR/snapshot is written as a
// temporary file, synced and renamed over the old one, so a crash leaves
// either snapshot whole.
func (j *FileJournal) SaveSnapshot(info SnapshotInfo, write func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(j.dir, snapshotFile+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	w := bufio.NewWriterSize(f, 1<<20)
	line, err := json.Marshal(info)
	if err != nil {
		return err
	}
	if _, err := w.Write(append(line, '\n')); err != nil {
		return err
	}
	if err := write(w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil { // as the journal
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), filepath.Join(j.dir, snapshotFile)); err != nil {
		return err
	}
	return syncDir(j.dir)
}

// LoadSnapshot reads DIR/snapshot for the entries OpenFileJournal returned:
// the simulation it holds and which entries it stands for. It answers
// (nil, SnapshotInfo{}, nil) when there is none, and an error saying why
// when there is one that cannot be used; either way the caller can replay
// the whole journal instead.
func (j *FileJournal) LoadSnapshot(entries []JournalEntry, opts sim.RestoreOptions) (*sim.Sim, SnapshotInfo, error) {
	f, err := os.Open(filepath.Join(j.dir, snapshotFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, SnapshotInfo{}, nil
	}
	if err != nil {
		return nil, SnapshotInfo{}, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	line, err := br.ReadBytes('\n')
	var info SnapshotInfo
	if err != nil || json.Unmarshal(line, &info) != nil {
		return nil, info, fmt.Errorf("%s: not an ssmsim server snapshot", f.Name())
	}
	switch {
	case info.Format != SnapshotFormat:
		return nil, info, fmt.Errorf("%s: format %q; this ssmsim reads %q", f.Name(), info.Format, SnapshotFormat)
	case info.Journal != j.header:
		return nil, info, fmt.Errorf("%s: made for another simulation than the journal's", f.Name())
	case info.Entries < 0 || info.Entries > len(entries):
		return nil, info, fmt.Errorf("%s: stands for %d journal entries; the journal holds %d", f.Name(), info.Entries, len(entries))
	}
	s, err := sim.ReadSnapshot(br, opts)
	if err != nil {
		return nil, info, fmt.Errorf("%s: %w", f.Name(), err)
	}
	if s.Events() != info.Events || s.Now().UnixMilli() != info.At {
		return nil, info, fmt.Errorf("%s: its simulation is not at the point its header names", f.Name())
	}
	return s, info, nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// snapshotOverhead bounds the share of a server's time spent writing
// snapshots: the next one waits until ten times as long as the last took
// has passed. Restart time then stays within about ten snapshot-writes of
// replay plus one snapshot-read, whatever the simulation's size.
const snapshotOverhead = 10

// maybeSnapshot takes a snapshot when SnapshotEvery events have passed
// since the last one and snapshotOverhead allows, unless one is still
// being written. The caller holds the lock and has just journaled a call,
// so the simulation is exactly at the journal's end: the state is copied
// now (sim.Capture) and written to disk in the background, without the
// lock. A snapshot that cannot be written costs only restart time: the
// journal has the call. When snapshots are taken depends on the wall
// clock; what they hold does not.
func (srv *Server) maybeSnapshot() {
	store, ok := srv.journal.(SnapshotStore)
	if !ok || srv.snapshotEvery <= 0 || srv.sim.Events()-srv.snapEvents < uint64(srv.snapshotEvery) {
		return
	}
	if !srv.snapMu.TryLock() {
		return // one is being written
	}
	if srv.clock.Since(srv.snapAt) < snapshotOverhead*srv.snapCost {
		srv.snapMu.Unlock()
		return
	}
	write := srv.capture(store)
	go func() {
		defer srv.snapMu.Unlock()
		if err := write(); err != nil {
			srv.logf("snapshot not written (restarts replay more of the journal): %v", err)
		}
	}()
}

// capture copies the simulation's state and returns what writes it, which
// notes what the snapshot cost. The caller holds the lock and snapMu;
// the returned function needs neither lock but snapMu.
func (srv *Server) capture(store SnapshotStore) func() error {
	t0 := srv.clock.Now()
	srv.snapEvents = srv.sim.Events()
	info := store.SnapshotInfo(srv.sim.Events(), srv.sim.Now().UnixMilli())
	c := srv.sim.Capture()
	held := srv.clock.Since(t0)
	return func() error {
		t1 := srv.clock.Now()
		err := store.SaveSnapshot(info, c.Write)
		srv.snapAt = srv.clock.Now()
		srv.snapCost = held + srv.snapAt.Sub(t1)
		return err
	}
}

// SnapshotNow writes a snapshot at once if the journal keeps them (as
// serve does on shutdown, so that the next start restores at once), after
// any snapshot being written.
func (srv *Server) SnapshotNow() error {
	store, ok := srv.journal.(SnapshotStore)
	if !ok {
		return nil
	}
	srv.mu.Lock()
	if srv.unusable() != nil {
		srv.mu.Unlock()
		return nil // never snapshot a simulation an internal error may have half-updated
	}
	if srv.sim.Events() != srv.lastEvents || srv.sim.Now().UnixMilli() != srv.lastAt {
		// The clock moved past the last call (--time-scale): journal where
		// it is, as an advance does, so the snapshot is at the journal's end.
		if err := srv.record(srv.sim.Events(), srv.sim.Now(), ControlPrefix+"advance", nil); err != nil {
			srv.mu.Unlock()
			return err
		}
	}
	srv.snapMu.Lock()
	write := srv.capture(store)
	srv.mu.Unlock()
	defer srv.snapMu.Unlock()
	return write()
}

// Close waits for a snapshot being written in the background.
func (srv *Server) Close() error {
	srv.snapMu.Lock()
	defer srv.snapMu.Unlock()
	return nil
}
