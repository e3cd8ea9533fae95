package validate

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// DecodeError reports a request body AWS would refuse with a
// SerializationException: not a JSON object, malformed JSON, or a member
// whose JSON type does not fit its shape.
type DecodeError struct {
	// Path locates the offending value in AWS's member-path form (e.g.
	// "targets.1.member.values"); it is empty for the body as a whole.
	Path string
	// Msg is the message for the SerializationException, worded like
	// AWS's JSON deserializer where its wording is known (see doc.go).
	Msg string
}

// Error returns Msg, followed by the path when there is one.
func (e *DecodeError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Msg + " (at '" + e.Path + "')"
}

// maxDepth bounds the nesting of JSON arrays and objects in a body.
const maxDepth = 512

// Decoded values. A member that is absent or JSON null is not stored at all;
// a null list element or map value is stored as nil.
type (
	// structVal holds the known members of a structure by model name.
	structVal struct{ fields map[string]any }
	// mapVal holds a map's entries.
	mapVal struct{ entries map[string]any }
	// blobVal is a blob: only its decoded length matters.
	blobVal struct{ n int }
	// numVal is a timestamp, double or float as written.
	numVal string
)

// Other decoded values: string (string), int64 (integer, long), bool
// (boolean), []any (list).

// decoder reads a body token by token, guided by the shapes.
type decoder struct {
	dec   *json.Decoder
	depth int
}

// decodeBody decodes body as the input structure in. An empty (or
// whitespace-only) body stands for {}.
func decodeBody(in *shape, body []byte) (*structVal, error) {
	if !utf8.Valid(body) {
		return nil, &DecodeError{Msg: "Invalid UTF-8 in request body"}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return &structVal{fields: map[string]any{}}, nil
	}
	d := &decoder{dec: json.NewDecoder(bytes.NewReader(body))}
	d.dec.UseNumber()
	tok, err := d.token("")
	if err != nil {
		return nil, err
	}
	if tok != json.Delim('{') {
		return nil, &DecodeError{Msg: wrongType(in, tok)}
	}
	v, err := d.object(in, "")
	if err != nil {
		return nil, err
	}
	if _, err := d.dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &DecodeError{Msg: "Unexpected content after the JSON object"}
	}
	return v.(*structVal), nil
}

// token reads the next token, turning syntax errors into DecodeErrors.
func (d *decoder) token(path string) (json.Token, error) {
	tok, err := d.dec.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, &DecodeError{Path: path, Msg: "Malformed JSON: " + err.Error()}
	}
	return tok, nil
}

// value reads the next value as shape s, found at path.
func (d *decoder) value(s *shape, path string) (any, error) {
	tok, err := d.token(path)
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case nil:
		return nil, nil
	case json.Delim:
		switch {
		case t == '{' && (s.typ == typeStructure || s.typ == typeMap):
			return d.object(s, path)
		case t == '[' && s.typ == typeList:
			return d.array(s, path)
		}
	case string:
		switch s.typ {
		case typeString:
			return t, nil
		case typeBlob:
			return decodeBlob(t, path)
		}
	case json.Number:
		switch s.typ {
		case typeInteger, typeLong:
			return decodeInteger(s, t, path)
		case typeTimestamp, typeDouble, typeFloat:
			return numVal(t), nil
		}
	case bool:
		if s.typ == typeBoolean {
			return t, nil
		}
	}
	return nil, &DecodeError{Path: path, Msg: wrongType(s, tok)}
}

// object reads the members of an object whose '{' was just read, as
// structure or map s.
func (d *decoder) object(s *shape, path string) (any, error) {
	if err := d.enter(path); err != nil {
		return nil, err
	}
	fields := map[string]any{}
	for d.dec.More() {
		kt, err := d.token(path)
		if err != nil {
			return nil, err
		}
		k := kt.(string) // inside an object the decoder yields string keys only
		if s.typ == typeMap {
			v, err := d.value(s.val, mapValuePath(path, k))
			if err != nil {
				return nil, err
			}
			fields[k] = v // the last of duplicate keys wins, as with Jackson
			continue
		}
		i, known := s.byName[k]
		if !known {
			if err := d.skip(joinPath(path, lowerFirst(k))); err != nil {
				return nil, err
			}
			continue // unknown members are ignored (see doc.go)
		}
		m := s.members[i]
		v, err := d.value(m.shape, joinPath(path, m.path))
		if err != nil {
			return nil, err
		}
		if v == nil {
			delete(fields, k) // null stands for an absent member
		} else {
			fields[k] = v
		}
	}
	if _, err := d.token(path); err != nil { // '}'
		return nil, err
	}
	d.depth--
	if s.typ == typeMap {
		return &mapVal{entries: fields}, nil
	}
	return &structVal{fields: fields}, nil
}

