package mockproxy

// What every API v3 family shares: the one cluster the server serves,
// the URLs and CRNs its resources carry, and their metadata objects
// (v3-and-schemas.md §1.2; reference §3.3). Each family lives in its own
// file v3_<family>.go and is registered by one line of routes_v3.go.

import (
	"net/http"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/internal/media"
)

// DefaultClusterID is the v3 cluster id when WithClusterID is not given:
// 22 characters of the URL-safe base64 alphabet, the shape of a real
// Kafka cluster id, and readable as the mock's.
const DefaultClusterID = "kafkarestmock-cluster0"

// ClusterID returns the id of the cluster API v3 serves.
func (s *Server) ClusterID() string { return s.cfg.clusterID }

// v3Endpoint is a v3 resource method: application/json out, and in when
// it takes a body (consumes true).
func v3Endpoint(name string, consumes bool, h func(*Server, *call) error) *endpoint {
	ep := &endpoint{api: apiV3, name: name, produces: offers(1, media.JSON), handle: h}
	if consumes {
		ep.consumes = offers(1, media.JSON)
	}
	return ep
}

// authority is the scheme and host:port of the server's URLs in answers
// to r: r's scheme, and the host of the first advertised listener with
// that scheme, else r's Host.
func (s *Server) authority(r *http.Request) (scheme, host string) {
	scheme = "http"
	if r.TLS != nil {
		scheme = "https"
	}
	for _, u := range s.cfg.advertised {
		if u.Scheme == scheme {
			return scheme, u.Host
		}
	}
	return scheme, r.Host
}

// v3URL is the absolute URL of a v3 resource as kafka-rest's UrlFactory
// builds it: the request's scheme and Host, then segs appended as they
// are (not percent-encoded), empty ones dropped.
func (c *call) v3URL(segs ...string) string {
	var b strings.Builder
	scheme, host := c.s.authority(c.r)
	b.WriteString(scheme)
	b.WriteString("://")
	b.WriteString(host)
	for _, s := range segs {
		s = strings.Trim(s, "/")
		if s == "" {
			continue
		}
		b.WriteByte('/')
		b.WriteString(s)
	}
	return b.String()
}

// clusterURL is v3URL under /v3/clusters/<the cluster id>.
func (c *call) clusterURL(segs ...string) string {
	return c.v3URL(append([]string{"v3", "clusters", c.s.cfg.clusterID}, segs...)...)
}

// crn is a Confluent resource name with the default (empty) authority:
// crn:///type=id/type=id…, from alternating types and ids; a type
// without an id at the end is written alone.
func crn(typeIDs ...string) string {
	var b strings.Builder
	b.WriteString("crn://")
	for i := 0; i < len(typeIDs); i += 2 {
		b.WriteByte('/')
		b.WriteString(typeIDs[i])
		if i+1 < len(typeIDs) {
			b.WriteByte('=')
			b.WriteString(typeIDs[i+1])
		}
	}
	return b.String()
}

// clusterCRN is crn under kafka=<the cluster id>.
func (c *call) clusterCRN(typeIDs ...string) string {
	return crn(append([]string{"kafka", c.s.cfg.clusterID}, typeIDs...)...)
}

// checkCluster answers a path's {cluster_id} other than the server's as
// the managers of most families do.
func (c *call) checkCluster() error {
	if id := c.vars["cluster_id"]; id != c.s.cfg.clusterID {
		return errClusterNotFound(id)
	}
	return nil
}

// resourceMeta is a v3 resource's metadata: {"self":…,"resource_name":…},
// resource_name left out when empty.
type resourceMeta struct {
	Self         string
	ResourceName string
}

func (m resourceMeta) appendJSON(b []byte) []byte {
	b = append(b, `{"self":`...)
	b = appendJSONString(b, m.Self)
	if m.ResourceName != "" {
		b = append(b, `,"resource_name":`...)
		b = appendJSONString(b, m.ResourceName)
	}
	return append(b, '}')
}

// collectionMeta is a v3 collection's metadata: {"self":…,"next":null};
// kafka-rest never pages.
type collectionMeta struct {
	Self string
}

func (m collectionMeta) appendJSON(b []byte) []byte {
	b = append(b, `{"self":`...)
	b = appendJSONString(b, m.Self)
	return append(b, `,"next":null}`...)
}

// related is a v3 relationship, {"related":<URL>}.
type related string

func (r related) appendJSON(b []byte) []byte {
	b = append(b, `{"related":`...)
	b = appendJSONString(b, string(r))
	return append(b, '}')
}

// v3List is a v3 collection: {"kind":…,"metadata":…,"data":[…]}.
type v3List[T jsonBody] struct {
	Kind string
	Meta collectionMeta
	Data jsonArray[T]
}

func (l v3List[T]) appendJSON(b []byte) []byte {
	b = append(b, `{"kind":`...)
	b = appendJSONString(b, l.Kind)
	b = append(b, `,"metadata":`...)
	b = l.Meta.appendJSON(b)
	b = append(b, `,"data":`...)
	b = l.Data.appendJSON(b)
	return append(b, '}')
}

// appendV3Head appends the opening of a v3 resource, up to its metadata:
// {"kind":…,"metadata":{…}.
func appendV3Head(b []byte, kind string, meta resourceMeta) []byte {
	b = append(b, `{"kind":`...)
	b = appendJSONString(b, kind)
	b = append(b, `,"metadata":`...)
	return meta.appendJSON(b)
}

// appendField appends ,"name":<body>.
func appendField(b []byte, name string, v jsonBody) []byte {
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return v.appendJSON(b)
}
