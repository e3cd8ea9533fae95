package ssmapi

import (
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/engine"
	"github.com/ssmsim/ssmsim/sim/filter"
	"github.com/ssmsim/ssmsim/sim/paging"
)

// Core is the simulation as the read operations see it: a read-only query
// interface over its associations, executions and nodes. Associations and
// executions are named by their index (creation order), a node by its
// number in the fleet. Nothing here changes what a simulation will do.
type Core interface {
	// Check applies the service model's constraints to a request, as the
	// wire does (model/validate).
	Check(operation string, in any) error
	// Tokens are the simulation's NextTokens.
	Tokens() paging.Tokens

	// AssociationCount is how many associations were ever created,
	// deleted ones included.
	AssociationCount() int
	// AssociationIndex finds a live association by AssociationId.
	AssociationIndex(id string) (int32, bool)
	// LegacyAssociation finds a live association created with InstanceId
	// by its document name and instance.
	LegacyAssociation(name, instanceID string) (int32, bool)
	// Deleted reports whether association a was deleted.
	Deleted(a int32) bool
	// AssociationID is association a's AssociationId; Association its
	// runtime state.
	AssociationID(a int32) string
	Association(a int32) AssociationState
	// Versions is how many versions association a has; Version(a, i) the
	// i-th, oldest first (the current one is Versions(a)-1).
	Versions(a int32) int
	Version(a int32, i int) VersionState
	// FilterFacts is what a ListAssociations filter can ask of a.
	FilterFacts(a int32) filter.Association
	// Selects reports whether association a's current targets select
	// node n; Content is the document content its current version runs.
	Selects(a, n int32) bool
	Content(a int32) string

	// Executions lists association a's executions, oldest first, as
	// ascending execution indexes.
	Executions(a int32) []int32
	// Execution is execution e's state; false once retention forgot it
	// (D19).
	Execution(e int32) (ExecutionState, bool)
	// ExecutionIndex finds association a's execution by ExecutionId
	// (one retention forgot is not found).
	ExecutionIndex(a int32, id string) (int32, bool)
	// TargetsByID lists execution e's rows ordered by ResourceId (a node
	// dispatched twice in dispatch order); TargetID is row r's ResourceId
	// and Target the row.
	TargetsByID(e int32) []int32
	TargetID(e, r int32) string
	Target(e, r int32) TargetState

	// Node finds a managed node by InstanceId (in any spelling the
	// service accepts); NodeID is its InstanceId as the fleet spells it;
	// Terminated reports whether it was terminated.
	Node(id string) (int32, bool)
	NodeID(n int32) string
	Terminated(n int32) bool
	// NodeAssociations lists, in creation order, the associations that
	// may have run on node n (others certainly have not).
	NodeAssociations(n int32) []int32
	// LatestRun is node n's latest run of association a: the version it
	// ran and its row.
	LatestRun(a, n int32) (VersionState, TargetState, bool)

	// Nodes is the fleet's size, joined or not; Listed reports whether
	// node n is one DescribeInstanceInformation lists (joined, not
	// terminated).
	Nodes() int
	Listed(n int32) bool
	// NodeInfo is node n's state, its associations counted by their
	// latest status on it; NodeTags are its tags.
	NodeInfo(n int32) NodeState
	NodeTags(n int32) []model.Tag
	// Now is the virtual clock's instant.
	Now() engine.Time
	// ComplianceItems lists node n's compliance items sorted by
	// (ComplianceType, Id): those PutComplianceItems stored merged with
	// the AUTO associations' own.
	ComplianceItems(n int32) []model.ComplianceItem

	// Tags is the tag list of an association or of a document created in
	// the simulation (InvalidResourceType or InvalidResourceId otherwise).
	Tags(resourceType, id string) ([]model.Tag, error)
	// Document is a document created in the simulation, by name.
	Document(name string) (model.DocumentDescription, bool)
	// HasCalendar reports whether a Change Calendar of that name exists;
	// CalendarState is the combined state of existing calendars at an
	// instant, and its next change if it has one.
	HasCalendar(name string) bool
	CalendarState(names []string, at time.Time) (state string, next time.Time, changes bool)
}
