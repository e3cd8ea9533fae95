package schedule

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var seedFlag = flag.Uint64("schedule.seed", 0, "run the seeded property tests for this seed only")

// seeds returns 1..n, or only -schedule.seed when given.
func seeds(n uint64) []uint64 {
	if *seedFlag != 0 {
		return []uint64{*seedFlag}
	}
	out := make([]uint64, n)
	for i := range out {
		out[i] = uint64(i) + 1
	}
	return out
}

// rerun names the seed and the command that repeats just this case.
func rerun(t *testing.T, seed uint64, expr string) string {
	return fmt.Sprintf("seed=%d expr=%s\nrerun: go test ./model/schedule/ -run '^%s$' -schedule.seed=%d -v", seed, expr, t.Name(), seed)
}

// model is a generated cron expression together with its meaning, worked
// out by the generator itself and checked by definitions written here,
// independently of the package's parser bitsets and day masks.
type model struct {
	text   string
	minute [60]bool
	hour   [24]bool
	month  [13]bool
	year   [maxYear + 1]bool
	day    string // "dom", "dow", "L", "LW", "W", "nL", "#"
	dom    [32]bool
	dow    [8]bool // 1=SUN … 7=SAT
	n, k   int
}

type genOpts struct {
	association bool // month and year *, at most a few times of day
}

type gen struct{ r *rand.Rand }

var (
	monthNames = strings.Fields("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC")
	dayNames   = strings.Fields("SUN MON TUE WED THU FRI SAT")
)

// spell writes v as a number (sometimes zero-padded) or, when the field
// has names, sometimes as a name in random case.
func (g gen) spell(v int, names []string) string {
	if names != nil && g.r.IntN(3) == 0 {
		name := names[v-1]
		switch g.r.IntN(3) {
		case 0:
			return strings.ToLower(name)
		case 1:
			return name[:1] + strings.ToLower(name[1:])
		}
		return name
	}
	if g.r.IntN(6) == 0 {
		return "0" + strconv.Itoa(v)
	}
	return strconv.Itoa(v)
}

// field generates a list field over lo..hi, filling set[v] for each value
// it matches. maxItems bounds the list length; wide allows *, ranges and
// steps.
func (g gen) field(lo, hi int, names []string, set []bool, maxItems int, wide bool) string {
	return g.fieldIn(lo, hi, lo, hi, names, set, maxItems, wide)
}

// fieldIn is field with the values it names drawn from pickLo..pickHi.
func (g gen) fieldIn(lo, hi, pickLo, pickHi int, names []string, set []bool, maxItems int, wide bool) string {
	if wide && g.r.IntN(4) == 0 {
		for v := lo; v <= hi; v++ {
			set[v] = true
		}
		return "*"
	}
	var items []string
	for range 1 + g.r.IntN(maxItems) {
		a := pickLo + g.r.IntN(pickHi-pickLo+1)
		b := a + g.r.IntN(pickHi-a+1)
		step := 1 + g.r.IntN(hi-lo+1)
		form := g.r.IntN(5)
		if !wide {
			form = 0
		}
		var item string
		switch form {
		case 0, 1: // single value
			b, step = a, 1
			item = g.spell(a, names)
		case 2: // range
			step = 1
			item = g.spell(a, names) + "-" + g.spell(b, names)
		case 3: // a/step
			b = hi
			item = g.spell(a, names) + "/" + strconv.Itoa(step)
		default: // a-b/step or */step
			if g.r.IntN(2) == 0 {
				a, b = lo, hi
				item = "*/" + strconv.Itoa(step)
			} else {
				item = g.spell(a, names) + "-" + g.spell(b, names) + "/" + strconv.Itoa(step)
			}
		}
		for v := a; v <= b; v += step {
			set[v] = true
		}
		items = append(items, item)
	}
	return strings.Join(items, ",")
}

