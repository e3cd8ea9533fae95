package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/sim/server"
)

var kills = flag.Int("kills", 20, "kill -9 points in TestServe_State_KillAnywhere (make soak: 100)")

// TestMain lets the test binary run `ssmsim serve` as a child process, so
// tests can kill it for real.
func TestMain(m *testing.M) {
	if args := os.Getenv("SSMSIM_TEST_SERVE"); args != "" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		os.Exit(run(ctx, strings.Fields(args), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// step is one call of the scripted session; each applied call leaves
// exactly one journal entry.
type step struct {
	path, target, body string // path "/" with an X-Amz-Target, or a control path
}

// script plays a session mixing AWS calls, control calls and advances
// (as absolute instants, so that re-sending one is harmless) against the
// reference server at url, and returns its calls with their bodies as
// sent: IDs come from the reference's answers, and the same seed gives the
// same IDs to any server that replays the calls.
func script(t *testing.T, url string) []step {
	t.Helper()
	var steps []step
	do := func(st step) []byte {
		code, out, err := st.send(url)
		require.NoError(t, err)
		require.Equal(t, 200, code, "%v: %s", st, out)
		steps = append(steps, st)
		return out
	}
	aws := func(op, body string) []byte { return do(step{"/", op, body}) }
	ctl := func(path, body string) []byte { return do(step{"/_ssmsim/" + path, "", body}) }
	until := func(sec int) { ctl("advance", fmt.Sprintf(`{"Until": %d}`, 1704067200+sec)) }
	var created struct {
		AssociationDescription struct{ AssociationId string }
	}
	var nodes struct{ InstanceIds []string }
	require.NoError(t, json.Unmarshal(ctl("nodes", `{"Count": 400, "Tags": {"env": "prod"}, "Behavior": {"Outcome": "random", "FailureProbability": 0.05, "DurationSeconds": 40, "PickupSeconds": 1}}`), &nodes))
	require.NoError(t, json.Unmarshal(aws("CreateAssociation", `{"Name": "AWS-UpdateSSMAgent", "AssociationName": "agent", "Targets": [{"Key": "tag:env", "Values": ["prod"]}], "ScheduleExpression": "rate(30 minutes)", "MaxConcurrency": "10%", "MaxErrors": "10%"}`), &created))
	agent := created.AssociationDescription.AssociationId
	ctl("alarms", `{"Name": "cpu", "State": "OK"}`)
	aws("CreateDocument", `{"Name": "Freeze", "DocumentType": "ChangeCalendar", "DocumentFormat": "TEXT", "Content": "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-CALENDAR-TYPE:DEFAULT_OPEN\r\nBEGIN:VEVENT\r\nUID:f\r\nDTSTART:20240104T000000Z\r\nDTEND:20240104T060000Z\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"}`)
	for i := 1; i <= 30; i++ {
		until(i * 4 * 3600)
		switch i % 6 {
		case 0:
			ctl("nodes", fmt.Sprintf(`{"Count": %d, "Tags": {"env": "prod"}}`, 5+i))
		case 1:
			aws("UpdateAssociation", fmt.Sprintf(`{"AssociationId": "%s", "Targets": [{"Key": "tag:env", "Values": ["prod"]}], "ScheduleExpression": "rate(30 minutes)", "MaxConcurrency": "%d", "MaxErrors": "10%%", "CalendarNames": ["Freeze"]}`, agent, 10+i))
		case 2:
			aws("StartAssociationsOnce", `{"AssociationIds": ["`+agent+`"]}`)
		case 3:
			aws("PutComplianceItems", fmt.Sprintf(`{"ResourceId": "%s", "ResourceType": "ManagedInstance", "ComplianceType": "Custom:AV", "ExecutionSummary": {"ExecutionTime": %d}, "Items": [{"Id": "av", "Severity": "HIGH", "Status": "NON_COMPLIANT"}]}`, nodes.InstanceIds[i], 1704067200+i*4*3600))
		case 4:
			ctl("alarms", fmt.Sprintf(`{"Name": "cpu", "State": "%s"}`, []string{"ALARM", "OK"}[i%2]))
		case 5:
			require.NoError(t, json.Unmarshal(aws("CreateAssociation", fmt.Sprintf(`{"Name": "AWS-RunShellScript", "AssociationName": "shell-%d", "Parameters": {"commands": ["true"]}, "Targets": [{"Key": "InstanceIds", "Values": ["%s", "%s"]}]}`, i, nodes.InstanceIds[i], nodes.InstanceIds[2*i])), &created))
			aws("AddTagsToResource", `{"ResourceType": "Association", "ResourceId": "`+created.AssociationDescription.AssociationId+`", "Tags": [{"Key": "wave", "Value": "1"}]}`)
		}
	}
	return steps
}

// send makes one call; it reports a transport error (the server died).
func (st step) send(url string) (int, []byte, error) {
	req, _ := http.NewRequest(http.MethodPost, url+st.path, strings.NewReader(st.body))
	if st.target != "" {
		req.Header.Set("Content-Type", server.ContentType)
		req.Header.Set("X-Amz-Target", "AmazonSSM."+st.target)
	} else {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// state reads what a client sees of the simulation.
func state(t *testing.T, url string) string {
	t.Helper()
	var b strings.Builder
	call := func(op, body string) []byte {
		code, out, err := step{"/", op, body}.send(url)
		require.NoError(t, err)
		require.Equal(t, 200, code, "%s", out)
		return out
	}
	list := call("ListAssociations", `{}`)
	b.Write(list)
	var l struct {
		Associations []struct{ AssociationId string }
	}
	require.NoError(t, json.Unmarshal(list, &l))
	for _, a := range l.Associations {
		b.Write(call("DescribeAssociation", `{"AssociationId": "`+a.AssociationId+`"}`))
		b.Write(call("DescribeAssociationExecutions", `{"AssociationId": "`+a.AssociationId+`"}`))
	}
	b.Write(call("DescribeInstanceInformation", `{"MaxResults": 50}`))
	b.Write(call("ListResourceComplianceSummaries", `{}`))
	return b.String()
}

// journalLen counts the calls recorded in a --state directory (not the
// header, nor the restarts it marks).
func journalLen(t *testing.T, dir string) int {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "journal.jsonl"))
	if os.IsNotExist(err) {
		return 0
	}
	require.NoError(t, err)
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e server.JournalEntry
		if json.Unmarshal(sc.Bytes(), &e) == nil && e.Op != "" && e.Op != server.JournalRestart {
			n++
		}
	}
	return n
}

// startChild starts `ssmsim serve --state dir` as a child process and
// waits until it listens.
func startChild(t *testing.T, dir string) (*exec.Cmd, string, *syncBuffer) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "SSMSIM_TEST_SERVE=serve --seed 4 --retention 0 --snapshot-every 300 --addr "+addr+" --state "+dir)
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	require.NoError(t, cmd.Start())
	url := "http://" + addr
	require.Eventually(t, func() bool {
		resp, err := http.Get(url + "/_ssmsim/clock")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil
	}, 20*time.Second, 5*time.Millisecond, "child did not listen: %s", stderr)
	return cmd, url, stderr
}

