// Package catalog is ssmsim's document catalog: SSM documents as the
// simulation reads them. It parses Command documents (JSON or YAML,
// schema 1.2, 2.0 or 2.2) and Automation runbooks (schema 0.3) into the
// platforms they run on and their parameters, holds the AWS-managed
// documents that exist from the start (their real content is embedded from
// builtin/, provenance in builtin/SOURCES.md), checks an association's
// document version and parameters, and renders a DocumentDescription.
//
// Which documents a simulation has created, and when, is the simulation's
// (package sim); this package keeps no state beyond the built-in documents.
//
// # Imports
//
// It imports model only; never sim or anything above it.
package catalog
