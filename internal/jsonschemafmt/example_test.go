package jsonschemafmt_test

import (
	"fmt"

	"github.com/kafkarestmock/kafkarestmock/internal/jsonschemafmt"
)

func Example() {
	s, err := jsonschemafmt.Compile(`{"title":"Person","type":"object","properties":{"age":{"type":"integer"}},"required":["name"]}`, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(s.Title())
	fmt.Println(jsonschemafmt.Validate(s, []byte(`{"age":"x"}`)))
	fmt.Println(jsonschemafmt.Validate(s, []byte(`{"name":"Ann","age":"x"}`)))
	payload, _ := jsonschemafmt.Canonical([]byte(`{ "name": "Ann", "age": 30 }`))
	fmt.Println(string(payload))
	// Output:
	// Person
	// #: 2 schema violations found
	// #/age: expected type: Integer, found: String
	// {"name":"Ann","age":30}
}