// kill -9 at random points of a scripted session: after each restart with
// --state the client resumes after the calls the journal holds (an
// answered call is always there; one in flight may or may not be), and in
// the end every document is byte-identical to an uninterrupted session's.
func TestServe_State_KillAnywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIP: -short: no kill -9 session")
	}
	// The uninterrupted session, in process.
	ref, _, err := newServer(serveConfig{seed: 4})
	require.NoError(t, err)
	ts := httptest.NewServer(ref)
	steps := script(t, ts.URL)
	want := state(t, ts.URL)
	ts.Close()

	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1)) // kill points vary from run to run; the outcome must not
	cmd, url, stderr := startChild(t, dir)
	killed, acked := 0, 0
	for next := 0; next < len(steps); {
		if killed < *kills {
			delay := time.Duration(rng.IntN(4_000)) * time.Microsecond
			go func(c *exec.Cmd) { time.Sleep(delay); _ = c.Process.Signal(syscall.SIGKILL) }(cmd)
		}
		for next < len(steps) {
			code, out, err := steps[next].send(url)
			if err != nil {
				break // the server died under the call
			}
			require.Equal(t, 200, code, "step %d: %s (%s)", next, out, stderr)
			next++
			acked = max(acked, next)
		}
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		killed++
		// Every answered call is in the journal; resume after what it holds.
		held := journalLen(t, dir)
		require.GreaterOrEqual(t, held, acked, "an acknowledged call was lost (kill %d)", killed)
		next = held
		cmd, url, stderr = startChild(t, dir)
	}
	// One more kill after the whole session: the restart begins from a
	// snapshot (--snapshot-every 300) and replays only what follows it.
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
	cmd, url, stderr = startChild(t, dir)
	defer func() { _ = cmd.Process.Signal(syscall.SIGKILL); _ = cmd.Wait() }()
	require.Eventually(t, func() bool { return strings.Contains(stderr.String(), "restored") }, 5*time.Second, 5*time.Millisecond)
	assert.Contains(t, stderr.String(), "from a snapshot and", "the last restart did not use a snapshot")
	t.Logf("%d kills over %d steps; last restart: %s", killed, len(steps), strings.TrimSpace(strings.Split(stderr.String(), "\n")[0]))
	assert.Equal(t, want, state(t, url), "state after %d kills differs from the uninterrupted session", killed)
}

