package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/ssmsim/ssmsim/scenarios/bench"
)

func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: ssmsim bench [options] [WORKLOAD...]\n\nRuns the standard performance workloads (all by default), each checked\nbefore it reports, one line per workload:")
		for _, w := range bench.Workloads() {
			fmt.Fprintf(stderr, "  %-13s %s\n", w.Name, w.Description)
		}
		fmt.Fprintln(stderr, "\nOptions:")
		fs.PrintDefaults()
	}
	asJSON := fs.Bool("json", false, "print the results as JSON")
	names, err := parseArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
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
