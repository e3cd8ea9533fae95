package sweep

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/reports"
	"github.com/ssmsim/ssmsim/scenarios"
)

// A run recorded as it goes and reported again from the record gives the
// live report byte for byte — text, JSON, CSV and HTML — for every
// built-in scenario
// (issue 12: results a report can re-read without simulating).
func TestRecord_ReportsEqualTheLiveRun(t *testing.T) {
	for _, name := range scenarios.Names() {
		t.Run(name, func(t *testing.T) {
			sc, ok := scenarios.Builtin(name)
			require.True(t, ok)
			var buf bytes.Buffer
			live, _, err := AnalyzeRecorded(sc, sc.Seed, &buf)
			require.NoError(t, err)
			rec, err := reports.ReadRecord(bytes.NewReader(buf.Bytes()))
			require.NoError(t, err)
			again := rec.Analyze()
			for _, format := range []func(reports.RunResult) []byte{
				func(r reports.RunResult) []byte {
					var b bytes.Buffer
					require.NoError(t, r.WriteText(&b))
					return b.Bytes()
				},
				func(r reports.RunResult) []byte {
					var b bytes.Buffer
					require.NoError(t, r.WriteJSON(&b))
					return b.Bytes()
				},
				func(r reports.RunResult) []byte {
					var b bytes.Buffer
					require.NoError(t, r.WriteCSV(&b, 60e9))
					return b.Bytes()
				},
			} {
				assert.Equal(t, string(format(live)), string(format(again)))
			}
			t.Logf("%s: record %d bytes", name, buf.Len())
		})
	}
}
