package calendar

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // TZID zones work on machines without zoneinfo

	"github.com/teambition/rrule-go"
)

const (
	// minYear is the earliest year a DTSTART may have: earlier dates are typos,
	// would make every query iterate centuries of occurrences, and the zero
	// time.Time makes the recurrence library fall back to the current time.
	minYear = 1900
	// maxStartsPerDay bounds BYHOUR×BYMINUTE×BYSECOND so that a query over
	// the horizon stays cheap; change calendars work in hours, not seconds.
	maxStartsPerDay = 24
	// maxCount bounds COUNT: a counted rule cannot be fast-forwarded, so a
	// query walks its instances from DTSTART.
	maxCount = 10_000
)

// event is one VEVENT, ready to expand.
type event struct {
	uid     string    // UID, to match RECURRENCE-ID overrides to their series
	start   time.Time // DTSTART, in its zone (UTC for dates and floating times)
	allDay  bool      // DTSTART is a DATE
	days    int       // nominal part of the length (DURATION days and weeks)
	seconds int64     // exact part of the length
	rule    *rrule.ROption
	// ruleFrom is at or before the rule's first instance: expansions that
	// end before it need not run the rule, which may be slow to get there.
	ruleFrom time.Time
	rdates   []time.Time
	exdates  []time.Time
	// recurrenceID is set on an override of one instance of a series.
	recurrenceID *time.Time
	// fromOwnStart runs the rule from its own DTSTART, never fast-forwarded
	// (the reference the fast-forward is tested against).
	fromOwnStart bool
}

// endOf returns the end of the instance starting at s. A DTEND gives every
// instance the same exact length; a DURATION's days and weeks are nominal
// (wall-clock days in the event's zone), as RFC 5545 section 3.8.5.3 says.
func (e *event) endOf(s time.Time) time.Time {
	// Unix seconds rather than time.Duration, which overflows after 292 years.
	return time.Unix(s.AddDate(0, 0, e.days).Unix()+e.seconds, 0)
}

// parseEvent reads one VEVENT.
func parseEvent(c *component) (*event, *lineError) {
	e := &event{}
	dtstart, ok, lerr := c.atMostOne("DTSTART")
	if lerr != nil {
		return nil, lerr
	}
	if !ok {
		return nil, errAt(c.line, "VEVENT has no DTSTART")
	}
	start, allDay, lerr := parseTime(dtstart, dtstart.value)
	if lerr != nil {
		return nil, lerr
	}
	if start.Year() < minYear {
		return nil, errAt(dtstart.line, "DTSTART %s: years before %d are not supported", quote(dtstart.value), minYear)
	}
	e.start, e.allDay = start, allDay
	if lerr := e.parseLength(c); lerr != nil {
		return nil, lerr
	}
	if uid, ok, lerr := c.atMostOne("UID"); lerr != nil {
		return nil, lerr
	} else if ok {
		e.uid = strings.TrimSpace(uid.value)
	}
	if lerr := e.parseRule(c); lerr != nil {
		return nil, lerr
	}
	for _, name := range []string{"RDATE", "EXDATE"} {
		for _, p := range c.all(name) {
			ts, lerr := e.parseDateList(p)
			if lerr != nil {
				return nil, lerr
			}
			if name == "RDATE" {
				e.rdates = append(e.rdates, ts...)
			} else {
				e.exdates = append(e.exdates, ts...)
			}
		}
	}
	rid, ok, lerr := c.atMostOne("RECURRENCE-ID")
	if lerr != nil {
		return nil, lerr
	}
	if ok {
		if strings.EqualFold(rid.param("RANGE"), "THISANDFUTURE") {
			return nil, errAt(rid.line, "RECURRENCE-ID;RANGE=THISANDFUTURE is not supported")
		}
		t, _, lerr := parseTime(rid, rid.value)
		if lerr != nil {
			return nil, lerr
		}
		e.recurrenceID = &t
	}
	return e, nil
}

