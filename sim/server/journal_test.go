package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/sim"
	"github.com/ssmsim/ssmsim/sim/server"
)

// memJournal keeps entries in memory.
type memJournal struct {
	mu      sync.Mutex
	entries []server.JournalEntry
}

func (m *memJournal) Record(e server.JournalEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.entries = append(m.entries, e)
	return nil
}

// session drives a server through a scripted session with calls that
// change state (AWS and control), reads, and a call made in the middle of
// a long advance.
func session(t *testing.T, url string) {
	t.Helper()
	aws := func(op, body string) []byte {
		rep := send(t, http.MethodPost, url, map[string]string{"Content-Type": server.ContentType, "X-Amz-Target": "AmazonSSM." + op}, body)
		require.Equal(t, 200, rep.Status, "%s %s", op, rep.Body)
		return rep.Body
	}
	ctl := func(path, body string) {
		rep := send(t, http.MethodPost, url+"/_ssmsim/"+path, jsonCT, body)
		require.Equal(t, 200, rep.Status, "%s %s", path, rep.Body)
	}
	ctl("nodes", `{"Count": 300, "Tags": {"env": "prod"}, "Behavior": {"Outcome": "random", "FailureProbability": 0.1, "DurationSeconds": 45, "PickupSeconds": 2}}`)
	var created struct {
		AssociationDescription struct{ AssociationId string }
	}
	require.NoError(t, json.Unmarshal(aws("CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "tag:env", "Values": ["prod"]}], "ScheduleExpression": "rate(30 minutes)", "MaxConcurrency": "7%", "MaxErrors": "20%"}`), &created))
	id := created.AssociationDescription.AssociationId
	// Two calls at one instant, the first scheduling an event at that
	// instant: replay must make the second before that event is handled.
	require.NoError(t, json.Unmarshal(aws("CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "Targets": [{"Key": "tag:env", "Values": ["prod"]}], "MaxConcurrency": "5"}`), &created))
	aws("UpdateAssociation", `{"AssociationId": "`+created.AssociationDescription.AssociationId+`", "MaxConcurrency": "50"}`)
	ctl("advance", `{"Seconds": 100}`)
	aws("ListAssociations", `{}`)
	ctl("alarms", `{"Name": "cpu", "State": "OK"}`)
	// A long advance, and calls in its middle.
	done := make(chan struct{})
	go func() {
		defer close(done)
		ctl("advance", `{"Seconds": 2592000}`)
	}()
	ctl("nodes", `{"Count": 50, "Tags": {"env": "prod"}}`)
	aws("UpdateAssociation", `{"AssociationId": "`+id+`", "ScheduleExpression": "rate(1 hour)", "MaxConcurrency": "10%"}`)
	<-done
	aws("StartAssociationsOnce", `{"AssociationIds": ["`+id+`"]}`)
	aws("AddTagsToResource", `{"ResourceType": "Association", "ResourceId": "`+id+`", "Tags": [{"Key": "team", "Value": "ops"}]}`)
	ctl("advance", `{"Seconds": 600}`)
}

// documentsOf reads the state a client sees.
func documentsOf(t *testing.T, url string) string {
	t.Helper()
	var b strings.Builder
	for _, c := range []struct{ op, body string }{
		{"ListAssociations", `{}`},
		{"DescribeInstanceInformation", `{"MaxResults": 50}`},
		{"ListResourceComplianceSummaries", `{}`},
	} {
		rep := send(t, http.MethodPost, url, map[string]string{"Content-Type": server.ContentType, "X-Amz-Target": "AmazonSSM." + c.op}, c.body)
		b.Write(rep.Body)
	}
	var list struct {
		Associations []struct{ AssociationId string }
	}
	rep := send(t, http.MethodPost, url, map[string]string{"Content-Type": server.ContentType, "X-Amz-Target": "AmazonSSM.ListAssociations"}, `{}`)
	require.NoError(t, json.Unmarshal(rep.Body, &list))
	for _, a := range list.Associations {
		for _, op := range []string{"DescribeAssociation", "DescribeAssociationExecutions", "ListAssociationVersions"} {
			rep := send(t, http.MethodPost, url, map[string]string{"Content-Type": server.ContentType, "X-Amz-Target": "AmazonSSM." + op}, `{"AssociationId": "`+a.AssociationId+`"}`)
			b.Write(rep.Body)
		}
	}
	b.Write(send(t, http.MethodGet, url+"/_ssmsim/clock", nil, "").Body)
	return b.String()
}

// Replaying the journal of a session — each call at the point it was made,
// counted in events — rebuilds the same state byte for byte, even for
// calls made in the middle of an advance.
func TestJournal_ReplayRebuildsTheSameState(t *testing.T) {
	j := &memJournal{}
	_, ts := start(t, 11, server.Options{Journal: j})
	session(t, ts.URL)
	want := documentsOf(t, ts.URL)
	ops := map[string]int{}
	for _, e := range j.entries {
		ops[e.Op]++
	}
	assert.Equal(t, 3, ops["/_ssmsim/advance"])
	assert.Equal(t, 2, ops["/_ssmsim/nodes"])
	assert.Zero(t, ops["ListAssociations"], "reads are not journaled")
	assert.Equal(t, 2, ops["UpdateAssociation"])
	for i, e := range j.entries {
		if e.Op == "UpdateAssociation" {
			t.Logf("the update applied at event %d, the long advance ended at event %d", e.Events, j.entries[i+1].Events)
		}
	}

	s, err := sim.New(sim.Config{Seed: 11})
	require.NoError(t, err)
	srv := server.New(s, server.Options{})
	require.NoError(t, srv.Replay(j.entries))
	ts2 := httptest.NewServer(srv)
	defer ts2.Close()
	assert.Equal(t, want, documentsOf(t, ts2.URL))
}

// A journal on disk: reopened, it gives back its entries; a torn last line
// (a crash while writing) is dropped; another format, or a simulation
// built otherwise, is refused with what differs.
func TestFileJournal(t *testing.T) {
	dir := t.TempDir()
	h := server.JournalHeader{Seed: 5, Scenario: "default"}
	j, entries, err := server.OpenFileJournal(dir, h)
	require.NoError(t, err)
	assert.Empty(t, entries)
	require.NoError(t, j.Record(server.JournalEntry{Events: 3, At: 1000, Op: "CreateAssociation", Body: json.RawMessage(`{"Name":"x"}`)}))
	require.NoError(t, j.Record(server.JournalEntry{Events: 9, At: 2000, Op: "/_ssmsim/advance"}))
	require.NoError(t, j.Close())

	path := filepath.Join(dir, "journal.jsonl")
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString(`{"n":12,"at":30`) // torn
	require.NoError(t, err)
	require.NoError(t, f.Close())

	j, entries, err = server.OpenFileJournal(dir, h)
	require.NoError(t, err)
	require.Len(t, entries, 2)
	assert.Equal(t, "CreateAssociation", entries[0].Op)
	assert.JSONEq(t, `{"Name":"x"}`, string(entries[0].Body))
	require.NoError(t, j.Record(server.JournalEntry{Events: 12, At: 3000, Op: "/_ssmsim/advance"}))
	require.NoError(t, j.Close())
	_, entries, err = server.OpenFileJournal(dir, h)
	require.NoError(t, err)
	assert.Len(t, entries, 3, "the torn line is gone, the new one follows")

	_, _, err = server.OpenFileJournal(dir, server.JournalHeader{Seed: 6, Scenario: "default"})
	assert.ErrorContains(t, err, "made for --seed 5")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(b), server.JournalFormat, "ssmsim-journal/0", 1)), 0o644))
	_, _, err = server.OpenFileJournal(dir, h)
	assert.ErrorContains(t, err, `format "ssmsim-journal/0"`)
}

// panicJournal fails the way a bug inside an operation would.
type panicJournal struct{}

func (panicJournal) Record(server.JournalEntry) error { panic("boom") }

// After a panic while the simulation was being changed, the server serves
// nothing more from a possibly half-updated simulation: every later call,
// reads and control included, gets 500 saying so.
func TestPanic_MarksTheSimulationUnusable(t *testing.T) {
	_, ts := start(t, 1, server.Options{Journal: panicJournal{}})
	aws := func(op, body string) reply {
		return send(t, http.MethodPost, ts.URL, map[string]string{"Content-Type": server.ContentType, "X-Amz-Target": "AmazonSSM." + op}, body)
	}
	assert.Equal(t, 200, aws("ListAssociations", `{}`).Status, "reads are not journaled: fine")
	rep := send(t, http.MethodPost, ts.URL+"/_ssmsim/nodes", jsonCT, `{"Count": 1}`)
	require.Equal(t, 500, rep.Status)
	_, msg := rep.errorDoc(t)
	assert.Contains(t, msg, "boom")
	for _, r := range []reply{aws("ListAssociations", `{}`), send(t, http.MethodGet, ts.URL+"/_ssmsim/clock", nil, "")} {
		require.Equal(t, 500, r.Status)
		code, msg := r.errorDoc(t)
		assert.Equal(t, "InternalServerError", code)
		assert.Contains(t, msg, "may be half-updated")
	}
}

// Request IDs are never handed out twice by one --state session, across
// restarts — from the journal alone or from a snapshot taken on shutdown:
// each restart is journaled and begins a run of IDs of its own. The first
// run's IDs are those of a server without a journal.
func TestJournal_RequestIDsDoNotRepeatAcrossRestarts(t *testing.T) {
	for _, snapshots := range []bool{false, true} {
		t.Run(map[bool]string{false: "journal", true: "snapshots"}[snapshots], func(t *testing.T) {
			dir := t.TempDir()
			h := server.JournalHeader{Seed: 3}
			ids := func(url string) []string {
				var out []string
				for i := 0; i < 3; i++ {
					rep := send(t, http.MethodPost, url+"/_ssmsim/nodes", jsonCT, `{"Count": 1}`)
					require.Equal(t, 200, rep.Status)
					out = append(out, rep.Header.Get(server.RequestIDHeader))
				}
				return out
			}
			_, plain := start(t, 3, server.Options{})
			first := ids(plain.URL)

			seen := map[string]int{}
			for run := 0; run < 3; run++ {
				j, entries, err := server.OpenFileJournal(dir, h)
				require.NoError(t, err)
				s, err := sim.New(sim.Config{Seed: 3})
				require.NoError(t, err)
				srv := server.New(s, server.Options{Journal: j})
				snap, info, err := j.LoadSnapshot(entries, sim.RestoreOptions{})
				require.NoError(t, err)
				switch {
				case snap != nil:
					require.NoError(t, srv.ReplayFrom(snap, info, entries))
				case len(entries) > 0:
					require.False(t, snapshots && run > 0, "no snapshot after run %d", run)
					require.NoError(t, srv.Replay(entries))
				}
				ts := httptest.NewServer(srv)
				got := ids(ts.URL)
				ts.Close()
				if snapshots {
					require.NoError(t, srv.SnapshotNow())
				}
				require.NoError(t, j.Close())
				if run == 0 {
					assert.Equal(t, first, got, "the first run's IDs are unchanged")
				}
				for _, id := range got {
					require.NotEmpty(t, id)
					prev, dup := seen[id]
					assert.False(t, dup, "request ID %s of run %d was already handed out in run %d", id, run, prev)
					seen[id] = run
				}
			}
			_, entries, err := server.OpenFileJournal(dir, h)
			require.NoError(t, err)
			restarts := 0
			for _, e := range entries {
				if e.Op == server.JournalRestart {
					restarts++
				}
			}
			assert.Equal(t, 2, restarts, "each restart is journaled")
		})
	}
}

// With snapshots, a restart reads the latest snapshot and replays only the
// journal after it, and reaches the very state an uninterrupted server
// has; a snapshot that cannot be used (damaged, another format, another
// simulation) is set aside with the reason, and replaying the whole
// journal reaches the same state.
func TestSnapshot_RestartFromSnapshot(t *testing.T) {
	dir := t.TempDir()
	h := server.JournalHeader{Seed: 11}
	j, _, err := server.OpenFileJournal(dir, h)
	require.NoError(t, err)
	srv0, ts := start(t, 11, server.Options{Journal: j, SnapshotEvery: 2_000})
	session(t, ts.URL)
	want := documentsOf(t, ts.URL)
	ts.Close()
	require.NoError(t, srv0.Close()) // snapshots are written in the background
	require.NoError(t, j.Close())

	restart := func() (*server.Server, server.SnapshotInfo, error, []server.JournalEntry) {
		j, entries, err := server.OpenFileJournal(dir, h)
		require.NoError(t, err)
		t.Cleanup(func() { j.Close() })
		snap, info, lerr := j.LoadSnapshot(entries, sim.RestoreOptions{})
		s, err := sim.New(sim.Config{Seed: 11})
		require.NoError(t, err)
		srv := server.New(s, server.Options{Journal: j, SnapshotEvery: -1})
		if snap != nil {
			require.NoError(t, srv.ReplayFrom(snap, info, entries))
		} else {
			require.NoError(t, srv.Replay(entries))
		}
		return srv, info, lerr, entries
	}
	srv, info, lerr, entries := restart()
	require.NoError(t, lerr)
	require.Positive(t, info.Entries, "a snapshot was taken during the session")
	t.Logf("the snapshot stands for %d of %d journal entries (%d events)", info.Entries, len(entries), info.Events)
	ts2 := httptest.NewServer(srv)
	assert.Equal(t, want, documentsOf(t, ts2.URL), "restored from the snapshot")
	ts2.Close()

	path := filepath.Join(dir, "snapshot")
	good, err := os.ReadFile(path)
	require.NoError(t, err)
	for name, bad := range map[string][]byte{
		"cut short":      good[:len(good)*2/3],
		"another format": []byte(strings.Replace(string(good), server.SnapshotFormat, "ssmsim-server-snapshot/0", 1)),
		"another seed":   []byte(strings.Replace(string(good), `"seed":11`, `"seed":12`, 1)),
		"not a snapshot": []byte("hello\n"),
	} {
		require.NoError(t, os.WriteFile(path, bad, 0o644))
		srv, _, lerr, _ := restart()
		require.Error(t, lerr, name)
		t.Logf("%s: %v", name, lerr)
		ts3 := httptest.NewServer(srv)
		assert.Equal(t, want, documentsOf(t, ts3.URL), "%s: the whole journal replayed", name)
		ts3.Close()
	}
}
