package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/schollz/progressbar/v3"
	"github.com/ssmsim/ssmsim/reports"
	"github.com/ssmsim/ssmsim/scenarios"
	"github.com/ssmsim/ssmsim/scenarios/sweep"
	"golang.org/x/term"
)

// loadScenario finds a scenario by built-in name or file path, and the
// document text a sweep edits.
func loadScenario(arg string) (scenarios.Scenario, string, []byte, error) {
	if src, ok := scenarios.Source(arg); ok {
		sc, _ := scenarios.Builtin(arg)
		return sc, arg + ".yaml", src, nil
	}
	if _, err := os.Stat(arg); os.IsNotExist(err) {
		return scenarios.Scenario{}, "", nil, fmt.Errorf("%q is neither a built-in scenario (%s) nor a file", arg, joinNames())
	}
	data, err := scenarios.ReadFile(arg) // the bounded reader validate uses too
	if err != nil {
		return scenarios.Scenario{}, "", nil, err
	}
	sc, err := scenarios.Parse(arg, data)
	return sc, arg, data, err
}

// analyze runs a scenario with one seed and computes its statistics.
func analyze(sc scenarios.Scenario, seed uint64) (reports.RunResult, *scenarios.Run, error) {
	return sweep.Analyze(sc, seed)
}

// progress returns a progress callback drawing a bar on stderr when it is a
// terminal, and nothing otherwise (so logs and pipes stay clean).
func progress(stderr io.Writer, total int, what string) func(done, total int) {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	bar := progressbar.NewOptions(total, progressbar.OptionSetWriter(f), progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(), progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100_000_000))
	return func(done, _ int) { _ = bar.Set(done) }
}

func joinNames() string { return strings.Join(scenarios.Names(), ", ") }

// defaultWorkers is the parallelism across independent simulations.
func defaultWorkers() int { return runtime.GOMAXPROCS(0) }

// runSeeds runs the scenario for seeds seed..seed+n-1 in parallel; results
// come back in seed order whatever the worker count.
func runSeeds(ctx context.Context, sc scenarios.Scenario, seed uint64, n, workers int, stderr io.Writer) ([]reports.RunResult, error) {
	jobs := sweep.Jobs(sweep.Grid(nil), n, seed)
	return sweep.Execute(ctx, jobs, workers, func(j sweep.Job) (reports.RunResult, error) {
		r, _, err := analyze(sc, j.Seed)
		if j.Run > 0 {
			r = r.WithoutSeries() // the charts draw the first run's series
		}
		return r, err
	}, progress(stderr, len(jobs), "runs"))
}
