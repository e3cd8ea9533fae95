package reports

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// GlossaryEntry explains one kind of line of the text reports: the
// README's "Reading the summary" tables and `ssmsim run --explain` are
// both made from these, so they cannot disagree.
type GlossaryEntry struct {
	// Line is how the README shows the line (Markdown).
	Line string
	// Labels are the words such lines begin with, as printed.
	Labels []string
	// Meaning is what the line says (Markdown: `code` and nothing else).
	Meaning string
	// In, when set, is the label of the block (the unindented line above)
	// these labels mean this in; elsewhere another entry explains them.
	In string
	// Header, when set, picks a line by what it contains instead: a table
	// header that begins with a name rather than a label.
	Header string
}

func g(line string, labels []string, meaning string) GlossaryEntry {
	return GlossaryEntry{Line: line, Labels: labels, Meaning: meaning}
}

func gIn(block, line string, labels []string, meaning string) GlossaryEntry {
	return GlossaryEntry{Line: line, Labels: labels, Meaning: meaning, In: block}
}

// Glossary explains every line a single run's text report prints.
var Glossary = []GlossaryEntry{
	g("`ssmsim run`, `nodes`, `association`, `targets`, `MaxConcurrency`, `MaxErrors`",
		[]string{"ssmsim run", "nodes", "association", "targets", "MaxConcurrency", "MaxErrors"},
		"the scenario, seed, fleet size at the start, and each association's effective parameters as given"),
	g("`fault …`", []string{"fault"},
		"a fault rule of the scenario: which AWS calls ssmsim serve makes fail, how and when (a run makes no AWS calls, so its figures are not affected)"),
	g("`virtual time A → B`", []string{"virtual time"},
		"the simulated span: the scenario's start, and when the run ended (the last event, or the horizon, where nothing starts: D21)"),
	g("`executions N  Failed 1, …`", []string{"executions"},
		"executions created, by Status (D6: `Success` only when nothing stopped the run and every dispatched target succeeded — one failed target makes it `Failed` even under the MaxErrors threshold)"),
	g("`stopped by  MaxErrors 3, …`", []string{"stopped by"},
		"the executions whose dispatching something stopped early, by stop reason (printed only when one was)"),
	g("`target runs succeeded … not dispatched …, in progress …`", []string{"target runs"},
		"target runs over every execution by outcome; `undeliverable` (node offline) is part of `failed`; `not dispatched` are targets of a stopped or unfinished execution never sent; `in progress` appears when the end cut a run short"),
	g("`compliance … final F  50% T …`", []string{"compliance"},
		"`final`: the association's compliance at the end; `50% T`: time from the first execution's start until 50% of its targets had a latest run of Success (`n/a`: never reached)"),
	g("`execution ID Status`", []string{"execution", "created"},
		"one block per execution; with many executions, one row each under a `created  trigger  status …` header with the same figures (`stopped after` is `stopped at` less the creation time)"),
	gIn("execution", "`targets N  concurrency C, error threshold E`", []string{"targets"},
		"the execution's resolved target count, MaxConcurrency as a number, and the MaxErrors threshold: dispatching stops once errors exceed it (which outcomes are errors: D7)"),
	g("`succeeded`, `failed`, `timed out`, `cancelled`, `not dispatched`, `in progress`",
		[]string{"succeeded", "failed", "timed out", "cancelled", "not dispatched", "in progress"},
		"the execution's target runs by outcome, as in `target runs`"),
	g("`errors`", []string{"errors"}, "outcomes that count toward MaxErrors: Failed (not undeliverable) and TimedOut"),
	g("`joined during the run`", []string{"joined during the run"},
		"nodes that joined the target set while the execution ran, dispatched outside the budget (D4)"),
	g("`stop reason`", []string{"stop reason"},
		"what stopped dispatching: `none`, `MaxErrors`, `Alarm`, `Calendar`, `Duration`, `Update`, `Deleted`"),
	g("`stopped at T (after D)`", []string{"stopped at"}, "when dispatching stopped, and how long after the execution's creation"),
	g("`makespan`", []string{"makespan"}, "from the execution's creation to its last completion"),
	g("`peak in flight`, `mean in flight`", []string{"peak in flight", "mean in flight"},
		"target runs dispatched and not finished: the most at once, and the time-weighted mean over the makespan"),
	g("`run time p50/p90/p99`", []string{"run time"}, "dispatch to completion, per target run"),
	g("`wait time p50/p90/p99`", []string{"wait time"},
		"execution creation to dispatch, per target: how long a node queued behind MaxConcurrency"),
}

