package calendar

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/teambition/rrule-go"
)

var (
	seedsFlag = flag.Int("seeds", 200, "number of seeds the property tests try")
	seedFlag  = flag.Uint64("seed", 0, "run the property tests for this one seed only")
)

// propertySeeds yields the seeds to try: -seed N alone, or 1..-seeds.
func propertySeeds() []uint64 {
	if *seedFlag != 0 {
		return []uint64{*seedFlag}
	}
	out := make([]uint64, *seedsFlag)
	for i := range out {
		out[i] = uint64(i + 1)
	}
	return out
}

func failSeed(t *testing.T, name string, seed uint64, text []byte, format string, args ...any) {
	t.Helper()
	t.Fatalf("seed=%d: %s\ncalendar:\n%s\nrerun: go test ./model/calendar -run '^%s$' -seed=%d",
		seed, fmt.Sprintf(format, args...), text, name, seed)
}

var zones = []string{"UTC", "America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata"}

// randomCalendar draws a calendar of zero to four events from r: UTC, TZID,
// floating or all-day times, DTEND or DURATION, and an RRULE with EXDATEs
// half the time.
func randomCalendar(r *rand.Rand) []byte {
	typ := []string{"DEFAULT_OPEN", "DEFAULT_CLOSED"}[r.IntN(2)]
	var body []string
	for range r.IntN(5) {
		base := time.Date(2024, time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), 15*r.IntN(4), 0, 0, time.UTC)
		var props []string
		stamp := func(name string, t time.Time) string { return name + ":" + t.Format("20060102T150405Z") }
		allDay := r.IntN(6) == 0
		switch {
		case allDay:
			props = append(props, "DTSTART;VALUE=DATE:"+base.Format("20060102"))
			if r.IntN(2) == 0 {
				props = append(props, "DTEND;VALUE=DATE:"+base.AddDate(0, 0, 1+r.IntN(3)).Format("20060102"))
			}
		case r.IntN(3) == 0:
			zone := zones[r.IntN(len(zones))]
			props = append(props, "DTSTART;TZID="+zone+":"+base.Format("20060102T150405"))
			props = append(props, fmt.Sprintf("DURATION:P%dDT%dH", r.IntN(2), 1+r.IntN(12)))
		default:
			props = append(props, stamp("DTSTART", base))
			props = append(props, stamp("DTEND", base.Add(time.Duration(1+r.IntN(72))*30*time.Minute)))
		}
		if r.IntN(3) > 0 {
			rules := []string{
				"FREQ=DAILY;INTERVAL=%d", "FREQ=WEEKLY;INTERVAL=%d", "FREQ=WEEKLY;BYDAY=MO,WE,FR;INTERVAL=%d",
				"FREQ=MONTHLY;BYDAY=2TH;INTERVAL=%d", "FREQ=MONTHLY;BYMONTHDAY=-1;INTERVAL=%d", "FREQ=YEARLY;INTERVAL=%d",
			}
			rule := fmt.Sprintf(rules[r.IntN(len(rules))], 1+r.IntN(3))
			switch r.IntN(3) {
			case 0:
				rule += fmt.Sprintf(";COUNT=%d", 1+r.IntN(30))
			case 1:
				until := base.AddDate(0, 1+r.IntN(24), 0)
				if allDay {
					rule += ";UNTIL=" + until.Format("20060102")
				} else {
					rule += ";UNTIL=" + until.Format("20060102T150405Z")
				}
			}
			props = append(props, "RRULE:"+rule)
			if !allDay && r.IntN(2) == 0 && strings.HasPrefix(props[0], "DTSTART:") {
				props = append(props, stamp("EXDATE", base.AddDate(0, 0, 7*r.IntN(5))))
			}
		}
		body = append(body, vevent(props...)...)
	}
	return doc(typ, body...)
}

