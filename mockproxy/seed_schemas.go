package mockproxy

// The schema side of seeding: a seed's schemas go to the embedded
// registry and its keys and values given as data of a schema are
// converted by the proxy's own serializers (schemaCodec.encode).

import (
	"errors"

	"github.com/kafkarestmock/kafkarestmock/schemareg"
	"github.com/kafkarestmock/kafkarestmock/seed"
)

// seedTarget is what a server applies its seeds to: its backend (stamping
// records with its clock) and its registry.
type seedTarget struct {
	seed.Target
	schemas *schemaStore
}

var _ seed.SchemaTarget = seedTarget{}

// RegisterSchema registers s in the embedded registry; a seed's schemas
// are registered again after every Reset, so they need a registry the
// server owns.
func (t seedTarget) RegisterSchema(subject string, s schemareg.Schema) (int, error) {
	if t.schemas.embedded == nil {
		if t.schemas.url != "" {
			return 0, errors.New("schemas need the embedded schema registry; the server uses the one at " + t.schemas.url)
		}
		return 0, errors.New("schemas need the embedded schema registry; the server has none (WithSchemaRegistry(SchemaRegistryNone))")
	}
	id, _, err := t.schemas.embedded.Register(subject, s)
	return id, err
}

// SchemaVersion returns subject's version n from the server's registry.
func (t seedTarget) SchemaVersion(subject string, n int) (schemareg.SubjectVersion, error) {
	if t.schemas.src == nil {
		return schemareg.SubjectVersion{}, errSeedNoRegistry
	}
	return t.schemas.src.Version(subject, n)
}

// SchemaByID returns the schema with global id id from the server's
// registry.
func (t seedTarget) SchemaByID(id int) (schemareg.Schema, error) {
	if t.schemas.src == nil {
		return schemareg.Schema{}, errSeedNoRegistry
	}
	return t.schemas.src.SchemaByID(id)
}

// EncodeSchemaData converts data as the proxy's serializer does for a
// produced key or value.
func (t seedTarget) EncodeSchemaData(id int, data []byte) ([]byte, error) {
	c, err := t.schemas.codec(id)
	if err != nil {
		return nil, err
	}
	b, err := c.encode(data)
	if err != nil {
		return nil, errors.New(conversionMessage(err))
	}
	return b, nil
}

// errSeedNoRegistry is data of a schema in a seed applied to a server
// without a registry.
var errSeedNoRegistry = errors.New("the server has no schema registry (WithSchemaRegistry(SchemaRegistryNone))")
