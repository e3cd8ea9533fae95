package sim

import (
	"bytes"
	"cmp"
	"encoding/json"
	"github.com/ssmsim/ssmsim/sim/ssmapi"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/model"
)

// everyStatus is DescribeInstanceAssociationsStatus by the definition: every
// association, in order, that has a run of node n.
func everyStatus(s *Sim, n int32) []model.InstanceAssociationStatusInfo {
	out := []model.InstanceAssociationStatusInfo{}
	for _, a := range s.assocs {
		if a.deleted {
			continue
		}
		if info, ok := s.statusInfo(a, n); ok {
			out = append(out, info)
		}
	}
	return out
}

// everyItem is a node's compliance items by the definition: the AUTO item
// of every association that has one, then the stored items AUTO does not
// own, by (ComplianceType, Id).
func everyItem(s *Sim, n int32) []model.ComplianceItem {
	var out []model.ComplianceItem
	auto := map[string]bool{}
	for _, a := range s.assocs {
		if it, ok := s.autoItem(a, n); ok {
			out = append(out, it)
			auto[a.id] = true
		}
	}
	for _, v := range s.compliance.Save() {
		if v.Resource != s.fleet.ID(int(n)) {
			continue
		}
		for _, it := range v.Items {
			if !(it.ComplianceType == "Association" && auto[it.ID]) {
				out = append(out, it)
			}
		}
	}
	slices.SortFunc(out, func(x, y model.ComplianceItem) int {
		return cmp.Or(cmp.Compare(x.ComplianceType, y.ComplianceType), cmp.Compare(x.ID, y.ID))
	})
	return out
}

// checkEveryNode asks the API for every node's statuses, all pages, and
// compares them with the definition.
func checkEveryNode(t *testing.T, s *Sim, seed uint64, when string) {
	t.Helper()
	for n := range s.fleet.Len() {
		var got []model.InstanceAssociationStatusInfo
		in := model.DescribeInstanceAssociationsStatusInput{InstanceID: s.fleet.ID(n)}
		if n%7 == 0 {
			in.MaxResults = 5 // and across pages
		}
		for {
			out, err := s.DescribeInstanceAssociationsStatus(in)
			require.NoError(t, err)
			got = append(got, out.InstanceAssociationStatusInfos...)
			if in.NextToken = out.NextToken; in.NextToken == "" {
				break
			}
		}
		if got, want := s.itemsOf(int32(n)), everyItem(s, int32(n)); !slices.EqualFunc(got, want, func(x, y model.ComplianceItem) bool {
			bx, _ := json.Marshal(x)
			by, _ := json.Marshal(y)
			return bytes.Equal(bx, by)
		}) {
			failSeed(t, "TestWindowIndex_StatusesOfEveryNode", seed, "%s: node %d has compliance items %v, the definition %v", when, n, got, want)
		}
		want := everyStatus(s, int32(n))
		if len(got) != len(want) {
			failSeed(t, "TestWindowIndex_StatusesOfEveryNode", seed, "%s: node %d has %d statuses, the definition %d", when, n, len(got), len(want))
		}
		for i := range want {
			g, _ := json.Marshal(got[i])
			w, _ := json.Marshal(want[i])
			if !bytes.Equal(g, w) {
				failSeed(t, "TestWindowIndex_StatusesOfEveryNode", seed, "%s: node %d status %d:\n got %s\nwant %s", when, n, i, g, w)
			}
		}
	}
}

