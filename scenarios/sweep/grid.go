package sweep

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Param is one swept parameter: a path into the scenario document and the
// values it takes.
type Param struct {
	Path   string
	Values []string
}

// String renders the parameter as --set takes it.
func (p Param) String() string { return p.Path + "=" + strings.Join(p.Values, ",") }

// ParseSet parses a --set argument, `path=v1,v2,…`. The path is a dotted
// list of keys with [i] list indexes: `fleet[0].behavior.failure`.
func ParseSet(s string) (Param, error) {
	path, vals, ok := strings.Cut(s, "=")
	if !ok || path == "" {
		return Param{}, fmt.Errorf("--set %q: want path=value[,value…]", s)
	}
	if _, err := parsePath(path); err != nil {
		return Param{}, fmt.Errorf("--set %q: %w", s, err)
	}
	p := Param{Path: path}
	for _, v := range strings.Split(vals, ",") {
		if v = strings.TrimSpace(v); v == "" {
			return Param{}, fmt.Errorf("--set %q: empty value", s)
		}
		p.Values = append(p.Values, v)
	}
	return p, nil
}

// step is one element of a path: a mapping key or a list index.
type step struct {
	key   string
	index int // -1 for a key
}

func parsePath(path string) ([]step, error) {
	var steps []step
	for _, part := range strings.Split(path, ".") {
		key, rest, _ := strings.Cut(part, "[")
		if key == "" && rest == "" {
			return nil, fmt.Errorf("path %q has an empty element", path)
		}
		if key != "" {
			steps = append(steps, step{key: key, index: -1})
		}
		for rest != "" {
			idx, tail, ok := strings.Cut(rest, "]")
			n, err := strconv.Atoi(idx)
			if !ok || err != nil || n < 0 {
				return nil, fmt.Errorf("path %q: bad index [%s", path, rest)
			}
			steps = append(steps, step{index: n})
			rest = strings.TrimPrefix(tail, "[")
			if tail != "" && !strings.HasPrefix(tail, "[") {
				return nil, fmt.Errorf("path %q: unexpected %q after an index", path, tail)
			}
		}
	}
	return steps, nil
}

// Cell is one point of the grid: one value per parameter.
type Cell struct {
	Index  int
	Values []string
}

// Label names the cell by its values ("MaxConcurrency=10% failure=0.05").
func (c Cell) Label(params []Param) string {
	parts := make([]string, len(params))
	for i, p := range params {
		last := p.Path
		if j := strings.LastIndexAny(last, ".]"); j >= 0 {
			last = last[j+1:]
		}
		parts[i] = last + "=" + c.Values[i]
	}
	return strings.Join(parts, " ")
}

// Grid is the Cartesian product of the parameters' values, the first
// parameter varying slowest. No parameters make one empty cell.
func Grid(params []Param) []Cell {
	cells := []Cell{{}}
	for _, p := range params {
		var next []Cell
		for _, c := range cells {
			for _, v := range p.Values {
				next = append(next, Cell{Values: append(append([]string(nil), c.Values...), v)})
			}
		}
		cells = next
	}
	for i := range cells {
		cells[i].Index = i
	}
	return cells
}

// Apply returns the scenario document with the cell's values set at the
// parameters' paths. Every step but the last must exist; the last may be a
// new key of a mapping. Values are set as YAML scalars, so "10%" stays a
// string and 0.05 a number.
func Apply(doc []byte, params []Param, cell Cell) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		return nil, fmt.Errorf("sweep: scenario: %w", err)
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 {
		return nil, fmt.Errorf("sweep: scenario is not one YAML document")
	}
	for i, p := range params {
		steps, err := parsePath(p.Path)
		if err != nil {
			return nil, err
		}
		if err := set(root.Content[0], steps, p.Path, cell.Values[i]); err != nil {
			return nil, err
		}
	}
	return yaml.Marshal(&root)
}

func set(n *yaml.Node, steps []step, path, value string) error {
	for i, st := range steps {
		last := i == len(steps)-1
		switch {
		case st.index >= 0:
			if n.Kind != yaml.SequenceNode || st.index >= len(n.Content) {
				return fmt.Errorf("sweep: %s: no list element [%d]", path, st.index)
			}
			if last {
				n.Content[st.index] = like(n.Content[st.index], value)
				return nil
			}
			n = n.Content[st.index]
		default:
			if n.Kind != yaml.MappingNode {
				return fmt.Errorf("sweep: %s: %q is not inside a mapping", path, st.key)
			}
			found := -1
			for j := 0; j+1 < len(n.Content); j += 2 {
				if n.Content[j].Value == st.key {
					found = j + 1
				}
			}
			switch {
			case found >= 0 && last:
				n.Content[found] = like(n.Content[found], value)
				return nil
			case found >= 0:
				n = n.Content[found]
			case last:
				n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: st.key}, scalar(value))
				return nil
			default:
				return fmt.Errorf("sweep: %s: no key %q", path, st.key)
			}
		}
	}
	return nil
}

// like is the new value as a scalar of the old one's type when that was a
// string (MaxConcurrency "10%" swept to 1 stays the string "1").
func like(old *yaml.Node, value string) *yaml.Node {
	if old.Kind == yaml.ScalarNode && old.ShortTag() == "!!str" {
		return &yaml.Node{Kind: yaml.ScalarNode, Value: value, Tag: "!!str"}
	}
	return scalar(value)
}

// scalar is a plain YAML scalar, resolved as YAML resolves it (number,
// bool or string).
func scalar(v string) *yaml.Node {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(v), &n); err == nil && n.Kind == yaml.DocumentNode && len(n.Content) == 1 && n.Content[0].Kind == yaml.ScalarNode {
		return n.Content[0]
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Value: v, Tag: "!!str"}
}
