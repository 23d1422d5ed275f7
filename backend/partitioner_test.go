package backend_test

import (
	"testing"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// kafkaMurmur2Vectors are the cases of testMurmur2 in Apache Kafka's
// clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java.
var kafkaMurmur2Vectors = []struct {
	in   []byte
	want int32
}{
	{[]byte("21"), -973932308},
	{[]byte("foobar"), -790332482},
	{[]byte("a-little-bit-long-string"), -985981536},
	{[]byte("a-little-bit-longer-string"), -1486304829},
	{[]byte("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"), -58897971},
	{[]byte{'a', 'b', 'c'}, 479470107},
}

func TestMurmur2KafkaVectors(t *testing.T) {
	t.Parallel()
	for _, tc := range kafkaMurmur2Vectors {
		if got := backend.Murmur2(tc.in); got != tc.want {
			t.Errorf("Murmur2(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestMurmur2NilIsEmpty(t *testing.T) {
	t.Parallel()
	if a, b := backend.Murmur2(nil), backend.Murmur2([]byte{}); a != b {
		t.Errorf("Murmur2(nil) = %d, Murmur2([]byte{}) = %d", a, b)
	}
}

func TestPartitionForKey(t *testing.T) {
	t.Parallel()
	// Kafka's partition for a key is Utils.toPositive(murmur2(key)) %
	// numPartitions, with toPositive(x) = x & 0x7fffffff (not Math.abs).
	// The wanted values follow from the hash vectors above by that formula.
	tests := []struct {
		key  string
		n    int32
		want int32
	}{
		{"foobar", 1, 0},
		{"foobar", 10, 6},  // toPositive(-790332482) = 1357151166
		{"foobar", 50, 16}, // 1357151166 % 50
		{"21", 50, 40},     // toPositive(-973932308) = 1173551340
		{"21", 3, 0},
		{"a-little-bit-long-string", 10, 2},   // 1161502112
		{"a-little-bit-longer-string", 10, 9}, // 661178819
		{"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", 100, 77}, // 2088585677
		{"abc", 10, 7}, // 479470107 is already positive
	}
	for _, tc := range tests {
		if got := backend.PartitionForKey([]byte(tc.key), tc.n); got != tc.want {
			t.Errorf("PartitionForKey(%q, %d) = %d, want %d", tc.key, tc.n, got, tc.want)
		}
	}
	for _, v := range kafkaMurmur2Vectors {
		for _, n := range []int32{1, 2, 3, 7, 12, 1000, fakelog.MaxPartitions} {
			want := int32(int64(uint32(v.want)&0x7fffffff) % int64(n))
			if got := backend.PartitionForKey(v.in, n); got != want {
				t.Errorf("PartitionForKey(%q, %d) = %d, want %d", v.in, n, got, want)
			}
		}
	}
	for _, n := range []int32{0, -1} {
		if got := backend.PartitionForKey([]byte("k"), n); got != backend.AnyPartition {
			t.Errorf("PartitionForKey(k, %d) = %d, want %d", n, got, backend.AnyPartition)
		}
	}
}
