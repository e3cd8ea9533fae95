package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/reports"
	"github.com/ssmsim/ssmsim/scenarios"
)

var update = flag.Bool("update", false, "rewrite golden files")

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), code
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run go test ./cmd/ssmsim -update")
	assert.Equal(t, string(want), string(got), "golden %s differs; if intended, rerun with -update and review the diff", path)
}

func TestRun_DefaultScenarioSummary(t *testing.T) {
	out, errOut, code := runCLI(t, "run")
	require.Equal(t, 0, code, errOut)
	golden(t, "run_default.golden.txt", []byte(out))
	assert.Contains(t, out, "seed 1")
}

func TestRun_JSONSummary(t *testing.T) {
	out, errOut, code := runCLI(t, "run", "--seed", "7", "--json")
	require.Equal(t, 0, code, errOut)
	golden(t, "run_default_seed7.golden.json", []byte(out))
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.EqualValues(t, 7, doc["seed"])
}

func TestRun_SameSeedSameOutput(t *testing.T) {
	a, _, _ := runCLI(t, "run", "--seed", "3", "--json")
	b, _, _ := runCLI(t, "run", "--seed", "3", "--json")
	c, _, _ := runCLI(t, "run", "--seed", "4", "--json")
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c)
}

func TestRun_UsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"unknown scenario", []string{"run", "nope"}, 2, `"nope" is neither a built-in scenario (alarm-stop, autoscaling, default, fleet-100k, maxerrors-examples, patch-tuesday, weekend-freeze) nor a file`},
		{"bad flag", []string{"run", "--seed", "x"}, 2, "invalid value"},
		{"two scenarios", []string{"run", "a", "b"}, 2, "one scenario at a time"},
		{"explain a JSON report", []string{"run", "--explain", "--json"}, 2, "--explain annotates the text report, not --report json"},
		{"unwritable documents dir", []string{"run", "--documents", "/proc/ssmsim-cannot-write"}, 1, "documents:"},
		// Issue 13 item 9: a bad command line is 2, whatever the command.
		{"two formats", []string{"run", "--json", "--report", "csv"}, 2, "--json and --report csv ask for two formats"},
		{"serve: bad address", []string{"serve", "--addr", "nonsense"}, 2, `--addr "nonsense" is not HOST:PORT`},
		{"serve: port out of range", []string{"serve", "--addr", "127.0.0.1:70000"}, 2, "is not HOST:PORT"},
		{"serve: unknown scenario", []string{"serve", "--scenario", "nope"}, 2, `"nope" is neither a built-in scenario`},
		{"serve: a scenario file that does not parse", []string{"serve", "--scenario", "testdata/not-a-scenario.yaml"}, 2, "testdata/not-a-scenario.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := runCLI(t, tt.args...)
			assert.Equal(t, tt.code, code)
			assert.Contains(t, errOut, tt.msg)
		})
	}
	out, _, code := runCLI(t, "help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "run")
	out, _, code = runCLI(t, "scenarios")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "default")
	// Every -h answers 0, scenarios included (issue 13 item 9).
	for _, c := range []string{"run", "scenarios", "serve", "validate", "sweep", "merge", "report", "bench"} {
		_, _, code := runCLI(t, c, "-h")
		assert.Equal(t, 0, code, "%s -h", c)
	}
	out, _, code = runCLI(t, "version")
	assert.Equal(t, 0, code)
	assert.Regexp(t, `^ssmsim \S+ .*go1\.`, out)
	out2, _, _ := runCLI(t, "--version")
	assert.Equal(t, out, out2)
	// The seed's default is said once, not twice.
	_, errOut, _ := runCLI(t, "serve", "-h")
	assert.Contains(t, errOut, "(default: the scenario's own, else 1)\n")
	assert.NotContains(t, errOut, "else 1) (default 1)")
}

