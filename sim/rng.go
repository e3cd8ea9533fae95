package sim

import (
	"encoding/binary"
	"math/rand/v2"

	"github.com/google/uuid"
)

// Streams derives independent random streams from one seed. A stream is
// named by a subsystem and up to two keys, so adding a node, an association
// or a draw in one stream never shifts the values another stream yields.
type Streams struct {
	seed uint64
}

// NewStreams returns the streams of a seed.
func NewStreams(seed uint64) Streams { return Streams{seed: seed} }

// Seed is the seed the streams derive from.
func (s Streams) Seed() uint64 { return s.seed }

// Subsystems naming the streams.
const (
	streamNode      = 0x6e6f6465 // per-node behaviour draws
	streamNodeID    = 0x6e6f6964 // node ID permutation key
	streamAssocID   = 0x61736964 // AssociationId
	streamExecID    = 0x65786964 // ExecutionId
	streamCommandID = 0x636d6964 // OutputSourceId (Run Command id)
	streamToken     = 0x746f6b6e // NextToken keys
)

// PCG returns a PCG generator for (subsystem, key).
func (s Streams) PCG(subsystem, key uint64) *rand.PCG {
	p := &rand.PCG{}
	s.seedPCG(p, subsystem, key)
	return p
}

// seedPCG seeds p in place as the generator for (subsystem, key).
func (s Streams) seedPCG(p *rand.PCG, subsystem, key uint64) {
	p.Seed(mix(s.seed^mix(subsystem)), mix(key^subsystem))
}

// UUID derives a version-4 UUID for (subsystem, a, b) from the seed via
// uuid.NewRandomFromReader over a ChaCha8 stream, so every ID in a
// simulation is reproducible from its seed and independent of other IDs.
func (s Streams) UUID(subsystem, a, b uint64) string {
	var key [32]byte
	binary.LittleEndian.PutUint64(key[0:], mix(s.seed))
	binary.LittleEndian.PutUint64(key[8:], mix(subsystem))
	binary.LittleEndian.PutUint64(key[16:], mix(a^0x9e3779b97f4a7c15))
	binary.LittleEndian.PutUint64(key[24:], mix(b^0xc2b2ae3d27d4eb4f))
	u, err := uuid.NewRandomFromReader(rand.NewChaCha8(key))
	if err != nil { // ChaCha8 never fails to read
		panic("sim: " + err.Error())
	}
	return u.String()
}

// mix is the SplitMix64 finalizer: a bijection on uint64 that scatters bits.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// unmix inverts mix.
func unmix(x uint64) uint64 {
	x ^= x>>31 ^ x>>62
	x *= 0x319642b2d24d8ec3 // inverse of 0x94d049bb133111eb
	x ^= x>>27 ^ x>>54
	x *= 0x96de1b173f119089 // inverse of 0xbf58476d1ce4e5b9
	x ^= x>>30 ^ x>>60
	return x
}
