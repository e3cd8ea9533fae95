package javaregex

import (
	"fmt"
	"strings"
)

// RE2 spellings of Java constructs whose meaning differs from Go's.
const (
	// Dot is Java's "." without DOTALL: any character but a line
	// terminator.
	Dot = `[^\n\r\x{85}\x{2028}\x{2029}]`
	// Dollar is Java's "$" without MULTILINE: the end of the input, or
	// just before a line terminator that ends the input. Nothing in the model
	// follows a "$" but the end of the pattern or of an alternative, so
	// consuming that terminator instead of looking at it changes no result.
	Dollar = `(?:\r\n|[\n\r\x{85}\x{2028}\x{2029}])?\z`
	// Spaces is Java's \s (\t \n \x0B \f \r and space) inside a class;
	// Go's \s lacks \x0B.
	Spaces = `\x09-\x0D\x20`
	// NonSpaces is Java's \S inside a class.
	NonSpaces = `\x00-\x08\x0E-\x1F\x21-\x{10FFFF}`
)

// ToRE2 rewrites a Java regular expression into RE2 syntax with the same
// meaning: "." "$" \s and \S become the RE2 spellings above, everything else
// is kept. Constructs RE2 cannot express with Java's meaning (word boundaries,
// backreferences, nested classes and intersections, inline flags other than
// i, and the escapes Go lacks) are refused, so their pattern needs a
// hand translation; lookaround and possessive quantifiers pass through and
// are refused by Go's compiler.
func ToRE2(p, dollar string) (string, error) {
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
				b.WriteString(Spaces)
			case c == 's':
				b.WriteString("[" + Spaces + "]")
			case c == 'S' && inClass:
				b.WriteString(NonSpaces)
			case c == 'S':
				b.WriteString("[^" + Spaces + "]")
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
			b.WriteString(Dot)
		case r == '$':
			b.WriteString(dollar)
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