// parseLength reads DTEND or DURATION.
func (e *event) parseLength(c *component) *lineError {
	dtend, hasEnd, lerr := c.atMostOne("DTEND")
	if lerr != nil {
		return lerr
	}
	dur, hasDur, lerr := c.atMostOne("DURATION")
	if lerr != nil {
		return lerr
	}
	switch {
	case hasEnd && hasDur:
		return errAt(dur.line, "VEVENT has both DTEND (line %d) and DURATION", dtend.line)
	case hasEnd:
		end, allDay, lerr := parseTime(dtend, dtend.value)
		if lerr != nil {
			return lerr
		}
		if allDay != e.allDay {
			return errAt(dtend.line, "DTEND %s is a %s but DTSTART is a %s", quote(dtend.value), valueType(allDay), valueType(e.allDay))
		}
		if !end.After(e.start) {
			return errAt(dtend.line, "DTEND %s is not after DTSTART %s", end.UTC().Format(time.RFC3339), e.start.UTC().Format(time.RFC3339))
		}
		e.seconds = end.Unix() - e.start.Unix()
	case hasDur:
		days, secs, ok := parseDuration(strings.ToUpper(strings.TrimSpace(dur.value)))
		if !ok {
			return errAt(dur.line, "DURATION %s: not an iCalendar duration (e.g. PT8H, P2D, P1W)", quote(dur.value))
		}
		if days < 0 || secs < 0 || days == 0 && secs == 0 {
			return errAt(dur.line, "DURATION %s: must be positive", quote(dur.value))
		}
		e.days, e.seconds = days, secs
	case e.allDay:
		e.days = 1 // RFC 5545: an all-day event without an end lasts one day
	default:
		// RFC 5545 would make this an instant, which can never open or close
		// anything: almost certainly a mistake, so say so.
		return errAt(c.line, "VEVENT has neither DTEND nor DURATION")
	}
	return nil
}

func valueType(allDay bool) string {
	if allDay {
		return "DATE"
	}
	return "DATE-TIME"
}

// parseTime parses a DATE or DATE-TIME value of property p: UTC if it ends
// in Z, in the TZID zone if there is one, else floating, which is read as
// UTC. A DATE is midnight UTC.
func parseTime(p contentLine, value string) (time.Time, bool, *lineError) {
	orig := strings.TrimSpace(value)
	value = strings.ToUpper(orig)
	vt := strings.ToUpper(p.param("VALUE"))
	switch {
	case vt == "DATE" || vt == "" && len(value) == len("20060102"):
		t, err := time.ParseInLocation("20060102", value, time.UTC)
		if err != nil || !digits(value) {
			return time.Time{}, false, errAt(p.line, "%s %s: not an iCalendar date (want YYYYMMDD)", p.name, quote(orig))
		}
		return t, true, nil
	case vt == "" || vt == "DATE-TIME":
	default:
		return time.Time{}, false, errAt(p.line, "%s;VALUE=%s is not supported (want DATE or DATE-TIME)", p.name, vt)
	}
	bad := errAt(p.line, "%s %s: not an iCalendar date-time (want YYYYMMDDTHHMMSS, with Z for UTC)", p.name, quote(orig))
	local, utc := strings.CutSuffix(value, "Z")
	if len(local) != len("20060102T150405") || local[8] != 'T' || !digits(local[:8]+local[9:]) {
		return time.Time{}, false, bad
	}
	loc := time.UTC
	if tzid := p.param("TZID"); tzid != "" && !utc {
		var lerr *lineError
		if loc, lerr = loadZone(p, tzid); lerr != nil {
			return time.Time{}, false, lerr
		}
	}
	t, err := time.ParseInLocation("20060102T150405", local, loc)
	if err != nil {
		return time.Time{}, false, bad
	}
	return t, false, nil
}