// RunsGlossary explains the lines of the text report of several runs
// (`ssmsim run --runs N`).
var RunsGlossary = []GlossaryEntry{
	g("`ssmsim runs`, `virtual start`", []string{"ssmsim runs", "virtual start", "nodes", "association", "targets", "MaxConcurrency", "MaxErrors"},
		"the scenario, the runs and their seeds (one run per seed), the start, and each association's parameters as given"),
	{Line: "`ASSOCIATION  n  mean  95% CI  undefined in`", Header: "  n  mean  ",
		Meaning: "one row per figure: `n` runs that had it, its `mean`, a 95% Student-t confidence interval of the mean, and `undefined in` — the runs where it has no value (a level never reached, a run never stopped)"},
	g("`makespan`, `stopped after`, `peak in flight`, `mean in flight`, `wait p50` … `run p99`",
		[]string{"makespan", "stopped after", "peak in flight", "mean in flight", "wait p50", "wait p90", "wait p99", "run p50", "run p90", "run p99"},
		"the figures of a single run's execution block, taken of each run's first execution when runs have several (a note under the table says so)"),
	g("`time to 50%` … `time to 100%`", []string{"time to 50%", "time to 90%", "time to 99%", "time to 100%"},
		"from the first execution's start until that share of its targets had a latest run of Success"),
	g("`final compliance`", []string{"final compliance"}, "the association's compliance at the end of each run"),
	g("`errors`, `executions`", []string{"errors", "executions"}, "over all of a run's executions: outcomes that count toward MaxErrors (D7), and executions created"),
	gIn("stopped by", "`stopped by  runs  p  95% CI (Wilson)`", []string{"stopped by", "MaxErrors", "Alarm", "Duration", "Update", "Deleted", "Calendar"},
		"per stop reason, the runs in which it stopped an execution, the proportion, and a 95% Wilson interval"),
}

// GlossaryMarkdown renders entries as the README's table.
func GlossaryMarkdown(entries []GlossaryEntry) string {
	var b strings.Builder
	b.WriteString("| line | meaning |\n|---|---|\n")
	for _, e := range entries {
		fmt.Fprintf(&b, "| %s | %s |\n", e.Line, e.Meaning)
	}
	return b.String()
}

// summaryLabel is the label a text report's line begins with: words up to
// two spaces or the end of the line.
var summaryLabel = regexp.MustCompile(`^\s*([A-Za-z][A-Za-z0-9% ]*?)(\s{2,}|$)`)

// SummaryLabel returns the label a line of a text report begins with, if
// any.
func SummaryLabel(line string) (string, bool) {
	m := summaryLabel.FindStringSubmatch(line)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// Explain copies a text report from r to w, annotating the first line of
// each kind with what it means (from entries: Glossary, or RunsGlossary
// for a report of several runs) on a "#" line under it. Lines the
// glossary does not know pass through unchanged.
func Explain(w io.Writer, r io.Reader, entries []GlossaryEntry) error {
	type key struct{ block, label string }
	entryOf := map[key]int{}
	for i, e := range entries {
		for _, l := range e.Labels {
			entryOf[key{e.In, l}] = i
		}
	}
	explained := make([]bool, len(entries))
	block := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	bw := bufio.NewWriter(w)
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(bw, line)
		i, ok := -1, false
		if label, labelled := SummaryLabel(line); labelled {
			if !strings.HasPrefix(line, " ") {
				block = label
			}
			if i, ok = entryOf[key{block, label}]; !ok {
				i, ok = entryOf[key{"", label}]
			}
		} else {
			for j, e := range entries {
				if e.Header != "" && strings.Contains(line, e.Header) {
					i, ok = j, true
				}
			}
		}
		if !ok || explained[i] {
			continue
		}
		explained[i] = true // once per entry: its other labels say the same
		e := entries[i]
		indent := line[:len(line)-len(strings.TrimLeft(line, " "))]
		name := strings.Join(e.Labels, ", ")
		if name == "" {
			name = plain(e.Line)
		}
		for _, l := range wrap(name+": "+plain(e.Meaning), 76) {
			fmt.Fprintf(bw, "%s  # %s\n", indent, l)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return bw.Flush()
}

// plain drops the Markdown of a meaning (its backquotes).
func plain(s string) string { return strings.ReplaceAll(s, "`", "") }

// wrap breaks s into lines of at most width characters at spaces.
func wrap(s string, width int) []string {
	var out []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len(line)+1+len(word) > width {
			out = append(out, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}
