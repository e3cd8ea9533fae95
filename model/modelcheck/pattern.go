package modelcheck

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// PatternTranslation stands in for a model pattern that cannot be run with
// Go's regexp package, even rewritten by the package's Java-to-RE2 rewriter
// (lookahead, backreferences, repeat counts above 1000). Match keeps the
// pattern's Java meaning and find semantics.
type PatternTranslation struct {
	// Pattern is the model's Java pattern, verbatim.
	Pattern string
	// Shapes lists the model shapes using the pattern.
	Shapes []string
	// Meaning says in words what the pattern accepts.
	Meaning string

	match func(string) bool
}

// Match reports whether s satisfies the translated pattern.
func (t PatternTranslation) Match(s string) bool { return t.match(s) }

// PatternTranslations returns the hand translations of the model patterns
// Go's regexp cannot run, in a fresh slice.
func PatternTranslations() []PatternTranslation {
	return append([]PatternTranslation(nil), translations...)
}

var translations = []PatternTranslation{
	{
		Pattern: `^(?!\s*$).+`,
		Shapes: []string{"AlarmName", "DocumentReviewComment", "MetadataKey", "OpsItemCategory",
			"OpsItemDataKey", "OpsItemSeverity", "OpsItemSource", "OpsItemTitle", "OpsMetadataFilterKey",
			"OpsMetadataResourceId", "Policy", "RegistrationMetadataKey", "RegistrationMetadataValue"},
		Meaning: "not blank: the first character is not a line terminator (.+ at ^) and the value is not " +
			"all whitespace, optionally followed by one final line terminator (the lookahead (?!\\s*$))",
		match: notBlankMatcher(),
	},
	{
		Pattern: `^([\-]?\d{4}(?!\d{2}\b))((-?)((0[1-9]|1[0-2])(\3([12]\d|0[1-9]|3[01]))?|W([0-4]\d|5[0-2])(-?[1-7])?|(00[1-9]|0[1-9]\d|[12]\d{2}|3([0-5]\d|6[1-6])))([T\s]((([01]\d|2[0-3])((:?)[0-5]\d)?|24\:?00)([\.,]\d(?!:))?)?(\17[0-5]\d([\.,]\d)?)?([zZ]|([\-])([01]\d|2[0-3]):?([0-5]\d)?)?)?)?$`,
		Shapes:  []string{"StringDateTime"},
		Meaning: "an ISO 8601 date or date-time; the backreferences become one alternative per separator " +
			"choice and the lookaheads explicit rules",
		match: isoDateTimeMatcher(),
	},
	{
		Pattern: `^.{1,100000}$`,
		Shapes:  []string{"InstancePropertyFilterValue", "InstancePropertyStringFilterKey"},
		Meaning: "1 to 100000 characters, no line terminator except one ending the value " +
			"(RE2 caps repeat counts at 1000)",
		match: oneLineMatcher(1, 100000),
	},
	{
		Pattern: `^https:\/\/[-a-zA-Z0-9@:%._\+~#=]{1,253}\.s3(\.[a-z\d-]{9,16})?\.amazonaws\.com\/.{1,2000}`,
		Shapes:  []string{"TargetLocationsURL"},
		Meaning: "an S3 https URL then at least one character that is not a line terminator: the trailing " +
			".{1,2000} is unanchored, so under find semantics one character satisfies it " +
			"(RE2 caps repeat counts at 1000)",
		match: regexp.MustCompile(`^https://[-a-zA-Z0-9@:%._+~#=]{1,253}\.s3(\.[a-z\d-]{9,16})?\.amazonaws\.com/` + javaDot).MatchString,
	},
}

// notBlankMatcher translates ^(?!\s*$).+ : ".+" needs a first character
// that is not a line terminator, and the lookahead refuses a value of Java
// whitespace only, which "$" lets end with one line terminator.
func notBlankMatcher() func(string) bool {
	first := regexp.MustCompile(`^` + javaDot)
	blank := regexp.MustCompile(`^[` + javaSpaces + `]*[\x{85}\x{2028}\x{2029}]?\z`)
	return func(s string) bool { return first.MatchString(s) && !blank.MatchString(s) }
}

// oneLineMatcher translates ^.{lo,hi}$ : lo to hi characters other than line
// terminators, optionally followed by one line terminator ending the value.
func oneLineMatcher(lo, hi int) func(string) bool {
	return func(s string) bool {
		if strings.HasSuffix(s, "\r\n") {
			s = s[:len(s)-2]
		} else if r, size := utf8.DecodeLastRuneInString(s); isLineTerminator(r) {
			s = s[:len(s)-size]
		}
		n := utf8.RuneCountInString(s)
		return n >= lo && n <= hi && !strings.ContainsFunc(s, isLineTerminator)
	}
}

// isLineTerminator reports whether r ends a line for Java's "." and "$".
func isLineTerminator(r rune) bool {
	return r == '\n' || r == '\r' || r == '\u0085' || r == '\u2028' || r == '\u2029'
}

// isoDateTimeMatcher translates the StringDateTime pattern. Group 3 (the date
// separator "-" or "") and group 17 (the time separator ":" or "") are
// referenced later by \3 and \17, so each of the four choices becomes its own
// alternative with the separator written out; a seconds part needs group 17
// to have matched, that is hours and minutes before it. The lookahead after
// the fraction, (?!:), forbids a ":" right after it, which only a seconds part
// could consume, so with ":" separators a fraction cannot precede seconds.
// The lookahead after the year, (?!\d{2}\b), sits at a fixed place (the year
// is an optional "-" and exactly four digits) and becomes a separate reject
// rule; Java's \b differs from Go's only for non-ASCII letters, which cannot
// follow there in a matching value anyway.
func isoDateTimeMatcher() func(string) bool {
	const (
		hour   = `(?:[01]\d|2[0-3])`
		minute = `[0-5]\d`
		frac   = `(?:[.,]\d)`
		zone   = `(?:[zZ]|-(?:[01]\d|2[0-3]):?(?:[0-5]\d)?)?`
	)
	variant := func(dateSep, timeSep string) string {
		date := `(?:(?:0[1-9]|1[0-2])(?:` + dateSep + `(?:[12]\d|0[1-9]|3[01]))?` +
			`|W(?:[0-4]\d|5[0-2])(?:-?[1-7])?` +
			`|(?:00[1-9]|0[1-9]\d|[12]\d{2}|3(?:[0-5]\d|6[1-6])))`
		seconds := hour + timeSep + minute + frac + `?` + minute + frac + `?`
		if timeSep == ":" {
			seconds = hour + `:` + minute + `:` + minute + frac + `?`
		}
		clock := `(?:` + hour + `(?:` + timeSep + minute + `)?` + frac + `?|24:?00` + frac + `?|` + seconds + `)`
		return `-?\d{4}(?:` + dateSep + date + `(?:[T` + javaSpaces + `]` + clock + `?` + zone + `)?)?`
	}
	var alts []string
	for _, d := range []string{"", "-"} {
		for _, t := range []string{"", ":"} {
			alts = append(alts, variant(d, t))
		}
	}
	accept := regexp.MustCompile(`^(?:` + strings.Join(alts, `|`) + `)` + javaDollar)
	reject := regexp.MustCompile(`^-?\d{6}\b`)
	return func(s string) bool { return accept.MatchString(s) && !reject.MatchString(s) }
}
