package reports

import (
	"math"
	"slices"
	"time"
)

// Run-time quantiles of an execution too large to keep its run times.
//
// An execution's p50/p90/p99 run times are exact order statistics. Up to
// keepMax run times are kept and selected from. Past that, keeping them
// would cost more fresh memory than the rest of the statistics (80 MB at
// ten million targets), so a sample of them is kept instead; it brackets
// each quantile, and a second reading of the runs counts the run times
// below each bracket and keeps only those inside it, among which the
// quantile is selected. A rank outside its bracket (the sample misled)
// falls back to keeping every run time on a third reading: the result is
// the same order statistic whichever way it was found.

// keepMax is the most run times an execution keeps (8 MB); tests lower
// it. sampleSize is about how many run times a larger one samples.
var keepMax, sampleSize = 1 << 20, 1 << 16

// bracket is a range of run times [lo, hi).
type bracket struct{ lo, hi time.Duration }

// classifier counts, for each of three brackets, the values below it and
// inside it, and keeps those inside it (unless the bracket holds one value
// only), up to limit kept in all.
type classifier struct {
	br    [3]bracket
	below [3]int
	count [3]int // values inside each bracket
	in    *[3][]time.Duration
	limit int
	over  bool // more than limit values were to be kept
}

func newClassifier(br [3]bracket, in *[3][]time.Duration, limit int) classifier {
	for i := range in {
		in[i] = in[i][:0]
	}
	return classifier{br: br, in: in, limit: limit}
}

// add classifies vals, a few thousand at a time so that brackets that
// hold too much are given up early.
func (c *classifier) add(vals []time.Duration) {
	for len(vals) > 0 && !c.over {
		n := min(len(vals), 4096)
		c.addChunk(vals[:n])
		vals = vals[n:]
	}
}

func (c *classifier) addChunk(vals []time.Duration) {
	lo0, lo1, lo2 := c.br[0].lo, c.br[1].lo, c.br[2].lo
	// Unsigned differences test lo <= d < hi with one comparison, for any
	// lo <= hi (the order of int64s is that of their uint64s shifted by
	// 2^63, which a difference does not see).
	w0, w1, w2 := uint64(c.br[0].hi-lo0), uint64(c.br[1].hi-lo1), uint64(c.br[2].hi-lo2)
	b0, b1, b2 := c.below[0], c.below[1], c.below[2]
	k0, k1, k2 := c.count[0], c.count[1], c.count[2]
	in0, in1, in2 := c.in[0], c.in[1], c.in[2]
	for _, d := range vals {
		if d < lo0 {
			b0++
		}
		if d < lo1 {
			b1++
		}
		if d < lo2 {
			b2++
		}
		if uint64(d-lo0) < w0 {
			k0++
			if w0 > 1 {
				in0 = append(in0, d)
			}
		}
		if uint64(d-lo1) < w1 {
			k1++
			if w1 > 1 {
				in1 = append(in1, d)
			}
		}
		if uint64(d-lo2) < w2 {
			k2++
			if w2 > 1 {
				in2 = append(in2, d)
			}
		}
	}
	c.below, c.count = [3]int{b0, b1, b2}, [3]int{k0, k1, k2}
	c.in[0], c.in[1], c.in[2] = in0, in1, in2
	if len(in0)+len(in1)+len(in2) > c.limit {
		c.over = true
	}
}

// result is the values at ranks ks of everything added, or false when one
// of them is not inside its bracket. It reorders the kept values.
func (c *classifier) result(ks [3]int) (vs [3]time.Duration, ok bool) {
	if c.over {
		return vs, false
	}
	for i, k := range ks {
		r := k - c.below[i]
		switch {
		case r < 0 || r >= c.count[i]:
			return vs, false
		case c.br[i].hi-c.br[i].lo == 1:
			vs[i] = c.br[i].lo
		default:
			selectOrderStats(c.in[i], []int{r})
			vs[i] = c.in[i][r]
		}
	}
	return vs, true
}

// sampleBrackets are brackets around ranks ks of n values, from sample,
// an evenly spaced sample of them: five standard errors of the sample's
// rank either side. The sample is reordered.
func sampleBrackets(sample []time.Duration, n int, ks [3]int) [3]bracket {
	m := len(sample)
	var at [6]int
	for i, k := range ks {
		p := (float64(k) + 0.5) / float64(n)
		j := int(p * float64(m))
		w := int(5*math.Sqrt(float64(m)*p*(1-p))) + 2
		at[2*i], at[2*i+1] = j-w, j+w
	}
	var room [6]int
	ranks := room[:0]
	for _, r := range at {
		if r >= 0 && r < m {
			ranks = append(ranks, r)
		}
	}
	slices.Sort(ranks)
	selectOrderStats(sample, ranks)
	var br [3]bracket
	for i := range br {
		br[i] = bracket{math.MinInt64, math.MaxInt64}
		if r := at[2*i]; r >= 0 && r < m {
			br[i].lo = sample[r]
		}
		if r := at[2*i+1]; r >= 0 && r < m {
			br[i].hi = sample[r] + 1
		}
	}
	return br
}

// sample moves the run times taken so far to the sample, every every-th.
func (f *runFigures) sample() {
	sc := f.sc
	for _, d := range sc.run {
		if f.runs%f.every == 0 {
			sc.sample = append(sc.sample, d)
		}
		f.runs++
	}
	sc.run = sc.run[:0]
}

// runTime is the quantiles of the execution's run times: those kept in
// sc.run, or, when they were sampled, those reread hands over again (in
// any number of slices).
func (f *runFigures) runTime(reread func(func([]time.Duration))) Quantiles {
	sc := f.sc
	n := len(sc.run)
	if f.every != 0 {
		n = f.runs
	}
	q := Quantiles{N: n, P50: math.NaN(), P90: math.NaN(), P99: math.NaN()}
	if n == 0 {
		return q
	}
	ks := quantileRanks(n)
	var vs [3]time.Duration
	ok := false
	if f.every != 0 {
		c := newClassifier(sampleBrackets(sc.sample, n, ks), &sc.in, keepMax)
		reread(c.add)
		if vs, ok = c.result(ks); !ok {
			reread(func(d []time.Duration) { sc.run = append(sc.run, d...) })
		}
	}
	if !ok {
		selectOrderStats(sc.run, ks[:])
		vs = [3]time.Duration{sc.run[ks[0]], sc.run[ks[1]], sc.run[ks[2]]}
	}
	q.P50, q.P90, q.P99 = vs[0].Seconds(), vs[1].Seconds(), vs[2].Seconds()
	return q
}
