package schedule

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each row is named after the documented sentence it checks.
func TestParse_AcceptsAndPrintsCanonicalText(t *testing.T) {
	tests := []struct {
		name, in, canon string
		kind            Kind
	}{
		{"official example: weekly on Sunday at 02:00", "cron(0 2 ? * SUN *)", "cron(0 2 ? * SUN *)", KindCron},
		{"7 fields with a leading seconds field of 0; seconds are dropped", "cron(0 00 12 ? * SUN *)", "cron(0 12 ? * SUN *)", KindCron},
		{"official example: 1/1 in day-of-month is every day", "cron(0 0 0/4 1/1 * ? *)", "cron(0 0/4 1/1 * ? *)", KindCron},
		{"# is the nth weekday of the month", "cron(0 0 ? * THU#2 *)", "cron(0 0 ? * THU#2 *)", KindCron},
		{"day names are case-insensitive", "cron(0 0 ? * thu#2 *)", "cron(0 0 ? * THU#2 *)", KindCron},
		{"nL is the last weekday n, with a year range", "cron(15 10 ? * 6L 2022-2030)", "cron(15 10 ? * 6L 2022-2030)", KindCron},
		{"L and W are case-insensitive too", "cron(15 10 ? * 6l *)", "cron(15 10 ? * 6L *)", KindCron},
		{"L in day-of-month is the last day", "cron(0 9 L * ? *)", "cron(0 9 L * ? *)", KindCron},
		{"nW is the nearest weekday", "cron(0 8 1W * ? *)", "cron(0 8 1W * ? *)", KindCron},
		{"LW is the last weekday", "cron(0 8 lw * ? *)", "cron(0 8 LW * ? *)", KindCron},
		{"every hour at :30", "cron(30 * * * ? *)", "cron(30 * * * ? *)", KindCron},
		{"day-name ranges", "cron(0 0 ? * mon-FRI *)", "cron(0 0 ? * MON-FRI *)", KindCron},
		{"month names JAN-DEC", "cron(0 0 1 jan,Jul ? *)", "cron(0 0 1 JAN,JUL ? *)", KindCron},
		{"numbers lose leading zeros; */n and year steps", "cron(05 */4 ? * 2,4,6 2024/2)", "cron(5 */4 ? * 2,4,6 2024/2)", KindCron},
		{"a day name may carry L", "cron(0 0 ? * friL *)", "cron(0 0 ? * FRIL *)", KindCron},
		{"L alone in day-of-week is the last day of the week", "cron(0 0 ? * L *)", "cron(0 0 ? * L *)", KindCron},
		{"ranges with steps", "cron(0-30/10 1-21/5 * * ? 1970-2199/10)", "cron(0-30/10 1-21/5 * * ? 1970-2199/10)", KindCron},
		{"name range with step", "cron(0 0 ? * MON-fri/2 *)", "cron(0 0 ? * MON-FRI/2 *)", KindCron},
		{"rate with value 1 takes the singular unit", "rate(1 minute)", "rate(1 minute)", KindRate},
		{"rate in minutes", "rate(30 minutes)", "rate(30 minutes)", KindRate},
		{"rate in hours", "rate(12 hours)", "rate(12 hours)", KindRate},
		{"rate of one day", "rate(1 day)", "rate(1 day)", KindRate},
		{"rate in days", "rate(30 days)", "rate(30 days)", KindRate},
		{"at() is a single UTC instant", "at(2024-03-01T10:00:00)", "at(2024-03-01T10:00:00)", KindAt},
		{"at() on a leap day", "at(2024-02-29T23:59:59)", "at(2024-02-29T23:59:59)", KindAt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Parse(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.kind, s.Kind())
			assert.Equal(t, tc.canon, s.String())
			again, err := Parse(s.String())
			require.NoError(t, err, "Parse(s.String())")
			assert.True(t, s.Equal(again), "Parse(s.String()) is Equal to s")
			assert.Equal(t, s.String(), again.String(), "canonical text is stable")
		})
	}
}

