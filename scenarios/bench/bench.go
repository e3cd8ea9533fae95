package bench

import (
	"context"
	"fmt"
	"maps"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Result is what a workload measured.
type Result struct {
	Name           string        `json:"name"`
	Wall           time.Duration `json:"wall_ns"`
	Nodes          int           `json:"nodes,omitempty"`
	NodeExecutions int64         `json:"node_executions,omitempty"`
	Events         uint64        `json:"events,omitempty"`
	Records        int64         `json:"records,omitempty"` // execution-target records retained at the end
	// Per-second rates over Wall (simulation and statistics together).
	NodeExecutionsPerSec float64 `json:"node_executions_per_sec,omitempty"`
	EventsPerSec         float64 `json:"events_per_sec,omitempty"`
	// Memory: the process's peak resident set during the workload (Linux),
	// and the live heap per node and per retained record.
	PeakRSS        uint64  `json:"peak_rss_bytes,omitempty"`
	BytesPerNode   float64 `json:"bytes_per_node,omitempty"`
	BytesPerRecord float64 `json:"bytes_per_record,omitempty"`
	// BytesPerRecordAdded is what the simulation needs for one more record
	// kept: the live heap's growth from the first execution's end to the
	// last's over the records kept in between, in a run without
	// statistics (their series grow by the second, not by the record) and
	// without what is built once (per-node tables). Rollouts keeping every
	// record.
	BytesPerRecordAdded float64 `json:"bytes_per_record_added,omitempty"`
	// Workload-specific figures (calls/s, parallel efficiency, …).
	Extra map[string]float64 `json:"extra,omitempty"`
	// CPU is the process's CPU time (user and system, every thread: the
	// garbage collector and parallel workers included) over the whole
	// workload, set-up and checks included; Total is that whole
	// workload's wall time (Measure sets both). On a shared machine CPU
	// time moves far less than wall time.
	CPU   time.Duration `json:"cpu_ns,omitempty"`
	Total time.Duration `json:"total_wall_ns,omitempty"`
	// Note says what a reader must know of the figures (a machine too
	// loaded to measure one of them).
	Note string `json:"note,omitempty"`
}

// Line renders the result on one line for humans.
func (r Result) Line() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-13s %9s", r.Name, r.Wall.Round(time.Millisecond))
	if r.NodeExecutions > 0 {
		fmt.Fprintf(&b, "  %s node-exec (%s/s)", si(float64(r.NodeExecutions)), si(r.NodeExecutionsPerSec))
	}
	if r.Events > 0 {
		fmt.Fprintf(&b, "  %s events (%s/s)", si(float64(r.Events)), si(r.EventsPerSec))
	}
	if r.CPU > 0 {
		fmt.Fprintf(&b, "  cpu %s of %s", r.CPU.Round(time.Millisecond), r.Total.Round(time.Millisecond))
	}
	if r.PeakRSS > 0 {
		fmt.Fprintf(&b, "  peak RSS %s", bytesText(float64(r.PeakRSS)))
	}
	if r.BytesPerNode > 0 {
		fmt.Fprintf(&b, "  %.0f B/node", r.BytesPerNode)
	}
	if r.BytesPerRecordAdded > 0 {
		fmt.Fprintf(&b, "  %.1f B/record added", r.BytesPerRecordAdded)
	}
	if r.BytesPerRecord > 0 {
		fmt.Fprintf(&b, "  %.0f B/record", r.BytesPerRecord)
	}
	for _, k := range slices.Sorted(maps.Keys(r.Extra)) {
		fmt.Fprintf(&b, "  %s %s", k, strconv.FormatFloat(r.Extra[k], 'f', -1, 64))
	}
	if r.Note != "" {
		fmt.Fprintf(&b, "  (%s)", r.Note)
	}
	return b.String()
}

// Workload is one standard benchmark.
type Workload struct {
	Name        string
	Description string
	Run         func(ctx context.Context) (Result, error)
}

