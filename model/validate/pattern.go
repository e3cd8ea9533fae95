package validate

import (
	"fmt"
	"github.com/ssmsim/ssmsim/model/internal/javaregex"
	"regexp"
	"strings"
	"unicode/utf8"
)

// The model's patterns are Java regular expressions and AWS validates a value
// with Java's Matcher.matches: the whole value must match (see doc.go for the
// evidence). Go's regexp (RE2) is used with the pattern rewritten so that it
// keeps Java's meaning; the few patterns RE2 cannot run are translated by
// hand in translation. The approach follows model/modelcheck, which
// uses find semantics instead.

// translation returns the hand-written matcher, with Java's full-match
// meaning, of a model pattern RE2 cannot run (lookahead, repeat counts above
// 1000), or nil when p has none. A test fails if the embedded model gains
// another pattern that neither compiles nor has a translation.
func translation(p string) func(string) bool {
	switch p {
	case `^(?!\s*$).+`:
		// ".+" must consume the whole value, so no line terminator may
		// occur; the lookahead (?!\s*$) then refuses a value made only of
		// Java whitespace.
		return func(s string) bool {
			return s != "" && !strings.ContainsFunc(s, isLineTerminator) &&
				strings.ContainsFunc(s, func(r rune) bool { return !strings.ContainsRune(" \t\x0b\f", r) })
		}
	case `^.{1,100000}$`:
		// 1 to 100000 characters, none a line terminator.
		return func(s string) bool {
			n := utf8.RuneCountInString(s)
			return n >= 1 && n <= 100000 && !strings.ContainsFunc(s, isLineTerminator)
		}
	case `^https:\/\/[-a-zA-Z0-9@:%._\+~#=]{1,253}\.s3(\.[a-z\d-]{9,16})?\.amazonaws\.com\/.{1,2000}`:
		// An S3 https URL, then 1 to 2000 characters other than line
		// terminators up to the end (RE2 caps repeat counts at 1000, so
		// .{1,2000} is written as two repeats).
		return regexp.MustCompile(`\Ahttps://[-a-zA-Z0-9@:%._+~#=]{1,253}\.s3(?:\.[a-z\d-]{9,16})?\.amazonaws\.com/` +
			javaDot + `{1,1000}` + javaDot + `{0,1000}\z`).MatchString
	}
	return nil
}

// isLineTerminator reports whether r ends a line for Java's "." and "$".
func isLineTerminator(r rune) bool {
	return r == '\n' || r == '\r' || r == '\u0085' || r == '\u2028' || r == '\u2029'
}

// compilePattern returns the full-match matcher of a model pattern: its hand
// translation if it has one, else the pattern rewritten by javaToRE2 and
// compiled by Go.
func compilePattern(p string) (func(string) bool, error) {
	if m := translation(p); m != nil {
		return m, nil
	}
	re2, err := javaToRE2(p)
	if err != nil {
		return nil, fmt.Errorf("pattern %q: %v, and it has no hand translation", p, err)
	}
	re, err := regexp.Compile(`\A(?:` + re2 + `)\z`)
	if err != nil {
		return nil, fmt.Errorf("pattern %q: Go cannot compile it (%v), and it has no hand translation", p, err)
	}
	return re.MatchString, nil
}

// javaToRE2 is the package's translation of a model pattern (see javaregex).
func javaToRE2(p string) (string, error) { return javaregex.ToRE2(p, `\z`) }

// Java constructs spelled in RE2, shared with the hand translations.
const (
	javaDot    = javaregex.Dot
	javaSpaces = javaregex.Spaces
)
