package mockproxy

import (
	"github.com/kafkarestmock/kafkarestmock/fakelog"
	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// format is an embedded format: how the keys and values of produce
// requests and of consumer reads are written in JSON, as Confluent's
// EmbeddedFormat names them. Its produce and read methods are routed by its
// media types; a server's formats are listed in its formatTable.
type format interface {
	// name is the format's name in a consumer's create body, lower case.
	name() string
	// mediaType is the Content-Type of the format's produce requests and
	// the Accept type of its reads in api, or "" when api lacks the format.
	mediaType(api apiVersion) string
	// methods names the real proxy's resource methods of the format in
	// api, which validation messages quote.
	methods(api apiVersion) javaMethods
	// entity is the format's part of the name of a 5.x produce entity
	// class in api: Binary for BinaryTopicProduceRequest.
	entity(api apiVersion) string
	// stateClass names the real proxy's consumer state class of the
	// format: a read in another class is refused.
	stateClass() string
	// schema reports whether the format needs a schema registry.
	schema() bool
	// decode turns a produce record's non-null key or value (which says
	// which) into the bytes Kafka stores.
	decode(v jsonv.Value, st *produceStyle, which string) ([]byte, error)
	// check fails when a polled key or value of recs cannot be read in the
	// format, with the deserializer's error; st is the server's registry.
	check(st *schemaStore, recs []fakelog.Record) error
	// appendPayload appends a stored non-nil key or value to a read's
	// response, as JSON.
	appendPayload(st *schemaStore, b, data []byte) ([]byte, error)
}

// javaMethods names the resource methods of a format in one API version;
// a method the version lacks is "".
type javaMethods struct {
	produce string // POST /topics/{topic} and .../partitions/{partition}
	read    string // a consumer instance's read
	consume string // v1's simple consumer, GET .../partitions/{partition}/messages
}

// formatSpec is what the registration table says of a format: its name,
// its media types and the suffix of its Java method names. Formats embed
// it for the methods that follow from those.
type formatSpec struct {
	id     string // name in a consumer's create body
	java   string // suffix of the Java method names: produceBinary
	v1, v2 string // media types per API version; "" where the version lacks the format
	simple bool   // served by v1's simple consumer
}

func (sp formatSpec) name() string { return sp.id }

func (sp formatSpec) mediaType(api apiVersion) string {
	switch api {
	case apiV1:
		return sp.v1
	case apiV2:
		return sp.v2
	}
	return ""
}

func (sp formatSpec) methods(api apiVersion) javaMethods {
	switch {
	case sp.mediaType(api) == "":
		return javaMethods{}
	case api == apiV1:
		m := javaMethods{produce: "produce" + sp.java, read: "readTopic" + sp.java}
		if sp.simple {
			m.consume = "consume" + sp.java
		}
		return m
	}
	return javaMethods{produce: "produce" + sp.java, read: "readRecord" + sp.java}
}

func (sp formatSpec) entity(apiVersion) string { return sp.java }

func (sp formatSpec) stateClass() string { return sp.id }

func (sp formatSpec) schema() bool { return false }
