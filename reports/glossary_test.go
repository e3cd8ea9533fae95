package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Explain annotates the first line of each glossary entry, once, by the
// meaning its label has in its block: "targets" under an association is a
// parameter, under an execution the resolved count and limits.
func TestExplain_OncePerEntry_ByBlock(t *testing.T) {
	report := `association       patch (AWS-RunShellScript)
  targets         tag:env=prod
  MaxErrors       5%

execution         id-1  Failed
  targets         10  concurrency 1, error threshold 0
  succeeded       9
  failed          1

execution         id-2  Success
  targets         10  concurrency 1, error threshold 0
  unknown label   x
`
	var out bytes.Buffer
	require.NoError(t, Explain(&out, strings.NewReader(report), Glossary))
	got := out.String()
	t.Log(got)
	assert.Equal(t, 1, strings.Count(got, "# ssmsim run, nodes, association, targets"), "the header entry, once for all its labels")
	assert.Equal(t, 1, strings.Count(got, "# targets: the execution's resolved"), "the execution's targets, once, in its first block")
	assert.Equal(t, 1, strings.Count(got, "# succeeded, failed,"), "succeeded and failed share one entry")
	assert.Equal(t, 3+3+3+2, strings.Count(got, "# "), "four notes: header, execution, its targets, outcomes")
	var plain []string
	for _, l := range strings.Split(got, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "# ") {
			plain = append(plain, l)
		}
	}
	assert.Equal(t, report, strings.Join(plain, "\n"), "the report itself is unchanged")
	i := strings.Index(got, "  targets         10")
	require.Positive(t, i)
	assert.True(t, strings.HasPrefix(got[i+len("  targets         10  concurrency 1, error threshold 0\n"):], "    # targets: the execution's resolved"), "the note follows its line, indented under it")
}