// loadZone loads an IANA zone. VTIMEZONE definitions are not read: TZID
// must name an IANA zone, as AWS's console writes it.
func loadZone(p contentLine, tzid string) (*time.Location, *lineError) {
	// "Local" would make the result depend on the machine.
	if strings.EqualFold(tzid, "Local") {
		return nil, errAt(p.line, "%s TZID %s: not an IANA time zone name", p.name, quote(tzid))
	}
	loc, err := time.LoadLocation(tzid)
	if err != nil {
		return nil, errAt(p.line, "%s TZID %s: not an IANA time zone name (e.g. America/Los_Angeles)", p.name, quote(tzid))
	}
	return loc, nil
}

func digits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// durationRE matches an RFC 5545 duration (section 3.3.6), leniently about
// which parts may be combined.
var durationRE = regexp.MustCompile(`^([+-])?P(?:(\d{1,9})W)?(?:(\d{1,9})D)?(?:T(?:(\d{1,9})H)?(?:(\d{1,9})M)?(?:(\d{1,9})S)?)?$`)

// parseDuration returns the duration's nominal days (weeks and days) and
// exact seconds, both negated for a negative duration.
func parseDuration(s string) (days int, secs int64, ok bool) {
	m := durationRE.FindStringSubmatch(s)
	if m == nil || strings.HasSuffix(s, "P") || strings.HasSuffix(s, "T") {
		return 0, 0, false
	}
	n := func(i int) int64 {
		v, _ := strconv.ParseInt(m[i], 10, 64) // at most 9 digits; "" is 0
		return v
	}
	days = int(n(2)*7 + n(3))
	secs = n(4)*3600 + n(5)*60 + n(6)
	if m[1] == "-" {
		days, secs = -days, -secs
	}
	return days, secs, true
}

// parseDateList parses an RDATE or EXDATE line: comma-separated values of the
// same type as DTSTART.
func (e *event) parseDateList(p contentLine) ([]time.Time, *lineError) {
	if vt := strings.ToUpper(p.param("VALUE")); vt == "PERIOD" {
		return nil, errAt(p.line, "%s;VALUE=PERIOD is not supported", p.name)
	}
	var out []time.Time
	for _, v := range strings.Split(p.value, ",") {
		t, allDay, lerr := parseTime(p, v)
		if lerr != nil {
			return nil, lerr
		}
		if allDay != e.allDay {
			return nil, errAt(p.line, "%s %s is a %s but DTSTART is a %s", p.name, quote(v), valueType(allDay), valueType(e.allDay))
		}
		out = append(out, t.In(e.start.Location()))
	}
	return out, nil
}

