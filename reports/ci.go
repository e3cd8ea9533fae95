package reports

import (
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Confidence is the level of every interval in the reports.
const Confidence = 0.95

// Estimate is the mean of a figure across runs with its 95% confidence
// interval (Student t). N counts the runs where the figure is defined;
// Missing those where it is not (NaN, e.g. a compliance level never
// reached), which are left out. Undefined statistics are NaN: all of them
// with no sample, the interval and SD with one.
type Estimate struct {
	N       int
	Missing int
	Mean    float64
	SD      float64 // sample standard deviation
	Lo, Hi  float64
}

// MeanCI estimates the mean of a sample with a 95% Student t interval,
// mean ± t(0.975, n−1)·sd/√n. NaN values are counted as Missing.
func MeanCI(sample []float64) Estimate {
	xs := make([]float64, 0, len(sample))
	for _, x := range sample {
		if !math.IsNaN(x) {
			xs = append(xs, x)
		}
	}
	e := Estimate{N: len(xs), Missing: len(sample) - len(xs), Mean: math.NaN(), SD: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	if e.N == 0 {
		return e
	}
	if e.N == 1 {
		e.Mean = xs[0]
		return e
	}
	e.Mean, e.SD = stat.MeanStdDev(xs, nil)
	half := TQuantile(1-(1-Confidence)/2, e.N-1) * e.SD / math.Sqrt(float64(e.N))
	e.Lo, e.Hi = e.Mean-half, e.Mean+half
	return e
}

// TQuantile is the p-quantile of Student's t distribution with nu degrees
// of freedom; NaN for nu < 1.
func TQuantile(p float64, nu int) float64 {
	if nu < 1 {
		return math.NaN()
	}
	// Quantile is deterministic: no random source is drawn from.
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(nu)}.Quantile(p)
}

// Proportion is K successes out of N trials with the 95% Wilson score
// interval; P, Lo and Hi are NaN when N is 0.
type Proportion struct {
	K, N      int
	P, Lo, Hi float64
}

// Wilson computes the proportion k/n and its 95% Wilson score interval,
// which stays inside [0, 1] and is informative at k = 0 and k = n.
func Wilson(k, n int) Proportion {
	p := Proportion{K: k, N: n, P: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	if n <= 0 || k < 0 || k > n {
		return p
	}
	z := distuv.UnitNormal.Quantile(1 - (1-Confidence)/2)
	nf := float64(n)
	p.P = float64(k) / nf
	z2 := z * z
	den := 1 + z2/nf
	center := (p.P + z2/(2*nf)) / den
	half := z / den * math.Sqrt(p.P*(1-p.P)/nf+z2/(4*nf*nf))
	p.Lo, p.Hi = math.Max(0, center-half), math.Min(1, center+half)
	if k == 0 {
		p.Lo = 0
	}
	if k == n {
		p.Hi = 1
	}
	return p
}
