package reports

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/result"
)

// detailLimit is how many executions the text summary describes in full;
// past it, one line each.
const detailLimit = 3

// WriteText writes the run's summary as aligned text: parameters, totals,
// compliance, then the executions.
func (r RunResult) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format+"\n", args...) }
	p("ssmsim run\tscenario %s\tseed %d", r.Scenario, r.Seed)
	p("virtual time\t%s → %s", r.Start.Format(time.RFC3339), r.End.Format(time.RFC3339))
	p("nodes\t%d", r.Nodes)
	for _, a := range r.Associations {
		p("association\t%s\t%s", associationLabel(a.AssociationName, a.Document), a.AssociationID)
		writeParams(p, a.Targets, a.MaxConcurrency, a.MaxErrors, a.Duration)
	}
	for _, f := range r.Faults {
		p("fault\t%s (ssmsim serve injects it; a run makes no AWS calls)", f)
	}
	t := r.Totals
	p("")
	p("executions\t%d\t%s", t.Executions, countsText(t.ByStatus))
	if len(t.StoppedBy) > 0 {
		p("stopped by\t%s", countsText(t.StoppedBy))
	}
	inProgress := ""
	if t.InProgress > 0 { // a run the end cut short: its targets are not done, nor all "not dispatched"
		inProgress = fmt.Sprintf(", in progress %d", t.InProgress)
	}
	p("target runs\tsucceeded %d, failed %d (undeliverable %d), timed out %d, cancelled %d, not dispatched %d%s",
		t.Succeeded, t.Failed, t.Undeliverable, t.TimedOut, t.Cancelled, t.NotDispatched, inProgress)
	if len(r.Associations) > 0 {
		p("")
		for _, a := range r.Associations {
			p("compliance\t%s\tfinal %s\t50%% %s\t90%% %s\t99%% %s\t100%% %s", associationLabel(a.AssociationName, a.Document),
				formatFraction(a.FinalCompliance), formatSeconds(a.TimeTo.P50), formatSeconds(a.TimeTo.P90),
				formatSeconds(a.TimeTo.P99), formatSeconds(a.TimeTo.P100))
		}
	}
	if len(r.Executions) > detailLimit {
		p("")
		p("created\ttrigger\tstatus\ttargets\tsucceeded\tfailed\terrors\tcancelled\tnot dispatched\tstop\tstopped after\tmakespan\tpeak\tmean")
		for _, e := range r.Executions {
			p("%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%d\t%s", e.Created.Format(time.RFC3339), e.Trigger, e.Status,
				e.Targets, e.Succeeded, e.Failed, e.Errors, e.Cancelled, e.NotDispatched, e.Stop, stopAfterText(e),
				formatSeconds(e.Makespan), e.PeakInFlight, formatCount(e.MeanInFlight))
		}
		return tw.Flush()
	}
	for _, e := range r.Executions {
		threshold := "none"
		if e.Threshold != model.Unlimited {
			threshold = strconv.Itoa(e.Threshold)
		}
		p("")
		p("execution\t%s\t%s", e.ExecutionID, e.Status)
		p("  targets\t%d\tconcurrency %d, error threshold %s", e.Targets, e.Concurrency, threshold)
		p("  succeeded\t%d", e.Succeeded)
		p("  failed\t%d\t(undeliverable %d)", e.Failed, e.Undeliverable)
		p("  timed out\t%d", e.TimedOut)
		p("  errors\t%d", e.Errors)
		if e.Cancelled > 0 {
			p("  cancelled\t%d", e.Cancelled)
		}
		if e.Joined > 0 {
			p("  joined during the run\t%d", e.Joined)
		}
		p("  not dispatched\t%d", e.NotDispatched)
		if e.InProgress > 0 {
			p("  in progress\t%d", e.InProgress)
		}
		p("  stop reason\t%s", e.Stop)
		if e.Stop != result.StopNone {
			at := "n/a"
			if t, ok := e.StopTime(); ok {
				at = t.Format(time.RFC3339Nano)
			}
			p("  stopped at\t%s\t(after %s)", at, stopAfterText(e))
		}
		p("  makespan\t%s", formatSeconds(e.Makespan))
		p("  peak in flight\t%d", e.PeakInFlight)
		p("  mean in flight\t%s", formatCount(e.MeanInFlight))
		p("  run time\tp50 %s\tp90 %s\tp99 %s", formatSeconds(e.RunTime.P50), formatSeconds(e.RunTime.P90), formatSeconds(e.RunTime.P99))
		p("  wait time\tp50 %s\tp90 %s\tp99 %s", formatSeconds(e.WaitTime.P50), formatSeconds(e.WaitTime.P90), formatSeconds(e.WaitTime.P99))
	}
	return tw.Flush()
}

func stopAfterText(e ExecutionStats) string {
	if e.Stop == result.StopNone {
		return "-"
	}
	return formatSeconds(e.StopAfter)
}

