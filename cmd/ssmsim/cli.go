package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ssmsim/ssmsim/reports"
	"github.com/ssmsim/ssmsim/scenarios"
	"github.com/ssmsim/ssmsim/scenarios/sweep"
)

// Exit codes, part of the CLI's contract: never renumber.
const (
	exitOK      = 0
	exitFailure = 1 // the run itself failed (I/O, a broken scenario at run time)
	exitUsage   = 2 // bad command line or invalid scenario
)

type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{
	"run":       {"run a scenario (once, or over --runs seeds) and report on it", cmdRun},
	"scenarios": {"list the built-in scenarios; 'scenarios show NAME' prints one's file", cmdScenarios},
	"serve":     {"serve the SSM API over a simulation (a local endpoint for AWS clients)", cmdServe},
	"validate":  {"check scenario files", cmdValidate},
	"sweep":     {"run a scenario over a grid of parameters and seeds", cmdSweep},
	"merge":     {"combine the shards of a sweep into its report", cmdMerge},
	"report":    {"report again on a run recorded with run --record, without simulating", cmdReport},
	"bench":     {"run the standard performance workloads", cmdBench},
}

// run is the whole program with its world injected.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 2 && args[0] == "help" { // ssmsim help COMMAND: its options, on stdout
		if c, ok := commands[args[1]]; ok {
			c.run(ctx, []string{"-h"}, stdout, stdout)
			return exitOK
		}
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return exitOK
	}
	if args[0] == "version" || args[0] == "--version" {
		fmt.Fprintln(stdout, version())
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "ssmsim: unknown command %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
	return c.run(ctx, args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "ssmsim simulates AWS Systems Manager State Manager associations on a virtual fleet.")
	fmt.Fprintln(w, "\nUsage: ssmsim <command> [options]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, n := range names {
		fmt.Fprintf(tw, "  %s\t%s\n", n, commands[n].summary)
	}
	fmt.Fprintf(tw, "  %s\t%s\n", "version", "print ssmsim's module version and VCS revision")
	tw.Flush()
	fmt.Fprintln(w, "\nRun 'ssmsim <command> -h' for a command's options.")
}

