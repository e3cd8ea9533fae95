package scenarios

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Decoding limits: a scenario file is small; these keep hostile input
// (an alias bomb, a huge file) from costing much.
const (
	maxFileSize  = 8 << 20
	maxErrors    = 20        // problems reported per file
	maxNodeVisit = 1_000_000 // YAML nodes visited, aliases expanded
)

// decoder reads one scenario file's YAML node tree strictly, collecting
// located problems.
type decoder struct {
	file string
	// read returns the content of a `file:` reference, already joined to
	// the scenario file's directory; nil refuses references.
	read   func(name string) ([]byte, error)
	errs   ErrorList
	visits int
	abort  bool // the node budget ran out: report nothing more
	more   bool // problems beyond maxErrors were dropped

	// Where the parts the dry run checks were written.
	groups    []*yaml.Node
	docs      []docSource
	assocs    []*fields
	actionOps []*fields // each action's operation mapping
}

var nullNode = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}

// errorf records a problem at node n (its line) and a field path.
func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	if d.abort {
		return
	}
	if len(d.errs) >= maxErrors {
		d.more = true
		return
	}
	line := 0
	if n != nil {
		line = n.Line
	}
	d.errs = append(d.errs, &FileError{File: d.file, Line: line, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// deref follows aliases, counting every node visited against the budget.
func (d *decoder) deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	if n == nil || n.Kind == yaml.AliasNode {
		return nullNode
	}
	d.visits++
	if d.visits > maxNodeVisit {
		if !d.abort {
			d.errorf(n, "", "the document is too large once its aliases are expanded")
			d.abort = true
		}
		return nullNode
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// describe names what a node holds, for "want X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "null"
		case "!!bool":
			return "the boolean " + n.Value
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!str", "!!timestamp":
			return strconv.Quote(clip(n.Value))
		}
		return "a value tagged " + n.ShortTag()
	}
	return "an unexpected node"
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

// join extends a field path by a key, quoted when it would not read as one.
func join(path, name string) string {
	if name == "" || strings.ContainsAny(name, ".[]\" \t\r\n") {
		name = strconv.Quote(name)
	}
	if path == "" {
		return name
	}
	return path + "." + name
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// fields is a decoded mapping: its key and value nodes by key.
type fields struct {
	d    *decoder
	node *yaml.Node
	path string
	vals map[string]*yaml.Node
	keys map[string]*yaml.Node
}

// mapping checks that n is a mapping with only known keys, each once.
// Null is an empty mapping. On failure it reports and returns ok false.
func (d *decoder) mapping(n *yaml.Node, path string, known []string) (*fields, bool) {
	f := &fields{d: d, node: n, path: path, vals: map[string]*yaml.Node{}, keys: map[string]*yaml.Node{}}
	if isNull(n) {
		return f, true
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "want a mapping, got %s", describe(n))
		return f, false
	}
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := d.deref(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!null" {
			d.errorf(k, path, "a key must be a name, not %s", describe(k))
			ok = false
			continue
		}
		if k.ShortTag() == "!!merge" {
			d.errorf(k, join(path, k.Value), "merge keys (<<) are not supported")
			ok = false
			continue
		}
		name := k.Value
		if first, dup := f.keys[name]; dup {
			d.errorf(k, join(path, name), "duplicate key (first at line %d)", first.Line)
			ok = false
			continue
		}
		f.keys[name] = k
		if known != nil && !contains(known, name) {
			if near := nearest(name, known); near != "" {
				d.errorf(k, join(path, name), "unknown field: did you mean %s? (want one of %s)", near, strings.Join(known, ", "))
			} else {
				d.errorf(k, join(path, name), "unknown field (want one of %s)", strings.Join(known, ", "))
			}
			ok = false
			continue
		}
		f.vals[name] = d.deref(v)
	}
	return f, ok
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// get returns a field's value node (nil when absent or null) and its path.
// A null value is the same as an absent one.
func (f *fields) get(name string) (*yaml.Node, string) {
	v := f.vals[name]
	if isNull(v) {
		v = nil
	}
	return v, join(f.path, name)
}

// has reports whether the field is set (and not null).
func (f *fields) has(name string) bool { return !isNull(f.vals[name]) }

// require reports a missing field.
func (f *fields) require(names ...string) bool {
	ok := true
	for _, name := range names {
		if !f.has(name) {
			f.d.errorf(f.node, join(f.path, name), "missing")
			ok = false
		}
	}
	return ok
}

// sortedKeys are the mapping's keys in file order.
func (f *fields) sortedKeys() []string {
	keys := make([]string, 0, len(f.keys))
	for k := range f.keys {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := f.keys[keys[i]], f.keys[keys[j]]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return keys
}

// list checks that n is a list (null: empty) and returns its elements.
func (d *decoder) list(n *yaml.Node, path string) ([]*yaml.Node, bool) {
	if isNull(n) {
		return nil, true
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, path, "want a list, got %s", describe(n))
		return nil, false
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = d.deref(c)
	}
	return out, true
}

// str reads a string. Numbers are taken as written (MaxErrors: 3 is "3");
// booleans and other tags must be quoted.
func (d *decoder) str(n *yaml.Node, path string) (string, bool) {
	if n.Kind == yaml.ScalarNode {
		switch n.ShortTag() {
		case "!!str", "!!int", "!!float", "!!timestamp":
			return n.Value, true
		}
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
		d.errorf(n, path, "want a string, got %s (quote it)", describe(n))
	} else {
		d.errorf(n, path, "want a string, got %s", describe(n))
	}
	return "", false
}

// integer reads an integer in [lo, hi].
func (d *decoder) integer(n *yaml.Node, path string, lo, hi int64) (int64, bool) {
	var v int64
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&v) != nil {
		d.errorf(n, path, "want an integer, got %s", describe(n))
		return 0, false
	}
	if v < lo || v > hi {
		if v < 0 && lo >= 0 {
			d.errorf(n, path, "%d is negative", v)
		} else {
			d.errorf(n, path, "%d is out of range %d..%d", v, lo, hi)
		}
		return 0, false
	}
	return v, true
}

// number reads a finite real number.
func (d *decoder) number(n *yaml.Node, path string) (float64, bool) {
	var v float64
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") || n.Decode(&v) != nil {
		d.errorf(n, path, "want a number, got %s", describe(n))
		return 0, false
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		d.errorf(n, path, "%s is not a finite number", n.Value)
		return 0, false
	}
	return v, true
}

// boolean reads true or false.
func (d *decoder) boolean(n *yaml.Node, path string) (bool, bool) {
	var v bool
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(&v) != nil {
		d.errorf(n, path, "want true or false, got %s", describe(n))
		return false, false
	}
	return v, true
}

// oneOf reads a string that must be one of the choices.
func (d *decoder) oneOf(n *yaml.Node, path string, choices ...string) (string, bool) {
	s, ok := d.str(n, path)
	if !ok {
		return "", false
	}
	if !contains(choices, s) {
		d.errorf(n, path, "%q is not one of %s", clip(s), strings.Join(choices, ", "))
		return "", false
	}
	return s, true
}

// nearest is the known field a misspelt one most likely meant: the one
// within two edits, case aside (behaviour, MaxConcurency, maxerrors), or
// "" when none is that close or two are equally close.
func nearest(name string, known []string) string {
	best, bestD, tie := "", 3, false
	for _, k := range known {
		switch d := editDistance(strings.ToLower(name), strings.ToLower(k)); {
		case d < bestD:
			best, bestD, tie = k, d, false
		case d == bestD:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