func TestParse_RejectsWithExactMessage(t *testing.T) {
	tests := []struct{ in, want string }{
		// shape
		{"", "empty schedule expression"},
		{"every 5 minutes", `every 5 minutes: want cron(...), rate(...) or at(...)`},
		{"CRON(0 0 * * ? *)", "want cron(...), rate(...) or at(...)"},
		{"cron (0 0 * * ? *)", "want cron(...), rate(...) or at(...)"},
		{"cron(0 0 * * ? *", "missing closing parenthesis"},
		{"cron(0 0 * * ? *) ", "missing closing parenthesis"},
		{"cron(0 0 * * ?)", "want 6 fields (minutes hours day-of-month month day-of-week year) or 7 with a leading seconds field of 0; got 5"},
		{"cron(0 0 0 0 * * ? *)", "got 8"},
		{"cron(0  0 * * ? *)", "fields must be separated by single spaces"},
		{"cron( 0 0 * * ? *)", "fields must be separated by single spaces"},
		// seconds
		{"cron(5 0 0 * * ? *)", `cron(5 0 0 * * ? *): seconds "5": must be 0`},
		{"cron(* 0 0 * * ? *)", `seconds "*": must be 0`},
		{"cron(0/30 0 0 * * ? *)", `seconds "0/30": must be 0`},
		// ranges of values
		{"cron(60 0 * * ? *)", `cron(60 0 * * ? *): minutes "60": 60 is out of range 0..59`},
		{"cron(0 24 * * ? *)", `hours "24": 24 is out of range 0..23`},
		{"cron(0 0 32 * ? *)", `day-of-month "32": 32 is out of range 1..31`},
		{"cron(0 0 0 * ? *)", `day-of-month "0": 0 is out of range 1..31`},
		{"cron(0 0 1 13 ? *)", `month "13": 13 is out of range 1..12`},
		{"cron(0 0 ? * 0 *)", `day-of-week "0": 0 is out of range 1..7 (1=SUN … 7=SAT)`},
		{"cron(0 0 ? * 1-8 *)", `day-of-week "1-8": 8 is out of range 1..7`},
		{"cron(0 0 * * ? 1969)", `year "1969": 1969 is out of range 1970..2199`},
		{"cron(0 0 * * ? 2024-2200)", `year "2024-2200": 2200 is out of range 1970..2199`},
		{"cron(99999999999999999999 0 * * ? *)", "is out of range 0..59"},
		// names
		{"cron(0 0 ? * FOO *)", `day-of-week "FOO": "FOO" is not a weekday number (1=SUN … 7=SAT) or name (SUN..SAT)`},
		{"cron(0 0 ? * ſun *)", `"ſun" is not a weekday number`},
		{"cron(0 0 1 FOO ? *)", `month "FOO": "FOO" is not a month number (1..12) or name (JAN..DEC)`},
		{"cron(MON 0 * * ? *)", `minutes "MON": "MON" is not a number`},
		// the day fields
		{"cron(0 0 1 * MON *)", `cron(0 0 1 * MON *): day-of-month "1" and day-of-week "MON" cannot both be specified; use ? in one of them`},
		{"cron(0 0 * * * *)", "cannot both be specified"},
		{"cron(0 0 ? * ? *)", "day-of-month and day-of-week cannot both be ?; set one of them"},
		{"cron(0 0 1,? * ? *)", `day-of-month "1,?": ? must stand alone`},
		{"cron(0 ? * * ? *)", `hours "?": ? is only allowed in day-of-month and day-of-week`},
		// #
		{"cron(0 0 ? * THU#6 *)", `cron(0 0 ? * THU#6 *): day-of-week "THU#6": occurrence must be 1..5`},
		{"cron(0 0 ? * THU#0 *)", `day-of-week "THU#0": occurrence must be 1..5`},
		{"cron(0 0 ? * THU# *)", `day-of-week "THU#": occurrence must be 1..5`},
		{"cron(0 0 ? * #2 *)", `day-of-week "#2": missing value`},
		{"cron(0 0 ? * 8#2 *)", `day-of-week "8#2": 8 is out of range 1..7`},
		{"cron(0 0 ? * THU#2,FRI#1 *)", `day-of-week "THU#2,FRI#1": # must stand alone`},
		{"cron(0 0 1#2 * ? *)", `day-of-month "1#2": # is only allowed in day-of-week`},
		// L and W
		{"cron(0 0 L-2 * ? *)", `day-of-month "L-2": L-n (days before the end of the month) is not supported`},
		{"cron(0 0 1,L * ? *)", `day-of-month "1,L": L forms must stand alone`},
		{"cron(0 0 1W,15 * ? *)", `day-of-month "1W,15": nW (nearest weekday) must stand alone`},
		{"cron(0 0 1-15W * ? *)", `nW (nearest weekday) must stand alone`},
		{"cron(0 0 32W * ? *)", `day-of-month "32W": nearest-weekday day 32 is out of range 1..31`},
		{"cron(0 0 0W * ? *)", `nearest-weekday day 0 is out of range 1..31`},
		{"cron(0 0 W * ? *)", `day-of-month "W": W needs a day before it, e.g. 15W`},
		{"cron(0 0 ? * 2-6L *)", `day-of-week "2-6L": L forms (L, nL) must stand alone`},
		{"cron(0 0 ? * 9L *)", `day-of-week "9L": 9 is out of range 1..7`},
		{"cron(0 0 ? * 2,L *)", `day-of-week "2,L": L forms (L, nL) must stand alone`},
		{"cron(0 0 ? * LW *)", `day-of-week "LW": W (nearest weekday) is only allowed in day-of-month`},
		{"cron(0 0 ? * 15W *)", `day-of-week "15W": W (nearest weekday) is only allowed in day-of-month`},
		{"cron(L 0 * * ? *)", `minutes "L": L is only allowed in day-of-month and day-of-week`},
		{"cron(0 0 1 L ? *)", `month "L": L is only allowed in day-of-month and day-of-week`},
		{"cron(0 0 * W ? *)", `month "W": W is only allowed in day-of-month`},
		// lists, ranges and steps
		{"cron(0/0 * * * ? *)", `minutes "0/0": step 0 is out of range 1..60`},
		{"cron(0/61 * * * ? *)", `minutes "0/61": step 61 is out of range 1..60`},
		{"cron(0 0 1/32 * ? *)", `step 32 is out of range 1..31`},
		{"cron(0/ * * * ? *)", `minutes "0/": missing step after /`},
		{"cron(0/x * * * ? *)", `minutes "0/x": step "x" is not a number`},
		{"cron(5-1 * * * ? *)", `minutes "5-1": range 5-1 runs backwards`},
		{"cron(0 0 ? * FRI-MON *)", `day-of-week "FRI-MON": range FRI-MON runs backwards`},
		{"cron(1- * * * ? *)", `minutes "1-": missing value`},
		{"cron(1,,2 * * * ? *)", `minutes "1,,2": empty item in list`},
		{"cron(1, * * * ? *)", `minutes "1,": empty item in list`},
		{"cron(*/ * * * ? *)", `missing step after /`},
		{"cron(1-2-3 * * * ? *)", `minutes "1-2-3": range "1-2-3" has more than one -`},
		{"cron(*-5 * * * ? *)", `minutes "*-5": * must stand alone or take a step (*/n)`},
		{"cron(0 0 ? * 1#1,2 *)", `day-of-week "1#1,2": # must stand alone`},
		// rate
		{"rate(1 hours)", `rate(1 hours): unit must be singular ("hour") when the value is 1`},
		{"rate(5 hour)", `rate(5 hour): unit must be plural ("hours") when the value is not 1`},
		{"rate(1day)", `rate(1day): want rate(<value> <unit>) with exactly one space between value and unit`},
		{"rate(5  minutes)", "exactly one space"},
		{"rate( 5 minutes)", "exactly one space"},
		{"rate(5 minutes )", "exactly one space"},
		{"rate()", "exactly one space"},
		{"rate(5 Minutes)", `rate(5 Minutes): unknown unit "Minutes": want minute(s), hour(s) or day(s) in lower case`},
		{"rate(5 weeks)", `unknown unit "weeks"`},
		{"rate(0 minutes)", "rate(0 minutes): value must be at least 1"},
		{"rate(05 minutes)", `rate(05 minutes): value "05" must not have leading zeros`},
		{"rate(+5 minutes)", `value "+5" must be a positive whole number (digits only, no sign)`},
		{"rate(-5 minutes)", `value "-5" must be a positive whole number`},
		{"rate(5.5 hours)", `value "5.5" must be a positive whole number`},
		{"rate(9999999999999 days)", "value 9999999999999 is too large"},
		{"rate(999999999 days)", "value 999999999 is too large"},
		{"rate(5 minutes", "missing closing parenthesis"},
		// at
		{"at(2024-03-01 10:00:00)", `at(2024-03-01 10:00:00): want at(yyyy-mm-ddThh:mm:ss) in UTC`},
		{"at(2024-03-01T10:00:00Z)", `want at(yyyy-mm-ddThh:mm:ss) in UTC`},
		{"at(2024-3-01T10:00:00)", `want at(yyyy-mm-ddThh:mm:ss) in UTC`},
		{"at(2024-03-01)", `want at(yyyy-mm-ddThh:mm:ss) in UTC`},
		{"at(2024-02-30T10:00:00)", `day 30 is out of range for February 2024 (01..29)`},
		{"at(2023-02-29T00:00:00)", `day 29 is out of range for February 2023 (01..28)`},
		{"at(2024-13-01T00:00:00)", `month 13 is out of range 01..12`},
		{"at(2024-00-01T00:00:00)", `month 00 is out of range 01..12`},
		{"at(2024-03-01T24:00:00)", `hour 24 is out of range 00..23`},
		{"at(2024-03-01T10:60:00)", `minute 60 is out of range 00..59`},
		{"at(2024-03-01T10:00:60)", `second 60 is out of range 00..59`},
	}
	require.GreaterOrEqual(t, len(tests), 40)
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			s, err := Parse(tc.in)
			require.Error(t, err, "got %v", s)
			assert.ErrorIs(t, err, ErrInvalid)
			assert.Contains(t, err.Error(), tc.want)
			if tc.in != "" {
				assert.True(t, strings.HasPrefix(err.Error(), tc.in+": "), "the message starts with the expression: %s", err)
			}
		})
	}
}

