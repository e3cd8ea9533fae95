package modelcheck

import (
	"fmt"
	"github.com/ssmsim/ssmsim/model/internal/javaregex"
	"regexp"
	"sync"
)

var patternCache sync.Map // pattern string -> func(string) bool

// compilePattern returns the matcher for a model pattern: its translation if
// it has one, else the pattern rewritten by javaToRE2 and compiled by Go. The
// matcher has find semantics, like Java's Matcher.find.
func compilePattern(p string) (func(string) bool, error) {
	if m, ok := patternCache.Load(p); ok {
		return m.(func(string) bool), nil
	}
	var match func(string) bool
	for _, t := range translations {
		if t.Pattern == p {
			match = t.match
		}
	}
	if match == nil {
		re2, err := javaToRE2(p)
		if err == nil {
			var re *regexp.Regexp
			if re, err = regexp.Compile(re2); err == nil {
				match = re.MatchString
			}
		}
		if err != nil {
			return nil, fmt.Errorf("pattern %q: cannot run it with Go's regexp (%v) and it has no PatternTranslation", p, err)
		}
	}
	patternCache.Store(p, match)
	return match, nil
}

// javaToRE2 is the package's translation of a model pattern (see javaregex).
func javaToRE2(p string) (string, error) { return javaregex.ToRE2(p, javaregex.Dollar) }

// Java constructs spelled in RE2, shared with the hand translations.
const (
	javaDot    = javaregex.Dot
	javaSpaces = javaregex.Spaces
)

const (
	javaDollar    = javaregex.Dollar
	javaNonSpaces = javaregex.NonSpaces
)
