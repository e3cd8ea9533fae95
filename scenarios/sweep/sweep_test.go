package sweep

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseSet(t *testing.T) {
	p, err := ParseSet("associations[0].MaxConcurrency=1,5%,10%,25%")
	require.NoError(t, err)
	assert.Equal(t, Param{Path: "associations[0].MaxConcurrency", Values: []string{"1", "5%", "10%", "25%"}}, p)
	assert.Equal(t, "associations[0].MaxConcurrency=1,5%,10%,25%", p.String())
	for _, bad := range []string{"", "x", "=1", "a..b=1", "a[x]=1", "a[1]b=2", "a=1,,2", "a[-1]=2"} {
		_, err := ParseSet(bad)
		assert.Error(t, err, bad)
	}
}

func TestGrid_CartesianFirstSlowest(t *testing.T) {
	cells := Grid([]Param{{Path: "a", Values: []string{"1", "2"}}, {Path: "b.c", Values: []string{"x", "y", "z"}}})
	require.Len(t, cells, 6)
	assert.Equal(t, Cell{Index: 0, Values: []string{"1", "x"}}, cells[0])
	assert.Equal(t, Cell{Index: 5, Values: []string{"2", "z"}}, cells[5])
	assert.Equal(t, "a=2 c=z", cells[5].Label([]Param{{Path: "a"}, {Path: "b.c"}}))
	assert.Len(t, Grid(nil), 1)
}

const doc = `version: 1
fleet:
  - count: 10
    behavior:
      failure: 0.02
associations:
  - Name: AWS-RunShellScript
    MaxConcurrency: 10%
`

func TestApply(t *testing.T) {
	params := []Param{{Path: "associations[0].MaxConcurrency", Values: []string{"1"}}, {Path: "fleet[0].behavior.failure", Values: []string{"0.05"}},
		{Path: "associations[0].MaxErrors", Values: []string{"3"}}}
	out, err := Apply([]byte(doc), params, Cell{Values: []string{"1", "0.05", "3"}})
	require.NoError(t, err)
	assert.Contains(t, string(out), `MaxConcurrency: "1"`, "the old value was a string: so is the new")
	assert.Contains(t, string(out), "failure: 0.05")
	assert.Contains(t, string(out), "MaxErrors: 3", "a new key resolves as YAML does")
	for _, bad := range []string{"fleet[3].count", "associations[0].Targets.x", "nope.x", "fleet.x"} {
		_, err := Apply([]byte(doc), []Param{{Path: bad}}, Cell{Values: []string{"1"}})
		assert.Error(t, err, bad)
	}
}

func TestShard_DisjointAndComplete(t *testing.T) {
	jobs := Jobs(Grid([]Param{{Path: "a", Values: []string{"1", "2", "3", "4", "5"}}}), 3, 100)
	require.Len(t, jobs, 15)
	assert.Equal(t, Job{Cell: 4, Run: 2, Seed: 102}, jobs[14])
	seen := map[Job]int{}
	for i := range 3 {
		s, err := Shard(jobs, i, 3)
		require.NoError(t, err)
		for _, j := range s {
			seen[j]++
		}
	}
	assert.Len(t, seen, 15)
	for _, n := range seen {
		assert.Equal(t, 1, n)
	}
	_, err := Shard(jobs, 3, 3)
	assert.Error(t, err)
}

func TestExecute_SameResultsForAnyWorkerCount(t *testing.T) {
	jobs := Jobs(Grid([]Param{{Path: "a", Values: []string{"1", "2", "3", "4"}}}), 25, 7)
	run := func(j Job) (string, error) { return fmt.Sprintf("%d/%d/%d", j.Cell, j.Run, j.Seed*j.Seed%97), nil }
	one, err := Execute(context.Background(), jobs, 1, run, nil)
	require.NoError(t, err)
	calls := 0
	many, err := Execute(context.Background(), jobs, 8, run, func(done, total int) {
		calls++
		assert.Equal(t, 100, total)
	})
	require.NoError(t, err)
	assert.Equal(t, one, many)
	assert.Equal(t, 100, calls)

	boom := errors.New("boom")
	_, err = Execute(context.Background(), jobs, 4, func(j Job) (int, error) {
		if j.Cell == 2 && j.Run == 3 {
			return 0, boom
		}
		return 1, nil
	}, nil)
	assert.ErrorIs(t, err, boom)
	assert.ErrorContains(t, err, "cell 2 run 3 (seed 10)")
}