// Workloads lists the standard workloads in their usual order.
func Workloads() []Workload {
	return []Workload{
		{"rollout-10k", "10,000 nodes, rate(30 minutes) for a day, MaxConcurrency 10%, lognormal 60 s/0.5, 2% failures", func(ctx context.Context) (Result, error) { return rollout(ctx, "rollout-10k", 10_000, 24*time.Hour, 0) }},
		{"rollout-100k", "the same at 100,000 nodes (48 executions, 4.8 million node-executions)", func(ctx context.Context) (Result, error) {
			return rollout(ctx, "rollout-100k", 100_000, 24*time.Hour, 0)
		}},
		{"rollout-1m", "the same at 1,000,000 nodes for the whole day (48M node-executions), keeping no history, as ssmsim run does", func(ctx context.Context) (Result, error) {
			return rollout(ctx, "rollout-1m", 1_000_000, 24*time.Hour, time.Nanosecond)
		}},
		{"retention", "rollout-10k for 7 days with a one-day retention window (D19): memory stays that of a day", func(ctx context.Context) (Result, error) {
			return rollout(ctx, "retention", 10_000, 7*24*time.Hour, 24*time.Hour)
		}},
		{"limit", "rollout-100k's work and nothing else: a typed heap, inline dispatch, the same draws; no records, no statistics", limitWorkload},
		{"gates", "20,000 nodes, 50 cron associations with offsets, a weekly change calendar and an alarm timeline, 30 days", gates},
		{"sweep", "the default scenario over a 50-cell grid x 10 runs, on 1 worker and on all cores", sweepWorkload},
		{"documents", "every API response document of a 10,000-node rollout: rendered, then rendered and written in one pass under TMPDIR", documentsWorkload},
		{"serve", "read-heavy API calls on loopback from 16 concurrent clients", serveWorkload},
		{"serve-state", "serve with every 5th call a write journaled and synced to disk (serve --state)", serveStateWorkload},
		{"serve-large", "serve's read mix against 100,000 nodes and 2,000 associations with two hours of history", serveLargeWorkload},
		{"restart", "serve --state after 90 days of 10,000 nodes at rate(30 minutes): restart from its snapshot vs replaying its journal", restartWorkload},
	}
}

// OptIn lists the workloads run only when named: they need what a
// fresh machine with only Go lacks, or far more memory and time than the
// standard set.
func OptIn() []Workload {
	return []Workload{
		{"rollout-10m", "10,000,000 nodes, one rollout (one execution), keeping no history as ssmsim run does: about 1 GB and 10-15 CPU s with its checks", func(ctx context.Context) (Result, error) {
			return rollout(ctx, "rollout-10m", 10_000_000, 30*time.Minute, time.Nanosecond)
		}},
		{"moto", "serve against moto's server (moto_server on PATH): DescribeDocument from the same client process", motoWorkload},
	}
}

// Measure runs the workload and adds to its result the CPU time and wall
// time of the whole run.
func (w Workload) Measure(ctx context.Context) (Result, error) {
	t0, c0 := time.Now(), cpuTime()
	r, err := w.Run(ctx)
	r.CPU, r.Total = cpuTime()-c0, time.Since(t0)
	return r, err
}

// Find returns the named workload.
func Find(name string) (Workload, bool) {
	for _, w := range slices.Concat(Workloads(), OptIn()) {
		if w.Name == name {
			return w, true
		}
	}
	return Workload{}, false
}

// resetPeakRSS restarts the kernel's peak-RSS counter (Linux: writing 5 to
// clear_refs), so each workload's peak is its own.
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS is the process's peak resident set since the last reset (VmHWM).
func peakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// heap is the live heap after a collection.
func heap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func si(x float64) string {
	switch {
	case x >= 1e9:
		return strconv.FormatFloat(x/1e9, 'f', 2, 64) + "G"
	case x >= 1e6:
		return strconv.FormatFloat(x/1e6, 'f', 2, 64) + "M"
	case x >= 1e3:
		return strconv.FormatFloat(x/1e3, 'f', 1, 64) + "k"
	}
	return strconv.FormatFloat(x, 'f', 0, 64)
}

func bytesText(x float64) string { return si(x) + "B" }

// defaultWorkers is the parallelism across independent simulations.
func defaultWorkers() int { return runtime.GOMAXPROCS(0) }
