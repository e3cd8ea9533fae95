package sim

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ssmsim/ssmsim/model"
)

// Target keys State Manager accepts for managed nodes (CreateAssociation
// API reference: InstanceIds, tag:<key>, tag-key, resource-groups:Name).
const (
	targetKeyInstanceIDs = "instanceids"
	targetKeyTagPrefix   = "tag:"
	targetKeyTagKey      = "tag-key"
)

// matcher tests one target against a node.
type matcher struct {
	all     bool           // InstanceIds *
	ids     map[int32]bool // InstanceIds list
	order   []int32        // the list's nodes in the order given
	tagKey  string         // tag:<key>; "" for tag-key
	values  []string       // accepted tag values, or keys for tag-key
	isTagKy bool
	setHit  []int8 // per tag set: 0 unknown, 1 match, -1 no match
}

func (m *matcher) match(f *Fleet, n int32) bool {
	switch {
	case m.all:
		return true
	case m.ids != nil:
		return m.ids[n]
	}
	return m.matchSet(f, f.tagSet[n])
}

// matchSet reports whether a node with tag set ts matches a tag target.
func (m *matcher) matchSet(f *Fleet, ts uint32) bool {
	if int(ts) >= len(m.setHit) {
		m.setHit = append(m.setHit, make([]int8, len(f.tagSets)-len(m.setHit))...)
	}
	if m.setHit[ts] == 0 {
		m.setHit[ts] = -1
		if tagsMatch(f.tagSets[ts], m.isTagKy, m.tagKey, m.values) {
			m.setHit[ts] = 1
		}
	}
	return m.setHit[ts] == 1
}

// tagsMatch reports whether a node's tags satisfy one tag target: a
// tag-key target (isTagKey) one of whose values is a key of theirs, or
// tag:<key> with one of its values.
func tagsMatch(tags []model.Tag, isTagKey bool, key string, values []string) bool {
	for _, tag := range tags {
		if isTagKey && contains(values, tag.Key) || !isTagKey && tag.Key == key && contains(values, tag.Value) {
			return true
		}
	}
	return false
}

func contains(vs []string, s string) bool {
	for _, v := range vs {
		if v == s {
			return true
		}
	}
	return false
}

// targetSet is a compiled list of targets: all must match (AND).
type targetSet struct {
	ms    []*matcher
	order []int32 // an explicit InstanceIds list's order, or nil
}

// matches reports whether node n (in the fleet, not terminated) is selected.
func (t *targetSet) matches(f *Fleet, n int32) bool {
	if f.state[n] == nodeTerminated || f.state[n] == nodePending {
		return false
	}
	for _, m := range t.ms {
		if !m.match(f, n) {
			return false
		}
	}
	return true
}

