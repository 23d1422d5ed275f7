package schemareg_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/schemareg"
)

func Example() {
	reg := schemareg.New()
	id, version, err := reg.Register("orders-value", schemareg.Schema{Text: `{"type": "string"}`})
	fmt.Println(id, version, err)

	s, _ := reg.SchemaByID(id)
	fmt.Println(s.Type, s.Text)

	_, _, err = reg.Register("orders-value", schemareg.Schema{Text: `"int"`})
	fmt.Println(err.(*schemareg.Error).Code)

	// The same registry over HTTP, mounted under a prefix.
	mux := http.NewServeMux()
	mux.Handle("/schema-registry/", http.StripPrefix("/schema-registry", reg.Handler()))
	req := httptest.NewRequest("GET", "/schema-registry/subjects/orders-value/versions/latest", strings.NewReader(""))
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	fmt.Println(rec.Header().Get("Content-Type"))
	fmt.Println(rec.Body)
	// Output:
	// 1 1 <nil>
	// AVRO "string"
	// 40901
	// application/vnd.schemaregistry.v1+json
	// {"subject":"orders-value","version":1,"id":1,"schemaType":"AVRO","schema":"\"string\""}
}
