// Package ssmapi is the SSM API's read side over a simulation: the read
// operations (DescribeAssociation, DescribeAssociationExecutions,
// DescribeAssociationExecutionTargets, DescribeInstanceAssociationsStatus,
// ListAssociations, ListAssociationVersions,
// DescribeEffectiveInstanceAssociations, DescribeInstanceInformation,
// ListComplianceItems, ListResourceComplianceSummaries,
// ListTagsForResource, DescribeDocument, GetCalendarState) — their
// lookups, errors, paging and filters — answered through Core, the
// simulation's read-only query interface; and the rendering of every
// response document from the plain state the simulation hands it:
// AssociationDescription and its Overview (D11), Association summaries,
// AssociationExecution (D6's DetailedStatus, D10's ResourceCountByStatus),
// AssociationExecutionTarget, a node's association statuses with the
// agent's ExecutionSummary, InstanceInformation, association compliance
// items. Every member name, omission and wording of those documents is
// decided here, in one place.
//
// The operations that change a simulation (create, update, delete, start,
// tags, compliance, documents) are the simulation's own methods (package
// sim); they render their answers with this package too.
//
// # Imports
//
// It imports model, sim/engine (virtual instants), sim/status, sim/paging,
// sim/filter, sim/compliance (summaries) and sim/catalog (the AWS-managed
// documents); never sim or anything built on it: package sim implements
// Core and forwards its read methods here.
package ssmapi
