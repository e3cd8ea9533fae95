package bench

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/ssmsim/ssmsim/sim"
	"github.com/ssmsim/ssmsim/sim/server"
)

// motoDocument is the Command document both servers describe.
const motoDocument = `{"schemaVersion":"2.2","description":"bench","mainSteps":[{"action":"aws:runShellScript","name":"run","inputs":{"runCommand":["true"]}}]}`

// motoWorkload puts the same load — DescribeDocument of one Command
// document created first, 8 keep-alive clients of 250 calls, from the same
// client process — on ssmsim serve and on moto's server (moto_server, the
// only other SSM emulator that answers it), one after the other, and
// reports each one's calls/s and latencies and the ratio of the two.
func motoWorkload(ctx context.Context) (Result, error) {
	path, err := exec.LookPath("moto_server")
	if err != nil {
		return Result{}, errors.New("needs moto's server: moto_server is not on PATH (pip install 'moto[server]')")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return Result{}, err
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	moto := exec.CommandContext(ctx, path, "-H", "127.0.0.1", "-p", port)
	if err := moto.Start(); err != nil {
		return Result{}, err
	}
	defer func() { cancel(); _ = moto.Wait() }()
	motoURL := "http://127.0.0.1:" + port
	if err := waitListening(ctx, motoURL, 30*time.Second); err != nil {
		return Result{}, fmt.Errorf("moto_server: %w", err)
	}
	s, err := sim.New(sim.Config{Seed: 1})
	if err != nil {
		return Result{}, err
	}
	ts := httptest.NewServer(server.New(s, server.Options{Seed: 1}))
	defer ts.Close()
	const clients, calls = 8, 250
	measure := func(url string) (Load, error) {
		create := Call{"CreateDocument", `{"Name":"bench-doc","DocumentType":"Command","Content":` + strconv.Quote(motoDocument) + `}`}
		if l, err := Drive(ctx, Plan{URL: url, Streams: [][]Call{{create}}}); err != nil || l.Failures > 0 {
			return Load{}, fmt.Errorf("CreateDocument: %v %s", err, l.Failure)
		}
		plan := Plan{URL: url, Streams: make([][]Call, clients)}
		for c := range plan.Streams {
			for range calls {
				plan.Streams[c] = append(plan.Streams[c], Call{"DescribeDocument", `{"Name":"bench-doc"}`})
			}
		}
		l, err := drive(ctx, plan)
		if err == nil && l.Failures > 0 {
			err = fmt.Errorf("%d of %d calls failed, the first: %s", l.Failures, l.Calls, l.Failure)
		}
		return l, err
	}
	ours, err := measure(ts.URL)
	if err != nil {
		return Result{}, fmt.Errorf("ssmsim: %w", err)
	}
	theirs, err := measure(motoURL)
	if err != nil {
		return Result{}, fmt.Errorf("moto: %w", err)
	}
	rate := func(l Load) float64 { return float64(l.Calls) / l.Wall.Seconds() }
	x := map[string]float64{"calls": float64(ours.Calls), "clients": clients,
		"ssmsim_calls_per_sec": float64(int(rate(ours))), "moto_calls_per_sec": float64(int(rate(theirs))),
		"ssmsim_over_moto": round3(rate(ours) / rate(theirs)),
		"ssmsim_p50_ms":    ms(ours.P50), "ssmsim_p99_ms": ms(ours.P99), "moto_p50_ms": ms(theirs.P50), "moto_p99_ms": ms(theirs.P99)}
	if ours.Proc {
		x["client_process"] = 1
	}
	return Result{Name: "moto", Wall: ours.Wall + theirs.Wall, Extra: x}, nil
}

// waitListening waits until url answers HTTP at all.
func waitListening(ctx context.Context, url string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url+"/", strings.NewReader("{}"))
		req.Header.Set("Authorization", authorization)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not answering at %s after %v", url, limit)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}
