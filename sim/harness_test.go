package sim

import (
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/stretchr/testify/require"
)

// shellParams are AWS-RunShellScript's required parameters.
var shellParams = map[string][]string{"commands": {"echo hello"}}

// harness builds a simulation and records its traces.
type harness struct {
	t      *testing.T
	s      *Sim
	traces []Trace
}

func newHarness(t *testing.T, seed uint64, d Decisions) *harness {
	t.Helper()
	h := &harness{t: t}
	s, err := New(Config{Seed: seed, Decisions: d, Observer: func(tr Trace) { h.traces = append(h.traces, tr) }})
	require.NoError(t, err)
	h.s = s
	return h
}

// nodes adds n nodes tagged env=test with the given behaviour.
func (h *harness) nodes(n int, b Behavior, o Override) {
	h.t.Helper()
	if b.Duration.Kind == "" {
		b.Duration = Fixed(time.Minute)
	}
	_, err := h.s.AddNodes(NodeGroup{Count: n, Tags: []model.Tag{{Key: "env", Value: "test"}}, Behavior: b, Override: o})
	require.NoError(h.t, err)
}

// associate creates an association over every env=test node.
func (h *harness) associate(maxConcurrency, maxErrors string) string {
	h.t.Helper()
	out, err := h.s.CreateAssociation(model.CreateAssociationInput{
		Name: "AWS-RunShellScript", Parameters: shellParams, Targets: []model.Target{{Key: "tag:env", Values: []string{"test"}}},
		MaxConcurrency: maxConcurrency, MaxErrors: maxErrors,
	})
	require.NoError(h.t, err)
	return out.AssociationDescription.AssociationID
}

func (h *harness) count(kind TraceKind) int {
	n := 0
	for _, tr := range h.traces {
		if tr.Kind == kind {
			n++
		}
	}
	return n
}

func (h *harness) halt() (Trace, bool) {
	for _, tr := range h.traces {
		if tr.Kind == TraceHalted {
			return tr, true
		}
	}
	return Trace{}, false
}

func (h *harness) only() ExecutionResult {
	h.t.Helper()
	ex := h.s.Executions()
	require.Len(h.t, ex, 1)
	return ex[0]
}
