package sim

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// whole gives the durations math.Min(math.Max(secs, 0), maxSecs) gave,
// at the edges (zeros, the bound, infinities, NaN) and over random values
// of every magnitude.
func TestWhole_AsMaxAndMinGave(t *testing.T) {
	old := func(secs float64) time.Duration {
		return time.Duration(math.Round(math.Min(math.Max(secs, 0), maxSecs)*1000)) * time.Millisecond
	}
	xs := []float64{0, math.Copysign(0, -1), -1, 1e-300, 0.0004999, 0.0005, maxSecs, maxSecs + 1, math.Nextafter(maxSecs, 0),
		math.Inf(1), math.Inf(-1), math.MaxFloat64, -math.MaxFloat64}
	rng := rand.New(rand.NewPCG(7, 7))
	for range 100_000 {
		xs = append(xs, math.Ldexp(rng.Float64(), rng.IntN(80)-40)*float64(1-2*rng.IntN(2)))
		n := rng.Int64N(1 << 40)
		xs = append(xs, float64(2*n+1)/2000, math.Nextafter(float64(2*n+1)/2000, 0)) // half a millisecond, and just under
	}
	for _, x := range xs {
		if got, want := whole(x), old(x); got != want {
			t.Fatalf("whole(%v) = %v, math.Max and math.Min gave %v", x, got, want)
		}
	}
	if got, want := whole(math.NaN()), old(math.NaN()); got != want {
		t.Fatalf("whole(NaN) = %v, math.Max and math.Min gave %v", got, want)
	}
}
