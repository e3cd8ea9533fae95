// Package sweep runs a scenario over a grid of parameter values and several
// seeds: the capacity planner's "what if MaxConcurrency were 1, 5%, 10% or
// 25%, and 1% or 5% of runs failed?".
//
// A parameter is a path into the scenario document and a list of values
// (`associations[0].MaxConcurrency=1,5%,10%,25%`); the grid is their
// Cartesian product, the first parameter varying slowest. Each cell runs
// with the same seeds (base seed + run number), so cells differ only by
// their parameters. Jobs run in parallel, but results come back in job
// order, so a sweep's output is the same for any number of workers; a
// shard (i/n) runs the cells whose index is i modulo n, and merging the
// shards' results gives exactly the unsharded result.
//
// # Imports
//
// It imports scenarios, sim and reports (a sweep's statistics); never
// sim/server or cmd.
package sweep
