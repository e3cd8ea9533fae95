package ssmapi

import (
	"strconv"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/engine"
	"github.com/ssmsim/ssmsim/sim/filter"
	"github.com/ssmsim/ssmsim/sim/paging"
	"github.com/ssmsim/ssmsim/sim/status"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeCore is a hand-made simulation state: the read operations need
// nothing but the Core interface.
type fakeCore struct {
	assocs    []fakeAssoc
	execs     []fakeExec
	nodes     []string
	described int // Association calls: what rendering a summary costs
}

type fakeAssoc struct {
	id       string
	deleted  bool
	versions []model.AssociationVersionInfo
	execs    []int32
	latest   map[int32][2]int32 // node -> (execution, row)
}

type fakeExec struct {
	id        string
	assoc     int32
	forgotten bool
	rows      []TargetState // in ResourceId order
}

func (f *fakeCore) Check(string, any) error { return nil }
func (f *fakeCore) Tokens() paging.Tokens   { return paging.NewTokens([]byte("fake")) }
func (f *fakeCore) AssociationCount() int   { return len(f.assocs) }
func (f *fakeCore) AssociationIndex(id string) (int32, bool) {
	for i, a := range f.assocs {
		if a.id == id && !a.deleted {
			return int32(i), true
		}
	}
	return 0, false
}
func (f *fakeCore) LegacyAssociation(string, string) (int32, bool) { return 0, false }
func (f *fakeCore) Deleted(a int32) bool                           { return f.assocs[a].deleted }
func (f *fakeCore) AssociationID(a int32) string                   { return f.assocs[a].id }
func (f *fakeCore) Association(a int32) AssociationState {
	f.described++
	return AssociationState{ID: f.assocs[a].id, Nodes: &status.Counts{}}
}
func (f *fakeCore) Versions(a int32) int { return len(f.assocs[a].versions) }
func (f *fakeCore) Version(a int32, i int) VersionState {
	return VersionState{Info: &f.assocs[a].versions[i], DocVersion: "1", Schema: "2.2"}
}
func (f *fakeCore) FilterFacts(a int32) filter.Association {
	return filter.Association{ID: f.assocs[a].id, Status: func() string { return "Pending" }}
}
func (f *fakeCore) Selects(a, n int32) bool    { return true }
func (f *fakeCore) Content(a int32) string     { return "{}" }
func (f *fakeCore) Executions(a int32) []int32 { return f.assocs[a].execs }
func (f *fakeCore) Execution(e int32) (ExecutionState, bool) {
	x := f.execs[e]
	return ExecutionState{ID: x.id, AssociationID: f.assocs[x.assoc].id, AssociationVersion: "1",
		Status: model.StatusSuccess, Counts: &status.Counts{}}, !x.forgotten
}
func (f *fakeCore) ExecutionIndex(a int32, id string) (int32, bool) {
	for _, e := range f.assocs[a].execs {
		if f.execs[e].id == id && !f.execs[e].forgotten {
			return e, true
		}
	}
	return 0, false
}
func (f *fakeCore) TargetsByID(e int32) []int32 {
	out := make([]int32, len(f.execs[e].rows))
	for i := range out {
		out[i] = int32(i)
	}
	return out
}
func (f *fakeCore) TargetID(e, r int32) string     { return f.execs[e].rows[r].ResourceID }
func (f *fakeCore) Target(e, r int32) TargetState  { return f.execs[e].rows[r] }
func (f *fakeCore) Terminated(n int32) bool        { return false }
func (f *fakeCore) NodeID(n int32) string          { return f.nodes[n] }
func (f *fakeCore) NodeAssociations(int32) []int32 { return f.all() }
func (f *fakeCore) Node(id string) (int32, bool) {
	for i, n := range f.nodes {
		if n == id {
			return int32(i), true
		}
	}
	return 0, false
}
func (f *fakeCore) LatestRun(a, n int32) (VersionState, TargetState, bool) {
	l, ok := f.assocs[a].latest[n]
	if !ok {
		return VersionState{}, TargetState{}, false
	}
	return f.Version(a, 0), f.execs[l[0]].rows[l[1]], true
}
func (f *fakeCore) Nodes() int                                   { return len(f.nodes) }
func (f *fakeCore) Listed(int32) bool                            { return true }
func (f *fakeCore) NodeInfo(n int32) NodeState                   { return NodeState{Number: int(n), ID: f.nodes[n]} }
func (f *fakeCore) NodeTags(int32) []model.Tag                   { return nil }
func (f *fakeCore) Now() engine.Time                             { return t0 }
func (f *fakeCore) ComplianceItems(int32) []model.ComplianceItem { return nil }
func (f *fakeCore) Tags(string, string) ([]model.Tag, error) {
	return []model.Tag{{Key: "b"}, {Key: "a"}}, nil
}
func (f *fakeCore) Document(string) (model.DocumentDescription, bool) {
	return model.DocumentDescription{}, false
}
func (f *fakeCore) HasCalendar(string) bool { return false }
func (f *fakeCore) CalendarState([]string, time.Time) (string, time.Time, bool) {
	return "OPEN", time.Time{}, false
}

func (f *fakeCore) all() []int32 {
	out := make([]int32, len(f.assocs))
	for i := range out {
		out[i] = int32(i)
	}
	return out
}

// newFake makes n associations, each with two executions (the older one
// forgotten when forget is set) of one row on node i-0.
func newFake(n int, forget bool) *fakeCore {
	f := &fakeCore{nodes: []string{"i-0"}}
	for i := range n {
		a := fakeAssoc{id: "a" + strconv.Itoa(i), versions: []model.AssociationVersionInfo{{AssociationVersion: "1", Name: "doc"}},
			latest: map[int32][2]int32{}}
		for k := range 2 {
			e := int32(len(f.execs))
			f.execs = append(f.execs, fakeExec{id: a.id + "-e" + strconv.Itoa(k), assoc: int32(i), forgotten: forget && k == 0,
				rows: []TargetState{{ResourceID: "i-0", Status: status.Success, Dispatched: t0, Finished: t0}}})
			a.execs = append(a.execs, e)
			a.latest[0] = [2]int32{e, 0}
		}
		f.assocs = append(f.assocs, a)
	}
	return f
}

// Executions come newest first; one retention forgot is neither listed
// nor found by ExecutionId.
func TestDescribeAssociationExecutions_NewestFirstWithoutForgotten(t *testing.T) {
	c := newFake(2, true)
	out, err := DescribeAssociationExecutions(c, model.DescribeAssociationExecutionsInput{AssociationID: "a1"})
	require.NoError(t, err)
	require.Len(t, out.AssociationExecutions, 1)
	assert.Equal(t, "a1-e1", out.AssociationExecutions[0].ExecutionID)
	_, err = DescribeAssociationExecutionTargets(c, model.DescribeAssociationExecutionTargetsInput{AssociationID: "a1", ExecutionID: "a1-e0"})
	assert.EqualError(t, err, "AssociationExecutionDoesNotExist: Execution a1-e0 does not exist for association a1.")
	c = newFake(2, false)
	var ids []string
	in := model.DescribeAssociationExecutionsInput{AssociationID: "a1", MaxResults: 1}
	for {
		out, err := DescribeAssociationExecutions(c, in)
		require.NoError(t, err)
		for _, e := range out.AssociationExecutions {
			ids = append(ids, e.ExecutionID)
		}
		if in.NextToken = out.NextToken; in.NextToken == "" {
			break
		}
	}
	assert.Equal(t, []string{"a1-e1", "a1-e0"}, ids)
}

// A page of ListAssociations renders only the associations on it, and
// deleted ones are never listed.
func TestListAssociations_RendersOnlyThePage(t *testing.T) {
	c := newFake(1000, false)
	c.assocs[0].deleted = true
	out, err := ListAssociations(c, model.ListAssociationsInput{MaxResults: 2})
	require.NoError(t, err)
	require.Len(t, out.Associations, 2)
	assert.Equal(t, "a1", out.Associations[0].AssociationID)
	assert.Equal(t, "a2", out.Associations[1].AssociationID)
	assert.NotEmpty(t, out.NextToken)
	assert.Equal(t, 2, c.described)
}

// A node's statuses list, in creation order, the live associations that
// ran on it, nothing of a deleted one.
func TestDescribeInstanceAssociationsStatus_LiveAssociationsThatRan(t *testing.T) {
	c := newFake(3, false)
	c.assocs[1].deleted = true
	delete(c.assocs[2].latest, 0)
	out, err := DescribeInstanceAssociationsStatus(c, model.DescribeInstanceAssociationsStatusInput{InstanceID: "i-0"})
	require.NoError(t, err)
	require.Len(t, out.InstanceAssociationStatusInfos, 1)
	assert.Equal(t, "a0", out.InstanceAssociationStatusInfos[0].AssociationID)
	_, err = DescribeInstanceAssociationsStatus(c, model.DescribeInstanceAssociationsStatusInput{InstanceID: "i-9"})
	assert.EqualError(t, err, "InvalidInstanceId: Instance i-9 is not a managed node of this simulation.")
}

// DescribeAssociation answers a version that does not exist with
// InvalidAssociationVersion, naming the association.
func TestDescribeAssociation_VersionOutOfRange(t *testing.T) {
	c := newFake(1, false)
	d, err := DescribeAssociation(c, model.DescribeAssociationInput{AssociationID: "a0", AssociationVersion: "1"})
	require.NoError(t, err)
	assert.Equal(t, "a0", d.AssociationDescription.AssociationID)
	for _, v := range []string{"0", "2", "x"} {
		_, err = DescribeAssociation(c, model.DescribeAssociationInput{AssociationID: "a0", AssociationVersion: v})
		assert.EqualError(t, err, "InvalidAssociationVersion: Association version "+v+" does not exist for association a0.")
	}
	_, err = DescribeAssociation(c, model.DescribeAssociationInput{AssociationID: "a9"})
	assert.EqualError(t, err, "AssociationDoesNotExist: Association with id a9 does not exist.")
}

// Tags come sorted by key.
func TestListTagsForResource_SortedByKey(t *testing.T) {
	out, err := ListTagsForResource(newFake(0, false), model.ListTagsForResourceInput{ResourceType: "Association", ResourceID: "x"})
	require.NoError(t, err)
	assert.Equal(t, []model.Tag{{Key: "a"}, {Key: "b"}}, out.TagList)
}
