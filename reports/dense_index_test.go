package reports

import (
	"math/rand/v2"
	"testing"
	"time"
)

// stepIndex is the step's index that step gives, for every instant from
// an execution's creation on: on and off the resolution, negative offsets.
func TestStepIndex_AsStep(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for range 100_000 {
		created := time.Duration(rng.Int64N(1<<45)) - 1<<40
		if rng.IntN(4) == 0 {
			created = created / SeriesResolution * SeriesResolution
		}
		base := step(created)
		at := created + time.Duration(rng.Int64N(1<<40))
		if rng.IntN(4) == 0 {
			at = created + time.Duration(rng.IntN(3))*SeriesResolution
		}
		if got, want := stepIndex(base, at), int((step(at)-base)/SeriesResolution); got != want {
			t.Fatalf("created %d, at %d: stepIndex %d, step gives %d", created, at, got, want)
		}
	}
}

// stepCache gives stepIndex's index for instants in any order: rising, as
// dispatches come, but also falling back, repeating, landing on a step's
// edges and jumping far.
func TestStepCache_AsStepIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 5))
	for range 2_000 {
		created := time.Duration(rng.Int64N(1<<45)) - 1<<40
		base := step(created)
		c := newStepCache(base)
		at := created
		for range 200 {
			switch rng.IntN(6) {
			case 0: // back, possibly into the step before
				at = max(created, at-time.Duration(rng.Int64N(int64(2*SeriesResolution))))
			case 1: // onto a step's edge, or just past it
				at = base + time.Duration(rng.IntN(5))*SeriesResolution + time.Duration(rng.IntN(2))
			case 2: // far
				at = created + time.Duration(rng.Int64N(1<<40))
			default: // a little later
				at += time.Duration(rng.Int64N(int64(SeriesResolution / 4)))
			}
			at = max(at, created)
			if got, want := c.index(at), stepIndex(base, at); got != want {
				t.Fatalf("created %d, at %d: stepCache %d, stepIndex %d", created, at, got, want)
			}
		}
	}
}
