// Package status is a target run's execution status as the simulation
// records it: compact codes (Code, Detail), their SSM API names, counts of
// them (Counts), and the rule deciding which outcomes count toward
// MaxErrors (IsError, D7) — the one place that rule is written.
//
// # Imports
//
// It imports model only; never sim or anything built on it.
package status
