package calendar

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

// MaxDocumentSize is the largest document Parse accepts, in bytes. SSM
// rejects larger document content with MaxDocumentSizeExceeded.
const MaxDocumentSize = 64 * 1024

// ErrInvalid is wrapped by every error Parse returns.
var ErrInvalid = errors.New("invalid change calendar")

// ErrTooLarge is wrapped by the error Parse returns for a document larger
// than MaxDocumentSize; it wraps ErrInvalid too. Callers map it to the
// MaxDocumentSizeExceeded API error and plain ErrInvalid to
// InvalidDocumentContent.
var ErrTooLarge = fmt.Errorf("%w: document larger than %d bytes", ErrInvalid, MaxDocumentSize)

// ParseError is the error Parse returns: which calendar, where, and what is
// wrong. It wraps ErrInvalid (or ErrTooLarge).
type ParseError struct {
	Calendar string // the name passed to Parse
	Line     int    // 1-based line of the problem; 0 when it concerns the whole document
	Msg      string // what is wrong
	err      error
}

// Error formats the error as `calendar "NAME": line N: MSG`.
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("calendar %q: line %d: %s", e.Calendar, e.Line, e.Msg)
	}
	return fmt.Sprintf("calendar %q: %s", e.Calendar, e.Msg)
}

// Unwrap returns ErrInvalid or ErrTooLarge.
func (e *ParseError) Unwrap() error { return e.err }

// lineError is a problem found at a line; Parse adds the calendar name.
type lineError struct {
	line int
	msg  string
}

func errAt(line int, format string, args ...any) *lineError {
	return &lineError{line: line, msg: fmt.Sprintf(format, args...)}
}

// contentLine is one unfolded iCalendar content line.
type contentLine struct {
	line   int // physical line where it starts
	name   string
	params map[string][]string // names upper-cased
	value  string
}

