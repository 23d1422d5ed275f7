package avrojson

import (
	"slices"
	"unicode/utf16"
)

// utf8Hash is org.apache.avro.util.Utf8.hashCode (Avro 1.12.1): the Java
// array hash of the signed bytes.
func utf8Hash(b []byte) int32 {
	h := int32(1)
	for _, c := range b {
		h = 31*h + int32(int8(c))
	}
	return h
}

// javaStringHash is String.hashCode over UTF-16 code units.
func javaStringHash(s string) int32 {
	var h int32
	for _, r := range s {
		if r >= 0x10000 {
			r1, r2 := utf16.EncodeRune(r)
			h = 31*h + r1
			h = 31*h + r2
			continue
		}
		h = 31*h + r
	}
	return h
}

// hashMapOrder returns the iteration order of a java.util.HashMap built
// with the default capacity into which the keys with these hashes were put
// in order; maxSize is the largest size the map reached (it sets the table
// size). Buckets with 8 or more colliding keys (tree bins) are not
// modelled. order is reused.
func hashMapOrder(hashes []int32, maxSize int, order []int) []int {
	table := 16
	for maxSize > table*3/4 {
		table *= 2
	}
	bucket := func(h int32) int {
		u := uint32(h)
		return int((u ^ u>>16) & uint32(table-1))
	}
	order = order[:0]
	for i := range hashes {
		order = append(order, i)
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return bucket(hashes[a]) - bucket(hashes[b])
	})
	return order
}
