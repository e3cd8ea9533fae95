package scenarios

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/calendar"
	"github.com/ssmsim/ssmsim/sim"
)

// memberOf is the request member an API error code is about, to report
// the error where that member is written.
var memberOf = map[string]string{
	model.ErrCodeInvalidDocument:           "Name",
	model.ErrCodeInvalidDocumentVersion:    "DocumentVersion",
	model.ErrCodeInvalidParameters:         "Parameters",
	model.ErrCodeInvalidTarget:             "Targets",
	model.ErrCodeInvalidTargetMaps:         "TargetMaps",
	model.ErrCodeInvalidSchedule:           "ScheduleExpression",
	model.ErrCodeInvalidOutputLocation:     "OutputLocation",
	model.ErrCodeInvalidAssociationVersion: "AssociationVersion",
	model.ErrCodeUnsupportedPlatformType:   "Name",
	"DocumentAlreadyExists":                "Name",
	"InvalidDocumentType":                  "DocumentType",
	model.ErrCodeInvalidDocumentContent:    "Content",
	"InvalidDocumentSchemaVersion":         "Content",
	model.ErrCodeMaxDocumentSizeExceeded:   "Content",
	"TooManyTagsError":                     "Tags",
	"InvalidTag":                           "Tags",
}

// dryRun sets the scenario up in a scratch simulation — node groups of no
// nodes, the documents, the associations, then the actions in order, all
// at the start — so that whatever the API would refuse at run time is
// reported where it is written. Parts with problems found already are left
// out (and what depends on them: the actions, when an association is
// left out), so a bad schedule does not hide a bad calendar.
func (d *decoder) dryRun(sc *Scenario) {
	bad := d.problemsUnder()
	if bad("start") || bad("decisions") || bad("seed") {
		return // the scratch simulation itself would not be the file's
	}
	s, err := sim.New(sim.Config{Seed: sc.Seed, Start: sc.Start, Decisions: sc.Decisions})
	if err != nil {
		d.errorf(nil, "decisions", "%v", err)
		return
	}
	for i, g := range sc.Fleet {
		if bad(index("fleet", i)) {
			continue
		}
		if _, err := s.AddNodes(g.group(0)); err != nil {
			d.errorf(d.groups[i], index("fleet", i), "%s", strings.TrimPrefix(err.Error(), "node group: "))
		}
	}
	declared := map[string]bool{} // Change Calendars the file declares
	for i, doc := range sc.Documents {
		src, p := d.docs[i], index("documents", i)
		if doc.DocumentType == "ChangeCalendar" {
			declared[doc.Name] = true
		}
		if bad(p) {
			continue
		}
		if doc.DocumentType == "ChangeCalendar" {
			if _, err := calendar.Parse(doc.Name, []byte(doc.Content)); err != nil && !errors.Is(err, calendar.ErrTooLarge) {
				d.calendarError(src, p, err)
				continue
			}
		}
		if _, err := s.CreateDocument(doc); err != nil {
			n, np := d.apiErrorAt(src.f, err)
			if np == join(p, "Content") && src.file != "" {
				n, np = src.f.vals["file"], join(p, "file")
			}
			d.errorf(n, np, "%v", err)
		}
	}
	ids := make([]string, len(sc.Associations))
	created := true
	for i, in := range sc.Associations {
		f := d.assocs[i]
		if bad(f.path) {
			created = false
			continue
		}
		if !d.calendarsDeclared(f, in.CalendarNames, declared) {
			created = false
			continue
		}
		out, err := s.CreateAssociation(in)
		if err != nil {
			n, p := d.apiErrorAt(f, err)
			d.errorf(n, p, "%v", err)
			created = false
			continue
		}
		ids[i] = out.AssociationDescription.AssociationID
	}
	if !created {
		return // the actions' references would not hold
	}
	for k, a := range sc.Actions {
		f := d.actionOps[k]
		if bad(index("actions", k)) {
			continue
		}
		refs := make([]string, len(a.Associations))
		for j, n := range a.Associations {
			refs[j] = ids[n]
		}
		var err error
		switch a.Op {
		case OpStartAssociationsOnce:
			_, err = s.StartAssociationsOnce(model.StartAssociationsOnceInput{AssociationIDs: refs})
		case OpUpdateAssociation:
			if !d.calendarsDeclared(f, a.Update.CalendarNames, declared) {
				continue
			}
			in := *a.Update
			in.AssociationID = refs[0]
			_, err = s.UpdateAssociation(in)
		case OpDeleteAssociation:
			_, err = s.DeleteAssociation(model.DeleteAssociationInput{AssociationID: refs[0]})
		}
		if err != nil {
			n, p := d.apiErrorAt(f, err)
			d.errorf(n, p, "%v", err)
		}
	}
}

