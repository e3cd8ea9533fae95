// Package schedule parses, validates and evaluates State Manager
// association schedule expressions: cron(...), rate(...) and at(...).
//
// It is pure: no clock, no randomness, no I/O, no package-level mutable
// state. All times are UTC.
//
// Two layers of rules:
//   - Parse checks syntax as AWS defines it. Cron is the AWS dialect
//     (decision D14): 6 fields (minutes hours day-of-month month
//     day-of-week year) or 7 with a leading seconds field that must be 0;
//     `*` `?` `,` `-` `/` `L` `W` `#`; JAN–DEC and SUN–SAT in any case;
//     day-of-week 1=SUN … 7=SAT; years 1970–2199; exactly one of
//     day-of-month and day-of-week is `?`. Following Quartz, whose syntax
//     AWS cron mirrors, `L`, `LW`, `nW`, `nL` and `n#k` stand alone in
//     their field; `L` alone in day-of-week is SAT; `31W` does not fire
//     in shorter months. Ranges may not run backwards (`22-2`) and fields are
//     separated by single spaces; AWS documents neither, so ssmsim rejects
//     them rather than guess. Rates are rate(N unit) with N a positive
//     integer without leading zeros, one space, and a lower-case unit that
//     is singular iff N is 1.
//   - ParseAssociation and ValidateAssociation add State Manager's stricter
//     association rules (decision D13), reported as InvalidSchedule.
//
// The minimum gap between cron firings (at least 30 minutes for
// associations) is exact, not sampled. Firings are (firing days) × (times
// of day), so the closest pair is either two neighbouring times of day or
// the last time of one firing day and the first of the next. The latter is
// under a day only when two consecutive calendar days fire, which only
// day-of-month and day-of-week sets can do (L, LW, nW, nL and n#k pick at
// most one day a month); for those, the months of 1970–2199 are walked.
//
// Rate schedules have no wall-clock phase. Next for a rate is simply
// after + interval; anchoring on the previous execution's start (decision
// D15) is the caller's job.
//
// # Library decision
//
// ssmsim evaluates cron itself instead of wrapping a library. The two
// candidates fall short: github.com/robfig/cron/v3 has no `L`, `W`, `#` or
// year field. github.com/hashicorp/cronexpr v1.1.3 evaluates `L`, `W` and
// `#` correctly in our probes, but its year field ends at 2099 (AWS allows
// 2199), it accepts both day fields at once (with cron's "either matches"
// meaning, which AWS rejects), it numbers weekdays 0–6 so every number in
// lists, ranges, `nL` and `n#k` would need translating, its errors only say
// "syntax error in day-of-week field" where State Manager users need to
// know what is wrong, and it keeps a package-level regexp cache. A parser
// with exact messages was needed in any case, and once a field is parsed
// into bitsets the evaluator is about 150 lines: skip years and months not
// in the set, build a month's day bitmask from the L/W/# rule, take the
// first matching hour and minute. Its tests check it against an
// independent brute-force oracle over seeded random expressions.
//
// # Imports
//
// It imports nothing of ssmsim's (not even model): it reads expressions
// only.
package schedule