// selects reports whether targets ts select node n — what
// compile(ts).matches(f, n) answers, without compiling: a node's effective
// associations ask it of every association, and compiling each allocated.
func (f *Fleet) selects(ts []model.Target, n int32) bool {
	if f.state[n] == nodeTerminated || f.state[n] == nodePending {
		return false
	}
	for _, t := range ts {
		switch {
		case keyIs(t.Key, targetKeyInstanceIDs) && contains(t.Values, "*"):
		case keyIs(t.Key, targetKeyInstanceIDs):
			found := false
			for _, id := range t.Values {
				if m, ok := f.Lookup(id); ok && int32(m) == n {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		case keyIs(t.Key, targetKeyTagKey):
			if !tagsMatch(f.tagSets[f.tagSet[n]], true, "", t.Values) {
				return false
			}
		default: // tag:<key>
			if !tagsMatch(f.tagSets[f.tagSet[n]], false, t.Key[len(targetKeyTagPrefix):], t.Values) {
				return false
			}
		}
	}
	return true
}

// keyIs reports whether strings.ToLower(key) == lower, without building
// the lowered string for an ASCII key.
func keyIs(key, lower string) bool {
	if !isASCII(key) {
		return strings.ToLower(key) == lower
	}
	if len(key) != len(lower) {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// resolve returns the nodes the targets select, in dispatch order: when a
// target is an explicit InstanceIds list, the nodes in the order listed
// (duplicates and unknown IDs dropped); otherwise fleet order. Several
// targets must all match (AND), as the user guide describes for several tag
// keys.
func (f *Fleet) resolve(ts []model.Target) []int32 {
	set := f.compile(ts)
	var out []int32
	if set.order != nil {
		for _, n := range set.order {
			if set.matches(f, n) {
				out = append(out, n)
			}
		}
		return out
	}
	if set.byTags() {
		if sets, few := f.fewMatch(set); few {
			return f.resolveTags(sets)
		}
	}
	out = make([]int32, 0, f.Len()) // usually most of the fleet: sized once
	for n := int32(0); n < int32(f.Len()); n++ {
		if set.matches(f, n) {
			out = append(out, n)
		}
	}
	return out
}

// byTags reports whether the targets are tags (with, perhaps,
// InstanceIds *), so that their nodes can be found by tag set.
func (t *targetSet) byTags() bool {
	tags := false
	for _, m := range t.ms {
		if m.ids != nil {
			return false
		}
		tags = tags || !m.all
	}
	return tags
}

// resolveTags finds the nodes of tag targets through the tag sets they
// match, not by looking at every node: what a fleet of many small tag
// groups costs its executions. The same nodes in the same order as the
// scan.
func (f *Fleet) resolveTags(sets []uint32) []int32 {
	if f.members == nil {
		f.indexMembers()
	}
	var lists [][]int32
	total := 0
	for _, ts := range sets {
		if int(ts) < len(f.members) && len(f.members[ts]) > 0 {
			lists, total = append(lists, f.members[ts]), total+len(f.members[ts])
		}
	}
	out := make([]int32, 0, total)
	for _, l := range lists {
		for _, n := range l {
			if st := f.state[n]; st != nodeTerminated && st != nodePending {
				out = append(out, n)
			}
		}
	}
	if len(lists) > 1 {
		slices.Sort(out) // fleet order across tag sets
	}
	return out
}

// fewMatch lists the tag sets the targets match, and whether they hold
// at most a quarter of the fleet: below that, their member lists find the
// nodes faster than looking at every node; above, the scan is as fast and
// needs no index (a fleet-wide tag never builds one).
func (f *Fleet) fewMatch(set *targetSet) ([]uint32, bool) {
	var sets []uint32
	total := 0
	for ts := range f.tagSets {
		hit := true
		for _, m := range set.ms {
			if !m.all && !m.matchSet(f, uint32(ts)) {
				hit = false
				break
			}
		}
		if hit && ts < len(f.setSize) && f.setSize[ts] > 0 {
			sets, total = append(sets, uint32(ts)), total+int(f.setSize[ts])
		}
	}
	return sets, 4*total <= f.Len()
}

// compile turns targets into matchers.
func (f *Fleet) compile(ts []model.Target) *targetSet {
	ms := make([]*matcher, 0, len(ts))
	var order []int32
	for _, t := range ts {
		m := &matcher{}
		switch {
		case keyIs(t.Key, targetKeyInstanceIDs) && contains(t.Values, "*"):
			m.all = true
		case keyIs(t.Key, targetKeyInstanceIDs):
			m.ids = map[int32]bool{}
			for _, id := range t.Values {
				if n, ok := f.Lookup(id); ok && !m.ids[int32(n)] {
					m.ids[int32(n)] = true
					m.order = append(m.order, int32(n))
				}
			}
			if order == nil {
				order = m.order
			}
		case keyIs(t.Key, targetKeyTagKey):
			m.isTagKy, m.values = true, t.Values
		default:
			m.tagKey, m.values = t.Key[len(targetKeyTagPrefix):], t.Values
		}
		ms = append(ms, m)
	}
	return &targetSet{ms: ms, order: order}
}
