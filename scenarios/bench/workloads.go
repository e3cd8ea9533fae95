package bench

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/reports"
	"github.com/ssmsim/ssmsim/scenarios"
	"github.com/ssmsim/ssmsim/scenarios/sweep"
	"github.com/ssmsim/ssmsim/sim"
	"github.com/ssmsim/ssmsim/sim/server"
)

var shell = map[string][]string{"commands": {"sudo yum -y update"}}

// rolloutSim builds the rollout workload's simulation: n nodes, one
// association over all of them at MaxConcurrency 10%, every 30 minutes.
func rolloutSim(seed uint64, n int, retention time.Duration) (*sim.Sim, []model.CreateAssociationInput, []string, error) {
	s, err := sim.New(sim.Config{Seed: seed, Decisions: sim.Decisions{Retention: retention}})
	if err != nil {
		return nil, nil, nil, err
	}
	if _, err := s.AddNodes(sim.NodeGroup{Count: n, Tags: []model.Tag{{Key: "fleet", Value: "all"}},
		Behavior: sim.Behavior{Duration: sim.LogNormal(time.Minute, 0.5), FailureProbability: 0.02}}); err != nil {
		return nil, nil, nil, err
	}
	in := []model.CreateAssociationInput{{Name: "AWS-RunShellScript", Parameters: shell, AssociationName: "rollout",
		Targets: []model.Target{{Key: "tag:fleet", Values: []string{"all"}}}, MaxConcurrency: "10%", ScheduleExpression: "rate(30 minutes)"}}
	out, err := s.CreateAssociation(in[0])
	if err != nil {
		return nil, nil, nil, err
	}
	return s, in, []string{out.AssociationDescription.AssociationID}, nil
}

// totals is what the determinism check compares between two runs.
type totals struct{ executions, dispatched, succeeded, failed int }

func totalsOf(s *sim.Sim) totals {
	var t totals
	for _, e := range s.Executions() {
		t.add(e)
	}
	return t
}

func (t *totals) add(e sim.ExecutionResult) {
	t.executions++
	t.dispatched += e.Dispatched
	t.succeeded += e.Counts.Success
	t.failed += e.Counts.Failed
}

