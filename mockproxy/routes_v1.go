package mockproxy

import (
	"net/http"

	"github.com/kafkarestmock/kafkarestmock/internal/media"
)

// registerV1 adds the API v1 resource methods of Confluent 5.5.15, with
// their media types and weights. v1 also answers the generic types
// application/vnd.kafka+json, application/json and
// application/octet-stream.
func (rb routeBuilder) registerV1(add func(method, path string, eps ...*endpoint)) {
	generic := offers(1, media.V1, media.KafkaJSON, media.JSON, media.OctetStream)
	plain := join(offers(0.9, media.V1), offers(0.8, media.KafkaJSON), offers(0.5, media.JSON))
	partitions := join(offers(0.1, media.V1Binary, media.V1Avro), plain)
	ep := func(name string, consumes, produces []media.Offer, h func(*Server, *call) error) *endpoint {
		return &endpoint{api: apiV1, name: name, consumes: consumes, produces: produces, handle: h}
	}
	add(http.MethodGet, "/", ep("get", generic, plain, (*Server).root))
	add(http.MethodPost, "/", ep("post", generic, plain, (*Server).rootPost))
	add(http.MethodGet, "/brokers", ep("list", nil, plain, (*Server).listBrokers))
	add(http.MethodGet, "/topics", ep("list", generic, plain, (*Server).listTopics))
	add(http.MethodGet, "/topics/{topic}", ep("getTopic", generic, plain, (*Server).getTopic))
	add(http.MethodGet, "/topics/{topic}/partitions", ep("list", generic, partitions, (*Server).listPartitions))
	add(http.MethodGet, "/topics/{topic}/partitions/{partition}", ep("getPartition", generic, partitions, (*Server).getPartition))

	// The high-level consumer's methods.
	cConsumes := join(offers(1, media.V1Binary, media.V1Avro, media.V1JSON), generic)
	cProduces := join(offers(0.1, media.V1Binary, media.V1Avro, media.V1JSON), plain)

	// Produce, the simple consumer and the high-level consumer's read: one
	// method per embedded format v1 has, chosen by media type. The default
	// format's methods also take the generic types; the others' reads have
	// a low weight.
	toTopic := func(s *Server, c *call) error { return s.produce(c, false) }
	toPartition := func(s *Server, c *call) error { return s.produce(c, true) }
	var topicEps, partitionEps, msgEps, readEps []*endpoint
	for i, f := range rb.cfg.formats {
		m, mt := f.methods(apiV1), f.mediaType(apiV1)
		if mt == "" {
			continue
		}
		consumes, produces := offers(1, mt), offers(0.1, mt)
		if i == 0 {
			consumes, produces = join(offers(1, mt), generic), join(offers(1, mt), plain)
		}
		prod := func(produces []media.Offer, h func(*Server, *call) error) *endpoint {
			return &endpoint{api: apiV1, name: m.produce, format: f, consumes: consumes, produces: produces, handle: h, perRecord: true}
		}
		topicEps = append(topicEps, prod(plain, toTopic))
		partitionEps = append(partitionEps, prod(partitions, toPartition))
		if m.consume != "" {
			msgEps = append(msgEps, &endpoint{api: apiV1, name: m.consume, format: f, consumes: generic, produces: produces, handle: (*Server).v1Messages, fetchErrors: true})
		}
		readEps = append(readEps, &endpoint{api: apiV1, name: m.read, format: f, consumes: cConsumes, produces: produces, handle: (*Server).v1ReadTopic})
	}
	add(http.MethodPost, "/topics/{topic}", topicEps...)
	add(http.MethodPost, "/topics/{topic}/partitions/{partition}", partitionEps...)
	add(http.MethodGet, "/topics/{topic}/partitions/{partition}/messages", msgEps...)

	cep := func(name string, h func(*Server, *call) error) *endpoint {
		return &endpoint{api: apiV1, name: name, consumes: cConsumes, produces: cProduces, handle: h}
	}
	const inst = "/consumers/{group}/instances/{instance}"
	add(http.MethodPost, "/consumers/{group}", cep("createGroup", (*Server).createConsumer))
	add(http.MethodPost, inst+"/offsets", cep("commitOffsets", (*Server).v1Commit))
	add(http.MethodDelete, inst, cep("deleteGroup", (*Server).deleteConsumer))
	add(http.MethodGet, inst+"/topics/{topic}", readEps...)
}
