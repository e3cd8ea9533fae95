package validate

import (
	"fmt"
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

// RE2 spellings of Java constructs whose meaning differs from Go's.
const (
	// javaDot is Java's "." without DOTALL: any character but a line
	// terminator.
	javaDot = `[^\n\r\x{85}\x{2028}\x{2029}]`
	// javaSpaces is Java's \s (\t \n \x0B \f \r and space) inside a class;
	// Go's \s lacks \x0B.
	javaSpaces = `\x09-\x0D\x20`
	// javaNonSpaces is Java's \S inside a class.
	javaNonSpaces = `\x00-\x08\x0E-\x1F\x21-\x{10FFFF}`
)

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

// javaToRE2 rewrites a Java regular expression into RE2 syntax with the same
// meaning under full-match semantics: "." \s and \S become the RE2 spellings
// above and "$" becomes \z (under Matcher.matches a "$" can only succeed at
// the very end, since nothing after it consumes a final line terminator).
// Constructs RE2 cannot express with Java's meaning (word boundaries,
// backreferences, nested classes and intersections, inline flags other than
// i, and escapes Go lacks) are refused, so their pattern needs a hand
// translation; lookaround and possessive quantifiers pass through and are
// refused by Go's compiler.
func javaToRE2(p string) (string, error) {
	var b strings.Builder
	rs := []rune(p)
	inClass := false
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\\':
			if i+1 == len(rs) {
				return "", fmt.Errorf("trailing backslash")
			}
			i++
			c := rs[i]
			switch {
			case c == 's' && inClass:
				b.WriteString(javaSpaces)
			case c == 's':
				b.WriteString("[" + javaSpaces + "]")
			case c == 'S' && inClass:
				b.WriteString(javaNonSpaces)
			case c == 'S':
				b.WriteString("[^" + javaSpaces + "]")
			case c >= '0' && c <= '9':
				return "", fmt.Errorf(`backreference or octal escape \%c`, c)
			case strings.ContainsRune("bBhHvVRXZzAGQEkuec", c):
				return "", fmt.Errorf(`\%c has no RE2 equivalent with Java's meaning`, c)
			default:
				b.WriteRune('\\')
				b.WriteRune(c)
			}
		case inClass:
			switch {
			case r == '[':
				return "", fmt.Errorf("nested character class")
			case r == '&' && i+1 < len(rs) && rs[i+1] == '&':
				return "", fmt.Errorf("character class intersection")
			case r == ']':
				inClass = false
			}
			b.WriteRune(r)
		case r == '[':
			inClass = true
			b.WriteRune(r)
			if i+1 < len(rs) && rs[i+1] == '^' {
				i++
				b.WriteRune('^')
			}
			if i+1 < len(rs) && rs[i+1] == ']' {
				return "", fmt.Errorf("character class starting with ]")
			}
		case r == '(' && i+2 < len(rs) && rs[i+1] == '?' && isFlagRune(rs[i+2]):
			j := i + 2
			for j < len(rs) && isFlagRune(rs[j]) {
				j++
			}
			if flags := string(rs[i+2 : j]); flags != "i" {
				return "", fmt.Errorf("inline flags (?%s", flags)
			}
			b.WriteRune(r)
		case r == '.':
			b.WriteString(javaDot)
		case r == '$':
			b.WriteString(`\z`)
		default:
			b.WriteRune(r)
		}
	}
	if inClass {
		return "", fmt.Errorf("unterminated character class")
	}
	return b.String(), nil
}

// isFlagRune reports whether r can appear in a Java inline flag group.
func isFlagRune(r rune) bool {
	return r == '-' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
}
