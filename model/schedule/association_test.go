package schedule

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// D13: the single-expression association rules.
func TestParseAssociation_D13(t *testing.T) {
	tests := []struct {
		name, expr, want string // want "" = accepted
	}{
		{"a rate of 30 minutes is the minimum", "rate(30 minutes)", ""},
		{"a rate under 30 minutes is rejected", "rate(29 minutes)", "rate(29 minutes): a rate must be at least 30 minutes for associations"},
		{"a rate of 1 minute is rejected", "rate(1 minute)", "a rate must be at least 30 minutes for associations"},
		{"a rate of 1 hour is fine", "rate(1 hour)", ""},
		{"a rate of 30 days is fine", "rate(30 days)", ""},
		{"a rate just under 31 days is fine", "rate(743 hours)", ""},
		{"a rate of 31 days is rejected", "rate(31 days)", "rate(31 days): a rate must be less than 31 days for associations"},
		{"31 days in hours is rejected", "rate(744 hours)", "a rate must be less than 31 days"},
		{"31 days in minutes is rejected", "rate(44640 minutes)", "a rate must be less than 31 days"},
		{"syntax errors come first", "rate(5 hour)", `unit must be plural ("hours")`},
		{"every half hour is supported", "cron(0/30 * * * ? *)", ""},
		{"every hour at :30", "cron(30 * * * ? *)", ""},
		{"the official every-4-hours example", "cron(0 0 0/4 1/1 * ? *)", ""},
		{"the second Thursday", "cron(0 0 ? * THU#2 *)", ""},
		{"the last Friday within a year range", "cron(15 10 ? * 6L 2022-2030)", ""},
		{"every 15 minutes is rejected", "cron(0/15 * * * ? *)", "cron(0/15 * * * ? *): fires every 15 minutes; associations need at least 30 minutes between runs"},
		{"every 29 minutes is rejected at the hour boundary", "cron(0/29 * * * ? *)", "fires only 2 minutes apart at its closest (00:58 and 01:00)"},
		{"irregular lists are measured at their closest", "cron(0,20 * * * ? *)", "fires only 20 minutes apart at its closest (00:00 and 00:20)"},
		{"29 minutes apart is one minute too close", "cron(0,29 * * * ? *)", "fires only 29 minutes apart at its closest (00:00 and 00:29)"},
		{"30 minutes apart is the minimum", "cron(0,30 * * * ? *)", ""},
		{"a burst within one hour is rejected", "cron(* 3 * * ? *)", "cron(* 3 * * ? *): fires every minute; associations need"},
		{"one minute apart, irregularly", "cron(0,1,30 * * * ? *)", "fires only 1 minute apart at its closest (00:00 and 00:01)"},
		{"30 minutes apart on a few hours is fine", "cron(0,30 8-17 ? * MON-FRI *)", ""},
		{"runs across midnight on consecutive days are measured", "cron(45,5 23,0 * * ? *)", "fires only 20 minutes apart at its closest (23:45 and 00:05 the next day)"},
		{"runs across midnight are fine when the next day does not fire", "cron(45,5 23,0 ? * MON *)", ""},
		{"consecutive weekdays are consecutive days", "cron(45,5 23,0 ? * MON,TUE *)", "(23:45 and 00:05 the next day)"},
		{"the 31st and the next month's 1st are consecutive days", "cron(50,10 23,0 1,31 * ? *)", "fires only 20 minutes apart at its closest (23:50 and 00:10 the next day)"},
		{"one run per month near midnight is fine", "cron(50,10 23,0 L * ? *)", ""},
		{"one run-day per month near midnight is fine", "cron(55,5 23,0 ? * 1#1 *)", ""},
		{"month other than * is rejected", "cron(0 0 1 1 ? *)", "cron(0 0 1 1 ? *): specifying months is not supported for associations (month must be *)"},
		{"month 1/1 is rejected too", "cron(0 0 1 1/1 ? *)", "specifying months is not supported for associations"},
		{"all months by name is rejected too", "cron(0 0 1 JAN-DEC ? *)", "specifying months is not supported for associations"},
		{"7 fields with a month", "cron(0 0 0 1 JAN ? *)", "specifying months is not supported"},
		{"both day fields set is rejected", "cron(0 0 1 * MON *)", "cannot both be specified"},
		{"at() is accepted", "at(2024-03-01T10:00:00)", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ParseAssociation(tc.expr)
			if tc.want == "" {
				require.NoError(t, err)
				assert.True(t, mustParse(t, tc.expr).Equal(s))
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			assert.Contains(t, err.Error(), tc.want)
			assert.Nil(t, s)
		})
	}
}