// array reads the elements of an array whose '[' was just read, as list s.
func (d *decoder) array(s *shape, path string) (any, error) {
	if err := d.enter(path); err != nil {
		return nil, err
	}
	list := []any{}
	for d.dec.More() {
		v, err := d.value(s.elem, elemPath(path, len(list)))
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	if _, err := d.token(path); err != nil { // ']'
		return nil, err
	}
	d.depth--
	return list, nil
}

// enter counts one more level of nesting.
func (d *decoder) enter(path string) error {
	d.depth++
	if d.depth > maxDepth {
		return &DecodeError{Path: path, Msg: "JSON nesting is too deep"}
	}
	return nil
}

// skip reads and discards the next value, which must be well-formed JSON.
func (d *decoder) skip(path string) error {
	open := 0
	for {
		tok, err := d.token(path)
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			open++
			if d.depth+open > maxDepth {
				return &DecodeError{Path: path, Msg: "JSON nesting is too deep"}
			}
		case json.Delim('}'), json.Delim(']'):
			open--
		}
		if open == 0 {
			return nil
		}
	}
}

// decodeInteger converts a JSON number to an integer or long. Numbers
// written with a fraction or an exponent are accepted when their value is
// integral (1.0, 1e2); 1.5 is refused.
func decodeInteger(s *shape, num json.Number, path string) (any, error) {
	lo, hi, kind := int64(math.MinInt32), int64(math.MaxInt32), "int"
	if s.typ == typeLong {
		lo, hi, kind = math.MinInt64, math.MaxInt64, "long"
	}
	outOfRange := &DecodeError{Path: path, Msg: fmt.Sprintf("Numeric value (%s) out of range of %s (%d - %d)", num, kind, lo, hi)}
	if !strings.ContainsAny(string(num), ".eE") {
		n, err := strconv.ParseInt(string(num), 10, 64)
		if err != nil || n < lo || n > hi {
			return nil, outOfRange
		}
		return n, nil
	}
	f, err := strconv.ParseFloat(string(num), 64)
	if err == nil && f != math.Trunc(f) {
		return nil, &DecodeError{Path: path, Msg: "DECIMAL_VALUE cannot be converted to " + javaType(s)}
	}
	if err != nil || f < float64(lo) || f >= -float64(lo) { // -lo is hi+1
		return nil, outOfRange
	}
	return int64(f), nil
}

// decodeBlob decodes a blob's standard, padded base64.
func decodeBlob(str, path string) (any, error) {
	if len(str)%4 != 0 {
		return nil, &DecodeError{Path: path, Msg: fmt.Sprintf("Base64 encoded length is expected a multiple of 4 bytes but found: %d", len(str))}
	}
	raw, err := base64.StdEncoding.Strict().DecodeString(str)
	if err != nil {
		return nil, &DecodeError{Path: path, Msg: "Invalid Base64 value"}
	}
	return blobVal{n: len(raw)}, nil
}

// javaType names the Java type AWS's deserializer maps shape s to.
func javaType(s *shape) string {
	switch s.typ {
	case typeString:
		return "String"
	case typeInteger:
		return "Integer"
	case typeLong:
		return "Long"
	case typeBoolean:
		return "Boolean"
	case typeDouble:
		return "Double"
	case typeFloat:
		return "Float"
	case typeTimestamp:
		return "Date"
	}
	return "ByteBuffer"
}

// wrongType words the SerializationException for a value of the wrong JSON
// type whose first token is tok, after AWS's JSON deserializer (doc.go).
func wrongType(s *shape, tok json.Token) string {
	composite := s.typ == typeStructure || s.typ == typeMap || s.typ == typeList
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return "Start of structure or map found where not expected"
		}
		if composite {
			return "Start of list found where not expected"
		}
		if s.typ == typeTimestamp {
			return "Unrecognized collection type class java.util.Date"
		}
		if s.typ == typeBlob {
			return "Unrecognized collection type class java.nio.ByteBuffer"
		}
		return "Unrecognized collection type class java.lang." + javaType(s)
	case nil:
		return "Unexpected null value where a JSON object is expected"
	}
	if composite {
		return "Unexpected field type"
	}
	if s.typ == typeBlob {
		return "only base-64-encoded strings are convertible to bytes"
	}
	switch t := tok.(type) {
	case string:
		if s.typ == typeBoolean {
			return "Unexpected token received from parser"
		}
		return "STRING_VALUE cannot be converted to " + javaType(s)
	case bool:
		if t {
			return "TRUE_VALUE cannot be converted to " + javaType(s)
		}
		return "FALSE_VALUE cannot be converted to " + javaType(s)
	case json.Number:
		if strings.ContainsAny(string(t), ".eE") {
			return "DECIMAL_VALUE cannot be converted to " + javaType(s)
		}
		return "NUMBER_VALUE cannot be converted to " + javaType(s)
	}
	return "Unexpected field type"
}

// joinPath extends a member path with a member's path name.
func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// elemPath is the path of list element i (0-based): "<list>.<i+1>.member".
func elemPath(path string, i int) string {
	return path + "." + strconv.Itoa(i+1) + ".member"
}

// mapValuePath is the path of a map's value: "<map>.<key>.member".
func mapValuePath(path, key string) string {
	return path + "." + key + ".member"
}
