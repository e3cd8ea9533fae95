package sim

import (
	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/filter"
	"github.com/ssmsim/ssmsim/sim/paging"
	"github.com/ssmsim/ssmsim/sim/ssmapi"
	"github.com/ssmsim/ssmsim/sim/status"
)

// instanceInfo describes node n as DescribeInstanceInformation does
// (package ssmapi renders it): its reachability, and its associations
// counted by their latest status on it.
func (s *Sim) instanceInfo(n int) model.InstanceInformation {
	f := s.fleet
	ns := ssmapi.NodeState{Number: n, ID: f.ID(n), Platform: f.Platform(n), Managed: f.kind[n] == KindManaged,
		Offline: f.state[n] == nodeOffline}
	for _, ai := range s.windows.at(int32(n)) { // only these can have run on n
		a := s.assocs[ai]
		ei, ri, ok := a.latest(int32(n))
		if a.deleted || !ok {
			continue
		}
		r := &s.execs[ei].records[ri]
		ns.Associations[r.status]++
		ns.LastRun = max(ns.LastRun, r.finished)
		if r.status == status.Success {
			ns.LastSuccess = max(ns.LastSuccess, r.finished)
		}
	}
	return ssmapi.Instance(&ns, s.eng.Now())
}

// DescribeInstanceInformation lists the fleet's managed nodes in fleet
// order (terminated and not-yet-joined nodes excluded), filtered by
// InstanceIds, PingStatus, PlatformTypes, ResourceType, AgentVersion or
// AssociationStatus (MaxResults 5..50).
func (s *Sim) DescribeInstanceInformation(in model.DescribeInstanceInformationInput) (*model.DescribeInstanceInformationOutput, error) {
	if err := s.checkRequest("DescribeInstanceInformation", in); err != nil {
		return nil, err
	}
	keep, err := filter.Instances(in)
	if err != nil {
		return nil, err
	}
	p, err := s.tokens().Open("DescribeInstanceInformation", "", in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	// In fleet order from the cursor's node: a page costs O(page), not O(fleet).
	f := paging.NewFill[model.InstanceInformation](p)
	for n := paging.SeekPad10(p.After); n < s.fleet.Len() && f.Visit(paging.Pad10(n)); n++ {
		if st := s.fleet.state[n]; st == nodeTerminated || st == nodePending {
			continue
		}
		info := s.instanceInfo(n)
		if keep(&info, s.fleet.Tags(n)) && !f.Offer(paging.Pad10(n)+"/", func() model.InstanceInformation { return info }) {
			break
		}
	}
	list, next := f.Done(s.tokens(), p)
	return &model.DescribeInstanceInformationOutput{InstanceInformationList: list, NextToken: next}, nil
}
