// Package scenarios holds declarative simulation set-ups — a fleet, its
// associations, the decision switches — and the built-in library, and turns
// one into a running simulation.
package scenarios
