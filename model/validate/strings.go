package validate

import "unicode/utf8"

// StringsPass reports whether a request whose only members are strings —
// names[i] set to values[i], as on the wire, every other member absent —
// is valid input of operation: true only where Check of its JSON body
// finds nothing to report. False leaves the answer to Check (a member the
// operation lacks, one that is not a string, a missing required member or
// a broken constraint, each of which Check words). It spares the
// in-process callers of read operations, whose requests are mostly IDs
// and tokens, encoding and decoding a body.
func StringsPass(operation string, names, values []string) bool {
	in := theIndex().ops[operation]
	if in == nil || len(names) != len(values) {
		return false
	}
	for _, m := range in.members {
		if m.required && !contains(names, m.name) {
			return false
		}
	}
	for i, name := range names {
		k, ok := in.byName[name]
		if !ok || in.members[k].shape.typ != typeString || !utf8.ValidString(values[i]) {
			return false
		}
		if len(failed(in.members[k].shape, values[i])) > 0 {
			return false
		}
	}
	return true
}
