package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// DistKind names a run-duration distribution.
type DistKind string

// Distribution kinds.
const (
	DistFixed       DistKind = "fixed"
	DistUniform     DistKind = "uniform"
	DistExponential DistKind = "exponential"
	DistLogNormal   DistKind = "lognormal"
)

// Values returns all DistKind values.
func (DistKind) Values() []DistKind {
	return []DistKind{DistFixed, DistUniform, DistExponential, DistLogNormal}
}

// Dist is a distribution of run durations. Which fields apply depends on
// Kind: fixed uses Mean; uniform Min and Max; exponential Mean; lognormal
// Mean (of the distribution, not of its logarithm) and Sigma (of the
// logarithm).
type Dist struct {
	Kind  DistKind
	Mean  time.Duration
	Min   time.Duration
	Max   time.Duration
	Sigma float64
}

// Fixed is a constant duration.
func Fixed(d time.Duration) Dist { return Dist{Kind: DistFixed, Mean: d} }

// Uniform is uniform on [min, max).
func Uniform(min, max time.Duration) Dist { return Dist{Kind: DistUniform, Min: min, Max: max} }

// Exponential has the given mean.
func Exponential(mean time.Duration) Dist { return Dist{Kind: DistExponential, Mean: mean} }

// LogNormal has the given mean and log-space standard deviation sigma.
func LogNormal(mean time.Duration, sigma float64) Dist {
	return Dist{Kind: DistLogNormal, Mean: mean, Sigma: sigma}
}

// Validate reports a parameter that makes the distribution meaningless.
func (d Dist) Validate() error {
	switch d.Kind {
	case DistFixed, DistExponential:
		if d.Mean < 0 || (d.Kind == DistExponential && d.Mean == 0) {
			return fmt.Errorf("%s distribution: mean %v must be positive", d.Kind, d.Mean)
		}
	case DistUniform:
		if d.Min < 0 || d.Max < d.Min {
			return fmt.Errorf("uniform distribution: need 0 <= min (%v) <= max (%v)", d.Min, d.Max)
		}
	case DistLogNormal:
		if d.Mean <= 0 || d.Sigma < 0 || math.IsNaN(d.Sigma) || math.IsInf(d.Sigma, 0) {
			return fmt.Errorf("lognormal distribution: need mean > 0 (got %v) and finite sigma >= 0 (got %v)", d.Mean, d.Sigma)
		}
	default:
		return fmt.Errorf("distribution kind %q is not one of fixed, uniform, exponential, lognormal", d.Kind)
	}
	return nil
}

// Sample draws one duration from src, rounded to the millisecond (the API's
// resolution, so every recorded instant is exact on the wire).
func (d Dist) Sample(src rand.Source) time.Duration {
	sp := d.sampler()
	return sp.sample(src)
}

// sampler is a Dist with what every draw would otherwise compute again:
// the lognormal's log-space mean (a math.Log per draw, 8% of a rollout).
type sampler struct {
	d  Dist
	mu float64
}

func (d Dist) sampler() sampler {
	sp := sampler{d: d}
	if d.Kind == DistLogNormal {
		sp.mu = math.Log(d.Mean.Seconds()) - d.Sigma*d.Sigma/2 // mean = exp(mu + sigma²/2)
	}
	return sp
}

// sample draws as Dist.Sample does, bit for bit: the lognormal draw is
// gonum's distuv.LogNormal.Rand with mu computed once.
func (sp *sampler) sample(src rand.Source) time.Duration {
	d := &sp.d
	var secs float64
	switch d.Kind {
	case DistFixed:
		return d.Mean.Round(time.Millisecond)
	case DistUniform:
		secs = distuv.Uniform{Min: d.Min.Seconds(), Max: d.Max.Seconds(), Src: src}.Rand()
	case DistExponential:
		secs = distuv.Exponential{Rate: 1 / d.Mean.Seconds(), Src: src}.Rand()
	case DistLogNormal:
		secs = math.Exp(rand.New(src).NormFloat64()*d.Sigma + sp.mu)
	}
	return whole(secs)
}