// parseRule reads the RRULE, if any, with the recurrence library, after the
// checks the library does not make.
func (e *event) parseRule(c *component) *lineError {
	p, ok, lerr := c.atMostOne("RRULE")
	if lerr != nil || !ok {
		return lerr
	}
	// A trailing ";" is a common slip that the library would reject.
	value := strings.TrimRight(strings.ToUpper(strings.TrimSpace(p.value)), ";")
	bad := func(format string, args ...any) *lineError {
		return errAt(p.line, "RRULE %s: %s", quote(p.value), fmt.Sprintf(format, args...))
	}
	seen := map[string]bool{}
	starts := 1
	for _, part := range strings.Split(value, ";") {
		k, v, _ := strings.Cut(part, "=")
		if seen[k] {
			return bad("%s repeated", k)
		}
		seen[k] = true
		switch k {
		case "FREQ":
			// Sub-daily frequencies are refused: the library can loop
			// forever on some (e.g. FREQ=HOURLY;INTERVAL=24;BYHOUR=5 with
			// DTSTART at 04:00), and BYHOUR covers hours within a day.
			if v != "DAILY" && v != "WEEKLY" && v != "MONTHLY" && v != "YEARLY" {
				return bad("FREQ=%s is not supported (want DAILY, WEEKLY, MONTHLY or YEARLY)", v)
			}
		case "COUNT", "INTERVAL":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return bad("%s=%s: want a positive integer", k, v)
			}
			if k == "COUNT" && n > maxCount {
				return bad("COUNT=%d: at most %d (a counted rule is walked from DTSTART on every query; UNTIL has no such cost)", n, maxCount)
			}
		case "BYHOUR", "BYMINUTE", "BYSECOND":
			starts *= len(strings.Split(v, ","))
		case "DTSTART":
			return bad("DTSTART is not an RRULE part")
		}
	}
	if seen["COUNT"] && seen["UNTIL"] {
		return bad("COUNT and UNTIL must not both be given")
	}
	if starts > maxStartsPerDay {
		return bad("more than %d start times a day (BYHOUR x BYMINUTE x BYSECOND)", maxStartsPerDay)
	}
	opt, err := rrule.StrToROptionInLocation(value, e.start.Location())
	if err != nil {
		return bad("%v", err)
	}
	// The library indexes out of range on BYDAY ordinals beyond a month's
	// five weeks (e.g. BYDAY=10FR in a monthly rule) instead of ignoring them.
	monthScoped := opt.Freq == rrule.MONTHLY || opt.Freq == rrule.YEARLY && len(opt.Bymonth) > 0
	for _, w := range opt.Byweekday {
		if n := w.N(); monthScoped && (n > 5 || n < -5) {
			return bad("BYDAY ordinal %d: within a month it must be between -5 and 5", n)
		}
	}
	opt.Dtstart = e.start
	if _, err := rrule.NewRRule(*opt); err != nil {
		return bad("%v", err)
	}
	if seen["UNTIL"] && opt.Until.Before(e.start) {
		return nil // no occurrence but DTSTART (and a zero UNTIL would mean none)
	}
	first, ok := firstInstance(*opt, e.start)
	if !ok || seen["UNTIL"] && first.After(opt.Until.Add(slack)) {
		return nil // the rule adds nothing to DTSTART
	}
	e.rule, e.ruleFrom = opt, first.Add(-slack)
	return nil
}

// fastForward returns a DTSTART for e's rule, at or after its own and
// before every instance that may overlap lo, from which the rule yields
// exactly the instances it yields from its own DTSTART in that range: a
// whole number of the rule's periods (INTERVAL days, weeks, months or
// years, in DTSTART's zone and wall-clock time) later, landing on a date
// that exists (the 31st, the 29th of February). Every BY part is applied
// within a period, so moving the lattice of periods by whole periods keeps
// it. Rules with COUNT are not moved (their instances are counted from
// DTSTART).
func (e *event) fastForward(lo time.Time) time.Time {
	start := e.start
	opt := e.rule
	k := max(opt.Interval, 1)
	if k > 1000 {
		return start // a period of centuries: nothing to skip
	}
	// Far enough before lo that no instance overlapping lo starts later
	// than the new DTSTART: the instance's length (nominal days are at most
	// 25 hours), two whole periods and the DST slack.
	periodDays := map[rrule.Frequency]int{rrule.DAILY: 1, rrule.WEEKLY: 7, rrule.MONTHLY: 31, rrule.YEARLY: 366}[opt.Freq]
	back := time.Duration(e.days)*25*time.Hour + time.Duration(e.seconds)*time.Second +
		time.Duration(2*k*periodDays)*24*time.Hour + slack
	if lo.Sub(start) <= back {
		return start
	}
	target := lo.Add(-back)
	sy, sm, sd := start.Date()
	h, mi, sec := start.Clock()
	loc := start.Location()
	ty, tm, _ := target.In(loc).Date()
	valid := func(y int, m time.Month) (time.Time, bool) {
		t := time.Date(y, m, sd, h, mi, sec, start.Nanosecond(), loc)
		return t, t.Day() == sd
	}
	switch opt.Freq {
	case rrule.DAILY, rrule.WEEKLY:
		period := k
		if opt.Freq == rrule.WEEKLY {
			period = 7 * k
		}
		days := int(target.Sub(start).Hours() / 24)
		return start.AddDate(0, 0, days/period*period)
	case rrule.MONTHLY:
		months := (ty-sy)*12 + int(tm-sm)
		for n := months / k; n > 0; n-- {
			y, m := sy+(int(sm)-1+n*k)/12, time.Month((int(sm)-1+n*k)%12+1)
			if t, ok := valid(y, m); ok {
				return t
			}
		}
	case rrule.YEARLY:
		for n := (ty - sy) / k; n > 0; n-- {
			if t, ok := valid(sy+n*k, sm); ok {
				return t
			}
		}
	}
	return start
}

