package modelcheck

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// uncompilable lists every model pattern Go's regexp cannot run, even
// rewritten by javaToRE2. A new one in the model fails this test until it
// gets a PatternTranslation and is added here, so no pattern is ever skipped
// silently.
var uncompilable = []string{
	`^(?!\s*$).+`,
	`^([\-]?\d{4}(?!\d{2}\b))((-?)((0[1-9]|1[0-2])(\3([12]\d|0[1-9]|3[01]))?|W([0-4]\d|5[0-2])(-?[1-7])?|(00[1-9]|0[1-9]\d|[12]\d{2}|3([0-5]\d|6[1-6])))([T\s]((([01]\d|2[0-3])((:?)[0-5]\d)?|24\:?00)([\.,]\d(?!:))?)?(\17[0-5]\d([\.,]\d)?)?([zZ]|([\-])([01]\d|2[0-3]):?([0-5]\d)?)?)?)?$`,
	`^.{1,100000}$`,
	`^https:\/\/[-a-zA-Z0-9@:%._\+~#=]{1,253}\.s3(\.[a-z\d-]{9,16})?\.amazonaws\.com\/.{1,2000}`,
}

func TestUncompilablePatternsAreTranslated(t *testing.T) {
	shapesByPattern := map[string][]string{}
	for _, name := range slices.Sorted(maps.Keys(Model().Shapes)) {
		if p := Model().Shapes[name].Pattern; p != "" {
			shapesByPattern[p] = append(shapesByPattern[p], name)
		}
	}
	var failing []string
	for _, p := range slices.Sorted(maps.Keys(shapesByPattern)) {
		re2, err := javaToRE2(p)
		if err == nil {
			_, err = regexp.Compile(re2)
		}
		if err != nil {
			failing = append(failing, p)
		}
		_, err = compilePattern(p)
		assert.NoError(t, err, "shapes %v", shapesByPattern[p])
	}
	assert.ElementsMatch(t, uncompilable, failing)

	var translated []string
	for _, tr := range PatternTranslations() {
		translated = append(translated, tr.Pattern)
		assert.Equal(t, shapesByPattern[tr.Pattern], tr.Shapes, "shapes using %s", tr.Pattern)
		assert.NotEmpty(t, tr.Meaning)
	}
	assert.ElementsMatch(t, uncompilable, translated, "exactly the uncompilable patterns are translated")
}

func TestPatternTranslations(t *testing.T) {
	cases := map[string]struct{ match, miss []string }{
		`^(?!\s*$).+`: {
			match: []string{"x", " x", "\tx ", "alarm-1", "a\n", " \n\tx", "\u00a0"},
			miss:  []string{"", " ", "\t\n ", "\nx", "\n"},
		},
		uncompilable[1]: {
			match: []string{"2021", "-2021", "2021-06", "2021-06-01", "20210601", "2021-W05", "2021W053", "2021-W05-3",
				"2021-152", "2021152", "2021-06-01T12", "2021-06-01T12:30", "2021-06-01T12:30:45", "2021-06-01T12:30:45.5",
				"2021-06-01T12:30:45Z", "2021-06-01T12:30:45-07:00", "2021-06-01T12:30:45-0700", "2021-06-01T12:30:45-07",
				"2021-06-01T123045", "2021-06-01T1230", "2021-06-01T1230.512", "2021-06-01T24:00", "2021-06-01T2400",
				"2021-06-01T12:30.5", "2021-06-01 12:30", "2021-06-01T", "2021-06-01TZ", "202106T10", "2021-06-01T12:30z",
				"2021-06-01\n"}, // [T\s] then nothing
			miss: []string{"", "21", "202106", "202106 10", "2021-0601", "202106-01", "2021-13-01", "2021-06-32",
				"2021-06-01T24:00:00", "2021-06-01T12:3045", "2021-06-01T1230:45", "2021-06-01T12:30.5:20",
				"2021-06-01T25:00", "2021-06-01T12:30:45+07:00", "2021-06-01T12:30:45.55", "2021-367",
				"2021-W53", "x2021", "2021-06-01T12:30:45ZZ"},
		},
		`^.{1,100000}$`: {
			match: []string{"x", "héllo wörld", strings.Repeat("é", 100000)},
			miss:  []string{"", "a\nb", strings.Repeat("x", 100001)},
		},
		uncompilable[3]: {
			match: []string{"https://bucket.s3.amazonaws.com/key", "https://my-bucket.s3.us-east-1.amazonaws.com/a/b.json",
				"https://b.s3.amazonaws.com/" + strings.Repeat("k", 3000)},
			miss: []string{"https://bucket.s3.amazonaws.com/", "http://bucket.s3.amazonaws.com/key",
				"https://bucket.s3.x.amazonaws.com/key", "https://bucket.example.com/key", "https://bucket.s3.amazonaws.com/\n"},
		},
	}
	require.Len(t, cases, len(translations))
	for _, tr := range PatternTranslations() {
		tc, ok := cases[tr.Pattern]
		require.True(t, ok, "no cases for %s", tr.Pattern)
		for _, s := range tc.match {
			assert.True(t, tr.Match(s), "%s should match %q", tr.Shapes[0], s)
		}
		for _, s := range tc.miss {
			assert.False(t, tr.Match(s), "%s should not match %q", tr.Shapes[0], s)
		}
	}
}

