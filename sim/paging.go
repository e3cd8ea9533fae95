package sim

import (
	"encoding/binary"

	"github.com/ssmsim/ssmsim/sim/paging"
)

// tokens are the simulation's NextTokens, keyed by its seed (package
// paging says how list operations page).
func (s *Sim) tokens() paging.Tokens {
	var k [8]byte
	binary.LittleEndian.PutUint64(k[:], mix(s.cfg.Seed^streamToken))
	return paging.NewTokens(k[:])
}
