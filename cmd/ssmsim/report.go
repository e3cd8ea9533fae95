package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/ssmsim/ssmsim/reports"
)

// maxRecordSize bounds the record file report reads.
const maxRecordSize = 4 << 30

// cmdReport reports on a recorded run (`ssmsim run --record FILE`) without
// simulating it again: the same report, byte for byte.
func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: ssmsim report [options] RECORD\n\nReports on a run recorded with `ssmsim run --record RECORD`, without\nsimulating it again: the same report, byte for byte.\n\nOptions:")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\nExamples:\n  ssmsim run patch-tuesday --record pt.rec\n  ssmsim report pt.rec --report json")
	}
	report := fs.String("report", "text", "report format: text, json, csv or html")
	outPath := fs.String("o", "", "write the report to `FILE` instead of standard output")
	step := fs.Duration("step", time.Minute, "time step of the csv report")
	explain := fs.Bool("explain", false, "annotate the text report: under the first line of each kind, a # line saying what it means")
	pos, err := parseArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if len(pos) != 1 || !slices.Contains([]string{"text", "json", "csv", "html"}, *report) || *step <= 0 || (*explain && *report != "text") {
		fs.Usage()
		return exitUsage
	}
	fi, err := os.Stat(pos[0])
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "ssmsim report: %v\n", err)
		return exitUsage
	case !fi.Mode().IsRegular() || fi.Size() > maxRecordSize:
		fmt.Fprintf(stderr, "ssmsim report: %s is not a regular file of at most %d bytes\n", pos[0], int64(maxRecordSize))
		return exitUsage
	}
	f, err := os.Open(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "ssmsim report: %v\n", err)
		return exitUsage
	}
	rec, err := reports.ReadRecord(f)
	f.Close()
	if err != nil {
		fmt.Fprintf(stderr, "ssmsim report: %s: %v\n", pos[0], err)
		return exitUsage
	}
	r := rec.Analyze()
	return writeReport(stdout, stderr, *outPath, "ssmsim report", func(w io.Writer) error {
		switch *report {
		case "json":
			return r.WriteJSON(w)
		case "csv":
			return r.WriteCSV(w, *step)
		case "html":
			results := []reports.RunResult{r}
			return reports.WriteHTML(w, results, reports.AggregateRuns(results))
		}
		return explained(w, *explain, reports.Glossary, r.WriteText)
	})
}
