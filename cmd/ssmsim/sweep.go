package main

import (
	"bufio"
	"context"
	"encoding/gob"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/ssmsim/ssmsim/reports"
	"github.com/ssmsim/ssmsim/scenarios"
	"github.com/ssmsim/ssmsim/scenarios/sweep"
)

// setFlags collects repeated --set arguments.
type setFlags []sweep.Param

func (s *setFlags) String() string { return fmt.Sprint(*s) }

func (s *setFlags) Set(v string) error {
	p, err := sweep.ParseSet(v)
	if err != nil {
		return err
	}
	for _, q := range *s {
		if q.Path == p.Path {
			return fmt.Errorf("%s is set twice: give its values once, %s=v1,v2,...", p.Path, p.Path)
		}
	}
	*s = append(*s, p)
	return nil
}

// shardFile is what `sweep --shard i/n` writes and `merge` reads: the
// sweep's definition and the statistics of its share of the jobs, in gob
// (exact floats, NaN included, so merging loses nothing).
// shardMagic begins a shard file: what it is and its format's version,
// so merge can tell a shard from any other file, and an old shard from a
// damaged one.
const shardMagic = "ssmsim-shard/1\n"

type shardFile struct {
	Scenario string
	Params   []sweep.Param
	Runs     int
	BaseSeed uint64
	Heat     string
	Shard    int
	Shards   int
	Jobs     []sweep.Job
	Results  []reports.RunResult
}

func cmdSweep(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: ssmsim sweep [options] SCENARIO\n\nRuns a scenario over the Cartesian grid of --set values, --runs seeds per\ncell, in parallel; the report is the same for any number of workers.\n\nOptions:")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\nExamples:\n  ssmsim sweep default --set 'associations[0].MaxConcurrency=1,5%,10%,25%' --set 'fleet[0].behavior.failure=0.01,0.05' --runs 20\n  ssmsim sweep default --set 'associations[0].MaxConcurrency=5%,10%' --runs 20 --report html -o sweep.html\n  ssmsim sweep default --set ... --runs 20 --shard 0/3 -o shard-0.gob   # then: ssmsim merge shard-*.gob")
	}
	var sets setFlags
	fs.Var(&sets, "set", "a swept parameter, `path=v1,v2,...` (repeatable)")
	runs := fs.Int("runs", 10, "seeds per cell")
	seed := fs.Uint64("seed", 0, "first seed (default: the scenario's own)")
	workers := fs.Int("workers", 0, "simulations run in parallel (default: GOMAXPROCS)")
	shard := fs.String("shard", "", "run only shard `i/n` of the cells and write it for `ssmsim merge` (with -o); i defaults to $JOB_COMPLETION_INDEX when given as /n")
	report := fs.String("report", "text", "report format: text, csv, json or html")
	heat := fs.String("heat", "time_to_90", "figure of the html heatmap (its p90 across runs)")
	outPath := fs.String("o", "", "write the report (or the shard) to `FILE`")
	pos, err := parseArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if len(pos) != 1 {
		fs.Usage()
		return exitUsage
	}
	if !isSet(fs, "workers") {
		*workers = defaultWorkers()
	}
	if *runs < 1 || *workers < 1 {
		fmt.Fprintln(stderr, "ssmsim sweep: --runs and --workers must be at least 1")
		return exitUsage
	}
	if !slices.Contains([]string{"text", "csv", "json", "html"}, *report) || !slices.Contains(reports.FigureNames(), *heat) {
		fmt.Fprintf(stderr, "ssmsim sweep: --report is one of text, csv, json, html; --heat one of %s\n", strings.Join(reports.FigureNames(), ", "))
		return exitUsage
	}
	sc, file, doc, err := loadScenario(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "ssmsim sweep: %v\n", err)
		return exitUsage
	}
	base := sc.Seed
	if isSet(fs, "seed") {
		base = *seed
	}
	cells := sweep.Grid(sets)
	jobs := sweep.Jobs(cells, *runs, base)
	idx, n := 0, 1
	if *shard != "" {
		if idx, n, err = parseShard(*shard); err != nil {
			fmt.Fprintf(stderr, "ssmsim sweep: %v\n", err)
			return exitUsage
		}
		if *outPath == "" {
			fmt.Fprintln(stderr, "ssmsim sweep: --shard writes a file for ssmsim merge: give -o")
			return exitUsage
		}
		if jobs, err = sweep.Shard(jobs, idx, n); err != nil {
			fmt.Fprintf(stderr, "ssmsim sweep: %v\n", err)
			return exitUsage
		}
	}
	// Every cell's document must be a valid scenario before anything runs.
	parsed := make([]scenarios.Scenario, len(cells))
	for _, c := range cells {
		edited, err := sweep.Apply(doc, sets, c)
		if err == nil {
			parsed[c.Index], err = scenarios.Parse(file, edited)
		}
		if err != nil {
			fmt.Fprintf(stderr, "ssmsim sweep: cell %s: %v\n", c.Label(sets), err)
			return exitUsage
		}
	}
	results, err := sweep.Execute(ctx, jobs, *workers, func(j sweep.Job) (reports.RunResult, error) {
		r, _, err := analyze(parsed[j.Cell], j.Seed)
		return r.WithoutSeries(), err
	}, progress(stderr, len(jobs), "sweep"))
	if err != nil {
		fmt.Fprintf(stderr, "ssmsim sweep: %v\n", err)
		return exitFailure
	}
	sf := shardFile{Scenario: sc.Name, Params: sets, Runs: *runs, BaseSeed: base, Heat: *heat, Shard: idx, Shards: n, Jobs: jobs, Results: results}
	if *shard != "" {
		return writeReport(stdout, stderr, *outPath, "ssmsim sweep", func(w io.Writer) error {
			if _, err := io.WriteString(w, shardMagic); err != nil {
				return err
			}
			return gob.NewEncoder(w).Encode(sf)
		})
	}
	rep, err := mergeShards([]shardFile{roundTrip(sf)})
	if err != nil {
		fmt.Fprintf(stderr, "ssmsim sweep: %v\n", err)
		return exitFailure
	}
	return writeReport(stdout, stderr, *outPath, "ssmsim sweep", reporter(rep, *report))
}

