package schedule

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrInvalid is wrapped by every error this package returns: the
// expression, or its combination with the association's other members, is
// not one State Manager accepts. Callers map it to InvalidSchedule (D13).
var ErrInvalid = errors.New("invalid schedule")

// invalidError carries a message that names the exact problem. It wraps
// ErrInvalid without prefixing the message with ErrInvalid's text.
type invalidError struct{ msg string }

func (e *invalidError) Error() string { return e.msg }
func (e *invalidError) Unwrap() error { return ErrInvalid }

func invalidf(format string, args ...any) error {
	return &invalidError{msg: fmt.Sprintf(format, args...)}
}

// Kind is the form of a schedule expression.
type Kind uint8

// The schedule expression forms. The zero Kind is no schedule (a nil
// *Schedule, which a run-once association has).
const (
	KindCron Kind = iota + 1 // cron(...)
	KindRate                 // rate(N unit)
	KindAt                   // at(yyyy-mm-ddThh:mm:ss)
)

// String returns "cron", "rate" or "at".
func (k Kind) String() string {
	switch k {
	case KindCron:
		return "cron"
	case KindRate:
		return "rate"
	case KindAt:
		return "at"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Schedule is a parsed schedule expression. It is immutable and safe for
// concurrent use. A nil *Schedule stands for "no schedule": its methods
// return zero values and Next reports false.
type Schedule struct {
	kind     Kind
	text     string        // canonical text (String)
	cron     cronSpec      // KindCron
	interval time.Duration // KindRate
	at       time.Time     // KindAt
}

// Parse parses a cron(...), rate(...) or at(...) expression and checks its
// syntax only; ParseAssociation adds State Manager's association rules.
// Errors wrap ErrInvalid and name the exact problem.
func Parse(expr string) (*Schedule, error) {
	switch {
	case expr == "":
		return nil, invalidf("empty schedule expression: want cron(...), rate(...) or at(...)")
	case strings.HasPrefix(expr, "cron("):
		return parseCron(expr)
	case strings.HasPrefix(expr, "rate("):
		return parseRate(expr)
	case strings.HasPrefix(expr, "at("):
		return parseAt(expr)
	}
	return nil, invalidf("%s: want cron(...), rate(...) or at(...) (lower-case, no spaces before the parenthesis)", expr)
}

// inner returns the text between "name(" and the closing parenthesis.
func inner(expr, name string) (string, error) {
	body := expr[len(name)+1:]
	if !strings.HasSuffix(body, ")") {
		return "", invalidf("%s: missing closing parenthesis at the end", expr)
	}
	return body[:len(body)-1], nil
}

// Kind returns the expression's form (0 for a nil Schedule).
func (s *Schedule) Kind() Kind {
	if s == nil {
		return 0
	}
	return s.kind
}

// String returns the canonical text: names upper-case, numbers without
// leading zeros, cron always in the 6-field form (a seconds field of 0 is
// dropped). Parse(s.String()) yields a Schedule Equal to s. A nil Schedule
// returns "".
func (s *Schedule) String() string {
	if s == nil {
		return ""
	}
	return s.text
}

// Equal reports whether s and o are the same schedule however spelled:
// cron(0 0 ? * 5#2 *) and cron(0 0 ? * THU#2 *), or rate(60 minutes) and
// rate(1 hour), are Equal. Different rules that happen to fire at the same
// times (L and 31 in a 31-day month) are not. Two nil Schedules are Equal.
func (s *Schedule) Equal(o *Schedule) bool {
	if s == nil || o == nil {
		return s == o
	}
	if s.kind != o.kind {
		return false
	}
	switch s.kind {
	case KindCron:
		return s.cron == o.cron
	case KindRate:
		return s.interval == o.interval
	default:
		return s.at.Equal(o.at)
	}
}

// Interval returns a rate schedule's interval; 0 for cron and at.
func (s *Schedule) Interval() time.Duration {
	if s == nil {
		return 0
	}
	return s.interval
}

// At returns an at() schedule's instant (UTC); the zero time otherwise.
func (s *Schedule) At() time.Time {
	if s == nil || s.kind != KindAt {
		return time.Time{}
	}
	return s.at
}

// Next returns the first firing strictly after `after`, in UTC, and false
// when there is none.
//
//   - cron: the first matching whole minute (seconds 0) after `after`;
//     false once the year field (at most 2199) is exhausted.
//   - at: the instant if `after` is before it, else false.
//   - rate: after + Interval (false only where time.Time ends). A rate has
//     no wall-clock phase: its anchor (the previous execution's start,
//     decision D15) is the caller's, who passes it as `after`.
func (s *Schedule) Next(after time.Time) (time.Time, bool) {
	if s == nil {
		return time.Time{}, false
	}
	switch s.kind {
	case KindCron:
		return s.cron.next(after)
	case KindRate:
		next := after.Add(s.interval) // saturates at the end of time
		if !next.After(after) {
			return time.Time{}, false
		}
		return next.UTC(), true
	default:
		if after.Before(s.at) {
			return s.at, true
		}
		return time.Time{}, false
	}
}
