package catalog

import (
	"slices"
	"strings"
	"testing"

	"github.com/ssmsim/ssmsim/model"
)

// Any content, JSON or YAML, Command or Automation: an error or a document
// that holds together — platforms a subset of AllPlatforms in its order,
// parameters sorted by name and typed String or StringList, a required
// parameter without a default, and a description that renders. Never a
// panic.
func FuzzParse(f *testing.F) {
	entries, err := builtinFiles.ReadDir("builtin")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		b, err := builtinFiles.ReadFile("builtin/" + e.Name())
		if err != nil {
			f.Fatal(err)
		}
		f.Add("JSON", string(b), false)
	}
	f.Add("YAML", "schemaVersion: '2.2'\nparameters:\n  p: {type: String, allowedPattern: '^a+$'}\nmainSteps:\n- action: aws:runShellScript\n  name: s\n", false)
	f.Add("YAML", "schemaVersion: '0.3'\nparameters:\n  x: {type: Integer, default: 3}\n", true)
	f.Add("JSON", `{"schemaVersion":"2.2","mainSteps":[{"action":"aws:runPowerShellScript","name":"w","precondition":{"StringEquals":["platformType","Windows"]}}]}`, false)
	f.Fuzz(func(t *testing.T, format, content string, automation bool) {
		parse := Parse
		if automation {
			parse = ParseAutomation
		}
		d, err := parse("Doc", format, content)
		if err != nil {
			if d != nil {
				t.Fatalf("a document and an error: %v", err)
			}
			return
		}
		var idx []int
		for _, p := range d.Platforms {
			i := slices.Index(AllPlatforms, p)
			if i < 0 {
				t.Fatalf("platform %q is not one of %v", p, AllPlatforms)
			}
			idx = append(idx, i)
		}
		if !slices.IsSorted(idx) {
			t.Fatalf("platforms %v out of order", d.Platforms)
		}
		for i, p := range d.Params {
			if i > 0 && strings.Compare(d.Params[i-1].Name, p.Name) >= 0 {
				t.Fatalf("parameters not sorted: %q then %q", d.Params[i-1].Name, p.Name)
			}
			if p.Type != "String" && p.Type != "StringList" {
				t.Fatalf("parameter %q of type %q", p.Name, p.Type)
			}
			if p.Required && p.Default != "" {
				t.Fatalf("required parameter %q has default %q", p.Name, p.Default)
			}
		}
		desc := d.Describe()
		if len(desc.Hash) != 64 || desc.Name != "Doc" || desc.PlatformTypes == nil && len(d.Platforms) > 0 {
			t.Fatalf("description %+v", desc)
		}
		_ = model.DocumentDescription(*desc)
		if d.Supports("Plan9") {
			t.Fatal("supports a platform that is not one")
		}
	})
}
