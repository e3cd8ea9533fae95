package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/ssmsim/ssmsim/model"
)

// docParam is one parameter of a document.
type docParam struct {
	Name, Type, Description, Default string // Type: String or StringList
	Required                         bool   // no default: the caller must give it
	Allowed                          []string
	Pattern                          string
}

// commandDoc is an AWS-managed Command document the simulation knows.
type commandDoc struct {
	Name        string
	Description string
	Platforms   []model.PlatformType
	Action      string // the plugin of its single step, e.g. aws:runShellScript
	Params      []docParam
}

var (
	allPlatforms     = []model.PlatformType{model.PlatformWindows, model.PlatformLinux, model.PlatformMacOS}
	executionTimeout = docParam{Name: "executionTimeout", Type: "String", Default: "3600",
		Description: "(Optional) The time in seconds for a command to be completed before it is considered to have failed. Default is 3600 (1 hour). Maximum is 172800 (48 hours).",
		Pattern:     `([1-9][0-9]{0,4})|(1[0-6][0-9]{4})|(17[0-1][0-9]{3})|(172[0-7][0-9]{2})|(172800)`}
	enabled = func(name, what string) docParam {
		return docParam{Name: name, Type: "String", Default: "Enabled", Allowed: []string{"Enabled", "Disabled"},
			Description: "(Optional) Collect data for " + what + "."}
	}
)

// builtinDocs are the AWS-managed documents that exist from the start, with
// the parameters their real versions declare.
var builtinDocs = []commandDoc{
	{Name: "AWS-RunShellScript", Description: "Run a shell script.", Platforms: []model.PlatformType{model.PlatformLinux, model.PlatformMacOS}, Action: "aws:runShellScript",
		Params: []docParam{
			{Name: "commands", Type: "StringList", Required: true, Description: "(Required) Specify a shell script or a command to run."},
			{Name: "workingDirectory", Type: "String", Description: "(Optional) The path to the working directory on your instance."},
			executionTimeout,
		}},
	{Name: "AWS-RunPowerShellScript", Description: "Run a PowerShell script or specify the paths to scripts to run.", Platforms: allPlatforms, Action: "aws:runPowerShellScript",
		Params: []docParam{
			{Name: "commands", Type: "StringList", Required: true, Description: "(Required) Specify the commands to run or the paths to existing scripts on the instance."},
			{Name: "workingDirectory", Type: "String", Description: "(Optional) The path to the working directory on your instance."},
			executionTimeout,
		}},
	{Name: "AWS-UpdateSSMAgent", Description: "Updates the Amazon SSM Agent to the specified version or the latest version.", Platforms: allPlatforms, Action: "aws:updateSsmAgent",
		Params: []docParam{
			{Name: "version", Type: "String", Description: "(Optional) The version of the SSM Agent to install or upgrade to."},
			{Name: "allowDowngrade", Type: "String", Default: "false", Allowed: []string{"true", "false"}, Description: "(Optional) Allow the SSM Agent to be downgraded to an earlier version."},
		}},
	{Name: "AWS-RunPatchBaseline", Description: "Scans for or installs patches from a patch baseline.", Platforms: allPlatforms, Action: "aws:runDocument",
		Params: []docParam{
			{Name: "Operation", Type: "String", Required: true, Allowed: []string{"Scan", "Install"}, Description: "(Required) The update or configuration to perform on the instance."},
			{Name: "AssociationId", Type: "String", Description: "(Optional) The association ID."},
			{Name: "SnapshotId", Type: "String", Pattern: `(^$)|^[{]?[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}[}]?$`, Description: "(Optional) The snapshot ID to use to retrieve a patch baseline snapshot."},
			{Name: "InstallOverrideList", Type: "String", Description: "(Optional) An https URL or an Amazon S3 path-style URL to a list of patches to be installed."},
			{Name: "BaselineOverride", Type: "String", Description: "(Optional) Patch baseline override."},
			{Name: "RebootOption", Type: "String", Default: "RebootIfNeeded", Allowed: []string{"RebootIfNeeded", "NoReboot"}, Description: "(Optional) Reboot behavior after a patch Install operation."},
		}},
	{Name: "AWS-GatherSoftwareInventory", Description: "Software Inventory Policy Document.", Platforms: allPlatforms, Action: "aws:softwareInventory",
		Params: []docParam{
			enabled("applications", "applications"), enabled("awsComponents", "AWS components like amazon-ssm-agent"),
			{Name: "files", Type: "String", Description: "(Optional, requires SSMAgent version 2.2.64.0 and above) File inventory configuration."},
			enabled("networkConfig", "Network configurations"), enabled("billingInfo", "billing information"),
			enabled("windowsUpdates", "Windows updates"), enabled("instanceDetailedInformation", "instance detailed information"),
			enabled("services", "services"),
			{Name: "windowsRegistry", Type: "String", Description: "(Optional) Windows registry configuration."},
			enabled("windowsRoles", "Windows roles"), enabled("customInventory", "custom inventory"),
		}},
	{Name: "AWS-ConfigureAWSPackage", Description: "Install or uninstall a Distributor package.", Platforms: allPlatforms, Action: "aws:configurePackage",
		Params: []docParam{
			{Name: "action", Type: "String", Required: true, Allowed: []string{"Install", "Uninstall"}, Description: "(Required) Specify whether or not to install or uninstall the package."},
			{Name: "installationType", Type: "String", Default: "Uninstall and reinstall", Allowed: []string{"Uninstall and reinstall", "In-place update"}, Description: "(Optional) Specify the type of installation."},
			{Name: "name", Type: "String", Required: true, Pattern: `^arn:[a-z0-9][-.a-z0-9]{0,62}:[a-z0-9][-.a-z0-9]{0,62}:([a-z0-9][-.a-z0-9]{0,62})?:([a-z0-9][-.a-z0-9]{0,62})?:(package|document)\/[a-zA-Z0-9/:.\-_]{1,128}$|^[a-zA-Z0-9/:.\-_]{1,128}$`, Description: "(Required) The package to install/uninstall."},
			{Name: "version", Type: "String", Description: "(Optional) The version of the package to install or uninstall."},
			{Name: "additionalArguments", Type: "String", Default: "{}", Description: "(Optional) The additional parameters to provide to your install, uninstall, or update scripts."},
		}},
}

