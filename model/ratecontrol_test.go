package model

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseMaxConcurrency(t *testing.T) {
	tests := []struct {
		in      string
		want    RateValue
		wantErr string // substring of the ValidationException message
	}{
		{in: "1", want: RateValue{N: 1}},
		{in: "10", want: RateValue{N: 10}},
		{in: "1%", want: RateValue{N: 1, Percent: true}},
		{in: "10%", want: RateValue{N: 10, Percent: true}},
		{in: "100%", want: RateValue{N: 100, Percent: true}},
		{in: "9999999", want: RateValue{N: 9999999}},
		// The model pattern forbids zero concurrency in both forms.
		{in: "0", wantErr: "Value '0' at 'maxConcurrency' failed to satisfy constraint: Member must satisfy regular expression pattern: " + MaxConcurrencyPattern},
		{in: "0%", wantErr: "Value '0%' at 'maxConcurrency'"},
		{in: "101%", wantErr: "Value '101%' at 'maxConcurrency' failed to satisfy constraint: Member must satisfy regular expression pattern"},
		{in: "abc", wantErr: "Value 'abc' at 'maxConcurrency'"},
		{in: "05", wantErr: "regular expression pattern"},
		{in: "", wantErr: "2 validation errors detected: Value '' at 'maxConcurrency' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{in: "10000000", wantErr: "Member must have length less than or equal to 7"},
		{in: "-1", wantErr: "regular expression pattern"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseMaxConcurrency(tt.in, "maxConcurrency")
			if tt.wantErr != "" {
				require.Error(t, err)
				var apiErr *APIError
				require.True(t, errors.As(err, &apiErr))
				assert.Equal(t, ErrCodeValidation, apiErr.Code)
				assert.Equal(t, 400, apiErr.HTTPStatus)
				assert.Contains(t, apiErr.Message, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.in, got.String())
		})
	}
}

func TestParseMaxErrors(t *testing.T) {
	// MaxErrors admits 0 and 0% (unlike MaxConcurrency) per the model pattern.
	for _, ok := range []string{"0", "0%", "1", "3", "5%", "10%", "100%", "1234567"} {
		got, err := ParseMaxErrors(ok, "maxErrors")
		require.NoError(t, err, ok)
		assert.Equal(t, ok, got.String())
	}
	for _, bad := range []string{"00", "101%", "1.5", "x", "", "%", "-0", "12345678"} {
		_, err := ParseMaxErrors(bad, "maxErrors")
		assert.Error(t, err, bad)
	}
}

// The CreateAssociation API reference: "If you specify 3, for example, the
// system stops sending requests when the fourth error is received. If you
// specify 0, then the system stops sending requests after the first error
// is returned. If you run an association on 50 managed nodes and set
// MaxError to 10%, then the system stops sending the request when the sixth
// error is received."
func TestErrorThreshold_DocumentedExamples(t *testing.T) {
	tests := []struct {
		name       string
		value      string
		targets    int
		stopsAtErr int // the error number whose arrival stops dispatch
	}{
		{"3 stops at the fourth error", "3", 50, 4},
		{"0 stops after the first error", "0", 50, 1},
		{"10% of 50 stops at the sixth error", "10%", 50, 6},
		{"0% behaves like 0", "0%", 50, 1},
		{"1% of 50 floors to 0", "1%", 50, 1},
		{"100% of 50 stops only after all 50 failed", "100%", 50, 51},
		{"10% of 55 rounds down by default (D1)", "10%", 55, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseMaxErrors(tt.value, "maxErrors")
			require.NoError(t, err)
			threshold := r.ErrorThreshold(tt.targets, RoundDefault)
			assert.Equal(t, tt.stopsAtErr, threshold+1)
		})
	}
}

func TestConcurrency_PercentRounding(t *testing.T) {
	tests := []struct {
		value   string
		targets int
		mode    Rounding
		want    int
	}{
		{"10%", 50, RoundUp, 5},
		{"10%", 55, RoundDefault, 6}, // D1: concurrency rounds up by default
		{"10%", 55, RoundUp, 6},
		{"10%", 55, RoundDown, 5},
		{"10%", 55, RoundNearest, 6},
		{"10%", 54, RoundNearest, 5},
		{"1%", 5, RoundUp, 1},
		{"1%", 5, RoundDown, 1}, // never below 1: a percentage must not stall a rollout
		{"100%", 1000, RoundUp, 1000},
		{"10%", 0, RoundUp, 1},
		{"7", 3, RoundUp, 7}, // a count is not capped by the target count
	}
	for _, tt := range tests {
		r, err := ParseMaxConcurrency(tt.value, "maxConcurrency")
		require.NoError(t, err)
		assert.Equal(t, tt.want, r.Concurrency(tt.targets, tt.mode), "%s of %d rounding %s", tt.value, tt.targets, tt.mode)
	}
}

func TestParseRounding(t *testing.T) {
	for _, m := range Rounding(0).Values() {
		got, err := ParseRounding(m.String())
		require.NoError(t, err)
		assert.Equal(t, m, got)
	}
	_, err := ParseRounding("sideways")
	assert.ErrorContains(t, err, `"sideways"`)
}

func FuzzParseRateValue(f *testing.F) {
	for _, s := range []string{"0", "1", "10%", "100%", "101%", "abc", "", "0%", "9999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, parse := range []func(string, string) (RateValue, error){ParseMaxConcurrency, ParseMaxErrors} {
			r, err := parse(s, "m")
			if err != nil {
				continue
			}
			// Round trip: formatting and re-parsing gives the same value.
			r2, err := parse(r.String(), "m")
			if err != nil || r2 != r || r.String() != s {
				t.Fatalf("round trip of %q: %v %v %v", s, r, r2, err)
			}
			for _, n := range []int{0, 1, 50, 1000000} {
				if c := r.Concurrency(n, RoundUp); c < 1 {
					t.Fatalf("concurrency %d < 1 for %q of %d", c, s, n)
				}
				if th := r.ErrorThreshold(n, RoundDown); th < 0 {
					t.Fatalf("negative threshold for %q", s)
				}
			}
		}
	})
}
