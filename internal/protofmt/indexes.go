package protofmt

import (
	"errors"
	"fmt"
)

// Errors of ReadIndexes.
var (
	// ErrIndexesTruncated is returned when the bytes end inside the array
	// (Java: a BufferUnderflowException).
	ErrIndexesTruncated = errors.New("message indexes: truncated")
	// ErrIndexesCount is returned for a negative count (Java: an
	// IllegalArgumentException from new ArrayList(n)).
	ErrIndexesCount = errors.New("message indexes: negative count")
)

// AppendIndexes appends Confluent's message-index array to b: the count,
// then each index, as Kafka zig-zag varints; [0] (and an empty list) is the
// single byte 0x00.
func AppendIndexes(b []byte, indexes []int) []byte {
	if len(indexes) == 0 || (len(indexes) == 1 && indexes[0] == 0) {
		return append(b, 0)
	}
	b = appendVarint(b, int32(len(indexes)))
	for _, idx := range indexes {
		b = appendVarint(b, int32(idx))
	}
	return b
}

// ReadIndexes reads a message-index array from the start of b and returns
// the indexes and the number of bytes read. A count of 0 reads as [0].
func ReadIndexes(b []byte) (indexes []int, n int, err error) {
	count, n, err := readVarint(b)
	if err != nil {
		return nil, 0, err
	}
	if count == 0 {
		return []int{0}, n, nil
	}
	if count < 0 {
		return nil, 0, ErrIndexesCount
	}
	if int(count) > len(b)-n { // each index takes at least one byte
		return nil, 0, ErrIndexesTruncated
	}
	indexes = make([]int, 0, count)
	for range count {
		v, m, err := readVarint(b[n:])
		if err != nil {
			return nil, 0, err
		}
		indexes = append(indexes, int(v))
		n += m
	}
	return indexes, n, nil
}

func appendVarint(b []byte, v int32) []byte {
	u := uint32(v<<1) ^ uint32(v>>31)
	for u >= 0x80 {
		b = append(b, byte(u)|0x80)
		u >>= 7
	}
	return append(b, byte(u))
}

// readVarint reads a Kafka zig-zag varint of at most five bytes, as
// ByteUtils.readVarint: bits past the 32nd are dropped and a fifth byte
// with its high bit set is an error.
func readVarint(b []byte) (int32, int, error) {
	var u uint32
	for i := 0; i < 5; i++ {
		if i >= len(b) {
			return 0, 0, ErrIndexesTruncated
		}
		c := b[i]
		if i == 4 {
			u |= uint32(c) << 28
			if c >= 0x80 {
				return 0, 0, fmt.Errorf("Varint is too long, the most significant bit in the 5th byte is set, converted value: %x", u)
			}
			return int32(u>>1) ^ -int32(u&1), 5, nil
		}
		u |= uint32(c&0x7f) << (7 * i)
		if c < 0x80 {
			return int32(u>>1) ^ -int32(u&1), i + 1, nil
		}
	}
	panic("unreachable")
}
