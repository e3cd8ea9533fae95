package scenarios

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/calendar"
	"github.com/ssmsim/ssmsim/sim"
)

// Version is the scenario file schema version this package reads and
// writes (the file's `version:`).
const Version = 1

// Parse reads a scenario file (YAML, or JSON, which is YAML). filename
// names the file in errors and anchors its `file:` references, which are
// read relative to its directory. Every problem found is a *FileError
// ("FILE:LINE: PATH: message"); several come as an ErrorList. Parse checks
// everything a run would reject, so a parsed scenario builds.
func Parse(filename string, data []byte) (Scenario, error) {
	return parse(filename, data, fileReader(filepath.Dir(filename)))
}

// Load reads and parses the scenario file at path.
func Load(path string) (Scenario, error) {
	data, err := ReadFile(path)
	if err != nil {
		return Scenario{}, err
	}
	return Parse(path, data)
}

// MaxFileSize is the largest scenario file read, in bytes.
const MaxFileSize = maxFileSize

// ReadFile reads a scenario file with a bounded cost: a regular file only
// (never a device, a pipe or a FIFO, which could block or never end) of at
// most MaxFileSize bytes. Errors are *FileError. Every command that reads
// scenario files reads them through it.
func ReadFile(path string) ([]byte, error) {
	data, err := readLimited(path, maxFileSize)
	if err != nil {
		return nil, &FileError{File: path, Msg: ioMessage(err)}
	}
	return data, nil
}

// fileReader resolves `file:` references against dir.
func fileReader(dir string) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if !filepath.IsAbs(name) {
			name = filepath.Join(dir, name)
		}
		// One byte over the document limit is enough for CreateDocument
		// to refuse it.
		return readLimited(name, calendar.MaxDocumentSize+1)
	}
}

// readLimited reads a regular file (never a device or a pipe, which could
// block or never end) of at most limit bytes; a larger one is refused, not
// cut short.
func readLimited(name string, limit int64) ([]byte, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	if fi.Size() > limit {
		return nil, fmt.Errorf("the file is %d bytes; the limit is %d", fi.Size(), limit)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1)) // one byte more tells a file that grew
	if err == nil && int64(len(data)) > limit {
		err = fmt.Errorf("the file is over the limit of %d bytes", limit)
	}
	return data, err
}

// ioMessage words a file error without repeating the path.
func ioMessage(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parse is Parse with the reader of `file:` references given.
func parse(filename string, data []byte, read func(string) ([]byte, error)) (sc Scenario, err error) {
	defer func() {
		// A bug must not take the caller down with it; the fuzz test
		// fails on this message.
		if r := recover(); r != nil {
			sc, err = Scenario{}, &FileError{File: filename, Msg: fmt.Sprintf("internal error: %v", r)}
		}
	}()
	d := &decoder{file: filename, read: read}
	if len(data) > maxFileSize {
		return Scenario{}, &FileError{File: filename, Msg: fmt.Sprintf("the file is %d bytes; the limit is %d", len(data), maxFileSize)}
	}
	root, ferr := d.document(data)
	if ferr != nil {
		return Scenario{}, ferr
	}
	sc = d.scenario(root)
	if !d.abort {
		d.dryRun(&sc) // on the parts that decoded cleanly, so no problem hides another
	}
	// In file order, whichever check found them; problems of no one line
	// last.
	slices.SortStableFunc(d.errs, func(a, b *FileError) int {
		return cmp.Compare(lineOrLast(a.Line), lineOrLast(b.Line))
	})
	if d.more {
		d.errs = append(d.errs, &FileError{File: filename, Msg: fmt.Sprintf("more problems not shown (the first %d found are)", maxErrors)})
	}
	switch len(d.errs) {
	case 0:
		if base := filepath.Base(filename); sc.Name == "" && base != "." && base != string(filepath.Separator) {
			sc.Name = strings.TrimSuffix(base, filepath.Ext(base))
		}
		return sc, nil
	case 1:
		return Scenario{}, d.errs[0]
	}
	return Scenario{}, d.errs
}

// document reads exactly one YAML document.
func (d *decoder) document(data []byte) (*yaml.Node, *FileError) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	err := dec.Decode(&doc)
	if err == nil && (doc.Kind != yaml.DocumentNode || len(doc.Content) == 0) {
		err = io.EOF
	}
	if errors.Is(err, io.EOF) {
		return nil, &FileError{File: d.file, Line: 1, Msg: "the file is empty (want a mapping starting with version: 1)"}
	}
	if err != nil {
		return nil, d.syntax(err, data)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, d.syntax(err, data)
	default:
		return nil, &FileError{File: d.file, Line: next.Line, Msg: "a scenario file holds one YAML document, not several"}
	}
	return doc.Content[0], nil
}

