package validate

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEmbeddedModel: the embedded model resolves, every pattern runs and the
// shapes validation relies on look as expected.
func TestEmbeddedModel(t *testing.T) {
	ix, err := buildIndex(inputsJSON)
	require.NoError(t, err)
	seen := map[*shape]bool{}
	var walk func(s *shape)
	walk = func(s *shape) {
		if seen[s] {
			return
		}
		seen[s] = true
		if s.pattern != "" {
			assert.NotNil(t, s.match, s.name)
		}
		for _, m := range s.members {
			walk(m.shape)
		}
		for _, x := range []*shape{s.elem, s.key, s.val} {
			if x != nil {
				walk(x)
			}
		}
	}
	for _, in := range ix.ops {
		walk(in)
	}
	assert.Len(t, seen, 651)
	in := ix.ops["CreateAssociation"]
	m := in.members[in.byName["MaxConcurrency"]]
	assert.Equal(t, "maxConcurrency", m.path)
	assert.Equal(t, int64(7), *m.shape.max)
	assert.True(t, in.members[in.byName["Name"]].required)
}

func TestBuildIndexRejects(t *testing.T) {
	for _, raw := range []string{
		`not json`,
		`{"operations": {"Op": "Missing"}, "shapes": {}}`,
		`{"operations": {"Op": "S"}, "shapes": {"S": {"type": "string"}}}`,
		`{"operations": {}, "shapes": {"L": {"type": "list"}}}`,
		`{"operations": {}, "shapes": {"M": {"type": "map", "key": "S"}, "S": {"type": "string"}}}`,
		`{"operations": {}, "shapes": {"S": {"type": "weird"}}}`,
		`{"operations": {}, "shapes": {"S": {"type": "string", "pattern": "a(?=b)"}}}`,
		`{"operations": {}, "shapes": {"S": {"type": "string", "min": 1.5}}}`,
		`{"operations": {}, "shapes": {"S": {"type": "structure", "members": [{"name": "B", "shape": "S"}, {"name": "A", "shape": "S"}]}}}`,
		`{"operations": {}, "shapes": {"S": {"type": "structure", "members": [{"name": "A", "shape": "X"}]}}}`,
	} {
		_, err := buildIndex([]byte(raw))
		assert.Error(t, err, raw)
	}
}

// TestFullMatch: a pattern must match the whole value, as with Java's
// Matcher.matches.
func TestFullMatch(t *testing.T) {
	cases := []struct {
		pattern string
		yes, no []string
	}{
		{`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`,
			[]string{"8dfe3659-4309-493a-8755-0123456789ab"},
			[]string{"x8dfe3659-4309-493a-8755-0123456789ab", "8dfe3659-4309-493a-8755-0123456789abc", ""}},
		{`([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)`,
			[]string{"$LATEST", "$DEFAULT", "1", "120"},
			[]string{"x$LATEST", "$LATESTx", "0", "012", "1\n", "$latest"}},
		{`(^i-(\w{8}|\w{17})$)|(^mi-\w{17}$)`,
			[]string{"i-01234567", "i-0123456789abcdef0", "mi-0123456789abcdef0"},
			[]string{"x-1", "i-0123", "i-01234567\n", "i-012345678"}},
		{`^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$`,
			[]string{"1", "10", "10%", "100%", "1%"},
			[]string{"0", "101%", "abc", "0%", "10\n"}},
		{`(?i)all|[0-9]{12}`, []string{"all", "ALL", "123456789012"}, []string{"allx", "12345678901"}},
		{`[\s\S]*\S[\s\S]*`, []string{"a", " a ", "\n\na"}, []string{"", " \t\n\x0b\f\r"}},
		{`[\w+=,.@/-]+`, []string{"role/a-b_c@d"}, []string{"my role", ""}},
		{`^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32})|(\d{12})$`, []string{"ou-abcd-12345678", "123456789012"}, []string{"ou-abcd-1234567", "12345678901x"}},
		{`tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType`, []string{"tag:a", "Name"}, []string{"tag:", "tag:a\n", "Names"}},
		{`^[\p{L}\p{Z}\p{N}_.:/=\-@]*$|resource-groups:ResourceTypeFilters|resource-groups:Name`,
			[]string{"", "tag:Env", "Ünïcödé 1", "resource-groups:Name"}, []string{"bad!key", "a\tb"}},
	}
	for _, c := range cases {
		match, err := compilePattern(c.pattern)
		require.NoError(t, err, c.pattern)
		for _, s := range c.yes {
			assert.True(t, match(s), "%q should match %s", s, c.pattern)
		}
		for _, s := range c.no {
			assert.False(t, match(s), "%q should not match %s", s, c.pattern)
		}
	}
}

func TestTranslations(t *testing.T) {
	notBlank, err := compilePattern(`^(?!\s*$).+`)
	require.NoError(t, err)
	for s, want := range map[string]bool{"a": true, " a": true, "a ": true, "": false, "  ": false, "\t\x0b\f": false,
		"a\n": false, "\na": false, "a\u2028b": false, "\u00a0": true} {
		assert.Equal(t, want, notBlank(s), "%q", s)
	}
	oneLine, err := compilePattern(`^.{1,100000}$`)
	require.NoError(t, err)
	for s, want := range map[string]bool{"a": true, "": false, strings.Repeat("é", 100000): true,
		strings.Repeat("a", 100001): false, "a\n": false, "a\rb": false} {
		assert.Equal(t, want, oneLine(s), "%q", s)
	}
	url, err := compilePattern(`^https:\/\/[-a-zA-Z0-9@:%._\+~#=]{1,253}\.s3(\.[a-z\d-]{9,16})?\.amazonaws\.com\/.{1,2000}`)
	require.NoError(t, err)
	base := "https://my-bucket.s3.amazonaws.com/"
	for s, want := range map[string]bool{base + "k": true, base: false, base + strings.Repeat("k", 2000): true,
		base + strings.Repeat("k", 2001): false, base + "k\n": false, "https://b.s3.us.amazonaws.com/k": false,
		"https://b.s3.us-east-1.amazonaws.com/k": true, "http://b.s3.amazonaws.com/k": false} {
		assert.Equal(t, want, url(s), "%q", s)
	}
}

func TestJavaToRE2Refusals(t *testing.T) {
	for _, p := range []string{`\1`, `a\b`, `[a[b]]`, `[a&&b]`, `(?s).`, `[]a]`, `[ab`, `a\`} {
		_, err := javaToRE2(p)
		assert.Error(t, err, p)
	}
	_, err := compilePattern(`a(?=b)`)
	assert.Error(t, err)
	re, err := javaToRE2(`[$.]x$.\s`)
	require.NoError(t, err)
	assert.Equal(t, `[$.]x\z`+javaDot+`[`+javaSpaces+`]`, re)
}
