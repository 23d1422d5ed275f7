package kafkabackend_test

import (
	"net/http"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/internal/resttest"
	"github.com/kafkarestmock/kafkarestmock/mockproxy"
)

// The REST suite: REST behaviour that holds on every backend. Each test
// runs once per backend of resttest.Backends.

func TestSuiteV2Topics(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("orders", 3), mockproxy.WithTopic("audit", 1))
		resttest.Want(t, resttest.Do(t, srv, "GET", "/topics", "", "Accept: "+ctV2), http.StatusOK, ctV2, `["audit","orders"]`)
		resttest.Want(t, resttest.Do(t, srv, "GET", "/topics/orders/partitions", "", "Accept: "+ctV2), http.StatusOK, ctV2,
			`[{"partition":0,"leader":1,"replicas":[{"broker":1,"leader":true,"in_sync":true}]},`+
				`{"partition":1,"leader":1,"replicas":[{"broker":1,"leader":true,"in_sync":true}]},`+
				`{"partition":2,"leader":1,"replicas":[{"broker":1,"leader":true,"in_sync":true}]}]`)
		resttest.Want(t, resttest.Do(t, srv, "GET", "/topics/orders/partitions/2", "", "Accept: "+ctV2), http.StatusOK, ctV2,
			`{"partition":2,"leader":1,"replicas":[{"broker":1,"leader":true,"in_sync":true}]}`)
		resttest.Want(t, resttest.Do(t, srv, "GET", "/topics/audit", "", "Accept: "+ctV2), http.StatusOK, ctV2,
			`{"name":"audit","configs":{"cleanup.policy":"delete","compression.type":"producer","delete.retention.ms":"86400000",`+
				`"file.delete.delay.ms":"60000","flush.messages":"9223372036854775807","flush.ms":"9223372036854775807",`+
				`"follower.replication.throttled.replicas":"","index.interval.bytes":"4096","leader.replication.throttled.replicas":"",`+
				`"local.retention.bytes":"-2","local.retention.ms":"-2","max.compaction.lag.ms":"9223372036854775807",`+
				`"max.message.bytes":"1048588","message.timestamp.after.max.ms":"9223372036854775807",`+
				`"message.timestamp.before.max.ms":"9223372036854775807","message.timestamp.type":"CreateTime",`+
				`"min.cleanable.dirty.ratio":"0.5","min.compaction.lag.ms":"0","min.insync.replicas":"1","preallocate":"false",`+
				`"remote.storage.enable":"false","retention.bytes":"-1","retention.ms":"604800000","segment.bytes":"`+bc.SegmentBytes+`",`+
				`"segment.index.bytes":"10485760","segment.jitter.ms":"0","segment.ms":"604800000","unclean.leader.election.enable":"false"},`+
				`"partitions":[{"partition":0,"leader":1,"replicas":[{"broker":1,"leader":true,"in_sync":true}]}]}`)
	})
}

func TestSuiteV2MetadataErrors(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("orders", 3))
		for _, tc := range []struct {
			path, body string
			status     int
		}{
			{"/topics/missing", `{"error_code":40403,"message":"This server does not host this topic-partition."}`, 404},
			{"/topics/missing/partitions", `{"error_code":40403,"message":"This server does not host this topic-partition."}`, 404},
			{"/topics/orders/partitions/3", `{"error_code":40402,"message":"Partition not found."}`, 404},
			{"/topics/orders/partitions/7/offsets", `{"error_code":40402,"message":"Partition not found."}`, 404},
		} {
			resttest.Want(t, resttest.Do(t, srv, "GET", tc.path, "", "Accept: "+ctV2), tc.status, ctV2, tc.body)
		}
	})
}

func TestSuiteV2PartitionOffsets(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("orders", 2))
		resttest.Want(t, resttest.Do(t, srv, "GET", "/topics/orders/partitions/1/offsets", "", "Accept: "+ctV2), http.StatusOK, ctV2,
			`{"beginning_offset":0,"end_offset":0}`)
		resttest.Must(t, srv, 200, "POST", "/topics/orders/partitions/1", `{"records":[{"value":"YQ=="},{"value":"Yg=="},{"value":"Yw=="}]}`, "Content-Type: "+ctV2B)
		resttest.Want(t, resttest.Do(t, srv, "GET", "/topics/orders/partitions/1/offsets", "", "Accept: "+ctV2), http.StatusOK, ctV2,
			`{"beginning_offset":0,"end_offset":3}`)
		resttest.Want(t, resttest.Do(t, srv, "GET", "/topics/orders/partitions/0/offsets", "", "Accept: "+ctV2), http.StatusOK, ctV2,
			`{"beginning_offset":0,"end_offset":0}`)
	})
}

func TestSuiteV2PartitionOffsetsBytes(t *testing.T) {
	t.Parallel()
	resttest.EachBackend(t, func(t *testing.T, bc resttest.Backend) {
		srv := bc.Start(t, mockproxy.WithTopic("orders", 1))
		resttest.Must(t, srv, 200, "POST", "/topics/orders", `{"records":[{"key":"aw==","value":"dmFsdWU="}]}`, "Content-Type: "+ctV2B)
		resttest.Want(t, resttest.Do(t, srv, "GET", "/_mock/topics", ""), http.StatusOK, "application/json",
			`[{"name":"orders","configs":{},"records":1,"partitions":[{"partition":0,"log_start_offset":0,"log_end_offset":1,"records":1,"bytes":6}]}]`)
	})
}