// run --record writes the run as data; report gives the same report from
// it, byte for byte, without simulating; what is not a record is refused.
func TestRecord_RunThenReport(t *testing.T) {
	dir := t.TempDir()
	rec := filepath.Join(dir, "pt.rec")
	for _, format := range []string{"text", "json", "csv", "html"} {
		live, errOut, code := runCLI(t, "run", "patch-tuesday", "--seed", "3", "--record", rec, "--report", format)
		require.Equal(t, exitOK, code, errOut)
		again, errOut, code := runCLI(t, "report", rec, "--report", format)
		require.Equal(t, exitOK, code, errOut)
		assert.Equal(t, live, again, format)
	}
	bad := filepath.Join(dir, "bad.rec")
	require.NoError(t, os.WriteFile(bad, []byte("version: 1\n"), 0o644))
	_, errOut, code := runCLI(t, "report", bad)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "not an ssmsim record")
	b, err := os.ReadFile(rec)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(bad, b[:len(b)/2], 0o644))
	_, errOut, code = runCLI(t, "report", bad)
	assert.Equal(t, exitUsage, code)
	assert.NotEmpty(t, errOut, "a record cut short is refused")
}

// A horizon that ends a run mid-execution (issue 13 item 3): the text
// report counts the target runs still in progress, as the JSON does, so
// succeeded + failed + in progress + not dispatched add up to the targets.
func TestRun_HorizonCutsARun_InProgressCounted(t *testing.T) {
	path, _ := defaultEdited(t, "seed: 1\n", "seed: 1\nhorizon: 3m\n")
	out, errOut, code := runCLI(t, "run", path)
	require.Equal(t, 0, code, errOut)
	m := regexp.MustCompile(`target runs\s+succeeded (\d+), failed (\d+) \(undeliverable \d+\), timed out (\d+), cancelled (\d+), not dispatched (\d+), in progress (\d+)`).FindStringSubmatch(out)
	require.NotNil(t, m, "%s", out)
	sum := 0
	for _, s := range m[1:] {
		n, err := strconv.Atoi(s)
		require.NoError(t, err)
		sum += n
	}
	assert.Equal(t, 1000, sum, "every target accounted for: %s", m[0])
	assert.Contains(t, out, "InProgress 1")
	full, _, _ := runCLI(t, "run")
	assert.NotContains(t, full, "in progress", "a run that finished has none")
}

// The multi-run text report says which figures are of the first execution
// and which count all of a run's executions (issue 13 item 4), when runs
// have several executions; with one execution per run there is one scope
// and nothing to say.
func TestRuns_TextReportSaysTheScopes(t *testing.T) {
	out, errOut, code := runCLI(t, "run", "autoscaling", "--runs", "2")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "(makespan, stopped after, in flight, wait and run: each run's first execution;\n")
	assert.Contains(t, out, "errors and executions: all of a run's executions")
	out, errOut, code = runCLI(t, "run", "--runs", "2")
	require.Equal(t, 0, code, errOut)
	assert.NotContains(t, out, "each run's first execution")
}

// Every label the text reports print is explained by the glossary
// (reports.Glossary for one run, reports.RunsGlossary for several), and
// --explain annotates each kind of line once: the README's tables and the
// annotations come from the same entries.
func TestGlossary_CoversTheSummary(t *testing.T) {
	known := func(g []reports.GlossaryEntry) map[string]bool {
		m := map[string]bool{}
		for _, e := range g {
			for _, l := range e.Labels {
				m[l] = true
			}
		}
		return m
	}
	single, several := known(reports.Glossary), known(reports.RunsGlossary)
	seen := map[string]bool{}
	for _, args := range [][]string{{"run"}, {"run", "maxerrors-examples"}, {"run", "weekend-freeze"}, {"run", "autoscaling"}, {"run", "--runs", "2"}, {"run", "autoscaling", "--runs", "2"}} {
		runs := slices.Contains(args, "--runs")
		out, errOut, code := runCLI(t, args...)
		require.Equal(t, 0, code, errOut)
		for _, line := range strings.Split(out, "\n") {
			label, ok := reports.SummaryLabel(line)
			if !ok {
				continue
			}
			seen[label] = true
			if runs {
				assert.True(t, several[label], "%v prints %q, which RunsGlossary does not explain", args, label)
			} else {
				assert.True(t, single[label], "%v prints %q, which Glossary does not explain", args, label)
			}
		}
		explainedOut, errOut, code := runCLI(t, append(args, "--explain")...)
		require.Equal(t, 0, code, errOut)
		var plain []string
		notes := 0
		for _, line := range strings.Split(explainedOut, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "# ") {
				notes++
				continue
			}
			plain = append(plain, line)
		}
		assert.Equal(t, out, strings.Join(plain, "\n"), "%v --explain adds lines and changes none", args)
		assert.Positive(t, notes, "%v --explain annotates", args)
	}
	t.Logf("%d labels", len(seen))
}

