package bench

import (
	"context"
	"testing"
)

// BenchmarkWorkloads runs each standard workload once per iteration and
// reports its figures (rates per second over the workload's own wall time).
func BenchmarkWorkloads(b *testing.B) {
	for _, w := range Workloads() {
		b.Run(w.Name, func(b *testing.B) {
			b.ReportAllocs()
			var r Result
			c0 := cpuTime()
			for b.Loop() {
				var err error
				if r, err = w.Run(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuTime()-c0).Seconds()/float64(b.N), "cpu-s/op")
			if r.NodeExecutionsPerSec > 0 {
				b.ReportMetric(r.NodeExecutionsPerSec, "node-executions/s")
				b.ReportMetric(r.EventsPerSec, "events/s")
			}
			if r.BytesPerNode > 0 {
				b.ReportMetric(r.BytesPerNode, "bytes/node")
				b.ReportMetric(r.BytesPerRecord, "bytes/record")
			}
			if r.PeakRSS > 0 {
				b.ReportMetric(float64(r.PeakRSS), "peak-rss-bytes")
			}
			for k, v := range r.Extra {
				b.ReportMetric(v, k)
			}

		})
	}
}

// The smallest workloads run as tests too, so their self-checks guard
// every `make test`.
func TestWorkloads_SelfCheck(t *testing.T) {
	for _, name := range []string{"rollout-10k", "retention", "serve"} {
		w, _ := Find(name)
		r, err := w.Run(context.Background())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t.Log(r.Line())
	}
}