// param returns the first value of parameter name ("" if absent).
func (l contentLine) param(name string) string {
	if v := l.params[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// component is a BEGIN/END block with its properties and sub-components.
type component struct {
	name     string
	line     int // line of its BEGIN
	props    []contentLine
	children []*component
}

// all returns the component's properties called name, in document order.
func (c *component) all(name string) []contentLine {
	var out []contentLine
	for _, p := range c.props {
		if p.name == name {
			out = append(out, p)
		}
	}
	return out
}

// atMostOne returns the property called name, if any; a repeated property is
// an error.
func (c *component) atMostOne(name string) (contentLine, bool, *lineError) {
	ps := c.all(name)
	switch len(ps) {
	case 0:
		return contentLine{}, false, nil
	case 1:
		return ps[0], true, nil
	}
	return contentLine{}, false, errAt(ps[1].line, "%s repeated (first at line %d)", name, ps[0].line)
}

// scan turns the document into its component tree, checking that it is UTF-8
// text made of well-formed content lines with balanced BEGIN/END, and holding
// exactly one VCALENDAR.
func scan(text []byte) (*component, *lineError) {
	lines, lerr := unfold(text)
	if lerr != nil {
		return nil, lerr
	}
	var root *component
	var stack []*component
	for _, cl := range lines {
		if len(stack) == 0 && root != nil {
			return nil, errAt(cl.line, "content after END:VCALENDAR")
		}
		switch cl.name {
		case "BEGIN":
			name := strings.ToUpper(strings.TrimSpace(cl.value))
			if name == "" {
				return nil, errAt(cl.line, "BEGIN without a component name")
			}
			c := &component{name: name, line: cl.line}
			if len(stack) == 0 {
				if name != "VCALENDAR" {
					return nil, errAt(cl.line, "want BEGIN:VCALENDAR first, got BEGIN:%s", name)
				}
				root = c
			} else {
				top := stack[len(stack)-1]
				top.children = append(top.children, c)
			}
			stack = append(stack, c)
		case "END":
			name := strings.ToUpper(strings.TrimSpace(cl.value))
			if len(stack) == 0 {
				return nil, errAt(cl.line, "END:%s before BEGIN:VCALENDAR", name)
			}
			top := stack[len(stack)-1]
			if name != top.name {
				return nil, errAt(cl.line, "END:%s does not close BEGIN:%s at line %d", name, top.name, top.line)
			}
			stack = stack[:len(stack)-1]
		default:
			if len(stack) == 0 {
				return nil, errAt(cl.line, "want BEGIN:VCALENDAR first, got %s", cl.name)
			}
			top := stack[len(stack)-1]
			top.props = append(top.props, cl)
		}
	}
	if root == nil {
		return nil, errAt(1, "empty document: want BEGIN:VCALENDAR")
	}
	if len(stack) > 0 {
		open := stack[len(stack)-1]
		return nil, errAt(open.line, "BEGIN:%s has no matching END:%s", open.name, open.name)
	}
	return root, nil
}

// unfold splits text into content lines (RFC 5545 section 3.1: a line that
// starts with a space or tab continues the previous one) and parses each
// with the iCalendar library, remembering the physical line it started on.
func unfold(text []byte) ([]contentLine, *lineError) {
	text = bytes.TrimPrefix(text, []byte("\xef\xbb\xbf")) // a UTF-8 byte-order mark
	var out []contentLine
	var cur strings.Builder
	curLine := 0
	flush := func() *lineError {
		if curLine == 0 {
			return nil
		}
		cl, lerr := parseContentLine(curLine, cur.String())
		if lerr != nil {
			return lerr
		}
		out = append(out, cl)
		cur.Reset()
		curLine = 0
		return nil
	}
	for i, raw := range bytes.Split(text, []byte("\n")) {
		n := i + 1
		raw = bytes.TrimSuffix(raw, []byte("\r"))
		if msg := checkText(raw); msg != "" {
			return nil, errAt(n, "%s", msg)
		}
		switch {
		case len(raw) == 0:
			if lerr := flush(); lerr != nil {
				return nil, lerr
			}
		case raw[0] == ' ' || raw[0] == '\t':
			if curLine == 0 {
				return nil, errAt(n, "continuation line (starts with white space) with no line to continue")
			}
			cur.Write(raw[1:])
		default:
			if lerr := flush(); lerr != nil {
				return nil, lerr
			}
			curLine = n
			cur.Write(raw)
		}
	}
	if lerr := flush(); lerr != nil {
		return nil, lerr
	}
	return out, nil
}

// checkText says what makes a physical line not iCalendar text ("" if
// nothing does): invalid UTF-8 or a control character other than tab.
func checkText(line []byte) string {
	if !utf8.Valid(line) {
		return "not UTF-8 text (binary data?)"
	}
	for _, r := range string(line) {
		if (r < 0x20 && r != '\t') || r == 0x7f {
			return fmt.Sprintf("control character %U (binary data?)", r)
		}
	}
	return ""
}

// parseContentLine parses NAME *(;PARAM=VALUE) :VALUE.
func parseContentLine(n int, s string) (contentLine, *lineError) {
	malformed := errAt(n, "malformed content line %s: want NAME[;PARAM=VALUE]:VALUE", quote(s))
	// The library skips anything before the first name character; a line
	// must start with its name.
	if c := s[0]; !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
		return contentLine{}, malformed
	}
	p, err := ics.ParseProperty(ics.ContentLine(s))
	if err != nil {
		return contentLine{}, errAt(n, "malformed content line %s: %v", quote(s), err)
	}
	if p == nil {
		return contentLine{}, malformed
	}
	params := make(map[string][]string, len(p.ICalParameters))
	for k, v := range p.ICalParameters {
		k = strings.ToUpper(k)
		params[k] = append(params[k], v...)
	}
	return contentLine{line: n, name: strings.ToUpper(p.IANAToken), params: params, value: p.Value}, nil
}

// quote quotes s for an error message, shortened to keep messages readable.
func quote(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max]) + "..."
	}
	return fmt.Sprintf("%q", s)
}