// rollout runs the rollout workload, its statistics taken as each
// execution finishes (as scenario runs take them), then checks that every
// execution ran every node, that the statistics account for every run, and
// that a second run with the same seed gives the same totals. With a
// retention window, it also checks the rows kept stay within the window.
func rollout(ctx context.Context, name string, n int, horizon, retention time.Duration) (Result, error) {
	resetPeakRSS()
	base := heap()
	s, in, ids, err := rolloutSim(1, n, retention)
	if err != nil {
		return Result{}, err
	}
	built := heap()
	start := s.Config().Start
	an := reports.NewAnalyzer(s, reports.Meta{Scenario: name, Seed: 1, Start: start, Nodes: n, Associations: in}, ids)
	var t totals
	want := int(horizon / (30 * time.Minute))
	// The statistics' own CPU time: this goroutine's thread's, around each
	// call into the analyzer (the thread is the goroutine's for the run).
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var statsCPU time.Duration
	s.OnExecutionDone(func(ex sim.ExecutionResult) {
		c := threadCPU()
		an.Add(ex)
		statsCPU += threadCPU() - c
		t.add(ex)
	})
	t0, c0, tc0 := time.Now(), cpuTime(), threadCPU()
	s.RunUntil(start.Add(horizon - time.Millisecond))
	c := threadCPU()
	stats := an.Result(s.Now(), n)
	statsCPU += threadCPU() - c
	wall, cpu, threadRun := time.Since(t0), cpuTime()-c0, threadCPU()-tc0
	r := Result{Name: name, Wall: wall, Nodes: n, Events: s.Events(), PeakRSS: peakRSS(),
		BytesPerNode: float64(built-base) / float64(n), NodeExecutions: int64(t.dispatched), Records: int64(s.RetainedRecords())}
	r.BytesPerRecord = float64(int64(heap())-int64(built)) / float64(max(r.Records, 1))
	runtime.KeepAlive(s) // the simulation must be live when the heap is measured
	if t.executions != want || t.dispatched != want*n || t.succeeded+t.failed != t.dispatched {
		return r, fmt.Errorf("%s: %d executions, %d dispatched, %d+%d finished: want %d executions of %d nodes", name, t.executions, t.dispatched, t.succeeded, t.failed, want, n)
	}
	if stats.Totals.Executions != want || stats.Totals.Succeeded+stats.Totals.Failed != t.dispatched {
		return r, fmt.Errorf("%s: statistics count %d executions and %d runs, the simulation %d and %d", name, stats.Totals.Executions, stats.Totals.Succeeded+stats.Totals.Failed, want, t.dispatched)
	}
	if retention > 0 {
		kept := int(retention/(30*time.Minute)) + 2 // the window's executions, the one running, one finishing
		if r.Records > int64(kept*n) {
			return r, fmt.Errorf("%s: %d rows kept, want at most %d under a %v retention window", name, r.Records, kept*n, retention)
		}
		if retention >= time.Hour {
			r.Extra = map[string]float64{"retention_hours": retention.Hours()}
		}
	}
	stats, s = reports.RunResult{}, nil // let the second run have the memory
	again, _, _, err := rolloutSim(1, n, retention)
	if err != nil {
		return r, err
	}
	// The second run, untimed and without statistics, measures what each
	// record kept adds: the heap's growth from the first execution's end to
	// the last's.
	var t2 totals
	var growth [2]struct{ heap, records uint64 }
	again.OnExecutionDone(func(ex sim.ExecutionResult) {
		t2.add(ex)
		if retention == 0 && (t2.executions == 1 || t2.executions == want) {
			growth[min(t2.executions-1, 1)].heap, growth[min(t2.executions-1, 1)].records = heap(), uint64(again.RetainedRecords())
		}
	})
	again.RunUntil(start.Add(horizon - time.Millisecond))
	if t2 != t {
		return r, fmt.Errorf("%s: the same seed gave %+v, then %+v", name, t, t2)
	}
	if g := growth; g[1].records > g[0].records {
		r.BytesPerRecordAdded = round3(float64(int64(g[1].heap)-int64(g[0].heap)) / float64(g[1].records-g[0].records))
	}
	r.NodeExecutionsPerSec = float64(r.NodeExecutions) / wall.Seconds()
	r.EventsPerSec = float64(r.Events) / wall.Seconds()
	// The same work with nothing else (limit.go), in this process, now.
	again = nil
	runtime.GC()
	c1 := cpuTime()
	limitRuns, _ := limitRollout(n, horizon-time.Millisecond)
	limitCPU := cpuTime() - c1
	if limitRuns != int64(t.dispatched) {
		return r, fmt.Errorf("%s: the limit made %d target runs, the simulation %d", name, limitRuns, t.dispatched)
	}
	if r.Extra == nil {
		r.Extra = map[string]float64{}
	}
	r.Extra["run_cpu_s"] = round3(cpu.Seconds())
	if threadRun > 0 {
		r.Extra["run_thread_cpu_s"] = round3(threadRun.Seconds()) // run_cpu_s less the collector's workers
		// Of the run's thread's CPU time (the process's adds the garbage
		// collector's workers, whose share of the statistics is unknown).
		r.Extra["stats_cpu_s"] = round3(statsCPU.Seconds())
		r.Extra["stats_share"] = round3(statsCPU.Seconds() / threadRun.Seconds())
	}
	r.Extra["limit_cpu_s"] = round3(limitCPU.Seconds())
	r.Extra["efficiency_vs_limit"] = round3(limitCPU.Seconds() / cpu.Seconds())
	_ = ctx
	return r, nil
}

func round3(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 3, 64), 64)
	return v
}

// weeklyFreeze closes Saturday 00:00 to Sunday 12:00 UTC every week.
const weeklyFreeze = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-CALENDAR-TYPE:DEFAULT_OPEN\r\nBEGIN:VEVENT\r\nUID:freeze\r\nDTSTART:20240106T000000Z\r\nDTEND:20240107T120000Z\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

