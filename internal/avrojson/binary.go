package avrojson

import (
	"encoding/binary"
	"fmt"
	"math"
)

// appendLong appends the zig-zag varint of v (Avro int and long).
func appendLong(dst []byte, v int64) []byte {
	u := uint64(v<<1) ^ uint64(v>>63)
	for u >= 0x80 {
		dst = append(dst, byte(u)|0x80)
		u >>= 7
	}
	return append(dst, byte(u))
}

func appendFloat(dst []byte, f float32) []byte {
	return binary.LittleEndian.AppendUint32(dst, math.Float32bits(f))
}

func appendDouble(dst []byte, f float64) []byte {
	return binary.LittleEndian.AppendUint64(dst, math.Float64bits(f))
}

// reader reads Avro binary. Every length is checked against what is left,
// so hostile input cannot make it allocate more than it holds.
type reader struct {
	b   []byte
	pos int
}

func (r *reader) errorf(format string, args ...any) error {
	return &Error{Msg: fmt.Sprintf("invalid Avro binary at byte %d: ", r.pos) + fmt.Sprintf(format, args...)}
}

// long reads a zig-zag varint of at most 10 bytes.
func (r *reader) long() (int64, error) {
	// The position is kept in a local: the loop does not go through r.
	b, pos := r.b, r.pos
	if pos < len(b) && b[pos] < 0x80 { // one byte: -64 to 63
		r.pos = pos + 1
		u := uint64(b[pos])
		return int64(u>>1) ^ -int64(u&1), nil
	}
	var u uint64
	for shift := uint(0); shift < 70; shift += 7 {
		if pos >= len(b) {
			r.pos = pos
			return 0, r.errorf("unexpected end of data")
		}
		c := b[pos]
		pos++
		u |= uint64(c&0x7f) << shift
		if c < 0x80 {
			r.pos = pos
			return int64(u>>1) ^ -int64(u&1), nil
		}
	}
	r.pos = pos
	return 0, r.errorf("varint longer than 10 bytes")
}

// int reads a zig-zag varint that must fit 32 bits (Java: "Invalid int
// encoding").
func (r *reader) int() (int32, error) {
	start := r.pos
	v, err := r.long()
	if err != nil {
		return 0, err
	}
	if r.pos-start > 5 || v != int64(int32(v)) {
		r.pos = start
		return 0, r.errorf("invalid int encoding")
	}
	return int32(v), nil
}

func (r *reader) next(n int) ([]byte, error) {
	if n < 0 || n > len(r.b)-r.pos {
		return nil, r.errorf("length %d exceeds the %d bytes left", n, len(r.b)-r.pos)
	}
	b := r.b[r.pos : r.pos+n]
	r.pos += n
	return b, nil
}

// bytes reads a length-prefixed byte string (bytes, string).
func (r *reader) bytes() ([]byte, error) {
	n, err := r.long()
	if err != nil {
		return nil, err
	}
	if n < 0 || n > int64(len(r.b)-r.pos) {
		return nil, r.errorf("length %d exceeds the %d bytes left", n, len(r.b)-r.pos)
	}
	return r.next(int(n))
}

// blockCount reads an array or map block header; a negative count is
// followed by the block's byte size, which is skipped.
func (r *reader) blockCount() (int64, error) {
	n, err := r.long()
	if err != nil {
		return 0, err
	}
	if n < 0 {
		if n == math.MinInt64 {
			return 0, r.errorf("invalid block count")
		}
		n = -n
		if _, err := r.long(); err != nil {
			return 0, err
		}
	}
	return n, nil
}
