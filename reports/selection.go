package reports

import (
	"math"
	"math/bits"
	"slices"
)

// Selection of order statistics without sorting the whole sample.
//
// selectOrderStats is a deterministic multi-target introselect. Each step
// partitions the current range once (branch-free Lomuto, so random data
// costs no branch mispredictions) and continues only into the sides that
// still hold a wanted index, so the partitioning done for one index is
// reused for the others. Pivots come from fixed positions (median of 3,
// Tukey's ninther, or on long ranges the element of a 63-value sample at
// the target's rank), never from a random source. A side that fails to
// shrink below 7/8 of its range counts as a bad partition; after
// bits.Len(n) of them on one path the range is sorted with slices.Sort
// (pdqsort, O(m log m) worst case), so adversarial input costs O(n log n)
// at worst and typical input O(n): about 2.5 passes over the sample for
// the p50/p90/p99 triple.
//
// The values must not contain NaN: selection relies on < ordering them.

// ordered are the values selected: seconds, or durations (whose order
// statistics are taken before they are made seconds).
type ordered interface{ ~float64 | ~int64 }

// empiricalIndex is the 0-based order statistic that gonum's
// stat.Quantile(p, stat.Empirical, x, nil) returns for a sorted x of
// length n > 0: it walks i = 0, 1, ... and returns x[i] for the first i with
// float64(i+1) >= p*float64(n), i.e. i = ceil(p*n) - 1 with the product
// rounded as a float64 (clamped to [0, n-1]; p = 0 gives 0).
func empiricalIndex(p float64, n int) int {
	k := int(math.Ceil(p*float64(n))) - 1
	return min(max(k, 0), n-1)
}

const (
	selInsertionMax = 16   // ranges this short are insertion-sorted
	selNintherMin   = 128  // ranges this long take a ninther pivot, shorter ones a median of 3
	selSampleMin    = 1024 // ranges this long take a pivot from a sample aimed at the target
	selSample       = 63   // sample size for those
)

// selectOrderStats reorders a so that, for each k in ks, a[k] holds the
// value that a sorted copy of a holds at k, everything before a[k] is <= it
// and everything after is >= it. ks must be ascending (repeats allowed) and
// within [0, len(a)); a must not contain NaN.
func selectOrderStats[T ordered](a []T, ks []int) {
	if len(a) < 2 || len(ks) == 0 {
		return
	}
	selectRange(a, 0, len(a), ks, bits.Len(uint(len(a))))
}

// selectRange selects ks (absolute indices, all in [lo, hi)) within
// a[lo:hi]. When lo > 0, a[lo-1] is <= every value in a[lo:hi] (it is the
// pivot of the partition whose right side this range is, or a lower bound
// inherited from one). budget is how many more bad partitions the range
// may take before it is sorted outright.
func selectRange[T ordered](a []T, lo, hi int, ks []int, budget int) {
	for len(ks) > 0 {
		n := hi - lo
		if n <= selInsertionMax {
			selInsertionSort(a[lo:hi])
			return
		}
		if budget <= 0 {
			slices.Sort(a[lo:hi])
			return
		}
		// Aim at the smallest wanted index: for upper quantiles that
		// leaves the others in the right side, the shorter one.
		pi := selPivot(a, lo, hi, ks[0])
		v := a[pi]
		// After partitioning, a[lo:p0] < v, a[p0:p1] == v (in their
		// sorted places) and a[p1:hi] >= v.
		var p0, p1 int
		if lo > 0 && !(a[lo-1] < v) {
			// v is the least value of the range (a[lo-1] <= all of it):
			// gather the values equal to it at the front. Without this,
			// runs of equal values would shrink one element per partition.
			p0, p1 = lo, lo+selPartitionLE(a[lo:hi], v)
		} else {
			a[lo], a[pi] = a[pi], a[lo]
			m := lo + 1 + selPartitionLT(a[lo+1:hi], v)
			a[lo], a[m-1] = a[m-1], a[lo]
			p0, p1 = m-1, m
		}
		i := 0 // ks[:i] < p0
		for i < len(ks) && ks[i] < p0 {
			i++
		}
		j := i // ks[i:j] in [p0, p1): already in place
		for j < len(ks) && ks[j] < p1 {
			j++
		}
		left, right := ks[:i], ks[j:]
		lb, rb := budget, budget
		if p0-lo > n-n/8 {
			lb--
		}
		if hi-p1 > n-n/8 {
			rb--
		}
		// Recurse into the side with fewer wanted indices, loop on the other.
		if len(left) <= len(right) {
			if len(left) > 0 {
				selectRange(a, lo, p0, left, lb)
			}
			lo, ks, budget = p1, right, rb
		} else {
			if len(right) > 0 {
				selectRange(a, p1, hi, right, rb)
			}
			hi, ks, budget = p0, left, lb
		}
	}
}

