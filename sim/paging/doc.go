// Package paging is how the SSM list operations page: NextTokens (opaque,
// bound to their operation and scope, keyed by the simulation's seed,
// refused as InvalidNextToken when forged or reused elsewhere), cursors by
// sort key rather than offset (so inserts between calls shift no page),
// default page sizes, and a page filler that visits at most MaxScan
// candidates, so a page costs O(page), never O(fleet).
//
// # Imports
//
// It imports model only; never sim or anything built on it.
package paging
