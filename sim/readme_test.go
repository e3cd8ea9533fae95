package sim_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// exampleBody returns a function's body from a Go file, one tab of
// indentation removed: what the README shows.
func exampleBody(t *testing.T, path, fn string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	src := string(b)
	head := "func " + fn + "() {\n"
	i := strings.Index(src, head)
	require.GreaterOrEqual(t, i, 0, "%s has no %s", path, fn)
	rest := src[i+len(head):]
	j := strings.Index(rest, "\n}\n")
	require.GreaterOrEqual(t, j, 0)
	lines := strings.Split(rest[:j], "\n")
	for k, l := range lines {
		lines[k] = strings.TrimPrefix(l, "\t")
	}
	return strings.Join(lines, "\n")
}

// The README's library code is the compiled examples, verbatim: it cannot
// go stale without this test failing.
func TestReadme_ShowsTheExamplesVerbatim(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	for _, ex := range []struct{ path, fn string }{
		{"example_test.go", "Example"},
		{"../reports/example_test.go", "ExampleNewAnalyzer"},
	} {
		body := exampleBody(t, ex.path, ex.fn)
		require.Contains(t, string(readme), "```go\n"+body+"\n```", "README's copy of %s differs from %s", ex.fn, ex.path)
	}
}
