package model

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
)

// Patterns of the model's MaxConcurrency and MaxErrors shapes (length 1..7).
// MaxConcurrency forbids 0 and 0%; MaxErrors allows both.
const (
	MaxConcurrencyPattern = `^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$`
	MaxErrorsPattern      = `^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$`
)

var (
	maxConcurrencyRE = regexp.MustCompile(MaxConcurrencyPattern)
	maxErrorsRE      = regexp.MustCompile(MaxErrorsPattern)
)

// RateValue is a MaxConcurrency or MaxErrors value: an absolute count, or a
// percentage of the execution's resolved targets.
type RateValue struct {
	N       int  // the count, or the percentage when Percent is set
	Percent bool // N is a percentage of the targets
}

// String formats the value as the API spells it ("10" or "10%").
func (r RateValue) String() string {
	if r.Percent {
		return strconv.Itoa(r.N) + "%"
	}
	return strconv.Itoa(r.N)
}

// ParseMaxConcurrency parses a MaxConcurrency value. member names the field
// in the error (e.g. "maxConcurrency"); the error is a ValidationException
// naming the value and the rule it broke.
func ParseMaxConcurrency(s, member string) (RateValue, error) {
	return parseRate(s, member, maxConcurrencyRE, MaxConcurrencyPattern)
}

// ParseMaxErrors parses a MaxErrors value; see ParseMaxConcurrency.
func ParseMaxErrors(s, member string) (RateValue, error) {
	return parseRate(s, member, maxErrorsRE, MaxErrorsPattern)
}

func parseRate(s, member string, re *regexp.Regexp, pattern string) (RateValue, error) {
	var vs []Violation
	if len(s) < 1 {
		vs = append(vs, Violation{Value: s, Member: member, Constraint: "Member must have length greater than or equal to 1"})
	}
	if len(s) > 7 {
		vs = append(vs, Violation{Value: s, Member: member, Constraint: "Member must have length less than or equal to 7"})
	}
	if !re.MatchString(s) {
		vs = append(vs, Violation{Value: s, Member: member, Constraint: "Member must satisfy regular expression pattern: " + pattern})
	}
	if len(vs) > 0 {
		return RateValue{}, ValidationError(vs...)
	}
	r := RateValue{}
	digits := s
	if s[len(s)-1] == '%' {
		r.Percent = true
		digits = s[:len(s)-1]
	}
	n, err := strconv.Atoi(digits)
	if err != nil { // unreachable: the pattern admits only ≤7 digits
		return RateValue{}, ValidationError(Violation{Value: s, Member: member, Constraint: "Member must be a number"})
	}
	r.N = n
	return r, nil
}

// Rounding turns a fractional count (p% of N targets) into a whole one.
type Rounding int

// Rounding modes. The zero value is the field's default (decision D1): up
// for MaxConcurrency, down for MaxErrors.
const (
	RoundDefault Rounding = iota
	RoundUp               // ceil
	RoundDown             // floor
	RoundNearest          // half away from zero
)

// Values returns all Rounding modes.
func (Rounding) Values() []Rounding { return []Rounding{RoundUp, RoundDown, RoundNearest} }

// String names the mode ("up", "down", "nearest").
func (m Rounding) String() string {
	switch m {
	case RoundDefault:
		return "default"
	case RoundUp:
		return "up"
	case RoundDown:
		return "down"
	case RoundNearest:
		return "nearest"
	}
	return fmt.Sprintf("Rounding(%d)", int(m))
}

// ParseRounding parses "default", "up", "down" or "nearest".
func ParseRounding(s string) (Rounding, error) {
	for _, m := range append(Rounding(0).Values(), RoundDefault) {
		if m.String() == s {
			return m, nil
		}
	}
	return 0, fmt.Errorf("model: rounding %q is not one of default, up, down, nearest", s)
}

// of returns p% of n under the mode (fallback when the mode is the
// default), computed exactly in integers.
func (m Rounding) of(p, n int, fallback Rounding) int {
	if m == RoundDefault {
		m = fallback
	}
	num := p * n
	switch m {
	case RoundDown:
		return num / 100
	case RoundNearest:
		return (num + 50) / 100
	default:
		return (num + 99) / 100
	}
}

// Concurrency resolves MaxConcurrency against n targets (decision D1):
// a count is used as is; a percentage is p% of n rounded by mode (default
// up), and never less than 1, so a percentage can't stall a rollout.
func (r RateValue) Concurrency(n int, mode Rounding) int {
	c := r.N
	if r.Percent {
		c = mode.of(r.N, n, RoundUp)
	}
	return max(1, c)
}

// ErrorThreshold resolves MaxErrors against n targets (decision D1): the
// number of errors tolerated. Dispatch stops once errors exceed it, so "3"
// stops at the 4th error, "0" after the first, and "10%" of 50 (threshold 5)
// at the 6th — the rule in the CreateAssociation API reference.
func (r RateValue) ErrorThreshold(n int, mode Rounding) int {
	if r.Percent {
		return mode.of(r.N, n, RoundDown)
	}
	return r.N
}

// Unlimited is the error threshold of an association without MaxErrors
// (decision D3: never stop for errors).
const Unlimited = math.MaxInt
