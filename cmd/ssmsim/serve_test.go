package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tee keeps the raw body of the last response the SDK read.
type tee struct {
	mu   sync.Mutex
	last []byte
}

func (t *tee) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	t.mu.Lock()
	t.last = b
	t.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, err
}

func sdkClient(url string, rt http.RoundTripper) *ssm.Client {
	return ssm.New(ssm.Options{Region: "us-east-1", BaseEndpoint: aws.String(url),
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		HTTPClient:  &http.Client{Transport: rt}, Retryer: aws.NopRetryer{}})
}

// A scenario served by `ssmsim serve` and read only through the real AWS
// SDK answers exactly what `ssmsim run --documents` wrote for the same seed
// (the CreateAssociation response aside: the scenario makes that call
// itself, before anyone is listening).
func TestServe_SameDocumentsAsRun(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runCLI(t, "run", "--json", "--documents", dir)
	require.Equal(t, 0, code, errOut)
	var summary struct{ End time.Time }
	require.NoError(t, json.Unmarshal([]byte(out), &summary))
	files := readTree(t, dir)

	h, _, err := newServer(serveConfig{scenario: "default"})
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	defer ts.Close()
	until, err := json.Marshal(model.TimestampOf(summary.End))
	require.NoError(t, err)
	resp, err := http.Post(ts.URL+"/_ssmsim/advance", "application/json", strings.NewReader(`{"Until": `+string(until)+`}`))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)

	raw := &tee{}
	c := sdkClient(ts.URL, raw)
	ctx := context.Background()
	compared := 0
	for p, want := range files {
		op, rest, _ := strings.Cut(p, "/")
		op = strings.TrimSuffix(op, ".json")
		id, n := pageOf(strings.TrimSuffix(path.Base(rest), ".json"))
		var token *string
		if n > 1 { // a later page: follow the previous page's NextToken, as a client does
			prev := strings.TrimSuffix(p, fmt.Sprintf(".page-%d.json", n)) + ".json"
			if n > 2 {
				prev = strings.TrimSuffix(p, fmt.Sprintf(".page-%d.json", n)) + fmt.Sprintf(".page-%d.json", n-1)
			}
			var doc struct{ NextToken *string }
			require.NoError(t, json.Unmarshal(files[prev], &doc), prev)
			require.NotNil(t, doc.NextToken, prev)
			token = doc.NextToken
		}
		var err error
		switch op {
		case "CreateAssociation":
			continue
		case "ListAssociations":
			_, err = c.ListAssociations(ctx, &ssm.ListAssociationsInput{NextToken: token})
		case "DescribeAssociation":
			_, err = c.DescribeAssociation(ctx, &ssm.DescribeAssociationInput{AssociationId: &id})
		case "ListAssociationVersions":
			_, err = c.ListAssociationVersions(ctx, &ssm.ListAssociationVersionsInput{AssociationId: &id, NextToken: token})
		case "DescribeAssociationExecutions":
			_, err = c.DescribeAssociationExecutions(ctx, &ssm.DescribeAssociationExecutionsInput{AssociationId: &id, NextToken: token})
		case "DescribeAssociationExecutionTargets":
			assoc := path.Dir(rest)
			_, err = c.DescribeAssociationExecutionTargets(ctx, &ssm.DescribeAssociationExecutionTargetsInput{AssociationId: &assoc, ExecutionId: &id, NextToken: token})
		case "DescribeInstanceAssociationsStatus":
			_, err = c.DescribeInstanceAssociationsStatus(ctx, &ssm.DescribeInstanceAssociationsStatusInput{InstanceId: &id, NextToken: token})
		default:
			t.Fatalf("no call for %s", p)
		}
		require.NoError(t, err, p)
		require.Equal(t, string(want), string(raw.last), "%s differs between serve and run --documents", p)
		compared++
	}
	assert.Equal(t, len(files)-1, compared)
}

// pageOf splits an exported document's name into the resource and page
// number: "ID" is page 1, "ID.page-N" page N.
func pageOf(name string) (id string, n int) {
	id, num, ok := strings.Cut(name, ".page-")
	if !ok {
		return name, 1
	}
	n, err := strconv.Atoi(num)
	if err != nil {
		return name, 1
	}
	return id, n
}

