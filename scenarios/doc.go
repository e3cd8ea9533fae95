// Package scenarios holds declarative simulation set-ups — a fleet and how
// it changes, documents, alarm timelines, associations, timed API calls,
// the decision switches — and turns one into a running simulation.
//
// Scenarios are written as YAML (or JSON) files, described in SCHEMA.md:
// Parse and Load read one strictly, reporting every problem as a
// *FileError located at its line and field path ("FILE:LINE: PATH:
// message"), and check everything a run would reject, so a parsed
// scenario builds; Marshal writes one back in canonical form.
//
// The built-in library (Builtin, Names, Source) is a set of such files
// embedded under library/, parsed at first use.
//
// # Imports
//
// It imports model and its subpackages and sim; never sim/server, reports or
// cmd.
package scenarios