func (g gen) cron(o genOpts) *model {
	m := &model{}
	r := g.r
	var f [6]string
	if o.association {
		f[fMinutes] = g.field(0, 59, nil, m.minute[:], 3, false)
		if r.IntN(2) == 0 { // runs just before and after midnight
			m.hour[0], m.hour[23] = true, true
			f[fHours] = []string{"23,0", "0,23", "0,12,23"}[r.IntN(3)]
			m.hour[12] = f[fHours] == "0,12,23"
		} else {
			f[fHours] = g.field(0, 23, nil, m.hour[:], 4, r.IntN(3) == 0)
		}
		f[fMonth], f[fYear] = "*", "*"
		for mo := 1; mo <= 12; mo++ {
			m.month[mo] = true
		}
		for y := minYear; y <= maxYear; y++ {
			m.year[y] = true
		}
	} else {
		f[fMinutes] = g.field(0, 59, nil, m.minute[:], 3, true)
		f[fHours] = g.field(0, 23, nil, m.hour[:], 3, true)
		f[fMonth] = g.field(1, 12, monthNames, m.month[:], 3, true)
		if r.IntN(2) == 0 {
			for y := minYear; y <= maxYear; y++ {
				m.year[y] = true
			}
			f[fYear] = "*"
		} else {
			// Mostly around the sampled instants, sometimes anywhere.
			lo, hi := 2000, 2100
			if r.IntN(4) == 0 {
				lo, hi = minYear, maxYear
			}
			f[fYear] = g.fieldIn(minYear, maxYear, lo, hi, nil, m.year[:], 3, true)
		}
	}
	if r.IntN(2) == 0 { // day-of-month
		f[fDOW] = "?"
		switch r.IntN(7) {
		case 0:
			m.day, f[fDOM] = "L", "L"
		case 1:
			m.day, f[fDOM] = "LW", []string{"LW", "lw", "Lw"}[r.IntN(3)]
		case 2:
			m.day, m.n = "W", 1+r.IntN(31)
			f[fDOM] = strconv.Itoa(m.n) + []string{"W", "w"}[r.IntN(2)]
		case 3, 4:
			if o.association { // the 1st and one month end: consecutive days only across months
				end := 28 + r.IntN(4)
				m.day, m.dom[1], m.dom[end] = "dom", true, true
				f[fDOM] = []string{"1,", "01,"}[r.IntN(2)] + strconv.Itoa(end)
				break
			}
			fallthrough
		default:
			m.day = "dom"
			f[fDOM] = g.field(1, 31, nil, m.dom[:], 4, true)
		}
	} else {
		f[fDOM] = "?"
		switch r.IntN(5) {
		case 0:
			m.day, m.n = "nL", 1+r.IntN(7)
			f[fDOW] = g.spell(m.n, dayNames) + "L"
		case 1:
			m.day, m.n, m.k = "#", 1+r.IntN(7), 1+r.IntN(5)
			f[fDOW] = g.spell(m.n, dayNames) + "#" + strconv.Itoa(m.k)
		case 2:
			m.day, m.dow[7], f[fDOW] = "dow", true, "L"
		default:
			m.day = "dow"
			f[fDOW] = g.field(1, 7, dayNames, m.dow[:], 3, true)
		}
	}
	m.text = strings.Join(f[:], " ")
	if r.IntN(5) == 0 {
		m.text = []string{"0 ", "00 "}[r.IntN(2)] + m.text
	}
	m.text = "cron(" + m.text + ")"
	return m
}

// dayMatches decides the day rule from its definition.
func (m *model) dayMatches(y int, mo time.Month, d int) bool {
	weekday := func(d int) time.Weekday { return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).Weekday() }
	workday := func(d int) bool { w := weekday(d); return w != time.Saturday && w != time.Sunday }
	last := time.Date(y, mo+1, 0, 0, 0, 0, 0, time.UTC).Day()
	aws := int(weekday(d)) + 1
	switch m.day {
	case "dom":
		return m.dom[d]
	case "dow":
		return m.dow[aws]
	case "L":
		return d == last
	case "LW": // a workday with no later workday in the month
		for later := d + 1; later <= last; later++ {
			if workday(later) {
				return false
			}
		}
		return workday(d)
	case "W": // the workday of the month closest to n
		if m.n > last {
			return false
		}
		best := 0
		for dd := 1; dd <= last; dd++ {
			if workday(dd) && (best == 0 || abs(dd-m.n) < abs(best-m.n)) {
				best = dd
			}
		}
		return d == best
	case "nL": // weekday n with no further one in the month
		return aws == m.n && d+7 > last
	default: // "#": the k-th weekday n
		return aws == m.n && (d-1)/7+1 == m.k
	}
}

