package reports

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// refQuantilesOf is QuantilesOf as it was before selection (sort, then
// gonum's empirical quantile), on a copy of the sample.
func refQuantilesOf(sample []float64) Quantiles { return sortQuantilesOf(slices.Clone(sample)) }

// selSameValue is == with NaN equal to NaN. (-0 == +0: with both in a sample,
// which zero lands at the index depends on how the sort or the selection
// happens to move them, for the old code as much as the new.)
func selSameValue(a, b float64) bool {
	return a == b || (math.IsNaN(a) && math.IsNaN(b))
}

// checkQuantilesOf compares QuantilesOf with the reference on a copy of
// sample and checks that it only reorders the sample, partitioned around
// each of the three order statistics.
func checkQuantilesOf(t testing.TB, sample []float64) {
	t.Helper()
	want := refQuantilesOf(sample)
	work := slices.Clone(sample)
	got := QuantilesOf(work)
	if got.N != want.N || !selSameValue(got.P50, want.P50) || !selSameValue(got.P90, want.P90) || !selSameValue(got.P99, want.P99) {
		t.Fatalf("n=%d: QuantilesOf = %+v, sort+stat.Quantile = %+v (sample %v)", len(sample), got, want, abbrev(sample))
	}
	if slices.ContainsFunc(sample, math.IsNaN) {
		if !slices.EqualFunc(work, sample, func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }) {
			t.Fatalf("n=%d: sample with NaN was modified", len(sample))
		}
		return
	}
	// Same multiset.
	a, b := slices.Clone(sample), slices.Clone(work)
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		t.Fatalf("n=%d: QuantilesOf changed the sample's values, not just their order", len(sample))
	}
	// Partitioned around each selected index.
	n := len(work)
	if n == 0 {
		return
	}
	for _, p := range []float64{0.50, 0.90, 0.99} {
		k := empiricalIndex(p, n)
		v := work[k]
		for i, x := range work {
			if (i < k && x > v) || (i > k && x < v) {
				t.Fatalf("n=%d: not partitioned around index %d (p=%v): work[%d]=%v vs %v", n, k, p, i, x, v)
			}
		}
	}
}

func abbrev(s []float64) string {
	if len(s) <= 20 {
		return fmt.Sprint(s)
	}
	return fmt.Sprint(s[:20]) + "..."
}

// TestEmpiricalIndex pins the index rule against stat.Quantile itself:
// on x[i] = i it returns the index.
func TestEmpiricalIndex(t *testing.T) {
	ps := []float64{0, 1e-9, 0.01, 0.1, 0.25, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999, 1 - 1e-16, 1}
	for n := 1; n <= 3000; n++ {
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(i)
		}
		for _, p := range ps {
			if want, got := int(stat.Quantile(p, stat.Empirical, x, nil)), empiricalIndex(p, n); got != want {
				t.Fatalf("empiricalIndex(%v, %d) = %d, stat.Quantile gives index %d", p, n, got, want)
			}
		}
	}
	// Spot checks of ceil(p*n)-1 where p*n is (or rounds to) a whole number.
	for _, c := range []struct {
		p    float64
		n    int
		want int
	}{{0.5, 1, 0}, {0.5, 2, 0}, {0.5, 3, 1}, {0.9, 10, 8}, {0.99, 100, 98}, {0.99, 101, 99}, {0.9, 1_000_000, 899_999}, {0.99, 1_000_000, 989_999}} {
		if got := empiricalIndex(c.p, c.n); got != c.want {
			t.Errorf("empiricalIndex(%v, %d) = %d, want %d", c.p, c.n, got, c.want)
		}
	}
}

// samplePatterns are named generators of test samples.
var samplePatterns = []struct {
	name string
	gen  func(r *rand.Rand, n int) []float64
}{
	{"uniform", func(r *rand.Rand, n int) []float64 { return fill(n, func(int) float64 { return r.Float64() }) }},
	{"lognormal", func(r *rand.Rand, n int) []float64 { return fill(n, func(int) float64 { return lognormal(r) }) }},
	{"few-distinct", func(r *rand.Rand, n int) []float64 { return fill(n, func(int) float64 { return float64(r.IntN(3)) }) }},
	{"dup-heavy", func(r *rand.Rand, n int) []float64 {
		k := 1 + r.IntN(1+n/4)
		return fill(n, func(int) float64 { return float64(r.IntN(k)) / 10 })
	}},
	{"whole-seconds", func(r *rand.Rand, n int) []float64 {
		return fill(n, func(int) float64 { return math.Round(60 * lognormal(r)) })
	}},
	{"all-equal", func(r *rand.Rand, n int) []float64 { return fill(n, func(int) float64 { return 42 }) }},
	{"sorted", func(r *rand.Rand, n int) []float64 { return fill(n, func(i int) float64 { return float64(i) }) }},
	{"sorted-dups", func(r *rand.Rand, n int) []float64 { return fill(n, func(i int) float64 { return float64(i / 7) }) }},
	{"reverse", func(r *rand.Rand, n int) []float64 { return fill(n, func(i int) float64 { return float64(n - i) }) }},
	{"organ-pipe", func(r *rand.Rand, n int) []float64 {
		return fill(n, func(i int) float64 { return float64(min(i, n-1-i)) })
	}},
	{"inverted-organ-pipe", func(r *rand.Rand, n int) []float64 {
		return fill(n, func(i int) float64 { return float64(max(i, n-1-i)) })
	}},
	{"sawtooth", func(r *rand.Rand, n int) []float64 {
		m := 1 + r.IntN(1+n/3)
		return fill(n, func(i int) float64 { return float64(i % m) })
	}},
	{"nearly-sorted", func(r *rand.Rand, n int) []float64 {
		s := fill(n, func(i int) float64 { return float64(i) })
		for range 1 + n/100 {
			i, j := r.IntN(n), r.IntN(n)
			s[i], s[j] = s[j], s[i]
		}
		return s
	}},
	{"push-front", func(r *rand.Rand, n int) []float64 {
		return fill(n, func(i int) float64 { return float64((i + 1) % n) })
	}},
	{"infinities", func(r *rand.Rand, n int) []float64 {
		return fill(n, func(int) float64 {
			switch r.IntN(8) {
			case 0:
				return math.Inf(1)
			case 1:
				return math.Inf(-1)
			case 2:
				return math.Copysign(0, -1)
			case 3:
				return 0
			}
			return r.NormFloat64()
		})
	}},
	{"one-nan", func(r *rand.Rand, n int) []float64 {
		s := fill(n, func(int) float64 { return r.Float64() })
		s[r.IntN(n)] = math.NaN()
		return s
	}},
}

