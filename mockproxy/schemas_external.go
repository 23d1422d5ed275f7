package mockproxy

import (
	"net/http"
	"time"

	"github.com/kafkarestmock/kafkarestmock/internal/srclient"
)

// externalRegistryTimeout bounds each request to an external registry.
const externalRegistryTimeout = 30 * time.Second

// newExternalRegistry returns a client of the registry at base, and the
// HTTP client whose idle connections Close releases.
func newExternalRegistry(base string) (schemaSource, *http.Client, error) {
	hc := &http.Client{Timeout: externalRegistryTimeout, Transport: http.DefaultTransport.(*http.Transport).Clone()}
	c, err := srclient.New(base, hc)
	return c, hc, err
}