func TestPropertyStateIsConstantUntilNextTransitionAndFlipsThere(t *testing.T) {
	const name = "TestPropertyStateIsConstantUntilNextTransitionAndFlipsThere"
	for _, seed := range propertySeeds() {
		r := rand.New(rand.NewPCG(seed, 0xca1))
		text := randomCalendar(r)
		c, err := Parse("prop", text)
		if err != nil {
			failSeed(t, name, seed, text, "Parse: %v", err)
		}
		window := [2]time.Time{time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
		spans := c.Events(window[0], window[1])
		for range 20 {
			at := window[0].Add(time.Duration(r.Int64N(int64(window[1].Sub(window[0])))))
			if r.IntN(4) == 0 {
				at = at.Truncate(time.Hour) // often on a boundary
			}
			s := c.StateAt(at)
			inEvent := false
			for _, sp := range spans {
				inEvent = inEvent || !at.Before(sp.Start) && at.Before(sp.End)
			}
			if (s == StateClosed) != (inEvent == (c.Type() == TypeDefaultOpen)) {
				failSeed(t, name, seed, text, "StateAt(%s)=%s disagrees with Events (in an event: %v)", at, s, inEvent)
			}
			next, ok := c.NextTransition(at)
			end := at.AddDate(HorizonYears, 0, 0)
			if ok {
				if !next.After(at) {
					failSeed(t, name, seed, text, "NextTransition(%s)=%s is not after it", at, next)
				}
				if got := c.StateAt(next); got == s {
					failSeed(t, name, seed, text, "state at NextTransition(%s)=%s is still %s", at, next, got)
				}
				end = next
			}
			for _, u := range samples(r, at, end) {
				if got := c.StateAt(u); got != s {
					failSeed(t, name, seed, text, "StateAt(%s)=%s but StateAt(%s)=%s and NextTransition=%s,%v", at, s, u, got, next, ok)
				}
			}
		}
	}
}

// samples returns instants in [from, to): the first and last second and a
// few random ones.
func samples(r *rand.Rand, from, to time.Time) []time.Time {
	out := []time.Time{from}
	if last := to.Add(-time.Second); last.After(from) {
		out = append(out, last)
	}
	for range 8 {
		out = append(out, from.Add(time.Duration(r.Int64N(int64(to.Sub(from))))))
	}
	return out
}

func TestPropertyCombinedIsTheAllOpenRuleAndChangesOnlyAtItsNextTransition(t *testing.T) {
	const name = "TestPropertyCombinedIsTheAllOpenRuleAndChangesOnlyAtItsNextTransition"
	for _, seed := range propertySeeds() {
		r := rand.New(rand.NewPCG(seed, 0xc0b))
		var cals []*Calendar
		var texts [][]byte
		for range 1 + r.IntN(3) {
			text := randomCalendar(r)
			c, err := Parse("prop", text)
			if err != nil {
				failSeed(t, name, seed, text, "Parse: %v", err)
			}
			cals, texts = append(cals, c), append(texts, text)
		}
		all := bytes.Join(texts, []byte("----\n"))
		allOpen := func(u time.Time) State {
			for _, c := range cals {
				if c.StateAt(u) == StateClosed {
					return StateClosed
				}
			}
			return StateOpen
		}
		for range 10 {
			at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Int64N(int64(3 * 365 * 24 * time.Hour))))
			s, next, ok := Combined(cals, at)
			if want := allOpen(at); s != want {
				failSeed(t, name, seed, all, "Combined(%s)=%s, want %s", at, s, want)
			}
			end := at.AddDate(HorizonYears, 0, 0)
			if ok {
				if !next.After(at) || allOpen(next) == s {
					failSeed(t, name, seed, all, "Combined(%s): next %s is not a change from %s", at, next, s)
				}
				end = next
			}
			for _, u := range samples(r, at, end) {
				if got := allOpen(u); got != s {
					failSeed(t, name, seed, all, "Combined(%s)=%s,%s,%v but the state at %s is %s", at, s, next, ok, u, got)
				}
			}
		}
	}
}

