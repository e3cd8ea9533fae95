package sim

import (
	"slices"
	"strings"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/engine"
	"github.com/ssmsim/ssmsim/sim/filter"
	"github.com/ssmsim/ssmsim/sim/paging"
	"github.com/ssmsim/ssmsim/sim/ssmapi"
)

// reader is the simulation as package ssmapi's read operations query it
// (ssmapi.Core): read-only, by association, execution and node number.
type reader Sim

var _ ssmapi.Core = (*reader)(nil)

// read is s's query interface.
func (s *Sim) read() *reader { return (*reader)(s) }

func (r *reader) sim() *Sim { return (*Sim)(r) }

// Check validates a request as the wire does, unless the caller said its
// requests were checked already (AssumeCheckedRequests).
func (r *reader) Check(operation string, in any) error {
	if r.prechecked {
		return nil
	}
	return ssmapi.CheckRequest(operation, in)
}

func (r *reader) Tokens() paging.Tokens            { return r.sim().tokens() }
func (r *reader) AssociationCount() int            { return len(r.assocs) }
func (r *reader) Deleted(a int32) bool             { return r.assocs[a].deleted }
func (r *reader) AssociationID(a int32) string     { return r.assocs[a].id }
func (r *reader) Versions(a int32) int             { return len(r.assocs[a].versions) }
func (r *reader) Executions(a int32) []int32       { return r.assocs[a].execs }
func (r *reader) Terminated(n int32) bool          { return r.fleet.Terminated(int(n)) }
func (r *reader) NodeAssociations(n int32) []int32 { return r.windows.at(n) }
func (r *reader) Content(a int32) string           { return r.assocs[a].version().doc.Content }

func (r *reader) AssociationIndex(id string) (int32, bool) {
	i, ok := r.byID[id]
	return int32(i), ok
}

func (r *reader) LegacyAssociation(name, instanceID string) (int32, bool) {
	for _, c := range r.assocs {
		if !c.deleted && c.legacy && c.version().info.Name == name && c.version().info.Targets[0].Values[0] == instanceID {
			return c.index, true
		}
	}
	return 0, false
}

func (r *reader) Association(a int32) ssmapi.AssociationState {
	return r.sim().associationState(r.assocs[a])
}

func (r *reader) Version(a int32, i int) ssmapi.VersionState {
	return versionState(&r.assocs[a].versions[i])
}

func (r *reader) FilterFacts(a int32) filter.Association { return r.sim().filterFacts(r.assocs[a]) }

func (r *reader) Selects(a, n int32) bool {
	return r.fleet.selects(r.assocs[a].version().info.Targets, n)
}

func (r *reader) Execution(ei int32) (ssmapi.ExecutionState, bool) {
	e := r.execs[ei]
	if e == nil || !r.sim().visible(e) {
		return ssmapi.ExecutionState{}, false
	}
	return r.sim().executionState(e), true
}

func (r *reader) ExecutionIndex(a int32, id string) (int32, bool) {
	for _, ei := range r.assocs[a].execs {
		if e := r.execs[ei]; e != nil && e.id == id && r.sim().visible(e) {
			return ei, true
		}
	}
	return 0, false
}

// TargetsByID orders execution ei's rows by ResourceId (a stable sort: a
// node dispatched twice keeps its dispatch order), built once and rebuilt
// only when rows were added since.
func (r *reader) TargetsByID(ei int32) []int32 {
	e := r.execs[ei]
	if len(e.byID) == len(e.records) {
		return e.byID
	}
	ids := make([]string, len(e.records))
	order := make([]int32, len(e.records))
	for ri := range e.records {
		ids[ri], order[ri] = r.fleet.ID(int(e.records[ri].node)), int32(ri)
	}
	slices.SortStableFunc(order, func(x, y int32) int { return strings.Compare(ids[x], ids[y]) })
	e.byID = order
	return order
}

func (r *reader) TargetID(ei, ri int32) string {
	return r.fleet.ID(int(r.execs[ei].records[ri].node))
}

func (r *reader) Target(ei, ri int32) ssmapi.TargetState {
	return r.sim().targetState(r.execs[ei], ri)
}

func (r *reader) Node(id string) (int32, bool) {
	n, ok := r.fleet.Lookup(id)
	return int32(n), ok
}

func (r *reader) LatestRun(a, n int32) (ssmapi.VersionState, ssmapi.TargetState, bool) {
	c := r.assocs[a]
	ei, ri, ok := c.latest(n)
	if !ok {
		return ssmapi.VersionState{}, ssmapi.TargetState{}, false
	}
	e := r.execs[ei]
	return versionState(&c.versions[e.version]), r.sim().targetRow(e, ri), true
}

func (r *reader) Nodes() int                        { return r.fleet.Len() }
func (r *reader) NodeInfo(n int32) ssmapi.NodeState { return r.sim().nodeState(int(n)) }
func (r *reader) NodeTags(n int32) []model.Tag      { return r.fleet.Tags(int(n)) }
func (r *reader) Now() engine.Time                  { return r.eng.Now() }
func (r *reader) HasCalendar(name string) bool      { _, ok := r.calendars[name]; return ok }

func (r *reader) ComplianceItems(n int32) []model.ComplianceItem { return r.sim().itemsOf(n) }

func (r *reader) Listed(n int32) bool {
	st := r.fleet.state[n]
	return st != nodeTerminated && st != nodePending
}

func (r *reader) Tags(resourceType, id string) ([]model.Tag, error) {
	tags, err := r.sim().taggable(resourceType, id)
	if err != nil {
		return nil, err
	}
	return *tags, nil
}

func (r *reader) Document(name string) (model.DocumentDescription, bool) {
	d, ok := r.documents[name]
	if !ok {
		return model.DocumentDescription{}, false
	}
	return d.desc, true
}

func (r *reader) CalendarState(names []string, at time.Time) (string, time.Time, bool) {
	state, next, changes, _ := r.sim().CalendarState(names, at)
	return string(state), next, changes
}