func abs(x int) int { return max(x, -x) }

// matches checks every field of t independently.
func (m *model) matches(t time.Time) bool {
	y, mo, d := t.Date()
	return t.Location() == time.UTC && t.Second() == 0 && t.Nanosecond() == 0 &&
		y >= minYear && y <= maxYear && m.year[y] && m.month[mo] &&
		m.hour[t.Hour()] && m.minute[t.Minute()] && m.dayMatches(y, mo, d)
}

// next is the brute-force oracle: scan day by day, then minute by minute.
func (m *model) next(after time.Time) (time.Time, bool) {
	after = after.UTC()
	t := after.Truncate(time.Minute)
	if !t.After(after) {
		t = t.Add(time.Minute)
	}
	if t.Year() < minYear {
		t = time.Date(minYear, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	for day.Year() <= maxYear {
		y, mo, d := day.Date()
		switch {
		case !m.year[y]:
			day = time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
			continue
		case !m.month[mo]:
			day = time.Date(y, mo+1, 1, 0, 0, 0, 0, time.UTC)
			continue
		case m.dayMatches(y, mo, d):
			for h := range 24 {
				for mi := range 60 {
					c := time.Date(y, mo, d, h, mi, 0, 0, time.UTC)
					if m.hour[h] && m.minute[mi] && !c.Before(t) {
						return c, true
					}
				}
			}
		}
		day = day.AddDate(0, 0, 1)
	}
	return time.Time{}, false
}

// randomInstant is uniform over 1965..2204 with random seconds and nanos.
func randomInstant(r *rand.Rand) time.Time {
	lo := time.Date(1965, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(2205, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	return time.Unix(lo+r.Int64N(hi-lo), r.Int64N(1e9)).UTC()
}

// TestProperty_NextIsTheFirstMatchingMinuteAfter checks, over seeded random
// valid expressions: Next(t) > t, it matches every field, Next(Next(t)-1ns)
// == Next(t), and it equals the brute-force oracle, so no firing is
// skipped. It also checks the canonical text round trip.
func TestProperty_NextIsTheFirstMatchingMinuteAfter(t *testing.T) {
	for _, seed := range seeds(300) {
		r := rand.New(rand.NewPCG(seed, 0))
		m := gen{r}.cron(genOpts{})
		msg := rerun(t, seed, m.text)
		s, err := Parse(m.text)
		require.NoError(t, err, msg)
		again, err := Parse(s.String())
		require.NoError(t, err, msg)
		require.True(t, s.Equal(again), msg)
		require.Equal(t, s.String(), again.String(), msg)

		check := func(after time.Time) (time.Time, bool) {
			got, ok := s.Next(after)
			want, wantOK := m.next(after)
			require.Equal(t, wantOK, ok, "Next(%v) = %v; oracle %v\n%s", after, got, want, msg)
			if !ok {
				return got, false
			}
			require.Equal(t, want, got, "Next(%v)\n%s", after, msg)
			require.True(t, got.After(after), "Next(%v) = %v is not after\n%s", after, got, msg)
			require.True(t, m.matches(got), "Next(%v) = %v does not match\n%s", after, got, msg)
			again, ok := s.Next(got.Add(-time.Nanosecond))
			require.True(t, ok && again.Equal(got), "Next(Next(t)-1ns) = %v, want %v\n%s", again, got, msg)
			return got, true
		}
		for range 8 {
			check(randomInstant(r))
		}
		at := randomInstant(r)
		for range 25 {
			next, ok := check(at)
			if !ok {
				break
			}
			at = next
		}
	}
}

// sweep walks from..to by step, checking that Next is after t, matches,
// never decreases, and stays put until t reaches it.
func sweep(t *testing.T, s *Schedule, m *model, from, to time.Time, step time.Duration, msg string) {
	prev, prevOK := s.Next(from.Add(-step))
	for at := from; at.Before(to); at = at.Add(step) {
		got, ok := s.Next(at)
		if !ok {
			require.False(t, prevOK && prev.After(at), "Next(%v) false but %v was still ahead\n%s", at, prev, msg)
			prevOK = false
			continue
		}
		require.True(t, got.After(at), "Next(%v) = %v\n%s", at, got, msg)
		require.True(t, m.matches(got), "Next(%v) = %v does not match\n%s", at, got, msg)
		if prevOK {
			require.False(t, got.Before(prev), "Next decreased at %v: %v after %v\n%s", at, got, prev, msg)
			if prev.After(at) {
				require.Equal(t, prev, got, "Next(%v) moved before reaching %v\n%s", at, prev, msg)
			}
		}
		prev, prevOK = got, true
	}
}

// TestProperty_NextIsNonDecreasingOverSweeps sweeps a year hour by hour and
// a few days around month, leap-day and year ends minute by minute.
func TestProperty_NextIsNonDecreasingOverSweeps(t *testing.T) {
	for _, seed := range seeds(12) {
		r := rand.New(rand.NewPCG(seed, 1))
		m := gen{r}.cron(genOpts{})
		msg := rerun(t, seed, m.text)
		s, err := Parse(m.text)
		require.NoError(t, err, msg)
		y := 2000 + r.IntN(100)
		for !m.year[y] && y < maxYear {
			y++
		}
		sweep(t, s, m, time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC), time.Hour, msg)
		for _, d := range []time.Time{
			time.Date(2024, 2, 27, 0, 0, 0, 0, time.UTC),
			time.Date(2024, 12, 30, 0, 0, 0, 0, time.UTC),
			time.Date(y, time.Month(1+r.IntN(12)), 27, 0, 0, 0, 0, time.UTC),
		} {
			sweep(t, s, m, d, d.AddDate(0, 0, 3), time.Minute+time.Duration(r.Int64N(int64(time.Second))), msg)
		}
	}
}

// TestProperty_ClosestGapMatchesConsecutiveFirings compares the exact
// minimum gap (cronSpec.closest) with the gaps between consecutive Next
// results from January 2023 to March 2024, which include every kind of day
// adjacency (weeks; 28 February 2023, 29 February 2024, 30- and 31-day
// month ends; 31 December → 1 January), and checks
// that ParseAssociation accepts exactly the expressions whose runs are at
// least 30 minutes apart.
func TestProperty_ClosestGapMatchesConsecutiveFirings(t *testing.T) {
	from := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	for _, seed := range seeds(100) {
		r := rand.New(rand.NewPCG(seed, 2))
		m := gen{r}.cron(genOpts{association: true})
		msg := rerun(t, seed, m.text)
		s, err := Parse(m.text)
		require.NoError(t, err, msg)
		minGap := time.Duration(1 << 62)
		prev, ok := s.Next(from.Add(-time.Minute))
		require.True(t, ok, msg)
		for {
			next, ok := s.Next(prev)
			require.True(t, ok && next.After(prev), "Next(%v) = %v\n%s", prev, next, msg)
			if next.After(to) {
				break
			}
			minGap = min(minGap, next.Sub(prev))
			prev = next
		}
		g := s.cron.closest()
		if g.gap == 1<<30 {
			require.GreaterOrEqual(t, minGap, 48*time.Hour, msg)
		} else {
			require.Equal(t, time.Duration(g.gap)*time.Minute, minGap, msg)
		}
		_, err = ParseAssociation(m.text)
		if minGap < 30*time.Minute {
			require.ErrorContains(t, err, "associations need at least 30 minutes between runs", msg)
		} else {
			require.NoError(t, err, msg)
		}
	}
}
