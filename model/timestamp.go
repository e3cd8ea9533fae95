package model

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Timestamp is an instant on the wire: JSON 1.1 `timestamp` members are epoch
// seconds as a JSON number with at most millisecond precision
// (e.g. 1585059887.692, per the SSM API reference sample responses).
//
// The value is milliseconds since the Unix epoch; zero means "absent" and is
// omitted from documents by the `omitzero` tag option.
type Timestamp int64

// TimestampOf converts t to a Timestamp, truncating to the millisecond.
func TimestampOf(t time.Time) Timestamp { return Timestamp(t.UnixMilli()) }

// Time returns the instant as a UTC time.Time.
func (ts Timestamp) Time() time.Time { return time.UnixMilli(int64(ts)).UTC() }

// IsZero reports whether the timestamp is absent.
func (ts Timestamp) IsZero() bool { return ts == 0 }

// String formats the instant as RFC 3339 with milliseconds, for humans.
func (ts Timestamp) String() string { return ts.Time().Format("2006-01-02T15:04:05.000Z07:00") }

// MarshalJSON writes epoch seconds: whole seconds as "N.0", otherwise up to
// three decimals with trailing zeros trimmed ("1585059887.692", "…887.69").
func (ts Timestamp) MarshalJSON() ([]byte, error) {
	ms := int64(ts)
	if ms < 0 {
		return nil, errors.New("model: negative timestamp")
	}
	b := strconv.AppendInt(nil, ms/1000, 10)
	frac := ms % 1000
	b = append(b, '.')
	if frac == 0 {
		return append(b, '0'), nil
	}
	digits := []byte{byte('0' + frac/100), byte('0' + frac/10%10), byte('0' + frac%10)}
	for len(digits) > 1 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
	}
	return append(b, digits...), nil
}

// UnmarshalJSON reads epoch seconds given as a JSON number (integer or
// fractional), rounding to the nearest millisecond.
func (ts *Timestamp) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "null" || s == "" || s[0] == '"' {
		return errors.New("model: timestamp must be a JSON number of epoch seconds")
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 {
		return errors.New("model: timestamp must be a non-negative JSON number of epoch seconds")
	}
	*ts = Timestamp(int64(f*1000 + 0.5))
	return nil
}
