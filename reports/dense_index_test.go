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
