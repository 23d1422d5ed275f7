package mockproxy

import (
	"io"

	"github.com/kafkarestmock/kafkarestmock/schemareg"
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

// SeedCheckTarget returns l with a fresh embedded schema registry and the
// proxy's serializers, so that Seed.Apply on it checks a seed's schemas and
// its keys and values given as data of a schema as a server's New would,
// without building one (the binary checks its --seed file on a scratch
// log this way). Each call has its own registry; the result is safe for
// concurrent use as l is.
func SeedCheckTarget(l SeedTarget) SeedTarget {
	reg := schemareg.New()
	return seedTarget{l, &schemaStore{src: reg, embedded: reg}}
}