// maxSecs keeps virtual time far from overflow.
const maxSecs = 100 * 365 * 24 * 3600

// whole is a draw of secs seconds as whole milliseconds, within [0,
// maxSecs]. Comparisons, not math.Max and math.Min (two calls, a tenth of
// a draw), giving the same durations (TestWhole_AsMaxAndMinGave).
func whole(secs float64) time.Duration {
	if secs < 0 {
		secs = 0
	} else if secs > maxSecs {
		secs = maxSecs
	}
	return time.Duration(math.Round(secs*1000)) * time.Millisecond
}

// Behavior is how a node runs an association: its run-duration
// distribution and its odds of failing or timing out.
type Behavior struct {
	Name     string
	Duration Dist
	// FailureProbability is the chance a run ends Failed.
	FailureProbability float64
	// TimeoutProbability is the chance a run ends TimedOut; a timed-out run
	// lasts Timeout.
	TimeoutProbability float64
	// Timeout is the document's execution timeout (default 1h, the
	// executionTimeout default of AWS-RunShellScript).
	Timeout time.Duration
	// Pickup is the delay before the node's agent picks a dispatched run
	// up: until then the target is Pending (and counts toward
	// MaxConcurrency), then InProgress for its Duration. The zero Dist
	// means none. Evidence: in the CLI's 2019 examples an execution was
	// created 117 ms after its association and its one target finished
	// 1.65 s later, pickup and run together.
	Pickup Dist
}

// DefaultTimeout is the execution timeout when a Behavior sets none.
const DefaultTimeout = time.Hour

// Validate reports an impossible behaviour.
func (b Behavior) Validate() error {
	if err := b.Duration.Validate(); err != nil {
		return fmt.Errorf("behavior %q: %w", b.Name, err)
	}
	for _, p := range []struct {
		name string
		v    float64
	}{{"failure", b.FailureProbability}, {"timeout", b.TimeoutProbability}} {
		if !(p.v >= 0 && p.v <= 1) {
			return fmt.Errorf("behavior %q: %s %v is not a probability", b.Name, p.name, p.v)
		}
	}
	if b.FailureProbability+b.TimeoutProbability > 1 {
		return fmt.Errorf("behavior %q: failure + timeout probabilities exceed 1", b.Name)
	}
	if b.Timeout < 0 {
		return fmt.Errorf("behavior %q: timeout %v is negative", b.Name, b.Timeout)
	}
	if b.Pickup.Kind != "" {
		if err := b.Pickup.Validate(); err != nil {
			return fmt.Errorf("behavior %q: pickup: %w", b.Name, err)
		}
	}
	return nil
}

// Override pins a node's outcome regardless of its Behavior.
type Override uint8

// Override values.
const (
	OverrideNone          Override = iota
	OverrideAlwaysFail             // every run ends Failed
	OverrideAlwaysSucceed          // every run ends Success
	OverrideOffline                // the node is unreachable: runs are Undeliverable (D7)
)

var overrideNames = [...]string{"none", "always-fail", "always-succeed", "offline"}

// String names the override.
func (o Override) String() string {
	if int(o) < len(overrideNames) {
		return overrideNames[o]
	}
	return fmt.Sprintf("Override(%d)", int(o))
}

// ParseOverride parses an override name.
func ParseOverride(s string) (Override, error) {
	for i, n := range overrideNames {
		if n == s {
			return Override(i), nil
		}
	}
	return 0, fmt.Errorf("override %q is not one of none, always-fail, always-succeed, offline", s)
}

// behaviorSamplers are a behaviour's distributions ready to draw.
type behaviorSamplers struct {
	duration, pickup sampler
}

func (b Behavior) samplers() behaviorSamplers {
	return behaviorSamplers{duration: b.Duration.sampler(), pickup: b.Pickup.sampler()}
}
