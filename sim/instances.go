package sim

import (
	"fmt"
	"strings"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/engine"
	"github.com/ssmsim/ssmsim/sim/filter"
	"github.com/ssmsim/ssmsim/sim/paging"
)

// AgentVersion is the SSM Agent version every virtual node reports.
const AgentVersion = "3.3.987.0"

var platformNames = map[model.PlatformType][2]string{
	model.PlatformLinux:   {"Amazon Linux", "2023"},
	model.PlatformWindows: {"Microsoft Windows Server 2022 Datacenter", "10.0.20348"},
	model.PlatformMacOS:   {"macOS", "14.4"},
}

// instanceInfo describes node n as DescribeInstanceInformation does: ping
// status from its reachability, association status from its latest runs.
func (s *Sim) instanceInfo(n int) model.InstanceInformation {
	f := s.fleet
	p := f.Platform(n)
	info := model.InstanceInformation{
		InstanceID: f.ID(n), PingStatus: "Online", LastPingDateTime: stamp(s.eng.Now()), AgentVersion: AgentVersion,
		IsLatestVersion: true, PlatformType: p, PlatformName: platformNames[p][0], PlatformVersion: platformNames[p][1],
		ResourceType: "EC2Instance",
		IPAddress:    fmt.Sprintf("10.%d.%d.%d", n>>16&0xff, n>>8&0xff, n&0xff),
	}
	info.ComputerName = "ip-" + strings.ReplaceAll(info.IPAddress, ".", "-") + ".ec2.internal"
	if f.kind[n] == KindManaged {
		info.ResourceType = "ManagedInstance"
	}
	if f.state[n] == nodeOffline {
		info.PingStatus = "ConnectionLost"
	}
	// Per the CLI example, the node's association overview counts its
	// associations by their latest status on it.
	var counts statusCounts
	var last, lastOK engine.Time
	for _, a := range s.assocs {
		ei, ri, ok := a.latest(int32(n))
		if a.deleted || !ok {
			continue
		}
		r := &s.execs[ei].records[ri]
		counts[r.status]++
		last = max(last, r.finished)
		if r.status == stSuccess {
			lastOK = max(lastOK, r.finished)
		}
	}
	if agg := counts.aggregated(); agg != nil {
		worst := "Success" // the most pressing status wins
		for _, st := range []status{stFailed, stTimedOut, stInProgress, stPending} {
			if counts[st] > 0 {
				worst = string(st.api())
				break
			}
		}
		info.AssociationStatus = worst
		info.AssociationOverview = &model.InstanceAggregatedAssociationOverview{DetailedStatus: worst, InstanceAssociationStatusAggregatedCount: agg}
		info.LastAssociationExecutionDate = stamp0(last)
		info.LastSuccessfulAssociationExecutionDate = stamp0(lastOK)
	}
	return info
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
