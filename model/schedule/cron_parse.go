package schedule

import (
	"strconv"
	"strings"
)

// The year range AWS cron accepts.
const (
	minYear = 1970
	maxYear = 2199
)

// field identifies a cron field in the 6-field order.
type field uint8

const (
	fMinutes field = iota
	fHours
	fDOM
	fMonth
	fDOW
	fYear
)

func (f field) String() string {
	switch f {
	case fMinutes:
		return "minutes"
	case fHours:
		return "hours"
	case fDOM:
		return "day-of-month"
	case fMonth:
		return "month"
	case fDOW:
		return "day-of-week"
	}
	return "year"
}

// bounds returns the field's value range.
func (f field) bounds() (lo, hi int) {
	switch f {
	case fMinutes:
		return 0, 59
	case fHours:
		return 0, 23
	case fDOM:
		return 1, 31
	case fMonth:
		return 1, 12
	case fDOW:
		return 1, 7
	}
	return minYear, maxYear
}

// name returns the value of a month (JAN..DEC) or weekday (SUN..SAT, 1=SUN)
// name in the field, or 0.
func (f field) name(tok string) int {
	list := ""
	switch f {
	case fMonth:
		list = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC"
	case fDOW:
		list = "SUNMONTUEWEDTHUFRISAT"
	}
	if len(tok) != 3 {
		return 0
	}
	for i := 0; i+3 <= len(list); i += 3 {
		if list[i:i+3] == tok {
			return i/3 + 1
		}
	}
	return 0
}

// parser carries the expression for error messages.
type parser struct{ expr string }

// fail reports a problem with one field, quoting the field as written.
func (p parser) fail(f field, raw, format string, args ...any) error {
	return invalidf("%s: %s %q: "+format, append([]any{p.expr, f, raw}, args...)...)
}

// parseCron parses cron(...) in the AWS dialect (decision D14).
func parseCron(expr string) (*Schedule, error) {
	body, err := inner(expr, "cron")
	if err != nil {
		return nil, err
	}
	p := parser{expr}
	fields := strings.Split(body, " ")
	for _, f := range fields {
		if f == "" {
			return nil, invalidf("%s: fields must be separated by single spaces (no leading, trailing or double spaces)", expr)
		}
	}
	switch len(fields) {
	case 6:
	case 7:
		if !isZero(fields[0]) {
			return nil, invalidf("%s: seconds %q: must be 0 (State Manager runs at whole minutes)", expr, fields[0])
		}
		fields = fields[1:]
	default:
		return nil, invalidf("%s: want 6 fields (minutes hours day-of-month month day-of-week year) or 7 with a leading seconds field of 0; got %d", expr, len(fields))
	}

	var c cronSpec
	var canon [6]string
	var bits [4]uint64
	if bits, canon[fMinutes], err = p.list(fMinutes, fields[fMinutes]); err != nil {
		return nil, err
	}
	c.minutes = bits[0]
	if bits, canon[fHours], err = p.list(fHours, fields[fHours]); err != nil {
		return nil, err
	}
	c.hours = uint32(bits[0])
	if bits, canon[fMonth], err = p.list(fMonth, fields[fMonth]); err != nil {
		return nil, err
	}
	c.months = uint16(bits[0])
	if c.years, canon[fYear], err = p.list(fYear, fields[fYear]); err != nil {
		return nil, err
	}

	dom, dow := fields[fDOM], fields[fDOW]
	var domRule, dowRule dayRule
	if dom != "?" {
		if domRule, canon[fDOM], err = p.dayOfMonth(dom); err != nil {
			return nil, err
		}
	}
	if dow != "?" {
		if dowRule, canon[fDOW], err = p.dayOfWeek(dow); err != nil {
			return nil, err
		}
	}
	switch {
	case dom == "?" && dow == "?":
		return nil, invalidf("%s: day-of-month and day-of-week cannot both be ?; set one of them", expr)
	case dom != "?" && dow != "?":
		return nil, invalidf("%s: day-of-month %q and day-of-week %q cannot both be specified; use ? in one of them", expr, dom, dow)
	case dom == "?":
		canon[fDOM] = "?"
		c.day = dowRule
	default:
		canon[fDOW] = "?"
		c.day = domRule
	}
	if c.day.kind == dayWeekdays && c.day.set == allWeekdays {
		c.day = dayRule{kind: daySet, set: allDays} // every day, however spelled
	}
	return &Schedule{kind: KindCron, text: "cron(" + strings.Join(canon[:], " ") + ")", cron: c}, nil
}

