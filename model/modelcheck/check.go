package modelcheck

import (
	"encoding/base64"
	"encoding/json"
	"maps"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// CheckOutput validates a response body against the output shape of the
// named operation. An operation without an output shape must answer {}. The
// error, when not nil, is Violations.
func CheckOutput(operation string, body []byte) error {
	op := Model().Operations[operation]
	if op == nil {
		return unknownOperation(operation)
	}
	return checkRef(op.Output, body)
}

// CheckInput validates a request body against the input shape of the named
// operation. An operation without an input shape must be sent {}. The error,
// when not nil, is Violations.
func CheckInput(operation string, body []byte) error {
	op := Model().Operations[operation]
	if op == nil {
		return unknownOperation(operation)
	}
	return checkRef(op.Input, body)
}

// CheckShape validates body against any named shape of the model. The error,
// when not nil, is Violations.
func CheckShape(shape string, body []byte) error {
	s := Model().Shapes[shape]
	if s == nil {
		return Violations{{Rule: RuleOperation, Detail: "the model has no shape " + strconv.Quote(shape)}}
	}
	var c collector
	if v, ok := decodeStrict(body, &c); ok {
		checkValue(&c, "", s, v)
	}
	return c.err()
}

// checkRef validates body against ref's shape, or as {} when ref is nil.
func checkRef(ref *ShapeRef, body []byte) error {
	if ref != nil {
		return CheckShape(ref.Shape, body)
	}
	var c collector
	if v, ok := decodeStrict(body, &c); ok {
		if obj, isObj := v.(map[string]any); !isObj {
			c.add("", RuleType, "got %s, want {} (the operation has no shape here)", jsonKind(v))
		} else {
			for _, k := range slices.Sorted(maps.Keys(obj)) {
				c.add(k, RuleUnknownMember, "the operation has no shape here, so the document must be {}")
			}
		}
	}
	return c.err()
}

// unknownOperation is the error for an operation the model lacks.
func unknownOperation(operation string) error {
	return Violations{{Rule: RuleOperation, Detail: "the model has no operation " + strconv.Quote(operation)}}
}

// checkValue validates v, found at path, against shape s.
func checkValue(c *collector, path string, s *Shape, v any) {
	if v == nil {
		c.add(path, RuleNull, "null is never sent; omit the member instead (shape %s)", s.Name)
		return
	}
	switch s.Type {
	case "structure":
		checkStructure(c, path, s, v)
	case "list":
		arr, ok := v.([]any)
		if !ok {
			c.add(path, RuleType, "got %s, want array (list %s)", jsonKind(v), s.Name)
			return
		}
		checkBounds(c, path, s, int64(len(arr)), "length")
		elem := Model().Shapes[s.Member.Shape]
		for i, x := range arr {
			checkValue(c, indexPath(path, i), elem, x)
		}
	case "map":
		obj, ok := v.(map[string]any)
		if !ok {
			c.add(path, RuleType, "got %s, want object (map %s)", jsonKind(v), s.Name)
			return
		}
		checkBounds(c, path, s, int64(len(obj)), "entries")
		keyShape, valShape := Model().Shapes[s.Key.Shape], Model().Shapes[s.Value.Shape]
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			kp := keyPath(path, k)
			checkString(c, kp, keyShape, k, "map key ")
			checkValue(c, kp, valShape, obj[k])
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			c.add(path, RuleType, "got %s, want string (%s)", jsonKind(v), s.Name)
			return
		}
		checkString(c, path, s, str, "")
	case "integer", "long":
		checkInteger(c, path, s, v)
	case "boolean":
		if _, ok := v.(bool); !ok {
			c.add(path, RuleType, "got %s, want boolean (%s)", jsonKind(v), s.Name)
		}
	case "timestamp":
		checkTimestamp(c, path, s, v)
	case "double", "float":
		if _, ok := v.(json.Number); ok {
			return
		}
		if str, ok := v.(string); ok && (str == "NaN" || str == "Infinity" || str == "-Infinity") {
			return
		}
		c.add(path, RuleType, "got %s, want number (%s %s)", jsonKind(v), s.Type, s.Name)
	case "blob":
		str, ok := v.(string)
		if !ok {
			c.add(path, RuleType, "got %s, want base64 string (blob %s)", jsonKind(v), s.Name)
			return
		}
		raw, err := base64.StdEncoding.DecodeString(str)
		if err != nil {
			c.add(path, RuleType, "not standard padded base64 (blob %s): %v", s.Name, err)
			return
		}
		checkBounds(c, path, s, int64(len(raw)), "decoded bytes")
	default:
		c.add(path, RuleType, "shape %s has type %q, which this checker does not know", s.Name, s.Type)
	}
}

