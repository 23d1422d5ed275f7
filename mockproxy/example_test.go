package mockproxy_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// ExampleNew starts a mock with a topic of three partitions, produces a
// keyed record over HTTP as a REST Proxy client would, and reads it back
// from the log. In a test, mockproxy.NewServer(t, ...) does the first three
// steps and registers Close with t.Cleanup.
func ExampleNew() {
	srv, err := mockproxy.New(mockproxy.WithTopic("orders", 3))
	if err != nil {
		panic(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		panic(err)
	}
	defer srv.Close()

	resp, err := srv.Client().Post(srv.URL()+"/topics/orders",
		"application/vnd.kafka.binary.v2+json",
		strings.NewReader(`{"records":[{"key":"a2V5","value":"aGk="}]}`))
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"))
	fmt.Println(string(body))

	recs, _ := srv.Log().Read("orders", 1, 0, 0)
	fmt.Printf("%s=%s\n", recs[0].Key, recs[0].Value)
	// Output:
	// 200 application/vnd.kafka.v2+json
	// {"offsets":[{"partition":1,"offset":0,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}
	// key=hi
}
