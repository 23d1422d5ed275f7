package seed_test

import (
	"fmt"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/seed"
)

func Example() {
	sd, err := seed.Load(strings.NewReader(`{
	  "topics": [
	    {"name": "orders", "partitions": 3, "records": [{"key": "order-1001", "value": {"total": 19.0}}]},
	    {"name": "payments"}
	  ],
	  "groups": [{"name": "billing", "offsets": [{"topic": "orders", "partition": 0, "offset": 1}]}]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sd.Topics())

	_, err = seed.Load(strings.NewReader(`{"topics": [{"name": "orders", "partiton": 3}]}`))
	fmt.Println(err)
	// Output:
	// [orders payments]
	// topics[0]: unknown field "partiton" (did you mean "partitions"?)
}
