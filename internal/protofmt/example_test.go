package protofmt_test

import (
	"fmt"

	"github.com/kafkarestmock/kafkarestmock/internal/protofmt"
)

func Example() {
	s, err := protofmt.Compile(`syntax = "proto3"; package shop; message Order { string order_id = 1; int64 cents = 2; }`, nil)
	if err != nil {
		panic(err)
	}
	m, _ := s.Default()
	bin, _ := protofmt.FromJSON(m, []byte(`{"order_id":"A1","cents":250}`))
	framed := protofmt.AppendIndexes(nil, m.Indexes())
	fmt.Printf("%x %x\n", framed, bin)
	out, _ := protofmt.ToJSON(m, bin)
	fmt.Println(string(out))
	_, err = protofmt.FromJSON(m, []byte(`{"total":1}`))
	fmt.Println(err)
	// Output:
	// 00 0a02413110fa01
	// {"orderId":"A1","cents":"250"}
	// Cannot find field: total in message shop.Order
}
