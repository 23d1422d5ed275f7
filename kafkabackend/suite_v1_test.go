package kafkabackend_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

func TestSuiteV1ProduceAndSimpleConsumer(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("test", 2), mockproxy.WithProfile(mockproxy.ProfileLegacy))
		resttest.Want(t, resttest.Do(t, srv, "POST", "/topics/test/partitions/0", `{"records":[{"value":"bTA="},{"key":"aw==","value":"bTE="},{"value":"bTI="}]}`, "Content-Type: "+ctV1B),
			http.StatusOK, ctV1, `{"offsets":[{"partition":0,"offset":0,"error_code":null,"error":null},{"partition":0,"offset":1,"error_code":null,"error":null},{"partition":0,"offset":2,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}`)
		msgs := "/topics/test/partitions/0/messages"
		resttest.Want(t, resttest.Do(t, srv, "GET", msgs+"?offset=1&count=2", "", "Accept: "+ctV1B), http.StatusOK, ctV1B,
			`[{"topic":"test","key":"aw==","value":"bTE=","partition":0,"offset":1},{"topic":"test","key":null,"value":"bTI=","partition":0,"offset":2}]`)
		resttest.Want(t, resttest.Do(t, srv, "GET", msgs+"?offset=3&count=2", "", "Accept: "+ctV1B), http.StatusOK, ctV1B, `[]`)
		resttest.Want(t, resttest.Do(t, srv, "GET", msgs+"?offset=4", "", "Accept: "+ctV1B), http.StatusInternalServerError, ctV1B,
			`{"error_code":50002,"message":"Kafka error: Fetch response contains an error code: 1"}`)
		resttest.Want(t, resttest.Do(t, srv, "GET", "/topics/test/partitions/5/messages?offset=0", "", "Accept: "+ctV1B), http.StatusNotFound, ctV1B,
			`{"error_code":40402,"message":"Partition not found."}`)
		resttest.Want(t, resttest.Do(t, srv, "GET", "/topics/nope/partitions/0/messages?offset=0", "", "Accept: "+ctV1B), http.StatusNotFound, ctV1B,
			`{"error_code":40401,"message":"Topic not found."}`)
	})
}

func TestSuiteV1HighLevelConsumer(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("test", 2), mockproxy.WithProfile(mockproxy.ProfileLegacy))
		resttest.Must(t, srv, 200, "POST", "/topics/test/partitions/1", `{"records":[{"value":"bjA="},{"value":"bjE="}]}`, "Content-Type: "+ctV1B)
		h := []string{"Content-Type: " + ctV1, "Accept: " + ctV1}
		resttest.Want(t, resttest.Do(t, srv, "POST", "/consumers/my_group", `{"id":"c1","format":"binary","auto.offset.reset":"smallest","auto.commit.enable":"false"}`, h...),
			http.StatusOK, ctV1, `{"instance_id":"c1","base_uri":"`+srv.URL()+`/consumers/my_group/instances/c1"}`)
		inst := "/consumers/my_group/instances/c1"
		type v1Record struct {
			Key       *string `json:"key"`
			Value     string  `json:"value"`
			Partition int32   `json:"partition"`
			Offset    int64   `json:"offset"`
		}
		var got []v1Record
		for len(got) < 2 {
			var recs []v1Record
			if err := json.Unmarshal(resttest.Must(t, srv, 200, "GET", inst+"/topics/test?max_bytes=1000000", "", "Accept: "+ctV1B).Body, &recs); err != nil {
				t.Fatal(err)
			}
			got = append(got, recs...)
		}
		if diff := cmp.Diff([]v1Record{{Value: "bjA=", Partition: 1}, {Value: "bjE=", Partition: 1, Offset: 1}}, got); diff != "" {
			t.Errorf("records (-want +got):\n%s", diff)
		}
		resttest.Want(t, resttest.Do(t, srv, "POST", inst+"/offsets", "", h...), http.StatusOK, ctV1,
			`[{"topic":"test","partition":1,"consumed":1,"committed":1}]`)
		resttest.Want(t, resttest.Do(t, srv, "DELETE", inst, "", h...), http.StatusNoContent, "", "")
		resttest.Want(t, resttest.Do(t, srv, "GET", inst+"/topics/test", "", "Accept: "+ctV1B), http.StatusNotFound, ctV1B,
			`{"error_code":40403,"message":"Consumer instance not found."}`)
	})
}
