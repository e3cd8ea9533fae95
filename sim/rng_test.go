package sim

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMixIsABijection(t *testing.T) {
	for _, x := range []uint64{0, 1, 2, 42, 1 << 63, ^uint64(0), 0x0123456789abcdef} {
		assert.Equal(t, x, unmix(mix(x)))
	}
}

func TestUUIDsAreSeededAndIndependent(t *testing.T) {
	a, b := NewStreams(1), NewStreams(2)
	assert.Equal(t, a.UUID(streamAssocID, 0, 0), a.UUID(streamAssocID, 0, 0), "same seed and key, same id")
	assert.NotEqual(t, a.UUID(streamAssocID, 0, 0), b.UUID(streamAssocID, 0, 0))
	assert.NotEqual(t, a.UUID(streamAssocID, 0, 0), a.UUID(streamAssocID, 1, 0))
	assert.NotEqual(t, a.UUID(streamAssocID, 0, 0), a.UUID(streamExecID, 0, 0))
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, a.UUID(streamExecID, 7, 9))
}
