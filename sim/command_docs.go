package sim

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/ssmsim/ssmsim/model"
	"gopkg.in/yaml.v3"
)

// commandContent is the part of a Command document (schema 2.2) the
// simulation reads: its description, parameters and steps.
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
	MainSteps []struct {
		Action        string         `json:"action" yaml:"action"`
		Name          string         `json:"name" yaml:"name"`
		Preconditions map[string]any `json:"precondition" yaml:"precondition"`
	} `json:"mainSteps" yaml:"mainSteps"`
}

// pluginPlatforms are the platforms each plugin runs on.
var pluginPlatforms = map[string][]model.PlatformType{
	"aws:runShellScript":      {model.PlatformLinux, model.PlatformMacOS},
	"aws:runPowerShellScript": allPlatforms,
	"aws:runDocument":         allPlatforms,
	"aws:configurePackage":    allPlatforms,
	"aws:softwareInventory":   allPlatforms,
	"aws:updateSsmAgent":      allPlatforms,
	"aws:downloadContent":     allPlatforms,
	"aws:applications":        {model.PlatformWindows},
	"aws:psModule":            {model.PlatformWindows},
	"aws:runDockerAction":     {model.PlatformLinux, model.PlatformWindows},
}

// parseCommandDocument reads a Command document's content (JSON or YAML).
// Its platforms are those every step's plugin supports.
func parseCommandDocument(name, format, content string) (*commandDoc, error) {
	var c commandContent
	var err error
	switch format {
	case "", "JSON":
		dec := json.NewDecoder(strings.NewReader(content))
		err = dec.Decode(&c)
	case "YAML":
		err = yaml.Unmarshal([]byte(content), &c)
	default:
		return nil, fmt.Errorf("DocumentFormat %s is not JSON or YAML", format)
	}
	if err != nil {
		return nil, fmt.Errorf("content is not a %s Command document: %v", strings.ToUpper(orDefault(format, "JSON")), err)
	}
	if c.SchemaVersion != "2.2" {
		return nil, errSchema
	}
	if len(c.MainSteps) == 0 {
		return nil, fmt.Errorf("a Command document needs at least one step in mainSteps")
	}
	d := &commandDoc{Name: name, Description: c.Description, Action: c.MainSteps[0].Action}
	platforms := map[model.PlatformType]bool{model.PlatformLinux: true, model.PlatformWindows: true, model.PlatformMacOS: true}
	for i, st := range c.MainSteps {
		ps, ok := pluginPlatforms[st.Action]
		if !ok {
			return nil, fmt.Errorf("mainSteps[%d]: action %q is not a Run Command plugin this simulation knows", i, st.Action)
		}
		for p := range platforms {
			if !contains2(ps, p) {
				delete(platforms, p)
			}
		}
	}
	for _, p := range allPlatforms {
		if platforms[p] {
			d.Platforms = append(d.Platforms, p)
		}
	}
	names := make([]string, 0, len(c.Parameters))
	for n := range c.Parameters {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
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
		dp := docParam{Name: n, Type: p.Type, Description: p.Description, Allowed: p.AllowedValues, Pattern: p.AllowedPattern, Required: p.Default == nil}
		if p.Default != nil {
			dp.Default = fmt.Sprint(p.Default)
		}
		if dp.Type != "StringList" {
			dp.Type = "String" // one value on the wire
		}
		d.Params = append(d.Params, dp)
	}
	return d, nil
}

var errSchema = fmt.Errorf("schemaVersion must be 2.2 for a Command document")

func contains2(ps []model.PlatformType, p model.PlatformType) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