// gatesSim builds the gates workload: 20,000 nodes in 10 tag groups, 50
// cron associations (daily, weekday, six-hourly, weekly with offsets,
// monthly THU#2+3), half behind a weekly change freeze, a third gated on
// an alarm that fires for two hours every three days.
func gatesSim(seed uint64) (*sim.Sim, error) {
	s, err := sim.New(sim.Config{Seed: seed})
	if err != nil {
		return nil, err
	}
	for g := range 10 {
		if _, err := s.AddNodes(sim.NodeGroup{Count: 2000, Tags: []model.Tag{{Key: "group", Value: "g" + strconv.Itoa(g)}},
			Behavior: sim.Behavior{Duration: sim.LogNormal(90*time.Second, 0.6), FailureProbability: 0.01, TimeoutProbability: 0.002, Timeout: 20 * time.Minute}}); err != nil {
			return nil, err
		}
	}
	if err := s.AddCalendar("weekly-freeze", []byte(weeklyFreeze)); err != nil {
		return nil, err
	}
	start := s.Config().Start
	if err := s.SetAlarmState("fleet-health", model.AlarmStateOK); err != nil {
		return nil, err
	}
	for d := 1; d < 30; d += 3 {
		at := start.Add(time.Duration(d)*24*time.Hour + 11*time.Hour) // covers the 12:15 six-hourly runs
		if err := s.ScheduleAlarmState(at, "fleet-health", model.AlarmStateAlarm); err != nil {
			return nil, err
		}
		if err := s.ScheduleAlarmState(at.Add(2*time.Hour), "fleet-health", model.AlarmStateOK); err != nil {
			return nil, err
		}
	}
	for i := range 50 {
		h := strconv.Itoa(i % 24)
		in := model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shell, AssociationName: "gated-" + strconv.Itoa(i),
			Targets:        []model.Target{{Key: "tag:group", Values: []string{"g" + strconv.Itoa(i%10)}}},
			MaxConcurrency: "20%", MaxErrors: "5%", ApplyOnlyAtCronInterval: true}
		switch i % 5 {
		case 0:
			in.ScheduleExpression, in.ScheduleOffset = "cron(0 "+h+" ? * MON *)", int32(1+i%3)
		case 1:
			in.ScheduleExpression = "cron(30 " + h + " ? * * *)"
		case 2:
			in.ScheduleExpression = "cron(0 " + h + " ? * MON-FRI *)"
		case 3:
			in.ScheduleExpression, in.Duration = "cron(15 */6 * * ? *)", 2
		case 4:
			in.ScheduleExpression, in.ScheduleOffset = "cron(0 "+h+" ? * THU#2 *)", 3
		}
		if i%2 == 0 {
			in.CalendarNames = []string{"weekly-freeze"}
		}
		if i%3 == 0 {
			in.AlarmConfiguration = &model.AlarmConfiguration{Alarms: []model.Alarm{{Name: "fleet-health"}}}
		}
		if _, err := s.CreateAssociation(in); err != nil {
			return nil, fmt.Errorf("gates: association %d: %w", i, err)
		}
	}
	return s, nil
}

func gates(ctx context.Context) (Result, error) {
	resetPeakRSS()
	s, err := gatesSim(1)
	if err != nil {
		return Result{}, err
	}
	end := s.Config().Start.Add(30 * 24 * time.Hour)
	t0 := time.Now()
	s.RunUntil(end)
	wall := time.Since(t0)
	t := totalsOf(s)
	r := Result{Name: "gates", Wall: wall, Nodes: s.Fleet().Len(), Events: s.Events(), NodeExecutions: int64(t.dispatched), Records: int64(t.dispatched), PeakRSS: peakRSS()}
	stops := map[sim.StopReason]int{}
	skipped := 0
	for _, e := range s.Executions() {
		stops[e.Stop]++
		if e.Status == model.StatusSkipped {
			skipped++
		}
	}
	r.Extra = map[string]float64{"executions": float64(t.executions), "skipped": float64(skipped),
		"alarm_stops": float64(stops[sim.StopAlarm]), "duration_stops": float64(stops[sim.StopDuration])}
	if t.dispatched == 0 || skipped == 0 || stops[sim.StopAlarm] == 0 {
		return r, fmt.Errorf("gates: the gates did not all act: %d runs, %d skipped, %d alarm stops", t.dispatched, skipped, stops[sim.StopAlarm])
	}
	again, err := gatesSim(1)
	if err != nil {
		return r, err
	}
	again.RunUntil(end)
	if t2 := totalsOf(again); t2 != t {
		return r, fmt.Errorf("gates: the same seed gave %+v, then %+v", t, t2)
	}
	r.NodeExecutionsPerSec = float64(r.NodeExecutions) / wall.Seconds()
	r.EventsPerSec = float64(r.Events) / wall.Seconds()
	_ = ctx
	return r, nil
}

