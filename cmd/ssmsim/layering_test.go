package main

import (
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const modulePath = "github.com/ssmsim/ssmsim"

// allowedImports is the architecture: which of ssmsim's packages each
// package may import (tests aside). Imports flow one way — model ← sim ←
// scenarios, reports ← cmd — and each doc.go says the same in words.
var allowedImports = map[string][]string{
	"model":                           {},
	"model/calendar":                  {},
	"model/schedule":                  {},
	"model/internal/javaregex":        {},
	"model/validate":                  {"model", "model/internal/javaregex"},
	"model/validate/internal/gen":     {},
	"model/modelcheck":                {"model/internal/javaregex"},
	"model/modelcheck/internal/strip": {},
	"sim/engine":                      {},
	"sim/catalog":                     {"model"},
	"sim/result":                      {"model"},
	"sim/paging":                      {"model"},
	"sim/filter":                      {"model"},
	"sim/compliance":                  {"model"},
	"sim/status":                      {"model"},
	"sim/ssmapi":                      {"model", "model/calendar", "model/schedule", "model/validate", "sim/catalog", "sim/compliance", "sim/engine", "sim/filter", "sim/paging", "sim/status"},
	"sim":                             {"model", "model/calendar", "model/schedule", "sim/catalog", "sim/compliance", "sim/engine", "sim/filter", "sim/paging", "sim/result", "sim/ssmapi", "sim/status"},
	"sim/server":                      {"model", "model/validate", "sim"},
	"scenarios":                       {"model", "model/calendar", "model/schedule", "model/validate", "sim"},
	"scenarios/sweep":                 {"reports", "scenarios", "sim"},
	"scenarios/bench":                 {"model", "reports", "scenarios", "scenarios/sweep", "sim", "sim/server"},
	"reports":                         {"model", "reports/charts", "sim/result"},
	"reports/charts":                  {},
	"cmd/ssmsim":                      {"model", "reports", "scenarios", "scenarios/bench", "scenarios/sweep", "sim", "sim/server"},
}

// Every package imports only what the architecture allows, and has a
// doc.go with its package comment and an Imports section. A new package,
// or a new arrow between packages, fails here until it is placed.
func TestLayering_ImportsFlowOneWay(t *testing.T) {
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	var seen []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if n := d.Name(); path != root && (n == "testdata" || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_")) {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(path, 0)
		if _, none := err.(*build.NoGoError); none {
			return nil
		}
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		seen = append(seen, rel)
		allowed, known := allowedImports[rel]
		if !assert.True(t, known, "package %s is not placed in allowedImports", rel) {
			return nil
		}
		for _, imp := range pkg.Imports {
			if imp == modulePath || strings.HasPrefix(imp, modulePath+"/") {
				ours := strings.TrimPrefix(strings.TrimPrefix(imp, modulePath), "/")
				assert.True(t, slices.Contains(allowed, ours), "%s imports %s, which the architecture does not allow", rel, ours)
			}
		}
		doc, err := os.ReadFile(filepath.Join(path, "doc.go"))
		if assert.NoError(t, err, "package %s has no doc.go", rel) {
			assert.Contains(t, string(doc), "// # Imports", "%s/doc.go says nothing of what it imports", rel)
			assert.Regexp(t, `(?m)^// (Package|Command) \w+ `, string(doc), "%s/doc.go holds no package comment", rel)
		}
		return nil
	})
	require.NoError(t, err)
	for pkg := range allowedImports {
		assert.Contains(t, seen, pkg, "allowedImports names %s, which no longer exists", pkg)
	}
}
