package mockproxy

import (
	"fmt"
	"strings"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// T is the part of testing.TB the Check helpers use.
type T interface {
	Helper()
	Errorf(format string, args ...any)
}

// CheckOption relaxes what CheckRecords compares.
type CheckOption interface{ cmpOption() cmp.Option }

type checkOption struct{ o cmp.Option }

func (c checkOption) cmpOption() cmp.Option { return c.o }

// IgnoreOffsets makes CheckRecords ignore record offsets.
func IgnoreOffsets() CheckOption {
	return checkOption{cmpopts.IgnoreFields(fakelog.Record{}, "Offset")}
}

// IgnoreTimestamps makes CheckRecords ignore record timestamps.
func IgnoreTimestamps() CheckOption {
	return checkOption{cmpopts.IgnoreFields(fakelog.Record{}, "Timestamp")}
}

// IgnorePartitions makes CheckRecords ignore which partition each record
// is in (records are then compared in the order of Records: by partition,
// then offset).
func IgnorePartitions() CheckOption {
	return checkOption{cmpopts.IgnoreFields(fakelog.Record{}, "Partition")}
}

// CheckRecords reports through t.Errorf, as a go-cmp diff (-want +got)
// naming the topic and partitions, when topic does not hold exactly want.
// Topic fields left empty in want are taken as topic; nil and empty
// payloads are told apart (Kafka's null is nil). It does not wait; see
// WaitRecords.
func CheckRecords(t T, srv *Server, topic string, want []fakelog.Record, opts ...CheckOption) {
	t.Helper()
	got, err := srv.Records(topic)
	if err != nil {
		t.Errorf("mockproxy.CheckRecords: topic %s: %v", topic, err)
		return
	}
	w := make([]fakelog.Record, len(want))
	for i, r := range want {
		if r.Topic == "" {
			r.Topic = topic
		}
		w[i] = r
	}
	cmpOpts := []cmp.Option{cmp.Comparer(func(a, b []byte) bool {
		return (a == nil) == (b == nil) && string(a) == string(b)
	})}
	for _, o := range opts {
		cmpOpts = append(cmpOpts, o.cmpOption())
	}
	if diff := cmp.Diff(w, got, cmpOpts...); diff != "" {
		t.Errorf("topic %s (%s) records mismatch (-want +got):\n%s", topic, partitionsOf(got), diff)
	}
}

// partitionsOf names the partitions records are in, for messages.
func partitionsOf(recs []fakelog.Record) string {
	var parts []string
	seen := map[int32]int{}
	var order []int32
	for _, r := range recs {
		if _, ok := seen[r.Partition]; !ok {
			order = append(order, r.Partition)
		}
		seen[r.Partition]++
	}
	for _, p := range order {
		parts = append(parts, fmt.Sprintf("partition %d: %d records", p, seen[p]))
	}
	if len(parts) == 0 {
		return "no records"
	}
	return strings.Join(parts, ", ")
}

// CheckRequests reports through t.Errorf, as a go-cmp diff (-want +got),
// when the requests in the journal differ from want. Each request is
// summarised as "METHOD /path STATUS", with " error_code=N" added for
// errors and " fault=ID" when a rule fired, e.g.
// "POST /topics/orders 200 fault=1".
func CheckRequests(t T, srv *Server, want ...string) {
	t.Helper()
	var got []string
	for _, e := range srv.Requests() {
		got = append(got, e.Summary())
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("requests mismatch (-want +got):\n%s", diff)
	}
}

// Summary is the one-line form of a journal entry CheckRequests compares.
func (e JournalEntry) Summary() string {
	s := fmt.Sprintf("%s %s %d", e.Method, e.Path, e.Status)
	if e.ErrorCode != 0 {
		s += fmt.Sprintf(" error_code=%d", e.ErrorCode)
	}
	if e.Fault != "" {
		s += " fault=" + e.Fault
	}
	return s
}