// sweepWorkload runs the default scenario over a 50-cell grid x 10 runs on
// one worker, then on all cores, and checks both give the same results.
func sweepWorkload(ctx context.Context) (Result, error) {
	doc, _ := scenarios.Source("default")
	params := []sweep.Param{
		{Path: "associations[0].MaxConcurrency", Values: []string{"1%", "2%", "5%", "10%", "15%", "20%", "25%", "30%", "40%", "50%"}},
		{Path: "fleet[0].behavior.failure", Values: []string{"0.005", "0.01", "0.02", "0.05", "0.1"}},
	}
	cells := sweep.Grid(params)
	parsed := make([]scenarios.Scenario, len(cells))
	for _, c := range cells {
		edited, err := sweep.Apply(doc, params, c)
		if err == nil {
			parsed[c.Index], err = scenarios.Parse("default.yaml", edited)
		}
		if err != nil {
			return Result{}, err
		}
	}
	jobs := sweep.Jobs(cells, 10, 1)
	var nodeExecs int64
	var c0, lastCPU time.Duration
	var mu sync.Mutex
	run := func(workers int) ([]reports.RunResult, time.Duration, error) {
		nodeExecs = 0
		runtime.GC() // each configuration starts from the same heap
		t0 := time.Now()
		c0 = cpuTime()
		defer func() { lastCPU = cpuTime() - c0 }()
		res, err := sweep.Execute(ctx, jobs, workers, func(j sweep.Job) (reports.RunResult, error) {
			r, _, err := sweep.Analyze(parsed[j.Cell], j.Seed)
			mu.Lock()
			nodeExecs += int64(r.Totals.Succeeded + r.Totals.Failed)
			mu.Unlock()
			return r.WithoutSeries(), err
		}, nil)
		return res, time.Since(t0), err
	}
	// Half a second of work is at the mercy of a shared machine's noise:
	// each configuration runs three times, alternating, and the fastest of
	// each counts (every run must give the same results).
	cores := defaultWorkers()
	available := idleCheck(cores)
	var one []reports.RunResult
	t1, tn := time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
	cpu1, cpun := time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
	var ms0, ms1 runtime.MemStats
	for round := range 3 {
		for _, workers := range []int{1, cores} {
			if round == 0 && workers == 1 {
				runtime.ReadMemStats(&ms0)
			}
			res, took, err := run(workers)
			if round == 0 && workers == 1 {
				runtime.ReadMemStats(&ms1)
			}
			if err != nil {
				return Result{}, err
			}
			if one == nil {
				one = res
			} else if !reflect.DeepEqual(fmt.Sprint(one), fmt.Sprint(res)) {
				return Result{}, fmt.Errorf("sweep: 1 worker and %d workers gave different results", workers)
			}
			if workers == 1 {
				t1, cpu1 = min(t1, took), min(cpu1, lastCPU)
			} else {
				tn, cpun = min(tn, took), min(cpun, lastCPU)
			}
		}
	}
	sims := float64(len(jobs))
	r := Result{Name: "sweep", Wall: tn, NodeExecutions: nodeExecs, NodeExecutionsPerSec: float64(nodeExecs) / tn.Seconds(),
		Extra: map[string]float64{"simulations": sims, "seconds_1_worker": round3(t1.Seconds()),
			"workers": float64(cores), "parallel_efficiency": round3(t1.Seconds() / (tn.Seconds() * float64(cores))),
			// The work (its CPU on one worker) over what the cores could do
			// in the parallel run's wall time: unlike the wall ratio, not
			// flattered by the garbage collector's use of a second core
			// while one worker runs.
			"parallel_efficiency_cpu": round3(cpu1.Seconds() / (tn.Seconds() * float64(cores))),
			"cpu_s_1_worker":          round3(cpu1.Seconds()),
			"cpu_s_all_workers":       round3(cpun.Seconds()),
			"machine_available":       round3(available),
			"alloc_bytes_per_sim":     float64(int64(float64(ms1.TotalAlloc-ms0.TotalAlloc) / sims)),
			"allocs_per_sim":          float64(int64(float64(ms1.Mallocs-ms0.Mallocs) / sims))}}
	if available < 0.9 {
		r.Note = fmt.Sprintf("the machine was too loaded to measure parallel efficiency by wall time: %.0f%% of %d cores were ours in an idle check; parallel_efficiency_cpu still holds", 100*available, cores)
	}
	return r, nil
}

