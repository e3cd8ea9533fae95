package sim

import "slices"

// windowBlockShift sizes the blocks of windowIndex: 1,024 node numbers.
const windowBlockShift = 10

// windowIndex finds the associations that may hold a run of a node
// without looking at every association: for each block of 1,024 node
// numbers, the associations whose node window (association.nodes)
// overlaps it, in association order. A node's statuses then cost its own
// associations, not all of them (DescribeInstanceAssociationsStatus over
// 2,000 associations of 50 nodes each looks at about 20, not 2,000).
// Windows only grow, so the index only gains entries; it holds one int32
// per association per block its window spans.
type windowIndex struct {
	blocks [][]int32
}

// grew records that association a's window went from [oldLo, oldHi) to
// [lo, hi) (oldLo == oldHi: it had none).
func (x *windowIndex) grew(a, oldLo, oldHi, lo, hi int32) {
	first, last := lo>>windowBlockShift, (hi-1)>>windowBlockShift
	if oldLo == oldHi {
		x.add(a, first, last)
		return
	}
	x.add(a, first, oldLo>>windowBlockShift-1)
	x.add(a, (oldHi-1)>>windowBlockShift+1, last)
}

// add puts a into blocks first..last, keeping each block's list sorted.
func (x *windowIndex) add(a, first, last int32) {
	for b := first; b <= last; b++ {
		for int(b) >= len(x.blocks) {
			x.blocks = append(x.blocks, nil)
		}
		if i, found := slices.BinarySearch(x.blocks[b], a); !found {
			x.blocks[b] = slices.Insert(x.blocks[b], i, a)
		}
	}
}

// at lists, in association order, the associations whose window may
// include node n; the caller must not change the slice.
func (x *windowIndex) at(n int32) []int32 {
	if b := int(n >> windowBlockShift); b < len(x.blocks) {
		return x.blocks[b]
	}
	return nil
}