// isZero reports whether s is a number equal to 0 ("0", "00").
func isZero(s string) bool {
	return s != "" && strings.Trim(s, "0") == ""
}

// dayOfMonth parses a day-of-month field other than "?".
func (p parser) dayOfMonth(raw string) (dayRule, string, error) {
	up := upper(raw)
	switch {
	case up == "L":
		return dayRule{kind: dayLast}, "L", nil
	case up == "LW":
		return dayRule{kind: dayLastWeekday}, "LW", nil
	case up == "W":
		return dayRule{}, "", p.fail(fDOM, raw, "W needs a day before it, e.g. 15W")
	case strings.HasPrefix(up, "L-"):
		return dayRule{}, "", p.fail(fDOM, raw, "L-n (days before the end of the month) is not supported")
	case len(up) > 1 && strings.HasSuffix(up, "W") && digits(up[:len(up)-1]):
		n := atoi(up[:len(up)-1])
		if n < 1 || n > 31 {
			return dayRule{}, "", p.fail(fDOM, raw, "nearest-weekday day %d is out of range 1..31", n)
		}
		return dayRule{kind: dayNearestWeekday, n: uint8(n)}, strconv.Itoa(n) + "W", nil
	}
	bits, canon, err := p.list(fDOM, raw)
	return dayRule{kind: daySet, set: uint32(bits[0])}, canon, err
}

// dayOfWeek parses a day-of-week field other than "?" (1=SUN … 7=SAT).
func (p parser) dayOfWeek(raw string) (dayRule, string, error) {
	up := upper(raw) // ASCII only, so indices into up are indices into raw
	switch {
	case up == "L": // alone, L is the last day of the week
		return dayRule{kind: dayWeekdays, set: 1 << 7}, "L", nil
	case up == "LW" || strings.HasSuffix(up, "W") && digits(up[:len(up)-1]):
		return dayRule{}, "", p.fail(fDOW, raw, "W (nearest weekday) is only allowed in day-of-month")
	case strings.Contains(up, "#"):
		if strings.ContainsAny(up, ",-/") {
			return dayRule{}, "", p.fail(fDOW, raw, "# must stand alone (one weekday and its occurrence, e.g. THU#2), not in a list, range or step")
		}
		day, occ, _ := strings.Cut(raw, "#")
		w, wc, err := p.value(fDOW, raw, day)
		if err != nil {
			return dayRule{}, "", err
		}
		if !digits(occ) || len(occ) > 1 || occ < "1" || occ > "5" {
			return dayRule{}, "", p.fail(fDOW, raw, "occurrence must be 1..5")
		}
		return dayRule{kind: dayNth, n: uint8(w), k: occ[0] - '0'}, wc + "#" + occ, nil
	case len(up) > 1 && strings.HasSuffix(up, "L"):
		if strings.ContainsAny(up, ",-/") {
			return dayRule{}, "", p.fail(fDOW, raw, "L forms (L, nL) must stand alone, not in a list, range or step")
		}
		w, wc, err := p.value(fDOW, raw, raw[:len(raw)-1])
		if err != nil {
			return dayRule{}, "", err
		}
		return dayRule{kind: dayLastOf, n: uint8(w)}, wc + "L", nil
	}
	bits, canon, err := p.list(fDOW, raw)
	return dayRule{kind: dayWeekdays, set: uint32(bits[0])}, canon, err
}

