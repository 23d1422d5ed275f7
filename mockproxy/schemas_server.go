package mockproxy

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

// schemaRegistryPrefix is where the main listener serves the embedded
// registry.
const schemaRegistryPrefix = "/schema-registry"

// setupSchemaRegistry builds the registry WithSchemaRegistry asks for.
func (s *Server) setupSchemaRegistry() error {
	switch t := s.cfg.schemaRegistry; t {
	case SchemaRegistryNone:
	case SchemaRegistryEmbedded, "":
		reg := schemareg.New(s.cfg.registryOpts...)
		s.schemas.embedded, s.schemas.src, s.schemas.handler = reg, reg, reg.Handler()
	default:
		u, err := url.Parse(t)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("mockproxy: schema registry %q: want %q, %q or an http(s) URL", t, SchemaRegistryEmbedded, SchemaRegistryNone)
		}
		src, hc, err := newExternalRegistry(strings.TrimSuffix(t, "/"))
		if err != nil {
			return fmt.Errorf("mockproxy: schema registry: %w", err)
		}
		s.schemas.src, s.schemas.url, s.schemas.httpc = src, strings.TrimSuffix(t, "/"), hc
	}
	return nil
}

// SchemaRegistry returns the embedded registry, to seed or inspect from
// Go, or nil when the server uses none or an external one. It is safe for
// concurrent use.
func (s *Server) SchemaRegistry() *schemareg.Registry { return s.schemas.embedded }

// SchemaRegistryURL returns the base URL of the registry the proxy uses:
// the embedded one's advertised URL (WithSchemaRegistryAdvertisedURL) or
// else its place under the server's URL (URL() + "/schema-registry",
// reachable through Client() also without a listener), an external
// registry's URL, or "" when there is none.
func (s *Server) SchemaRegistryURL() string {
	switch {
	case s.schemas.embedded != nil && s.cfg.registryURL != "":
		return strings.TrimSuffix(s.cfg.registryURL, "/")
	case s.schemas.embedded != nil:
		return s.URL() + schemaRegistryPrefix
	default:
		return s.schemas.url
	}
}

// serveSchemaRegistry serves requests under /schema-registry/ with the
// embedded registry, and reports whether it did.
func (s *Server) serveSchemaRegistry(rw *respWriter, r *http.Request) bool {
	p := r.URL.Path
	if s.schemas.embedded == nil || (p != schemaRegistryPrefix && !strings.HasPrefix(p, schemaRegistryPrefix+"/")) {
		return false
	}
	rw.api = "schema-registry"
	r2 := new(http.Request)
	*r2 = *r
	u := *r.URL
	u.Path = strings.TrimPrefix(p, schemaRegistryPrefix)
	u.RawPath = strings.TrimPrefix(u.RawPath, schemaRegistryPrefix)
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	r2.URL = &u
	s.schemas.handler.ServeHTTP(rw, r2)
	return true
}
