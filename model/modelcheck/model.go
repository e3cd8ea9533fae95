package modelcheck

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sync"
)

//go:embed testdata/ssm-service-2.json
var modelJSON []byte

// ServiceModel is the parsed botocore service model: its metadata, its
// operations and its shapes, each keyed by name.
type ServiceModel struct {
	Metadata   Metadata              `json:"metadata"`
	Operations map[string]*Operation `json:"operations"`
	Shapes     map[string]*Shape     `json:"shapes"`
}

// Metadata is the part of the model's metadata this package uses.
type Metadata struct {
	APIVersion   string `json:"apiVersion"`
	JSONVersion  string `json:"jsonVersion"`
	Protocol     string `json:"protocol"`
	TargetPrefix string `json:"targetPrefix"`
}

// Operation is one API operation: its input and output shapes (nil when the
// operation has none) and the error shapes it may return.
type Operation struct {
	Name   string     `json:"name"`
	Input  *ShapeRef  `json:"input"`
	Output *ShapeRef  `json:"output"`
	Errors []ShapeRef `json:"errors"`
}

// ShapeRef names a shape; it is how operations and members refer to shapes.
type ShapeRef struct {
	Shape string `json:"shape"`
}

// Shape is one named shape of the model with the traits validation uses.
// Min and Max are nil when the model sets no bound.
type Shape struct {
	Name      string               `json:"-"`
	Type      string               `json:"type"`
	Members   map[string]*ShapeRef `json:"members"`
	Required  []string             `json:"required"`
	Member    *ShapeRef            `json:"member"`
	Key       *ShapeRef            `json:"key"`
	Value     *ShapeRef            `json:"value"`
	Enum      []string             `json:"enum"`
	Pattern   string               `json:"pattern"`
	Min       *int64               `json:"min"`
	Max       *int64               `json:"max"`
	Union     bool                 `json:"union"`
	Exception bool                 `json:"exception"`
	Fault     bool                 `json:"fault"`
	Sensitive bool                 `json:"sensitive"`
}

var (
	modelOnce   sync.Once
	parsedModel *ServiceModel
)

// Model returns the embedded SSM service model, parsed on first use. It
// panics if the embedded model is malformed, which the package tests rule
// out. Callers must not modify the result.
func Model() *ServiceModel {
	modelOnce.Do(func() {
		m, err := parseModel(modelJSON)
		if err != nil {
			panic("modelcheck: embedded model: " + err.Error())
		}
		parsedModel = m
	})
	return parsedModel
}

// parseModel decodes a stripped botocore model and checks that every shape
// reference resolves and every pattern compiles (or is translated).
func parseModel(raw []byte) (*ServiceModel, error) {
	var m ServiceModel
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	var problems []string
	ref := func(where string, r *ShapeRef) {
		if r != nil && m.Shapes[r.Shape] == nil {
			problems = append(problems, fmt.Sprintf("%s refers to unknown shape %q", where, r.Shape))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(m.Shapes)) {
		s := m.Shapes[name]
		s.Name = name
		for _, mn := range slices.Sorted(maps.Keys(s.Members)) {
			ref("shape "+name+" member "+mn, s.Members[mn])
		}
		ref("shape "+name+" member", s.Member)
		ref("shape "+name+" key", s.Key)
		ref("shape "+name+" value", s.Value)
		for _, r := range s.Required {
			if s.Members[r] == nil {
				problems = append(problems, fmt.Sprintf("shape %s requires unknown member %q", name, r))
			}
		}
		if s.Pattern != "" {
			if _, err := compilePattern(s.Pattern); err != nil {
				problems = append(problems, fmt.Sprintf("shape %s: %v", name, err))
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(m.Operations)) {
		op := m.Operations[name]
		ref("operation "+name+" input", op.Input)
		ref("operation "+name+" output", op.Output)
		for i := range op.Errors {
			ref("operation "+name+" error", &op.Errors[i])
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%d problems, first: %s", len(problems), problems[0])
	}
	return &m, nil
}
