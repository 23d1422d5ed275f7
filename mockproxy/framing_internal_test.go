package mockproxy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzFramer feeds arbitrary bytes to the framer whole and split in two:
// it never panics, and the split does not change what it finds.
func FuzzFramer(f *testing.F) {
	f.Add([]byte("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET / HTTP/1.1\r\n\r\n"), 20)
	f.Add([]byte("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\n\r\n"), 7)
	f.Fuzz(func(t *testing.T, b []byte, cut int) {
		var whole, split framer
		var a, c []bool
		whole.feed(b, func(both bool) { a = append(a, both) })
		if cut < 0 {
			cut = -cut
		}
		if len(b) > 0 {
			cut %= len(b) + 1
		} else {
			cut = 0
		}
		split.feed(b[:cut], func(both bool) { c = append(c, both) })
		split.feed(b[cut:], func(both bool) { c = append(c, both) })
		if diff := cmp.Diff(a, c); diff != "" {
			t.Errorf("heads found whole and split at %d differ (-whole +split):\n%s", cut, diff)
		}
	})
}

// TestFramer checks the heads the framer finds in a pipelined stream.
func TestFramer(t *testing.T) {
	stream := "\r\nPOST / HTTP/1.1\r\ncontent-length: 5\r\n\r\nhello" +
		"POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 2\r\n\r\n2\r\nhi\r\n0\r\n\r\n" +
		"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
	var got []bool
	var f framer
	for i := range len(stream) { // one byte at a time
		f.feed([]byte(stream[i:i+1]), func(both bool) { got = append(got, both) })
	}
	if diff := cmp.Diff([]bool{false, true, false}, got); diff != "" {
		t.Errorf("heads (-want +got):\n%s", diff)
	}
}