// syntax turns a YAML parser error into a located one, said plainly
// where the parser's words would puzzle (a tab in the indentation).
func (d *decoder) syntax(err error, data []byte) *FileError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		if text := lineOf(data, line); strings.Contains(text[:len(text)-len(strings.TrimLeft(text, " \t"))], "\t") {
			return &FileError{File: d.file, Line: line, Msg: "a tab in the indentation: YAML indents with spaces only"}
		}
		return &FileError{File: d.file, Line: line, Msg: m[2]}
	}
	return &FileError{File: d.file, Msg: msg}
}

var topFields = []string{"version", "name", "description", "seed", "start", "horizon", "decisions", "fleet", "documents", "alarms", "associations", "actions", "faults"}

// scenario decodes the top-level mapping. The version is checked first:
// the rest of a file of another version may mean something else.
func (d *decoder) scenario(root *yaml.Node) Scenario {
	var sc Scenario
	root = d.deref(root)
	if root.Kind != yaml.MappingNode {
		d.errorf(root, "", "want a mapping starting with version: %d, got %s", Version, describe(root))
		return sc
	}
	var version *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := d.deref(root.Content[i]); k.Kind == yaml.ScalarNode && k.Value == "version" {
			version = d.deref(root.Content[i+1])
			break
		}
	}
	if isNull(version) {
		d.errorf(root, "version", "missing (this ssmsim reads version: %d)", Version)
		return sc
	}
	var v int64
	if version.Kind != yaml.ScalarNode || version.ShortTag() != "!!int" || version.Decode(&v) != nil {
		d.errorf(version, "version", "want %d, got %s", Version, describe(version))
		return sc
	}
	if v != Version {
		d.errorf(version, "version", "unsupported version %s (this ssmsim reads version: %d)", version.Value, Version)
		return sc
	}
	f, ok := d.mapping(root, "", topFields)
	if !ok {
		return sc
	}
	if n, p := f.get("name"); n != nil {
		if s, ok := d.str(n, p); ok {
			if s == "" || strings.ContainsAny(s, "\r\n") {
				d.errorf(n, p, "a name is one non-empty line")
			}
			sc.Name = s
		}
	}
	if n, p := f.get("description"); n != nil {
		sc.Description, _ = d.str(n, p)
	}
	if n, p := f.get("seed"); n != nil {
		var v uint64
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&v) != nil {
			d.errorf(n, p, "want an integer from 0 to %d, got %s", uint64(1<<64-1), describe(n))
		}
		sc.Seed = v
	}
	start := sim.DefaultStart()
	if n, p := f.get("start"); n != nil {
		if s, ok := d.str(n, p); ok {
			t, err := parseStart(s)
			if err != nil {
				d.errorf(n, p, "%v", err)
			}
			sc.Start, start = t, t
			if err != nil {
				start = sim.DefaultStart()
			}
		}
	}
	if n, p := f.get("horizon"); n != nil {
		sc.Horizon, _ = d.duration(n, p)
	}
	if n, p := f.get("decisions"); n != nil {
		sc.Decisions = d.decisions(n, p)
	}
	if n, p := f.get("fleet"); n != nil {
		sc.Fleet = d.fleet(n, p, start)
	}
	if n, p := f.get("documents"); n != nil {
		sc.Documents = d.documents(n, p)
	}
	if n, p := f.get("alarms"); n != nil {
		sc.Alarms = d.alarms(n, p, start)
	}
	if n, p := f.get("associations"); n != nil {
		sc.Associations = d.associations(n, p, sc.Horizon)
	}
	if n, p := f.get("actions"); n != nil {
		sc.Actions = d.actions(n, p, start, &sc)
	}
	if n, p := f.get("faults"); n != nil {
		sc.Faults = d.faults(n, p, start)
	}
	return sc
}