// A node's statuses come from the window index, not from every
// association; across fleets spanning many index blocks, nodes joining
// and retagged later, associations over scattered InstanceIds, deletions
// and a snapshot restore, every node's answer is the definition's.
func TestWindowIndex_StatusesOfEveryNode(t *testing.T) {
	seeds := propertySeedsUpTo(4) // each seed checks ~20,000 node answers
	for _, seed := range seeds {
		r := rand.New(rand.NewPCG(seed, 0x1d))
		s, err := New(Config{Seed: seed})
		require.NoError(t, err)
		b := Behavior{Duration: LogNormal(time.Minute, 0.5), FailureProbability: 0.1}
		for g := range 4 {
			_, err := s.AddNodes(NodeGroup{Count: 500 + r.IntN(1500), Tags: []model.Tag{{Key: "group", Value: strconv.Itoa(g)}}, Behavior: b})
			require.NoError(t, err)
		}
		start := s.Now()
		_, err = s.AddNodesAt(start.Add(40*time.Minute), NodeGroup{Count: 700, Tags: []model.Tag{{Key: "group", Value: "1"}}, Behavior: b})
		require.NoError(t, err)
		require.NoError(t, s.SetNodeTagsAt(start.Add(50*time.Minute), []int{3, 2500, 4000}, []model.Tag{{Key: "group", Value: "3"}}))
		var ids []string
		for i := range 25 {
			in := model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams, MaxConcurrency: "20%",
				ScheduleExpression: "rate(30 minutes)"}
			switch i % 3 {
			case 0:
				in.Targets = []model.Target{{Key: "tag:group", Values: []string{strconv.Itoa(r.IntN(4))}}}
			case 1: // a few nodes scattered over the fleet, far apart
				var nodes []string
				for range 1 + r.IntN(4) {
					nodes = append(nodes, s.fleet.ID(r.IntN(s.fleet.Len())))
				}
				in.Targets = []model.Target{{Key: "InstanceIds", Values: nodes}}
			default:
				in.Targets = []model.Target{{Key: "InstanceIds", Values: []string{"*"}}}
				if r.IntN(2) == 0 {
					in.Targets = []model.Target{{Key: "tag:group", Values: []string{"1", "3"}}}
				}
			}
			out, err := s.CreateAssociation(in)
			require.NoError(t, err)
			ids = append(ids, out.AssociationDescription.AssociationID)
		}
		for i := range 40 { // stored items, some under an AUTO association's Id (hidden by it)
			id := ids[i%len(ids)]
			if i%2 == 0 {
				id = "custom-" + strconv.Itoa(i)
			}
			_, err := s.PutComplianceItems(model.PutComplianceItemsInput{ResourceID: s.fleet.ID(r.IntN(s.fleet.Len())),
				ResourceType: model.ResourceTypeManagedInstance, ComplianceType: "Association",
				ExecutionSummary: model.ComplianceExecutionSummary{ExecutionTime: model.TimestampOf(start)},
				Items:            []model.ComplianceItemEntry{{ID: id, Severity: "HIGH", Status: "NON_COMPLIANT"}}})
			require.NoError(t, err)
		}
		s.RunUntil(start.Add(35 * time.Minute))
		checkEveryNode(t, s, seed, "after 35 minutes")
		_, err = s.DeleteAssociation(model.DeleteAssociationInput{AssociationID: ids[r.IntN(len(ids))]})
		require.NoError(t, err)
		var buf bytes.Buffer
		require.NoError(t, s.WriteSnapshot(&buf))
		restored, err := ReadSnapshot(&buf, RestoreOptions{})
		require.NoError(t, err)
		for _, x := range []*Sim{s, restored} { // the restored index must go on growing
			x.RunUntil(start.Add(2 * time.Hour))
			checkEveryNode(t, x, seed, "after two hours")
		}
	}
}

// The index holds only what it must: with 2,000 associations each over
// its own 50 of 100,000 nodes, a node's candidates are the few whose
// windows share its block of 1,024, not 2,000.
func TestWindowIndex_ANodeLooksAtItsOwnAssociations(t *testing.T) {
	s, err := New(Config{Seed: 1})
	require.NoError(t, err)
	for g := range 2000 {
		tag := []model.Tag{{Key: "group", Value: strconv.Itoa(g)}}
		_, err := s.AddNodes(NodeGroup{Count: 50, Tags: tag, Behavior: Behavior{Duration: Fixed(time.Minute)}})
		require.NoError(t, err)
		_, err = s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams,
			Targets: []model.Target{{Key: "tag:group", Values: []string{strconv.Itoa(g)}}}})
		require.NoError(t, err)
	}
	s.RunUntil(s.Now().Add(time.Hour))
	most := 0
	for n := range s.fleet.Len() {
		most = max(most, len(s.windows.at(int32(n))))
	}
	assert.LessOrEqual(t, most, 1024/50+2, "associations looked at for one node")
	out, err := s.DescribeInstanceAssociationsStatus(model.DescribeInstanceAssociationsStatusInput{InstanceID: s.fleet.ID(70_123)})
	require.NoError(t, err)
	require.Len(t, out.InstanceAssociationStatusInfos, 1)
	assert.Equal(t, s.assocs[70_123/50].id, out.InstanceAssociationStatusInfos[0].AssociationID)
}

// statusInfo renders node n (the definition the index must agree with)'s InstanceAssociationStatusInfo for an
// association, from the node's latest run.
func (s *Sim) statusInfo(a *association, n int32) (model.InstanceAssociationStatusInfo, bool) {
	ei, ri, ok := a.latest(n)
	if !ok {
		return model.InstanceAssociationStatusInfo{}, false
	}
	e := s.execs[ei]
	vs, ts := versionState(&a.versions[e.version]), s.targetRow(e, ri)
	return ssmapi.StatusInfo(a.id, &vs, &ts), true
}
