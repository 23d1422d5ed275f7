package backend

import "testing"

// TestRecordSizes checks the two sizes against Kafka's arithmetic worked
// by hand: a batch header of 61 bytes, a record upper bound of 21 bytes
// plus its fields, zigzag varint lengths.
func TestRecordSizes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name            string
		key, value      []byte
		headers         []Header
		producer, batch int
	}{
		// null key, null value, no headers: 1+1+1 field bytes.
		{"empty", nil, nil, nil, 61 + 21 + 3, 61 + 1 + 6},
		// "k" (1+1), "v" (1+1), no headers (1).
		{"small", []byte("k"), []byte("v"), nil, 61 + 21 + 5, 61 + 1 + 8},
		// a header "h" = null: count 1, key 1+1, value 1.
		{"header", nil, []byte{}, []Header{{Key: "h"}}, 61 + 21 + 1 + 1 + 1 + 2 + 1, 61 + 1 + 3 + 1 + 1 + 1 + 2 + 1},
		// 64 bytes: the length takes 2 bytes as a zigzag varint.
		{"64", nil, make([]byte, 64), nil, 61 + 21 + 1 + 2 + 64 + 1, 61 + 2 + 3 + 1 + 2 + 64 + 1},
		// 1 MiB - 1: the length's zigzag (2^21 - 2) takes 3 bytes.
		{"1MiB-1", nil, make([]byte, 1<<20-1), nil, 61 + 21 + 1 + 3 + 1<<20 - 1 + 1, 61 + 4 + 3 + 1 + 3 + 1<<20 - 1 + 1},
		// 1 MiB: its zigzag is 2^21, 4 bytes, for the value and the record.
		{"1MiB", nil, make([]byte, 1<<20), nil, 61 + 21 + 1 + 4 + 1<<20 + 1, 61 + 4 + 3 + 1 + 4 + 1<<20 + 1},
	}
	for _, tc := range tests {
		if got := ProducerRecordSize(tc.key, tc.value, tc.headers); got != tc.producer {
			t.Errorf("%s: ProducerRecordSize = %d, want %d", tc.name, got, tc.producer)
		}
		if got := RecordBatchSize(tc.key, tc.value, tc.headers); got != tc.batch {
			t.Errorf("%s: RecordBatchSize = %d, want %d", tc.name, got, tc.batch)
		}
	}
}