// problemsUnder returns whether a problem was found at a path or under it
// (before the dry run: the set is fixed when called).
func (d *decoder) problemsUnder() func(path string) bool {
	paths := make([]string, len(d.errs))
	for i, e := range d.errs {
		paths[i] = e.Path
	}
	return func(prefix string) bool {
		for _, p := range paths {
			if p == prefix || strings.HasPrefix(p, prefix+".") || strings.HasPrefix(p, prefix+"[") {
				return true
			}
		}
		return false
	}
}

// apiErrorAt is where an API error belongs: the member its code is about
// when that member is written, else the whole request.
func (d *decoder) apiErrorAt(f *fields, err error) (*yaml.Node, string) {
	var ae *model.APIError
	if errors.As(err, &ae) {
		if m, ok := memberOf[ae.Code]; ok {
			if n, p := f.get(m); n != nil {
				return n, p
			}
		}
	}
	return f.node, f.path
}

// calendarsDeclared reports CalendarNames that name no Change Calendar of
// the file's documents.
func (d *decoder) calendarsDeclared(f *fields, names []string, declared map[string]bool) bool {
	ok := true
	for j, name := range names {
		if declared[name] {
			continue
		}
		n, p := f.get("CalendarNames")
		if n != nil && j < len(n.Content) {
			n, p = d.deref(n.Content[j]), index(p, j)
		}
		var have []string
		for c := range declared {
			have = append(have, fmt.Sprintf("%q", c))
		}
		sort.Strings(have)
		msg := "the documents declare no Change Calendar"
		if len(have) > 0 {
			msg = "have: " + strings.Join(have, ", ")
		}
		d.errorf(n, p, "no Change Calendar named %q among the documents (%s)", clip(name), msg)
		ok = false
	}
	return ok
}

// calendarError reports a calendar's parse error at its line: in the .ics
// file it was read from, or inside an inline literal block.
func (d *decoder) calendarError(src docSource, p string, err error) {
	var pe *calendar.ParseError
	content, file := src.f.vals["Content"], src.f.vals["file"]
	if !errors.As(err, &pe) || pe.Line == 0 {
		if file != nil {
			d.errorf(file, join(p, "file"), "%v", err)
		} else {
			d.errorf(content, join(p, "Content"), "%v", err)
		}
		return
	}
	switch {
	case src.file != "":
		name := src.file
		if !filepath.IsAbs(name) {
			name = filepath.Join(filepath.Dir(d.file), name)
		}
		if len(d.errs) < maxErrors {
			d.errs = append(d.errs, &FileError{File: name, Line: pe.Line, Path: p, Msg: pe.Msg})
		}
	case content != nil && content.Style&yaml.LiteralStyle != 0:
		// A literal block's content starts on the line after its "|".
		d.errorf(&yaml.Node{Line: content.Line + pe.Line}, join(p, "Content"), "%s", pe.Msg)
	default:
		d.errorf(content, join(p, "Content"), "line %d: %s", pe.Line, pe.Msg)
	}
}
