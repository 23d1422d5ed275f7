package avrojson_test

import (
	"fmt"

	"github.com/hamba/avro/v2"
	"github.com/kafkarestmock/kafkarestmock/internal/avrojson"
)

func Example() {
	schema := avro.MustParse(`{"type":"record","name":"User","namespace":"com.ex","fields":[
		{"name":"id","type":"int"},{"name":"email","type":["null","string"]}]}`)
	codec, err := avrojson.NewCodec(schema)
	if err != nil {
		panic(err)
	}
	bin, err := codec.AppendDecode(nil, []byte(`{"email":{"string":"a@x"},"id":1}`))
	fmt.Printf("%x %v\n", bin, err)
	out, err := codec.AppendEncode(nil, bin)
	fmt.Printf("%s %v\n", out, err)
	_, err = codec.AppendDecode(nil, []byte(`{"id":1,"email":"a@x"}`))
	fmt.Println(err)
	// Output:
	// 020206614078 <nil>
	// {"id":1,"email":{"string":"a@x"}} <nil>
	// Expected start-union. Got VALUE_STRING
}
