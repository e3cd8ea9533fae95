// Package modelcheck proves that JSON documents the simulator emits are what
// real AWS Systems Manager would send.
//
// It offers two independent checks:
//
//   - A strict validator against the botocore SSM service model (API version
//     2014-11-06), embedded from testdata/ssm-service-2.json with its
//     documentation stripped (see testdata/NOTICE.md; the model is Apache-2.0
//     material from botocore). CheckOutput, CheckInput, CheckShape and
//     CheckError report every violation found, each with a JSON path such as
//     AssociationDescription.Targets[0].Key and the rule it broke.
//   - ParseWithSDK, which hands a response to the real AWS SDK for Go v2 SSM
//     client over a local httptest server and returns the typed output or the
//     typed SDK error.
//
// # Rules
//
// The validator enforces, for every value reachable from the shape checked:
// members are known (case-sensitive) and required members are present; JSON
// null never appears (absent members are omitted); objects have no duplicate
// keys; each value has its shape's JSON type (structure and map: object,
// list: array, string and blob: string, integer and long: integral number in
// range, boolean, timestamp: number, double and float: number); enum values;
// pattern; min and max (string length in runes, list length, map entries,
// integer value, blob decoded bytes); union structures have exactly one
// member set. Timestamps travel as epoch seconds: a string is rejected, as is
// a number with more than 3 decimal places or written with an exponent.
//
// # Enums
//
// Enums are closed, except for the values in [EnumAllowList]: values real AWS
// is documented to send although the model's enum lacks them.
//
// # Patterns
//
// The model's patterns are Java regular expressions, matched with find
// semantics: a pattern may match any part of the value unless it anchors
// itself with ^ and $. That is how the Smithy pattern trait is defined and
// how Java's Matcher.find, which AWS services validate with, behaves. To keep
// Java's meaning under Go's RE2 engine, each pattern is rewritten first: "."
// excludes every Java line terminator (\n \r U+0085 U+2028 U+2029), "$" also
// matches before one line terminator ending the value, and \s includes \x0B.
// Patterns RE2 cannot run even so (lookahead, backreferences, repeat counts
// above 1000) use the hand translations listed by [PatternTranslations]; a
// test fails when the model gains such a pattern without a translation. The
// build-tagged test javacheck_test.go (go test -tags javacheck, needs a JDK)
// checks every model pattern against java.util.regex on a large corpus.
// Known remaining difference: (?i) folds case with Unicode rules in Go and
// ASCII rules in Java (only "ſ" and the Kelvin sign "K" could tell).
//
// # Imports
//
// It is test support: it imports model/internal/javaregex only, and only
// tests import it.
package modelcheck
