package schedule

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func utc(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, time.UTC)
}

func mustParse(t testing.TB, expr string) *Schedule {
	t.Helper()
	s, err := Parse(expr)
	require.NoError(t, err, expr)
	return s
}

// firings returns the next n firings after from.
func firings(t *testing.T, s *Schedule, from time.Time, n int) []time.Time {
	t.Helper()
	var out []time.Time
	for len(out) < n {
		next, ok := s.Next(from)
		if !ok {
			break
		}
		out = append(out, next)
		from = next
	}
	return out
}

func days(y int, mo time.Month, h, mi int, ds ...int) []time.Time {
	var out []time.Time
	for i, d := range ds {
		out = append(out, utc(y, mo+time.Month(i), d, h, mi))
	}
	return out
}

func TestNext_HashIsTheSecondThursdayForTwoYears(t *testing.T) {
	s := mustParse(t, "cron(0 0 ? * THU#2 *)")
	want := append(
		days(2024, time.January, 0, 0, 11, 8, 14, 11, 9, 13, 11, 8, 12, 10, 14, 12),
		days(2025, time.January, 0, 0, 9, 13, 13, 10, 8, 12, 10, 14, 11, 9, 13, 11)...)
	assert.Equal(t, want, firings(t, s, utc(2024, time.January, 1, 0, 0), 24))
}

func TestNext_WeekdayNumberingIsOneForSunday(t *testing.T) {
	tests := []struct {
		name, expr string
		from       time.Time
		want       []time.Time
	}{
		{"3L is the last Tuesday", "cron(0 0 ? * 3L *)", utc(2024, time.January, 1, 0, 0),
			days(2024, time.January, 0, 0, 30, 27, 26, 30, 28, 25, 30, 27, 24, 29, 26, 31)},
		{"6L is the last Friday", "cron(15 10 ? * 6L 2022-2030)", utc(2024, time.January, 1, 0, 0),
			days(2024, time.January, 10, 15, 26, 23, 29, 26, 31, 28, 26, 30, 27, 25, 29, 27)},
		{"2#1 is the first Monday", "cron(0 0 ? * 2#1 *)", utc(2024, time.January, 1, 0, 0),
			[]time.Time{utc(2024, time.February, 5, 0, 0), utc(2024, time.March, 4, 0, 0), utc(2024, time.April, 1, 0, 0)}},
		{"1 is Sunday", "cron(0 2 ? * 1 *)", utc(2024, time.January, 1, 0, 0),
			[]time.Time{utc(2024, time.January, 7, 2, 0), utc(2024, time.January, 14, 2, 0)}},
		{"7 is Saturday, and so is L alone", "cron(0 2 ? * L *)", utc(2024, time.January, 1, 0, 0),
			[]time.Time{utc(2024, time.January, 6, 2, 0), utc(2024, time.January, 13, 2, 0)}},
		{"MON-FRI skips the weekend", "cron(0 9 ? * MON-FRI *)", utc(2024, time.January, 5, 10, 0),
			[]time.Time{utc(2024, time.January, 8, 9, 0), utc(2024, time.January, 9, 9, 0)}},
		{"#5 fires only in months with a fifth such weekday", "cron(0 0 ? * 2#5 *)", utc(2024, time.January, 1, 0, 0),
			[]time.Time{utc(2024, time.January, 29, 0, 0), utc(2024, time.April, 29, 0, 0), utc(2024, time.July, 29, 0, 0), utc(2024, time.September, 30, 0, 0)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, firings(t, mustParse(t, tc.expr), tc.from, len(tc.want)))
		})
	}
}

