// Package bench holds ssmsim's standard performance workloads — rollouts
// at 10k, 100k and 1m nodes, a gated month of 50 associations, a sweep, and
// the HTTP endpoint under load — shared by `ssmsim bench` and the Go
// benchmarks. It sits above the packages it measures (sim, scenarios,
// reports, sim/server). Every workload checks its result (counts add up,
// the same seed gives the same totals) before it reports.
//
// # Imports
//
// It imports scenarios, scenarios/sweep, sim, sim/server, reports and model
// (a workload drives them all); never cmd.
package bench