func TestEqual_SameFiringTimesAreEqualHoweverSpelled(t *testing.T) {
	equal := [][]string{
		{"cron(0 0 ? * 5#2 *)", "cron(0 0 ? * THU#2 *)", "cron(0 0 0 ? * thu#2 *)"},
		{"rate(60 minutes)", "rate(1 hour)"},
		{"rate(24 hours)", "rate(1 day)", "rate(1440 minutes)"},
		{"cron(0 0 * * ? *)", "cron(0 0 ? * * *)", "cron(0 0 ? * 1-7 *)", "cron(0 0 1/1 * ? *)", "cron(0 0 1-31 * ? *)", "cron(0 0 ? * SUN-SAT *)"},
		{"cron(0 0 ? * L *)", "cron(0 0 ? * SAT *)", "cron(0 0 ? * 7 *)"},
		{"cron(0/30 * * * ? *)", "cron(0,30 * * * ? *)", "cron(*/30 * * * ? *)", "cron(0-59/30 0-23 * * ? 1970-2199)"},
		{"cron(0 0 ? * 6L *)", "cron(0 0 ? * FRIL *)"},
		{"cron(0 0 1 JAN ? *)", "cron(0 0 1 1 ? *)"},
		{"at(2024-03-01T10:00:00)", "at(2024-03-01T10:00:00)"},
	}
	for _, group := range equal {
		for _, a := range group {
			for _, b := range group {
				sa, err := Parse(a)
				require.NoError(t, err)
				sb, err := Parse(b)
				require.NoError(t, err)
				assert.True(t, sa.Equal(sb), "%s Equal %s", a, b)
			}
		}
	}
	differ := [][2]string{
		{"cron(0 0 ? * 5#2 *)", "cron(0 0 ? * 5#3 *)"},
		{"cron(0 0 L * ? *)", "cron(0 0 LW * ? *)"},
		{"cron(0 0 ? * 7L *)", "cron(0 0 ? * 7 *)"},
		{"cron(0 0 15W * ? *)", "cron(0 0 15 * ? *)"},
		{"cron(0 0 * * ? 2024)", "cron(0 0 * * ? *)"},
		{"rate(1 hour)", "cron(0 * * * ? *)"},
		{"rate(1 hour)", "rate(2 hours)"},
		{"at(2024-03-01T10:00:00)", "at(2024-03-01T10:00:01)"},
	}
	for _, d := range differ {
		sa, err := Parse(d[0])
		require.NoError(t, err)
		sb, err := Parse(d[1])
		require.NoError(t, err)
		assert.False(t, sa.Equal(sb), "%s not Equal %s", d[0], d[1])
	}
}

