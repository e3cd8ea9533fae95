// Package compliance is the compliance store of a simulation: the items
// PutComplianceItems recorded per managed node and compliance type
// (COMPLETE replaces a type's items, PARTIAL updates those given, an
// unchanged ItemContentHash is ignored, at most ten Custom: types a node),
// merged with the association compliance the simulation derives from its
// runs (which owns its items), and summarised per type as
// ListResourceComplianceSummaries shows it.
//
// # Imports
//
// It imports model only; never sim or anything built on it: the
// simulation hands it node IDs, instants and its own items.
package compliance