// readShard reads a shard file, saying plainly what is wrong with one that
// is not.
func readShard(r io.Reader) (shardFile, error) {
	br := bufio.NewReader(r)
	head, _ := br.ReadString('\n')
	if head != shardMagic {
		if strings.HasPrefix(head, "ssmsim-shard/") {
			return shardFile{}, fmt.Errorf("a shard of format %q; this ssmsim reads %q: run the sweep's shards with the same ssmsim", strings.TrimSpace(head), strings.TrimSpace(shardMagic))
		}
		return shardFile{}, fmt.Errorf("not a sweep shard (ssmsim sweep --shard i/n -o FILE writes them; this file does not begin as one)")
	}
	var sf shardFile
	if err := gob.NewDecoder(br).Decode(&sf); err != nil {
		return shardFile{}, fmt.Errorf("a damaged sweep shard (%v): write it again", err)
	}
	return sf, nil
}

// roundTrip passes a shard through its file encoding, so an unsharded sweep
// reports from exactly what merged shards would.
func roundTrip(sf shardFile) shardFile {
	var b strings.Builder
	_ = gob.NewEncoder(&b).Encode(sf)
	var out shardFile
	_ = gob.NewDecoder(strings.NewReader(b.String())).Decode(&out)
	return out
}

func parseShard(s string) (int, int, error) {
	is, ns, ok := strings.Cut(s, "/")
	if is == "" {
		is = os.Getenv("JOB_COMPLETION_INDEX") // a Kubernetes Indexed Job's index
	}
	i, err1 := strconv.Atoi(is)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("--shard %q: want i/n with 0 <= i < n (or /n with JOB_COMPLETION_INDEX set)", s)
	}
	return i, n, nil
}

// mergeShards checks that shards belong to one sweep and cover it exactly,
// then aggregates each cell's runs in seed order.
func mergeShards(shards []shardFile) (reports.Sweep, error) {
	first := shards[0]
	cells := sweep.Grid(first.Params)
	byJob := map[sweep.Job]reports.RunResult{}
	for _, sh := range shards {
		if sh.Scenario != first.Scenario || sh.Runs != first.Runs || sh.BaseSeed != first.BaseSeed || sh.Shards != first.Shards ||
			sh.Heat != first.Heat || fmt.Sprint(sh.Params) != fmt.Sprint(first.Params) {
			return reports.Sweep{}, fmt.Errorf("shard %d/%d is of another sweep than shard %d/%d", sh.Shard, sh.Shards, first.Shard, first.Shards)
		}
		for i, j := range sh.Jobs {
			if _, dup := byJob[j]; dup {
				return reports.Sweep{}, fmt.Errorf("cell %d run %d appears in two shards", j.Cell, j.Run)
			}
			byJob[j] = sh.Results[i]
		}
	}
	rep := reports.Sweep{Scenario: first.Scenario, Runs: first.Runs, BaseSeed: first.BaseSeed, Heat: first.Heat}
	for _, p := range first.Params {
		rep.Params = append(rep.Params, reports.SweepParam{Path: p.Path, Values: p.Values})
	}
	for _, c := range cells {
		runs := make([]reports.RunResult, 0, first.Runs)
		for _, j := range sweep.Jobs([]sweep.Cell{c}, first.Runs, first.BaseSeed) {
			r, ok := byJob[j]
			if !ok {
				return reports.Sweep{}, fmt.Errorf("cell %d run %d is missing: merge every shard of 0..%d", j.Cell, j.Run, first.Shards-1)
			}
			runs = append(runs, r)
		}
		rep.Cells = append(rep.Cells, reports.SweepCell{Values: c.Values, Aggregate: reports.AggregateRuns(runs)})
	}
	return rep, nil
}

func reporter(rep reports.Sweep, format string) func(io.Writer) error {
	switch format {
	case "csv":
		return rep.WriteCSV
	case "json":
		return rep.WriteJSON
	case "html":
		return rep.WriteHTML
	}
	return rep.WriteText
}

func cmdMerge(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: ssmsim merge [options] SHARD...\n\nCombines the shard files of `ssmsim sweep --shard i/n` into the report the\nunsharded sweep gives.\n\nOptions:")
		fs.PrintDefaults()
	}
	report := fs.String("report", "text", "report format: text, csv, json or html")
	outPath := fs.String("o", "", "write the report to `FILE`")
	paths, err := parseArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if len(paths) == 0 || !slices.Contains([]string{"text", "csv", "json", "html"}, *report) {
		fs.Usage()
		return exitUsage
	}
	var shards []shardFile
	for _, path := range paths {
		if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
			fmt.Fprintf(stderr, "ssmsim merge: %s is not a regular file\n", path)
			return exitUsage
		}
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintf(stderr, "ssmsim merge: %v\n", err)
			return exitUsage
		}
		sf, err := readShard(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(stderr, "ssmsim merge: %s: %v\n", path, err)
			return exitUsage
		}
		shards = append(shards, sf)
	}
	rep, err := mergeShards(shards)
	if err != nil {
		fmt.Fprintf(stderr, "ssmsim merge: %v\n", err)
		return exitUsage
	}
	return writeReport(stdout, stderr, *outPath, "ssmsim merge", reporter(rep, *report))
}
