package mockproxy

import (
	"net/http"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/internal/buildinfo"
)

// adminInfoBody is GET /_mock/info: what a client needs to find the mock's
// parts. Absent parts are JSON null.
type adminInfoBody struct {
	Version           string  `json:"version"`
	Profile           string  `json:"profile"`
	Backend           string  `json:"backend"`
	ClusterID         string  `json:"cluster_id"`
	RESTURL           string  `json:"rest_url"`
	SchemaRegistryURL *string `json:"schema_registry_url"`
	KafkaBootstrap    *string `json:"kafka_bootstrap"`
}

// info describes the server: its version, profile, backend, cluster id
// and the addresses of its REST API and of the Kafka cluster behind it.
func (s *Server) info() adminInfoBody {
	d := backend.Description{Kind: "memory"}
	if bd, ok := s.be.(backend.Describer); ok {
		d = bd.Describe()
	}
	body := adminInfoBody{
		Version:   buildinfo.Version(),
		Profile:   s.cfg.profile.String(),
		Backend:   d.Kind,
		ClusterID: s.cfg.clusterID,
		RESTURL:   s.URL(),
	}
	if u := s.SchemaRegistryURL(); u != "" {
		body.SchemaRegistryURL = &u
	}
	if len(d.Bootstrap) > 0 {
		b := strings.Join(d.Bootstrap, ",")
		body.KafkaBootstrap = &b
	}
	return body
}

// adminInfo answers GET /_mock/info.
func (s *Server) adminInfo(w http.ResponseWriter, r *http.Request) {
	writeAdminJSON(w, http.StatusOK, s.info())
}
