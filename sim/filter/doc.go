// Package filter compiles the Filters members of the SSM list operations
// — DescribeAssociationExecutions, ListAssociations,
// DescribeInstanceInformation, ListComplianceItems and
// ListResourceComplianceSummaries — into predicates: each filter's key,
// type and values are checked once, with the AWS error code a bad one
// gets, and the predicate matches rendered documents (or, for
// ListAssociations, the few facts of an association a filter can ask).
//
// # Imports
//
// It imports model only; never sim or anything built on it.
package filter