// D13: the rules that combine the expression with the association's other
// members.
func TestValidateAssociation_D13CrossField(t *testing.T) {
	const (
		cron = "cron(0 0 ? * THU#2 *)"
		rate = "rate(1 hour)"
		at   = "at(2024-03-01T10:00:00)"
	)
	tests := []struct {
		name string
		r    AssociationRules
		want string // "" = valid
	}{
		{"no schedule is a run-once association", AssociationRules{}, ""},
		{"no schedule with ApplyOnlyAtCronInterval", AssociationRules{ApplyOnlyAtCronInterval: true}, ""},
		{"cron alone", AssociationRules{Expression: cron}, ""},
		{"cron with ApplyOnlyAtCronInterval", AssociationRules{Expression: cron, ApplyOnlyAtCronInterval: true}, ""},
		{"rate alone", AssociationRules{Expression: rate}, ""},
		{"at alone", AssociationRules{Expression: at}, ""},
		{"at with ApplyOnlyAtCronInterval", AssociationRules{Expression: at, ApplyOnlyAtCronInterval: true}, ""},
		{"ApplyOnlyAtCronInterval is not supported for rate", AssociationRules{Expression: rate, ApplyOnlyAtCronInterval: true},
			"rate(1 hour): ApplyOnlyAtCronInterval is not supported with rate expressions"},
		{"ScheduleOffset with cron and ApplyOnlyAtCronInterval", AssociationRules{Expression: cron, ApplyOnlyAtCronInterval: true, ScheduleOffset: 3}, ""},
		{"ScheduleOffset 1 and 6 are the bounds", AssociationRules{Expression: cron, ApplyOnlyAtCronInterval: true, ScheduleOffset: 6}, ""},
		{"ScheduleOffset needs ApplyOnlyAtCronInterval", AssociationRules{Expression: cron, ScheduleOffset: 3},
			"ScheduleOffset requires a cron expression and ApplyOnlyAtCronInterval; ApplyOnlyAtCronInterval is false"},
		{"ScheduleOffset needs cron, not rate", AssociationRules{Expression: rate, ScheduleOffset: 3},
			"ScheduleOffset requires a cron expression and ApplyOnlyAtCronInterval; rate(1 hour) is not a cron expression"},
		{"ScheduleOffset needs cron, not at", AssociationRules{Expression: at, ApplyOnlyAtCronInterval: true, ScheduleOffset: 1},
			"ScheduleOffset requires a cron expression and ApplyOnlyAtCronInterval; at(2024-03-01T10:00:00) is not a cron expression"},
		{"ScheduleOffset needs a schedule", AssociationRules{ApplyOnlyAtCronInterval: true, ScheduleOffset: 2},
			"ScheduleOffset requires a cron expression and ApplyOnlyAtCronInterval; there is no schedule expression"},
		{"ScheduleOffset above 6", AssociationRules{Expression: cron, ApplyOnlyAtCronInterval: true, ScheduleOffset: 7}, "ScheduleOffset 7 is out of range 1..6 (days)"},
		{"ScheduleOffset below 1", AssociationRules{Expression: cron, ApplyOnlyAtCronInterval: true, ScheduleOffset: -1}, "ScheduleOffset -1 is out of range 1..6"},
		{"Duration with cron and ApplyOnlyAtCronInterval", AssociationRules{Expression: cron, ApplyOnlyAtCronInterval: true, Duration: 24}, ""},
		{"Duration needs ApplyOnlyAtCronInterval", AssociationRules{Expression: cron, Duration: 2},
			"Duration requires a cron expression and ApplyOnlyAtCronInterval; ApplyOnlyAtCronInterval is false"},
		{"Duration needs cron, not rate", AssociationRules{Expression: rate, Duration: 2},
			"Duration requires a cron expression and ApplyOnlyAtCronInterval; rate(1 hour) is not a cron expression"},
		{"Duration needs cron, not at", AssociationRules{Expression: at, ApplyOnlyAtCronInterval: true, Duration: 2}, "Duration requires a cron expression"},
		{"Duration needs a schedule", AssociationRules{Duration: 2}, "Duration requires a cron expression and ApplyOnlyAtCronInterval; there is no schedule expression"},
		{"Duration above 24", AssociationRules{Expression: cron, ApplyOnlyAtCronInterval: true, Duration: 25}, "Duration 25 is out of range 1..24 (hours)"},
		{"ScheduleOffset and Duration together", AssociationRules{Expression: cron, ApplyOnlyAtCronInterval: true, ScheduleOffset: 1, Duration: 1}, ""},
		{"the expression's own rules apply first", AssociationRules{Expression: "cron(0/15 * * * ? *)", ApplyOnlyAtCronInterval: true}, "fires every 15 minutes"},
		{"an invalid expression is reported before cross-field rules", AssociationRules{Expression: "rate(5 hour)", ApplyOnlyAtCronInterval: true}, "unit must be plural"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ValidateAssociation(tc.r)
			if tc.want != "" {
				require.Error(t, err)
				assert.ErrorIs(t, err, ErrInvalid)
				assert.Contains(t, err.Error(), tc.want)
				assert.Nil(t, s)
				return
			}
			require.NoError(t, err)
			if tc.r.Expression == "" {
				assert.Nil(t, s, "run once: no schedule")
				return
			}
			assert.True(t, mustParse(t, tc.r.Expression).Equal(s))
		})
	}
}

// closest is exact: the midnight-crossing gap counts only where two
// consecutive calendar days fire, including across a year boundary.
func TestClosest_ConsecutiveDaysAcrossMonthsAndYears(t *testing.T) {
	tests := []struct {
		expr    string
		gap     int
		nextDay bool
	}{
		{"cron(50,10 23,0 1,31 JAN,DEC ? 2024-2025)", 20, true}, // 31 Dec 2024 → 1 Jan 2025
		{"cron(50,10 23,0 1,31 JAN,DEC ? 2024)", 40, false},     // 2025 does not fire
		{"cron(50,10 23,0 1,31 JAN,DEC ? 2024,2026)", 40, false},
		{"cron(50,10 23,0 29,1 FEB,MAR ? 2023)", 40, false},     // no 29 February in 2023
		{"cron(50,10 23,0 29,1 FEB,MAR ? 2023-2024)", 20, true}, // 29 February 2024 → 1 March
		{"cron(0 12 * * ? *)", 1440, true},                      // daily
		{"cron(0 12 ? * MON *)", 1 << 30, false},                // never on consecutive days
		{"cron(0 0/6 * * ? *)", 360, false},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			g := mustParse(t, tc.expr).cron.closest()
			assert.Equal(t, tc.gap, g.gap)
			assert.Equal(t, tc.nextDay, g.nextDay)
		})
	}
}
