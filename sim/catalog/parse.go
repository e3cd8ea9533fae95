package catalog

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/ssmsim/ssmsim/model"
	"gopkg.in/yaml.v3"
)

// commandContent is the part of a document the simulation reads: its
// description, parameters and plugins (schema 1.2 runtimeConfig, or 2.0 and
// 2.2 mainSteps; Automation's 0.3 steps are not read).
type commandContent struct {
	SchemaVersion string `json:"schemaVersion" yaml:"schemaVersion"`
	Description   string `json:"description" yaml:"description"`
	Parameters    map[string]struct {
		Type           string   `json:"type" yaml:"type"`
		Description    string   `json:"description" yaml:"description"`
		Default        any      `json:"default" yaml:"default"`
		AllowedValues  []string `json:"allowedValues" yaml:"allowedValues"`
		AllowedPattern string   `json:"allowedPattern" yaml:"allowedPattern"`
	} `json:"parameters" yaml:"parameters"`
	RuntimeConfig map[string]any `json:"runtimeConfig" yaml:"runtimeConfig"`
	MainSteps     []struct {
		Action       string         `json:"action" yaml:"action"`
		Name         string         `json:"name" yaml:"name"`
		Precondition map[string]any `json:"precondition" yaml:"precondition"`
	} `json:"mainSteps" yaml:"mainSteps"`
}

// pluginPlatforms are the platforms each plugin runs on.
var pluginPlatforms = map[string][]model.PlatformType{
	"aws:runShellScript":      {model.PlatformLinux, model.PlatformMacOS},
	"aws:runPowerShellScript": AllPlatforms,
	"aws:runDocument":         AllPlatforms,
	"aws:configurePackage":    AllPlatforms,
	"aws:softwareInventory":   AllPlatforms,
	"aws:updateSsmAgent":      AllPlatforms,
	"aws:downloadContent":     AllPlatforms,
	"aws:applications":        {model.PlatformWindows},
	"aws:psModule":            {model.PlatformWindows},
	"aws:runDockerAction":     {model.PlatformLinux, model.PlatformWindows},
}

// decode reads a document's content, JSON or YAML.
func decode(format, content string) (commandContent, error) {
	var c commandContent
	var err error
	switch format {
	case "", "JSON":
		err = json.NewDecoder(strings.NewReader(content)).Decode(&c)
	case "YAML":
		err = yaml.Unmarshal([]byte(content), &c)
	default:
		return c, fmt.Errorf("DocumentFormat %s is not JSON or YAML", format)
	}
	if err != nil {
		return c, fmt.Errorf("content is not a %s document: %v", strings.ToUpper(cmp.Or(format, "JSON")), err)
	}
	return c, nil
}

