package main

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readmeCommands returns the ssmsim command lines of the README's shell
// blocks, continuations joined and comments dropped, each split into its
// arguments as a shell would (single quotes only: the README uses no
// other quoting in ssmsim lines).
func readmeCommands(t *testing.T) [][]string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	var cmds [][]string
	inSh := false
	pending := ""
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "```sh"):
			inSh = true
			continue
		case strings.HasPrefix(line, "```"):
			inSh = false
			continue
		case !inSh:
			continue
		}
		line = pending + line
		if strings.HasSuffix(line, "\\") {
			pending = strings.TrimSuffix(line, "\\") + " "
			continue
		}
		pending = ""
		if !strings.HasPrefix(line, "ssmsim ") {
			continue
		}
		cmds = append(cmds, shellWords(t, line))
	}
	return cmds
}

// shellWords splits a command line at spaces outside single quotes and
// stops at an unquoted #.
func shellWords(t *testing.T, line string) []string {
	var words []string
	var cur strings.Builder
	quoted, inWord := false, false
	for _, r := range line {
		switch {
		case r == '\'':
			quoted, inWord = !quoted, true
		case quoted:
			cur.WriteRune(r)
		case r == '#' && !inWord:
			require.False(t, quoted, "unterminated quote in %q", line)
			return words
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	require.False(t, quoted, "unterminated quote in %q", line)
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// Every ssmsim command the README shows runs as written (issue 13: the
// README's commands work with no edits), in a scratch directory for the
// files they write: each exits 0 and, for the serve lines, listens until
// stopped. The commands run in order, so `ssmsim report pt.rec` reads the
// record the line above it wrote.
func TestReadme_EveryCommandRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIP: -short: the README's commands are not run")
	}
	cmds := readmeCommands(t)
	require.GreaterOrEqual(t, len(cmds), 15, "the README's quick start, sweep and serve commands")
	t.Chdir(t.TempDir())
	for _, args := range cmds {
		require.Equal(t, "ssmsim", args[0])
		args = args[1:]
		name := strings.Join(args, " ")
		if args[0] == "serve" {
			ctx, cancel := context.WithCancel(context.Background())
			stderr := &syncBuffer{}
			done := make(chan int, 1)
			go func() { done <- run(ctx, args, &strings.Builder{}, stderr) }()
			var code int
			listening := assert.Eventually(t, func() bool {
				select {
				case code = <-done:
					return true
				default:
				}
				return strings.Contains(stderr.String(), "listening on")
			}, 20*time.Second, 5*time.Millisecond, name)
			if strings.Contains(stderr.String(), "address already in use") {
				t.Logf("SKIP %s: port 8080 is taken on this machine", name)
				cancel()
				continue
			}
			require.True(t, listening && strings.Contains(stderr.String(), "listening on"), "%s: %s (exit %d)", name, stderr, code)
			cancel()
			select {
			case code = <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("%s did not stop", name)
			}
			assert.Equal(t, exitOK, code, "%s: %s", name, stderr)
			continue
		}
		_, errOut, code := runCLI(t, args...)
		assert.Equal(t, exitOK, code, "ssmsim %s: %s", name, errOut)
	}
}
