package reports

import (
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/stat"
)

// Quantiles are the p50, p90 and p99 of a sample of durations. An empty
// sample has no quantiles: its fields are NaN (printed "n/a"), never zero.
type Quantiles struct {
	N             int
	P50, P90, P99 float64 // seconds
}

// QuantilesOf computes quantiles of the sample (empirical, as gonum's
// stat.Quantile defines it). The sample is sorted in place.
func QuantilesOf(sample []float64) Quantiles {
	q := Quantiles{N: len(sample), P50: math.NaN(), P90: math.NaN(), P99: math.NaN()}
	if len(sample) == 0 {
		return q // stat.Quantile panics on an empty sample
	}
	slices.Sort(sample)
	q.P50 = stat.Quantile(0.50, stat.Empirical, sample, nil)
	q.P90 = stat.Quantile(0.90, stat.Empirical, sample, nil)
	q.P99 = stat.Quantile(0.99, stat.Empirical, sample, nil)
	return q
}

// formatSeconds prints a duration in seconds for humans; NaN is "n/a".
func formatSeconds(s float64) string {
	if math.IsNaN(s) {
		return "n/a"
	}
	return time.Duration(math.Round(s*1000) * float64(time.Millisecond)).String()
}