func TestSchedule_NilIsNoSchedule(t *testing.T) {
	var s *Schedule
	assert.Equal(t, Kind(0), s.Kind())
	assert.Equal(t, "", s.String())
	assert.True(t, s.Equal(nil))
	one, err := Parse("rate(1 hour)")
	require.NoError(t, err)
	assert.False(t, s.Equal(one))
	assert.False(t, one.Equal(s))
	assert.Zero(t, s.Interval())
	assert.True(t, s.At().IsZero())
	_, ok := s.Next(time.Now())
	assert.False(t, ok)
}

func TestKind_String(t *testing.T) {
	assert.Equal(t, "cron", KindCron.String())
	assert.Equal(t, "rate", KindRate.String())
	assert.Equal(t, "at", KindAt.String())
	assert.Equal(t, "Kind(0)", Kind(0).String())
}

func TestInterval_AndAt_ReportTheirOwnKindOnly(t *testing.T) {
	tests := []struct {
		in       string
		interval time.Duration
		at       time.Time
	}{
		{"rate(1 minute)", time.Minute, time.Time{}},
		{"rate(45 minutes)", 45 * time.Minute, time.Time{}},
		{"rate(2 hours)", 2 * time.Hour, time.Time{}},
		{"rate(30 days)", 30 * 24 * time.Hour, time.Time{}},
		{"cron(0 0 * * ? *)", 0, time.Time{}},
		{"at(2024-03-01T10:00:00)", 0, time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		s, err := Parse(tc.in)
		require.NoError(t, err)
		assert.Equal(t, tc.interval, s.Interval(), tc.in)
		assert.Equal(t, tc.at, s.At(), tc.in)
	}
}
