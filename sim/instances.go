package sim

import (
	"github.com/ssmsim/ssmsim/sim/ssmapi"
	"github.com/ssmsim/ssmsim/sim/status"
)

// nodeState is node n as DescribeInstanceInformation shows it (package
// ssmapi renders it): its reachability, and its associations counted by
// their latest status on it.
func (s *Sim) nodeState(n int) ssmapi.NodeState {
	f := s.fleet
	ns := ssmapi.NodeState{Number: n, ID: f.ID(n), Platform: f.Platform(n), Managed: f.kind[n] == KindManaged,
		Offline: f.state[n] == nodeOffline}
	for _, ai := range s.windows.at(int32(n)) { // only these can have run on n
		a := s.assocs[ai]
		ei, ri, ok := a.latest(int32(n))
		if a.deleted || !ok {
			continue
		}
		e := s.execs[ei]
		r := &e.records[ri]
		ns.Associations[r.status]++
		fin := e.finishedAt(ri, r)
		ns.LastRun = max(ns.LastRun, fin)
		if r.status == status.Success {
			ns.LastSuccess = max(ns.LastSuccess, fin)
		}
	}
	return ns
}