func TestServe_Flags(t *testing.T) {
	_, errOut, code := runCLI(t, "serve", "--scenario", "nope")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `"nope" is neither a built-in scenario (alarm-stop`)
	_, errOut, code = runCLI(t, "serve", "--time-scale", "-1")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "must not be negative")
	_, errOut, code = runCLI(t, "serve", "--addr", "256.0.0.1:1")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "ssmsim serve:")

	ctx, cancel := context.WithCancel(context.Background())
	var stderr bytes.Buffer
	done := make(chan int)
	go func() { done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, io.Discard, &stderr) }()
	cancel()
	assert.Equal(t, 0, <-done, "graceful shutdown on cancel (SIGINT/SIGTERM)")
}

// Binding beyond loopback says what it exposes; loopback says nothing.
func TestServe_ExposureWarning(t *testing.T) {
	lo := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}
	any := &net.TCPAddr{IP: net.IPv4zero, Port: 8080}
	assert.Empty(t, exposureWarning(lo, false, false))
	assert.Empty(t, exposureWarning(&net.TCPAddr{IP: net.IPv6loopback, Port: 1}, false, false))
	assert.Contains(t, exposureWarning(any, false, false), "anyone who can reach it can drive the simulation")
	assert.Contains(t, exposureWarning(any, false, false), "--control-token")
	assert.Contains(t, exposureWarning(any, true, false), "the control API needs the token")
	assert.Contains(t, exposureWarning(any, false, true), "through the AWS API")
}

// --control-token and --no-control reach the server.
func TestServe_ControlFlags(t *testing.T) {
	h, _, err := newServer(serveConfig{seed: 1, controlToken: "t0k"})
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	defer ts.Close()
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/_ssmsim/clock", nil)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 401, resp.StatusCode)
	req.Header.Set("Authorization", "Bearer t0k")
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)

	h, _, err = newServer(serveConfig{seed: 1, noControl: true})
	require.NoError(t, err)
	ts2 := httptest.NewServer(h)
	defer ts2.Close()
	resp, err = http.Get(ts2.URL + "/_ssmsim/clock")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 404, resp.StatusCode)

	stderr := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "0.0.0.0:0", "--control-token", "x"}, io.Discard, stderr)
	}()
	require.Eventually(t, func() bool { return strings.Contains(stderr.String(), "warning:") }, 5*time.Second, 10*time.Millisecond)
	cancel()
	assert.Equal(t, 0, <-done)
	assert.Contains(t, stderr.String(), "the control API needs the token")
}

// syncBuffer is a bytes.Buffer safe to write from one goroutine while
// another reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serve keeps a week of history by default (D19), a scenario's own
// retention wins, and 0 keeps everything.
func TestServe_Retention(t *testing.T) {
	for _, c := range []struct {
		cfg  serveConfig
		want time.Duration
	}{
		{serveConfig{seed: 1, retention: defaultServeRetention}, 7 * 24 * time.Hour},
		{serveConfig{seed: 1}, 0},
		{serveConfig{scenario: "default", retention: time.Hour}, time.Hour},
	} {
		h, _, err := newServer(c.cfg)
		require.NoError(t, err)
		var got time.Duration
		h.Do(func(s *sim.Sim) { got = s.Config().Decisions.Retention })
		assert.Equal(t, c.want, got)
	}
	_, errOut, code := runCLI(t, "serve", "--retention", "-1h")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "must not be negative")
}

// serve --scenario takes a file, as run does (issue 13 item 7): the file's
// fleet and seed are what is served, and a --state journal made for one
// text of the file is refused once the file is edited.
func TestServe_ScenarioFile(t *testing.T) {
	path, text := defaultEdited(t, "count: 1000", "count: 37", "seed: 1", "seed: 5")
	h, seed, err := newServer(serveConfig{scenario: path})
	require.NoError(t, err)
	assert.Equal(t, uint64(5), seed, "the file's own seed")
	assert.Equal(t, uint64(5), effectiveSeed(serveConfig{scenario: path}))
	var nodes int
	h.Do(func(s *sim.Sim) { nodes = s.Fleet().Len() })
	assert.Equal(t, 37, nodes)

	state := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // serve stops as soon as it has started
	var out, errOut strings.Builder
	code := run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--scenario", path, "--state", state}, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(text, "count: 37", "count: 38", 1)), 0o644))
	errOut.Reset()
	code = run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--scenario", path, "--state", state}, &out, &errOut)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut.String(), "made for another text of scenario")
}