// commandDoc finds a Command document, created in the simulation or
// AWS-managed, by name or ARN (arn:aws:ssm:<region>:<account>:document/<name>).
func (s *Sim) commandDoc(name string) (*commandDoc, bool) {
	if i := strings.LastIndex(name, ":document/"); i >= 0 {
		name = name[i+len(":document/"):]
	}
	if d, ok := s.documents[name]; ok {
		return d.cmd, d.cmd != nil
	}
	return lookupCommandDoc(name)
}

// lookupCommandDoc finds an AWS-managed Command document by name.
func lookupCommandDoc(name string) (*commandDoc, bool) {
	for i := range builtinDocs {
		if builtinDocs[i].Name == name {
			return &builtinDocs[i], true
		}
	}
	return nil, false
}

// checkAssociationDocument applies what CreateAssociation checks of the
// document: it exists (InvalidDocument), the version exists
// (InvalidDocumentVersion), and the parameters are the document's, with
// required ones given and values allowed (InvalidParameters).
func (s *Sim) checkAssociationDocument(name, version string, params map[string][]string) (*commandDoc, error) {
	d, ok := s.commandDoc(name)
	if !ok {
		return nil, model.NewError(model.ErrCodeInvalidDocument, "Document %s does not exist in your account.", name)
	}
	switch version {
	case "", "$DEFAULT", "$LATEST", "1":
	default:
		return nil, model.NewError(model.ErrCodeInvalidDocumentVersion, "Document %s has no version %s.", d.Name, version)
	}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p := d.param(k)
		if p == nil {
			return nil, model.NewError(model.ErrCodeInvalidParameters, "Parameter \"%s\" is not defined in document %s.", k, d.Name)
		}
		vals := params[k]
		if p.Type != "StringList" && len(vals) != 1 {
			return nil, model.NewError(model.ErrCodeInvalidParameters, "Parameter \"%s\" of document %s is a String and takes exactly one value, not %d.", k, d.Name, len(vals))
		}
		for _, v := range vals {
			if len(p.Allowed) > 0 && !contains(p.Allowed, v) {
				return nil, model.NewError(model.ErrCodeInvalidParameters, "Parameter \"%s\" value \"%s\" is not one of the allowed values [%s].", k, v, strings.Join(p.Allowed, ", "))
			}
			if p.Pattern != "" && v != "" && !regexp.MustCompile(p.Pattern).MatchString(v) {
				return nil, model.NewError(model.ErrCodeInvalidParameters, "Parameter \"%s\" value \"%s\" does not match the allowed pattern %s.", k, v, p.Pattern)
			}
		}
	}
	for _, p := range d.Params {
		if p.Required && len(params[p.Name]) == 0 {
			return nil, model.NewError(model.ErrCodeInvalidParameters, "Parameter \"%s\" is required by document %s but was not given.", p.Name, d.Name)
		}
	}
	return d, nil
}