// selPartitionLT moves the values of s less than v to its front and returns
// how many there are (a branch-free Lomuto partition: the comparison feeds
// an add, not a jump).
func selPartitionLT[T ordered](s []T, v T) int {
	lt := 0
	for i, x := range s {
		s[i] = s[lt]
		s[lt] = x
		d := 0
		if x < v {
			d = 1
		}
		lt += d
	}
	return lt
}

// selPartitionLE is selPartitionLT for values <= v.
func selPartitionLE[T ordered](s []T, v T) int {
	le := 0
	for i, x := range s {
		s[i] = s[le]
		s[le] = x
		d := 0
		if !(v < x) {
			d = 1
		}
		le += d
	}
	return le
}

// selPivot returns the index of a pivot for a[lo:hi] (hi-lo > 16) aimed at
// the order statistic k in [lo, hi). Short ranges take the median of the
// elements at 1/4, 1/2 and 3/4, or Tukey's ninther (the median of three
// medians of 3 over evenly spaced positions); long ones sort a sample of evenly spaced elements and
// take the one at k's relative rank, moved two standard errors towards
// the middle of the range when k is in the outer quarters, so that k most
// likely ends up in the short side.
func selPivot[T ordered](a []T, lo, hi, k int) int {
	n := hi - lo
	mid := lo + n/2
	if n < selNintherMin {
		// Not the first and last elements: a branch-free Lomuto
		// partition leaves the right side of sorted input as
		// [max, the rest in order], on which they pick the maximum's
		// neighbour every time.
		return selMedian3(a, lo+n/4, mid, hi-1-n/4)
	}
	if n < selSampleMin {
		s := n / 8
		return selMedian3(a,
			selMedian3(a, lo, lo+s, lo+2*s),
			selMedian3(a, mid-s, mid, mid+s),
			selMedian3(a, hi-1-2*s, hi-1-s, hi-1))
	}
	pos := func(i int) int { return lo + (2*i+1)*n/(2*selSample) }
	var sample [selSample]T
	for i := range sample {
		sample[i] = a[pos(i)]
	}
	r := (float64(k-lo) + 0.5) / float64(n) // k's relative rank
	q := r
	if se := math.Sqrt(r * (1 - r) / selSample); r < 0.25 {
		q = r + 2*se
	} else if r > 0.75 {
		q = r - 2*se
	}
	j := min(max(int(q*(selSample+1))-1, 0), selSample-1)
	selectOrderStats(sample[:], []int{j}) // the one order statistic of the sample wanted, not all of them sorted
	v := sample[j]
	for i := range selSample {
		if p := pos(i); a[p] == v {
			return p
		}
	}
	panic("reports: pivot not in its sample")
}

// selMedian3 returns whichever of i, j, k indexes the median of their values.
func selMedian3[T ordered](a []T, i, j, k int) int {
	if a[j] < a[i] {
		i, j = j, i
	}
	// a[i] <= a[j]
	if a[k] < a[j] {
		if a[k] < a[i] {
			return i
		}
		return k
	}
	return j
}

func selInsertionSort[T ordered](a []T) {
	for i := 1; i < len(a); i++ {
		v := a[i]
		j := i
		for ; j > 0 && v < a[j-1]; j-- {
			a[j] = a[j-1]
		}
		a[j] = v
	}
}