func associationLabel(name, document string) string {
	if name != "" {
		return name + " (" + document + ")"
	}
	if document == "" {
		return "(unknown)"
	}
	return document
}

func writeParams(p func(string, ...any), targets []model.Target, maxConcurrency, maxErrors string, duration int32) {
	p("  targets\t%s", targetsText(targets))
	p("  MaxConcurrency\t%s", maxConcurrency)
	p("  MaxErrors\t%s", maxErrors)
	if duration > 0 {
		p("  Duration\t%dh", duration)
	}
}

// WriteText writes the across-runs table: parameters and seeds, then per
// association each figure's mean and 95% confidence interval, then how
// often each stop reason stopped a run (95% Wilson interval).
func (a Aggregate) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format+"\n", args...) }
	p("ssmsim runs\tscenario %s\truns %d\tseeds %s", a.Scenario, len(a.Seeds), seedsText(a.Seeds))
	if !a.Start.IsZero() {
		p("virtual start\t%s", a.Start.UTC().Format(time.RFC3339))
	}
	p("nodes\t%d", a.Nodes)
	for _, aa := range a.Associations {
		p("association\t%s", associationLabel(aa.AssociationName, aa.Document))
		writeParams(p, aa.Targets, aa.MaxConcurrency, aa.MaxErrors, aa.Duration)
	}
	for _, aa := range a.Associations {
		p("")
		p("%s\tn\tmean\t95%% CI\tundefined in", associationLabel(aa.AssociationName, aa.Document))
		for _, f := range aa.Figures {
			undef := ""
			if f.Missing > 0 {
				undef = fmt.Sprintf("%d of %d runs", f.Missing, f.N+f.Missing)
			}
			p("  %s\t%d\t%s\t%s\t%s", figureLabel(f.Name), f.N, formatUnit(f.Mean, f.Unit), intervalText(f.Lo, f.Hi, f.Unit), undef)
		}
		if severalExecutions(aa.Figures) { // the figures then have two scopes: say which is which
			p("  (makespan, stopped after, in flight, wait and run: each run's first execution;")
			p("   errors and executions: all of a run's executions; time to n%%: from the first execution's start)")
		}
		if len(a.Associations) > 1 {
			writeStops(p, "  stopped by", aa.Stops)
		}
	}
	p("")
	writeStops(p, "stopped by", a.Stops)
	return tw.Flush()
}

// figureLabel names a figure for people: "time_to_50" is "time to 50%".
func figureLabel(name string) string {
	if n, ok := strings.CutPrefix(name, "time_to_"); ok {
		return "time to " + n + "%"
	}
	return strings.ReplaceAll(name, "_", " ")
}

func writeStops(p func(string, ...any), title string, stops []StopProbability) {
	p("%s\truns\tp\t95%% CI (Wilson)", title)
	for _, s := range stops {
		p("  %s\t%d/%d\t%s\t%s", s.Reason, s.K, s.N, formatFraction(s.P), intervalText(s.Lo, s.Hi, "fraction"))
	}
}

func intervalText(lo, hi float64, unit string) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "n/a"
	}
	return formatUnit(lo, unit) + " – " + formatUnit(hi, unit)
}

func formatUnit(v float64, unit string) string {
	switch unit {
	case "seconds":
		return formatSeconds(v)
	case "fraction":
		return formatFraction(v)
	}
	return formatCount(v)
}

// formatFraction prints a fraction as a percentage; NaN is "n/a".
func formatFraction(f float64) string {
	if math.IsNaN(f) {
		return "n/a"
	}
	return strconv.FormatFloat(f*100, 'f', 1, 64) + "%"
}

// formatCount prints a (mean) count with one decimal; NaN is "n/a".
func formatCount(f float64) string {
	if math.IsNaN(f) {
		return "n/a"
	}
	return strconv.FormatFloat(f, 'f', 1, 64)
}

// seedsText prints seeds in run order, runs of consecutive seeds as ranges:
// "1-10, 42".
func seedsText(seeds []uint64) string {
	var parts []string
	for i := 0; i < len(seeds); {
		j := i
		for j+1 < len(seeds) && seeds[j+1] == seeds[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", seeds[i], seeds[j]))
		} else {
			parts = append(parts, strconv.FormatUint(seeds[i], 10))
		}
		i = j + 1
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func targetsText(ts []model.Target) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.Key + "=" + strings.Join(t.Values, ",")
	}
	return strings.Join(parts, " AND ")
}

// countsText prints "A 1, B 2" in key order.
func countsText(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + " " + strconv.Itoa(m[k])
	}
	return strings.Join(parts, ", ")
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// severalExecutions reports whether any run had more than one execution.
func severalExecutions(figs []Figure) bool {
	for _, f := range figs {
		if f.Name == "executions" && f.N > 0 && f.Mean > 1 {
			return true
		}
	}
	return false
}
