package modelcheck

import (
	"maps"
	"slices"
	"strings"
)

// AllowedEnumValue is a value real AWS is documented to send for an enum
// shape although the model's enum does not list it.
type AllowedEnumValue struct {
	Shape  string // the enum shape
	Value  string // the value accepted on top of the model's enum
	Source string // where AWS is seen sending it
}

var enumAllowList = []AllowedEnumValue{
	{
		Shape:  "AssociationStatusName",
		Value:  "Associated",
		Source: "AWS API reference, CreateAssociationBatch, sample response: Successful[0].Status.Name is \"Associated\"",
	},
}

// EnumAllowList returns the values accepted outside the model's enums, in a
// fresh slice. Everything else outside an enum is a violation.
func EnumAllowList() []AllowedEnumValue {
	return slices.Clone(enumAllowList)
}

// enumHas reports whether str is in s's enum or allowed for s.
func enumHas(s *Shape, str string) bool {
	if slices.Contains(s.Enum, str) {
		return true
	}
	for _, a := range enumAllowList {
		if a.Shape == s.Name && a.Value == str {
			return true
		}
	}
	return false
}

// commonErrors are the error codes any AWS JSON 1.1 operation may return
// although the SSM model does not list them; their bodies carry only a
// message (spelled message or Message).
var commonErrors = []string{
	"AccessDeniedException",
	"IncompleteSignature",
	"InternalFailure",
	"InvalidAction",
	"InvalidClientTokenId",
	"MissingAuthenticationTokenException",
	"SerializationException",
	"ServiceUnavailable",
	"ThrottlingException",
	"UnknownOperationException",
	"UnrecognizedClientException",
	"ValidationException",
}

// CommonErrors returns the error codes CheckError accepts for every
// operation (common AWS JSON errors), sorted, in a fresh slice.
func CommonErrors() []string {
	return slices.Clone(commonErrors)
}

// CheckError validates an error response body of the named operation,
// {"__type":"Code","message":"..."}. __type, optionally prefixed with
// "namespace#", must name one of the operation's error shapes or a common
// error (see CommonErrors). For a model error shape every other member must
// be a member of that shape (case-sensitive, except that the error message
// may be spelled "message" where the shape says "Message" or the reverse:
// the JSON protocol's message key, which botocore and the SDKs read in
// either case and ssmsim writes in lower case per decision D16; a shape
// without members allows only __type) and is validated like any value; for
// a common error not among
// the operation's errors, only a string message or Message may accompany it.
// The error, when not nil, is Violations.
func CheckError(operation string, body []byte) error {
	op := Model().Operations[operation]
	if op == nil {
		return unknownOperation(operation)
	}
	var c collector
	v, ok := decodeStrict(body, &c)
	if !ok {
		return c.err()
	}
	obj, isObj := v.(map[string]any)
	if !isObj {
		c.add("", RuleType, "got %s, want an error object with __type", jsonKind(v))
		return c.err()
	}
	raw, present := obj["__type"]
	code, isString := raw.(string)
	switch {
	case !present:
		c.add("__type", RuleRequired, "an error body needs __type")
	case raw == nil:
		c.add("__type", RuleNull, "__type must be a string, not null")
	case !isString:
		c.add("__type", RuleType, "got %s, want string", jsonKind(raw))
	}
	if !isString {
		return c.err()
	}
	if i := strings.LastIndexByte(code, '#'); i >= 0 {
		code = code[i+1:]
	}

	var errShape *Shape
	var names []string
	for _, e := range op.Errors {
		names = append(names, e.Shape)
		if e.Shape == code {
			errShape = Model().Shapes[code]
		}
	}
	switch {
	case errShape != nil:
		checkErrorMembers(&c, errShape, obj)
	case slices.Contains(commonErrors, code):
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			switch val := obj[k]; {
			case k == "__type":
			case k != "message" && k != "Message":
				c.add(k, RuleUnknownMember, "common error %s carries only message or Message", code)
			case val == nil:
				c.add(k, RuleNull, "null is never sent; omit the member instead")
			default:
				if _, ok := val.(string); !ok {
					c.add(k, RuleType, "got %s, want string", jsonKind(val))
				}
			}
		}
	default:
		slices.Sort(names)
		c.add("__type", RuleErrorType, "%s cannot return %q; its model errors are [%s] and the common errors [%s]",
			operation, code, strings.Join(names, ", "), strings.Join(commonErrors, ", "))
	}
	return c.err()
}

// checkErrorMembers validates the members of an error body other than
// __type against the error shape s.
func checkErrorMembers(c *collector, s *Shape, obj map[string]any) {
	rest := make(map[string]any, len(obj))
	for k, v := range obj {
		if k != "__type" {
			rest[k] = v
		}
	}
	// The protocol's message key: accept either case for the shape's message member.
	for _, pair := range [][2]string{{"message", "Message"}, {"Message", "message"}} {
		v, sent := rest[pair[0]]
		_, modelled := s.Members[pair[1]]
		_, alsoSent := rest[pair[1]]
		if _, exact := s.Members[pair[0]]; sent && modelled && !alsoSent && !exact {
			delete(rest, pair[0])
			rest[pair[1]] = v
		}
	}
	if len(s.Members) == 0 {
		for _, k := range slices.Sorted(maps.Keys(rest)) {
			c.add(k, RuleUnknownMember, "error %s has no members, so only __type may be sent", s.Name)
		}
		return
	}
	checkValue(c, "", s, rest)
}