// idleCheck spins every core for 200 ms and returns the share of that
// time the process got: 1 on an idle machine, less when others run.
func idleCheck(cores int) float64 {
	const spin = 200 * time.Millisecond
	c0, t0 := cpuTime(), time.Now()
	var wg sync.WaitGroup
	for range cores {
		wg.Go(func() {
			x := 1.0
			for time.Since(t0) < spin {
				for range 1000 {
					x = x*1.0000001 + 1e-9
				}
			}
			_ = x
		})
	}
	wg.Wait()
	return min(1, (cpuTime()-c0).Seconds()/(time.Since(t0).Seconds()*float64(cores)))
}

// serveWorkload answers a read-heavy mix — DescribeAssociationExecutions,
// DescribeInstanceAssociationsStatus, ListAssociations — from 16
// concurrent keep-alive clients on loopback, over the default scenario
// after its rollout; it reports calls/s and the latency quantiles.
func serveWorkload(ctx context.Context) (Result, error) {
	return serveMix(ctx, "serve", 0, nil)
}

// serveStateWorkload is serve with every 5th call a write
// (AddTagsToResource) journaled to disk, synced before its answer
// (serve --state): what keeping state costs.
func serveStateWorkload(ctx context.Context) (Result, error) {
	dir, err := os.MkdirTemp("", "ssmsim-bench-state-*")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(dir)
	sc, _ := scenarios.Builtin("default")
	j, _, err := server.OpenFileJournal(dir, server.JournalHeader{Seed: sc.Seed, Scenario: sc.Name})
	if err != nil {
		return Result{}, err
	}
	defer j.Close()
	return serveMix(ctx, "serve-state", 5, j)
}

// serveMix runs the serve workloads: writeEvery > 0 makes every
// writeEvery-th call a write.
func serveMix(ctx context.Context, name string, writeEvery int, j server.Journal) (Result, error) {
	resetPeakRSS()
	sc, _ := scenarios.Builtin("default")
	r, err := sc.Execute(sc.Seed, nil)
	if err != nil {
		return Result{}, err
	}
	return serveCalls(ctx, name, r.Sim, r.Created[0].AssociationDescription.AssociationID, sc.Seed, writeEvery, j)
}

// serveLargeWorkload is serve against the state the issue names: 100,000
// nodes and 2,000 associations, each over its own 50 nodes every 30
// minutes, after two hours (8,000 executions and 400,000 target rows of
// history).
func serveLargeWorkload(ctx context.Context) (Result, error) {
	resetPeakRSS()
	s, err := sim.New(sim.Config{Seed: 1})
	if err != nil {
		return Result{}, err
	}
	var first string
	for g := range 2000 {
		tag := []model.Tag{{Key: "group", Value: strconv.Itoa(g)}}
		if _, err := s.AddNodes(sim.NodeGroup{Count: 50, Tags: tag, Behavior: sim.Behavior{Duration: sim.LogNormal(time.Minute, 0.5), FailureProbability: 0.02}}); err != nil {
			return Result{}, err
		}
		out, err := s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shell,
			Targets: []model.Target{{Key: "tag:group", Values: []string{strconv.Itoa(g)}}}, ScheduleExpression: "rate(30 minutes)", MaxConcurrency: "10%"})
		if err != nil {
			return Result{}, err
		}
		if g == 0 {
			first = out.AssociationDescription.AssociationID
		}
	}
	s.RunUntil(s.Now().Add(2*time.Hour - time.Millisecond))
	r, err := serveCalls(ctx, "serve-large", s, first, 1, 0, nil)
	r.Extra["records"] = float64(s.RetainedRecords())
	return r, err
}

