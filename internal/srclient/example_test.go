package srclient_test

import (
	"fmt"
	"net/http/httptest"

	"github.com/kafkarestmock/kafkarestmock/internal/srclient"
	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

func Example() {
	// A registry to talk to: here the embedded one, served over HTTP.
	srv := httptest.NewServer(schemareg.New().Handler())
	defer srv.Close()

	cl, err := srclient.New(srv.URL, srv.Client())
	if err != nil {
		panic(err)
	}
	id, version, err := cl.Register("orders-value", schemareg.Schema{Text: `{"type": "string"}`})
	fmt.Println(id, version, err)

	sv, err := cl.Lookup("orders-value", schemareg.Schema{Text: `"string"`})
	fmt.Println(sv.Subject, sv.Version, sv.ID, sv.Schema.Type, sv.Schema.Text, err)

	_, err = cl.Version("orders-value", 2)
	fmt.Println(err, err.(*schemareg.Error).Status)

	_, _, err = cl.Register("orders-value", schemareg.Schema{Text: `"int"`})
	fmt.Println(err.(*schemareg.Error).Code)
	// Output:
	// 1 1 <nil>
	// orders-value 1 1 AVRO "string" <nil>
	// Version 2 not found.; error code: 40402 404
	// 40901
}