// duration reads a duration (parseDuration's forms).
func (d *decoder) duration(n *yaml.Node, path string) (time.Duration, bool) {
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!str" && n.ShortTag() != "!!int") {
		d.errorf(n, path, "want a duration (like 90s, 2h30m or 30d), got %s", describe(n))
		return 0, false
	}
	v, err := parseDuration(n.Value)
	if err != nil {
		d.errorf(n, path, "%v", err)
		return 0, false
	}
	return v, true
}

// instant reads an instant as an offset from start.
func (d *decoder) instant(n *yaml.Node, path string, start time.Time) (time.Duration, bool) {
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!str" && n.ShortTag() != "!!int" && n.ShortTag() != "!!timestamp") {
		d.errorf(n, path, "want an offset from the start (like 2h30m) or an RFC 3339 time, got %s", describe(n))
		return 0, false
	}
	v, err := parseInstant(n.Value, start)
	if err != nil {
		d.errorf(n, path, "%v", err)
		return 0, false
	}
	return v, true
}

var decisionFields = []string{"concurrencyRounding", "errorRounding", "defaultMaxConcurrency", "deferNewTargets", "unrecordedCalendarSkips", "skippedTargetRows", "maxActiveAssociations", "retention"}

func (d *decoder) decisions(n *yaml.Node, path string) sim.Decisions {
	var ds sim.Decisions
	f, ok := d.mapping(n, path, decisionFields)
	if !ok {
		return ds
	}
	rounding := func(name string, into *model.Rounding) {
		if n, p := f.get(name); n != nil {
			if s, ok := d.oneOf(n, p, "up", "down", "nearest"); ok {
				*into, _ = model.ParseRounding(s)
			}
		}
	}
	rounding("concurrencyRounding", &ds.ConcurrencyRounding)
	rounding("errorRounding", &ds.ErrorRounding)
	if n, p := f.get("defaultMaxConcurrency"); n != nil {
		if s, ok := d.str(n, p); ok {
			if _, err := model.ParseMaxConcurrency(s, "defaultMaxConcurrency"); err != nil {
				d.errorf(n, p, "%q is not a MaxConcurrency (a count from 1, or a percentage from 1%% to 100%%)", clip(s))
			}
			ds.DefaultMaxConcurrency = s
		}
	}
	flag := func(name string, into *bool) {
		if n, p := f.get(name); n != nil {
			*into, _ = d.boolean(n, p)
		}
	}
	flag("deferNewTargets", &ds.DeferNewTargets)
	flag("unrecordedCalendarSkips", &ds.UnrecordedCalendarSkips)
	flag("skippedTargetRows", &ds.SkippedTargetRows)
	if n, p := f.get("maxActiveAssociations"); n != nil {
		v, _ := d.integer(n, p, 0, 1<<31-1)
		ds.MaxActiveAssociations = int(v)
	}
	if n, p := f.get("retention"); n != nil {
		if v, ok := d.duration(n, p); ok && v <= 0 {
			d.errorf(n, p, "retention must be longer than 0 (leave it out to keep every execution)")
		} else {
			ds.Retention = v
		}
	}
	return ds
}

// lineOrLast orders an unknown line (0) after every known one.
func lineOrLast(line int) int {
	if line <= 0 {
		return math.MaxInt
	}
	return line
}

// lineOf is line n (from 1) of data, or "".
func lineOf(data []byte, n int) string {
	for i := 1; len(data) > 0; i++ {
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		if i == n {
			return string(line)
		}
		data = rest
	}
	return ""
}
