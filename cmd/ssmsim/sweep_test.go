package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ssmsim/ssmsim/scenarios"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var sweepArgs = []string{"default", "--set", "associations[0].MaxConcurrency=5%,10%,25%", "--set", "fleet[0].behavior.failure=0.01,0.05", "--runs", "3"}

// Merged shards give exactly the unsharded sweep's report, and the report
// is the same for any number of workers.
func TestSweep_ShardsMergeToTheUnshardedReport(t *testing.T) {
	dir := t.TempDir()
	for _, format := range []string{"json", "html", "csv", "text"} {
		one := filepath.Join(dir, "one."+format)
		_, errOut, code := runCLI(t, append(append([]string{"sweep"}, sweepArgs...), "--workers", "1", "--report", format, "-o", one)...)
		require.Equal(t, 0, code, errOut)
		many := filepath.Join(dir, "many."+format)
		_, errOut, code = runCLI(t, append(append([]string{"sweep"}, sweepArgs...), "--workers", "4", "--report", format, "-o", many)...)
		require.Equal(t, 0, code, errOut)
		var shards []string
		for i := range 3 {
			path := filepath.Join(dir, format+"-shard-"+string(rune('0'+i))+".gob")
			_, errOut, code := runCLI(t, append(append([]string{"sweep"}, sweepArgs...), "--shard", string(rune('0'+i))+"/3", "-o", path)...)
			require.Equal(t, 0, code, errOut)
			shards = append(shards, path)
		}
		merged := filepath.Join(dir, "merged."+format)
		_, errOut, code = runCLI(t, append([]string{"merge", "--report", format, "-o", merged}, shards[2], shards[0], shards[1])...)
		require.Equal(t, 0, code, errOut)
		a, b, c := readFile(t, one), readFile(t, many), readFile(t, merged)
		assert.Equal(t, a, b, "%s: 1 worker vs 4", format)
		assert.Equal(t, a, c, "%s: unsharded vs 3 shards merged", format)
	}
	assert.Contains(t, readFile(t, filepath.Join(dir, "one.html")), "<svg", "the heatmap")
	// CSV numbers carry at most six decimals: no binary noise such as
	// 0.9891500000000001 (issue 13 item 6).
	assert.NotRegexp(t, `\.\d{7,}`, readFile(t, filepath.Join(dir, "one.csv")))
	assert.Regexp(t, `,0\.9\d*,`, readFile(t, filepath.Join(dir, "one.csv")), "final compliance as a fraction")

	// Merge refuses an incomplete or doubled set of shards.
	_, errOut, code := runCLI(t, "merge", filepath.Join(dir, "json-shard-0.gob"), filepath.Join(dir, "json-shard-1.gob"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "is missing: merge every shard")
	_, errOut, code = runCLI(t, "merge", filepath.Join(dir, "json-shard-0.gob"), filepath.Join(dir, "json-shard-0.gob"), filepath.Join(dir, "json-shard-1.gob"), filepath.Join(dir, "json-shard-2.gob"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "appears in two shards")
	_, errOut, code = runCLI(t, "merge", filepath.Join(dir, "one.json"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "not a sweep shard (ssmsim sweep --shard i/n -o FILE writes them")
	assert.NotContains(t, errOut, "gob", "no decoder's jargon (issue 13 item 9)")
	shard := readFile(t, filepath.Join(dir, "json-shard-0.gob"))
	cut := filepath.Join(dir, "cut.gob")
	require.NoError(t, os.WriteFile(cut, []byte(shard[:len(shard)/2]), 0o644))
	_, errOut, code = runCLI(t, "merge", cut)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "a damaged sweep shard")
	old := filepath.Join(dir, "old.gob")
	require.NoError(t, os.WriteFile(old, []byte(strings.Replace(shard, "ssmsim-shard/1", "ssmsim-shard/0", 1)), 0o644))
	_, errOut, code = runCLI(t, "merge", old)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `a shard of format "ssmsim-shard/0"`)
}

// A Kubernetes Indexed Job gives each pod its index in JOB_COMPLETION_INDEX.
func TestSweep_ShardIndexFromTheEnvironment(t *testing.T) {
	t.Setenv("JOB_COMPLETION_INDEX", "1")
	i, n, err := parseShard("/3")
	require.NoError(t, err)
	assert.Equal(t, [2]int{1, 3}, [2]int{i, n})
	for _, bad := range []string{"3/3", "x/2", "1", "-1/2"} {
		_, _, err := parseShard(bad)
		assert.Error(t, err, bad)
	}
}

func TestSweep_Errors(t *testing.T) {
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"sweep", "default", "--set", "associations[7].MaxConcurrency=1"}, "no list element [7]"},
		{[]string{"sweep", "default", "--set", "associations[0].MaxConcurrency=0"}, "MaxConcurrency"},
		{[]string{"sweep", "default", "--set", "nope"}, "want path=value"},
		{[]string{"sweep", "default", "--shard", "0/2"}, "give -o"},
		{[]string{"sweep", "default", "--heat", "colour"}, "--heat one of"},
		{[]string{"sweep"}, "Usage"},
		// Issue 13 item 6: the same path twice was accepted, last one winning.
		{[]string{"sweep", "default", "--set", "associations[0].MaxConcurrency=5%", "--set", "associations[0].MaxConcurrency=10%"}, "associations[0].MaxConcurrency is set twice"},
	}
	for _, tt := range tests {
		_, errOut, code := runCLI(t, tt.args...)
		assert.Equal(t, 2, code, tt.args)
		assert.Contains(t, errOut, tt.msg, tt.args)
	}
}

// Issue 5's acceptance: `run NAME --report html -o out.html` and `sweep`
// work for every built-in scenario.
func TestEveryBuiltin_RunHTMLAndSweep(t *testing.T) {
	dir := t.TempDir()
	for _, name := range scenarios.Names() {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(dir, name+".html")
			_, errOut, code := runCLI(t, "run", name, "--report", "html", "-o", out)
			require.Equal(t, 0, code, errOut)
			html := readFile(t, out)
			assert.Contains(t, html, "<svg")
			assert.Contains(t, html, name)
			stdout, errOut, code := runCLI(t, "sweep", name, "--set", "associations[0].MaxConcurrency=10%,50%", "--runs", "2")
			require.Equal(t, 0, code, errOut)
			assert.Contains(t, stdout, "2 cells x 2 runs")
		})
	}
}

func TestRun_SeveralSeedsAndFormats(t *testing.T) {
	stdout, errOut, code := runCLI(t, "run", "maxerrors-examples", "--runs", "3")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, stdout, "runs 3")
	assert.Contains(t, stdout, "95% CI")
	stdout, errOut, code = runCLI(t, "run", "--report", "csv", "--step", "30s")
	require.Equal(t, 0, code, errOut)
	assert.True(t, strings.HasPrefix(stdout, "time,"), stdout[:min(80, len(stdout))])
	_, errOut, code = runCLI(t, "run", "--report", "pdf")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--report")
	_, errOut, code = runCLI(t, "run", "--runs", "0")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--runs")
	file := filepath.Join(t.TempDir(), "mine.yaml")
	src, _ := scenarios.Source("default")
	require.NoError(t, os.WriteFile(file, src, 0o644))
	stdout, errOut, code = runCLI(t, "run", file)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, stdout, "scenario default")
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}
