package validate

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ssmsim/ssmsim/model"
)

// ErrUnknownOperation is returned, wrapped, by Check for an operation the
// model lacks.
var ErrUnknownOperation = errors.New("validate: unknown operation")

// Value renderings with a fixed text.
const (
	// NullValue is the Value of a "Member must not be null" violation. AWS
	// prints the word unquoted (Value null at 'x'); model.ValidationError
	// quotes every value.
	NullValue = "null"
	// SensitiveValue stands for a value of a shape the model marks
	// sensitive, wherever it would be printed.
	SensitiveValue = "*** Sensitive Data Redacted ***"
)

// Check validates body, an AWS JSON 1.1 request body, as the input of
// operation, the way SSM does before any business logic. It returns
//   - (nil, nil) when the body is valid;
//   - (violations, nil) when it breaks model constraints, in a deterministic
//     order (see doc.go); model.ValidationError words them as AWS does;
//   - (nil, err) with err a *DecodeError when the body is not a JSON object
//     or a member has the wrong JSON type (AWS answers
//     SerializationException), or wrapping ErrUnknownOperation.
func Check(operation string, body []byte) ([]model.Violation, error) {
	in := theIndex().ops[operation]
	if in == nil {
		return nil, fmt.Errorf("%w %q", ErrUnknownOperation, operation)
	}
	v, err := decodeBody(in, body)
	if err != nil {
		return nil, err
	}
	var c checker
	c.structure(in, v, "")
	return c.vs, nil
}

// checker collects violations depth-first.
type checker struct{ vs []model.Violation }

func (c *checker) add(value, path, constraint string) {
	c.vs = append(c.vs, model.Violation{Value: value, Member: path, Constraint: constraint, Redacted: value == SensitiveValue})
}

// addNull reports a missing required member; AWS prints its value as a bare null.
func (c *checker) addNull(path, constraint string) {
	c.vs = append(c.vs, model.Violation{Value: NullValue, Member: path, Constraint: constraint, Null: true})
}

// value checks v, a member's value at path, against shape s: its own
// constraints, then what it contains.
func (c *checker) value(s *shape, v any, path string) {
	if v == nil {
		return
	}
	for _, text := range failed(s, v) {
		c.add(render(s, v), path, text)
	}
	c.inner(s, v, path)
}

// inner checks what v contains: a structure's members, a list's elements, a
// map's keys and values. The constraints of a list element, map key or map
// value shape are reported once, on the list or map, with every constraint
// of that shape in brackets; what lies deeper is reported at the element's
// or value's own path.
func (c *checker) inner(s *shape, v any, path string) {
	switch s.typ {
	case typeStructure:
		c.structure(s, v.(*structVal), path)
	case typeList:
		list := v.([]any)
		if hasOwn(s.elem) && anyFails(s.elem, list) {
			c.add(render(s, v), path, "Member must satisfy constraint: "+bracket(s.elem))
		}
		for i, x := range list {
			if x != nil {
				c.inner(s.elem, x, elemPath(path, i))
			}
		}
	case typeMap:
		m := v.(*mapVal)
		keys := slices.Sorted(maps.Keys(m.entries))
		if hasOwn(s.key) {
			for _, k := range keys {
				if len(failed(s.key, k)) > 0 {
					c.add(render(s, v), path, "Map keys must satisfy constraint: "+bracket(s.key))
					break
				}
			}
		}
		vals := make([]any, len(keys))
		for i, k := range keys {
			vals[i] = m.entries[k]
		}
		if hasOwn(s.val) && anyFails(s.val, vals) {
			c.add(render(s, v), path, "Map value must satisfy constraint: "+bracket(s.val))
		}
		for i, k := range keys {
			if vals[i] != nil {
				c.inner(s.val, vals[i], mapValuePath(path, k))
			}
		}
	}
}

// structure checks each member of s in order: a missing required member is
// reported as null, a present one is checked.
func (c *checker) structure(s *shape, sv *structVal, path string) {
	for _, m := range s.members {
		p := joinPath(path, m.path)
		x, ok := sv.fields[m.name]
		if !ok {
			if m.required {
				c.addNull(p, "Member must not be null")
			}
			continue
		}
		c.value(m.shape, x, p)
	}
}

// anyFails reports whether a non-nil value in vs breaks a constraint of s.
func anyFails(s *shape, vs []any) bool {
	for _, x := range vs {
		if x != nil && len(failed(s, x)) > 0 {
			return true
		}
	}
	return false
}

