package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/ssmsim/ssmsim/reports"
	"github.com/ssmsim/ssmsim/scenarios"
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
	"run":       {"run a scenario and print its summary", cmdRun},
	"scenarios": {"list the built-in scenarios; 'scenarios show NAME' prints one's file", cmdScenarios},
	"serve":     {"serve the SSM API over a simulation (a local endpoint for AWS clients)", cmdServe},
	"validate":  {"check scenario files", cmdValidate},
}

// run is the whole program with its world injected.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
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
	tw.Flush()
	fmt.Fprintln(w, "\nRun 'ssmsim <command> -h' for a command's options.")
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: ssmsim run [options] [SCENARIO]\n\nRuns a built-in scenario (default: \"default\") and prints its summary.\n\nOptions:")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\nExamples:\n  ssmsim run\n  ssmsim run --seed 7 --json\n  ssmsim run --documents out/")
	}
	seed := fs.Uint64("seed", 0, "random seed (default: the scenario's own)")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	docsDir := fs.String("documents", "", "write the run's SSM API response documents under `DIR`")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	name := "default"
	switch fs.NArg() {
	case 0:
	case 1:
		name = fs.Arg(0)
	default:
		fmt.Fprintf(stderr, "ssmsim run: one scenario at a time, got %s\n", strings.Join(fs.Args(), " "))
		return exitUsage
	}
	sc, ok := scenarios.Builtin(name)
	if !ok {
		fmt.Fprintf(stderr, "ssmsim run: no built-in scenario %q (have: %s)\n", name, strings.Join(scenarios.Names(), ", "))
		return exitUsage
	}
	s := sc.Seed
	if isSet(fs, "seed") {
		s = *seed
	}
	r, err := sc.Execute(s, nil)
	if err != nil {
		fmt.Fprintf(stderr, "ssmsim run: %v\n", err)
		return exitUsage
	}
	if err := ctx.Err(); err != nil {
		fmt.Fprintf(stderr, "ssmsim run: %v\n", err)
		return exitFailure
	}
	ids := make([]string, len(r.Created))
	for i, c := range r.Created {
		ids[i] = c.AssociationDescription.AssociationID
	}
	sum := reports.Summarize(r.Sim, reports.Meta{
		Scenario: sc.Name, Seed: s, Start: r.Sim.Config().Start, End: r.Sim.Now(),
		Nodes: r.Sim.Fleet().Len(), Associations: sc.Associations,
	}, ids)
	if *docsDir != "" {
		nodes := make([]string, r.Sim.Fleet().Len())
		for n := range nodes {
			nodes[n] = r.Sim.Fleet().ID(n)
		}
		docs, err := reports.Documents(r.Sim, r.Created, nodes)
		if err == nil {
			err = reports.WriteDocuments(*docsDir, docs)
		}
		if err != nil {
			fmt.Fprintf(stderr, "ssmsim run: documents: %v\n", err)
			return exitFailure
		}
	}
	if *asJSON {
		err = sum.WriteJSON(stdout)
	} else {
		err = sum.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "ssmsim run: %v\n", err)
		return exitFailure
	}
	return exitOK
}

func cmdScenarios(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "show" {
		return cmdScenariosShow(ctx, args[1:], stdout, stderr)
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
