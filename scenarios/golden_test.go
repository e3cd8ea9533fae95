package scenarios

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/ssmsim/ssmsim/reports"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// summary is the text summary `ssmsim run NAME` prints (cmd/ssmsim cmdRun).
func summary(t *testing.T, sc Scenario) []byte {
	r, err := sc.Execute(sc.Seed, nil)
	require.NoError(t, err)
	ids := make([]string, len(r.Created))
	for i, c := range r.Created {
		ids[i] = c.AssociationDescription.AssociationID
	}
	sum := reports.Analyze(r.Sim, reports.Meta{
		Scenario: sc.Name, Seed: sc.Seed, Start: r.Sim.Config().Start, End: r.Sim.Now(),
		Nodes: r.Sim.Fleet().Len(), Associations: sc.Associations,
	}, ids)
	var buf bytes.Buffer
	require.NoError(t, sum.WriteText(&buf))
	return buf.Bytes()
}

// TestGolden_Summaries pins every built-in's summary; regenerate with
// `go test ./scenarios -update` and review the diff.
func TestGolden_Summaries(t *testing.T) {
	for _, n := range Names() {
		t.Run(n, func(t *testing.T) {
			sc, _ := Builtin(n)
			got := summary(t, sc)
			path := filepath.Join("testdata", "golden", n+".txt")
			if *update {
				require.NoError(t, os.WriteFile(path, got, 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./scenarios -update")
			assert.Equal(t, string(want), string(got))
		})
	}
}