// With --state, every Region is kept (issue 15 item 3 with issue 11's
// journal): a session in us-east-1 and eu-west-1, killed with -9 and
// restarted twice, answers each Region as before, on one clock.
func TestServe_State_RegionsSurviveRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIP: -short: no kill -9 session")
	}
	dir := t.TempDir()
	cmd, url, stderr := startChild(t, dir)
	call := func(region, op, body string) string {
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", "AmazonSSM."+op)
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20240101/"+region+"/ssm/aws4_request, SignedHeaders=host, Signature=x")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		require.Equal(t, 200, res.StatusCode, "%s %s: %s", region, op, b)
		return string(b)
	}
	ctl := func(path, body string) {
		req, _ := http.NewRequest(http.MethodPost, url+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		require.Equal(t, 200, res.StatusCode, "%s: %s", path, b)
	}
	assoc := `{"Name": "AWS-RunShellScript", "AssociationName": "%s", "Parameters": {"commands": ["true"]}, "Targets": [{"Key": "tag:env", "Values": ["prod"]}], "ScheduleExpression": "rate(1 hour)"}`
	ctl("/_ssmsim/nodes", `{"Count": 3, "Tags": {"env": "prod"}}`)
	ctl("/_ssmsim/nodes?region=eu-west-1", `{"Count": 5, "Tags": {"env": "prod"}}`)
	call("us-east-1", "CreateAssociation", fmt.Sprintf(assoc, "east"))
	call("eu-west-1", "CreateAssociation", fmt.Sprintf(assoc, "west"))
	ctl("/_ssmsim/advance", `{"Seconds": 7200}`)
	call("eu-west-1", "CreateAssociation", fmt.Sprintf(assoc, "west-2"))
	state := func() string {
		var b strings.Builder
		for _, region := range []string{"us-east-1", "eu-west-1"} {
			list := call(region, "ListAssociations", `{}`)
			b.WriteString(list)
			var l struct {
				Associations []struct{ AssociationId string }
			}
			require.NoError(t, json.Unmarshal([]byte(list), &l))
			for _, a := range l.Associations {
				b.WriteString(call(region, "DescribeAssociationExecutions", `{"AssociationId": "`+a.AssociationId+`"}`))
			}
			res, err := http.Get(url + "/_ssmsim/clock?region=" + region)
			require.NoError(t, err)
			c, _ := io.ReadAll(res.Body)
			res.Body.Close()
			b.Write(c)
		}
		return b.String()
	}
	want := state()
	require.Contains(t, want, "west-2")
	for restart := range 2 {
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		cmd, url, stderr = startChild(t, dir)
		require.Eventually(t, func() bool { return strings.Contains(stderr.String(), "listening") }, 5*time.Second, 5*time.Millisecond)
		assert.Contains(t, stderr.String(), "restored 1 more account/Region pair(s)", "restart %d", restart+1)
		assert.Equal(t, want, state(), "restart %d: every Region as before", restart+1)
	}
	// SIGTERM: every Region takes a snapshot on the way out.
	_ = cmd.Process.Signal(syscall.SIGTERM)
	_ = cmd.Wait()
	for _, snap := range []string{filepath.Join(dir, "snapshot"), filepath.Join(dir, "scopes", "123456789012-eu-west-1", "snapshot")} {
		_, err := os.Stat(snap)
		assert.NoError(t, err, "a snapshot on shutdown: %s", snap)
	}
	cmd, url, stderr = startChild(t, dir)
	defer func() { _ = cmd.Process.Signal(syscall.SIGKILL); _ = cmd.Wait() }()
	assert.Equal(t, want, state(), "restored from the snapshots")
}
