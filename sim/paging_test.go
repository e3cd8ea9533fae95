package sim

import (
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/paging"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPaging_PagesConcatenateToTheWholeList(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(23, Behavior{}, OverrideNone)
	id := h.associate("", "")
	h.s.Run()
	ex, _ := h.s.DescribeAssociationExecutions(execsOf(id))
	whole, err := h.s.DescribeAssociationExecutionTargets(model.DescribeAssociationExecutionTargetsInput{AssociationID: id, ExecutionID: ex.AssociationExecutions[0].ExecutionID})
	require.NoError(t, err)
	require.Len(t, whole.AssociationExecutionTargets, 23)
	assert.Empty(t, whole.NextToken, "no MaxResults: one page of everything")
	var got []model.AssociationExecutionTarget
	token, pages := "", 0
	for {
		out, err := h.s.DescribeAssociationExecutionTargets(model.DescribeAssociationExecutionTargetsInput{AssociationID: id,
			ExecutionID: ex.AssociationExecutions[0].ExecutionID, MaxResults: 5, NextToken: token})
		require.NoError(t, err)
		pages++
		got = append(got, out.AssociationExecutionTargets...)
		if token = out.NextToken; token == "" {
			break
		}
	}
	assert.Equal(t, 5, pages)
	assert.Equal(t, whole.AssociationExecutionTargets, got)
}

func TestPaging_TokenSurvivesInserts(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(1, Behavior{}, OverrideNone)
	var ids []string
	for range 5 {
		ids = append(ids, h.associate("", ""))
	}
	first, err := h.s.ListAssociations(model.ListAssociationsInput{MaxResults: 2})
	require.NoError(t, err)
	require.NotEmpty(t, first.NextToken)
	newID := h.associate("", "") // inserted between two calls
	var rest []string
	token := first.NextToken
	for token != "" {
		out, err := h.s.ListAssociations(model.ListAssociationsInput{MaxResults: 2, NextToken: token})
		require.NoError(t, err)
		for _, a := range out.Associations {
			rest = append(rest, a.AssociationID)
		}
		token = out.NextToken
	}
	assert.Equal(t, append(ids[2:], newID), rest, "no item lost or repeated; the new one comes last (creation order)")

	// Executions are newest first: an execution started between two calls
	// lands before the cursor and does not shift the pages.
	id := ids[0]
	for range 4 {
		_, err := h.s.StartAssociationsOnce(model.StartAssociationsOnceInput{AssociationIDs: []string{id}})
		require.NoError(t, err)
		h.s.RunUntil(h.s.Now().Add(time.Minute))
	}
	p1, err := h.s.DescribeAssociationExecutions(model.DescribeAssociationExecutionsInput{AssociationID: id, MaxResults: 2})
	require.NoError(t, err)
	_, _ = h.s.StartAssociationsOnce(model.StartAssociationsOnceInput{AssociationIDs: []string{id}})
	h.s.RunUntil(h.s.Now().Add(time.Minute))
	p2, err := h.s.DescribeAssociationExecutions(model.DescribeAssociationExecutionsInput{AssociationID: id, MaxResults: 10, NextToken: p1.NextToken})
	require.NoError(t, err)
	assert.Len(t, p2.AssociationExecutions, 3, "5 before the insert, 2 on the first page")
	assert.Less(t, p2.AssociationExecutions[0].CreatedTime, p1.AssociationExecutions[1].CreatedTime)
}

