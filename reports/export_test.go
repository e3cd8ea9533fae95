package reports

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exportSim is a run with paged documents: 300 nodes, two associations
// every 30 minutes for three hours.
func exportSim(t *testing.T) (*sim.Sim, []*model.CreateAssociationOutput, []string) {
	s, err := sim.New(sim.Config{Seed: 4, Start: t0})
	require.NoError(t, err)
	_, err = s.AddNodes(sim.NodeGroup{Count: 300, Tags: []model.Tag{{Key: "env", Value: "prod"}},
		Behavior: sim.Behavior{Duration: sim.LogNormal(time.Minute, 0.5), FailureProbability: 0.05}})
	require.NoError(t, err)
	var created []*model.CreateAssociationOutput
	for _, mc := range []string{"10%", "50"} {
		out, err := s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: map[string][]string{"commands": {"true"}},
			Targets: []model.Target{{Key: "tag:env", Values: []string{"prod"}}}, MaxConcurrency: mc, ScheduleExpression: "rate(30 minutes)"})
		require.NoError(t, err)
		created = append(created, out)
	}
	s.RunUntil(t0.Add(3 * time.Hour))
	ids := make([]string, s.Fleet().Len())
	for n := range ids {
		ids[n] = s.Fleet().ID(n)
	}
	return s, created, ids
}

// tree is every file under dir by its slash path.
func tree(t *testing.T, dir string) map[string]string {
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	}))
	return out
}

// Rendering and writing in one pass writes the tree that rendering every
// document first and then writing them writes, byte for byte.
func TestExportDocuments_SameTreeAsWriteDocuments(t *testing.T) {
	s, created, ids := exportSim(t)
	docs, err := Documents(s, created, ids)
	require.NoError(t, err)
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	require.NoError(t, WriteDocuments(a, docs))
	require.NoError(t, ExportDocuments(b, s, created, ids))
	ta, tb := tree(t, a), tree(t, b)
	assert.Len(t, ta, len(docs))
	assert.Greater(t, len(docs), 320, "executions' target lists are paged")
	assert.Equal(t, ta, tb)
}

// failing fails DescribeInstanceAssociationsStatus for one node.
type failing struct {
	DocumentSource
	node string
}

func (f failing) DescribeInstanceAssociationsStatus(in model.DescribeInstanceAssociationsStatusInput) (*model.DescribeInstanceAssociationsStatusOutput, error) {
	if in.InstanceID == f.node {
		return nil, errors.New("boom")
	}
	return f.DocumentSource.DescribeInstanceAssociationsStatus(in)
}

// A document that cannot be rendered halfway through the export leaves the
// target as it was — here, not there at all — and no staging directory.
func TestExportDocuments_FailureLeavesNothing(t *testing.T) {
	s, created, ids := exportSim(t)
	parent := t.TempDir()
	err := ExportDocuments(filepath.Join(parent, "docs"), failing{s, ids[150]}, created, ids)
	require.ErrorContains(t, err, "boom")
	require.ErrorContains(t, err, "DescribeInstanceAssociationsStatus/"+ids[150])
	es, err := os.ReadDir(parent)
	require.NoError(t, err)
	assert.Empty(t, es, "nothing written, nothing staged")
}

// The writers' renderer gives json.Marshal's bytes: HTML characters and
// line separators escaped, invalid UTF-8 replaced, no trailing newline —
// a shell command's "&&" in an association's parameters included.
func TestRenderer_AsMarshal(t *testing.T) {
	var r renderer
	for _, v := range []any{
		map[string]any{"commands": []string{"yum -y update && reboot", "echo '<done>'"}, "sep": "a\u2028b\u2029c", "bad": "\xff"},
		model.CreateAssociationOutput{AssociationDescription: &model.AssociationDescription{Name: "AWS-RunShellScript",
			Parameters: map[string][]string{"commands": {"test -f /etc/x && echo ok > /tmp/y"}}}},
		[]int{1, 2, 3}, "", nil,
	} {
		want, err := json.Marshal(v)
		require.NoError(t, err)
		got, err := r.encode(v)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))
	}
}
