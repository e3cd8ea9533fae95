// Package ssmapi renders the simulation's state as the SSM API's response
// documents: AssociationDescription and its Overview (D11), Association
// summaries, AssociationExecution (D6's DetailedStatus, D10's
// ResourceCountByStatus), AssociationExecutionTarget, the status of a node's
// associations (with the agent's ExecutionSummary), InstanceInformation and
// association compliance items. The simulation hands it plain state — the
// *State types, status codes and virtual instants — and every member name,
// omission and wording of the documents is decided here, in one place.
//
// # Imports
//
// It imports model, sim/engine (virtual instants) and sim/status only;
// never sim or anything built on it.
package ssmapi
