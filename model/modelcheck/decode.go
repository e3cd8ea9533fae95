package modelcheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// decodeStrict parses body as exactly one JSON value into map[string]any,
// []any, string, json.Number, bool and nil, recording malformed input and
// duplicate object keys (which encoding/json would silently collapse) in c.
// ok is false when the body could not be parsed at all.
func decodeStrict(body []byte, c *collector) (v any, ok bool) {
	if !utf8.Valid(body) {
		c.add("", RuleJSON, "body is not valid UTF-8")
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	v, err := decodeValue(dec, "", c)
	if err != nil {
		c.add("", RuleJSON, "malformed JSON: %v", err)
		return nil, false
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		c.add("", RuleJSON, "data after the JSON value")
		return nil, false
	}
	return v, true
}

// decodeValue reads the next value from dec; path locates it for duplicate
// key reports.
func decodeValue(dec *json.Decoder, path string, c *collector) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			obj := map[string]any{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k := kt.(string) // the decoder only yields string keys inside an object
				child := memberPath(path, k)
				val, err := decodeValue(dec, child, c)
				if err != nil {
					return nil, err
				}
				if _, dup := obj[k]; dup {
					c.add(child, RuleDuplicateKey, "key %q appears more than once", k)
				}
				obj[k] = val
			}
			_, err := dec.Token() // '}'
			return obj, err
		case '[':
			arr := []any{}
			for dec.More() {
				val, err := decodeValue(dec, indexPath(path, len(arr)), c)
				if err != nil {
					return nil, err
				}
				arr = append(arr, val)
			}
			_, err := dec.Token() // ']'
			return arr, err
		}
	}
	return tok, nil
}

// memberPath extends path with a structure member name.
func memberPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// indexPath extends path with a list index.
func indexPath(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// keyPath extends path with a quoted map key.
func keyPath(path, key string) string {
	return path + "[" + strconv.Quote(key) + "]"
}

// jsonKind names the JSON type of a decoded value.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	}
	return "unknown"
}