// serveCalls drives the read-heavy mix (writeEvery > 0: every Nth call a
// write) against a server over s from 16 keep-alive clients on loopback,
// in a separate process when ClientProcess is set.
func serveCalls(ctx context.Context, name string, sm *sim.Sim, id string, seed uint64, writeEvery int, j server.Journal) (Result, error) {
	ts := httptest.NewServer(server.New(sm, server.Options{Seed: seed, Journal: j}))
	defer ts.Close()
	const clients, calls = 16, 1500
	bodies := []Call{
		{"DescribeAssociationExecutions", `{"AssociationId":"` + id + `"}`},
		{"ListAssociations", `{"MaxResults":10}`},
	}
	nodes := sm.Fleet().Len()
	plan := Plan{URL: ts.URL, Streams: make([][]Call, clients)}
	for c := range clients {
		for i := range calls {
			call := Call{"DescribeInstanceAssociationsStatus", `{"InstanceId":"` + sm.Fleet().ID((c*calls+i)%nodes) + `"}`}
			switch {
			case writeEvery > 0 && i%writeEvery == writeEvery-1:
				call = Call{"AddTagsToResource", fmt.Sprintf(`{"ResourceType":"Association","ResourceId":"%s","Tags":[{"Key":"k%d","Value":"%d"}]}`, id, c, i)}
			case i%3 != 0:
				call = bodies[i%3-1]
			}
			plan.Streams[c] = append(plan.Streams[c], call)
		}
	}
	c0 := cpuTime()
	l, err := drive(ctx, plan)
	if err != nil {
		return Result{}, fmt.Errorf("%s: %w", name, err)
	}
	serverCPU := cpuTime() - c0
	if l.Failures > 0 {
		return Result{}, fmt.Errorf("%s: %d of %d calls failed, the first: %s", name, l.Failures, l.Calls, l.Failure)
	}
	r := Result{Name: name, Wall: l.Wall, PeakRSS: peakRSS(), Extra: map[string]float64{"calls": float64(l.Calls), "clients": clients,
		"calls_per_sec": float64(int(float64(l.Calls) / l.Wall.Seconds())), "p50_ms": ms(l.P50), "p99_ms": ms(l.P99), "max_ms": ms(l.Max)}}
	if l.Proc {
		// The client in its own process: this process's CPU is the server's.
		r.Extra["client_process"], r.Extra["client_cpu_s"], r.Extra["server_cpu_s"] = 1, round3(l.CPU.Seconds()), round3(serverCPU.Seconds())
	}
	return r, nil
}

