// Package ssmapi is the SSM API over a simulation: every operation the
// simulation answers — its request checks, lookups, errors, paging,
// filters and answers — and the rendering of every response document.
//
//   - Requests are validated here: CheckRequest applies the service
//     model's constraints (model/validate, as the HTTP front does), and
//     Define the rules the model cannot state (rate-control values,
//     cross-member rules, documents, nodes, calendars), turning an
//     association's Spec into a Definition.
//   - The read operations (DescribeAssociation, ListAssociations,
//     DescribeAssociationExecutions, DescribeInstanceAssociationsStatus,
//     DescribeInstanceInformation, the compliance lists, ...) read the
//     simulation through Core, its read-only query interface.
//   - The write operations (CreateAssociation, UpdateAssociation,
//     DeleteAssociation, StartAssociationsOnce, tags, PutComplianceItems,
//     CreateDocument, ...) validate fully, then give the simulation a
//     command through Control; a command does not fail.
//   - Documents are rendered from the plain state the simulation hands
//     over (the *State types): AssociationDescription and its Overview
//     (D11), Association summaries, AssociationExecution (D6's
//     DetailedStatus, D10's ResourceCountByStatus),
//     AssociationExecutionTarget, a node's association statuses with the
//     agent's ExecutionSummary, InstanceInformation, compliance items.
//
// Package sim implements Core and Control and keeps methods of the same
// names as the operations, which forward here.
//
// # Imports
//
// It imports model and its subpackages, sim/engine (virtual instants),
// sim/status, sim/paging, sim/filter, sim/compliance (summaries) and
// sim/catalog (documents); never sim or anything built on it.
package ssmapi
