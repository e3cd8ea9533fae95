package bench

import (
	"context"
	"os/exec"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
				b.ReportMetric(r.BytesPerRecordAdded, "bytes/record-added")
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
	for _, name := range []string{"rollout-10k", "retention", "serve", "documents"} {
		w, _ := Find(name)
		r, err := w.Run(context.Background())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t.Log(r.Line())
		if name == "rollout-10k" {
			// A kept record is 16 bytes, and nothing else grows with the
			// records (an execution's own state, ~6 KB, is 0.6 B a record
			// at 10,000 targets); the completion order, 4 B, is not kept.
			if r.BytesPerRecordAdded < 16 || r.BytesPerRecordAdded > 17.5 {
				t.Errorf("rollout-10k: %.2f B per record added, want 16-17.5", r.BytesPerRecordAdded)
			}
			if share, ok := r.Extra["stats_share"]; runtime.GOOS == "linux" && (!ok || share <= 0 || share >= 1 || r.Extra["stats_cpu_s"] <= 0) {
				t.Errorf("rollout-10k: statistics' share %v (%v CPU s), want a share of the run's thread", share, r.Extra["stats_cpu_s"])
			}
			if th := r.Extra["run_thread_cpu_s"]; runtime.GOOS == "linux" && (th <= 0 || th < r.Extra["stats_cpu_s"]) {
				t.Errorf("rollout-10k: the run's thread took %v CPU s, the statistics on it %v", th, r.Extra["stats_cpu_s"])
			}
		}
	}
}

// The moto workload puts the same DescribeDocument load on ssmsim and on
// moto's server and reports both (issue 14: 'the ratio against moto's
// server on an operation both implement, recorded').
func TestMotoWorkload(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIP: -short")
	}
	if _, err := exec.LookPath("moto_server"); err != nil {
		t.Skip("SKIP: moto_server is not on PATH (pip install 'moto[server]'): the ratio against moto is not measured")
	}
	r := runWorkload(t, "moto")
	assert.Equal(t, 2000.0, r.Extra["calls"])
	assert.Positive(t, r.Extra["moto_calls_per_sec"])
	assert.Greater(t, r.Extra["ssmsim_over_moto"], 1.0, "ssmsim answers DescribeDocument faster than moto")
	for _, w := range Workloads() {
		assert.NotEqual(t, "moto", w.Name, "moto is opt-in: a machine with only Go can run every default workload")
	}
}

// The sweep workload reports its parallel efficiency from CPU time as
// well as wall time, the share of the machine an idle check found, and
// its allocation per simulation (issue 14, sweeps).
func TestSweepWorkload_EfficiencyFromCPU(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIP: -short")
	}
	r := runWorkload(t, "sweep")
	for _, k := range []string{"parallel_efficiency", "parallel_efficiency_cpu", "cpu_s_1_worker", "cpu_s_all_workers", "machine_available", "alloc_bytes_per_sim", "allocs_per_sim"} {
		assert.Positive(t, r.Extra[k], k)
	}
	assert.LessOrEqual(t, r.Extra["machine_available"], 1.0)
	if r.Extra["machine_available"] < 0.9 {
		assert.Contains(t, r.Note, "too loaded")
	} else {
		assert.Empty(t, r.Note)
	}
}

func TestResultLine_SaysTheNote(t *testing.T) {
	r := Result{Name: "sweep", Wall: time.Second, Note: "the machine was too loaded"}
	assert.Contains(t, r.Line(), "(the machine was too loaded)")
}

// runWorkload runs the named workload once and logs its line.
func runWorkload(t *testing.T, name string) Result {
	t.Helper()
	w, ok := Find(name)
	require.True(t, ok, name)
	r, err := w.Run(context.Background())
	require.NoError(t, err)
	t.Logf("%s", r.Line())
	return r
}