// restartWorkload measures what snapshots buy a --state server: 90 days of
// 10,000 nodes at rate(30 minutes) (MaxConcurrency 10%, the server's
// one-week retention) driven through the control and AWS APIs with a
// journal, then a restart from the snapshot taken on shutdown against a
// restart replaying the whole journal. Both must reach the same
// simulation (equal snapshots) before it reports.
func restartWorkload(ctx context.Context) (Result, error) {
	dir, err := os.MkdirTemp("", "ssmsim-bench-restart-*")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(dir)
	const seed, days = 1, 90
	header := server.JournalHeader{Seed: seed, Retention: 7 * 24 * time.Hour}
	newServer := func(j server.Journal) (*server.Server, error) {
		s, err := sim.New(sim.Config{Seed: seed, Decisions: sim.Decisions{Retention: header.Retention}})
		if err != nil {
			return nil, err
		}
		return server.New(s, server.Options{Seed: seed, Journal: j, MaxMemoryBytes: -1}), nil
	}
	call := func(srv *server.Server, path, target, body string) error {
		req := httptest.NewRequestWithContext(ctx, http.MethodPost, path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if target != "" {
			req.Header.Set("Content-Type", server.ContentType)
			req.Header.Set("X-Amz-Target", "AmazonSSM."+target)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			return fmt.Errorf("restart: %s %s: %d %s", path, target, rec.Code, rec.Body)
		}
		return nil
	}
	j, _, err := server.OpenFileJournal(dir, header)
	if err != nil {
		return Result{}, err
	}
	srv, err := newServer(j)
	if err != nil {
		return Result{}, err
	}
	t0, c0 := time.Now(), cpuTime()
	steps := []struct{ path, target, body string }{
		{"/_ssmsim/nodes", "", `{"Count": 10000, "Tags": {"fleet": "all"}, "Behavior": {"Outcome": "random", "FailureProbability": 0.02, "DurationSeconds": 60}}`},
		{"/", "CreateAssociation", `{"Name": "AWS-RunShellScript", "Parameters": {"commands": ["true"]}, "Targets": [{"Key": "tag:fleet", "Values": ["all"]}], "ScheduleExpression": "rate(30 minutes)", "MaxConcurrency": "10%"}`},
	}
	for range days / 30 {
		steps = append(steps, struct{ path, target, body string }{"/_ssmsim/advance", "", `{"Seconds": 2592000}`})
	}
	for _, st := range steps {
		if err := call(srv, st.path, st.target, st.body); err != nil {
			j.Close()
			return Result{}, err
		}
	}
	session, sessionCPU := time.Since(t0), cpuTime()-c0
	var events uint64
	srv.Do(func(s *sim.Sim) { events = s.Events() })
	// What a snapshot holds the lock for: the copy of the state.
	var captured time.Duration
	srv.Do(func(s *sim.Sim) {
		t0 := time.Now()
		_ = s.Capture()
		captured = time.Since(t0)
	})
	t0, c0 = time.Now(), cpuTime()
	if err := srv.SnapshotNow(); err != nil {
		j.Close()
		return Result{}, err
	}
	write, writeCPU := time.Since(t0), cpuTime()-c0
	if err := j.Close(); err != nil {
		return Result{}, err
	}
	fi, err := os.Stat(dir + "/snapshot")
	if err != nil {
		return Result{}, err
	}
	// restart brings up a server from dir, from the snapshot or not, and
	// returns its simulation's snapshot's bytes for the comparison.
	restart := func(useSnapshot bool) (time.Duration, time.Duration, []byte, error) {
		runtime.GC()
		t0, c0 := time.Now(), cpuTime()
		j, entries, err := server.OpenFileJournal(dir, header)
		if err != nil {
			return 0, 0, nil, err
		}
		defer j.Close()
		srv, err := newServer(nil)
		if err != nil {
			return 0, 0, nil, err
		}
		if useSnapshot {
			snap, info, err := j.LoadSnapshot(entries, sim.RestoreOptions{})
			if err == nil && snap == nil {
				err = fmt.Errorf("restart: no snapshot")
			}
			if err == nil {
				err = srv.ReplayFrom(snap, info, entries)
			}
			if err != nil {
				return 0, 0, nil, err
			}
		} else if err := srv.Replay(entries); err != nil {
			return 0, 0, nil, err
		}
		took, cpu := time.Since(t0), cpuTime()-c0
		var buf strings.Builder
		var werr error
		srv.Do(func(s *sim.Sim) { werr = s.WriteSnapshot(&buf) })
		return took, cpu, []byte(buf.String()), werr
	}
	fast, fastCPU, a, err := restart(true)
	if err != nil {
		return Result{}, err
	}
	slow, slowCPU, b, err := restart(false)
	if err != nil {
		return Result{}, err
	}
	if string(a) != string(b) {
		return Result{}, fmt.Errorf("restart: the snapshot and the journal restored different simulations")
	}
	return Result{Name: "restart", Wall: fast, Nodes: 10_000, Extra: map[string]float64{
		"days": days, "session_events": float64(events), "session_s": round3(session.Seconds()), "session_cpu_s": round3(sessionCPU.Seconds()),
		"snapshot_write_s": round3(write.Seconds()), "snapshot_lock_s": round3(captured.Seconds()), "snapshot_write_cpu_s": round3(writeCPU.Seconds()), "snapshot_mb": round3(float64(fi.Size()) / 1e6),
		"restart_snapshot_s": round3(fast.Seconds()), "restart_snapshot_cpu_s": round3(fastCPU.Seconds()),
		"restart_replay_s": round3(slow.Seconds()), "restart_replay_cpu_s": round3(slowCPU.Seconds()),
		"replay_over_snapshot_cpu": round3(slowCPU.Seconds() / fastCPU.Seconds())}}, nil
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	user, sys := cpuTimes()
	return user + sys
}

// cpuTimes is the process's CPU time so far in user space and in the
// kernel (system time).
func cpuTimes() (user, sys time.Duration) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())
}
