package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/ssmsim/ssmsim/scenarios"
)

// cmdValidate checks scenario files: "FILE: ok" on stdout for each valid
// one, every problem of the others on stderr as FILE:LINE: PATH: message.
// It exits 0 when all are valid, 2 (invalid scenario) otherwise.
func cmdValidate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: ssmsim validate FILE...\n\nChecks scenario files (the format is in scenarios/SCHEMA.md): prints\n\"FILE: ok\" for each valid one, and every problem of the others as\nFILE:LINE: PATH: message. Exits 0 if all are valid, 2 if not.\n\nExamples:\n  ssmsim validate my-rollout.yaml\n  ssmsim scenarios show default > mine.yaml && ssmsim validate mine.yaml")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}
	code := exitOK
	for _, file := range fs.Args() {
		if err := ctx.Err(); err != nil {
			fmt.Fprintf(stderr, "ssmsim validate: %v\n", err)
			return exitFailure
		}
		_, err := scenarios.Load(file)
		if err == nil {
			fmt.Fprintf(stdout, "%s: ok\n", file)
			continue
		}
		code = exitUsage
		problems := scenarios.Problems(err)
		if len(problems) == 0 {
			fmt.Fprintf(stderr, "%s: %v\n", file, err)
		}
		for _, p := range problems {
			fmt.Fprintln(stderr, p)
		}
	}
	return code
}

// cmdScenariosShow prints a built-in scenario's file (`ssmsim scenarios
// show NAME`): a starting point for one's own.
func cmdScenariosShow(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("scenarios show", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: ssmsim scenarios show NAME\n\nPrints a built-in scenario's file, a starting point for your own.\n\nExample:\n  ssmsim scenarios show patch-tuesday > my-patching.yaml")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	src, ok := scenarios.Source(fs.Arg(0))
	if !ok {
		fmt.Fprintf(stderr, "ssmsim scenarios show: no built-in scenario %q (have: %s)\n", fs.Arg(0), strings.Join(scenarios.Names(), ", "))
		return exitUsage
	}
	if _, err := stdout.Write(src); err != nil {
		fmt.Fprintf(stderr, "ssmsim scenarios show: %v\n", err)
		return exitFailure
	}
	return exitOK
}