// Patterns are matched with find semantics: unanchored patterns may match
// any part of the value, anchored ones must match from ^ to $.
func TestPatternFindSemantics(t *testing.T) {
	tests := []struct {
		shape, value string
		ok           bool
	}{
		{"AccountId", "123456789012", true},
		{"AccountId", "All", true}, // (?i)
		{"AccountId", "xx123456789012yy", true},
		{"AccountId", "12345", false},
		{"AssociationVersion", "$LATEST", true},
		{"AssociationVersion", "12", true},
		{"AssociationVersion", "0", false},
		{"DocumentVersion", "$DEFAULT", true},
		{"DocumentVersion", "3", true},
		{"DocumentVersion", "v3", false},
		{"InstanceId", "i-0471e04240e000000", true},
		{"InstanceId", "mi-0123456789abcdef0", true},
		{"InstanceId", "x-123", false},
		{"InstanceId", "i-0471e04240e000000 ", false},
		{"AssociationId", "33858bec-0c55-4547-a054-eb5fc0000000", true},
		{"AssociationId", "33858bec-0c55-4547-a054-eb5fc000000", false},
	}
	for _, tt := range tests {
		t.Run(tt.shape+"/"+tt.value, func(t *testing.T) {
			s := Model().Shapes[tt.shape]
			require.NotNil(t, s)
			require.NotEmpty(t, s.Pattern)
			var c collector
			checkString(&c, "v", s, tt.value, "")
			var patternViolations int
			for _, v := range c.vs {
				if v.Rule == RulePattern {
					patternViolations++
				}
			}
			assert.Equal(t, tt.ok, patternViolations == 0, "%v", c.vs)
		})
	}
}

func TestJavaToRE2(t *testing.T) {
	rewrites := map[string]string{
		`^[0-9]{12}$`:         `^[0-9]{12}` + javaDollar,
		`[$]LATEST|\$x|[.]`:   `[$]LATEST|\$x|[.]`,
		`^.{1,256}$`:          `^` + javaDot + `{1,256}` + javaDollar,
		`[\s\S]*\S\s`:         `[` + javaSpaces + javaNonSpaces + `]*[^` + javaSpaces + `][` + javaSpaces + `]`,
		`(?i)all|[0-9]{12}`:   `(?i)all|[0-9]{12}`,
		`^\/[\w\.\-\:\/]*$`:   `^\/[\w\.\-\:\/]*` + javaDollar,
		`[^\s]`:               `[^` + javaSpaces + `]`,
		`\p{L}\p{Z}(?:a)\x41`: `\p{L}\p{Z}(?:a)\x41`,
	}
	for java, want := range rewrites {
		got, err := javaToRE2(java)
		require.NoError(t, err, java)
		assert.Equal(t, want, got, java)
		_, err = regexp.Compile(got)
		assert.NoError(t, err, java)
	}
	for _, refused := range []string{`a\b`, `(a)\1`, `[a-z&&[^x]]`, `[a[b]]`, `(?s).`, `(?m)^a$`, `\Qa\E`, `a\z`,
		`\u0041`, `[]a]`, `[a`, `a\`} {
		_, err := javaToRE2(refused)
		assert.Error(t, err, refused)
	}
}

// The rewrite keeps Java's meaning where Go's differs.
func TestPatternsKeepJavaMeaning(t *testing.T) {
	tests := []struct {
		pattern, value string
		ok             bool
	}{
		{`^[0-9]{12}$`, "123456789012", true},
		{`^[0-9]{12}$`, "123456789012\n", true}, // Java's $ before a final line terminator
		{`^[0-9]{12}$`, "123456789012\r\n", true},
		{`^[0-9]{12}$`, "123456789012\n\n", false},
		{`^[0-9]{12}$`, "123456789012 ", false},
		{`^.{1,256}$`, "a\rb", false},     // Java's . excludes \r
		{`^.{1,256}$`, "a\u2028b", false}, // and U+2028
		{`^.{1,256}$`, "a\u00a0b", true},
		{`[\s\S]*\S[\s\S]*`, "\x0b", false}, // Java's \s includes \x0B
		{`[\s\S]*\S[\s\S]*`, " \x0b x", true},
		{`(?i)all|[0-9]{12}`, "ALL", true},
	}
	for _, tt := range tests {
		match, err := compilePattern(tt.pattern)
		require.NoError(t, err)
		assert.Equal(t, tt.ok, match(tt.value), "%s on %q", tt.pattern, tt.value)
	}
}
