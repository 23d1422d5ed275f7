package fakelog_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

func TestAlterTopicConfigs(t *testing.T) {
	t.Parallel()
	set := func(k, v string) fakelog.ConfigOp { return fakelog.ConfigOp{Name: k, Value: v} }
	del := func(k string) fakelog.ConfigOp { return fakelog.ConfigOp{Name: k, Delete: true} }
	tests := []struct {
		name         string
		ops          []fakelog.ConfigOp
		validateOnly bool
		wantErr      error
		want         map[string]string
	}{
		{name: "set and delete", ops: []fakelog.ConfigOp{set("retention.ms", "1000"), del("cleanup.policy")}, want: map[string]string{"retention.ms": "1000"}},
		{name: "later op wins", ops: []fakelog.ConfigOp{set("a", "1"), set("a", "2"), del("cleanup.policy")}, want: map[string]string{"a": "2"}},
		{name: "validate only", ops: []fakelog.ConfigOp{set("retention.ms", "1000")}, validateOnly: true, want: map[string]string{"cleanup.policy": "compact"}},
		{name: "bad retention", ops: []fakelog.ConfigOp{set("retention.ms", "1000"), set(fakelog.ConfigRetentionRecords, "x")}, wantErr: fakelog.ErrInvalidConfig, want: map[string]string{"cleanup.policy": "compact"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, _ := newLog(t)
			mustCreate(t, l, "t", 1, map[string]string{"cleanup.policy": "compact"})
			if err := l.AlterTopicConfigs("t", tc.ops, tc.validateOnly); !errors.Is(err, tc.wantErr) {
				t.Fatalf("AlterTopicConfigs = %v, want %v", err, tc.wantErr)
			}
			info, err := l.Topic("t")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, info.Configs); diff != "" {
				t.Errorf("configs (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("unknown topic", func(t *testing.T) {
		t.Parallel()
		l, _ := newLog(t)
		if err := l.AlterTopicConfigs("nope", nil, false); !errors.Is(err, fakelog.ErrUnknownTopic) {
			t.Errorf("AlterTopicConfigs = %v, want ErrUnknownTopic", err)
		}
	})
	t.Run("retention applies", func(t *testing.T) {
		t.Parallel()
		l, _ := newLogWithTopic(t, "t", 1)
		if err := l.AlterTopicConfigs("t", []fakelog.ConfigOp{set(fakelog.ConfigRetentionRecords, "2")}, false); err != nil {
			t.Fatal(err)
		}
		mustAppend(t, l, "t", 0, val("a"), val("b"), val("c"))
		p, err := l.Partition("t", 0)
		if err != nil {
			t.Fatal(err)
		}
		if p.StartOffset != 1 || p.EndOffset != 3 {
			t.Errorf("offsets %d..%d, want 1..3 under a retention of 2 records", p.StartOffset, p.EndOffset)
		}
	})
}
