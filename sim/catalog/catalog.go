package catalog

import (
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/ssmsim/ssmsim/model"
)

// Param is one parameter of a document.
type Param struct {
	Name, Type, Description, Default string // Type: String or StringList
	Required                         bool   // no default: the caller must give it
	Allowed                          []string
	Pattern                          string
}

// Document is a document as the simulation reads it: AWS-managed or
// created in the simulation. Content is the document as written, which
// DescribeEffectiveInstanceAssociations returns unchanged (CLI example:
// AWS-UpdateSSMAgent's schema 1.2 content with its {{ placeholders }}).
type Document struct {
	Name          string
	Description   string
	Platforms     []model.PlatformType
	Params        []Param
	SchemaVersion string
	DocumentType  string // Command, Policy (AWS-GatherSoftwareInventory) or Automation
	Content       string
}

// AllPlatforms are the platforms a document can run on, in the order
// DocumentDescription lists them.
var AllPlatforms = []model.PlatformType{model.PlatformWindows, model.PlatformLinux, model.PlatformMacOS}

// builtinFiles holds the AWS-managed documents' real content, one file per
// document (provenance in builtin/SOURCES.md).
//
//go:embed builtin/*.json
var builtinFiles embed.FS

// builtinTypes are the DocumentTypes of the AWS-managed documents that are
// not Command documents.
var builtinTypes = map[string]string{"AWS-GatherSoftwareInventory": "Policy"}

// builtinDocs are the AWS-managed documents that exist from the start,
// parsed from their real content.
var builtinDocs = func() []Document {
	entries, err := builtinFiles.ReadDir("builtin")
	if err != nil {
		panic(err) // embedded at build time: cannot happen
	}
	var docs []Document
	for _, e := range entries {
		b, err := builtinFiles.ReadFile("builtin/" + e.Name())
		if err != nil {
			panic(err)
		}
		name := strings.TrimSuffix(e.Name(), ".json")
		d, err := Parse(name, "JSON", string(b))
		if err != nil {
			panic(fmt.Sprintf("built-in document %s: %v", name, err)) // a test parses every file
		}
		d.DocumentType = cmp.Or(builtinTypes[name], "Command")
		docs = append(docs, *d)
	}
	return docs
}()

// Builtin finds an AWS-managed document by name.
func Builtin(name string) (*Document, bool) {
	for i := range builtinDocs {
		if builtinDocs[i].Name == name {
			return &builtinDocs[i], true
		}
	}
	return nil, false
}

// CheckAssociation applies what CreateAssociation checks of a document
// beyond its existence: the version exists (InvalidDocumentVersion), and
// the parameters are the document's, with required ones given and values
// allowed (InvalidParameters).
func (d *Document) CheckAssociation(version string, params map[string][]string) error {
	switch version {
	case "", "$DEFAULT", "$LATEST", "1":
	default:
		return model.NewError(model.ErrCodeInvalidDocumentVersion, "Document %s has no version %s.", d.Name, version)
	}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p := d.Param(k)
		if p == nil {
			return model.NewError(model.ErrCodeInvalidParameters, "Parameter \"%s\" is not defined in document %s.", k, d.Name)
		}
		vals := params[k]
		if p.Type != "StringList" && len(vals) != 1 {
			return model.NewError(model.ErrCodeInvalidParameters, "Parameter \"%s\" of document %s is a String and takes exactly one value, not %d.", k, d.Name, len(vals))
		}
		for _, v := range vals {
			if len(p.Allowed) > 0 && !slices.Contains(p.Allowed, v) {
				return model.NewError(model.ErrCodeInvalidParameters, "Parameter \"%s\" value \"%s\" is not one of the allowed values [%s].", k, v, strings.Join(p.Allowed, ", "))
			}
			if p.Pattern != "" && v != "" && !regexp.MustCompile(p.Pattern).MatchString(v) {
				return model.NewError(model.ErrCodeInvalidParameters, "Parameter \"%s\" value \"%s\" does not match the allowed pattern %s.", k, v, p.Pattern)
			}
		}
	}
	for _, p := range d.Params {
		if p.Required && len(params[p.Name]) == 0 {
			// The real wording (terraform-provider-aws #35908, 2024).
			return model.NewError(model.ErrCodeInvalidParameters, "Parameter \"%s\" requires a value.", p.Name)
		}
	}
	return nil
}

// Resolve turns a requested document version into the number it names:
// every document in the simulation has one version, "1", which is both
// its default and its latest.
func (d *Document) Resolve(version string) string {
	switch version {
	case "", "$DEFAULT", "$LATEST":
		return "1"
	}
	return version
}

// Param finds a parameter by name.
func (d *Document) Param(name string) *Param {
	for i := range d.Params {
		if d.Params[i].Name == name {
			return &d.Params[i]
		}
	}
	return nil
}

// Supports reports whether the document runs on a platform.
func (d *Document) Supports(p model.PlatformType) bool {
	return slices.Contains(d.Platforms, p)
}

// Describe renders the document's DocumentDescription as an AWS-managed
// document's: owned by Amazon, version 1, its parameters and platforms.
// A document created in the simulation overrides owner, date, format and
// tags.
func (d *Document) Describe() *model.DocumentDescription {
	sum := sha256.Sum256([]byte(d.Content))
	desc := &model.DocumentDescription{
		Hash: hex.EncodeToString(sum[:]), HashType: "Sha256", Name: d.Name, Owner: "Amazon",
		CreatedDate: model.TimestampOf(builtinCreated), Status: "Active", DocumentVersion: "1", Description: d.Description,
		PlatformTypes: d.Platforms, DocumentType: d.DocumentType, SchemaVersion: d.SchemaVersion, LatestVersion: "1", DefaultVersion: "1",
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