func fill(n int, f func(i int) float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = f(i)
	}
	return s
}

func lognormal(r *rand.Rand) float64 { return math.Exp(0.5 * r.NormFloat64()) }

func TestQuantilesOf_MatchesSortAndStatQuantile(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, pat := range samplePatterns {
		t.Run(pat.name, func(t *testing.T) {
			for n := 1; n <= 2000; n += 1 + n/100 { // every size to 100, then sparser
				checkQuantilesOf(t, pat.gen(r, n))
			}
			sizes := []int{4093, 10_000, 65_536}
			if slices.Contains([]string{"lognormal", "whole-seconds", "dup-heavy", "organ-pipe", "infinities"}, pat.name) {
				sizes = append(sizes, 100_003) // the sampled-pivot path at scale
			}
			for _, n := range sizes {
				checkQuantilesOf(t, pat.gen(r, n))
			}
		})
	}
}

// TestSelectOrderStats_Fallback forces the sort fallback at every depth
// (an adversarial input would reach it by unbalanced partitions).
func TestSelectOrderStats_Fallback(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for budget := 0; budget <= 3; budget++ {
		for _, pat := range samplePatterns {
			for _, n := range []int{17, 100, 1000, 5000} {
				s := pat.gen(r, n)
				if slices.ContainsFunc(s, math.IsNaN) {
					continue
				}
				want := slices.Clone(s)
				slices.Sort(want)
				ks := []int{empiricalIndex(0.5, n), empiricalIndex(0.9, n), empiricalIndex(0.99, n)}
				selectRange(s, 0, n, ks, budget)
				for _, k := range ks {
					if s[k] != want[k] {
						t.Fatalf("%s n=%d budget=%d: a[%d] = %v, want %v", pat.name, n, budget, k, s[k], want[k])
					}
				}
			}
		}
	}
}

// FuzzQuantilesOf decodes the input as float64s (first byte picks the
// encoding: raw 8-byte bit patterns, or small integers for many repeats)
// and compares QuantilesOf with sort+stat.Quantile.
func FuzzQuantilesOf(f *testing.F) {
	f.Add([]byte{0})
	f.Add([]byte{1, 5, 1, 4, 2, 3})
	f.Add([]byte{1, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0})
	f.Add([]byte{2, 1, 0, 2, 0, 3, 0, 0, 1, 0, 0, 9, 9, 8, 8, 7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0, 0, 0, 0, 1, 1})
	raw := []byte{0}
	for _, x := range []float64{math.Inf(1), 3, math.Inf(-1), 0, math.Copysign(0, -1), 1e300, -1e-300, 2.5, math.NaN(), 1} {
		raw = binary.LittleEndian.AppendUint64(raw, math.Float64bits(x))
	}
	f.Add(raw)
	f.Add(raw[:len(raw)-16])
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		mode, data := data[0]%3, data[1:]
		var s []float64
		switch mode {
		case 0:
			for ; len(data) >= 8; data = data[8:] {
				s = append(s, math.Float64frombits(binary.LittleEndian.Uint64(data)))
			}
		case 1:
			for _, c := range data {
				s = append(s, float64(c%16))
			}
		case 2:
			for ; len(data) >= 2; data = data[2:] {
				s = append(s, float64(int16(binary.LittleEndian.Uint16(data)))/8)
			}
		}
		checkQuantilesOf(t, s)
	})
}

// BenchmarkQuantilesOf compares the old sort+stat.Quantile with selection on
// lognormal samples. The sample is refilled (untimed) before each call.
func BenchmarkQuantilesOf(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		src := fill(n, func(int) float64 { return lognormal(r) })
		work := make([]float64, n)
		for _, impl := range []struct {
			name string
			f    func([]float64) Quantiles
		}{{"sort", sortQuantilesOf}, {"select", QuantilesOf}} {
			b.Run(fmt.Sprintf("n=%d/%s", n, impl.name), func(b *testing.B) {
				for b.Loop() {
					b.StopTimer()
					copy(work, src)
					b.StartTimer()
					impl.f(work)
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
			})
		}
	}
}

// sortQuantilesOf is the old QuantilesOf: sort in place, then stat.Quantile.
func sortQuantilesOf(sample []float64) Quantiles {
	q := Quantiles{N: len(sample), P50: math.NaN(), P90: math.NaN(), P99: math.NaN()}
	if len(sample) == 0 {
		return q
	}
	slices.Sort(sample)
	q.P50 = stat.Quantile(0.50, stat.Empirical, sample, nil)
	q.P90 = stat.Quantile(0.90, stat.Empirical, sample, nil)
	q.P99 = stat.Quantile(0.99, stat.Empirical, sample, nil)
	return q
}
