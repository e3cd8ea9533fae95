package sim

import (
	"strconv"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testTags = []model.Tag{{Key: "env", Value: "test"}}

// CreateAssociation API reference: "If a new managed node starts and
// attempts to run the association while Systems Manager is running
// MaxConcurrency associations, the association is allowed to run." (D4)
func TestNodeJoiningASaturatedRollout_RunsAtOnce(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(10, Behavior{Duration: Fixed(time.Minute)}, OverrideNone)
	h.associate("2", "")
	first, err := h.s.AddNodesAt(DefaultStart().Add(30*time.Second), NodeGroup{Count: 3, Tags: testTags, Behavior: Behavior{Duration: Fixed(time.Minute)}})
	require.NoError(t, err)
	h.s.Run()
	ex := h.only()
	assert.Equal(t, 10, ex.Targets)
	assert.Equal(t, 13, ex.Dispatched)
	assert.Equal(t, 3, ex.Joined)
	assert.Equal(t, 2, ex.PeakInFlight, "the budget itself is unchanged")
	// The joined runs land off the budget: the ten go two at a time to
	// the end, and the execution ends then.
	assert.True(t, ex.Done)
	assert.Equal(t, model.StatusSuccess, ex.Status)
	assert.Equal(t, DefaultStart().Add(5*time.Minute), ex.LastExecution)
	var joinedAt []time.Time
	h.s.EachTargetRun(0, func(tr TargetRun) {
		if tr.Node >= first {
			joinedAt = append(joinedAt, tr.Dispatched)
		}
	})
	assert.Equal(t, []time.Time{DefaultStart().Add(30 * time.Second), DefaultStart().Add(30 * time.Second), DefaultStart().Add(30 * time.Second)}, joinedAt, "at once, while 2 of 2 slots were busy")
	for _, tr := range h.traces {
		if tr.Kind == TraceDispatched && !tr.OutsideBudget {
			assert.LessOrEqual(t, tr.InFlight, 2)
		}
	}
}

// The user guide's reading of the same case: new nodes are ignored for the
// current interval and run at the next one (the D4 switch).
func TestDeferNewTargets_Switch(t *testing.T) {
	h := newHarness(t, 1, Decisions{DeferNewTargets: true})
	h.nodes(10, Behavior{Duration: Fixed(time.Minute)}, OverrideNone)
	id := h.associate("2", "")
	_, err := h.s.AddNodesAt(DefaultStart().Add(30*time.Second), NodeGroup{Count: 3, Tags: testTags, Behavior: Behavior{Duration: Fixed(time.Minute)}})
	require.NoError(t, err)
	h.s.Run()
	assert.Equal(t, 10, h.only().Dispatched)
	_, err = h.s.StartAssociationsOnce(model.StartAssociationsOnceInput{AssociationIDs: []string{id}})
	require.NoError(t, err)
	h.s.Run()
	assert.Equal(t, 13, h.s.Executions()[1].Dispatched, "the next run includes them")
}

// User guide (targets and rate controls): new nodes matching a tag target
// get the association applied and run immediately.
func TestNodeJoiningAfterTheRun_RunsInItsOwnExecution(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(4, Behavior{}, OverrideNone)
	id := h.associate("", "")
	_, err := h.s.AddNodesAt(DefaultStart().Add(time.Hour), NodeGroup{Count: 2, Tags: testTags, Behavior: Behavior{Duration: Fixed(time.Second)}})
	require.NoError(t, err)
	_, err = h.s.AddNodesAt(DefaultStart().Add(time.Hour), NodeGroup{Count: 1, Tags: []model.Tag{{Key: "env", Value: "other"}}, Behavior: Behavior{Duration: Fixed(time.Second)}})
	require.NoError(t, err)
	h.s.Run()
	ex := h.s.Executions()
	require.Len(t, ex, 2)
	assert.Equal(t, 2, ex[1].Targets, "just the two matching joiners, in one execution")
	assert.Equal(t, DefaultStart().Add(time.Hour), ex[1].Created)
	assert.NotEqual(t, id, ex[1].ExecutionID)
	d, _ := h.s.DescribeAssociation(describeByID(id))
	assert.Equal(t, map[string]int32{"Success": 6}, d.AssociationDescription.Overview.AssociationStatusAggregatedCount)
}

func TestNodeJoining_BeforeTheFirstRun_IsPartOfIt(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(2, Behavior{}, OverrideNone)
	_, err := h.s.AddNodes(NodeGroup{Count: 2, Tags: testTags, Behavior: Behavior{Duration: Fixed(time.Minute)}}) // before any association
	require.NoError(t, err)
	h.associate("", "")
	h.s.Run()
	assert.Equal(t, 4, h.only().Targets)
}

// User guide ("When are associations applied"): a node that comes online
// after missing a scheduled run runs the association.
func TestNodeBackOnlineAfterMissingARun_RunsAgain(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(3, Behavior{Duration: Fixed(time.Minute)}, OverrideNone)
	require.NoError(t, h.s.SetNodesOnlineAt(DefaultStart(), []int{1}, false))
	id := h.associate("", "0")
	require.NoError(t, h.s.SetNodesOnlineAt(DefaultStart().Add(time.Hour), []int{1}, true))
	h.s.Run()
	ex := h.s.Executions()
	require.Len(t, ex, 2)
	assert.Equal(t, 1, ex[0].Counts.Undeliverable)
	assert.Equal(t, StopNone, ex[0].Stop, "Undeliverable does not count toward MaxErrors 0")
	assert.Equal(t, 1, ex[1].Targets)
	assert.Equal(t, 1, ex[1].Counts.Success)
	st, _ := h.s.DescribeInstanceAssociationsStatus(model.DescribeInstanceAssociationsStatusInput{InstanceID: h.s.Fleet().ID(1)})
	assert.Equal(t, "Success", st.InstanceAssociationStatusInfos[0].Status)
	_ = id
}

func TestTerminatedNodes_AreNoLongerTargets(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(5, Behavior{}, OverrideNone)
	id := h.associate("", "")
	require.NoError(t, h.s.TerminateNodesAt(DefaultStart().Add(time.Hour), []int{0, 3}))
	h.s.Run()
	_, err := h.s.StartAssociationsOnce(model.StartAssociationsOnceInput{AssociationIDs: []string{id}})
	require.NoError(t, err)
	h.s.Run()
	ex := h.s.Executions()
	require.Len(t, ex, 2)
	assert.Equal(t, 5, ex[0].Targets)
	assert.Equal(t, 3, ex[1].Targets)
	assert.True(t, h.s.Fleet().Terminated(3))
	assert.ErrorContains(t, h.s.TerminateNodesAt(DefaultStart(), []int{0}), "before the current time")
	assert.ErrorContains(t, h.s.TerminateNodesAt(h.s.Now(), []int{99}), "no node 99")
}

func TestRetaggedNode_NewlyMatching_RunsAtOnce(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(3, Behavior{}, OverrideNone)
	_, err := h.s.AddNodes(NodeGroup{Count: 2, Tags: []model.Tag{{Key: "env", Value: "staging"}}, Behavior: Behavior{Duration: Fixed(time.Minute)}})
	require.NoError(t, err)
	h.associate("", "")
	require.NoError(t, h.s.SetNodeTagsAt(DefaultStart().Add(time.Hour), []int{0, 3}, testTags)) // 0 already matched
	h.s.Run()
	ex := h.s.Executions()
	require.Len(t, ex, 2)
	assert.Equal(t, 1, ex[1].Targets, "only node 3 newly matches")
	assert.Equal(t, testTags, h.s.Fleet().Tags(3))
	assert.Error(t, h.s.SetNodeTagsAt(h.s.Now(), []int{1}, []model.Tag{{Key: "", Value: "x"}}))
}

// Node groups with the same behaviour share one entry, so adding nodes one
// at a time (65,537 calls of POST /_ssmsim/nodes {"Count": 1} used to fail
// every later add) never runs out; only 65,536 distinct behaviours do.
func TestAddNodes_OneAtATime_NoGroupCap(t *testing.T) {
	s, err := New(Config{Seed: 1})
	require.NoError(t, err)
	b := Behavior{Duration: Fixed(time.Second)}
	for range 70_000 {
		_, err := s.AddNodes(NodeGroup{Count: 1, Behavior: b})
		require.NoError(t, err)
	}
	assert.Equal(t, 70_000, s.Fleet().Len())
	for i := range 1<<16 - 1 {
		_, err := s.AddNodes(NodeGroup{Count: 1, Behavior: Behavior{Duration: Fixed(3*time.Hour + time.Duration(i)*time.Microsecond)}})
		require.NoError(t, err)
	}
	_, err = s.AddNodes(NodeGroup{Count: 1, Behavior: Behavior{Duration: Fixed(time.Hour)}})
	assert.ErrorContains(t, err, "more than 65536 distinct behaviours")
}

// An association's per-node table covers the nodes it touched, not the
// whole fleet: 2,000 associations of 50 nodes each in a fleet of 100,000
// hold 50 entries each (the table used to be sized to the fleet: 16 B x
// 100,000 x 2,000 = 3.2 GB).
func TestAssociationNodeTable_CoversItsOwnNodes(t *testing.T) {
	s, err := New(Config{Seed: 1})
	require.NoError(t, err)
	for g := range 40 {
		_, err := s.AddNodes(NodeGroup{Count: 50, Tags: []model.Tag{{Key: "group", Value: strconv.Itoa(g)}}, Behavior: Behavior{Duration: Fixed(time.Minute)}})
		require.NoError(t, err)
		_, err = s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams,
			Targets: []model.Target{{Key: "tag:group", Values: []string{strconv.Itoa(g)}}}})
		require.NoError(t, err)
	}
	s.Run()
	for i, a := range s.assocs {
		assert.Len(t, a.nodes, 50, "association %d", i)
		assert.Equal(t, int32(50*i), a.nodeBase)
	}
	// Its latest run per node still answers for every node of the fleet.
	st, err := s.DescribeInstanceAssociationsStatus(model.DescribeInstanceAssociationsStatusInput{InstanceID: s.Fleet().ID(1999)})
	require.NoError(t, err)
	require.Len(t, st.InstanceAssociationStatusInfos, 1)
	assert.Equal(t, s.assocs[39].id, st.InstanceAssociationStatusInfos[0].AssociationID)
}
