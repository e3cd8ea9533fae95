package sim

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
)

// rollout builds a fleet of n nodes with one association over all of them
// at MaxConcurrency 10%, 2% failures, lognormal run times (mean 60 s,
// sigma 0.5): the rollout workload, one execution.
func rollout(b *testing.B, n int) *Sim {
	s, err := New(Config{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.AddNodes(NodeGroup{Count: n, Tags: []model.Tag{{Key: "fleet", Value: "all"}},
		Behavior: Behavior{Duration: LogNormal(time.Minute, 0.5), FailureProbability: 0.02}}); err != nil {
		b.Fatal(err)
	}
	if _, err := s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams,
		Targets: []model.Target{{Key: "tag:fleet", Values: []string{"all"}}}, MaxConcurrency: "10%"}); err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkRollout(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var events, execs uint64
			for b.Loop() {
				s := rollout(b, n)
				s.Run()
				ex := s.Executions()[0]
				if ex.Dispatched != n || ex.Counts.Success+ex.Counts.Failed != n {
					b.Fatalf("rollout incomplete: %+v", ex)
				}
				events += s.Events()
				execs += uint64(ex.Dispatched)
			}
			b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(float64(execs)/b.Elapsed().Seconds(), "node-executions/s")
		})
	}
}

// BenchmarkFleetMemory reports the heap cost of a node, fleet state and
// per-association bookkeeping included, after one rollout.
func BenchmarkFleetMemory(b *testing.B) {
	const n = 100_000
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		s := rollout(b, n)
		s.Run()
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "bytes/node")
		runtime.KeepAlive(s)
	}
}

// BenchmarkLogNormalDraw: a run's duration draw, as the rollout makes it
// (a sampler with the log-space mean computed once) and as Dist.Sample
// makes it (computing it on every call).
func BenchmarkLogNormalDraw(b *testing.B) {
	d := LogNormal(time.Minute, 0.5)
	src := NewStreams(1).PCG(streamNode, 1)
	b.Run("sampler", func(b *testing.B) {
		sp := d.sampler()
		b.ReportAllocs()
		for b.Loop() {
			_ = sp.sample(src)
		}
	})
	b.Run("Dist.Sample", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = d.Sample(src)
		}
	})
}
