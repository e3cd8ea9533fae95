package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/ssmsim/ssmsim/sim/server"
)

// The conformance corpus: outputs the real service produced, as printed in
// the AWS CLI's documented examples (testdata/conformance/awscli, see its
// NOTICE.md), each replayed against a fresh simulation set up to match the
// example's situation. Every difference between the real output and ours
// must be listed in the case's `accepted` with the reason it does not
// reflect a behaviour difference (the example account's other state, a
// copy-pasted example); an accepted difference that no longer occurs fails
// too, so the list cannot go stale.

// confFile is one testdata/conformance/*.yaml file: the cases of one CLI
// example page.
type confFile struct {
	Source string     `yaml:"source"`
	Cases  []confCase `yaml:"cases"`
}

// confCase is one example: how to set the simulation up, the call, and
// what the real output was.
type confCase struct {
	Name     string `yaml:"name"`
	Output   int    `yaml:"output"`   // the Nth "Output::" block of Source; 0: the example shows none
	Captured string `yaml:"captured"` // when the output was captured, read from its timestamps
	// Args is the example's command line after "aws ssm", with ${var}
	// standing for IDs of this simulation.
	Args  []string   `yaml:"args"`
	Setup []confStep `yaml:"setup"`
	Call  string     `yaml:"call"`
	Body  string     `yaml:"body"` // the JSON the CLI sends for Args
	// Expect is "" (the output block), "empty" (an empty answer: the
	// example says the command prints nothing), "ok" (the example shows no
	// output: any successful answer) or "error CODE".
	Expect string `yaml:"expect"`
	// Why says, for an expected error where the example succeeded, why
	// that is not a difference in behaviour the simulation covers.
	Why string `yaml:"why"`
	// IDs maps identifiers in the real output to variables of this
	// simulation, so that they compare exactly.
	IDs map[string]string `yaml:"ids"`
	// Truncated: the example's author cut lists short ("..."); ours may
	// hold more items.
	Truncated bool           `yaml:"truncated"`
	Accepted  []confAccepted `yaml:"accepted"`
	// Open lists behaviour differences not fixed yet, each with what is
	// missing: they are reported, and fail the test once they no longer
	// occur (move them out then).
	Open []confAccepted `yaml:"open"`
}

// confStep is one setup action: add nodes, make a call, or advance time.
type confStep struct {
	Nodes   string            `yaml:"nodes"` // a POST /_ssmsim/nodes body
	Names   []string          `yaml:"names"` // variables for the new nodes' IDs
	Call    string            `yaml:"call"`
	Body    string            `yaml:"body"`
	Save    map[string]string `yaml:"save"` // variable -> dotted path in the answer
	Advance float64           `yaml:"advance"`
}

// confAccepted is a difference that does not reflect a behaviour
// difference, with the reason.
type confAccepted struct {
	Diff string `yaml:"diff"`
	Why  string `yaml:"why"`
}

const confDir = "testdata/conformance"

func loadConformance(t *testing.T) []confFile {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(confDir, "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	var files []confFile
	for _, p := range paths {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		var f confFile
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		require.NoError(t, dec.Decode(&f), p)
		files = append(files, f)
	}
	return files
}

// rstOutputs returns the Output:: blocks of an example page, in order.
func rstOutputs(t *testing.T, name string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(confDir, "awscli", name))
	require.NoError(t, err)
	lines := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "Output::" {
			continue
		}
		var block []string
		j := i + 1
		for ; j < len(lines); j++ {
			l := lines[j]
			if strings.TrimSpace(l) != "" && !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "\t") {
				break
			}
			block = append(block, l)
		}
		out = append(out, strings.TrimSpace(strings.Join(block, "\n")))
		i = j - 1
	}
	return out
}

var trailingComma = regexp.MustCompile(`,(\s*[\]}])`)

// parseRealOutput turns a printed output into JSON, undoing what the
// example's author did to it: "..." lines standing for omitted items, and
// the trailing comma they leave.
func parseRealOutput(text string) (any, error) {
	var kept []string
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) != "..." {
			kept = append(kept, l)
		}
	}
	text = strings.Join(kept, "\n")
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		if err2 := json.Unmarshal([]byte(trailingComma.ReplaceAllString(text, "$1")), &v); err2 != nil {
			return nil, err
		}
	}
	return v, nil
}

