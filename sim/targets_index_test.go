package sim

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/model"
)

// scanResolve is resolve by its definition: every node, in fleet order.
func scanResolve(f *Fleet, ts []model.Target) []int32 {
	set := f.compile(ts)
	out := []int32{}
	for n := int32(0); n < int32(f.Len()); n++ {
		if set.matches(f, n) {
			out = append(out, n)
		}
	}
	return out
}

// Tag targets matching at most a quarter of the fleet are resolved
// through the tag sets' member lists, not by looking at every node; through joins, retags (to new and to existing
// tag sets), terminations and a snapshot restore, every target resolves
// to the nodes, in the order, that looking at every node gives.
func TestResolveTags_SameNodesAsTheScan(t *testing.T) {
	targets := [][]model.Target{
		{{Key: "tag:env", Values: []string{"prod"}}},
		{{Key: "tag:env", Values: []string{"prod", "dev"}}},
		{{Key: "tag:env", Values: []string{"prod"}}, {Key: "tag:team", Values: []string{"a"}}},
		{{Key: "tag-key", Values: []string{"team"}}},
		{{Key: "InstanceIds", Values: []string{"*"}}, {Key: "tag:team", Values: []string{"b", "c"}}},
		{{Key: "tag:env", Values: []string{"none"}}},
		// Few enough nodes (at most a quarter of the fleet) to go by the
		// tag sets' member lists:
		{{Key: "tag:env", Values: []string{"test"}}, {Key: "tag:team", Values: []string{"c"}}},
		{{Key: "tag:team", Values: []string{"x3", "x7", "x12", "x20", "c"}}, {Key: "tag:env", Values: []string{"prod"}}},
		{{Key: "InstanceIds", Values: []string{"*"}}, {Key: "tag:team", Values: []string{"x5", "a"}}, {Key: "tag:env", Values: []string{"dev"}}},
		{{Key: "TAG-KEY", Values: []string{"team"}}, {Key: "instanceids", Values: []string{"*"}}},
	}
	for seed := uint64(1); seed <= 6; seed++ {
		r := rand.New(rand.NewPCG(seed, 0x7a9))
		s, err := New(Config{Seed: seed})
		require.NoError(t, err)
		envs, teams := []string{"prod", "dev", "test"}, []string{"a", "b", "c", ""}
		tags := func() []model.Tag {
			tt := []model.Tag{{Key: "env", Value: envs[r.IntN(len(envs))]}}
			if team := teams[r.IntN(len(teams))]; team != "" {
				tt = append(tt, model.Tag{Key: "team", Value: team})
			}
			return tt
		}
		b := Behavior{Duration: Fixed(time.Minute)}
		for range 8 {
			_, err := s.AddNodes(NodeGroup{Count: 1 + r.IntN(300), Tags: tags(), Behavior: b})
			require.NoError(t, err)
		}
		check := func(x *Sim, when string) {
			ids := []model.Target{{Key: "InstanceIds", Values: []string{x.fleet.ID(0), x.fleet.ID(x.fleet.Len() / 2), "i-0123456789abcdef0"}}}
			for i, ts := range append(targets, ids) {
				want, got := scanResolve(x.fleet, ts), x.fleet.resolve(ts)
				if len(got) == 0 {
					got = []int32{}
				}
				if 4*len(want) <= x.fleet.Len() && len(want) > 0 && x.fleet.members == nil {
					failSeed(t, "TestResolveTags_SameNodesAsTheScan", seed, "%s, targets %d: %d of %d nodes resolved without the member lists", when, i, len(want), x.fleet.Len())
				}
				if !slicesEqual(want, got) {
					failSeed(t, "TestResolveTags_SameNodesAsTheScan", seed, "%s, targets %d: %d nodes, the scan %d", when, i, len(got), len(want))
				}
				set := x.fleet.compile(ts) // and node by node without compiling (DescribeEffectiveInstanceAssociations)
				for n := range int32(x.fleet.Len()) {
					if x.fleet.selects(ts, n) != set.matches(x.fleet, n) {
						failSeed(t, "TestResolveTags_SameNodesAsTheScan", seed, "%s, targets %d, node %d: selects %v, matches %v", when, i, n, x.fleet.selects(ts, n), set.matches(x.fleet, n))
					}
				}
			}
		}
		check(s, "first")
		for step := range 30 {
			at := s.Now().Add(time.Minute)
			n := s.fleet.Len()
			switch r.IntN(4) {
			case 0:
				_, err = s.AddNodesAt(at, NodeGroup{Count: 1 + r.IntN(50), Tags: tags(), Behavior: b})
			case 1:
				err = s.TerminateNodesAt(at, []int{r.IntN(n), r.IntN(n)})
			default:
				nodes := []int{r.IntN(n), r.IntN(n), r.IntN(n)}
				if r.IntN(3) == 0 { // a tag set never seen before
					err = s.SetNodeTagsAt(at, nodes, []model.Tag{{Key: "env", Value: "prod"}, {Key: "team", Value: "x" + strconv.Itoa(step)}})
				} else {
					err = s.SetNodeTagsAt(at, nodes, tags())
				}
			}
			require.NoError(t, err)
			s.RunUntil(at.Add(time.Second))
			check(s, "step "+strconv.Itoa(step))
		}
		restored, _ := snapshotRoundTrip(t, s, nil)
		check(restored, "restored")
	}
}

func slicesEqual(a, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
