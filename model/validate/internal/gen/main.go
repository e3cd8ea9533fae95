package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen MODEL.json > inputs.json")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[1])
	if err == nil {
		err = generate(raw, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// source is the part of a botocore model the generator reads.
type source struct {
	Operations map[string]struct {
		Input *struct {
			Shape string `json:"shape"`
		} `json:"input"`
	} `json:"operations"`
	Shapes map[string]sourceShape `json:"shapes"`
}

type sourceRef struct {
	Shape string `json:"shape"`
}

type sourceShape struct {
	Type      string               `json:"type"`
	Members   map[string]sourceRef `json:"members"`
	Required  []string             `json:"required"`
	Member    *sourceRef           `json:"member"`
	Key       *sourceRef           `json:"key"`
	Value     *sourceRef           `json:"value"`
	Min       *json.Number         `json:"min"`
	Max       *json.Number         `json:"max"`
	Pattern   string               `json:"pattern"`
	Enum      []string             `json:"enum"`
	Sensitive bool                 `json:"sensitive"`
}

// outShape is one shape as written to inputs.json. Its fields are declared in
// the alphabetical order of their JSON names, which is the order
// encoding/json writes them in.
type outShape struct {
	Enum      []string     `json:"enum,omitempty"`
	Key       string       `json:"key,omitempty"`
	Max       *json.Number `json:"max,omitempty"`
	Member    string       `json:"member,omitempty"`
	Members   []outMember  `json:"members,omitempty"`
	Min       *json.Number `json:"min,omitempty"`
	Pattern   string       `json:"pattern,omitempty"`
	Sensitive bool         `json:"sensitive,omitempty"`
	Type      string       `json:"type"`
	Value     string       `json:"value,omitempty"`
}

// outMember is one structure member, fields in JSON-name order.
type outMember struct {
	Name     string `json:"name"`
	Required bool   `json:"required,omitempty"`
	Shape    string `json:"shape"`
}

// generate reads the model raw and writes the validation subset to w.
func generate(raw []byte, w io.Writer) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m source
	if err := dec.Decode(&m); err != nil {
		return err
	}
	ops := map[string]string{}
	keep := map[string]bool{}
	var visit func(name string) error
	visit = func(name string) error {
		if keep[name] {
			return nil
		}
		s, ok := m.Shapes[name]
		if !ok {
			return fmt.Errorf("unknown shape %q", name)
		}
		keep[name] = true
		for _, r := range []*sourceRef{s.Member, s.Key, s.Value} {
			if r != nil {
				if err := visit(r.Shape); err != nil {
					return err
				}
			}
		}
		for _, r := range s.Members {
			if err := visit(r.Shape); err != nil {
				return err
			}
		}
		return nil
	}
	for name, op := range m.Operations {
		if op.Input == nil {
			continue // validate treats an operation without input as taking {}
		}
		ops[name] = op.Input.Shape
		if err := visit(op.Input.Shape); err != nil {
			return fmt.Errorf("operation %s: %w", name, err)
		}
	}
	var b bytes.Buffer
	b.WriteString("{\n\"operations\": {\n")
	for i, name := range slices.Sorted(maps.Keys(ops)) {
		writeEntry(&b, name, ops[name], i == len(ops)-1)
	}
	b.WriteString("},\n\"shapes\": {\n")
	names := slices.Sorted(maps.Keys(keep))
	for i, name := range names {
		out, err := convert(m.Shapes[name])
		if err != nil {
			return fmt.Errorf("shape %s: %w", name, err)
		}
		writeEntry(&b, name, out, i == len(names)-1)
	}
	b.WriteString("}\n}\n")
	_, err := w.Write(b.Bytes())
	return err
}

// convert keeps the traits validation needs.
func convert(s sourceShape) (outShape, error) {
	out := outShape{Type: s.Type, Min: s.Min, Max: s.Max, Pattern: s.Pattern, Enum: s.Enum, Sensitive: s.Sensitive}
	if s.Member != nil {
		out.Member = s.Member.Shape
	}
	if s.Key != nil {
		out.Key = s.Key.Shape
	}
	if s.Value != nil {
		out.Value = s.Value.Shape
	}
	required := map[string]bool{}
	for _, r := range s.Required {
		if _, ok := s.Members[r]; !ok {
			return out, fmt.Errorf("requires unknown member %q", r)
		}
		required[r] = true
	}
	for _, name := range slices.Sorted(maps.Keys(s.Members)) {
		out.Members = append(out.Members, outMember{Name: name, Required: required[name], Shape: s.Members[name].Shape})
	}
	return out, nil
}

// writeEntry writes `"name": value` as one line, with a comma unless last.
func writeEntry(b *bytes.Buffer, name string, value any, last bool) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(name) // a string and the plain structs above always encode
	b.Truncate(b.Len() - 1)
	b.WriteString(": ")
	_ = enc.Encode(value)
	b.Truncate(b.Len() - 1)
	if !last {
		b.WriteByte(',')
	}
	b.WriteByte('\n')
}
