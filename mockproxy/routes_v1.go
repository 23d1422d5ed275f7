package mockproxy

import (
	"net/http"

	"github.com/kafkarestmock/kafkarestmock/internal/media"
)

// registerV1 adds the API v1 resource methods of Confluent 5.5.15, with
// their media types and weights. v1 also answers the generic types
// application/vnd.kafka+json, application/json and
// application/octet-stream.
func (s *Server) registerV1(add func(method, path string, eps ...*endpoint)) {
	generic := offers(1, media.V1, media.KafkaJSON, media.JSON, media.OctetStream)
	plain := join(offers(0.9, media.V1), offers(0.8, media.KafkaJSON), offers(0.5, media.JSON))
	partitions := join(offers(0.1, media.V1Binary, media.V1Avro), plain)
	ep := func(name string, consumes, produces []media.Offer, h func(*call) error) *endpoint {
		return &endpoint{api: apiV1, name: name, consumes: consumes, produces: produces, handle: h}
	}
	add(http.MethodGet, "/", ep("get", generic, plain, s.root))
	add(http.MethodPost, "/", ep("post", generic, plain, s.rootPost))
	add(http.MethodGet, "/brokers", ep("list", nil, plain, s.listBrokers))
	add(http.MethodGet, "/topics", ep("list", generic, plain, s.listTopics))
	add(http.MethodGet, "/topics/{topic}", ep("getTopic", generic, plain, s.getTopic))
	add(http.MethodGet, "/topics/{topic}/partitions", ep("list", generic, partitions, s.listPartitions))
	add(http.MethodGet, "/topics/{topic}/partitions/{partition}", ep("getPartition", generic, partitions, s.getPartition))

	binaryConsumes := join(offers(1, media.V1Binary), generic)
	prod := func(format string, consumes, produces []media.Offer, h func(*call) error) *endpoint {
		name := map[string]string{"binary": "produceBinary", "json": "produceJson", "avro": "produceAvro", "jsonschema": "produceJsonSchema", "protobuf": "produceProtobuf"}[format]
		return &endpoint{api: apiV1, name: name, format: format, consumes: consumes, produces: produces, handle: h, perRecord: true}
	}
	add(http.MethodPost, "/topics/{topic}",
		prod("binary", binaryConsumes, plain, func(c *call) error { return s.produce(c, false) }),
		prod("json", offers(1, media.V1JSON), plain, func(c *call) error { return s.produce(c, false) }),
		prod("avro", offers(1, media.V1Avro), plain, func(c *call) error { return s.produce(c, false) }))
	add(http.MethodPost, "/topics/{topic}/partitions/{partition}",
		prod("binary", binaryConsumes, partitions, func(c *call) error { return s.produce(c, true) }),
		prod("json", offers(1, media.V1JSON), partitions, func(c *call) error { return s.produce(c, true) }),
		prod("avro", offers(1, media.V1Avro), partitions, func(c *call) error { return s.produce(c, true) }))

	// The simple consumer: binary by default, json at a low weight.
	msg := func(name, format string, produces []media.Offer) *endpoint {
		return &endpoint{api: apiV1, name: name, format: format, consumes: generic, produces: produces, handle: s.v1Messages, fetchErrors: true}
	}
	add(http.MethodGet, "/topics/{topic}/partitions/{partition}/messages",
		msg("consumeBinary", "binary", join(offers(1, media.V1Binary), plain)),
		msg("consumeJson", "json", offers(0.1, media.V1JSON)))

	// The high-level consumer.
	cConsumes := join(offers(1, media.V1Binary, media.V1Avro, media.V1JSON), generic)
	cProduces := join(offers(0.1, media.V1Binary, media.V1Avro, media.V1JSON), plain)
	cep := func(name string, h func(*call) error) *endpoint {
		return &endpoint{api: apiV1, name: name, consumes: cConsumes, produces: cProduces, handle: h}
	}
	const inst = "/consumers/{group}/instances/{instance}"
	add(http.MethodPost, "/consumers/{group}", cep("createGroup", s.createConsumer))
	add(http.MethodPost, inst+"/offsets", cep("commitOffsets", s.v1Commit))
	add(http.MethodDelete, inst, cep("deleteGroup", s.deleteConsumer))
	read := func(name, format string, produces []media.Offer) *endpoint {
		return &endpoint{api: apiV1, name: name, format: format, consumes: cConsumes, produces: produces, handle: s.v1ReadTopic}
	}
	add(http.MethodGet, inst+"/topics/{topic}",
		read("readTopicBinary", "binary", join(offers(1, media.V1Binary), plain)),
		read("readTopicJson", "json", offers(0.1, media.V1JSON)),
		read("readTopicAvro", "avro", offers(0.1, media.V1Avro)))
}
