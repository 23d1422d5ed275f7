package mockproxy

import "errors"

// newExternalRegistry returns a client of the registry at base.
func newExternalRegistry(base string) (schemaSource, error) {
	return nil, errors.New("external registries are not supported yet")
}
