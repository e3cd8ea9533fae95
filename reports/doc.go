// Package reports turns simulation results into statistics, readable
// summaries and exported API documents. Reports are pure functions of
// results: every report starts with the seed(s), the scenario and the
// effective parameters, so it can be reproduced, and the same input gives
// the same bytes.
//
// Analyze computes a run's statistics (RunResult): per execution the
// makespan, wait and run-time quantiles, peak and mean in flight, errors
// and stop time; per association compliance over time and the time to
// 50/90/99/100% compliance. AggregateRuns combines runs of several seeds:
// each figure's mean with a 95% Student t interval, and each stop reason's
// probability with a 95% Wilson interval. Undefined statistics are NaN
// (printed "n/a", encoded null), never a made-up zero.
//
// Reporters write to an io.Writer: RunResult.WriteText and
// Aggregate.WriteText (aligned text), WriteJSON and WriteRunsJSON (schemas
// in SCHEMA.md), RunResult.WriteCSV (time series) and WriteHTML (one
// self-contained page with inline SVG charts drawn by package charts).
// Glossary and RunsGlossary say what each line of the text reports means:
// Explain annotates a report with them (ssmsim run --explain), and the
// README's tables are generated from them.
//
// # Imports
//
// It imports model, sim/result (the data a run yields, live or recorded)
// and reports/charts; never sim itself — a report needs no simulation —
// nor sim/server, scenarios or cmd.
package reports