func TestPaging_BadTokensAndLimits(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(3, Behavior{}, OverrideNone)
	a := h.associate("", "")
	b := h.associate("", "")
	h.s.Run()
	list, err := h.s.ListAssociations(model.ListAssociationsInput{MaxResults: 1})
	require.NoError(t, err)
	code := func(err error) string {
		var apiErr *model.APIError
		require.ErrorAs(t, err, &apiErr)
		return apiErr.Code
	}
	_, err = h.s.ListAssociations(model.ListAssociationsInput{NextToken: "forged"})
	assert.Equal(t, model.ErrCodeInvalidNextToken, code(err))
	tampered := []byte(list.NextToken)
	tampered[len(tampered)-2] ^= 1
	_, err = h.s.ListAssociations(model.ListAssociationsInput{NextToken: string(tampered)})
	assert.Equal(t, model.ErrCodeInvalidNextToken, code(err))
	_, err = h.s.ListAssociationVersions(model.ListAssociationVersionsInput{AssociationID: a, NextToken: list.NextToken})
	assert.Equal(t, model.ErrCodeInvalidNextToken, code(err), "a token from another operation")
	// The same scope (association a), another operation: still refused.
	_, err = h.s.UpdateAssociation(model.UpdateAssociationInput{AssociationID: a, Parameters: shellParams})
	require.NoError(t, err)
	h.s.Run()
	versions, err := h.s.ListAssociationVersions(model.ListAssociationVersionsInput{AssociationID: a, MaxResults: 1})
	require.NoError(t, err)
	require.NotEmpty(t, versions.NextToken)
	_, err = h.s.DescribeAssociationExecutions(model.DescribeAssociationExecutionsInput{AssociationID: a, NextToken: versions.NextToken})
	assert.Equal(t, model.ErrCodeInvalidNextToken, code(err), "a token from another operation of the same association")
	// The same operation, another scope: refused.
	execs, err := h.s.DescribeAssociationExecutions(model.DescribeAssociationExecutionsInput{AssociationID: a, MaxResults: 1})
	require.NoError(t, err)
	require.NotEmpty(t, execs.NextToken)
	_, err = h.s.DescribeAssociationExecutions(model.DescribeAssociationExecutionsInput{AssociationID: b, NextToken: execs.NextToken})
	assert.Equal(t, model.ErrCodeInvalidNextToken, code(err), "a token for another association")
	st, err := h.s.DescribeInstanceAssociationsStatus(model.DescribeInstanceAssociationsStatusInput{InstanceID: h.s.Fleet().ID(0), MaxResults: 1})
	require.NoError(t, err)
	_, err = h.s.DescribeInstanceAssociationsStatus(model.DescribeInstanceAssociationsStatusInput{InstanceID: h.s.Fleet().ID(1), NextToken: st.NextToken})
	assert.Equal(t, model.ErrCodeInvalidNextToken, code(err), "a token for another node")
	other, err := New(Config{Seed: 2})
	require.NoError(t, err)
	_, err = other.ListAssociations(model.ListAssociationsInput{NextToken: list.NextToken})
	assert.Equal(t, model.ErrCodeInvalidNextToken, code(err), "a token from another simulation's seed")
	_, err = h.s.ListAssociations(model.ListAssociationsInput{MaxResults: 51})
	assert.Equal(t, model.ErrCodeValidation, code(err))
	_, err = h.s.DescribeAssociationExecutions(model.DescribeAssociationExecutionsInput{AssociationID: b, MaxResults: -1})
	assert.Equal(t, model.ErrCodeValidation, code(err))
}