// timestampMembers are the members whose values are instants: compared by
// kind (a number, or the ISO string the CLI v2 prints), not value.
var timestampMembers = map[string]bool{
	"Date": true, "LastUpdateAssociationDate": true, "LastExecutionDate": true,
	"LastSuccessfulExecutionDate": true, "CreatedTime": true, "CreatedDate": true,
	"ExecutionDate": true, "ExecutionTime": true, "LastPingDateTime": true,
	"LastAssociationExecutionDate": true, "LastSuccessfulAssociationExecutionDate": true,
	"AtTime": true, "NextTransitionTime": true, "RegistrationDate": true,
}

// opaqueMembers are values that belong to the example's account or are
// opaque by design: compared by presence only.
var opaqueMembers = map[string]bool{"Hash": true, "Owner": true, "NextToken": true, "OutputSourceId": true}

// conformanceDiff lists the differences between a real output and ours:
// "missing P", "extra P", "length P: real N, ours M", "value P: real X, ours Y".
func conformanceDiff(real, ours any, truncated bool) []string {
	var diffs []string
	var walk func(path, member string, r, o any)
	walk = func(path, member string, r, o any) {
		switch {
		case timestampMembers[member]:
			if !isTimestamp(r) || !isTimestamp(o) {
				diffs = append(diffs, fmt.Sprintf("value %s: real %s, ours %s", path, show(r), show(o)))
			}
			return
		case opaqueMembers[member]:
			return
		}
		switch rv := r.(type) {
		case map[string]any:
			ov, ok := o.(map[string]any)
			if !ok {
				diffs = append(diffs, fmt.Sprintf("value %s: real %s, ours %s", path, show(r), show(o)))
				return
			}
			for _, k := range sortedMapKeys(rv) {
				if _, ok := ov[k]; !ok {
					diffs = append(diffs, "missing "+join(path, k))
				}
			}
			for _, k := range sortedMapKeys(ov) {
				if _, ok := rv[k]; !ok {
					diffs = append(diffs, "extra "+join(path, k))
				}
			}
			for _, k := range sortedMapKeys(rv) {
				if ovk, ok := ov[k]; ok {
					walk(join(path, k), k, rv[k], ovk)
				}
			}
		case []any:
			ov, ok := o.([]any)
			if !ok {
				diffs = append(diffs, fmt.Sprintf("value %s: real %s, ours %s", path, show(r), show(o)))
				return
			}
			if len(rv) != len(ov) && !(truncated && len(ov) > len(rv)) {
				diffs = append(diffs, fmt.Sprintf("length %s: real %d, ours %d", path, len(rv), len(ov)))
			}
			for i := range min(len(rv), len(ov)) {
				walk(path+"["+strconv.Itoa(i)+"]", member, rv[i], ov[i])
			}
		default:
			if !equalJSON(r, o) {
				diffs = append(diffs, fmt.Sprintf("value %s: real %s, ours %s", path, show(r), show(o)))
			}
		}
	}
	walk("", "", real, ours)
	return diffs
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func sortedMapKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func isTimestamp(v any) bool {
	switch x := v.(type) {
	case float64:
		return x > 0 && !math.IsInf(x, 0)
	case string:
		_, err := time.Parse(time.RFC3339, x)
		return err == nil
	}
	return false
}

func equalJSON(a, b any) bool {
	ab, _ := json.Marshal(a)
	bb, _ := json.Marshal(b)
	return bytes.Equal(ab, bb)
}

func show(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 120 {
		return string(b[:117]) + "..."
	}
	return string(b)
}

// confRun is one replay: a fresh simulation and its variables.
type confRun struct {
	t    *testing.T
	url  string
	vars map[string]string
}

func newConfRun(t *testing.T) *confRun {
	_, ts := start(t, 7, server.Options{})
	return &confRun{t: t, url: ts.URL, vars: map[string]string{}}
}

var confVar = regexp.MustCompile(`\$\{([A-Za-z0-9_]+)\}`)

func (r *confRun) expand(s string) string {
	return confVar.ReplaceAllStringFunc(s, func(m string) string {
		v, ok := r.vars[m[2:len(m)-1]]
		require.True(r.t, ok, "undefined variable %s", m)
		return v
	})
}

// call makes one AWS call on the wire and returns the raw answer.
func (r *confRun) call(op, body string) reply {
	if body == "" {
		body = "{}"
	}
	return send(r.t, http.MethodPost, r.url, map[string]string{
		"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AmazonSSM." + op,
	}, r.expand(body))
}

func (r *confRun) setup(steps []confStep) {
	t := r.t
	for i, st := range steps {
		switch {
		case st.Nodes != "":
			rep := send(t, http.MethodPost, r.url+"/_ssmsim/nodes", map[string]string{"Content-Type": "application/json"}, st.Nodes)
			require.Equal(t, 200, rep.Status, "setup %d: %s", i, rep.Body)
			var out struct{ InstanceIds []string }
			require.NoError(t, json.Unmarshal(rep.Body, &out))
			for j, name := range st.Names {
				r.vars[name] = out.InstanceIds[j]
			}
		case st.Call != "":
			rep := r.call(st.Call, st.Body)
			require.Equal(t, 200, rep.Status, "setup %d %s: %s", i, st.Call, rep.Body)
			var doc any
			require.NoError(t, json.Unmarshal(rep.Body, &doc))
			for name, path := range st.Save {
				v := lookupPath(doc, path)
				s, ok := v.(string)
				require.True(t, ok, "setup %d: %s is %v", i, path, v)
				r.vars[name] = s
			}
		case st.Advance > 0:
			rep := send(t, http.MethodPost, r.url+"/_ssmsim/advance", map[string]string{"Content-Type": "application/json"},
				fmt.Sprintf(`{"Seconds": %v}`, st.Advance))
			require.Equal(t, 200, rep.Status, "setup %d: %s", i, rep.Body)
		default:
			t.Fatalf("setup %d: an empty step", i)
		}
	}
}

// lookupPath walks a dotted path; numeric parts index lists.
func lookupPath(doc any, path string) any {
	for _, p := range strings.Split(path, ".") {
		switch x := doc.(type) {
		case map[string]any:
			doc = x[p]
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			doc = x[i]
		default:
			return nil
		}
	}
	return doc
}

// realOutput returns the case's real output with its identifiers replaced
// by this simulation's.
// A variable "@path" names a value of our answer (an ID the call itself
// created).
func (r *confRun) realOutput(c confCase, text string, ours any) any {
	ids := make([]string, 0, len(c.IDs))
	for id := range c.IDs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		name := c.IDs[id]
		var v string
		if path, ok := strings.CutPrefix(name, "@"); ok {
			s, ok := lookupPath(ours, path).(string)
			require.True(r.t, ok, "our answer has no %s", path)
			v = s
		} else {
			v = r.expand("${" + name + "}")
		}
		text = strings.ReplaceAll(text, id, v)
	}
	v, err := parseRealOutput(text)
	require.NoError(r.t, err, "the example's output is not JSON")
	return v
}

