package sim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/ssmsim/ssmsim/model"
)

// IDKind is the kind of managed node ID: EC2 instances ("i-") or hybrid
// managed nodes ("mi-").
type IDKind uint8

// IDKind values.
const (
	KindEC2     IDKind = iota // i- followed by 17 hex digits
	KindManaged               // mi- followed by 17 hex digits
)

// NodeGroup describes nodes to add to the fleet: Count alike nodes.
type NodeGroup struct {
	Count    int
	Kind     IDKind
	Tags     []model.Tag
	Platform model.PlatformType
	Behavior Behavior
	Override Override
}

// Fleet is the virtual managed-node fleet. Node state lives in parallel
// slices indexed by node number (the order nodes joined), so a node costs a
// few dozen bytes and nothing is keyed by string. Node IDs are not stored:
// they are a seeded bijection of the node number, and an ID maps back to
// its number by the inverse.
type Fleet struct {
	idKey     uint64
	streams   Streams
	tagSets   [][]model.Tag // each sorted by key
	behaviors []Behavior
	behaviorN map[Behavior]uint16 // interned: groups with one behaviour share its entry
	samplers  []behaviorSamplers  // per behaviour, its distributions ready to draw
	platforms []model.PlatformType

	// members lists each tag set's nodes in fleet order: built on the
	// first resolution of tag targets that match few nodes (fewMatch; a
	// fleet-wide rollout never needs it), then kept as nodes join and
	// are retagged.
	members [][]int32
	// setSize counts each tag set's nodes, so that a resolution can tell
	// whether its tag sets hold few enough nodes for members to pay.
	setSize []int32

	kind     []IDKind
	tagSet   []uint32
	behavior []uint16
	platform []uint8
	override []Override
	state    []nodeState
	rng      []rand.PCG

	// gen counts the changes that can change what targets resolve to
	// (nodes added, retagged, joining, leaving), so that a resolution can
	// be reused while it is 0 changes old.
	gen uint64
}

// nodeState is whether a node is reachable and still in the fleet.
type nodeState uint8

const (
	nodeOnline     nodeState = iota
	nodeOffline              // runs sent to it are Undeliverable (D7)
	nodeTerminated           // gone: never a target again
	nodePending              // scheduled to join later
)

func newFleet(streams Streams) *Fleet {
	return &Fleet{streams: streams, idKey: mix(streams.Seed() ^ streamNodeID)}
}

// Len is the number of nodes.
func (f *Fleet) Len() int { return len(f.kind) }

// Add appends a group of nodes and returns the number of the first.
func (f *Fleet) Add(g NodeGroup) (int, error) {
	if g.Count < 0 {
		return 0, fmt.Errorf("node group: count %d is negative", g.Count)
	}
	if g.Kind > KindManaged {
		return 0, fmt.Errorf("node group: unknown ID kind %d", g.Kind)
	}
	if g.Platform == "" {
		g.Platform = model.PlatformLinux
	}
	if !slices.Contains(model.PlatformType("").Values(), g.Platform) {
		return 0, fmt.Errorf("node group: platform %q is not one of Windows, Linux, MacOS", g.Platform)
	}
	if g.Behavior.Timeout == 0 {
		g.Behavior.Timeout = DefaultTimeout
	}
	if err := g.Behavior.Validate(); err != nil {
		return 0, fmt.Errorf("node group: %w", err)
	}
	if g.Override > OverrideOffline {
		return 0, fmt.Errorf("node group: unknown override %d", g.Override)
	}
	ts, err := f.internTags(g.Tags)
	if err != nil {
		return 0, err
	}
	b, ok := f.behaviorN[g.Behavior]
	if !ok {
		if len(f.behaviors) >= 1<<16 {
			return 0, fmt.Errorf("node group: more than %d distinct behaviours", 1<<16)
		}
		if f.behaviorN == nil {
			f.behaviorN = map[Behavior]uint16{}
		}
		b = uint16(len(f.behaviors))
		f.behaviors = append(f.behaviors, g.Behavior)
		f.samplers = append(f.samplers, g.Behavior.samplers())
		f.behaviorN[g.Behavior] = b
	}
	p := uint8(slices.Index(f.platformsTable(), g.Platform))

	first := f.Len()
	f.kind, f.tagSet, f.behavior = slices.Grow(f.kind, g.Count), slices.Grow(f.tagSet, g.Count), slices.Grow(f.behavior, g.Count)
	f.platform, f.override, f.state = slices.Grow(f.platform, g.Count), slices.Grow(f.override, g.Count), slices.Grow(f.state, g.Count)
	f.rng = slices.Grow(f.rng, g.Count)
	f.gen++
	for i := 0; i < g.Count; i++ {
		n := first + i
		f.kind = append(f.kind, g.Kind)
		f.tagSet = append(f.tagSet, ts)
		f.countSet(ts, 1)
		if f.members != nil {
			f.addMember(ts, int32(n))
		}
		f.behavior = append(f.behavior, b)
		f.platform = append(f.platform, p)
		f.override = append(f.override, g.Override)
		f.state = append(f.state, nodeOnline)
		// A per-node stream keyed by node number: draws of one node never
		// shift another's.
		f.rng = append(f.rng, rand.PCG{})
		f.streams.seedPCG(&f.rng[n], streamNode, uint64(n))
	}
	return first, nil
}