func TestNext_LastDayAndNearestWeekday(t *testing.T) {
	tests := []struct {
		name, expr string
		from       time.Time
		want       time.Time
	}{
		{"L is the 29th of February in a leap year", "cron(0 9 L * ? *)", utc(2024, time.February, 1, 0, 0), utc(2024, time.February, 29, 9, 0)},
		{"L is the 28th of February otherwise", "cron(0 9 L * ? *)", utc(2023, time.February, 1, 0, 0), utc(2023, time.February, 28, 9, 0)},
		{"2100 is not a leap year", "cron(0 9 L * ? *)", utc(2100, time.February, 1, 0, 0), utc(2100, time.February, 28, 9, 0)},
		{"2000 is a leap year", "cron(0 9 L * ? *)", utc(2000, time.February, 1, 0, 0), utc(2000, time.February, 29, 9, 0)},
		{"L is the 30th in a 30-day month", "cron(0 9 L * ? *)", utc(2024, time.April, 1, 0, 0), utc(2024, time.April, 30, 9, 0)},
		{"LW on a Saturday month end is the Friday before", "cron(0 8 LW * ? *)", utc(2024, time.August, 1, 0, 0), utc(2024, time.August, 30, 8, 0)},
		{"LW on a Sunday month end is the Friday before", "cron(0 8 LW * ? *)", utc(2024, time.March, 1, 0, 0), utc(2024, time.March, 29, 8, 0)},
		{"LW on a Friday month end is that day", "cron(0 8 LW * ? *)", utc(2025, time.February, 1, 0, 0), utc(2025, time.February, 28, 8, 0)},
		{"LW in February 2026 (28th a Saturday)", "cron(0 8 LW * ? *)", utc(2026, time.February, 1, 0, 0), utc(2026, time.February, 27, 8, 0)},
		{"15W on a weekday is that day", "cron(0 8 15W * ? *)", utc(2024, time.January, 1, 0, 0), utc(2024, time.January, 15, 8, 0)},
		{"15W on a Saturday is Friday the 14th", "cron(0 8 15W * ? *)", utc(2024, time.June, 1, 0, 0), utc(2024, time.June, 14, 8, 0)},
		{"15W on a Sunday is Monday the 16th", "cron(0 8 15W * ? *)", utc(2024, time.September, 1, 0, 0), utc(2024, time.September, 16, 8, 0)},
		{"15W in February 2025 (15th a Saturday)", "cron(0 8 15W * ? *)", utc(2025, time.February, 1, 0, 0), utc(2025, time.February, 14, 8, 0)},
		{"15W in February 2026 (15th a Sunday)", "cron(0 8 15W * ? *)", utc(2026, time.February, 1, 0, 0), utc(2026, time.February, 16, 8, 0)},
		{"1W on a Saturday 1st is Monday the 3rd, not in the previous month", "cron(0 8 1W * ? *)", utc(2024, time.May, 31, 0, 0), utc(2024, time.June, 3, 8, 0)},
		{"1W on a Sunday 1st is Monday the 2nd", "cron(0 8 1W * ? *)", utc(2024, time.August, 31, 0, 0), utc(2024, time.September, 2, 8, 0)},
		{"31W on a Saturday 31st is Friday the 30th", "cron(0 8 31W * ? *)", utc(2024, time.August, 1, 0, 0), utc(2024, time.August, 30, 8, 0)},
		{"31W on a Sunday last day is Friday the 29th, not in the next month", "cron(0 8 31W * ? *)", utc(2024, time.March, 1, 0, 0), utc(2024, time.March, 29, 8, 0)},
		{"31W skips months without a 31st", "cron(0 8 31W * ? *)", utc(2024, time.April, 1, 0, 0), utc(2024, time.May, 31, 8, 0)},
		{"30W skips February", "cron(0 8 30W * ? *)", utc(2024, time.February, 1, 0, 0), utc(2024, time.March, 29, 8, 0)},
		{"29W fires on 29 February in a leap year", "cron(0 8 29W * ? *)", utc(2024, time.February, 1, 0, 0), utc(2024, time.February, 29, 8, 0)},
		{"a plain 31 skips short months", "cron(0 0 31 * ? *)", utc(2024, time.February, 1, 0, 0), utc(2024, time.March, 31, 0, 0)},
		{"29 February waits for a leap year", "cron(0 0 29 FEB ? *)", utc(2024, time.March, 1, 0, 0), utc(2028, time.February, 29, 0, 0)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := mustParse(t, tc.expr).Next(tc.from)
			require.True(t, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestNext_FirstFiringStrictlyAfter(t *testing.T) {
	s := mustParse(t, "cron(30 * * * ? *)")
	tests := []struct {
		name       string
		after, wnt time.Time
	}{
		{"a firing instant itself is not returned", utc(2024, time.March, 1, 10, 30), utc(2024, time.March, 1, 11, 30)},
		{"seconds after a firing move to the next one", utc(2024, time.March, 1, 10, 30).Add(time.Nanosecond), utc(2024, time.March, 1, 11, 30)},
		{"just before a firing gives that firing", utc(2024, time.March, 1, 10, 30).Add(-time.Nanosecond), utc(2024, time.March, 1, 10, 30)},
		{"year end rolls over", utc(2024, time.December, 31, 23, 45), utc(2025, time.January, 1, 0, 30)},
		{"before 1970 starts at 1970", time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), utc(1970, time.January, 1, 0, 30)},
		{"other time zones are read as the same instant", time.Date(2024, 3, 1, 12, 40, 0, 0, time.FixedZone("X", 2*3600)), utc(2024, time.March, 1, 11, 30)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := s.Next(tc.after)
			require.True(t, ok)
			assert.Equal(t, tc.wnt, got)
			assert.Equal(t, time.UTC, got.Location())
		})
	}
}

func TestNext_ReturnsFalseWhenTheYearRangeIsExhausted(t *testing.T) {
	tests := []struct {
		name, expr string
		from       time.Time
		last       time.Time // last firing, zero if none after from
	}{
		{"a single year ends", "cron(0 0 1 * ? 2024)", utc(2024, time.November, 15, 0, 0), utc(2024, time.December, 1, 0, 0)},
		{"a year range ends", "cron(15 10 ? * 6L 2022-2030)", utc(2030, time.December, 1, 0, 0), utc(2030, time.December, 27, 10, 15)},
		{"a year step ends at its last value", "cron(0 0 1 1 ? 2190/4)", utc(2190, time.June, 1, 0, 0), utc(2198, time.January, 1, 0, 0)},
		{"the year field ends at 2199", "cron(0 0 * * ? *)", utc(2199, time.December, 30, 12, 0), utc(2199, time.December, 31, 0, 0)},
		{"a past year never fires again", "cron(0 0 * * ? 1999)", utc(2024, time.January, 1, 0, 0), time.Time{}},
		{"a date that never exists never fires", "cron(0 0 30 FEB ? *)", utc(1970, time.January, 1, 0, 0), time.Time{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := mustParse(t, tc.expr)
			from := tc.from
			if !tc.last.IsZero() {
				var ok bool
				for from.Before(tc.last) {
					from, ok = s.Next(from)
					require.True(t, ok)
				}
				require.Equal(t, tc.last, from)
			}
			got, ok := s.Next(from)
			assert.False(t, ok, "got %v", got)
			assert.True(t, got.IsZero())
		})
	}
	_, ok := mustParse(t, "cron(0 0 * * ? *)").Next(utc(2200, time.January, 1, 0, 0))
	assert.False(t, ok, "after 2199 there is nothing")
}

func TestNext_AtFiresOnceAndRateAddsItsInterval(t *testing.T) {
	at := mustParse(t, "at(2024-03-01T10:00:00)")
	instant := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	got, ok := at.Next(instant.Add(-time.Hour))
	require.True(t, ok)
	assert.Equal(t, instant, got)
	_, ok = at.Next(instant)
	assert.False(t, ok, "at(): not strictly after the instant itself")
	_, ok = at.Next(instant.Add(time.Second))
	assert.False(t, ok)

	rate := mustParse(t, "rate(90 minutes)")
	from := time.Date(2024, 3, 1, 10, 17, 23, 5, time.UTC)
	got, ok = rate.Next(from)
	require.True(t, ok)
	assert.Equal(t, from.Add(90*time.Minute), got, "rate: the caller's anchor plus the interval, no rounding (D15)")

	endOfTime := time.Unix(1<<63-1-62135596800, 999999999) // the largest time.Time
	got, ok = rate.Next(endOfTime)
	assert.False(t, ok, "rate: nothing after the end of time, got %v", got)
}
