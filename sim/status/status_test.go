package status

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// D7: Failed and TimedOut count toward MaxErrors; Undeliverable,
// InvalidPlatform, Cancelled and everything not finished do not.
func TestIsError_RunCommandsRule(t *testing.T) {
	for _, c := range []struct {
		code   Code
		detail Detail
		want   bool
	}{
		{Failed, Same, true},
		{TimedOut, Same, true},
		{TimedOut, ExecTimedOut, true},
		{Failed, Undeliverable, false},
		{Failed, InvalidPlatform, false},
		{Cancelled, Same, false},
		{Success, Same, false},
		{Skipped, Same, false},
		{Pending, Same, false},
		{InProgress, Same, false},
		{None, Same, false},
	} {
		assert.Equal(t, c.want, IsError(c.code, c.detail), "%s/%d", c.code.API(), c.detail)
	}
}

func TestDetailedName_NamesTheDetailOrTheStatus(t *testing.T) {
	assert.Equal(t, "Undeliverable", DetailedName(Failed, Undeliverable))
	assert.Equal(t, "InvalidPlatform", DetailedName(Failed, InvalidPlatform))
	assert.Equal(t, "Execution Timed Out", DetailedName(TimedOut, ExecTimedOut))
	assert.Equal(t, "Success", DetailedName(Success, Same))
	assert.Equal(t, "", DetailedName(None, Same))
}

// Alphabetical holds every code but None once, in the order of the names.
func TestAlphabetical_EveryCodeInNameOrder(t *testing.T) {
	assert.Len(t, Alphabetical, int(N)-1)
	for i := 1; i < len(Alphabetical); i++ {
		assert.Less(t, string(Alphabetical[i-1].API()), string(Alphabetical[i].API()))
	}
}