func (f *Fleet) platformsTable() []model.PlatformType {
	if f.platforms == nil {
		f.platforms = model.PlatformType("").Values()
	}
	return f.platforms
}

func (f *Fleet) internTags(tags []model.Tag) (uint32, error) {
	set := slices.Clone(tags)
	slices.SortFunc(set, func(a, b model.Tag) int { return strings.Compare(a.Key, b.Key) })
	for i := range set {
		if set[i].Key == "" || len(set[i].Key) > 128 || len(set[i].Value) > 256 {
			return 0, fmt.Errorf("node group: tag %q=%q: keys are 1..128 characters, values 0..256", set[i].Key, set[i].Value)
		}
		if i > 0 && set[i].Key == set[i-1].Key {
			return 0, fmt.Errorf("node group: tag key %q appears twice", set[i].Key)
		}
	}
	for i, s := range f.tagSets {
		if slices.Equal(s, set) {
			return uint32(i), nil
		}
	}
	f.tagSets = append(f.tagSets, set)
	return uint32(len(f.tagSets) - 1), nil
}

// ID is node n's managed node ID.
func (f *Fleet) ID(n int) string {
	num := mix(uint64(n) ^ f.idKey)
	prefix := "i-0"
	if f.kind[n] == KindManaged {
		prefix = "mi-0"
	}
	s := strconv.FormatUint(num, 16)
	return prefix + strings.Repeat("0", 16-len(s)) + s
}

// Lookup returns the number of the node with the given ID.
func (f *Fleet) Lookup(id string) (int, bool) {
	var kind IDKind
	var hex string
	switch {
	case strings.HasPrefix(id, "i-0") && len(id) == 19:
		kind, hex = KindEC2, id[3:]
	case strings.HasPrefix(id, "mi-0") && len(id) == 20:
		kind, hex = KindManaged, id[4:]
	default:
		return 0, false
	}
	if strings.ToLower(hex) != hex {
		return 0, false
	}
	num, err := strconv.ParseUint(hex, 16, 64)
	if err != nil {
		return 0, false
	}
	n := unmix(num) ^ f.idKey
	if n >= uint64(f.Len()) || f.kind[n] != kind {
		return 0, false
	}
	return int(n), true
}

// Tags returns node n's tags, sorted by key. The slice is shared: don't modify it.
func (f *Fleet) Tags(n int) []model.Tag { return f.tagSets[f.tagSet[n]] }

// Platform is node n's platform.
func (f *Fleet) Platform(n int) model.PlatformType { return f.platformsTable()[f.platform[n]] }

// Behavior is node n's behaviour profile.
func (f *Fleet) Behavior(n int) Behavior { return f.behaviors[f.behavior[n]] }

// Online reports whether node n is reachable (not offline, not terminated).
func (f *Fleet) Online(n int) bool { return f.state[n] == nodeOnline }

// Terminated reports whether node n has left the fleet.
func (f *Fleet) Terminated(n int) bool { return f.state[n] == nodeTerminated }

// setTags replaces node n's tags.
func (f *Fleet) setTags(n int, tags []model.Tag) error {
	ts, err := f.internTags(tags)
	if err != nil {
		return err
	}
	if f.tagSet[n] != ts {
		f.countSet(f.tagSet[n], -1)
		f.countSet(ts, 1)
	}
	if f.members != nil && f.tagSet[n] != ts {
		old := f.members[f.tagSet[n]]
		if i, found := slices.BinarySearch(old, int32(n)); found {
			f.members[f.tagSet[n]] = slices.Delete(old, i, i+1)
		}
		f.addMember(ts, int32(n))
	}
	f.tagSet[n] = ts
	f.gen++
	return nil
}

// addMember puts node n into tag set ts's members, in fleet order.
func (f *Fleet) addMember(ts uint32, n int32) {
	for int(ts) >= len(f.members) {
		f.members = append(f.members, nil)
	}
	m := f.members[ts]
	if len(m) == 0 || m[len(m)-1] < n { // joining nodes come last
		f.members[ts] = append(m, n)
		return
	}
	if i, found := slices.BinarySearch(m, n); !found {
		f.members[ts] = slices.Insert(m, i, n)
	}
}

// countSet adds d to tag set ts's node count.
func (f *Fleet) countSet(ts uint32, d int32) {
	for int(ts) >= len(f.setSize) {
		f.setSize = append(f.setSize, 0)
	}
	f.setSize[ts] += d
}

// indexMembers builds members from the nodes' tag sets, each list sized
// once.
func (f *Fleet) indexMembers() {
	f.members = make([][]int32, len(f.tagSets))
	for ts := range f.members {
		if ts < len(f.setSize) {
			f.members[ts] = make([]int32, 0, f.setSize[ts])
		}
	}
	for n, ts := range f.tagSet {
		f.members[ts] = append(f.members[ts], int32(n))
	}
}

// Override is node n's outcome override.
func (f *Fleet) Override(n int) Override { return f.override[n] }

// SetOverride pins node n's outcome from now on (OverrideNone releases it).
func (f *Fleet) SetOverride(n int, o Override) error {
	if n < 0 || n >= f.Len() {
		return fmt.Errorf("fleet: no node %d (fleet has %d)", n, f.Len())
	}
	if o > OverrideOffline {
		return fmt.Errorf("fleet: unknown override %d", o)
	}
	f.override[n] = o
	return nil
}
