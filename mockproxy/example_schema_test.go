package mockproxy_test

import (
	"fmt"

	"github.com/kafkarestmock/kafkarestmock/mockproxy"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

// ExampleServer_SchemaRegistry registers an Avro schema in the embedded
// registry from Go, produces with its id through API v2, and reads the
// registry over HTTP under /schema-registry/ (in memory here, so this also
// works inside testing/synctest).
func ExampleServer_SchemaRegistry() {
	t := &exampleTB{}
	defer t.finish()
	srv := mockproxy.NewServer(t, mockproxy.WithoutListener(), mockproxy.WithTopic("orders", 1))
	id, _, err := srv.SchemaRegistry().Register("orders-value", schemareg.Schema{
		Text: `{"type":"record","name":"Order","fields":[{"name":"id","type":"long"},{"name":"note","type":["null","string"]}]}`,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	call(srv.Client(), "POST", srv.URL()+"/topics/orders", "application/vnd.kafka.avro.v2+json",
		fmt.Sprintf(`{"value_schema_id":%d,"records":[{"value":{"id":7,"note":{"string":"rush"}}}]}`, id))
	call(srv.Client(), "POST", srv.URL()+"/topics/orders", "application/vnd.kafka.avro.v2+json",
		fmt.Sprintf(`{"value_schema_id":%d,"records":[{"value":{"id":8,"note":"rush"}}]}`, id))
	call(srv.Client(), "GET", srv.SchemaRegistryURL()+"/subjects", "", "")
	// Output:
	// 200 {"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":1}
	// 400 {"error_code":400,"message":"Bad Request: Expected start-union. Got VALUE_STRING"}
	// 200 ["orders-value"]
}