// version says which ssmsim this is: the module version (a tag when
// installed with go install …@version, else "(devel)") and, when built
// from a checkout, the VCS revision, its time and whether it had changes.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "ssmsim (no build information)"
	}
	out := "ssmsim " + bi.Main.Version
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		out += " " + rev
		if t := settings["vcs.time"]; t != "" {
			out += " " + t
		}
		if settings["vcs.modified"] == "true" {
			out += " (modified)"
		}
	}
	return out + " " + bi.GoVersion
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: ssmsim run [options] [SCENARIO]\n\nRuns a scenario — a built-in name (default: \"default\") or a scenario file —\nand reports on it.\n\nOptions:")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\nExamples:\n  ssmsim run\n  ssmsim run --seed 7 --json\n  ssmsim run patch-tuesday --runs 20\n  ssmsim run weekend-freeze --report html -o freeze.html\n  ssmsim run my-scenario.yaml --documents out/")
	}
	seed := fs.Uint64("seed", 0, "random seed; with --runs N, the first of N consecutive seeds (default: the scenario's own)")
	runs := fs.Int("runs", 1, "how many seeds to run: the report gives means and 95% confidence intervals")
	report := fs.String("report", "text", "report format: text, json, csv (time series of the first run) or html")
	asJSON := fs.Bool("json", false, "shorthand for --report json")
	outPath := fs.String("o", "", "write the report to `FILE` instead of standard output")
	step := fs.Duration("step", time.Minute, "time step of the csv report")
	docsDir := fs.String("documents", "", "write the first run's SSM API response documents under `DIR`")
	recordPath := fs.String("record", "", "also write the first run as a record to `FILE` (ssmsim report FILE reports it again without simulating)")
	workers := fs.Int("workers", 0, "simulations run in parallel (default: GOMAXPROCS; results are the same for any number)")
	explain := fs.Bool("explain", false, "annotate the text report: under the first line of each kind, a # line saying what it means")
	pos, err := parseArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	name := "default"
	switch len(pos) {
	case 0:
	case 1:
		name = pos[0]
	default:
		fmt.Fprintf(stderr, "ssmsim run: one scenario at a time, got %s\n", strings.Join(pos, " "))
		return exitUsage
	}
	if *asJSON {
		if isSet(fs, "report") && *report != "json" {
			fmt.Fprintf(stderr, "ssmsim run: --json and --report %s ask for two formats; give one\n", *report)
			return exitUsage
		}
		*report = "json"
	}
	if !isSet(fs, "workers") {
		*workers = defaultWorkers()
	}
	switch {
	case *runs < 1:
		fmt.Fprintf(stderr, "ssmsim run: --runs %d: need at least 1\n", *runs)
		return exitUsage
	case *workers < 1:
		fmt.Fprintf(stderr, "ssmsim run: --workers %d: need at least 1\n", *workers)
		return exitUsage
	case !slices.Contains([]string{"text", "json", "csv", "html"}, *report):
		fmt.Fprintf(stderr, "ssmsim run: --report %q is not one of text, json, csv, html\n", *report)
		return exitUsage
	case *step <= 0:
		fmt.Fprintf(stderr, "ssmsim run: --step must be positive\n")
		return exitUsage
	case *explain && *report != "text":
		fmt.Fprintf(stderr, "ssmsim run: --explain annotates the text report, not --report %s\n", *report)
		return exitUsage
	}
	sc, _, _, err := loadScenario(name)
	if err != nil {
		fmt.Fprintf(stderr, "ssmsim run: %v\n", err)
		return exitUsage
	}
	s := sc.Seed
	if isSet(fs, "seed") {
		s = *seed
	}
	results, err := runSeeds(ctx, sc, s, *runs, *workers, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "ssmsim run: %v\n", err)
		return exitUsage
	}
	if *recordPath != "" {
		err := reports.WriteFileAtomic(*recordPath, 0o644, func(w io.Writer) error {
			_, _, err := sweep.AnalyzeRecorded(sc, s, w)
			return err
		})
		if err != nil {
			fmt.Fprintf(stderr, "ssmsim run: record: %v\n", err)
			return exitFailure
		}
	}
	if *docsDir != "" {
		_, r, err := sweep.AnalyzeKeeping(sc, s)
		if err == nil {
			nodes := make([]string, r.Sim.Fleet().Len())
			for n := range nodes {
				nodes[n] = r.Sim.Fleet().ID(n)
			}
			err = reports.ExportDocuments(*docsDir, r.Sim, r.Created, nodes)
		}
		if err != nil {
			fmt.Fprintf(stderr, "ssmsim run: documents: %v\n", err)
			return exitFailure
		}
	}
	return writeReport(stdout, stderr, *outPath, "ssmsim run", func(w io.Writer) error {
		switch {
		case *report == "csv":
			return results[0].WriteCSV(w, *step)
		case *report == "html":
			return reports.WriteHTML(w, results, reports.AggregateRuns(results))
		case *runs == 1 && *report == "json":
			return results[0].WriteJSON(w)
		case *runs == 1:
			return explained(w, *explain, reports.Glossary, results[0].WriteText)
		case *report == "json":
			return reports.WriteRunsJSON(w, results, reports.AggregateRuns(results))
		}
		return explained(w, *explain, reports.RunsGlossary, reports.AggregateRuns(results).WriteText)
	})
}

// explained writes a text report, annotated from the glossary when asked.
func explained(w io.Writer, explain bool, glossary []reports.GlossaryEntry, write func(io.Writer) error) error {
	if !explain {
		return write(w)
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	return reports.Explain(w, &buf, glossary)
}

// writeReport writes a report to stdout or, atomically, to the file -o
// names (a failure leaves no partial file).
func writeReport(stdout, stderr io.Writer, path, who string, write func(io.Writer) error) int {
	var err error
	if path != "" {
		err = reports.WriteFileAtomic(path, 0o644, write)
	} else {
		err = write(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", who, err)
		return exitFailure
	}
	return exitOK
}

func cmdScenarios(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "show" {
		return cmdScenariosShow(ctx, args[1:], stdout, stderr)
	}
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		fmt.Fprintf(stdout, "Usage: ssmsim scenarios [show NAME]\n\nLists the built-in scenarios; 'show NAME' prints one's file.\n")
		return exitOK
	}
	if len(args) > 0 {
		fmt.Fprintf(stderr, "Usage: ssmsim scenarios [show NAME]\n")
		return exitUsage
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, n := range scenarios.Names() {
		sc, _ := scenarios.Builtin(n)
		fmt.Fprintf(tw, "%s\t%s\n", n, sc.Description)
	}
	tw.Flush()
	return exitOK
}

func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

// parseArgs parses flags wherever they stand among the positional
// arguments (`ssmsim run patch-tuesday --runs 20`), returning the
// positionals in order. "--" ends the flags.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
