package modelcheck

import (
	"fmt"
	"strings"
)

// Rules named in Violation.Rule.
const (
	RuleJSON          = "json"           // the body is not one well-formed UTF-8 JSON value
	RuleDuplicateKey  = "duplicate-key"  // an object repeats a key
	RuleOperation     = "operation"      // the operation or shape is not in the model
	RuleNull          = "null"           // a JSON null (absent members must be omitted)
	RuleUnknownMember = "unknown-member" // a member the shape does not have (case-sensitive)
	RuleRequired      = "required"       // a required member is absent
	RuleUnion         = "union"          // a union structure without exactly one member set
	RuleType          = "type"           // the JSON type does not fit the shape's type
	RuleTimestamp     = "timestamp"      // a timestamp that is not epoch seconds with at most 3 decimals
	RuleEnum          = "enum"           // a string outside the shape's enum
	RulePattern       = "pattern"        // a string the shape's pattern does not match
	RuleMin           = "min"            // below the shape's min (length, entries, value or bytes)
	RuleMax           = "max"            // above the shape's max (length, entries, value or bytes)
	RuleErrorType     = "error-type"     // an error __type the operation cannot return
)

// Violation is one way a document breaks the model.
type Violation struct {
	// Path locates the offending value, e.g. AssociationDescription.Targets[0].Key
	// or Parameters["commands"][1]; it is empty for the whole document.
	Path string
	// Rule is one of the Rule constants.
	Rule string
	// Detail says what was found and what the model wants.
	Detail string
}

// Error formats the violation as "path: rule: detail".
func (v Violation) Error() string {
	p := v.Path
	if p == "" {
		p = "(root)"
	}
	return p + ": " + v.Rule + ": " + v.Detail
}

// Violations is every violation found in one document, in a deterministic
// order. The Check functions return it as their error when it is not empty.
type Violations []Violation

// Error lists the violations, one per line after a count.
func (vs Violations) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d model violation(s):", len(vs))
	for _, v := range vs {
		b.WriteString("\n  ")
		b.WriteString(v.Error())
	}
	return b.String()
}

// Unwrap returns the violations as individual errors, so errors.As can
// extract a Violation.
func (vs Violations) Unwrap() []error {
	errs := make([]error, len(vs))
	for i, v := range vs {
		errs[i] = v
	}
	return errs
}

// Rules returns the distinct rules broken, in order of first appearance.
func (vs Violations) Rules() []string {
	var rules []string
	seen := map[string]bool{}
	for _, v := range vs {
		if !seen[v.Rule] {
			seen[v.Rule] = true
			rules = append(rules, v.Rule)
		}
	}
	return rules
}

// collector accumulates violations.
type collector struct{ vs Violations }

// add records a violation at path.
func (c *collector) add(path, rule, format string, args ...any) {
	c.vs = append(c.vs, Violation{Path: path, Rule: rule, Detail: fmt.Sprintf(format, args...)})
}

// err returns the violations as an error, or nil when there are none.
func (c *collector) err() error {
	if len(c.vs) == 0 {
		return nil
	}
	return c.vs
}
