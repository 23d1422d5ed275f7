package mockproxy

import (
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// TestRecordRun feeds recordRun records whose topics, partitions and
// offsets run on, jump, carry (9 to 10, 999 to 1000) and go back: its
// text is always the record's own.
func TestRecordRun(t *testing.T) {
	type text struct{ Topic, Partition, Offset string }
	var recs []fakelog.Record
	add := func(topic string, part int32, offsets ...int64) {
		for _, o := range offsets {
			recs = append(recs, fakelog.Record{Topic: topic, Partition: part, Offset: o})
		}
	}
	add("a", 0, 0, 1, 2, 8, 9, 10, 11)
	add("a", 1, 12, 13, 98, 99, 100, 101)
	add("b", 1, 999, 1000, 1001, 0, 1, 9_999_999, 10_000_000)
	add("a\"q", 2147483647, 9223372036854775806, 9223372036854775807, 5, 5, 6)
	var run recordRun
	for i := range recs {
		r := &recs[i]
		run.see(r)
		want := text{strconv.Quote(r.Topic), strconv.Itoa(int(r.Partition)), strconv.FormatInt(r.Offset, 10)}
		got := text{string(run.topicJSON), string(run.partition), string(run.offset)}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("record %d %+v (-want +got):\n%s", i, *r, diff)
		}
	}
}