// serve --throttle: a bad argument is a usage error naming what is wrong.
func TestServe_ThrottleFlag(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "limits.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"ListAssociations": {"Rate": -1, "Burst": 1}}`), 0o644))
	for arg, want := range map[string]string{"nonsense": "nonsense", bad: "Rate must be a positive"} {
		_, errOut, code := runCLI(t, "serve", "--addr", "127.0.0.1:0", "--throttle", arg)
		assert.Equal(t, exitUsage, code, arg)
		assert.Contains(t, errOut, "--throttle: ", arg)
		assert.Contains(t, errOut, want, arg)
	}
}

// A scenario's faults: serve --scenario injects them into its clients'
// AWS calls (inside their window of virtual time), and the run's report —
// live or from its record — lists them.
func TestScenarioFaults_ServedAndReported(t *testing.T) {
	path, _ := defaultEdited(t, "associations:", `faults:
  - operations: [ListAssociations]
    everyNth: 1
    fault: InternalServerError
    until: 1h
associations:`)
	h, _, err := newServer(serveConfig{scenario: path, seed: 1})
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	defer ts.Close()
	list := func() int {
		req, _ := http.NewRequest(http.MethodPost, ts.URL, strings.NewReader(`{}`))
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", "AmazonSSM.ListAssociations")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		return res.StatusCode
	}
	assert.Equal(t, 500, list(), "inside the window")
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/_ssmsim/advance", strings.NewReader(`{"Seconds": 3600}`))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, 200, list(), "past its end")

	out, errOut, code := runCLI(t, "run", path)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "fault             ListAssociations: InternalServerError, every 1 call(s), from 0s until 1h (ssmsim serve injects it")
	js, _, code := runCLI(t, "run", path, "--json")
	require.Equal(t, 0, code)
	assert.Contains(t, js, `"faults": [`)
	rec := filepath.Join(t.TempDir(), "run.rec")
	_, _, code = runCLI(t, "run", path, "--record", rec)
	require.Equal(t, 0, code)
	again, _, code := runCLI(t, "report", rec)
	require.Equal(t, 0, code)
	assert.Equal(t, out, again, "the record keeps the faults")
}

// Regions are apart through the AWS CLI too (issue 15 item 5c): an
// association created with --region eu-west-1 is listed there and not in
// us-east-1; --accounts refuses what is not a 12-digit account ID.
func TestServe_RegionsApart_AWSCLI(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "accounts.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"AKIDX": "12345"}`), 0o644))
	_, errOut, code := runCLI(t, "serve", "--addr", "127.0.0.1:0", "--accounts", bad)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "is not 12 digits")

	awsCLI, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("SKIP: the aws command is not installed; Region isolation through the CLI was not checked")
	}
	cfg := serveConfig{seed: 1, region: "us-east-1"}
	h, seed, err := newServer(cfg)
	require.NoError(t, err)
	ts := httptest.NewServer(cfg.front(h, seed))
	defer ts.Close()
	awsRun := func(region string, args ...string) string {
		cmd := exec.Command(awsCLI, append(append([]string{"ssm"}, args...), "--endpoint-url", ts.URL, "--region", region, "--output", "json")...)
		cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=x", "AWS_SECRET_ACCESS_KEY=x", "AWS_CONFIG_FILE=/dev/null",
			"AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		return string(out)
	}
	awsRun("eu-west-1", "create-association", "--name", "AWS-RunShellScript", "--association-name", "in-west",
		"--parameters", "commands=true", "--targets", "Key=tag:env,Values=prod")
	assert.Contains(t, awsRun("eu-west-1", "list-associations"), "in-west")
	assert.NotContains(t, awsRun("us-east-1", "list-associations"), "in-west")
}
