package javaregex

import (
	"regexp"
	"testing"
)

// The one thing callers choose is what Java's "$" becomes: find semantics
// let a final line terminator through (Java's Matcher.find), full-match
// semantics do not; "." never matches a line terminator, as in Java.
func TestToRE2_DollarAndDot(t *testing.T) {
	for _, tt := range []struct {
		dollar, in string
		want       bool
	}{
		{Dollar, "abc\n", true},
		{`\z`, "abc\n", false},
		{`\z`, "abc", true},
		{Dollar, "ab\u2028c", false},
	} {
		re2, err := ToRE2(`^a.c$`, tt.dollar)
		if err != nil {
			t.Fatal(err)
		}
		if got := regexp.MustCompile(re2).MatchString(tt.in); got != tt.want {
			t.Errorf("ToRE2(^a.c$, %q) on %q: %v, want %v", tt.dollar, tt.in, got, tt.want)
		}
	}
	if _, err := ToRE2(`[a`, Dollar); err == nil {
		t.Error("an unterminated class must be refused")
	}
}
