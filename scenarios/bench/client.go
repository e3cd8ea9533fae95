package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"
)

// Plan is the load one client process puts on an endpoint: each stream is
// one keep-alive HTTP client issuing its calls in order, every stream at
// once.
type Plan struct {
	URL     string   `json:"url"`
	Streams [][]Call `json:"streams"`
}

// Call is one AWS JSON 1.1 request: the operation and its body.
type Call struct {
	Op   string `json:"op"`
	Body string `json:"body"`
}

// Load is what driving a Plan measured, from the client's side.
type Load struct {
	Calls    int           `json:"calls"`
	Failures int           `json:"failures"`
	Failure  string        `json:"failure,omitempty"` // the first failure's cause
	Wall     time.Duration `json:"wall_ns"`
	// CPU is the client process's own CPU time (zero when the client ran
	// inside the measured process).
	CPU  time.Duration `json:"cpu_ns"`
	P50  time.Duration `json:"p50_ns"`
	P99  time.Duration `json:"p99_ns"`
	Max  time.Duration `json:"max_ns"`
	Proc bool          `json:"separate_process"`
}

// ClientProcess, when set, starts a separate process that reads a Plan as
// JSON on its standard input, drives it (Drive) and writes its Load as
// JSON on standard output: `ssmsim bench -client`. The serve workloads
// then measure the server over loopback from another process, so the
// client's CPU is not the server's. Unset (in tests), they drive the plan
// from a goroutine of their own process.
var ClientProcess func(ctx context.Context) *exec.Cmd

// authorization is a SigV4-shaped header: it names the ssm service, which
// moto's server routes by (without it, moto answers as S3), and the
// account and Region ssmsim reads from it. Neither checks the signature.
const authorization = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/ssm/aws4_request, SignedHeaders=host;x-amz-target, Signature=0"

// Drive runs the plan from this process.
func Drive(ctx context.Context, p Plan) (Load, error) {
	if len(p.Streams) == 0 {
		return Load{}, errors.New("the plan has no streams")
	}
	tr := &http.Transport{MaxIdleConnsPerHost: len(p.Streams)}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: time.Minute}
	var mu sync.Mutex
	var wg sync.WaitGroup
	var failures int
	var failure string
	lat := make([][]time.Duration, len(p.Streams))
	t0 := time.Now()
	for s, calls := range p.Streams {
		lat[s] = make([]time.Duration, 0, len(calls))
		wg.Go(func() {
			for _, c := range calls {
				req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.URL+"/", strings.NewReader(c.Body))
				if err != nil {
					mu.Lock()
					failures, failure = failures+1, err.Error()
					mu.Unlock()
					return
				}
				req.Header.Set("X-Amz-Target", "AmazonSSM."+c.Op)
				req.Header.Set("Content-Type", "application/x-amz-json-1.1")
				req.Header.Set("Authorization", authorization)
				start := time.Now()
				resp, err := hc.Do(req)
				status := 0
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
				}
				lat[s] = append(lat[s], time.Since(start))
				if err != nil || status != http.StatusOK {
					mu.Lock()
					if failures++; failure == "" {
						failure = fmt.Sprintf("%s: HTTP %d %v", c.Op, status, err)
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	l := Load{Wall: time.Since(t0), Failures: failures, Failure: failure}
	all := slices.Concat(lat...)
	slices.Sort(all)
	if l.Calls = len(all); l.Calls > 0 {
		q := func(p float64) time.Duration { return all[int(p*float64(len(all)-1))] }
		l.P50, l.P99, l.Max = q(0.5), q(0.99), q(1)
	}
	return l, ctx.Err()
}

// ClientMain is `ssmsim bench -client`: a Plan on in, its Load on out.
func ClientMain(ctx context.Context, in io.Reader, out io.Writer) error {
	var p Plan
	dec := json.NewDecoder(io.LimitReader(in, 1<<30))
	if err := dec.Decode(&p); err != nil {
		return fmt.Errorf("reading the plan: %w", err)
	}
	c0 := cpuTime()
	l, err := Drive(ctx, p)
	if err != nil {
		return err
	}
	l.CPU, l.Proc = cpuTime()-c0, true
	return json.NewEncoder(out).Encode(l)
}

// drive runs the plan in a separate process when ClientProcess is set,
// else in this one.
func drive(ctx context.Context, p Plan) (Load, error) {
	if ClientProcess == nil {
		return Drive(ctx, p)
	}
	cmd := ClientProcess(ctx)
	body, err := json.Marshal(p)
	if err != nil {
		return Load{}, err
	}
	cmd.Stdin = strings.NewReader(string(body))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return Load{}, fmt.Errorf("the client process: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	var l Load
	if err := json.Unmarshal(out, &l); err != nil {
		return Load{}, fmt.Errorf("the client process's answer: %w", err)
	}
	return l, nil
}

// ms is d in milliseconds, to the microsecond.
func ms(d time.Duration) float64 { return round3(float64(d.Microseconds()) / 1000) }