// slack covers the difference between firstInstance's estimate and the
// library's instance: hours at most, from DST gaps.
const slack = 48 * time.Hour

// probeYear is the latest year from which a probe still covers the 292 years
// the library expands a rule without COUNT or UNTIL (see firstInstance).
const probeYear = 9999 - 293

// firstInstance estimates the first instance of the rule (COUNT and UNTIL
// aside), false if the library would produce none.
//
// A rule that matches nothing (e.g. BYMONTH=2;BYMONTHDAY=30) makes the
// library search day by day up to year 9999, which takes a fraction of a
// second; so the probe starts as late as it can instead. The Gregorian
// calendar, weekdays included, repeats every 400 years, so moving DTSTART by
// a multiple of 400 years moves every instance by the same amount (Easter
// does not repeat: BYEASTER rules are probed where they are). The probe runs
// in UTC: zones change only where DST gaps put a wall-clock time.
func firstInstance(opt rrule.ROption, start time.Time) (time.Time, bool) {
	y, mo, d := start.Date()
	h, mi, sec := start.Clock()
	shift := 0
	if len(opt.Byeaster) == 0 && y < probeYear {
		shift = (probeYear - y) / 400 * 400
	}
	opt.Count, opt.Until = 0, time.Time{}
	opt.Dtstart = time.Date(y+shift, mo, d, h, mi, sec, 0, time.UTC)
	r, err := rrule.NewRRule(opt)
	if err != nil {
		return time.Time{}, false
	}
	t, ok := r.Iterator()()
	if !ok {
		return time.Time{}, false
	}
	y, mo, d = t.Date()
	h, mi, sec = t.Clock()
	first := time.Date(y-shift, mo, d, h, mi, sec, 0, start.Location())
	// Without UNTIL the library stops after the longest time.Duration.
	if first.After(start.Add(time.Duration(1<<63 - 1))) {
		return time.Time{}, false
	}
	return first, true
}

// instances returns the starts of e's instances that may overlap [lo, hi)
// (and maybe some outside it) in order: DTSTART (always an instance, as in
// RFC 5545's COUNT rule), the RRULE's and the RDATEs, less the EXDATEs.
// Each call builds its own rrule values, which the library mutates while
// iterating, so a Calendar is safe for concurrent use.
//
// A rule without COUNT is run from a later DTSTART near lo (fastForward)
// rather than from its own, so a query costs the instances near lo, not
// every instance since DTSTART (a calendar of daily events from 1900 cost
// 25 s a query).
func (e *event) instances(lo, hi time.Time) func() (time.Time, bool) {
	set := &rrule.Set{}
	if e.rule != nil && e.ruleFrom.Before(hi) {
		opt := *e.rule
		if opt.Count == 0 && !e.fromOwnStart {
			opt.Dtstart = e.fastForward(lo)
		}
		r, err := rrule.NewRRule(opt)
		if err != nil {
			panic(fmt.Sprintf("calendar: rule accepted at parse time rejected now: %v", err))
		}
		set.RRule(r)
	}
	set.RDate(e.start)
	for _, t := range e.rdates {
		set.RDate(t)
	}
	for _, t := range e.exdates {
		set.ExDate(t)
	}
	return set.Iterator()
}