func TestListAssociations_Filters(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(2, Behavior{}, OverrideNone)
	web := h.associateIn(model.CreateAssociationInput{AssociationName: "web-patch"})
	h.s.RunUntil(DefaultStart().Add(time.Hour))
	h.associateIn(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", AssociationName: "agent"})
	legacy := h.associateIn(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", InstanceID: h.s.Fleet().ID(0), Targets: nil})
	ids := func(fs ...model.AssociationFilter) []string {
		out, err := h.s.ListAssociations(model.ListAssociationsInput{AssociationFilterList: fs})
		require.NoError(t, err)
		var got []string
		for _, a := range out.Associations {
			got = append(got, a.AssociationID)
		}
		return got
	}
	assert.Equal(t, []string{web}, ids(model.AssociationFilter{Key: "AssociationName", Value: "web-patch"}))
	assert.Len(t, ids(model.AssociationFilter{Key: "Name", Value: "AWS-UpdateSSMAgent"}), 2)
	assert.Equal(t, []string{legacy}, ids(model.AssociationFilter{Key: "InstanceId", Value: h.s.Fleet().ID(0)}), "only legacy InstanceId associations")
	assert.Equal(t, []string{web}, ids(model.AssociationFilter{Key: "LastExecutedBefore", Value: "2024-01-01T00:30:00Z"}))
	assert.Equal(t, []string{web}, ids(model.AssociationFilter{Key: "AssociationStatusName", Value: "Success"}))
	assert.Empty(t, ids(model.AssociationFilter{Key: "AssociationName", Value: "web-patch"}, model.AssociationFilter{Key: "Name", Value: "AWS-UpdateSSMAgent"}))
	_, err := h.s.ListAssociations(model.ListAssociationsInput{AssociationFilterList: []model.AssociationFilter{{Key: "LastExecutedAfter", Value: "soon"}}})
	assert.Error(t, err)
}

// A filtered page looks at no more than paging.MaxScan candidates: past that it
// comes back short, even empty, with a NextToken (as the real service's
// filtered DescribeInstanceInformation pages do, aws/aws-cli #2626), and
// following the tokens still finds every match.
func TestFilteredPages_BoundedScan_ShortPagesWithToken(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(paging.MaxScan+paging.MaxScan/2, Behavior{}, OverrideNone)
	last := h.s.Fleet().ID(h.s.Fleet().Len() - 1)
	in := model.DescribeInstanceInformationInput{Filters: []model.InstanceInformationStringFilter{{Key: "InstanceIds", Values: []string{last}}}}
	first, err := h.s.DescribeInstanceInformation(in)
	require.NoError(t, err)
	assert.Empty(t, first.InstanceInformationList, "the match lies beyond the first page's scan")
	require.NotEmpty(t, first.NextToken)
	in.NextToken = first.NextToken
	second, err := h.s.DescribeInstanceInformation(in)
	require.NoError(t, err)
	require.Len(t, second.InstanceInformationList, 1)
	assert.Equal(t, last, second.InstanceInformationList[0].InstanceID)
	assert.Empty(t, second.NextToken)
}

// Every page of a large execution's targets, followed by NextToken, gives
// each row once, in ResourceId order.
func TestExecutionTargets_PagesSeekTheCursor(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(1234, Behavior{}, OverrideNone)
	id := h.associate("", "")
	h.s.Run()
	ex, err := h.s.DescribeAssociationExecutions(execsOf(id))
	require.NoError(t, err)
	in := model.DescribeAssociationExecutionTargetsInput{AssociationID: id, ExecutionID: ex.AssociationExecutions[0].ExecutionID}
	var ids []string
	for pages := 0; ; pages++ {
		out, err := h.s.DescribeAssociationExecutionTargets(in)
		require.NoError(t, err)
		require.LessOrEqual(t, len(out.AssociationExecutionTargets), 50)
		for _, r := range out.AssociationExecutionTargets {
			ids = append(ids, r.ResourceID)
		}
		if out.NextToken == "" {
			assert.Equal(t, 24, pages, "25 pages of at most 50")
			break
		}
		in.NextToken = out.NextToken
	}
	require.Len(t, ids, 1234)
	assert.True(t, slices.IsSorted(ids))
	assert.Len(t, slices.Compact(slices.Clone(ids)), 1234)
}

// BenchmarkExecutionTargetsPage measures one default page of a 100,000-
// target execution's rows, read from the middle (it must not depend on
// the execution's size).
func BenchmarkExecutionTargetsPage(b *testing.B) {
	s, err := New(Config{Seed: 1})
	require.NoError(b, err)
	_, err = s.AddNodes(NodeGroup{Count: 100_000, Behavior: Behavior{Duration: Fixed(time.Second)}})
	require.NoError(b, err)
	out, err := s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", Targets: all()})
	require.NoError(b, err)
	s.Run()
	id := out.AssociationDescription.AssociationID
	in := model.DescribeAssociationExecutionTargetsInput{AssociationID: id, ExecutionID: id}
	for range 1000 { // to the middle
		o, err := s.DescribeAssociationExecutionTargets(in)
		require.NoError(b, err)
		in.NextToken = o.NextToken
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.DescribeAssociationExecutionTargets(in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e3, "µs/page")
}

// BenchmarkDescribeInstanceInformationPage measures one default page (10
// nodes) from the middle of 100,000 nodes with 2,000 associations on them
// (which have not run: each node's overview still looks at all 2,000).
func BenchmarkDescribeInstanceInformationPage(b *testing.B) {
	s, err := New(Config{Seed: 1})
	require.NoError(b, err)
	_, err = s.AddNodes(NodeGroup{Count: 100_000, Behavior: Behavior{Duration: Fixed(time.Second)}})
	require.NoError(b, err)
	for range 2000 {
		_, err := s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", Targets: all(),
			ScheduleExpression: "cron(0 2 ? * SUN *)", ApplyOnlyAtCronInterval: true})
		require.NoError(b, err)
	}
	in := model.DescribeInstanceInformationInput{MaxResults: 50}
	for range 1000 { // to the middle
		o, err := s.DescribeInstanceInformation(in)
		require.NoError(b, err)
		in.NextToken = o.NextToken
	}
	in.MaxResults = 0
	for b.Loop() {
		if _, err := s.DescribeInstanceInformation(in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/page")
}

// A ListAssociations page costs O(page), not O(associations): a page of
// 10 out of 2,000 allocates no more than a page of 10 out of 20 (it used
// to summarise every association for every page).
func TestListAssociations_PageCostIndependentOfTotal(t *testing.T) {
	allocs := func(n int) float64 {
		s, err := New(Config{Seed: 1})
		require.NoError(t, err)
		_, err = s.AddNodes(NodeGroup{Count: 5, Tags: []model.Tag{{Key: "env", Value: "prod"}},
			Behavior: Behavior{Duration: Fixed(time.Minute)}})
		require.NoError(t, err)
		for range n {
			_, err := s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams,
				Targets: []model.Target{{Key: "tag:env", Values: []string{"prod"}}}})
			require.NoError(t, err)
		}
		s.Run()
		return testing.AllocsPerRun(20, func() {
			out, err := s.ListAssociations(model.ListAssociationsInput{MaxResults: 10})
			if err != nil || len(out.Associations) != 10 {
				panic("ListAssociations")
			}
		})
	}
	small, large := allocs(20), allocs(2000)
	t.Logf("allocations per page: %v of 20 associations, %v of 2,000", small, large)
	assert.LessOrEqual(t, large, small*1.1+5)
}

// A ListComplianceItems or ListResourceComplianceSummaries page over the
// whole fleet costs O(page): it allocates no more bytes over 20,000 nodes
// and 2,000 associations than over 2,000 nodes and 200 (it used to list
// every node number, and look at every association for each node).
func TestCompliancePages_CostIndependentOfFleet(t *testing.T) {
	bytesPerCall := func(f func()) float64 {
		var a, b runtime.MemStats
		runtime.ReadMemStats(&a)
		for range 20 {
			f()
		}
		runtime.ReadMemStats(&b)
		return float64(b.TotalAlloc-a.TotalAlloc) / 20
	}
	cost := func(groups int) (items, summaries float64) {
		s, err := New(Config{Seed: 1})
		require.NoError(t, err)
		for g := range groups {
			tag := []model.Tag{{Key: "group", Value: strconv.Itoa(g)}}
			_, err := s.AddNodes(NodeGroup{Count: 10, Tags: tag, Behavior: Behavior{Duration: Fixed(time.Minute)}})
			require.NoError(t, err)
			_, err = s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams,
				Targets: []model.Target{{Key: "tag:group", Values: []string{strconv.Itoa(g)}}}})
			require.NoError(t, err)
		}
		s.RunUntil(s.Now().Add(time.Hour))
		items = bytesPerCall(func() {
			out, err := s.ListComplianceItems(model.ListComplianceItemsInput{MaxResults: 10})
			if err != nil || len(out.ComplianceItems) != 10 {
				panic("ListComplianceItems")
			}
		})
		summaries = bytesPerCall(func() {
			out, err := s.ListResourceComplianceSummaries(model.ListResourceComplianceSummariesInput{MaxResults: 10})
			if err != nil || len(out.ResourceComplianceSummaryItems) != 10 {
				panic("ListResourceComplianceSummaries")
			}
		})
		return items, summaries
	}
	smallItems, smallSums := cost(200)
	largeItems, largeSums := cost(2000)
	t.Logf("bytes per page: items %.0f / %.0f, summaries %.0f / %.0f", smallItems, largeItems, smallSums, largeSums)
	assert.LessOrEqual(t, largeItems, smallItems*1.2+1024)
	assert.LessOrEqual(t, largeSums, smallSums*1.2+1024)
}