func TestConformance_AWSCLIExamples(t *testing.T) {
	files := loadConformance(t)
	covered := map[string][]int{}
	var total, accepted, open int
	for _, f := range files {
		outputs := rstOutputs(t, f.Source)
		for _, c := range f.Cases {
			covered[f.Source] = append(covered[f.Source], c.Output)
			total++
			accepted += len(c.Accepted)
			open += len(c.Open)
			t.Run(strings.TrimSuffix(f.Source, ".rst")+"/"+c.Name, func(t *testing.T) {
				r := newConfRun(t)
				r.setup(c.Setup)
				rep := r.call(c.Call, c.Body)
				var diffs []string
				switch {
				case strings.HasPrefix(c.Expect, "error "):
					require.NotEmpty(t, c.Why, "an expected error needs its reason")
					require.Equal(t, 400, rep.Status, "%s", rep.Body)
					code, _ := rep.errorDoc(t)
					require.Equal(t, strings.TrimPrefix(c.Expect, "error "), code, "%s", rep.Body)
					return
				case c.Expect == "empty":
					require.Equal(t, 200, rep.Status, "%s", rep.Body)
					require.JSONEq(t, `{}`, string(rep.Body))
					return
				case c.Expect == "ok":
					require.Equal(t, 200, rep.Status, "%s", rep.Body)
					return
				case c.Expect != "":
					t.Fatalf("unknown expect %q", c.Expect)
				}
				require.Equal(t, 200, rep.Status, "%s", rep.Body)
				require.True(t, c.Output >= 1 && c.Output <= len(outputs), "output %d of %d", c.Output, len(outputs))
				var ours any
				require.NoError(t, json.Unmarshal(rep.Body, &ours))
				diffs = conformanceDiff(r.realOutput(c, outputs[c.Output-1], ours), ours, c.Truncated)
				known := append(slices.Clone(c.Accepted), c.Open...)
				for i := range known {
					known[i].Diff = r.expand(known[i].Diff)
				}
				checkAccepted(t, diffs, known, rep.Body)
				for _, o := range c.Open {
					t.Logf("open difference: %s (%s)", o.Diff, o.Why)
				}
			})
		}
	}
	// Every output block of every page is a case.
	for _, f := range files {
		n := len(rstOutputs(t, f.Source))
		for i := 1; i <= n; i++ {
			require.Contains(t, covered[f.Source], i, "%s: output %d has no case", f.Source, i)
		}
	}
	t.Logf("%d cases, %d accepted differences, %d open", total, accepted, open)
}

