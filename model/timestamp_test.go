package model

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTimestampJSON(t *testing.T) {
	tests := []struct {
		ms   int64
		want string
	}{
		{1585059887692, "1585059887.692"}, // the API reference's sample value
		{1585059887690, "1585059887.69"},
		{1585059887600, "1585059887.6"},
		{1585059887007, "1585059887.007"},
		{1550501886000, "1550501886.0"}, // whole seconds, as the CLI examples show them
	}
	for _, tt := range tests {
		b, err := json.Marshal(Timestamp(tt.ms))
		require.NoError(t, err)
		assert.Equal(t, tt.want, string(b))
		var back Timestamp
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, Timestamp(tt.ms), back)
	}
}

func TestTimestampOmittedWhenZero(t *testing.T) {
	b, err := json.Marshal(AssociationExecution{ExecutionID: "x"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"ExecutionId":"x"}`, string(b))
}

func TestTimestampRejectsStrings(t *testing.T) {
	var ts Timestamp
	assert.Error(t, json.Unmarshal([]byte(`"2020-01-01T00:00:00Z"`), &ts))
	assert.Error(t, json.Unmarshal([]byte(`null`), &ts))
	assert.Error(t, json.Unmarshal([]byte(`-5`), &ts))
}

func TestTimestampOf(t *testing.T) {
	at := time.Date(2024, 1, 1, 0, 0, 0, 123_456_789, time.UTC)
	ts := TimestampOf(at)
	assert.Equal(t, at.Truncate(time.Millisecond), ts.Time())
	assert.Equal(t, "2024-01-01T00:00:00.123Z", ts.String())
}

func FuzzTimestampJSON(f *testing.F) {
	for _, s := range []string{"0", "1.5", "1585059887.692", "1e9", "-1", `"x"`, "1.0005"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var ts Timestamp
		if err := json.Unmarshal([]byte(s), &ts); err != nil {
			return
		}
		b, err := json.Marshal(ts)
		if err != nil {
			return // out-of-range values are refused, not mangled
		}
		var back Timestamp
		if err := json.Unmarshal(b, &back); err != nil || back != ts {
			t.Fatalf("round trip %q -> %s -> %v (%v)", s, b, back, err)
		}
	})
}