// list parses a comma-separated list of *, a, a-b, with optional /step.
// Bit v-lo of the result is set for every value v matched (lo = 0 except
// for the year field, whose bit 0 is 1970), and canon is its canonical text.
func (p parser) list(f field, raw string) (bits [4]uint64, canon string, err error) {
	lo, hi := f.bounds()
	off := 0
	if f == fYear {
		off = lo
	}
	var b strings.Builder
	for i, t := range strings.Split(raw, ",") {
		if t == "" {
			return bits, "", p.fail(f, raw, "empty item in list")
		}
		if i > 0 {
			b.WriteByte(',')
		}
		rng, stepTxt, hasStep := strings.Cut(t, "/")
		step := 1
		if hasStep {
			switch {
			case stepTxt == "":
				return bits, "", p.fail(f, raw, "missing step after /")
			case !digits(stepTxt):
				return bits, "", p.fail(f, raw, "step %q is not a number", stepTxt)
			}
			step = atoi(stepTxt)
			if step < 1 || step > hi-lo+1 {
				return bits, "", p.fail(f, raw, "step %s is out of range 1..%d", stepTxt, hi-lo+1)
			}
		}
		from, to := lo, hi
		if rng == "*" {
			b.WriteByte('*')
		} else {
			if strings.Count(rng, "-") > 1 {
				return bits, "", p.fail(f, raw, "range %q has more than one -", rng)
			}
			a, z, isRange := strings.Cut(rng, "-")
			var ac, zc string
			if from, ac, err = p.value(f, raw, a); err != nil {
				return bits, "", err
			}
			b.WriteString(ac)
			switch {
			case isRange:
				if to, zc, err = p.value(f, raw, z); err != nil {
					return bits, "", err
				}
				if to < from {
					return bits, "", p.fail(f, raw, "range %s-%s runs backwards", ac, zc)
				}
				b.WriteString("-" + zc)
			case !hasStep:
				to = from
			}
		}
		if hasStep {
			b.WriteString("/" + strconv.Itoa(step))
		}
		for v := from; v <= to; v += step {
			bits[(v-off)>>6] |= 1 << ((v - off) & 63)
		}
	}
	return bits, b.String(), nil
}

// value parses one number or name, returning it and its canonical text.
func (p parser) value(f field, raw, tok string) (int, string, error) {
	lo, hi := f.bounds()
	if digits(tok) {
		v := atoi(tok)
		if v < lo || v > hi {
			hint := ""
			if f == fDOW {
				hint = " (1=SUN … 7=SAT)"
			}
			return 0, "", p.fail(f, raw, "%s is out of range %d..%d%s", tok, lo, hi, hint)
		}
		return v, strconv.Itoa(v), nil
	}
	up := upper(tok)
	if v := f.name(up); v != 0 {
		return v, up, nil
	}
	day := f == fDOM || f == fDOW
	switch {
	case tok == "":
		return 0, "", p.fail(f, raw, "missing value")
	case strings.Contains(tok, "*"):
		return 0, "", p.fail(f, raw, "* must stand alone or take a step (*/n)")
	case strings.Contains(tok, "?") && day:
		return 0, "", p.fail(f, raw, "? must stand alone")
	case strings.Contains(tok, "?"):
		return 0, "", p.fail(f, raw, "? is only allowed in day-of-month and day-of-week")
	case strings.Contains(tok, "#") && f != fDOW:
		return 0, "", p.fail(f, raw, "# is only allowed in day-of-week")
	case strings.Contains(up, "W") && f == fDOM:
		return 0, "", p.fail(f, raw, "nW (nearest weekday) must stand alone, not in a list, range or step")
	case strings.Contains(up, "W") && f != fDOW:
		return 0, "", p.fail(f, raw, "W is only allowed in day-of-month")
	case strings.Contains(up, "L") && day:
		return 0, "", p.fail(f, raw, "L forms must stand alone, not in a list, range or step")
	case strings.Contains(up, "L"):
		return 0, "", p.fail(f, raw, "L is only allowed in day-of-month and day-of-week")
	case f == fMonth:
		return 0, "", p.fail(f, raw, "%q is not a month number (1..12) or name (JAN..DEC)", tok)
	case f == fDOW:
		return 0, "", p.fail(f, raw, "%q is not a weekday number (1=SUN … 7=SAT) or name (SUN..SAT)", tok)
	}
	return 0, "", p.fail(f, raw, "%q is not a number", tok)
}

// upper upper-cases ASCII letters only: names are ASCII, and Unicode case
// mapping would turn "ſun" into "SUN".
func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// digits reports whether s is a non-empty run of ASCII digits.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// atoi converts a digit run, saturating far above every field's range so
// huge inputs are reported as out of range instead of overflowing.
func atoi(s string) int {
	v := 0
	for i := 0; i < len(s); i++ {
		v = min(v*10+int(s[i]-'0'), 1<<20)
	}
	return v
}