// checkStructure validates an object against structure s.
func checkStructure(c *collector, path string, s *Shape, v any) {
	obj, ok := v.(map[string]any)
	if !ok {
		c.add(path, RuleType, "got %s, want object (structure %s)", jsonKind(v), s.Name)
		return
	}
	set := 0
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		ref := s.Members[k]
		if ref == nil {
			c.add(memberPath(path, k), RuleUnknownMember, "structure %s has no member %q%s", s.Name, k, caseHint(s, k))
			continue
		}
		if obj[k] != nil {
			set++
		}
		checkValue(c, memberPath(path, k), Model().Shapes[ref.Shape], obj[k])
	}
	required := append([]string(nil), s.Required...)
	sort.Strings(required)
	for _, r := range required {
		if _, ok := obj[r]; !ok {
			c.add(memberPath(path, r), RuleRequired, "structure %s requires member %s", s.Name, r)
		}
	}
	if s.Union && set != 1 {
		c.add(path, RuleUnion, "union %s must have exactly one member set, has %d (members: %s)",
			s.Name, set, strings.Join(slices.Sorted(maps.Keys(s.Members)), ", "))
	}
}

// caseHint suggests the member a mis-cased key was probably meant to be.
func caseHint(s *Shape, key string) string {
	for _, m := range slices.Sorted(maps.Keys(s.Members)) {
		if strings.EqualFold(m, key) {
			return "; members are case-sensitive, did you mean " + strconv.Quote(m) + "?"
		}
	}
	return ""
}

// checkString validates a string (a value, or with prefix "map key " a map
// key) against string shape s: enum, pattern and rune length.
func checkString(c *collector, path string, s *Shape, str, prefix string) {
	if len(s.Enum) > 0 && !enumHas(s, str) {
		c.add(path, RuleEnum, "%s%q is not in enum %s (%s)", prefix, str, s.Name, strings.Join(s.Enum, ", "))
	}
	if s.Pattern != "" {
		match, err := compilePattern(s.Pattern)
		if err != nil {
			c.add(path, RulePattern, "%s%v", prefix, err)
		} else if !match(str) {
			c.add(path, RulePattern, "%s%q does not match pattern %s of %s", prefix, str, s.Pattern, s.Name)
		}
	}
	n := int64(utf8.RuneCountInString(str))
	if s.Min != nil && n < *s.Min {
		c.add(path, RuleMin, "%slength %d is below min %d of %s", prefix, n, *s.Min, s.Name)
	}
	if s.Max != nil && n > *s.Max {
		c.add(path, RuleMax, "%slength %d is above max %d of %s", prefix, n, *s.Max, s.Name)
	}
}

// checkBounds applies s's min and max to a count (what says what is counted).
func checkBounds(c *collector, path string, s *Shape, n int64, what string) {
	if s.Min != nil && n < *s.Min {
		c.add(path, RuleMin, "%s %d is below min %d of %s", what, n, *s.Min, s.Name)
	}
	if s.Max != nil && n > *s.Max {
		c.add(path, RuleMax, "%s %d is above max %d of %s", what, n, *s.Max, s.Name)
	}
}

var integerSyntax = regexp.MustCompile(`^-?(?:0|[1-9][0-9]*)$`)

// checkInteger validates an integer or long: an integral JSON number without
// fraction or exponent, within the type's range and s's min and max.
func checkInteger(c *collector, path string, s *Shape, v any) {
	num, ok := v.(json.Number)
	if !ok {
		c.add(path, RuleType, "got %s, want integral number (%s %s)", jsonKind(v), s.Type, s.Name)
		return
	}
	if !integerSyntax.MatchString(string(num)) {
		c.add(path, RuleType, "%s is not written as an integer (%s %s)", num, s.Type, s.Name)
		return
	}
	lo, hi := int64(math.MinInt32), int64(math.MaxInt32)
	if s.Type == "long" {
		lo, hi = math.MinInt64, math.MaxInt64
	}
	n, err := strconv.ParseInt(string(num), 10, 64)
	if err != nil || n < lo || n > hi {
		c.add(path, RuleType, "%s does not fit a %s (%s)", num, s.Type, s.Name)
		return
	}
	if s.Min != nil && n < *s.Min {
		c.add(path, RuleMin, "value %d is below min %d of %s", n, *s.Min, s.Name)
	}
	if s.Max != nil && n > *s.Max {
		c.add(path, RuleMax, "value %d is above max %d of %s", n, *s.Max, s.Name)
	}
}

var timestampSyntax = regexp.MustCompile(`^-?(?:0|[1-9][0-9]*)(?:\.([0-9]+))?$`)

// checkTimestamp validates a timestamp: epoch seconds as a plain JSON number
// with at most 3 decimal places (millisecond precision), as AWS JSON 1.1
// sends it.
func checkTimestamp(c *collector, path string, s *Shape, v any) {
	num, ok := v.(json.Number)
	if !ok {
		c.add(path, RuleTimestamp, "got %s, want epoch seconds as a JSON number (%s)", jsonKind(v), s.Name)
		return
	}
	m := timestampSyntax.FindStringSubmatch(string(num))
	if m == nil {
		c.add(path, RuleTimestamp, "%s is not plain decimal epoch seconds (%s)", num, s.Name)
		return
	}
	if len(m[1]) > 3 {
		c.add(path, RuleTimestamp, "%s has %d decimal places, at most 3 (milliseconds) allowed (%s)", num, len(m[1]), s.Name)
	}
}
