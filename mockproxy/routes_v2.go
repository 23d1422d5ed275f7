package mockproxy

import (
	"net/http"

	"github.com/kafkarestmock/kafkarestmock/internal/media"
)

// registerV2 adds the API v2 resource methods with the media types and
// weights of the emulated version: current Confluent (Versions.java on
// master) or, in the legacy profile, 5.5.
func (rb routeBuilder) registerV2(add func(method, path string, eps ...*endpoint)) {
	legacy := rb.dialect[apiV2].legacy
	v2 := offers(1, media.V2)
	v2w := offers(0.9, media.V2)
	ep := func(name string, consumes, produces []media.Offer, h func(*Server, *call) error) *endpoint {
		return &endpoint{api: apiV2, name: name, consumes: consumes, produces: produces, handle: h}
	}

	add(http.MethodGet, "/", ep("get", v2, v2w, (*Server).root))
	add(http.MethodPost, "/", ep("post", v2, v2w, (*Server).rootPost))
	add(http.MethodGet, "/brokers", ep("list", nil, v2w, (*Server).listBrokers))

	topicsProduces := v2
	partitionsProduces := v2
	if legacy {
		topicsProduces = v2w
		partitionsProduces = join(offers(0.1, media.V2Binary, media.V2Avro, media.V2JSONSch, media.V2Protobuf), v2w)
	}
	add(http.MethodGet, "/topics", ep("list", v2, topicsProduces, (*Server).listTopics))
	add(http.MethodGet, "/topics/{topic}", ep("getTopic", v2, topicsProduces, (*Server).getTopic))
	add(http.MethodGet, "/topics/{topic}/partitions", ep("list", v2, partitionsProduces, (*Server).listPartitions))
	add(http.MethodGet, "/topics/{topic}/partitions/{partition}", ep("getPartition", v2, partitionsProduces, (*Server).getPartition))
	add(http.MethodGet, "/topics/{topic}/partitions/{partition}/offsets", ep("getOffsets", v2, partitionsProduces, (*Server).partitionOffsets))

	// Produce: one method per embedded format, chosen by Content-Type.
	toTopic := func(s *Server, c *call) error { return s.produce(c, false) }
	toPartition := func(s *Server, c *call) error { return s.produce(c, true) }
	rb.registerV2Consumers(add)
	// Weights: 5.5 declares every format's own type at qs 1 (and the
	// default format to /topics/{topic} also takes plain v2); current
	// servers only the default format, the others at 0.1.
	topicProduces, partitionProduces := v2, v2
	if legacy {
		topicProduces, partitionProduces = v2w, partitionsProduces
	}
	var topicEps, partitionEps []*endpoint
	for i, f := range rb.cfg.formats {
		name, mt := f.methods(apiV2).produce, f.mediaType(apiV2)
		if mt == "" {
			continue
		}
		qs := 0.1
		if legacy || i == 0 {
			qs = 1
		}
		topicConsumes := offers(qs, mt)
		if legacy && i == 0 {
			topicConsumes = offers(1, mt, media.V2)
		}
		topicEps = append(topicEps, &endpoint{api: apiV2, name: name, format: f,
			consumes: topicConsumes, produces: topicProduces, handle: toTopic, perRecord: true})
		partitionEps = append(partitionEps, &endpoint{api: apiV2, name: name, format: f,
			consumes: offers(qs, mt), produces: partitionProduces, handle: toPartition, perRecord: true})
	}
	add(http.MethodPost, "/topics/{topic}", topicEps...)
	add(http.MethodPost, "/topics/{topic}/partitions/{partition}", partitionEps...)
}

// registerV2Consumers adds the v2 ConsumersResource methods.
func (rb routeBuilder) registerV2Consumers(add func(method, path string, eps ...*endpoint)) {
	consumes := offers(1, media.V2Binary, media.V2Avro, media.V2JSON, media.V2JSONSch, media.V2Protobuf, media.V2)
	produces := join(offers(0.1, media.V2Binary, media.V2Avro, media.V2JSON, media.V2JSONSch, media.V2Protobuf), offers(0.9, media.V2))
	ep := func(name string, h func(*Server, *call) error) *endpoint {
		return &endpoint{api: apiV2, name: name, consumes: consumes, produces: produces, handle: h}
	}
	const inst = "/consumers/{group}/instances/{instance}"
	add(http.MethodPost, "/consumers/{group}", ep("createGroup", (*Server).createConsumer))
	add(http.MethodDelete, inst, ep("deleteGroup", (*Server).deleteConsumer))
	add(http.MethodPost, inst+"/subscription", ep("subscribe", (*Server).subscribe))
	add(http.MethodGet, inst+"/subscription", ep("subscription", (*Server).getSubscription))
	add(http.MethodDelete, inst+"/subscription", ep("unsubscribe", (*Server).unsubscribe))
	add(http.MethodPost, inst+"/assignments", ep("assign", (*Server).assign))
	add(http.MethodGet, inst+"/assignments", ep("assignment", (*Server).getAssignments))
	add(http.MethodPost, inst+"/positions", ep("seekToOffset", (*Server).seek))
	add(http.MethodPost, inst+"/positions/beginning", ep("seekToBeginning", func(s *Server, c *call) error { return s.seekTo(c, false) }))
	add(http.MethodPost, inst+"/positions/end", ep("seekToEnd", func(s *Server, c *call) error { return s.seekTo(c, true) }))
	add(http.MethodPost, inst+"/offsets", ep("commitOffsets", (*Server).commitOffsets))
	add(http.MethodGet, inst+"/offsets", ep("committedOffsets", (*Server).committedOffsets))

	readQS := 0.1
	if rb.dialect[apiV2].legacy {
		readQS = 1
	}
	// Reads: one method per embedded format, chosen by Accept; the default
	// format's also produces plain v2.
	var reads []*endpoint
	for i, f := range rb.cfg.formats {
		name, mt := f.methods(apiV2).read, f.mediaType(apiV2)
		if mt == "" {
			continue
		}
		produces := offers(readQS, mt)
		if i == 0 {
			produces = join(offers(1, mt), offers(0.9, media.V2))
		}
		reads = append(reads, &endpoint{api: apiV2, name: name, format: f, consumes: consumes, produces: produces, handle: (*Server).readRecords})
	}
	add(http.MethodGet, inst+"/records", reads...)
}
