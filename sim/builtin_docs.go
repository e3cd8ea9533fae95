package sim

import (
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
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

// commandDoc is a document associations can run: AWS-managed or created in
// the simulation. Content is the document as written, which
// DescribeEffectiveInstanceAssociations returns unchanged (CLI example:
// AWS-UpdateSSMAgent's schema 1.2 content with its {{ placeholders }}).
type commandDoc struct {
	Name          string
	Description   string
	Platforms     []model.PlatformType
	Params        []docParam
	SchemaVersion string
	DocumentType  string // Command, or Policy (AWS-GatherSoftwareInventory)
	Content       string
}

var allPlatforms = []model.PlatformType{model.PlatformWindows, model.PlatformLinux, model.PlatformMacOS}

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
var builtinDocs = func() []commandDoc {
	entries, err := builtinFiles.ReadDir("builtin")
	if err != nil {
		panic(err) // embedded at build time: cannot happen
	}
	var docs []commandDoc
	for _, e := range entries {
		b, err := builtinFiles.ReadFile("builtin/" + e.Name())
		if err != nil {
			panic(err)
		}
		name := strings.TrimSuffix(e.Name(), ".json")
		d, err := parseCommandDocument(name, "JSON", string(b))
		if err != nil {
			panic(fmt.Sprintf("built-in document %s: %v", name, err)) // a test parses every file
		}
		d.DocumentType = cmp.Or(builtinTypes[name], "Command")
		docs = append(docs, *d)
	}
	return docs
}()

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
		if doc, exists := s.documents[name]; exists {
			return nil, model.NewError(model.ErrCodeInvalidDocument, "Document %s is of type %s: associations in this simulation run Command documents.", name, doc.desc.DocumentType)
		}
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
			// The real wording (terraform-provider-aws #35908, 2024).
			return nil, model.NewError(model.ErrCodeInvalidParameters, "Parameter \"%s\" requires a value.", p.Name)
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
