// Package result holds what a simulation's run yields, as plain data: each
// execution's summary (ExecutionResult, StatusCounts), its target runs
// (TargetRun), the control plane's traces (Trace, TraceKind) and why an
// execution stopped early (StopReason). Reports and records are built from
// these alone, so they need no simulation to read them; package sim
// re-exports each under the same name.
//
// # Imports
//
// It imports model only; never sim or anything built on it.
package result