// Parse reads a Command document's content (JSON or YAML,
// schema 1.2, 2.0 or 2.2). Its platforms are those every step's plugin
// supports; a step limited to one platform by a precondition
// (StringEquals [platformType, Linux]) adds that platform instead
// (AWS-RunPatchBaseline has one such step per platform).
func Parse(name, format, content string) (*Document, error) {
	c, err := decode(format, content)
	if err != nil {
		return nil, err
	}
	var plugins []string
	var only []model.PlatformType // platforms named by step preconditions
	switch c.SchemaVersion {
	case "1.2":
		for _, k := range slices.Sorted(maps.Keys(c.RuntimeConfig)) {
			plugins = append(plugins, k)
		}
		if len(plugins) == 0 {
			return nil, fmt.Errorf("a schema 1.2 Command document needs at least one plugin in runtimeConfig")
		}
	case "2.0", "2.2":
		if len(c.MainSteps) == 0 {
			return nil, fmt.Errorf("a Command document needs at least one step in mainSteps")
		}
		for i, st := range c.MainSteps {
			if p, ok := preconditionPlatform(st.Precondition); ok {
				ps, known := pluginPlatforms[st.Action]
				if !known {
					return nil, fmt.Errorf("mainSteps[%d]: action %q is not a Run Command plugin this simulation knows", i, st.Action)
				}
				if slices.Contains(ps, p) {
					only = append(only, p)
				}
				continue
			}
			plugins = append(plugins, st.Action)
		}
	default:
		return nil, SchemaError("schemaVersion must be 1.2, 2.0 or 2.2 for a Command document")
	}
	d := &Document{Name: name, Description: c.Description, SchemaVersion: c.SchemaVersion, DocumentType: "Command", Content: content}
	platforms := map[model.PlatformType]bool{model.PlatformLinux: true, model.PlatformWindows: true, model.PlatformMacOS: true}
	if len(only) > 0 {
		platforms = map[model.PlatformType]bool{}
		for _, p := range only {
			platforms[p] = true
		}
	}
	for i, action := range plugins {
		ps, ok := pluginPlatforms[action]
		if !ok {
			return nil, fmt.Errorf("mainSteps[%d]: action %q is not a Run Command plugin this simulation knows", i, action)
		}
		for p := range platforms {
			if !slices.Contains(ps, p) {
				delete(platforms, p)
			}
		}
	}
	for _, p := range AllPlatforms {
		if platforms[p] {
			d.Platforms = append(d.Platforms, p)
		}
	}
	params, err := documentParams(c)
	if err != nil {
		return nil, err
	}
	d.Params = params
	return d, nil
}

// preconditionPlatform reads a step's {"StringEquals": ["platformType", X]}.
func preconditionPlatform(pre map[string]any) (model.PlatformType, bool) {
	eq, ok := pre["StringEquals"].([]any)
	if !ok || len(eq) != 2 || eq[0] != "platformType" {
		return "", false
	}
	p, ok := eq[1].(string)
	return model.PlatformType(p), ok
}

// documentParams reads the parameters block, sorted by name: a parameter
// without a default is required.
func documentParams(c commandContent) ([]Param, error) {
	var out []Param
	for _, n := range slices.Sorted(maps.Keys(c.Parameters)) {
		p := c.Parameters[n]
		switch p.Type {
		case "String", "StringList", "Boolean", "Integer", "StringMap", "MapList":
		default:
			return nil, fmt.Errorf("parameter %q: type %q is not String, StringList, Boolean, Integer, StringMap or MapList", n, p.Type)
		}
		if p.AllowedPattern != "" {
			if _, err := regexp.Compile(p.AllowedPattern); err != nil {
				return nil, fmt.Errorf("parameter %q: allowedPattern: %v", n, err)
			}
		}
		dp := Param{Name: n, Type: p.Type, Description: p.Description, Allowed: p.AllowedValues, Pattern: p.AllowedPattern, Required: p.Default == nil}
		if p.Default != nil {
			dp.Default = fmt.Sprint(p.Default)
		}
		if dp.Type != "StringList" {
			dp.Type = "String" // one value on the wire
		}
		out = append(out, dp)
	}
	return out, nil
}

// SchemaError says a document's schemaVersion is not one its type takes
// (InvalidDocumentSchemaVersion on the wire).
type SchemaError string

func (e SchemaError) Error() string { return string(e) }

// automationPlatforms are the PlatformTypes of an Automation runbook
// (create-document CLI example, 2020).
var automationPlatforms = []model.PlatformType{model.PlatformWindows, model.PlatformLinux}

// ParseAutomation reads an Automation runbook (schema 0.3): its
// description and parameters. Associations cannot run it; it can be
// described and tagged.
func ParseAutomation(name, format, content string) (*Document, error) {
	c, err := decode(format, content)
	if err != nil {
		return nil, err
	}
	if c.SchemaVersion != "0.3" {
		return nil, SchemaError("schemaVersion must be 0.3 for an Automation document")
	}
	params, err := documentParams(c)
	if err != nil {
		return nil, err
	}
	return &Document{Name: name, Description: c.Description, Platforms: automationPlatforms, Params: params,
		SchemaVersion: c.SchemaVersion, DocumentType: "Automation", Content: content}, nil
}
