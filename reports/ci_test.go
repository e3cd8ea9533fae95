package reports

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTQuantile_KnownValues(t *testing.T) {
	tests := []struct {
		p    float64
		nu   int
		want float64
	}{
		{0.975, 9, 2.2621571628}, // n = 10
		{0.975, 1, 12.7062047362},
		{0.975, 29, 2.0452296421},
		{0.95, 4, 2.1318467863},
		{0.5, 5, 0},
	}
	for _, tt := range tests {
		assert.InDelta(t, tt.want, TQuantile(tt.p, tt.nu), 1e-8, "t(%v, %d)", tt.p, tt.nu)
	}
	assert.True(t, math.IsNaN(TQuantile(0.975, 0)), "no degrees of freedom: undefined")
}

func TestMeanCI(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name             string
		sample           []float64
		n, missing       int
		mean, sd, lo, hi float64
	}{
		{"1..10", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 10, 0, 5.5, 3.0276503541, 3.3341494104, 7.6658505896},
		{"NaNs are missing, not zeros", []float64{nan, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, nan}, 10, 2, 5.5, 3.0276503541, 3.3341494104, 7.6658505896},
		{"constant", []float64{4, 4, 4}, 3, 0, 4, 0, 4, 4},
		{"one sample: no interval", []float64{7}, 1, 0, 7, nan, nan, nan},
		{"empty", nil, 0, 0, nan, nan, nan, nan},
		{"all undefined", []float64{nan, nan}, 0, 2, nan, nan, nan, nan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := MeanCI(tt.sample)
			assert.Equal(t, tt.n, e.N)
			assert.Equal(t, tt.missing, e.Missing)
			for _, c := range []struct {
				name      string
				got, want float64
			}{{"mean", e.Mean, tt.mean}, {"sd", e.SD, tt.sd}, {"lo", e.Lo, tt.lo}, {"hi", e.Hi, tt.hi}} {
				if math.IsNaN(c.want) {
					assert.True(t, math.IsNaN(c.got), "%s = %v, want NaN", c.name, c.got)
				} else {
					assert.InDelta(t, c.want, c.got, 1e-9, c.name)
				}
			}
		})
	}
}

func TestWilson_KnownValues(t *testing.T) {
	tests := []struct {
		k, n      int
		p, lo, hi float64
	}{
		{0, 10, 0, 0, 0.277533},
		{1, 10, 0.1, 0.017876, 0.404150},
		{4, 10, 0.4, 0.168180, 0.687326},
		{5, 10, 0.5, 0.236593, 0.763407},
		{10, 10, 1, 0.722467, 1},
	}
	for _, tt := range tests {
		w := Wilson(tt.k, tt.n)
		assert.Equal(t, tt.k, w.K)
		assert.Equal(t, tt.n, w.N)
		assert.InDelta(t, tt.p, w.P, 1e-12)
		assert.InDelta(t, tt.lo, w.Lo, 1e-6, "%d/%d lo", tt.k, tt.n)
		assert.InDelta(t, tt.hi, w.Hi, 1e-6, "%d/%d hi", tt.k, tt.n)
	}
	for _, bad := range [][2]int{{0, 0}, {3, 2}, {-1, 5}} {
		w := Wilson(bad[0], bad[1])
		assert.True(t, math.IsNaN(w.P) && math.IsNaN(w.Lo) && math.IsNaN(w.Hi), "%v: undefined", bad)
	}
}
