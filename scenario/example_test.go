package scenario_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/scenario"
)

func ExampleSet_Decide() {
	s := scenario.NewSet()
	// Let the first produce to orders through, then fail the next two.
	h, err := s.Add(scenario.Fault{
		Name:       "leader moves twice",
		Match:      scenario.Match{Method: "POST", Route: "/topics/{topic}", Topic: "orders"},
		KafkaError: "NOT_LEADER_FOR_PARTITION",
		After:      1,
		Times:      2,
	})
	if err != nil {
		panic(err)
	}

	req := scenario.Request{Method: "POST", Route: "/topics/{topic}", API: "v2", Topic: "orders"}
	for i := 1; i <= 4; i++ {
		f, ok := s.Decide(req)
		if !ok {
			fmt.Printf("request %d: answered normally\n", i)
			continue
		}
		e, _ := scenario.LookupKafkaError(f.Fault.KafkaError)
		fmt.Printf("request %d: rule %s fires %s (code %d, retriable %v)\n", i, f.ID, e.Name, e.Code, e.Retriable)
	}
	fmt.Println("hits:", h.Hits(), "rules left:", len(s.List()))
	fmt.Println(h.Wait(context.Background(), 2)) // already reached: returns at once
	// Output:
	// request 1: answered normally
	// request 2: rule 1 fires NOT_LEADER_OR_FOLLOWER (code 6, retriable true)
	// request 3: rule 1 fires NOT_LEADER_OR_FOLLOWER (code 6, retriable true)
	// request 4: answered normally
	// hits: 2 rules left: 0
	// <nil>
}

func ExampleLoad() {
	const file = `{"faults": [
  {"name": "slow reads", "match": {"method": "GET", "route": "/consumers/{group}/instances/{instance}/records", "group": "g1"}, "delay_ms": 200},
  {"name": "rebalance", "match": {"api": "v2", "group": "g1"}, "empty_polls": 3}
]}`
	faults, err := scenario.Load(strings.NewReader(file))
	if err != nil {
		panic(err)
	}
	for _, f := range faults {
		fmt.Printf("%s: delay %dms, %d empty polls\n", f.Name, f.DelayMS, f.EmptyPolls)
	}

	_, err = scenario.Load(strings.NewReader(`{"faults": [{"kafka_error": "FOO"}]}`))
	fmt.Println(err)
	_, err = scenario.Load(strings.NewReader(`{"faults": [{"match": {"partition": "0"}, "delay_ms": 5}]}`))
	fmt.Println(err)
	_, err = scenario.Load(strings.NewReader("{\"faults\": [\n  {\"delay_ms\": 5,}\n]}"))
	fmt.Println(err)
	// Output:
	// slow reads: delay 200ms, 0 empty polls
	// rebalance: delay 0ms, 3 empty polls
	// faults[0].kafka_error: unknown Kafka error "FOO"
	// faults[0].match.partition: want an integer
	// 2:18: invalid character '}' looking for beginning of object key string
}

func ExampleLookupKafkaError() {
	e, ok := scenario.LookupKafkaError("not_leader_for_partition")
	fmt.Println(ok, e.Name, e.Code, e.Retriable, e.Class, e.Kind)
	e, _ = scenario.LookupKafkaError("UNKNOWN_TOPIC_OR_PARTITION")
	fmt.Println(e.Message)
	// Output:
	// true NOT_LEADER_OR_FOLLOWER 6 true retriable kafka
	// This server does not host this topic-partition.
}