// The README's Reading the summary tables are generated from the glossary
// (go test ./cmd/ssmsim -run TestGlossary_ReadmeIsCurrent -update).
func TestGlossary_ReadmeIsCurrent(t *testing.T) {
	path := "../../README.md"
	readme, err := os.ReadFile(path)
	require.NoError(t, err)
	text := string(readme)
	for _, part := range []struct {
		begin, end string
		entries    []reports.GlossaryEntry
	}{
		{"<!-- glossary:begin", "<!-- glossary:end -->", reports.Glossary},
		{"<!-- runs-glossary:begin", "<!-- runs-glossary:end -->", reports.RunsGlossary},
	} {
		i := strings.Index(text, part.begin)
		require.True(t, i >= 0, "README has no %s marker", part.begin)
		i += strings.Index(text[i:], "-->\n") + len("-->\n")
		j := strings.Index(text, part.end)
		require.True(t, j >= i, "README has no %s marker after the begin", part.end)
		want := reports.GlossaryMarkdown(part.entries)
		if *update {
			text = text[:i] + want + text[j:]
			continue
		}
		assert.Equal(t, want, text[i:j], "README's %s table is stale: go test ./cmd/ssmsim -run TestGlossary_ReadmeIsCurrent -update", part.begin)
	}
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	}
}

// defaultEdited writes the default scenario, each old/new pair replaced
// once, to a file of its own, and returns the file and its text.
func defaultEdited(t *testing.T, oldNew ...string) (path, text string) {
	t.Helper()
	src, ok := scenarios.Source("default")
	require.True(t, ok)
	text = string(src)
	for i := 0; i+1 < len(oldNew); i += 2 {
		require.Contains(t, text, oldNew[i])
		text = strings.Replace(text, oldNew[i], oldNew[i+1], 1)
	}
	path = filepath.Join(t.TempDir(), "scenario.yaml")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	return path, text
}

// ssmsim bench measures serve from a separate client process (issue 14:
// 'measured over loopback by a separate client process'): the client's
// CPU is reported apart from the server's.
func TestBench_ServeLoadComesFromAnotherProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIP: -short: no workload is run")
	}
	out, errOut, code := runCLI(t, "bench", "-json", "serve")
	require.Equal(t, exitOK, code, errOut)
	var rs []struct {
		Name  string             `json:"name"`
		Extra map[string]float64 `json:"extra"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rs))
	require.Len(t, rs, 1)
	x := rs[0].Extra
	assert.Equal(t, 1.0, x["client_process"], "%v", x)
	assert.Equal(t, 24000.0, x["calls"])
	assert.Positive(t, x["client_cpu_s"])
	assert.Positive(t, x["server_cpu_s"])
}

// bench -cpuprofile writes a profile go tool pprof reads (gzipped
// protobuf) once the workloads pass, and none when they do not run.
func TestBench_CPUProfile(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIP: -short: no workload is run")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "cpu.pprof")
	_, errOut, code := runCLI(t, "bench", "-cpuprofile", path, "limit")
	require.Equal(t, exitOK, code, errOut)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Greater(t, len(b), 2)
	assert.Equal(t, []byte{0x1f, 0x8b}, b[:2], "a pprof profile is gzipped")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left beside it")

	none := filepath.Join(dir, "none.pprof")
	_, _, code = runCLI(t, "bench", "-cpuprofile", none, "no-such-workload")
	assert.Equal(t, exitUsage, code)
	assert.NoFileExists(t, none)
}
