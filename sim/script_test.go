package sim_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
)

var update = flag.Bool("update", false, "rewrite the expected outputs of testdata/scripts")

// TestScripts runs the data-driven scripts of testdata/scripts: a story
// of State Manager told as library calls, each followed by what it must
// answer (raft's datadriven style). A script is a sequence of
//
//	directive arg=value ...
//	input lines (a request's JSON), if any
//	----
//	expected output, up to a blank line
//
// Directives:
//
//	new seed=N                       a simulation (first)
//	nodes count=N [tags=k:v,...] [duration=1m] [failure=0.1] [offline]
//	call Operation [save=VAR=Path.To.Member]   the input is the request;
//	                                 $VAR in it is replaced by what was saved
//	advance DURATION                 move the clock on
//	run                              until nothing is left to happen
//	alarm NAME STATE                 set a CloudWatch alarm's state
//
// A call answers its response as indented JSON, exactly what the wire
// carries, or "error: Code: message". Run go test ./sim -run TestScripts
// -update to write the expected outputs, and review the diff.
func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/scripts/*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			runScript(t, file)
		})
	}
}

type step struct {
	line     int
	args     []string // the directive and its arguments
	input    string
	expected string
}

func parseScript(t *testing.T, file string) []step {
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	lines := strings.Split(string(data), "\n")
	var steps []step
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		st := step{line: i + 1, args: strings.Fields(l)}
		var in []string
		for i++; i < len(lines) && lines[i] != "----"; i++ {
			in = append(in, lines[i])
		}
		require.Less(t, i, len(lines), "%s:%d: %s has no ---- line", file, st.line, st.args[0])
		var out []string
		for i++; i < len(lines) && lines[i] != ""; i++ {
			out = append(out, lines[i])
		}
		st.input, st.expected = strings.Join(in, "\n"), strings.Join(out, "\n")
		steps = append(steps, st)
	}
	return steps
}

func runScript(t *testing.T, file string) {
	steps := parseScript(t, file)
	var s *sim.Sim
	vars := map[string]string{}
	var rewritten bytes.Buffer
	data, _ := os.ReadFile(file)
	lines := strings.Split(string(data), "\n")
	next := 0 // lines copied to rewritten so far
	for _, st := range steps {
		where := fmt.Sprintf("%s:%d", file, st.line)
		if st.args[0] != "new" && s == nil {
			t.Fatalf("%s: the script must start with new", where)
		}
		got, err := do(&s, st, vars)
		require.NoError(t, err, where)
		if *update {
			// Copy up to the ---- line, then the new output.
			end := st.line
			for end < len(lines) && lines[end-1] != "----" {
				end++
			}
			rewritten.WriteString(strings.Join(lines[next:end], "\n") + "\n" + got + "\n")
			next = end
			for next < len(lines) && lines[next] != "" {
				next++
			}
			continue
		}
		if got != st.expected {
			t.Errorf("%s: %s answered\n%s\nwant\n%s", where, strings.Join(st.args, " "), got, st.expected)
			return // later steps build on this one
		}
	}
	if *update {
		rewritten.WriteString(strings.Join(lines[next:], "\n"))
		require.NoError(t, os.WriteFile(file, rewritten.Bytes(), 0o644))
	}
}

// do runs one directive and returns its output.
func do(sp **sim.Sim, st step, vars map[string]string) (string, error) {
	kv := map[string]string{}
	var flags []string
	for _, a := range st.args[1:] {
		if k, v, ok := strings.Cut(a, "="); ok {
			kv[k] = v
		} else {
			flags = append(flags, a)
		}
	}
	switch st.args[0] {
	case "new":
		seed, err := strconv.ParseUint(kv["seed"], 10, 64)
		if err != nil {
			return "", fmt.Errorf("new: seed=%q: %w", kv["seed"], err)
		}
		s, err := sim.New(sim.Config{Seed: seed})
		*sp = s
		return "ok", err
	case "nodes":
		return nodes(*sp, kv, flags)
	case "advance":
		if len(flags) != 1 {
			return "", errors.New("advance DURATION")
		}
		d, err := time.ParseDuration(flags[0])
		if err != nil {
			return "", err
		}
		(*sp).RunUntil((*sp).Now().Add(d))
		return (*sp).Now().Format(time.RFC3339Nano), nil
	case "run":
		(*sp).Run()
		return (*sp).Now().Format(time.RFC3339Nano), nil
	case "alarm":
		if len(flags) != 2 {
			return "", errors.New("alarm NAME STATE")
		}
		if err := (*sp).SetAlarmState(flags[0], model.AlarmState(flags[1])); err != nil {
			return "error: " + err.Error(), nil
		}
		return "ok", nil
	case "call":
		return call(*sp, flags, kv, st.input, vars)
	}
	return "", fmt.Errorf("unknown directive %q", st.args[0])
}

func nodes(s *sim.Sim, kv map[string]string, flags []string) (string, error) {
	n, err := strconv.Atoi(kv["count"])
	if err != nil {
		return "", fmt.Errorf("nodes: count=%q: %w", kv["count"], err)
	}
	g := sim.NodeGroup{Count: n, Behavior: sim.Behavior{Duration: sim.Fixed(time.Minute)}}
	if v := kv["tags"]; v != "" {
		for _, kv := range strings.Split(v, ",") {
			k, v, _ := strings.Cut(kv, ":")
			g.Tags = append(g.Tags, model.Tag{Key: k, Value: v})
		}
	}
	if v := kv["duration"]; v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return "", err
		}
		g.Behavior.Duration = sim.Fixed(d)
	}
	if v := kv["failure"]; v != "" {
		if g.Behavior.FailureProbability, err = strconv.ParseFloat(v, 64); err != nil {
			return "", err
		}
	}
	for _, f := range flags {
		if f != "offline" {
			return "", fmt.Errorf("nodes: unknown flag %q", f)
		}
		g.Override = sim.OverrideOffline
	}
	first, err := s.AddNodes(g)
	if err != nil {
		return "error: " + err.Error(), nil
	}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = s.Fleet().ID(first + i)
	}
	return strings.Join(ids, " "), nil
}

// call calls the library method named like the operation with the input
// as its request, and renders the answer as the wire does.
func call(s *sim.Sim, flags []string, kv map[string]string, input string, vars map[string]string) (string, error) {
	if len(flags) != 1 {
		return "", errors.New("call OPERATION")
	}
	m := reflect.ValueOf(s).MethodByName(flags[0])
	if !m.IsValid() || m.Type().NumIn() != 1 || m.Type().NumOut() != 2 {
		return "", fmt.Errorf("no operation %s", flags[0])
	}
	for k, v := range vars {
		input = strings.ReplaceAll(input, "$"+k, v)
	}
	if strings.TrimSpace(input) == "" {
		input = "{}"
	}
	in := reflect.New(m.Type().In(0))
	dec := json.NewDecoder(strings.NewReader(input))
	dec.DisallowUnknownFields()
	if err := dec.Decode(in.Interface()); err != nil {
		return "", fmt.Errorf("%s input: %w", flags[0], err)
	}
	res := m.Call([]reflect.Value{in.Elem()})
	if err, _ := res[1].Interface().(error); err != nil {
		return "error: " + err.Error(), nil
	}
	out, err := json.MarshalIndent(res[0].Interface(), "", "  ")
	if err != nil {
		return "", err
	}
	if save := kv["save"]; save != "" {
		name, path, ok := strings.Cut(save, "=")
		if !ok {
			return "", fmt.Errorf("save=%s: want save=VAR=Path.To.Member", save)
		}
		var doc any
		_ = json.Unmarshal(out, &doc)
		for _, p := range strings.Split(path, ".") {
			switch d := doc.(type) {
			case map[string]any:
				doc = d[p]
			case []any:
				i, err := strconv.Atoi(p)
				if err != nil || i < 0 || i >= len(d) {
					return "", fmt.Errorf("save: %s: no element %s", path, p)
				}
				doc = d[i]
			default:
				return "", fmt.Errorf("save: %s: no member %s", path, p)
			}
		}
		str, ok := doc.(string)
		if !ok {
			return "", fmt.Errorf("save: %s is not a string", path)
		}
		vars[name] = str
	}
	return string(out), nil
}
