// Package model is the vocabulary of the SSM State Manager API as ssmsim
// speaks it: wire-exact request and response documents, AWS error codes,
// input validation rules, rate-control values and status enums.
//
// Everything here is pure: no clock, no randomness, no I/O. Documents are
// plain structs whose JSON encoding is exactly what the SSM service sends
// over the AWS JSON 1.1 protocol: member names as in the service model,
// absent members omitted (never null), timestamps as epoch seconds with
// millisecond precision (see [Timestamp]).
//
// Vocabulary:
//   - target: a managed node an association applies to, resolved from the
//     association's Targets when an execution starts.
//   - execution: one application of an association to its resolved targets
//     (AssociationExecution); each dispatched node yields one
//     AssociationExecutionTarget.
//   - in flight: a target that has been dispatched and has not finished.
//   - error threshold: the number of errors an execution tolerates; once the
//     errors exceed it, nothing more is dispatched (see [RateValue]).
//
// # Imports
//
// It imports nothing of ssmsim's: every other package builds on it.
package model
