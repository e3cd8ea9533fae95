package sim

import (
	"slices"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/schedule"
	"github.com/ssmsim/ssmsim/sim/catalog"
	"github.com/ssmsim/ssmsim/sim/engine"
	"github.com/ssmsim/ssmsim/sim/ssmapi"
	"github.com/ssmsim/ssmsim/sim/status"
)

// version is one stored version of an association: the AssociationVersionInfo
// snapshot (UpdateAssociation replaces, never merges) plus the settings
// parsed from it and the members the model keeps outside that snapshot.
type version struct {
	info    model.AssociationVersionInfo
	alarm   *model.AlarmConfiguration
	conc    model.RateValue
	errs    model.RateValue
	hasErrs bool
	sched   *schedule.Schedule // nil: run once
	doc     *catalog.Document
	// docVersion is the document version the association runs: $DEFAULT
	// and $LATEST resolved to a number, as DescribeInstanceAssociationsStatus
	// and compliance Details show it (CLI examples: "DocumentVersion": "1").
	docVersion string

	// resolved is what the targets last resolved to, while the fleet is at
	// generation resolvedAt (read-only: executions share it).
	resolved    []int32
	resolvedAt  uint64
	hasResolved bool
}

// association is the control plane's record of one association.
type association struct {
	index    int32
	id       string
	versions []version
	created  engine.Time
	updated  engine.Time
	legacy   bool // created with the deprecated InstanceId member
	deleted  bool

	execs       []int32 // executions, oldest first
	reported    int32   // of execs, how many OnExecutionDone has seen
	forgotten   int32   // of execs, how many Retention has forgotten
	running     int32   // execution in progress, or -1
	pending     trigger // a start requested while one ran, or 0
	lastDone    int32   // newest finished execution, or -1
	lastExec    engine.Time
	lastSuccess engine.Time
	triggered   []model.AlarmStateInformation // of the newest finished execution
	joiners     []int32                       // new targets waiting for their own execution (D4)
	schedGen    int32                         // bumped by update and delete: older ticks are stale
	nextBase    engine.Time                   // the cron occurrence the next tick stands for
	spent       bool                          // a run-once association whose one run met a closed calendar (D8)
	tags        []model.Tag
	status      model.AssociationStatus // the legacy root Status (UpdateAssociationStatus)

	// Per node: the execution and record of the node's latest run, -1 if
	// none. A window of node numbers, [nodeBase, nodeBase+len(nodes)),
	// grown to the nodes the association has touched: an association of
	// 50 nodes in a fleet of 100,000 holds 50 entries, not 100,000.
	nodes    []nodeRef
	nodeBase int32
	windows  *windowIndex  // the simulation's, told when the window grows
	agg      status.Counts // nodes by latest status (D11)
}

// nodeRef is what an association remembers of one node: the execution and
// record of its latest run, and of the run deciding its compliance (-1:
// none). One 16-byte struct rather than four arrays, because completions
// arrive in random node order and each would otherwise miss the cache four
// times.
type nodeRef struct {
	exec, rec         int32 // refPending: a target that has not run the association yet
	compExec, compRec int32
}

// refPending marks a node targeted by an execution that has not run the
// association yet: its status is Pending (describe-association CLI
// example: Overview {"Pending": 1} before the node ran).
const refPending = -2

// noRef is a node the association has no run of.
var noRef = nodeRef{-1, -1, -1, -1}

// node returns node n's reference, growing the window to take n in.
func (a *association) node(n int32, fleetLen int) *nodeRef {
	if i := int(n) - int(a.nodeBase); i >= 0 && i < len(a.nodes) {
		return &a.nodes[i]
	}
	oldLo, oldHi := a.nodeBase, a.nodeBase+int32(len(a.nodes))
	switch {
	case len(a.nodes) == 0:
		a.nodeBase = n
		a.nodes = append(a.nodes, noRef)
	case n < a.nodeBase:
		front := make([]nodeRef, int(a.nodeBase-n), int(a.nodeBase-n)+len(a.nodes))
		for i := range front {
			front[i] = noRef
		}
		a.nodes, a.nodeBase = append(front, a.nodes...), n
	case int(n-a.nodeBase) >= len(a.nodes):
		want := int(n-a.nodeBase) + 1
		if cap(a.nodes) < want {
			// Double, within the fleet: a fleet-wide association grows
			// in a few steps, a small one stays small.
			a.nodes = slices.Grow(a.nodes, min(max(want, 2*len(a.nodes)), max(want, fleetLen-int(a.nodeBase)))-len(a.nodes))
		}
		for len(a.nodes) < want {
			a.nodes = append(a.nodes, noRef)
		}
	}
	if a.windows != nil {
		a.windows.grew(a.index, oldLo, oldHi, a.nodeBase, a.nodeBase+int32(len(a.nodes)))
	}
	return &a.nodes[n-a.nodeBase]
}

// cover grows the window to take in every node of targets at once: an
// execution's targets arrive together, and growing one node at a time
// would allocate the window of a fleet-wide association some twenty times
// (400 MB of copies at ten million nodes for a 160 MB window).
func (a *association) cover(targets []int32) {
	if len(targets) == 0 {
		return
	}
	lo, hi := targets[0], targets[0]
	for _, n := range targets[1:] {
		lo, hi = min(lo, n), max(hi, n)
	}
	oldLo, oldHi := a.nodeBase, a.nodeBase+int32(len(a.nodes))
	if len(a.nodes) > 0 {
		if lo >= oldLo && hi < oldHi {
			return
		}
		lo, hi = min(lo, oldLo), max(hi, oldHi-1)
	}
	nodes := make([]nodeRef, hi-lo+1)
	for i := range nodes {
		nodes[i] = noRef
	}
	if len(a.nodes) > 0 {
		copy(nodes[oldLo-lo:], a.nodes)
	}
	a.nodes, a.nodeBase = nodes, lo
	if a.windows != nil {
		a.windows.grew(a.index, oldLo, oldHi, lo, hi+1)
	}
}

// ref returns node n's reference, or nil outside the window.
func (a *association) ref(n int32) *nodeRef {
	i := int(n) - int(a.nodeBase)
	if i < 0 || i >= len(a.nodes) {
		return nil
	}
	return &a.nodes[i]
}

// latest returns node n's latest run, if it has one.
func (a *association) latest(n int32) (exec, rec int32, ok bool) {
	r := a.ref(n)
	if r == nil || r.exec < 0 {
		return 0, 0, false
	}
	return r.exec, r.rec, true
}

func (a *association) version() *version { return &a.versions[len(a.versions)-1] }

// runOnce reports whether the association has no schedule (D17).
func (a *association) runOnce() bool { return a.version().info.ScheduleExpression == "" }

// trigger says why an execution started.
type trigger uint8

const (
	triggerCreate trigger = iota + 1
	triggerManual
	triggerUpdate
	triggerTargetChange
	triggerSchedule
)

var triggerNames = [...]string{"", "create", "manual", "update", "target-change", "schedule"}

func (t trigger) String() string { return triggerNames[t] }

// CreateAssociation creates an association at the current virtual time and,
// unless ApplyOnlyAtCronInterval is set, queues its first execution at the
// same instant (after every control action of that instant).
func (s *Sim) CreateAssociation(in model.CreateAssociationInput) (*model.CreateAssociationOutput, error) {
	return ssmapi.CreateAssociation(s.read(), in)
}
