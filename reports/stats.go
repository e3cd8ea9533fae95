package reports

import (
	"math"
	"slices"
	"time"
)

// Quantiles are the p50, p90 and p99 of a sample of durations. An empty
// sample has no quantiles: its fields are NaN (printed "n/a"), never zero.
type Quantiles struct {
	N             int
	P50, P90, P99 float64 // seconds
}

// QuantilesOf computes quantiles of the sample (empirical, as gonum's
// stat.Quantile defines it: the p-quantile of n values is the
// (ceil(p*n)-1)-th smallest, 0-based). A sample containing NaN has NaN
// quantiles, as with stat.Quantile. The sample is reordered in place (it is
// partitioned around the three order statistics, not sorted); it is left
// untouched if it contains NaN.
func QuantilesOf(sample []float64) Quantiles {
	q := Quantiles{N: len(sample), P50: math.NaN(), P90: math.NaN(), P99: math.NaN()}
	if len(sample) == 0 || slices.ContainsFunc(sample, math.IsNaN) {
		return q
	}
	q.P50, q.P90, q.P99 = selectQuantiles(sample)
	return q
}

// quantileRanks are the 0-based order statistics of the p50, p90 and p99
// of n > 0 values.
func quantileRanks(n int) [3]int {
	return [3]int{empiricalIndex(0.50, n), empiricalIndex(0.90, n), empiricalIndex(0.99, n)}
}

// selectQuantiles returns the p50, p90 and p99 of a non-empty sample
// without NaN, reordering it: selected in O(n) rather than sorted in
// O(n log n); selectOrderStats partitions once for all three ranks,
// following only the sides that hold one.
func selectQuantiles[T ordered](sample []T) (p50, p90, p99 T) {
	ks := quantileRanks(len(sample))
	selectOrderStats(sample, ks[:])
	return sample[ks[0]], sample[ks[1]], sample[ks[2]]
}

// quantilesOfDurations is QuantilesOf of the durations' seconds, to the
// bit (making seconds keeps the order), with the selection done on the
// durations: no conversion per value. The sample is reordered in place.
func quantilesOfDurations(sample []time.Duration) Quantiles {
	q := Quantiles{N: len(sample), P50: math.NaN(), P90: math.NaN(), P99: math.NaN()}
	if len(sample) == 0 {
		return q
	}
	p50, p90, p99 := selectQuantiles(sample)
	q.P50, q.P90, q.P99 = p50.Seconds(), p90.Seconds(), p99.Seconds()
	return q
}

// formatSeconds prints a duration in seconds for humans; NaN is "n/a".
func formatSeconds(s float64) string {
	if math.IsNaN(s) {
		return "n/a"
	}
	return time.Duration(math.Round(s*1000) * float64(time.Millisecond)).String()
}

// ranked takes the quantiles of a sample of durations of known size that
// arrives in ascending order: the values at the quantiles' ranks, kept as
// they pass, made seconds only then (the conversion keeps the order, so
// these are QuantilesOf's of the seconds, to the bit). ok is false when
// the sample was not that size or not in order (then QuantilesOf must see
// it whole).
type ranked struct {
	n, seen, next int
	at            int // the rank the next value kept has: ks[next], or -1
	ks            [3]int
	vs            [3]time.Duration
	last          time.Duration
	sorted        bool
}

func newRanked(n int) ranked {
	r := ranked{n: n, sorted: true, last: math.MinInt64, at: -1}
	if n > 0 {
		r.ks = quantileRanks(n)
		r.at = r.ks[0]
	}
	return r
}

func (r *ranked) add(d time.Duration) {
	if d < r.last {
		r.sorted = false
	}
	r.last = d
	if r.seen == r.at {
		r.keep(d)
	}
	r.seen++
}

// keep records d, the value at rank seen, for every quantile at that rank.
func (r *ranked) keep(d time.Duration) {
	for r.next < 3 && r.ks[r.next] == r.seen {
		r.vs[r.next] = d
		r.next++
	}
	r.at = -1
	if r.next < 3 {
		r.at = r.ks[r.next]
	}
}

func (r *ranked) quantiles() (Quantiles, bool) {
	if !r.sorted || r.seen != r.n {
		return Quantiles{}, false
	}
	q := Quantiles{N: r.n, P50: math.NaN(), P90: math.NaN(), P99: math.NaN()}
	if r.n > 0 {
		q.P50, q.P90, q.P99 = r.vs[0].Seconds(), r.vs[1].Seconds(), r.vs[2].Seconds()
	}
	return q, true
}
