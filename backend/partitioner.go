package backend

import "encoding/binary"

// Murmur2 returns the 32-bit murmur2 hash of data exactly as Kafka's Java
// client computes it (org.apache.kafka.common.utils.Utils.murmur2): seed
// 0x9747b28c, 4-byte little-endian chunks, the tail bytes folded in, then
// the final mix. A nil slice hashes like an empty one. It is a pure
// function, safe for concurrent use.
func Murmur2(data []byte) int32 {
	const (
		seed = 0x9747b28c
		m    = 0x5bd1e995
		r    = 24
	)
	length := len(data)
	h := uint32(seed) ^ uint32(length)
	n4 := length &^ 3
	for i := 0; i < n4; i += 4 {
		k := binary.LittleEndian.Uint32(data[i:])
		k *= m
		k ^= k >> r
		k *= m
		h *= m
		h ^= k
	}
	switch length & 3 {
	case 3:
		h ^= uint32(data[n4+2]) << 16
		fallthrough
	case 2:
		h ^= uint32(data[n4+1]) << 8
		fallthrough
	case 1:
		h ^= uint32(data[n4])
		h *= m
	}
	h ^= h >> 13
	h *= m
	h ^= h >> 15
	return int32(h)
}

// PartitionForKey returns the partition Kafka's Java producer picks for a
// non-null key: toPositive(murmur2(key)) % numPartitions, where toPositive
// clears the sign bit. It returns [AnyPartition] (-1) when numPartitions is
// not positive. It is a pure function, safe for concurrent use.
func PartitionForKey(key []byte, numPartitions int32) int32 {
	if numPartitions <= 0 {
		return AnyPartition
	}
	return (Murmur2(key) & 0x7fffffff) % numPartitions
}