// resolve turns a requested document version into the number it names:
// every document in the simulation has one version, "1", which is both
// its default and its latest.
func (d *commandDoc) resolve(version string) string {
	switch version {
	case "", "$DEFAULT", "$LATEST":
		return "1"
	}
	return version
}

func (d *commandDoc) param(name string) *docParam {
	for i := range d.Params {
		if d.Params[i].Name == name {
			return &d.Params[i]
		}
	}
	return nil
}

// supports reports whether the document runs on a platform.
func (d *commandDoc) supports(p model.PlatformType) bool {
	for _, q := range d.Platforms {
		if q == p {
			return true
		}
	}
	return false
}

// describe renders the document's DocumentDescription: owned by Amazon,
// version 1, its parameters and platforms.
func (d *commandDoc) describe() *model.DocumentDescription {
	content := d.content(nil)
	sum := sha256.Sum256([]byte(content))
	desc := &model.DocumentDescription{
		Hash: hex.EncodeToString(sum[:]), HashType: "Sha256", Name: d.Name, Owner: "Amazon",
		CreatedDate: model.TimestampOf(builtinCreated), Status: "Active", DocumentVersion: "1", Description: d.Description,
		PlatformTypes: d.Platforms, DocumentType: "Command", SchemaVersion: "2.2", LatestVersion: "1", DefaultVersion: "1",
		DocumentFormat: "JSON", Tags: []model.Tag{},
	}
	for _, p := range d.Params {
		dp := model.DocumentParameter{Name: p.Name, Type: p.Type, Description: p.Description}
		if !p.Required {
			dp.DefaultValue = &p.Default
		}
		desc.Parameters = append(desc.Parameters, dp)
	}
	return desc
}

// builtinCreated is the creation date the AWS-managed documents report.
var builtinCreated = time.Date(2017, 7, 1, 0, 0, 0, 0, time.UTC)

// content renders the document as an association runs it: schema 2.2 with
// the parameters resolved (given values, else defaults), for
// DescribeEffectiveInstanceAssociations.
func (d *commandDoc) content(params map[string][]string) string {
	inputs := map[string]any{}
	for _, p := range d.Params {
		v, ok := params[p.Name]
		switch {
		case ok && p.Type == "StringList":
			inputs[p.Name] = v
		case ok:
			inputs[p.Name] = v[0]
		case p.Default != "" || !p.Required:
			inputs[p.Name] = p.Default
		}
	}
	doc := map[string]any{
		"schemaVersion": "2.2", "description": d.Description,
		"mainSteps": []map[string]any{{"action": d.Action, "name": strings.TrimPrefix(d.Action, "aws:"), "inputs": inputs}},
	}
	b, _ := json.MarshalIndent(doc, "", "  ")
	return string(b)
}
