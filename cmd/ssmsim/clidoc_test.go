package main

import (
	"bytes"
	"context"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cliReference is docs/cli.md: ssmsim's help and every command's options,
// as the flag definitions print them.
func cliReference(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("# ssmsim command-line reference\n\n")
	b.WriteString("Generated from the flag definitions: `go test ./cmd/ssmsim -run TestCLIReference_Current -update`.\n")
	b.WriteString("`ssmsim help COMMAND` prints the same. Exit codes: 0 success, 1 the run failed, 2 bad command line or invalid scenario.\n\n")
	section := func(title string, args ...string) {
		var out bytes.Buffer
		code := run(context.Background(), args, &out, &out)
		require.Equal(t, exitOK, code, "%v", args)
		b.WriteString("## " + title + "\n\n```text\n" + strings.TrimRight(out.String(), "\n") + "\n```\n\n")
	}
	section("ssmsim", "help")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		section("ssmsim "+n, "help", n)
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// docs/cli.md is what the flag definitions print today (issue 13): a flag
// added, removed or reworded without regenerating it fails here.
func TestCLIReference_Current(t *testing.T) {
	want := cliReference(t)
	const path = "../../docs/cli.md"
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(want), 0o644))
	}
	got, err := os.ReadFile(path)
	require.NoError(t, err, "run: go test ./cmd/ssmsim -run TestCLIReference_Current -update")
	assert.Equal(t, want, string(got), "docs/cli.md is stale: go test ./cmd/ssmsim -run TestCLIReference_Current -update")
	// Nothing in it depends on the machine (CI's may have other CPUs).
	prev := runtime.GOMAXPROCS(1)
	one := cliReference(t)
	runtime.GOMAXPROCS(prev + 1)
	other := cliReference(t)
	runtime.GOMAXPROCS(prev)
	assert.Equal(t, one, other, "the reference depends on GOMAXPROCS")
}

// ssmsim help COMMAND prints the command's options on stdout and exits 0.
func TestHelp_Command(t *testing.T) {
	out, _, code := runCLI(t, "help", "serve")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "Usage: ssmsim serve")
	assert.Contains(t, out, "-control-token")
}