// randomRule draws an RRULE from every part the package accepts, with values
// anywhere in the ranges the library allows.
func randomRule(r *rand.Rand) string {
	freqs := []string{"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
	parts := []string{"FREQ=" + freqs[r.IntN(len(freqs))]}
	ints := func(lo, hi int, signed bool) string {
		var vs []string
		for range 1 + r.IntN(3) {
			v := lo + r.IntN(hi-lo+1)
			if signed && r.IntN(2) == 0 {
				v = -v
			}
			vs = append(vs, fmt.Sprint(v))
		}
		return strings.Join(vs, ",")
	}
	days := []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
	opt := func(oneIn int) bool { return r.IntN(oneIn) == 0 }
	if opt(2) {
		parts = append(parts, "INTERVAL="+fmt.Sprint(1+r.IntN(5)))
	}
	if opt(3) {
		var vs []string
		for range 1 + r.IntN(3) {
			d := days[r.IntN(7)]
			if opt(2) {
				n := 1 + r.IntN(5)
				if opt(3) {
					n = -n
				}
				d = fmt.Sprint(n) + d
			}
			vs = append(vs, d)
		}
		parts = append(parts, "BYDAY="+strings.Join(vs, ","))
	}
	if opt(3) {
		parts = append(parts, "BYMONTHDAY="+ints(1, 31, true))
	}
	if opt(3) {
		parts = append(parts, "BYMONTH="+ints(1, 12, false))
	}
	if opt(5) {
		parts = append(parts, "BYYEARDAY="+ints(1, 366, true))
	}
	if opt(5) {
		parts = append(parts, "BYWEEKNO="+ints(1, 53, true))
	}
	if opt(4) {
		parts = append(parts, "BYSETPOS="+ints(1, 366, true))
	}
	if opt(5) {
		parts = append(parts, "BYHOUR="+ints(0, 23, false))
	}
	if opt(6) {
		parts = append(parts, "WKST="+days[r.IntN(7)])
	}
	if opt(3) {
		parts = append(parts, "COUNT="+fmt.Sprint(1+r.IntN(50)))
	}
	r.Shuffle(len(parts)-1, func(i, j int) { parts[i+1], parts[j+1] = parts[j+1], parts[i+1] })
	return strings.Join(parts, ";")
}

func TestPropertyAcceptedRulesExpandWithoutPanicking(t *testing.T) {
	const name = "TestPropertyAcceptedRulesExpandWithoutPanicking"
	for _, seed := range propertySeeds() {
		r := rand.New(rand.NewPCG(seed, 0x5e7))
		for range 5 {
			start := time.Date(1995+r.IntN(40), time.Month(1+r.IntN(12)), 1+r.IntN(31), r.IntN(24), 0, 0, 0, time.UTC)
			zone := zones[r.IntN(len(zones))]
			text := doc("DEFAULT_OPEN", vevent(
				"DTSTART;TZID="+zone+":"+start.Format("20060102T150405"), "DURATION:PT1H", "RRULE:"+randomRule(r))...)
			func() {
				defer func() {
					if p := recover(); p != nil {
						failSeed(t, name, seed, text, "panic: %v", p)
					}
				}()
				c, err := Parse("rule", text)
				if err != nil {
					return // rejected rules are covered by the rejection table
				}
				c.Events(start.AddDate(0, 0, -1), start.AddDate(HorizonYears, 0, 0))
				c.NextTransition(start.AddDate(3, 0, 0))
			}()
		}
	}
}

// TestPropertyProbeAgreesWithTheLibrary checks the claim firstInstance rests
// on: moving DTSTART by 400 years moves the first instance by 400 years. It
// compares the probe with the library's own first instance for starts late
// enough that the library's search is quick and the probe shifts them by
// 400 or 800 years.
func TestPropertyProbeAgreesWithTheLibrary(t *testing.T) {
	const name = "TestPropertyProbeAgreesWithTheLibrary"
	for _, seed := range propertySeeds() {
		r := rand.New(rand.NewPCG(seed, 0x400))
		for range 2 {
			rule := randomRule(r)
			start := time.Date(8800+r.IntN(500), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), 0, 0, 0, time.UTC)
			text := []byte(start.String() + " " + rule)
			opt, err := rrule.StrToROption(rule)
			if err != nil {
				failSeed(t, name, seed, text, "%v", err)
			}
			opt.Count, opt.Dtstart = 0, start
			lib, err := rrule.NewRRule(*opt)
			if err != nil {
				continue
			}
			want, wantOK := lib.Iterator()()
			got, gotOK := firstInstance(*opt, start)
			if gotOK != wantOK || !got.Equal(want) {
				failSeed(t, name, seed, text, "probe says %s,%v; library says %s,%v", got, gotOK, want, wantOK)
			}
		}
	}
}