// checkAccepted fails for every difference not accepted and every accepted
// difference that did not occur.
func checkAccepted(t *testing.T, diffs []string, acc []confAccepted, body []byte) {
	t.Helper()
	var unexpected, stale []string
	for _, d := range diffs {
		if !slices.ContainsFunc(acc, func(a confAccepted) bool { return a.Diff == d }) {
			unexpected = append(unexpected, d)
		}
	}
	for _, a := range acc {
		require.NotEmpty(t, a.Why, "accepted difference %q has no reason", a.Diff)
		if !slices.Contains(diffs, a.Diff) {
			stale = append(stale, a.Diff)
		}
	}
	if len(unexpected) > 0 || len(stale) > 0 {
		t.Errorf("differences from the real output:\n  %s\naccepted but not seen:\n  %s\nour answer: %s",
			strings.Join(unexpected, "\n  "), strings.Join(stale, "\n  "), body)
	}
}

// Every example page in the corpus is also replayed with the real AWS CLI,
// from the example's own command line: the CLI must accept it, send what
// the case's Body says, and print our wire answer.
func TestConformance_AWSCLICommandLines(t *testing.T) {
	awsCLI, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("SKIP: the aws command is not installed; the example command lines were not replayed")
	}
	if testing.Short() {
		t.Skip("SKIP: -short: the example command lines were not replayed with the AWS CLI")
	}
	env := append(os.Environ(), "AWS_ACCESS_KEY_ID=x", "AWS_SECRET_ACCESS_KEY=x", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=")
	for _, f := range loadConformance(t) {
		for _, c := range f.Cases {
			if len(c.Args) == 0 {
				continue
			}
			t.Run(strings.TrimSuffix(f.Source, ".rst")+"/"+c.Name, func(t *testing.T) {
				t.Parallel()
				// The same setup twice (same seed): one answers the body on the
				// wire, the other the CLI.
				wire := newConfRun(t)
				wire.setup(c.Setup)
				want := wire.call(c.Call, c.Body)
				r := newConfRun(t)
				r.setup(c.Setup)
				args := []string{"ssm"}
				for _, a := range c.Args {
					args = append(args, r.expand(a))
				}
				cmd := exec.Command(awsCLI, append(args, "--endpoint-url", r.url, "--output", "json", "--no-paginate")...)
				cmd.Env = env
				out, err := cmd.CombinedOutput()
				if strings.HasPrefix(c.Expect, "error ") {
					require.Error(t, err, "%s", out)
					require.Contains(t, string(out), strings.TrimPrefix(c.Expect, "error "))
					return
				}
				require.NoError(t, err, "%s", out)
				if c.Expect == "empty" {
					require.Empty(t, strings.TrimSpace(string(out)))
					return
				}
				if c.Expect == "ok" {
					var doc map[string]any
					require.NoError(t, json.Unmarshal(out, &doc), "%s", out)
					return
				}
				require.JSONEq(t, string(want.Body), string(out))
			})
		}
	}
}
