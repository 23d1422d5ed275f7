// Package seed reads seed files: the schemas, topics, records and consumer
// groups' committed offsets a mock starts from (the binary's --seed,
// mockproxy.WithSeedFile and WithSeed, loaded again at every reset). [Load]
// and [LoadFile] parse and check a file into a [Seed]; [Seed.Apply]
// writes it to a log (a *fakelog.Log or a backend.Backend) through the
// log's own CreateTopic, Produce and CommitOffsets, the code the REST
// handlers use, and its schemas to a registry through a [SchemaTarget].
// The package knows nothing about HTTP.
//
// A seed file is one JSON object (YAML is not read). Every field is
// optional; an unknown field is an error naming where it is and
// suggesting the name it resembles:
//
//	{
//	  "description": "free text, ignored",
//	  "topics": [
//	    {
//	      "name": "orders",
//	      "partitions": 3,
//	      "configs": {"cleanup.policy": "delete", "retention.records": 1000},
//	      "records": [
//	        {"key": "order-1001", "value": {"order_id": "order-1001", "total": 19.0},
//	         "headers": {"source": "web-shop", "trace-id": null},
//	         "timestamp": "2024-05-01T09:00:00Z"},
//	        {"partition": 2, "key_base64": "AAH/", "value": "plain text, stored without quotes"}
//	      ]
//	    }
//	  ],
//	  "groups": [
//	    {"name": "billing", "offsets": [{"topic": "orders", "partition": 0, "offset": 1, "metadata": ""}]}
//	  ]
//	}
//
// With a schema registry (mockproxy's embedded one), schemas and records
// whose key or value is data of a schema:
//
//	{
//	  "schemas": [
//	    {"subject": "users-value", "schemaType": "AVRO",
//	     "schema": {"type": "record", "name": "User", "fields": [{"name": "name", "type": "string"}]}},
//	    {"subject": "users-key", "schema": "\"string\""}
//	  ],
//	  "topics": [
//	    {"name": "users", "records": [
//	      {"key_schema_subject": "users-key", "key_avro": "u1",
//	       "value_schema_id": 1, "value_avro": {"name": "Ann"}}
//	    ]}
//	  ]
//	}
//
// The fields:
//
//   - topics[].name: required; Kafka's topic name rules (1 to 249
//     characters of a-z, A-Z, 0-9, '.', '_' and '-', not "." or "..").
//   - topics[].partitions: default 1.
//   - topics[].configs: topic configs; values are strings, numbers or
//     booleans. retention.bytes and retention.records apply; the others
//     are stored and reported.
//   - records[].partition: the partition; absent: the one Kafka's
//     producer picks for the key (murmur2), round-robin for a null key.
//   - records[].key, records[].value: a string is stored as its UTF-8
//     text, without quotes; any other JSON value (object, array, number,
//     boolean) as compact JSON.
//   - records[].key_json, records[].value_json: any JSON value, stored as
//     compact JSON even when it is a string ("k1" keeps its quotes), which
//     is what the REST Proxy's json embedded format stores.
//   - records[].key_base64, records[].value_base64: bytes in standard
//     base64 (padding optional).
//   - At most one form each for the key and the value; none, or null, is
//     Kafka's null.
//   - schemas[]: registered in file order before the topics are created,
//     as POST /subjects/{subject}/versions registers them, so a fresh
//     registry gives them ids 1, 2, ... (the same schema again keeps its
//     id; a subject given twice gets a second version, which must pass the
//     subject's compatibility check).
//   - schemas[].subject: required; TopicNameStrategy's is
//     "<topic>-value" or "<topic>-key", the subject the REST Proxy uses.
//   - schemas[].schemaType: AVRO (the default), JSON or PROTOBUF.
//   - schemas[].schema: required; the schema's text as a string. An Avro
//     or JSON Schema document may also be given as JSON itself.
//   - schemas[].references: optional; name, subject and version of each
//     schema it references, registered before it.
//   - records[].key_schema_subject, records[].value_schema_subject: the
//     schema of the key's or value's data is the subject's latest
//     version; or records[].key_schema_id, records[].value_schema_id: the
//     schema with that global id.
//   - records[].key_avro, key_jsonschema, key_protobuf and value_avro,
//     value_jsonschema, value_protobuf: the data, as JSON, in the form
//     the REST Proxy's embedded format of that name takes (Avro unions as
//     {"int": 1}, Protobuf's JSON mapping), converted by the proxy's
//     serializers and stored in Confluent's wire format (magic byte 0,
//     the 4-byte schema id, Protobuf's message indexes, the payload). The
//     field must match the schema's type; null is Kafka's null. Each goes
//     with a schema subject or id, and counts as one of the key's or
//     value's forms.
//   - records[].headers: header names to text values (stored as UTF-8) or
//     null, in order.
//   - records[].timestamp: RFC 3339 ("2024-05-01T09:00:00Z") or
//     milliseconds since 1970; absent: the time of loading.
//   - groups[].name: a v2 consumer group.
//   - groups[].offsets[]: committed offsets: topic, partition, offset (the
//     next offset the group reads, as Kafka stores it), optional metadata.
//
// Schemas are registered first; records of one topic are appended in file
// order, topics are created and groups commit in file order.
//
// Errors name the field by its path:
// `topics[1].records[3].value_base64: not base64 (...)`,
// `topics[0]: unknown field "partiton" (did you mean "partitions"?)`,
// `groups[0].offsets[1].partition: topic "orders" has 3 partitions (0 to 2)`,
// and for JSON syntax `shop.json:4:17: invalid character '}' ...`. Only the
// first problem is reported. Problems that depend on the log or the
// registry (a topic that already exists, a committed offset for a topic
// that neither the seed nor the log has, a schema that does not parse, an
// unknown subject or id, data that does not fit its schema) are reported
// by Apply, named the same way:
// `schemas[0]: subject "users-value": Invalid schema of type AVRO, ...`,
// `topics[0].records[1].value_avro: does not fit schema 1: Expected int. Got VALUE_STRING`.
package seed
