//go:build javacheck

// This test compares every model pattern as this package runs it with
// java.util.regex itself on a large corpus. It needs a JDK (11 or later) on
// PATH and runs only with: go test -tags javacheck ./model/modelcheck/

package modelcheck

import (
	"encoding/hex"
	"fmt"
	"maps"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPatternsAgreeWithJava(t *testing.T) {
	java, err := exec.LookPath("java")
	if err != nil {
		t.Skip("no java on PATH")
	}
	var patterns []string
	seen := map[string]bool{}
	for _, name := range slices.Sorted(maps.Keys(Model().Shapes)) {
		if p := Model().Shapes[name].Pattern; p != "" && !seen[p] {
			seen[p] = true
			patterns = append(patterns, p)
		}
	}

	corpus := []string{"", " ", "a", "abc", "\n", "x\n", "\r", "x\r", "a\u2028b", "\x0b", "\u0085", "\u00a0", "é", "a b",
		"i-0123456789abcdef0", "i-12345678", "mi-0123456789abcdef0", "i-0471e04240EXAMPLE", "x-123",
		"33858bec-0c55-4547-a054-eb5fc0000000", "33858bec-0c55-4547-a054-eb5fcEXAMPLE", "$LATEST", "$DEFAULT", "$ALL",
		"1", "0", "12", "123456789012", "1234567890123", "all", "ALL", "All", "arn:aws:ssm:us-east-1:123456789012:opsitem/oi-123",
		"arn:aws:ssm:us-east-1:123456789012:opsmetadata/a/b", "arn:aws:iam::123456789012:role/x", "tag:Name", "Name", "Tier",
		"1.2.3", "1.2.3.4", "10%", "100%", "0%", "1440", "1441", "AWS:foo", "Custom:bar", "Custom:", "ou-abcd-12345678",
		"https://bucket.s3.amazonaws.com/key", "https://b.s3.us-east-1.amazonaws.com/k", "s3://bucket/key", "s3://bucket/",
		"oi-0123456789ab", "mw-0123456789abcdef0", "aws:ec2", "aws:ab", "range", "count5", "sum", "resource-groups:Name",
		"/path/x", "AWS-RunShellScript", " x", "x ", "\tx", "1.0", "123456.123456", "1.", "abcdefghijklmnop", "a@b.c/d=e,f+g",
		"eks_c:cluster_0123456789abcdef0", "a:b/c_d-e", "x\ny", "\nx", "2021-06-01T12:30:45Z", "20210601T1230.512",
		"2021-W05-3T24:00", "-2021-152 10:30.5-07:00", "202106", "202106T10", "2021-06-01T24:00:00",
		strings.Repeat("a", 257), strings.Repeat("a", 1001)}
	suffixes := []string{"\n", "\r\n", "\r", "\u2028", "\u0085", "\n\n", "\x0b", " "}
	mixed := []rune("aZ09_-.:/@$%+=#~ \t\n\r\x0b\f\u0085\u2028\u00a0éiomwu-ksALTESTDEFAULTW,")
	rng := rand.New(rand.NewSource(1))
	mutate := func(base string, alphabet []rune) string {
		b := []rune(base)
		for k := rng.Intn(3); k >= 0 && len(b) > 0; k-- {
			j := rng.Intn(len(b))
			switch rng.Intn(3) {
			case 0:
				b[j] = alphabet[rng.Intn(len(alphabet))]
			case 1:
				b = append(b[:j], b[j+1:]...)
			default:
				b = append(b[:j], append([]rune{alphabet[rng.Intn(len(alphabet))]}, b[j:]...)...)
			}
		}
		return string(b)
	}
	random := func(alphabet []rune) string {
		b := make([]rune, rng.Intn(20))
		for i := range b {
			b[i] = alphabet[rng.Intn(len(alphabet))]
		}
		return string(b)
	}

	var lines []string
	for pi, p := range patterns {
		match, err := compilePattern(p)
		require.NoError(t, err)
		cases := append([]string(nil), corpus...)
		for _, c := range corpus {
			for _, s := range suffixes {
				cases = append(cases, c+s, s+c)
			}
		}
		for i := 0; i < 3000; i++ {
			if i%2 == 0 {
				cases = append(cases, mutate(corpus[rng.Intn(len(corpus))], mixed))
			} else {
				cases = append(cases, random(mixed))
			}
		}
		if strings.Contains(p, "(?!") { // the hand translations get a closer look
			alphabet := []rune(" \t\n\r\x0b\fab\u00a0\u0085\u2028")
			valid := []string{"x", " x"}
			if strings.Contains(p, `\d{4}`) {
				alphabet = []rune("0123456789-:T .,ZzW+\n")
				valid = []string{"2021-06-01T12:30:45Z", "20210601T123045", "2021-W05-3T10", "2021152T2400",
					"-2021-06-01 10:30.5-07:00", "2021-06-01T1230.512Z", "202106T10"}
			}
			for i := 0; i < 50000; i++ {
				if i%2 == 0 {
					cases = append(cases, mutate(valid[rng.Intn(len(valid))], alphabet))
				} else {
					cases = append(cases, random(alphabet))
				}
			}
		}
		for _, s := range cases {
			lines = append(lines, fmt.Sprintf("%d %s %v", pi, hex.EncodeToString([]byte(s)), match(s)))
		}
	}
	hexPatterns := make([]string, len(patterns))
	for i, p := range patterns {
		hexPatterns[i] = hex.EncodeToString([]byte(p))
	}
	dir := t.TempDir()
	patternsFile, casesFile := filepath.Join(dir, "patterns.txt"), filepath.Join(dir, "cases.txt")
	require.NoError(t, os.WriteFile(patternsFile, []byte(strings.Join(hexPatterns, "\n")+"\n"), 0o644))
	require.NoError(t, os.WriteFile(casesFile, []byte(strings.Join(lines, "\n")+"\n"), 0o644))

	out, err := exec.Command(java, filepath.Join("testdata", "javacheck", "Check.java"), patternsFile, casesFile).CombinedOutput()
	require.NoError(t, err, "%s", out)
	t.Logf("%s", out)
	summary := regexp.MustCompile(`(\d+) cases, (\d+) mismatches`).FindStringSubmatch(string(out))
	require.NotNil(t, summary, "%s", out)
	require.Equal(t, "0", summary[2], "%s", out)
}
