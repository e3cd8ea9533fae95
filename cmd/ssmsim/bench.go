package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/pprof"

	"github.com/ssmsim/ssmsim/reports"
	"github.com/ssmsim/ssmsim/scenarios/bench"
)

func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: ssmsim bench [options] [WORKLOAD...]\n\nRuns the standard performance workloads (all by default), each checked\nbefore it reports, one line per workload:")
		for _, w := range bench.Workloads() {
			fmt.Fprintf(stderr, "  %-13s %s\n", w.Name, w.Description)
		}
		fmt.Fprintln(stderr, "\nRun only when named:")
		for _, w := range bench.OptIn() {
			fmt.Fprintf(stderr, "  %-13s %s\n", w.Name, w.Description)
		}
		fmt.Fprintln(stderr, "\nOptions:")
		fs.PrintDefaults()
	}
	asJSON := fs.Bool("json", false, "print the results as JSON")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the workloads (pprof's format, for go tool pprof) to `FILE`, once they have passed")
	client := fs.Bool("client", false, "be the load client the serve workloads start as a separate process: a plan (JSON) on standard input, what it measured (JSON) on standard output")
	names, err := parseArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *client {
		if err := bench.ClientMain(ctx, os.Stdin, stdout); err != nil {
			fmt.Fprintf(stderr, "ssmsim bench -client: %v\n", err)
			return exitFailure
		}
		return exitOK
	}
	// The serve workloads' load comes from another process (this binary
	// again, with -client), so that the client's CPU is not the server's.
	if exe, err := os.Executable(); err == nil {
		bench.ClientProcess = func(ctx context.Context) *exec.Cmd {
			cmd := exec.CommandContext(ctx, exe, "bench", "-client")
			// Under go test, exe is the test binary: its TestMain runs
			// these arguments as the command line instead of the tests.
			cmd.Env = append(os.Environ(), "SSMSIM_TEST_SERVE=bench -client")
			return cmd
		}
	}
	var todo []bench.Workload
	if len(names) == 0 {
		todo = bench.Workloads()
	}
	for _, n := range names {
		w, ok := bench.Find(n)
		if !ok {
			fmt.Fprintf(stderr, "ssmsim bench: no workload %q\n", n)
			return exitUsage
		}
		todo = append(todo, w)
	}
	if *cpuProfile != "" {
		// Kept in memory and written once the workloads have passed: a
		// failed run leaves no profile, never part of one.
		var prof bytes.Buffer
		if err := pprof.StartCPUProfile(&prof); err != nil {
			fmt.Fprintf(stderr, "ssmsim bench: -cpuprofile: %v\n", err)
			return exitFailure
		}
		defer func() {
			pprof.StopCPUProfile()
			if code != exitOK {
				return
			}
			if err := reports.WriteFileAtomic(*cpuProfile, 0o644, func(w io.Writer) error { _, err := prof.WriteTo(w); return err }); err != nil {
				fmt.Fprintf(stderr, "ssmsim bench: -cpuprofile: %v\n", err)
				code = exitFailure
			}
		}()
	}
	var results []bench.Result
	for _, w := range todo {
		r, err := w.Measure(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "ssmsim bench: %s: %v\n", w.Name, err)
			return exitFailure
		}
		if !*asJSON {
			fmt.Fprintln(stdout, r.Line())
		}
		results = append(results, r)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			fmt.Fprintf(stderr, "ssmsim bench: %v\n", err)
			return exitFailure
		}
	}
	return exitOK
}
