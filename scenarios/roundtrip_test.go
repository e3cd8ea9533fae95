package scenarios

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/ssmsim/ssmsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// schemaExample is the complete example of SCHEMA.md.
func schemaExample(t testing.TB) []byte {
	doc, err := os.ReadFile("SCHEMA.md")
	require.NoError(t, err)
	m := regexp.MustCompile("(?s)## Complete example.*?```yaml\n(.*?)```").FindSubmatch(doc)
	require.NotNil(t, m, "SCHEMA.md has a complete example")
	return m[1]
}

func TestSchemaExample_ParsesAndRuns(t *testing.T) {
	sc, err := Parse("example.yaml", schemaExample(t))
	require.NoError(t, err)
	assert.Len(t, sc.Fleet, 2)
	assert.Len(t, sc.Documents, 2)
	assert.Len(t, sc.Actions, 3)
	r, err := sc.Execute(sc.Seed, nil)
	require.NoError(t, err)
	kept := len(r.Sim.Executions())
	// With the example's retention window (D19) the association it deletes
	// is purged with its history; without one, every execution stays.
	sc.Decisions.Retention = 0
	r, err = sc.Execute(sc.Seed, nil)
	require.NoError(t, err)
	assert.Less(t, kept, len(r.Sim.Executions()))
	triggers := map[string]int{}
	for _, e := range r.Sim.Executions() {
		triggers[e.Trigger]++
	}
	for _, tr := range []string{"create", "manual", "update", "schedule", "target-change"} {
		assert.Positive(t, triggers[tr], tr)
	}
	assert.Equal(t, sim.StopAlarm, r.Sim.Executions()[0].Stop, "the alarm stops the first rollout")
}

// roundTrip checks Parse(Marshal(sc)) == sc, and that Marshal is stable.
func roundTrip(t testing.TB, sc Scenario) {
	out, err := sc.Marshal()
	require.NoError(t, err)
	back, err := Parse("fuzz.yaml", out)
	require.NoError(t, err, "%s", out)
	require.Equal(t, sc, back, "%s", out)
	again, err := back.Marshal()
	require.NoError(t, err)
	require.Equal(t, string(out), string(again))
}

func TestMarshal_RoundTrip(t *testing.T) {
	for _, n := range Names() {
		t.Run(n, func(t *testing.T) {
			sc, _ := Builtin(n)
			roundTrip(t, sc)
		})
	}
	t.Run("schema example", func(t *testing.T) {
		sc, err := Parse("example.yaml", schemaExample(t))
		require.NoError(t, err)
		roundTrip(t, sc)
		out, _ := sc.Marshal()
		assert.Contains(t, string(out), "AssociationId: deploy-web-v42", "associations by name when unique")
		assert.Contains(t, string(out), "at: 8h\n", "instants as offsets")
	})
	t.Run("files inlined", func(t *testing.T) {
		sc, err := Load("testdata/files/with-files.yaml")
		require.NoError(t, err)
		roundTrip(t, sc)
		out, _ := sc.Marshal()
		assert.NotContains(t, string(out), "file:")
	})
}

func TestMarshal_Canonical(t *testing.T) {
	sc, _ := Builtin("autoscaling")
	out, err := sc.Marshal()
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(out), "version: 1\nname: autoscaling\n"))
	assert.Contains(t, string(out), "horizon: 1d\n")
	assert.Contains(t, string(out), "- {at: 7h50m, count: 200}\n")
}

func FuzzParse(f *testing.F) {
	for _, n := range Names() {
		src, _ := Source(n)
		f.Add(src)
	}
	f.Add(schemaExample(f))
	f.Add([]byte(valid))
	f.Add([]byte(`{"version": 1, "fleet": [{"count": 3, "tags": {"a": "b"}, "offline": [{"from": "1h", "nodes": [1]}]}]}`))
	f.Add([]byte("version: 1\nfleet:\n  - count: 2\n    join: [{at: 1h, count: 2}]\n    leave: [{at: 2h, nodes: [3]}]\n    retag: [{at: 3h, count: 1, tags: {x: \"\"}}]\nalarms:\n  - {name: a, pollFailures: [{from: 0, to: 1d}]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := Parse("fuzz.yaml", data)
		if err != nil {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("a panic was recovered: %v", err)
			}
			return
		}
		roundTrip(t, sc)
	})
}