// DescribeEffectiveInstanceAssociations asks every association whether it
// selects the node, without compiling its targets: the allocations of a
// call do not grow with associations that do not select the node (they
// compiled each association's targets: about 4 allocations apiece).
func TestDescribeEffectiveInstanceAssociations_CostOfOthersIsFree(t *testing.T) {
	allocs := func(n int) float64 {
		s, err := New(Config{Seed: 1})
		require.NoError(t, err)
		for i := range n + 1 {
			_, err = s.AddNodes(NodeGroup{Count: 2, Tags: []model.Tag{{Key: "grp", Value: strconv.Itoa(i)}}, Behavior: Behavior{Duration: Fixed(time.Minute)}})
			require.NoError(t, err)
			_, err := s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams,
				Targets: []model.Target{{Key: "tag:grp", Values: []string{strconv.Itoa(i)}}}})
			require.NoError(t, err)
		}
		node := s.Fleet().ID(0)
		return testing.AllocsPerRun(20, func() {
			out, err := s.DescribeEffectiveInstanceAssociations(model.DescribeEffectiveInstanceAssociationsInput{InstanceID: node, MaxResults: 5})
			if err != nil || len(out.Associations) != 1 {
				panic("DescribeEffectiveInstanceAssociations")
			}
		})
	}
	small, large := allocs(20), allocs(1999)
	t.Logf("allocations per call: %v over 20 other associations, %v over 1,999", small, large)
	assert.LessOrEqual(t, large, small+5)
}
