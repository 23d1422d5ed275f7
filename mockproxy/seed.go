package mockproxy

import (
	"io"

	"github.com/kafkarestmock/kafkarestmock/seed"
)

// Seed is package seed's [seed.Seed]: a parsed seed file (DESIGN §6; the
// format is in package seed's documentation), ready to be applied to a
// log. Build one with LoadSeed or LoadSeedFile and give it to WithSeed.
type Seed = seed.Seed

// SeedTarget is package seed's [seed.Target]: what Seed.Apply writes to,
// a *fakelog.Log or a backend.Backend.
type SeedTarget = seed.Target

// LoadSeed is package seed's [seed.Load]: it reads and checks a seed
// file, reporting the first problem by its field's JSON path.
func LoadSeed(r io.Reader) (*Seed, error) {
	return seed.Load(r)
}

// LoadSeedFile is package seed's [seed.LoadFile]: LoadSeed on the named
// file, its errors starting with the path.
func LoadSeedFile(path string) (*Seed, error) {
	return seed.LoadFile(path)
}