// hasOwn reports whether s carries a constraint on its own value.
func hasOwn(s *shape) bool {
	return s.min != nil || s.max != nil || s.pattern != "" || len(s.enum) > 0
}

// failed returns the texts of the constraints of s that v, a non-nil value
// of s, breaks: length or value bounds first, then pattern, then enum.
func failed(s *shape, v any) []string {
	var out []string
	if n, ok := size(s, v); ok {
		if s.min != nil && n < *s.min {
			out = append(out, "Member must have length greater than or equal to "+strconv.FormatInt(*s.min, 10))
		}
		if s.max != nil && n > *s.max {
			out = append(out, "Member must have length less than or equal to "+strconv.FormatInt(*s.max, 10))
		}
	}
	if n, ok := v.(int64); ok {
		if s.min != nil && n < *s.min {
			out = append(out, "Member must have value greater than or equal to "+strconv.FormatInt(*s.min, 10))
		}
		if s.max != nil && n > *s.max {
			out = append(out, "Member must have value less than or equal to "+strconv.FormatInt(*s.max, 10))
		}
	}
	if str, ok := v.(string); ok {
		if s.match != nil && !s.match(str) {
			out = append(out, "Member must satisfy regular expression pattern: "+s.pattern)
		}
		if len(s.enum) > 0 && !contains(s.enum, str) {
			out = append(out, enumText(s))
		}
	}
	return out
}

// bracket lists every constraint of s, as AWS does inside "Member must
// satisfy constraint: [...]": upper bound, lower bound, pattern, enum.
func bracket(s *shape) string {
	var parts []string
	what := "length"
	if s.typ == typeInteger || s.typ == typeLong {
		what = "value"
	}
	if s.max != nil {
		parts = append(parts, "Member must have "+what+" less than or equal to "+strconv.FormatInt(*s.max, 10))
	}
	if s.min != nil {
		parts = append(parts, "Member must have "+what+" greater than or equal to "+strconv.FormatInt(*s.min, 10))
	}
	if s.pattern != "" {
		parts = append(parts, "Member must satisfy regular expression pattern: "+s.pattern)
	}
	if len(s.enum) > 0 {
		parts = append(parts, enumText(s))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func enumText(s *shape) string {
	return "Member must satisfy enum value set: [" + strings.Join(s.enum, ", ") + "]"
}

// size is what a length constraint measures: characters (Unicode code
// points) of a string, elements of a list, entries of a map, decoded bytes
// of a blob.
func size(s *shape, v any) (int64, bool) {
	switch x := v.(type) {
	case string:
		return int64(utf8.RuneCountInString(x)), true
	case []any:
		return int64(len(x)), true
	case *mapVal:
		return int64(len(x.entries)), true
	case blobVal:
		return int64(x.n), true
	}
	return 0, false
}

// render prints v, a value of s, the way AWS prints the offending value:
// Java's toString of the deserialized value (see doc.go).
func render(s *shape, v any) string {
	var b strings.Builder
	renderTo(&b, s, v)
	return b.String()
}

func renderTo(b *strings.Builder, s *shape, v any) {
	if v == nil {
		b.WriteString("null")
		return
	}
	if s.sensitive {
		b.WriteString(SensitiveValue)
		return
	}
	switch x := v.(type) {
	case string:
		b.WriteString(x)
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case blobVal:
		fmt.Fprintf(b, "java.nio.HeapByteBuffer[pos=0 lim=%d cap=%d]", x.n, x.n)
	case numVal:
		b.WriteString(renderNumber(s, x))
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			renderTo(b, s.elem, e)
		}
		b.WriteByte(']')
	case *mapVal:
		b.WriteByte('{')
		for i, k := range slices.Sorted(maps.Keys(x.entries)) {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(k)
			b.WriteByte('=')
			renderTo(b, s.val, x.entries[k])
		}
		b.WriteByte('}')
	case *structVal:
		b.WriteString(s.name)
		b.WriteByte('(')
		for i, m := range s.members {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(m.path)
			b.WriteByte('=')
			renderTo(b, m.shape, x.fields[m.name])
		}
		b.WriteByte(')')
	}
}

// renderNumber prints a timestamp like java.util.Date.toString in UTC
// ("Tue Mar 24 14:24:47 UTC 2020"), other numbers as written.
func renderNumber(s *shape, n numVal) string {
	if s.typ != typeTimestamp {
		return string(n)
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.Abs(f) > 1e11 {
		return string(n)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC().Format("Mon Jan 02 15:04:05 UTC 2006")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
