// Package scenario holds fault-injection rules for the REST Proxy mock:
// which requests a rule selects, what it does to them, and how often. It
// knows nothing about HTTP; package mockproxy asks a [Set] about each
// request and applies the [Firing] it gets back.
//
// Quick start:
//
//	s := scenario.NewSet()
//	h, _ := s.Add(scenario.Fault{
//		Match:      scenario.Match{Method: "POST", Route: "/topics/{topic}", Topic: "orders"},
//		KafkaError: "NOT_LEADER_FOR_PARTITION",
//		Times:      2, // fail twice, then retire
//	})
//	f, ok := s.Decide(scenario.Request{Method: "POST", Route: "/topics/{topic}", API: "v2", Topic: "orders"})
//	fmt.Println(ok, f.Fault.KafkaError, h.Hits()) // true NOT_LEADER_FOR_PARTITION 1
//
// Rules also come from scenario files, {"faults": [...]}, read by [Load]
// and [LoadFile]; the JSON field names are those of [Fault].
//
// A rule selects requests by their route template as the server
// registered it and by their path variables ([NewRequest]): its topic,
// partition, group and instance whatever the route's placeholder names
// ({topic} or v3's {topic_name}, …), and any variable by its name
// ([Match.Params]). It has exactly one effect, set by one field of
// [Fault] and returned by [Fault.Effect] as one of the [Effect] types;
// [Effects] lists their names.
//
// The error table ([LookupKafkaError], [KafkaErrors]) lists the Kafka
// errors, and a few of the proxy's own, that a rule can name, with Kafka's
// numeric codes, default messages and retriability.
//
// A [Set] and its handles are safe for concurrent use. Nothing in the
// package is global: two Sets never share state.
package scenario
